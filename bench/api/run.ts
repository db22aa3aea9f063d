// The admin API's list benchmark (`npm run bench:api`): `GET /api/v1/customers?limit=50` on an office with
// 100,000 customers, target p95 < 20 ms (issue 13; results in docs/benchmarks/api.md). The benchmark makes
// its own database (nova_bench_api_<id>_scratch), migrates and seeds it with the demo office
// (`nova seed --demo`), adds an owner and four brokers (`nova user add`), inserts the customers in one
// INSERT … SELECT generate_series (names, phones, statuses, categories and assignees spread over the
// office's brokers, created over a year, inserted oldest first), makes the owner's and a broker's keys
// (`nova apikey create`), starts `nova start` and runs autocannon on each scenario at each concurrency
// (closed loop: a connection sends its next request when answered):
//   page 1             /api/v1/customers?limit=50 as the owner (the whole office)
//   page 2             the same with the cursor of page 1
//   status + q         a filtered list: one status and a free-text search on a common name
//   broker             page 1 as a broker, who sees his team only (the visibility filter)
//   one customer       GET /api/v1/customers/{id}: the fixed cost of an authenticated request
// Requests go round a pool of read-only keys made through POST /api/v1/api-keys: one key may call 600
// times a minute (api/v1/auth.ts), and the list is what is measured, not the 429. It reports requests/s,
// latency p50/p95/p99/max (nearest rank over every response's own time), non-2xx and errors, Nova's CPU
// (% of one core, and ms per request), statements per request (Nova's /metrics) and peak RSS. Before the
// load it captures the SQL Nova sends for one request of each scenario (log_min_duration_statement = 0 on
// this database only, read back from the server log with pg_read_file; then a fresh Nova without it for
// the load) and prints EXPLAIN (ANALYZE, BUFFERS) of every SELECT on customers with the parameters Nova
// sent, so the plan and the index used are on record. Exit code 1 when a p95 misses the target.
//
//   npm run bench:api
//   BENCH_CUSTOMERS=20000 BENCH_SECONDS=5 BENCH_CONNECTIONS=1 npm run bench:api        (a quick check)
//
// Environment: BENCH_CUSTOMERS (default 100,000), BENCH_SECONDS (per scenario and concurrency, default
// 20), BENCH_CONNECTIONS (comma-separated concurrencies, default 1,10), BENCH_WARMUP_SECONDS (per scenario,
// at the highest concurrency, default 5), BENCH_SCENARIOS (comma-separated name prefixes, default all),
// BENCH_PG (PostgreSQL server URL without a database), BENCH_PG_LOG (the server's log file, default
// Debian's /var/log/postgresql/postgresql-15-main.log), BENCH_KEYS (read-only keys per member the load
// goes round, default 100), BENCH_KEEP=1 (keep the database and print its URL), BENCH_NOVA_PROFILE (a
// directory: the Nova under load writes a V8 CPU profile there when it stops), REDIS_URL.
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import os from 'node:os';
import { Redis } from 'ioredis';
import pg from 'pg';
import { foldForSearch } from '../../core/shared/text.ts';
import { percentile, processUsage, ROOT, sleep, waitForHttp } from '../support/cloud.ts';

const CUSTOMERS = Number(process.env.BENCH_CUSTOMERS ?? 100_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
/** each scenario runs at each of these concurrencies (closed loop: a connection sends when answered) */
const CONNECTIONS = (process.env.BENCH_CONNECTIONS ?? '1,10').split(',').map(Number);
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 5);
const ONLY = process.env.BENCH_SCENARIOS?.split(',').map((s) => s.trim());
const KEEP = process.env.BENCH_KEEP === '1';
const KEYS = Number(process.env.BENCH_KEYS ?? 100);
/** a directory: the Nova under load writes a V8 CPU profile there when it stops (node --cpu-prof) */
const PROFILE_DIR = process.env.BENCH_NOVA_PROFILE;
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const PG_BASE = process.env.BENCH_PG ?? 'postgresql://postgres@127.0.0.1:5432';
const PG_LOG = process.env.BENCH_PG_LOG ?? '/var/log/postgresql/postgresql-15-main.log';
const id = randomBytes(4).toString('hex');
const DB_NAME = `nova_bench_api_${id}_scratch`;
const DATABASE_URL = `${PG_BASE}/${DB_NAME}`;
const PREFIX = `nova-bench-api-${id}`;
const ORG = 'nova-demo';
const OWNER = { phone: '+966500000090', name: 'مالك المكتب' };
/** brokers added to the demo office's two (سعد, manager; ليلى, broker) */
const EXTRA_BROKERS = [
  { phone: '+966500000091', name: 'فهد' },
  { phone: '+966500000092', name: 'نورة' },
  { phone: '+966500000093', name: 'Khalid' },
  { phone: '+966500000094', name: 'ريم' },
];
/** the demo office's broker (role broker): the visibility-filter scenario acts as her */
const BROKER_PHONE = '+966500000002';
const TARGET_P95_MS = 20;

