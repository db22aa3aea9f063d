// The morning digest benchmark (`npm run bench:digest`): 500 offices × 10 members, every member with a
// chat, 30 customers (about a sixth of them gone quiet), viewings today and on other days, tasks late, due
// today, later and done, follow-ups, smart matches new and old; then every digest of the morning is
// computed and written (issue 16: < 60 s on 2 cores). What is timed is exactly what the workers run
// (bot/jobs/digest.job.ts): the tick, one office job per office, one member job per member (his day in
// one statement, the message, the outbound row with its key, the quiet leads marked), over a pool of
// database connections with BENCH_CONCURRENCY jobs at a time. Sends are not made: the jobs those rows
// would queue are collected and dropped. A second tick afterwards must find nothing left to do.
//
//   npm run bench:digest
//   BENCH_OFFICES=50 npm run bench:digest          (a quick check)
//
// Environment: BENCH_OFFICES (500), BENCH_MEMBERS (per office, 10), BENCH_CUSTOMERS (per member, 30),
// BENCH_CONCURRENCY (member jobs at a time, 8), BENCH_PG (server URL without a database), BENCH_KEEP=1
// (keep the database and print its URL). The database is its own: nova_bench_digest_<id>_scratch,
// created, migrated (core/db/migrator.ts), filled in SQL (INSERT … SELECT generate_series) and dropped.
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { createDigestRunner } from '../../bot/jobs/digest.job.ts';
import { createDb } from '../../core/db/client.ts';
import { migrate } from '../../core/db/migrator.ts';
import type { JobMap, JobName, JobQueue } from '../../core/jobs/job-map.ts';
import { ManualClock } from '../../core/shared/clock.ts';
import { silentLogger } from '../../core/shared/logger.ts';

const OFFICES = Number(process.env.BENCH_OFFICES ?? 500);
const MEMBERS = Number(process.env.BENCH_MEMBERS ?? 10);
const CUSTOMERS = Number(process.env.BENCH_CUSTOMERS ?? 30);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const KEEP = process.env.BENCH_KEEP === '1';
const PG_BASE = process.env.BENCH_PG ?? 'postgresql://postgres@127.0.0.1:5432';
const DB_NAME = `nova_bench_digest_${randomBytes(4).toString('hex')}_scratch`;
const DATABASE_URL = `${PG_BASE}/${DB_NAME}`;
/** Sunday 13 December 2026, 08:00 in Riyadh: every office's digest hour. */
const NOW = '2026-12-13T08:00:00+03:00';
const TARGET_S = 60;

const log = (...args: unknown[]) => console.log('[bench:digest]', ...args);

/**
 * The generated market, in SQL: $1 is the morning's instant, $2 the offices, $3 the members per office,
 * $4 the customers per member.
 */
