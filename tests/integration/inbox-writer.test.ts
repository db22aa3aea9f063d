// The inbox's grouped writes (bot/engine/inbox-writer.ts) on the real PostgreSQL: webhooks that arrive
// together are stored in one statement, in their order of arrival, each told its own id; a repeat (in
// the same group or later) is told it is one; a message that can never be stored fails alone.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInboxWriter, writeInboxRows } from '../../bot/engine/inbox-writer.ts';
import type { InboundMessage } from '../../bot/types.ts';
import { isUnstorable } from '../../core/shared/errors.ts';
import { DEMO_ORG_SLUG, seedDemo } from '../../prisma/seed.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-db.ts';

let database: TestDatabase;
let organizationId: string;
let accountId: string;

beforeAll(async () => {
  database = await createTestDatabase();
  await seedDemo(database.db, { password: 'demo-password' });
  organizationId = (await database.db.organization.findUniqueOrThrow({ where: { slug: DEMO_ORG_SLUG } })).id;
  accountId = (
    await database.db.channelAccount.create({
      data: { organizationId, kind: 'memory', externalId: `writer-${randomBytes(4).toString('hex')}` },
    })
  ).id;
});
afterAll(async () => database?.drop());

const message = (externalId: string, chatId = '+966557770001'): InboundMessage => ({
  channelAccountId: accountId,
  externalId,
  chatId,
  sender: { externalId: chatId, phone: chatId },
  kind: 'text',
  text: `message ${externalId}`,
});

/** Counts the statements the writer sends, by wrapping the real write. */
function countingWriter() {
  const groups: number[] = [];
  const writer = createInboxWriter(database.db, async (db, rows) => {
    groups.push(rows.length);
    return writeInboxRows(db, rows);
  });
  return { writer, groups };
}

describe('the inbox writer', () => {
  it('stores webhooks that arrive together in one statement, in their order, each with its own id', async () => {
    const { writer, groups } = countingWriter();
    const ids = Array.from({ length: 40 }, (_, i) => `together-${i}`);
    const stored = await Promise.all(ids.map((id) => writer.write({ organizationId, message: message(id) })));

    expect(groups).toEqual([40]);
    expect(stored.every((s) => !s.duplicate)).toBe(true);
    expect(new Set(stored.map((s) => s.id)).size).toBe(40);
    const rows = await database.db.inboundMessage.findMany({
      where: { externalId: { in: ids } },
      orderBy: { seq: 'asc' },
      select: { id: true, externalId: true },
    });
    expect(rows.map((r) => r.externalId)).toEqual(ids);
    expect(rows.map((r) => r.id)).toEqual(stored.map((s) => s.id));
  });

  it('groups what arrives while a write is in flight into the next statement', async () => {
    const { writer, groups } = countingWriter();
    const first = writer.write({ organizationId, message: message('flight-0') });
    await Promise.resolve(); // the first group has left
    await new Promise<void>((resolve) => queueMicrotask(resolve));
    const rest = Array.from({ length: 10 }, (_, i) =>
      writer.write({ organizationId, message: message(`flight-${i + 1}`) }),
    );
    await Promise.all([first, ...rest]);
    expect(groups).toEqual([1, 10]);
  });

  it('tells a repeat in the same group and a later redelivery that they are repeats, with the stored id', async () => {
    const { writer } = countingWriter();
    const [a, again] = await Promise.all([
      writer.write({ organizationId, message: message('repeat-1') }),
      writer.write({ organizationId, message: message('repeat-1') }),
    ]);
    expect(a).toMatchObject({ duplicate: false });
    expect(again).toEqual({ id: a!.id, duplicate: true });
    const later = await writer.write({ organizationId, message: message('repeat-1') });
    expect(later).toEqual({ id: a!.id, duplicate: true });
    expect(await database.db.inboundMessage.count({ where: { externalId: 'repeat-1' } })).toBe(1);
  });

  it('fails only the message that can never be stored and stores the others of its group', async () => {
    const { writer } = countingWriter();
    const results = await Promise.allSettled([
      writer.write({ organizationId, message: message('bad-neighbour-1') }),
      // not a uuid: PostgreSQL refuses the value (SQLSTATE 22P02)
      writer.write({ organizationId: 'not-an-office', message: message('bad-neighbour-2') }),
      writer.write({ organizationId, message: message('bad-neighbour-3') }),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(isUnstorable((results[1] as PromiseRejectedResult).reason)).toBe(true);
    const stored = await database.db.inboundMessage.findMany({
      where: { externalId: { startsWith: 'bad-neighbour-' } },
      orderBy: { seq: 'asc' },
      select: { externalId: true },
    });
    expect(stored.map((r) => r.externalId)).toEqual(['bad-neighbour-1', 'bad-neighbour-3']);
  });
});