const log = (line: string) => process.stderr.write(`[bench:api] ${line}\n`);

// ── autocannon (CommonJS, no types of its own) ──────────────────────────────────────────────────────
interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number; max: number };
  errors: number;
  timeouts: number;
  non2xx: number;
  '2xx': number;
  duration: number;
}
interface AutocannonRequest {
  method: string;
  path: string;
  headers?: Record<string, string>;
}
type Autocannon = (
  options: {
    url: string;
    connections: number;
    duration: number;
    requests: Array<AutocannonRequest & { setupRequest(req: AutocannonRequest): AutocannonRequest }>;
  },
  done: (error: Error | null, result: AutocannonResult) => void,
) => { on(event: 'response', listener: (client: unknown, status: number, bytes: number, ms: number) => void): void };
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

// ── the office's customers ─────────────────────────────────────────────────────────────────────────
const FIRST = [
  'محمد',
  'أحمد',
  'عبدالله',
  'عبدالرحمن',
  'خالد',
  'فهد',
  'سلطان',
  'فيصل',
  'سعود',
  'تركي',
  'ناصر',
  'عمر',
  'يوسف',
  'إبراهيم',
  'ماجد',
  'بندر',
  'نواف',
  'راشد',
  'سلمان',
  'منصور',
  'نورة',
  'سارة',
  'مها',
  'ريم',
  'هيفاء',
  'لطيفة',
  'أمل',
  'منيرة',
  'جواهر',
  'دانة',
];
const FAMILY = [
  'العتيبي',
  'القحطاني',
  'الدوسري',
  'الشمري',
  'الحربي',
  'المطيري',
  'الزهراني',
  'الغامدي',
  'السبيعي',
  'العنزي',
  'الشهري',
  'المالكي',
  'التميمي',
  'السهلي',
  'الرشيدي',
  'البقمي',
  'الجهني',
  'العمري',
  'الخالدي',
  'الفيفي',
];
const LATIN = ['Mohammed', 'Ahmed', 'Omar', 'Sara', 'Faisal', 'John', 'Priya', 'Ali', 'Hassan', 'Maria'];
const LATIN_FAMILY = ['Alotaibi', 'Khan', 'Smith', 'Alharbi', 'Nair', 'Haddad', 'Saleh', 'Fernandes'];
const NAMES = [
  ...FIRST.flatMap((f) => FAMILY.map((l) => `${f} ${l}`)),
  ...LATIN.flatMap((f) => LATIN_FAMILY.map((l) => `${f} ${l}`)),
];
/** the free-text search of the filtered scenario: a common first name (about 1 in 30 customers) */
const SEARCH = 'محمد';

/**
 * One statement: statuses, categories and interest levels by plausible weights, 96% with a phone, 5%
 * unassigned (the office's), created uniformly over the last year, updated between creation and now.
 * Inserted oldest first, as an office's customers arrive: the table's order follows created_at.
 */