const SEED: Array<[label: string, sql: string]> = [
  [
    'offices',
    `INSERT INTO organizations (name, slug, time_zone, settings)
     SELECT 'مكتب ' || g, 'bench-office-' || g, 'Asia/Riyadh', '{}'::jsonb FROM generate_series(1, $2::int) g`,
  ],
  [
    'members',
    `INSERT INTO users (organization_id, phone, name, role, status, language)
     SELECT o.id, '+9665' || lpad((o.n * 100 + u)::text, 8, '0'),
       (ARRAY['سعد','ليلى','فهد','نورة','خالد','ريم','عبدالله','هند','ماجد','سارة'])[1 + (u - 1) % 10] || ' ' || o.n,
       (CASE WHEN u = 1 THEN 'owner' WHEN u = 2 THEN 'manager' ELSE 'broker' END)::user_role, 'active',
       CASE WHEN u % 10 = 7 THEN 'en' ELSE 'ar' END
     FROM (SELECT id, row_number() OVER (ORDER BY slug) AS n FROM organizations) o, generate_series(1, $3::int) u`,
  ],
  [
    'channels and chats',
    `WITH a AS (
       INSERT INTO channel_accounts (organization_id, kind, external_id, display_name)
       SELECT id, 'memory', 'bench-' || slug, name FROM organizations RETURNING id, organization_id)
     INSERT INTO contacts (organization_id, channel_account_id, external_id, phone, language, role, user_id, last_inbound_at)
     SELECT u.organization_id, a.id, u.phone, u.phone, u.language, 'broker', u.id, $1::timestamptz - interval '14 hours'
     FROM users u JOIN a ON a.organization_id = u.organization_id`,
  ],
  [
    'customers',
    `INSERT INTO customers (organization_id, assigned_to_id, created_by_id, name, phone, status, created_at, last_contact)
     SELECT u.organization_id, u.id, u.id, 'عميل ' || c || ' ' || right(u.phone, 6), '+9667' || lpad((row_number() OVER ())::text, 8, '0'),
       (ARRAY['new','contacted','interested','negotiating','contacted','closed'])[1 + c % 6]::customer_status,
       $1::timestamptz - ((10 + (c * 7) % 110) || ' days')::interval,
       CASE WHEN c % 6 = 1 THEN $1::timestamptz - ((15 + (c * 5) % 45) || ' days')::interval
            ELSE $1::timestamptz - ((c % 10) || ' days')::interval - interval '3 hours' END
     FROM users u, generate_series(1, $4::int) c`,
  ],
  [
    // each member's customers numbered 0…n-1, to pick "his k-th customer" by index below
    'numbered customers',
    `CREATE TEMP TABLE member_customers AS
       SELECT assigned_to_id AS user_id, id, (row_number() OVER (PARTITION BY assigned_to_id ORDER BY id) - 1)::int AS k
       FROM customers;
     CREATE UNIQUE INDEX ON member_customers (user_id, k);
     ANALYZE member_customers`,
  ],
  [
    'customer activity',
    `INSERT INTO customer_activities (organization_id, customer_id, user_id, type, description, created_at)
     SELECT organization_id, id, assigned_to_id, 'created', 'customer created', created_at FROM customers
     UNION ALL
     SELECT organization_id, id, assigned_to_id, 'note', 'كلمته وقال يفكر', last_contact FROM customers`,
  ],
  [
    'interactions',
    `INSERT INTO customer_interactions (organization_id, customer_id, user_id, type, summary, occurred_at)
     SELECT organization_id, id, assigned_to_id, 'call', 'مكالمة', last_contact - interval '1 hour'
     FROM customers WHERE hashtext(id::text) % 3 = 0`,
  ],
  [
    'properties',
    `INSERT INTO properties (organization_id, user_id, ref_number, title, property_type, listing_type, city, district, price, area, status)
     SELECT o.id, (SELECT id FROM users WHERE organization_id = o.id ORDER BY phone LIMIT 1), p,
       'فيلا للبيع ' || p, 'villa', 'sale', 'Riyadh', 'النرجس', 2000000 + p * 50000, 400 + p * 10, 'active'
     FROM organizations o, generate_series(1, 5) p`,
  ],
  [
    'viewings',
    // three today (10:00, 13:00, 17:00) and four on the days around, one hour each, never overlapping
    `INSERT INTO appointments (organization_id, user_id, customer_id, property_id, title, starts_at, ends_at, duration_minutes, status)
     SELECT u.organization_id, u.id,
       (SELECT id FROM member_customers mc WHERE mc.user_id = u.id AND mc.k = s),
       (SELECT id FROM properties p WHERE p.organization_id = u.organization_id AND p.ref_number = 1 + s % 5),
       'معاينة', t.starts, t.starts + interval '1 hour', 60, 'scheduled'
     FROM users u, generate_series(0, 6) s,
       LATERAL (SELECT CASE WHEN s < 3 THEN $1::timestamptz + ((2 + s * 3 + (s / 2) * 1) || ' hours')::interval
                            ELSE $1::timestamptz + (((s - 4.5) * 2)::int || ' days')::interval + interval '3 hours' END AS starts) t`,
  ],
  [
    'tasks',
    // per member: 3 late, 3 due today at a time, 2 today by date (one a follow-up), 6 later, 6 done
    `INSERT INTO tasks (organization_id, created_by_id, assigned_to_id, title, type, due_at, due_date, status, customer_id, completed_at)
     SELECT u.organization_id, u.id, u.id, 'مهمة ' || k,
       CASE WHEN k IN (4, 7) THEN 'follow_up' ELSE 'other' END,
       CASE WHEN k <= 3 THEN $1::timestamptz - (k || ' days')::interval
            WHEN k <= 6 THEN $1::timestamptz + ((k - 2) || ' hours')::interval
            WHEN k <= 8 THEN NULL
            ELSE $1::timestamptz + ((k - 7) || ' days')::interval END,
       CASE WHEN k IN (7, 8) THEN ($1::timestamptz AT TIME ZONE 'Asia/Riyadh')::date END,
       (CASE WHEN k > 14 THEN 'done' ELSE 'todo' END)::task_status,
       (SELECT id FROM member_customers mc WHERE mc.user_id = u.id AND mc.k = (10 + k) % $4::int),
       CASE WHEN k > 14 THEN $1::timestamptz - (k || ' days')::interval END
     FROM users u, generate_series(1, 20) k`,
  ],
  [
    'follow-ups',
    `INSERT INTO customer_followups (organization_id, customer_id, user_id, due_at, type, status)
     SELECT u.organization_id, (SELECT id FROM member_customers mc WHERE mc.user_id = u.id AND mc.k = (5 + f) % $4::int),
       u.id, $1::timestamptz + ((f * 2) || ' hours')::interval, 'call', 'pending'
     FROM users u, generate_series(1, 2) f`,
  ],
  [
    'offers',
    `INSERT INTO offers (organization_id, user_id, property_id, property_type, listing_type, city, district, price, area)
     SELECT p.organization_id, p.user_id, p.id, p.property_type, p.listing_type, p.city, p.district, p.price, p.area FROM properties p`,
  ],
  [
    'requests',
    `INSERT INTO requests (organization_id, user_id, customer_id, type, property_types, cities, districts, price_min, price_max)
     SELECT c.organization_id, c.assigned_to_id, c.id, 'sale', ARRAY['villa']::property_type[], ARRAY['Riyadh'], ARRAY['النرجس'], 1500000, 3000000
     FROM customers c WHERE hashtext(c.id::text) % 4 = 0`,
  ],
  [
    'smart matches',
    // every request matches its office's five offers: the newest two since yesterday, the others older
    `INSERT INTO smart_matches (organization_id, offer_id, request_id, broker_id, score, status, created_at)
     SELECT r.organization_id, o.id, r.id, r.user_id, 60 + (hashtext(o.id::text || r.id::text) & 31),
       'pending', $1::timestamptz - CASE WHEN p.ref_number <= 2 THEN interval '3 hours' ELSE interval '5 days' END
     FROM requests r JOIN offers o ON o.organization_id = r.organization_id JOIN properties p ON p.id = o.property_id`,
  ],
];

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function pool<T>(items: T[], size: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(size, items.length) }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
}

