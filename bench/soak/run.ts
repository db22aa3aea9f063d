// The soak (`npm run soak`): hostile and ordinary messages into a running Nova through signed WhatsApp
// Cloud webhooks, replies through a fake Graph API on 127.0.0.1, while Nova's processes are killed with
// SIGKILL and the queue loses its keys. Reports what was lost, sent twice or left stuck.
//
//   SOAK_MESSAGES=100000 npm run soak
//
// Environment: SOAK_MESSAGES (default 100,000), SOAK_SENDERS (default messages / 2), SOAK_RATE (offered
// messages a second, default 50: about what Nova answers on 2 cores), SOAK_KILLS (default 3),
// SOAK_DRAIN_MINUTES (how long to wait for the backlog after the last message, default 40),
// SOAK_BROKER_EVERY (one message in N is a demo broker's, Saad and Layla in turn; default 500). PostgreSQL and Redis as the tests use them; the soak makes
// and drops its own database (nova_soak_<id>_scratch) and Redis prefix.
import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { Redis } from 'ioredis';
import pg from 'pg';
import {
  type CloudText,
  cloudWebhook,
  dropScratch,
  ensureBuild,
  postWebhook,
  sleep,
  spawnNova,
  startFakeGraph,
  waitForHttp,
} from '../support/cloud.ts';

const MESSAGES = Number(process.env.SOAK_MESSAGES ?? 100_000);
const SENDERS = Number(process.env.SOAK_SENDERS ?? Math.max(1, Math.floor(MESSAGES / 2)));
const RATE = Number(process.env.SOAK_RATE ?? 50);
const KILLS = Number(process.env.SOAK_KILLS ?? 3);
const DRAIN_MS = Number(process.env.SOAK_DRAIN_MINUTES ?? 40) * 60_000;
const BROKER_EVERY = Math.max(1, Number(process.env.SOAK_BROKER_EVERY ?? 500));
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const PG_BASE = process.env.SOAK_PG ?? 'postgresql://postgres@127.0.0.1:5432';
const id = randomBytes(4).toString('hex');
const DB_NAME = `nova_soak_${id}_scratch`;
const DATABASE_URL = `${PG_BASE}/${DB_NAME}`;
const PREFIX = `nova-soak-${id}`;
const SECRET = 'soak-app-secret';
const PHONE_ID = 'soak-number';

const log = (line: string) => process.stderr.write(`[soak ${new Date().toISOString()}] ${line}\n`);

// ── messages ──────────────────────────────────────────────────────────────────────────────────────
const ORDINARY = [
  'عميل جديد أحمد 0551234567 يبي شقة بالرياض حي الملقا ميزانيته ٨٠٠ ألف',
  'وش مواعيدي بكرة؟',
  'ذكرني أتصل بخالد ٤ العصر',
  'ابي فيلا بالرياض حدود ٣ مليون',
  'ابي اعرض شقتي للبيع',
  'شكرا',
  'نعم',
  '٢',
  'hi',
  'remind me to call Ahmed in 2 hours',
];
const TEXTS = fc.sample(
  fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...ORDINARY) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 100 }) },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 200 }) },
    {
      weight: 1,
      arbitrary: fc.string({ unit: fc.constantFrom('\u0000', '\uD800', '\u202E', 'ا', '٣', '😀', ' '), maxLength: 40 }),
    },
  ),
  { numRuns: 2_000, seed: 2026 },
);

// A broker is a person: a few messages a minute, not one in 50 of the whole load (at 60 msg/s that was
// more than one a second from one man, whose replies WhatsApp lets through at one every 6 s: the 10,000
// run's drain waited on exactly that). Strangers write the rest.
const BROKERS = ['966500000001', '966500000002'];
const senderOf = (i: number) =>
  i % BROKER_EVERY === 0
    ? BROKERS[(i / BROKER_EVERY) % BROKERS.length]!
    : `96656${String(1_000_000 + (i % SENDERS)).slice(1)}`;