const INSERT_CUSTOMERS = `
INSERT INTO customers (organization_id, created_by_id, assigned_to_id, name, search_name, phone, category,
  interest_level, source, status, is_vip, budget_min, budget_max, preferred_cities, created_at, updated_at,
  last_contact)
SELECT $1::uuid, s.assignee, s.assignee, ($2::text[])[s.n], ($3::text[])[s.n],
  CASE WHEN s.p < 0.04 THEN NULL ELSE '+96657' || lpad(s.g::text, 7, '0') END,
  (ARRAY['buyer','buyer','buyer','tenant','tenant','tenant','seller','landlord','investor'])[1 + floor(s.c * 9)::int]::customer_category,
  (ARRAY['cold','warm','warm','hot','very_hot'])[1 + floor(s.i * 5)::int]::interest_level,
  (ARRAY['whatsapp','whatsapp','telegram','website','referral','walk_in'])[1 + floor(s.src * 6)::int],
  (CASE WHEN s.st < 0.30 THEN 'new' WHEN s.st < 0.55 THEN 'contacted' WHEN s.st < 0.70 THEN 'interested'
        WHEN s.st < 0.78 THEN 'negotiating' WHEN s.st < 0.85 THEN 'closed' WHEN s.st < 0.95 THEN 'lost'
        ELSE 'inactive' END)::customer_status,
  s.p > 0.97,
  CASE WHEN s.b < 0.3 THEN NULL ELSE 300000 + floor(s.b * 20)::int * 50000 END,
  CASE WHEN s.b < 0.3 THEN NULL ELSE 600000 + floor(s.b * 20)::int * 100000 END,
  ARRAY[(ARRAY['Riyadh','Riyadh','Riyadh','Jeddah','Dammam','Khobar'])[1 + floor(s.src * 6)::int]],
  now() - s.age * interval '365 days',
  now() - s.age * s.u * interval '365 days',
  CASE WHEN s.u < 0.5 THEN now() - s.age * s.u * interval '365 days' END
FROM (
  SELECT g,
    1 + floor(random() * cardinality($2::text[]))::int AS n,
    CASE WHEN random() < 0.05 THEN NULL
         ELSE ($4::uuid[])[1 + floor(random() * cardinality($4::uuid[]))::int] END AS assignee,
    random() AS p, random() AS c, random() AS i, random() AS src, random() AS st, random() AS b,
    random() AS age, random() AS u
  FROM generate_series(1, $5::int) AS g
) s
ORDER BY s.age DESC`;

// ── child processes ────────────────────────────────────────────────────────────────────────────────
/** Runs a `nova` verb to its end; resolves with its stdout, rejects with its stderr on failure. */
function nova(args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'bin/nova.ts', ...args], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.stderr.on('data', (d) => {
      err += d;
    });
    child.on('close', (code) =>
      code === 0 ? resolve(out) : reject(new Error(`nova ${args[0]} ${args[1] ?? ''} exited ${code}: ${err.trim()}`)),
    );
  });
}

/** The key `nova apikey create` prints (core/apikeys/apikeys.keys.ts: `nova_` and 43 characters). */
function keyFrom(stdout: string): string {
  const key = stdout.match(/\bnova_[A-Za-z0-9_-]{43}\b/)?.[0];
  if (!key) throw new Error(`no key in the output of nova apikey create (${stdout.length} characters)`);
  return key;
}

/**
 * `keys` read-only keys acting as the member with this phone, made through the API by the owner's key.
 * One key is limited to 600 calls a minute (api/v1/auth.ts DEFAULT_RATE_LIMIT): the load goes round
 * a pool of keys so that the list is measured, not the 429.
 */
async function keyPool(base: string, ownerKey: string, memberPhone: string, keys: number): Promise<string[]> {
  const pool: string[] = [];
  for (let k = 0; k < keys; k++) {
    const response = await fetch(`${base}/api/v1/api-keys`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ownerKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: `bench ${memberPhone.slice(-2)} ${k}`, memberPhone, readOnly: true }),
    });
    const body = (await response.json()) as { key?: string };
    if (response.status !== 201 || !body.key) throw new Error(`POST /api/v1/api-keys answered ${response.status}`);
    pool.push(body.key);
  }
  return pool;
}

async function stop(child: ChildProcess) {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await Promise.race([exited, sleep(10_000)]);
  if (child.exitCode === null) child.kill('SIGKILL');
}

// ── the API ────────────────────────────────────────────────────────────────────────────────────────
interface Page {
  status: number;
  count: number;
  next?: string;
  firstId?: string;
}

