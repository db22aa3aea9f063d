// sql() (core/db/client.ts): the engine's hot statements straight on the pool, without Prisma. What
// callers rely on: values travel as parameters, rows come with the types the doc comment promises, and
// inside a transaction the statement is the transaction's.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../core/db/client.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-db.ts';

let t: TestDatabase;
let organizationId: string;

beforeAll(async () => {
  t = await createTestDatabase();
  organizationId = (await t.db.organization.create({ data: { name: 'sql', slug: 'sql-office' } })).id;
});
afterAll(async () => {
  await t?.drop();
});

describe('sql() on the pool', () => {
  it('sends values as parameters, never as text of the statement', async () => {
    const hostile = "x'); DROP TABLE organizations; --";
    const rows = await sql(t.db)<{ echoed: string; n: number }>`SELECT ${hostile}::text AS echoed, ${41}::int + 1 AS n`;
    expect(rows).toEqual([{ echoed: hostile, n: 42 }]);
    expect(await t.db.organization.count()).toBe(1);
  });

  it('gives a bigint as a string, jsonb parsed and a timestamptz as a Date', async () => {
    const at = new Date('2026-12-03T09:15:00.123Z');
    const [row] = await sql(t.db)<{ big: string; doc: unknown; at: Date }>`
      SELECT 9007199254740993::bigint AS big, ${JSON.stringify({ a: [1, 'ب'] })}::jsonb AS doc,
        ${at}::timestamptz AS at`;
    expect(row?.big).toBe('9007199254740993');
    expect(row?.doc).toEqual({ a: [1, 'ب'] });
    expect(row?.at).toBeInstanceOf(Date);
    expect(row?.at.toISOString()).toBe(at.toISOString());
  });

  it('runs inside a transaction on the transaction, seeing what it wrote before commit', async () => {
    const seen = await t.db.$transaction(async (tx) => {
      await tx.organization.update({ where: { id: organizationId }, data: { name: 'renamed in tx' } });
      const [row] = await sql(tx)<{ name: string }>`SELECT name FROM organizations WHERE id = ${organizationId}::uuid`;
      const [outside] = await sql(t.db)<{ name: string }>`
        SELECT name FROM organizations WHERE id = ${organizationId}::uuid`;
      return { inside: row?.name, outside: outside?.name };
    });
    expect(seen).toEqual({ inside: 'renamed in tx', outside: 'sql' });
  });
});
