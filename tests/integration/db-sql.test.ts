// sql() (core/db/client.ts): the engine's hot statements straight on the pool, without Prisma. What
// callers rely on: values travel as parameters, rows come with the types the doc comment promises, and
// inside a transaction the statement is the transaction's.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createDb, sql, transaction } from '../../core/db/client.ts';
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

  it('runs inside a $transaction through Prisma, on the transaction, seeing what it wrote before commit', async () => {
    const seen = await t.db.$transaction(async (tx) => {
      await tx.organization.update({ where: { id: organizationId }, data: { name: 'renamed in tx' } });
      const [row] = await sql(tx)<{ name: string }>`SELECT name FROM organizations WHERE id = ${organizationId}::uuid`;
      const [outside] = await sql(t.db)<{ name: string }>`
        SELECT name FROM organizations WHERE id = ${organizationId}::uuid`;
      return { inside: row?.name, outside: outside?.name };
    });
    expect(seen).toEqual({ inside: 'renamed in tx', outside: 'sql' });
  });

  it('runs inside transaction() on its connection: it sees the transaction, and a rollback undoes it', async () => {
    const seen = await transaction(t.db, async (tx) => {
      await tx.organization.update({ where: { id: organizationId }, data: { name: 'renamed by prisma' } });
      const [inside] = await sql(tx)<{ name: string; pid: number }>`
        SELECT name, pg_backend_pid() AS pid /* in-transaction probe */ FROM organizations
        WHERE id = ${organizationId}::uuid`;
      const [prismaPid] = await tx.$queryRaw<Array<{ pid: number }>>`SELECT pg_backend_pid() AS pid`;
      // pg ran it, not Prisma's fallback: the connection holds that very text as a named prepared statement
      const [prepared] = await tx.$queryRaw<Array<{ n: number }>>`
        SELECT count(*)::int AS n FROM pg_prepared_statements
        WHERE name LIKE 'nova_%' AND statement LIKE '%in-transaction probe%'`;
      return { name: inside?.name, sameConnection: inside?.pid === prismaPid?.pid, prepared: (prepared?.n ?? 0) > 0 };
    });
    expect(seen).toEqual({ name: 'renamed by prisma', sameConnection: true, prepared: true });
    await expect(
      transaction(t.db, async (tx) => {
        await sql(tx)`UPDATE organizations SET name = ${'written by sql'} WHERE id = ${organizationId}::uuid`;
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    const [after] = await sql(t.db)<{
      name: string;
    }>`SELECT name FROM organizations WHERE id = ${organizationId}::uuid`;
    expect(after?.name).toBe('renamed by prisma');
  });

  it('keeps two concurrent transaction() calls on their own connections', async () => {
    const pids = await Promise.all(
      [1, 2].map(() =>
        transaction(t.db, async (tx) => {
          const [row] = await sql(tx)<{ pid: number }>`SELECT pg_backend_pid() AS pid`;
          await new Promise((r) => setTimeout(r, 50));
          const [prisma] = await tx.$queryRaw<Array<{ pid: number }>>`SELECT pg_backend_pid() AS pid`;
          return { ours: row?.pid, prisma: prisma?.pid };
        }),
      ),
    );
    expect(pids[0]?.ours).toBe(pids[0]?.prisma);
    expect(pids[1]?.ours).toBe(pids[1]?.prisma);
    expect(pids[0]?.ours).not.toBe(pids[1]?.ours);
  });

  it('refuses a statement on a transaction() client after its end, instead of running it on a reused connection', async () => {
    let leaked: Parameters<Parameters<typeof transaction>[1]>[0] | undefined;
    await transaction(t.db, async (tx) => {
      leaked = tx;
    });
    await expect(sql(leaked!)`SELECT 1 AS one`).rejects.toThrow();
  });
});

describe('transaction() begun on pg, Prisma brought in only when used', () => {
  it('sends only BEGIN, the statements and COMMIT for a transaction of sql() statements (no Prisma transaction)', async () => {
    let sent = 0;
    const db = createDb(t.url, { max: 2, onQuery: () => sent++ });
    try {
      await sql(db)`SELECT 1 AS warm`;
      sent = 0;
      const prismaTransactions = vi.spyOn(db, '$transaction');
      const got = await transaction(db, async (tx) => {
        const [row] = await sql(tx)<{ n: number }>`SELECT ${2}::int AS n`;
        return row?.n;
      });
      expect(got).toBe(2);
      expect(sent).toBe(3);
      expect(prismaTransactions).not.toHaveBeenCalled();
    } finally {
      await db.$disconnect();
    }
  });

  it('rolls back what Prisma and sql() wrote when fn throws after both', async () => {
    await expect(
      transaction(t.db, async (tx) => {
        await tx.organization.update({ where: { id: organizationId }, data: { name: 'prisma, rolled back' } });
        await sql(tx)`UPDATE organizations SET settings = ${JSON.stringify({ rolled: true })}::jsonb
          WHERE id = ${organizationId}::uuid`;
        throw new Error('undo both');
      }),
    ).rejects.toThrow('undo both');
    const org = await t.db.organization.findUniqueOrThrow({ where: { id: organizationId } });
    expect(org.name).not.toBe('prisma, rolled back');
    expect(org.settings).not.toEqual({ rolled: true });
  });

  it('rejects on a failed Prisma statement, rolls back, and leaves the connection usable', async () => {
    const db = createDb(t.url, { max: 1 });
    try {
      await expect(
        transaction(db, async (tx) => {
          await sql(tx)`UPDATE organizations SET name = ${'before the failure'} WHERE id = ${organizationId}::uuid`;
          await tx.organization.create({ data: { name: 'dup', slug: 'sql-office' } });
        }),
      ).rejects.toThrow();
      const [row] = await sql(db)<{ name: string; open: boolean }>`
        SELECT name, pg_current_xact_id_if_assigned() IS NULL AS open FROM organizations WHERE id = ${organizationId}::uuid`;
      expect(row?.name).not.toBe('before the failure');
      // the one connection is out of the failed transaction: this SELECT's own has written nothing
      expect(row?.open).toBe(true);
    } finally {
      await db.$disconnect();
    }
  });

  it('expires after its timeout: rolled back, later statements refused, the call rejected', async () => {
    let refused: unknown;
    await expect(
      transaction(
        t.db,
        async (tx) => {
          await sql(
            tx,
          )`UPDATE organizations SET name = ${'written before the timeout'} WHERE id = ${organizationId}::uuid`;
          await new Promise((r) => setTimeout(r, 250));
          refused = await tx.organization.count().catch((error: Error) => error);
        },
        { timeout: 100 },
      ),
    ).rejects.toThrow(/timeout of 100 ms/);
    expect(refused).toBeInstanceOf(Error);
    const org = await t.db.organization.findUniqueOrThrow({ where: { id: organizationId } });
    expect(org.name).not.toBe('written before the timeout');
  });

  it('hands its connection back at the timeout even if fn never ends', async () => {
    const db = createDb(t.url, { max: 1 });
    try {
      const stuck = transaction(db, () => new Promise<never>(() => {}), { timeout: 100 });
      stuck.catch(() => undefined);
      const next = await transaction(db, async (tx) => (await sql(tx)<{ n: number }>`SELECT 4 AS n`)[0]?.n, {
        maxWait: 2_000,
      });
      expect(next).toBe(4);
    } finally {
      await db.$disconnect();
    }
  });

  it('gives up waiting for a connection after maxWait', async () => {
    const db = createDb(t.url, { max: 1 });
    try {
      let release = () => {};
      const holding = transaction(db, () => new Promise<void>((r) => (release = r)), { timeout: 5_000 });
      await new Promise((r) => setTimeout(r, 50));
      await expect(transaction(db, async () => 1, { maxWait: 100 })).rejects.toThrow(/no connection within 100 ms/);
      release();
      await holding;
      expect(await transaction(db, async (tx) => (await sql(tx)<{ n: number }>`SELECT 3 AS n`)[0]?.n)).toBe(3);
    } finally {
      await db.$disconnect();
    }
  });
});

describe('the pool under createDb()', () => {
  it('survives its idle connections being ended by the server, and ends when a client used only through sql() disconnects', async () => {
    const db = createDb(t.url, { max: 2 });
    const [{ pid }] = (await sql(db)<{ pid: number }>`SELECT pg_backend_pid() AS pid`) as [{ pid: number }];
    // An administrator (or a restart) ends the idle connection: the pool drops it, the process goes on.
    await t.db.$queryRawUnsafe('SELECT pg_terminate_backend($1)', pid);
    await new Promise((r) => setTimeout(r, 200));
    const [again] = await sql(db)<{ pid: number }>`SELECT pg_backend_pid() AS pid`;
    expect(again?.pid).not.toBe(pid);
    // Prisma never connected this client: $disconnect() still ends its pool.
    await db.$disconnect();
    // The server's backend leaves pg_stat_activity a moment after the socket closes; the pool's own idle
    // timeout (pg's default, 10 s) is far beyond this wait, so only an ended pool lets the count reach 0.
    let left = 1;
    for (let tries = 0; tries < 30 && left > 0; tries++) {
      if (tries > 0) await new Promise((r) => setTimeout(r, 100));
      const [row] = await sql(t.db)<{ n: number }>`
        SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()
          AND application_name = 'nova' AND pid = ${again?.pid}`;
      left = row?.n ?? 0;
    }
    expect(left).toBe(0);
  });
});
