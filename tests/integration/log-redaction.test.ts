// Failed queries never put what they carried (a client's name, the text of a message) into the logs:
// database errors are logged by type, code and model only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../core/shared/logger.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-db.ts';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.drop();
});

/** The log lines written while `act` logs, as text. */
async function logged(act: (log: ReturnType<typeof createLogger>) => Promise<void>): Promise<string> {
  const lines: string[] = [];
  const log = createLogger('info', { write: (line: string) => void lines.push(line) });
  await act(log);
  return lines.join('');
}

const SECRET = 'أبو فهد السري 0551234567';

describe('database errors in the logs', () => {
  it('a value PostgreSQL refuses is logged by its codes, without the value', async () => {
    const out = await logged(async (log) => {
      const error = await t.db.$queryRaw`SELECT ${SECRET}::int`.catch((e: unknown) => e);
      log.error({ err: error }, 'turn failed');
    });
    expect(out).toContain('"sqlState":"22P02"');
    expect(out).toContain('PrismaClientKnownRequestError');
    expect(out).not.toContain('السري');
    expect(out).not.toContain('0551234567');
  });

  it('a query Prisma refuses is logged by its type and model, without the arguments', async () => {
    const out = await logged(async (log) => {
      const error = await t.db.customer
        .create({ data: { name: SECRET, organizationId: 'not a uuid' } })
        .catch((e: unknown) => e);
      log.error({ err: error }, 'turn failed');
    });
    expect(out).toMatch(/PrismaClient\w+Error/);
    expect(out).not.toContain('السري');
    expect(out).not.toContain('0551234567');
  });

  it('other errors keep their message and stack', async () => {
    const out = await logged(async (log) => {
      log.warn({ err: new Error('redis unavailable') }, 'queue down');
    });
    expect(out).toContain('redis unavailable');
    expect(out).toContain('"stack"');
  });
});