async function main() {
  ensureBuild();
  const admin = new pg.Client({ connectionString: `${PG_BASE}/postgres` });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${DB_NAME}`);
  const port = 20_000 + Math.floor(Math.random() * 20_000);
  const graph = await startFakeGraph({
    phoneNumberId: PHONE_ID,
    appSecret: SECRET,
    statusTo: () => `http://127.0.0.1:${port}/webhooks/whatsapp`,
  });
  const env: NodeJS.ProcessEnv = {
    DATABASE_URL,
    REDIS_URL,
    QUEUE_PREFIX: PREFIX,
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'error',
    WHATSAPP_CLOUD_TOKEN: 'soak-token',
    WHATSAPP_CLOUD_PHONE_NUMBER_ID: PHONE_ID,
    WHATSAPP_CLOUD_APP_SECRET: SECRET,
    WHATSAPP_CLOUD_VERIFY_TOKEN: 'soak-verify',
    WHATSAPP_CLOUD_API_BASE: graph.url,
    WHATSAPP_CLOUD_MESSAGES_PER_SECOND: '1000',
  };
  let server = spawnNova(['start'], env);
  await waitForHttp(`http://127.0.0.1:${port}/healthz`);
  let worker = spawnNova(['worker'], env);
  log(`nova started on ${port}; ${MESSAGES} messages at ${RATE}/s from ${SENDERS} senders`);

  const inFlight = new Set<Promise<void>>();
  const acknowledged = new Set<string>();
  // Meta delivers a webhook again after a growing delay (here 5 s, doubling to 60 s), never all at once:
  // posting every refused batch again at once, on top of the new ones, made a retry storm of 5,000
  // connections against a Nova just restarted, and starved this process's fake Graph API.
  const retry: Array<{ batch: CloudText[]; attempts: number; due: number }> = [];
  const MAX_IN_FLIGHT = 200;
  let fiveHundreds = 0;
  let refusedWhileDown = 0;
  const post = async (batch: CloudText[], attempts = 0) => {
    const status = await postWebhook(
      `http://127.0.0.1:${port}/webhooks/whatsapp`,
      SECRET,
      cloudWebhook(PHONE_ID, batch),
    );
    if (status === 200) for (const m of batch) acknowledged.add(m.id);
    else {
      if (status >= 500) fiveHundreds++;
      if (status === 0) refusedWhileDown++;
      retry.push({ batch, attempts: attempts + 1, due: Date.now() + Math.min(60_000, 5_000 * 2 ** attempts) });
    }
  };
  /** Posts the redeliveries that are due, within the in-flight cap. */
  const redeliver = () => {
    const now = Date.now();
    for (let k = 0; k < retry.length && inFlight.size < MAX_IN_FLIGHT; ) {
      const r = retry[k]!;
      if (r.due > now) {
        k++;
        continue;
      }
      retry.splice(k, 1);
      const p = post(r.batch, r.attempts).finally(() => inFlight.delete(p));
      inFlight.add(p);
    }
  };

  const killAt = new Set(Array.from({ length: KILLS }, (_, k) => Math.floor(((k + 1) * MESSAGES) / (KILLS + 1))));
  const queueLossAt = Math.floor(MESSAGES * 0.6);
  const started = Date.now();
  let killed = 0;
  for (let i = 0; i < MESSAGES; ) {
    const size = 1 + (i % 3);
    const batch = Array.from({ length: Math.min(size, MESSAGES - i) }, (_, k) => ({
      from: senderOf(i + k),
      id: `wamid.soak.${id}.${i + k}`,
      text: TEXTS[(i + k) % TEXTS.length]!,
    }));
    const before = i;
    i += batch.length;
    const p = post(batch).finally(() => inFlight.delete(p));
    inFlight.add(p);
    while (inFlight.size >= MAX_IN_FLIGHT) await Promise.race(inFlight);
    for (let k = before; k < i; k++) {
      if (killAt.has(k)) {
        // The server (webhooks, turns and sends) and the worker (turns and sends) in turn.
        const victim = killed++ % 2 === 0 ? 'server' : 'worker';
        log(`kill -9 the ${victim} at message ${k}`);
        if (victim === 'server') {
          server.kill('SIGKILL');
          await sleep(500);
          server = spawnNova(['start'], env);
          await waitForHttp(`http://127.0.0.1:${port}/healthz`).catch((e) => log(String(e)));
        } else {
          worker.kill('SIGKILL');
          await sleep(500);
          worker = spawnNova(['worker'], env);
        }
      }
      if (k === queueLossAt) {
        const redis = new Redis(REDIS_URL);
        const keys = await redis.keys(`${PREFIX}:*`);
        if (keys.length) await redis.del(...keys);
        await redis.quit();
        log(`queue loss: ${keys.length} Redis keys deleted at message ${k}`);
      }
    }
    const due = started + (i / RATE) * 1_000;
    if (due > Date.now()) await sleep(due - Date.now());
    redeliver();
  }
  while (inFlight.size || retry.length) {
    redeliver();
    if (inFlight.size) await Promise.race([...inFlight, sleep(1_000)]);
    else await sleep(1_000);
  }
  const offeredS = (Date.now() - started) / 1000;
  log(`offered in ${offeredS.toFixed(0)} s; draining`);

  const db = new pg.Client({ connectionString: DATABASE_URL });
  await db.connect();
  const count = async (sql: string) => Number((await db.query(sql)).rows[0].n);
  const drainStarted = Date.now();
  let pending = Number.POSITIVE_INFINITY;
  while (Date.now() - drainStarted < DRAIN_MS) {
    pending =
      (await count(`SELECT count(*) AS n FROM inbound_messages WHERE status IN ('received','processing')`)) +
      (await count(
        `SELECT count(*) AS n FROM outbound_messages WHERE status IN ('pending','sending') AND (not_before IS NULL OR not_before <= now())`,
      ));
    if (pending === 0) break;
    await sleep(5_000);
  }
  const drainedS = (Date.now() - drainStarted) / 1000;
  const stored = new Set(
    (await db.query(`SELECT external_id FROM inbound_messages`)).rows.map(
      (r: { external_id: string }) => r.external_id,
    ),
  );
  const lost = [...acknowledged].filter((m) => !stored.has(m)).length;
  const stuckInbound = await count(
    `SELECT count(*) AS n FROM inbound_messages WHERE status IN ('received','processing')`,
  );
  // What Nova says first to a member at night waits for the morning (quiet hours): held, not stuck.
  const stuckOutbound = await count(
    `SELECT count(*) AS n FROM outbound_messages WHERE status IN ('pending','sending') AND (not_before IS NULL OR not_before <= now())`,
  );
  const heldForQuietHours = await count(
    `SELECT count(*) AS n FROM outbound_messages WHERE status = 'pending' AND not_before > now()`,
  );
  // A reply's key starts with its message's id (`<inbound id>:<n>`): compared as equal prefixes, a hash
  // anti-join (a LIKE per pair read 100,000 × 100,000 rows and took minutes).
  const unanswered = await count(`
    SELECT count(*) AS n FROM inbound_messages i WHERE i.status = 'processed'
      AND NOT EXISTS (SELECT 1 FROM outbound_messages o WHERE split_part(o.idempotency_key, ':', 1) = i.id::text)`);
  const quarantined = await count(`SELECT count(*) AS n FROM inbound_messages WHERE status = 'failed'`);
  const sentTwice = [...graph.sends.values()].filter((n) => n > 1).length;
  const report = {
    messages: MESSAGES,
    acknowledged: acknowledged.size,
    stored: stored.size,
    lost,
    sentTwice,
    stuckInbound,
    stuckOutbound,
    heldForQuietHours,
    unanswered,
    quarantined,
    webhook5xx: fiveHundreds,
    refusedWhileDown,
    kills: KILLS,
    queueLosses: 1,
    offeredSeconds: Math.round(offeredS),
    drainSeconds: Math.round(drainedS),
    graphSends: [...graph.sends.values()].reduce((a, b) => a + b, 0),
  };
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  // What a part sent twice was, so that the cause can be traced after the database is gone: its row
  // (attempts, parts already out, the last error) and when each copy reached the fake Graph API.
  const twice = [...graph.sends].filter(([, n]) => n > 1).map(([key]) => key);
  for (const key of twice.slice(0, 20)) {
    const rowKey = key.replace(/#\d+\/\d+$/, '');
    const row = (
      await db.query(
        `SELECT status, attempts, parts_sent, last_error, created_at, updated_at, sent_at FROM outbound_messages WHERE idempotency_key = $1`,
        [rowKey],
      )
    ).rows[0];
    const at = graph.log.filter((s) => s.key === key).map((s) => new Date(s.at).toISOString());
    log(`sent twice: ${key} at ${at.join(', ')}; row ${JSON.stringify(row)}`);
  }

  await db.end();
  server.kill('SIGTERM');
  worker.kill('SIGTERM');
  await sleep(3_000);
  graph.server.close();
  await dropScratch(admin, DB_NAME, REDIS_URL, PREFIX);
  process.exit(lost + sentTwice + stuckInbound + stuckOutbound === 0 ? 0 : 1);
}

main().catch((error) => {
  log(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exit(2);
});
