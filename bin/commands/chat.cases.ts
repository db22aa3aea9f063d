// nova chat --cases FILE.jsonl: many conversation cases in one process (../shared/conversations/FORMAT.md).
// Before each case the database is brought back to exactly what `nova migrate` + `nova seed --demo`
// make (every table emptied, identities restarted, the demo data loaded again); the case's message and
// clock lines are played like --script; then each of its database checks is answered as `psql -A -t`
// would print it. Stale jobs of an earlier case find nothing: their rows are gone.
import { readFile } from 'node:fs/promises';
import pg from 'pg';
import { createMemoryChannel } from '../../bot/channels/memory/memory.channel.ts';
import type { Db } from '../../core/db/client.ts';
import { migrate } from '../../core/db/migrator.ts';
import { config } from '../runtime.ts';
import { assertScratchDatabase, playLine, type ScenarioLine, scenarioLine, scenarioRuntime } from './chat.ts';
import { DEMO_ORG_SLUG, seedDemo } from './seed.ts';

interface Case {
  id: string;
  lines: ScenarioLine[];
  sqls: string[];
}

/** The cases of the file, in order; a line that fits nothing is reported and skipped. */
export function readCases(text: string, report: (o: unknown) => void): Case[] {
  const cases: Case[] = [];
  text.split('\n').forEach((raw, index) => {
    if (!raw.trim()) return;
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      report({ line: index + 1, error: 'not JSON' });
      return;
    }
    const o = json as { case?: unknown; expect?: unknown; sql?: unknown };
    if (typeof o.case === 'string') {
      cases.push({ id: o.case, lines: [], sqls: [] });
      return;
    }
    const current = cases.at(-1);
    if (!current) {
      report({ line: index + 1, error: 'a line before the first {"case"}' });
      return;
    }
    if (o.expect === 'db' && typeof o.sql === 'string') {
      current.sqls.push(o.sql);
      return;
    }
    const line = scenarioLine(json);
    if (line) current.lines.push(line);
    else report({ line: index + 1, error: 'expected {"at","from","text","name"?}, {"at"} or {"expect":"db","sql"}' });
  });
  return cases;
}

/**
 * The state a fresh `nova seed --demo` leaves, taken once: every table emptied (identities restarted),
 * the demo data seeded, and each table's rows kept as JSON. Restoring it is one DELETE and one
 * INSERT … json_populate_recordset per table and the sequences set back, far quicker than seeding
 * (password hashing) each time. DELETE, not TRUNCATE: a case leaves a few rows, and TRUNCATE of 58
 * tables makes new files for every table and index (350 ms a case here, against 50 ms).
 */
async function demoSnapshot(db: Db, password: string) {
  const tables = (
    await db.$queryRaw<Array<{ name: string }>>`
      SELECT quote_ident(tablename) AS name FROM pg_tables
      WHERE schemaname = 'public' AND tablename <> '_prisma_migrations' ORDER BY tablename`
  ).map((t) => t.name);
  await db.$executeRawUnsafe(`TRUNCATE ${tables.join(', ')} RESTART IDENTITY CASCADE`);
  await seedDemo(db, { password });
  const rows = new Map<string, string>();
  for (const table of tables) {
    const [row] = await db.$queryRawUnsafe<Array<{ json: string | null }>>(
      `SELECT json_agg(t)::text AS json FROM ${table} t`,
    );
    if (row?.json) rows.set(table, row.json);
  }
  // Sequences (identities, counters) as the seed left them.
  const sequences = await db.$queryRaw<Array<{ name: string; value: bigint; called: boolean }>>`
    SELECT quote_ident(sequencename) AS name, COALESCE(last_value, 1) AS value, last_value IS NOT NULL AS called
    FROM pg_sequences WHERE schemaname = 'public'`;
  return {
    async restore() {
      await db.$transaction(
        async (tx) => {
          // Replica role: foreign-key triggers are off, so tables are emptied and filled in any order.
          await tx.$executeRawUnsafe("SET LOCAL session_replication_role = 'replica'");
          for (const table of tables) await tx.$executeRawUnsafe(`DELETE FROM ${table}`);
          for (const [table, json] of rows) {
            await tx.$executeRawUnsafe(
              `INSERT INTO ${table} SELECT * FROM json_populate_recordset(NULL::${table}, $1::json)`,
              json,
            );
          }
          for (const s of sequences) {
            await tx.$executeRawUnsafe(`SELECT setval('${s.name}', ${s.value}, ${s.called})`);
          }
          // Prisma's default of 5 s is too short on a busy 2-core machine (the whole suite in parallel):
          // a reset that times out fails every case after it.
        },
        { timeout: 60_000, maxWait: 30_000 },
      );
    },
  };
}

/** psql -A -t's text: fields joined by |, rows by newlines, NULL as empty, PostgreSQL's text of each value. */
async function answer(client: pg.Client, sql: string): Promise<string> {
  const result = await client.query({ text: sql, rowMode: 'array', types: { getTypeParser: () => (v: string) => v } });
  const last = Array.isArray(result) ? result.at(-1) : result;
  return ((last?.rows ?? []) as Array<Array<string | null>>).map((row) => row.map((v) => v ?? '').join('|')).join('\n');
}

export async function runCases(file: string): Promise<never> {
  const cfg = config();
  assertScratchDatabase(cfg.DATABASE_URL, '--cases');
  const write = (o: unknown) => process.stdout.write(`${JSON.stringify(o)}\n`);
  const cases = readCases(await readFile(file, 'utf8'), write);
  await migrate(cfg.DATABASE_URL);
  const scenario = scenarioRuntime(cfg, 'cases');
  const { runtime, clock } = scenario;
  const sql = new pg.Client({ connectionString: cfg.DATABASE_URL });
  await sql.connect();
  const password = cfg.DEMO_PASSWORD ?? 'demo-password';
  try {
    await runtime.startWorkers();
    const demo = await demoSnapshot(runtime.db, password);
    for (const c of cases) {
      await demo.restore();
      const org = await runtime.db.organization.findUniqueOrThrow({ where: { slug: DEMO_ORG_SLUG } });
      const account = await runtime.db.channelAccount.create({
        data: { organizationId: org.id, kind: 'memory', externalId: 'scenario', displayName: 'scenario runner' },
      });
      if (c.lines[0]) clock.set(c.lines[0].at);
      write({ case: c.id });
      const chat = createMemoryChannel(runtime, account.id);
      for (const line of c.lines) await playLine(line, { chat, clock, write });
      for (const query of c.sqls) {
        try {
          write({ case: c.id, sql: query, out: await answer(sql, query) });
        } catch (error) {
          write({ case: c.id, sql: query, error: error instanceof Error ? error.message : String(error) });
        }
      }
    }
  } finally {
    await sql.end().catch(() => undefined);
    await scenario.close();
  }
  process.exit(0);
}