/** One GET; the number of items and the next page's cursor, whatever shape the list answers with. */
async function getPage(url: string, key: string): Promise<Page> {
  const response = await fetch(url, { headers: { authorization: `Bearer ${key}` } });
  const text = await response.text();
  let body: Record<string, unknown> = {};
  try {
    body = JSON.parse(text) as Record<string, unknown>;
  } catch {
    // not JSON: reported as the status alone
  }
  const items = (body.data ?? body.items ?? body.customers ?? []) as unknown[];
  const pageInfo = (body.page ?? body.pagination ?? body.meta ?? {}) as Record<string, unknown>;
  const fromBody = body.nextCursor ?? body.next_cursor ?? pageInfo.nextCursor ?? pageInfo.next_cursor;
  const link = response.headers.get('link')?.match(/<([^>]+)>;\s*rel="?next"?/)?.[1];
  const fromLink = link ? new URL(link, url).searchParams.get('cursor') : null;
  const next = typeof fromBody === 'string' ? fromBody : (fromLink ?? undefined);
  const first = Array.isArray(items) ? (items[0] as { id?: unknown } | undefined) : undefined;
  return {
    status: response.status,
    count: Array.isArray(items) ? items.length : 0,
    next,
    firstId: typeof first?.id === 'string' ? first.id : undefined,
  };
}

interface Scenario {
  name: string;
  path: string;
  /** the load goes round these keys (one caller's rate limit would answer 429 otherwise) */
  keys: string[];
}

interface Figures {
  scenario: string;
  conn: number;
  requests: number;
  'req/s': number;
  'p50 ms': number;
  'p95 ms': number;
  'p99 ms': number;
  'max ms': number;
  non2xx: number;
  errors: number;
  'Nova CPU %': number;
  'Nova CPU ms/req': number;
  'queries/req': number;
  'Nova RSS MB': number;
}