async function main() {
  const admin = new pg.Client({ connectionString: `${PG_BASE}/postgres` });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${DB_NAME}`);
  const version = (await admin.query<{ server_version: string }>('SHOW server_version')).rows[0]!.server_version;
  await admin.end();
  let failed = false;
  try {
    await migrate(DATABASE_URL);
    const client = new pg.Client({ connectionString: DATABASE_URL });
    client.on('error', () => {}); // the database is dropped with FORCE at the end, whatever happened
    await client.connect();
    const seedStarted = performance.now();
    for (const [label, sql] of SEED) {
      const started = performance.now();
      const { rowCount } = await client.query(withValues(sql));
      log(`seeded ${label}: ${rowCount} rows in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    }
    await client.query('VACUUM ANALYZE');
    log(`seed and VACUUM ANALYZE: ${((performance.now() - seedStarted) / 1000).toFixed(1)} s`);

    let statements = 0;
    const db = createDb(DATABASE_URL, { max: CONCURRENCY + 2, onQuery: () => statements++ });
    const queued: Array<{ name: JobName; data: unknown }> = [];
    const collector: JobQueue = {
      async enqueue<K extends JobName>(name: K, data: JobMap[K]) {
        queued.push({ name, data });
      },
      async close() {},
    };
    const clock = new ManualClock(NOW);
    const runner = createDigestRunner({ db, clock, jobs: collector, logger: silentLogger });
    const take = <K extends JobName>(name: K) => {
      const jobs = queued.filter((j) => j.name === name).map((j) => j.data as JobMap[K]);
      queued.splice(0, queued.length, ...queued.filter((j) => j.name !== name));
      return jobs;
    };

    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    const offices = await runner.tick();
    const tickMs = performance.now() - started;
    const officeJobs = take('digest.office');
    const officesStarted = performance.now();
    await pool(officeJobs, CONCURRENCY, async (job) => void (await runner.office(job)));
    const officesMs = performance.now() - officesStarted;
    const memberJobs = take('digest.broker');
    const statementsBefore = statements;
    const times: number[] = [];
    const outcomes = new Map<string, number>();
    const membersStarted = performance.now();
    await pool(memberJobs, CONCURRENCY, async (job) => {
      const t0 = performance.now();
      const outcome = await runner.broker(job);
      times.push(performance.now() - t0);
      outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
    });
    const membersMs = performance.now() - membersStarted;
    const totalS = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    const sends = take('outbound.send').length;
    const memberStatements = statements - statementsBefore;

    const again = await runner.tick();
    const [counts] = (
      await client.query<{ digests: string; suggested: string; members: string }>(
        `SELECT (SELECT count(*) FROM outbound_messages WHERE idempotency_key LIKE 'digest:%') AS digests,
           (SELECT count(*) FROM customer_activities WHERE type = 'quiet_suggested') AS suggested,
           (SELECT count(*) FROM users) AS members`,
      )
    ).rows;
    const sample = await client.query<{ payload: { text: string } }>(
      `SELECT payload FROM outbound_messages WHERE idempotency_key LIKE 'digest:%' ORDER BY seq LIMIT 1`,
    );
    await client.end();
    await db.$disconnect();

    times.sort((a, b) => a - b);
    const digests = Number(counts!.digests);
    log('—'.repeat(60));
    log(
      `machine: ${os.cpus().length} × ${os.cpus()[0]?.model.trim()}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, PostgreSQL ${version}, load ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );
    log(`${OFFICES} offices × ${MEMBERS} members, ${CUSTOMERS} customers each, concurrency ${CONCURRENCY}`);
    log(
      `tick: ${offices} offices due in ${tickMs.toFixed(0)} ms; office jobs: ${officeJobs.length} in ${(officesMs / 1000).toFixed(1)} s`,
    );
    log(
      `member jobs: ${memberJobs.length} in ${(membersMs / 1000).toFixed(1)} s (${(memberJobs.length / (membersMs / 1000)).toFixed(0)}/s); outcomes ${JSON.stringify(Object.fromEntries(outcomes))}`,
    );
    log(
      `per member: p50 ${percentile(times, 50).toFixed(1)} ms, p95 ${percentile(times, 95).toFixed(1)} ms, max ${percentile(times, 100).toFixed(1)} ms, ${(memberStatements / Math.max(1, memberJobs.length)).toFixed(1)} statements`,
    );
    log(`Node CPU: ${((cpu.user + cpu.system) / 1000 / 1000).toFixed(1)} s over ${totalS.toFixed(1)} s wall`);
    log(
      `digests written: ${digests} of ${counts!.members} members; quiet leads marked: ${counts!.suggested}; sends not made: ${sends}; a second tick found ${again} offices`,
    );
    log(`ALL DIGESTS: ${totalS.toFixed(1)} s (target < ${TARGET_S} s) ${totalS < TARGET_S ? 'MET' : 'NOT MET'}`);
    log(`a digest:\n${sample.rows[0]?.payload.text}`);
    failed = totalS >= TARGET_S || digests !== Number(counts!.members) || again !== 0;
  } catch (error) {
    console.error(error);
    failed = true;
  } finally {
    if (KEEP) log(`kept ${DATABASE_URL}`);
    else {
      const dropper = new pg.Client({ connectionString: `${PG_BASE}/postgres` });
      await dropper.connect();
      await dropper.query(`DROP DATABASE IF EXISTS ${DB_NAME} WITH (FORCE)`);
      await dropper.end();
    }
  }
  process.exit(failed ? 1 : 0);
}

/** The seed's four values in place of $1 … $4: the benchmark's own constants, never outside input. */
function withValues(sql: string): string {
  const values = [`'${NOW}'`, String(Math.trunc(OFFICES)), String(Math.trunc(MEMBERS)), String(Math.trunc(CUSTOMERS))];
  return sql.replace(/\$([1-4])/g, (_, n: string) => values[Number(n) - 1]!);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