/** Statements Nova sent so far (its /metrics: nova_db_queries_total). */
async function queriesSent(base: string, adminToken: string): Promise<number> {
  const text = await (await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${adminToken}` } })).text();
  return text
    .split('\n')
    .filter((l) => l.startsWith('nova_db_queries_total'))
    .reduce((sum, l) => sum + Number(l.slice(l.lastIndexOf(' ') + 1)), 0);
}

async function load(
  base: string,
  s: Scenario,
  seconds: number,
  connections: number,
  pid: number,
  adminToken: string,
): Promise<Figures> {
  const queriesBefore = await queriesSent(base, adminToken);
  const figures = await new Promise<Figures>((resolve, reject) => {
    const latencies: number[] = [];
    const cpuBefore = processUsage(pid).cpuSeconds;
    const started = Date.now();
    let peakRss = 0;
    const sampler = setInterval(() => {
      peakRss = Math.max(peakRss, processUsage(pid).rssBytes);
    }, 250);
    let turn = 0;
    const instance = autocannon(
      {
        url: base,
        connections,
        duration: seconds,
        requests: [
          {
            method: 'GET',
            path: s.path,
            setupRequest: (req) => ({
              ...req,
              headers: { ...req.headers, authorization: `Bearer ${s.keys[turn++ % s.keys.length]}` },
            }),
          },
        ],
      },
      (error, result) => {
        clearInterval(sampler);
        if (error) return reject(error);
        const cpu = processUsage(pid).cpuSeconds - cpuBefore;
        const wall = (Date.now() - started) / 1000;
        const round = (n: number) => Number(n.toFixed(2));
        resolve({
          scenario: s.name,
          conn: connections,
          requests: result.requests.total,
          'req/s': Math.round(result.requests.total / result.duration),
          'p50 ms': round(percentile(latencies, 50)),
          'p95 ms': round(percentile(latencies, 95)),
          'p99 ms': round(percentile(latencies, 99)),
          'max ms': round(latencies.reduce((a, b) => Math.max(a, b), 0)),
          non2xx: result.non2xx,
          errors: result.errors + result.timeouts,
          'Nova CPU %': Math.round((cpu / wall) * 100),
          'Nova CPU ms/req': round((cpu * 1000) / Math.max(1, result.requests.total)),
          'queries/req': 0,
          'Nova RSS MB': Math.round(peakRss / 2 ** 20),
        });
      },
    );
    instance.on('response', (_client, _status, _bytes, ms) => {
      latencies.push(ms);
    });
  });
  const queries = (await queriesSent(base, adminToken)) - queriesBefore;
  return { ...figures, 'queries/req': Number((queries / Math.max(1, figures.requests)).toFixed(1)) };
}

// ── the SQL behind a request ───────────────────────────────────────────────────────────────────────
interface Statement {
  durationMs: number;
  sql: string;
  params: unknown[];
}

async function logSize(admin: pg.Client): Promise<number> {
  return Number((await admin.query('SELECT size FROM pg_stat_file($1)', [PG_LOG])).rows[0].size);
}

/** This database's statements in the server log from byte `from` on (duration lines and their parameters). */
async function statementsSince(admin: pg.Client, from: number): Promise<Statement[]> {
  const size = await logSize(admin);
  const text: string = (await admin.query('SELECT pg_read_file($1, $2, $3) AS t', [PG_LOG, from, size - from])).rows[0]
    .t;
  const lines = text.split('\n');
  const out: Statement[] = [];
  const marker = `@${DB_NAME} `;
  /** parse and bind time (planning happens at bind) per backend, added to its next execute */
  const before = new Map<string, number>();
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (!line.includes(marker)) continue;
    // The extended protocol logs parse, bind and execute apart; a simple query is one "statement" line.
    const m = line.match(/\[(\d+)\].*LOG:\s+duration: ([\d.]+) ms\s+(parse|bind|execute|statement)[^:]*: (.*)$/);
    if (!m) continue;
    const pid = m[1]!;
    const ms = Number(m[2]);
    const phase = m[3];
    let sql = m[4]!;
    // a statement over several lines continues on lines without the prefix
    while (i + 1 < lines.length && !/^\d{4}-\d\d-\d\d /.test(lines[i + 1]!)) sql += `\n${lines[++i]!}`;
    const detail = lines[i + 1]?.includes(marker) ? lines[i + 1]!.match(/DETAIL:\s+parameters: (.*)$/) : null;
    if (detail) i++;
    if (phase === 'parse' || phase === 'bind') {
      before.set(pid, (before.get(pid) ?? 0) + ms);
      continue;
    }
    out.push({
      durationMs: (before.get(pid) ?? 0) + ms,
      sql,
      params: detail ? parseParameters(detail[1]!) : [],
    });
    before.delete(pid);
  }
  return out;
}

/** `$1 = 'a', $2 = NULL, $3 = 'it''s'` → ['a', null, "it's"] */
function parseParameters(text: string): unknown[] {
  const params: unknown[] = [];
  const re = /\$(\d+) = (NULL|'((?:[^']|'')*)')/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    params[Number(m[1]) - 1] = m[2] === 'NULL' ? null : m[3]!.replace(/''/g, "'");
  }
  return params;
}

/** `nova start` on this port, answering on /readyz; with a CPU profile when asked (not allowed in NODE_OPTIONS). */
async function startNova(env: NodeJS.ProcessEnv, port: number, profile: boolean): Promise<ChildProcess> {
  const flags = profile && PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`] : [];
  const child = spawn(process.execPath, [...flags, '--import', 'tsx', 'bin/nova.ts', 'start'], {
    cwd: ROOT,
    env: { ...process.env, ...env, PORT: String(port) },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise<never>((_, reject) =>
    child.once('exit', (code) => reject(new Error(`nova start exited ${code} before it was ready`))),
  );
  try {
    await Promise.race([waitForHttp(`http://127.0.0.1:${port}/readyz`), exited]);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  exited.catch(() => undefined); // its exit from now on is the benchmark's own doing
  return child;
}

// ── main ───────────────────────────────────────────────────────────────────────────────────────────
async function main() {
  const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
  const admin = new pg.Client({ connectionString: `${PG_BASE}/postgres` });
  await admin.connect();
  const serverVersion = (await admin.query('SHOW server_version')).rows[0].server_version as string;
  await admin.query(`CREATE DATABASE ${DB_NAME}`);
  const env: NodeJS.ProcessEnv = {
    DATABASE_URL,
    REDIS_URL,
    QUEUE_PREFIX: PREFIX,
    HOST: '127.0.0.1',
    LOG_LEVEL: 'error',
    NOVA_SECRET_KEY: randomBytes(32).toString('base64url'),
    ADMIN_TOKEN: `bench-${randomBytes(12).toString('hex')}`,
    NOVA_DEMO: '0',
  };
  const children: ChildProcess[] = [];
  const db = new pg.Client({ connectionString: DATABASE_URL });
  try {
    // Schema and the demo office (`nova seed --demo` migrates first), then the owner and more brokers.
    let t = Date.now();
    await nova(['seed', '--demo'], env);
    await nova(['user', 'add', '--org', ORG, '--phone', OWNER.phone, '--name', OWNER.name, '--role', 'owner'], env);
    for (const b of EXTRA_BROKERS) {
      await nova(['user', 'add', '--org', ORG, '--phone', b.phone, '--name', b.name, '--role', 'broker'], env);
    }
    log(`migrated, seeded, ${1 + EXTRA_BROKERS.length} members added in ${((Date.now() - t) / 1000).toFixed(1)} s`);

    await db.connect();
    const org = (await db.query('SELECT id FROM organizations WHERE slug = $1', [ORG])).rows[0].id as string;
    const brokers = (
      await db.query(
        `SELECT id FROM users WHERE organization_id = $1 AND role IN ('manager', 'broker') AND status = 'active' ORDER BY phone`,
        [org],
      )
    ).rows.map((r: { id: string }) => r.id);
    t = Date.now();
    await db.query('SELECT setseed(0.2026)');
    await db.query(INSERT_CUSTOMERS, [org, NAMES, NAMES.map(foldForSearch), brokers, CUSTOMERS]);
    await db.query('VACUUM ANALYZE customers');
    const total = Number(
      (await db.query('SELECT count(*) AS n FROM customers WHERE organization_id = $1', [org])).rows[0].n,
    );
    log(`${total} customers over ${brokers.length} brokers in ${((Date.now() - t) / 1000).toFixed(1)} s`);

    // The owner's key (read-write: it makes the pools of keys below) and a broker's.
    const ownerKey = keyFrom(await nova(['apikey', 'create', '--org', ORG, '--member', OWNER.phone], env));
    const brokerKey = keyFrom(
      await nova(['apikey', 'create', '--org', ORG, '--member', BROKER_PHONE, '--read-only'], env),
    );

    // The SQL of one request per scenario, from Nova's own connections: logging for this database only,
    // then a fresh Nova without it for the load.
    const port = 20_000 + Math.floor(Math.random() * 20_000);
    const base = `http://127.0.0.1:${port}`;
    const list = '/api/v1/customers?limit=50';
    let logReadable = true;
    try {
      await logSize(admin);
    } catch (error) {
      logReadable = false;
      log(`cannot read ${PG_LOG} (${(error as Error).message}): no SQL capture; set BENCH_PG_LOG`);
    }
    if (logReadable) await admin.query(`ALTER DATABASE ${DB_NAME} SET log_min_duration_statement = 0`);
    let server = await startNova(env, port, !logReadable);
    children.push(server);
    const first = await getPage(`${base}${list}`, ownerKey);
    if (first.status !== 200 || first.count !== 50 || !first.next) {
      throw new Error(`page 1 answered ${first.status} with ${first.count} items and cursor ${first.next ?? 'none'}`);
    }
    const scenarios: Array<Scenario & { member: string }> = [
      { name: 'page 1 (owner)', path: list, member: OWNER.phone, keys: [ownerKey] },
      {
        name: 'page 2 (cursor)',
        path: `${list}&cursor=${encodeURIComponent(first.next)}`,
        member: OWNER.phone,
        keys: [ownerKey],
      },
      {
        name: `status=new & q=${SEARCH}`,
        path: `${list}&status=new&q=${encodeURIComponent(SEARCH)}`,
        member: OWNER.phone,
        keys: [ownerKey],
      },
      { name: 'page 1 (broker, visibility)', path: list, member: BROKER_PHONE, keys: [brokerKey] },
      // the fixed cost of a request (key, member, rate limit) with one row to read: what a list adds is the rest
      {
        name: 'one customer (reference)',
        path: `/api/v1/customers/${first.firstId}`,
        member: OWNER.phone,
        keys: [ownerKey],
      },
    ].filter((s) => !ONLY || ONLY.some((o) => s.name.startsWith(o)));
    if (!scenarios.length) throw new Error(`no scenario starts with ${ONLY?.join(' or ')}`);

    const captured: Array<{ scenario: string; statements: Statement[] }> = [];
    for (const s of scenarios) {
      const page = await getPage(`${base}${s.path}`, s.keys[0]!);
      log(`${s.name}: ${page.status}, ${page.count} items`);
      if (page.status !== 200) throw new Error(`${s.name} answered ${page.status}`);
      if (!logReadable) continue;
      await sleep(300);
      const from = await logSize(admin);
      await getPage(`${base}${s.path}`, s.keys[0]!); // the second request: caches warm, as under load
      await sleep(300); // the server writes its log lines
      captured.push({ scenario: s.name, statements: await statementsSince(admin, from) });
    }
    if (logReadable) {
      await stop(server);
      await admin.query(`ALTER DATABASE ${DB_NAME} RESET log_min_duration_statement`);
      server = await startNova(env, port, true);
      children.push(server);
    }
    const pid = server.pid!;
    const idleRss = processUsage(pid).rssBytes;
    t = Date.now();
    const pools = new Map<string, string[]>();
    for (const s of scenarios) {
      if (!pools.has(s.member)) pools.set(s.member, await keyPool(base, ownerKey, s.member, KEYS));
      s.keys = pools.get(s.member)!;
    }
    log(`${[...pools.values()].flat().length} read-only keys made in ${((Date.now() - t) / 1000).toFixed(1)} s`);

    // Warm-up (JIT, pools, plans), not recorded.
    const most = Math.max(...CONNECTIONS);
    for (const s of scenarios) await load(base, s, WARMUP_SECONDS, most, pid, env.ADMIN_TOKEN!);

    const results: Figures[] = [];
    for (const connections of CONNECTIONS) {
      for (const s of scenarios) {
        const loadBefore = os.loadavg()[0]!;
        const figures = await load(base, s, SECONDS, connections, pid, env.ADMIN_TOKEN!);
        results.push(figures);
        log(`${JSON.stringify(figures)} (load average before ${loadBefore.toFixed(2)})`);
        await sleep(1_000);
      }
    }

    // EXPLAIN ANALYZE of the customers statements, with the parameters Nova sent.
    const explained: string[] = [];
    for (const c of captured) {
      explained.push(`### ${c.scenario}\n`);
      explained.push(
        `${c.statements.length} statement(s) for the request: ${c.statements.map((s) => `${s.durationMs.toFixed(3)} ms`).join(', ')}\n`,
      );
      for (const s of c.statements) {
        explained.push('```sql', s.sql, s.params.length ? `-- parameters: ${JSON.stringify(s.params)}` : '', '```');
        if (!/\bFROM\s+"?(public"?\.)?"?customers"?/i.test(s.sql) || !/^\s*SELECT/i.test(s.sql)) continue;
        await db.query(`EXPLAIN (ANALYZE, BUFFERS) ${s.sql}`, s.params); // caches as under load
        const plan = await db.query(`EXPLAIN (ANALYZE, BUFFERS) ${s.sql}`, s.params);
        explained.push('```', ...plan.rows.map((r: Record<string, string>) => r['QUERY PLAN']!), '```');
      }
      explained.push('');
    }

    const failed = results.filter((r) => r['p95 ms'] >= TARGET_P95_MS || r.non2xx > 0 || r.errors > 0);
    const out = process.stdout;
    out.write(
      `\nmachine: ${machine}; PostgreSQL ${serverVersion}; load average now ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}\n`,
    );
    out.write(
      `office: ${total} customers, ${brokers.length} brokers; autocannon ${CONNECTIONS.join(' and ')} connection(s) × ${SECONDS} s per scenario (after ${WARMUP_SECONDS} s warm-up each at ${Math.max(...CONNECTIONS)}); Nova idle RSS ${Math.round(idleRss / 2 ** 20)} MB\n\n`,
    );
    const columns = Object.keys(results[0] ?? {}) as Array<keyof Figures>;
    out.write(`| ${columns.join(' | ')} |\n| ${columns.map(() => '---').join(' | ')} |\n`);
    for (const r of results) out.write(`| ${columns.map((c) => r[c]).join(' | ')} |\n`);
    out.write(
      `\ntarget p95 < ${TARGET_P95_MS} ms: ${failed.length ? `missed by ${failed.map((f) => `${f.scenario} at ${f.conn}`).join(', ')}` : 'met by every scenario'}\n\n`,
    );
    if (explained.length) out.write(`## The SQL behind one request\n\n${explained.join('\n')}\n`);
    process.exitCode = failed.length ? 1 : 0;
  } finally {
    await db.end().catch(() => undefined);
    for (const child of children) await stop(child);
    const redis = new Redis(REDIS_URL);
    const keys = await redis.keys(`${PREFIX}:*`);
    if (keys.length) await redis.del(...keys);
    await redis.quit();
    if (KEEP) log(`kept ${DATABASE_URL}`);
    else await admin.query(`DROP DATABASE IF EXISTS ${DB_NAME} WITH (FORCE)`);
    await admin.end();
  }
}

main().then(
  () => process.exit(process.exitCode ?? 0),
  (error) => {
    log(error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exit(2);
  },
);
