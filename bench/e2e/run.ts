// The end-to-end speed benchmark (`npm run bench:e2e`): signed WhatsApp Cloud webhooks into a running
// Nova, replies through a fake Graph API on 127.0.0.1. Each scenario offers S senders × M messages at a
// fixed rate (or as fast as it can) and reports:
//   ack p50/p99            the webhook's answer time
//   answered/s             messages answered ÷ (last reply sent − first webhook sent)
//   reply p50/p99          first webhook byte → the Graph API receives the message's first reply
//   drain                  last webhook sent → last reply sent
//   matching done          last webhook sent → no matching run queued (they wait for a client's quiet)
//   jobs/msg, queries/msg  from Nova's /metrics (all work: ingest, turn, send)
//   run here/msg           turns and sends Nova ran without the queue (bot/engine/local-jobs.ts)
//   CPU ms/msg, RSS        Nova's processes, from /proc
//   PostgreSQL/Redis CPU   the servers' processes on this machine, from /proc (the other half of the cost)
//   bench CPU              this process (webhooks, the fake Graph API): it shares the machine too
//   machine busy %         both cores' use over the scenario (/proc/stat): is a core left for a second process?
//   connections opened     new connections to Nova (webhooks, delivery reports); the rest reused theirs
//   loop lag p99           how late Nova's event loop, and this process's, ran their callbacks
//   loop lag max, GC       Nova's longest loop delay; its garbage collections of 10 ms or more, GC ms/msg
//
//   npm run bench:e2e
//   BENCH_SCENARIOS="200x10@300,2000x1@max" BENCH_WORKERS=1 npm run bench:e2e
//
// Environment: BENCH_SCENARIOS (comma-separated SxM@rate, rate a number or "max"), BENCH_WARMUP (a scenario
// run first and not tabled, default 2000x1@max; "" for none), BENCH_BATCH (messages
// per webhook, default 1), BENCH_WORKERS (extra `nova worker` processes, default 0), WORKER_CONCURRENCY
// (passed to Nova), BENCH_QUEUE (redis, the default, or postgres), REDIS_URL, BENCH_PG (PostgreSQL server URL without a database), BENCH_SETTLE_S (idle
// seconds before the last memory reading, default 30), BENCH_JSON (a file to write the figures to, for
// bench/e2e/targets.ts), BENCH_NODE_FLAGS (node flags for Nova's processes), BENCH_BY_TEXT (any value: also
// log reply latency by message of the conversation, TEXTS below), BENCH_LOG_SQL (any value: the scratch
// database logs every statement to PostgreSQL's server log, to read a turn's statements). The benchmark makes and
// drops its own database (nova_bench_<id>_scratch) and Redis prefix.
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import pg from 'pg';
import { createBullJobQueue } from '../../core/jobs/bullmq.queue.ts';
import {
  type CloudText,
  cloudWebhook,
  connectionsOpened,
  dropScratch,
  ensureBuild,
  machineCpuSeconds,
  percentile,
  postWebhook,
  processUsage,
  serverCpuSeconds,
  sleep,
  spawnNova,
  startFakeGraph,
  waitForHttp,
} from '../support/cloud.ts';

/**
 * A server's figures are those of a warm process: the first thousands of messages also pay for V8
 * compiling the hot paths and for each pool connection preparing its statements. BENCH_WARMUP (default
 * 2000x1@max, "" for none) runs first and is logged, not tabled.
 */
const WARMUP = process.env.BENCH_WARMUP ?? '2000x1@max';
const SCENARIOS = [
  ...(WARMUP ? [`${WARMUP}~warmup`] : []),
  ...(
    process.env.BENCH_SCENARIOS ??
    '200x10@100,200x10@300,200x10@1000,200x10@max,2000x1@100,2000x1@300,2000x1@1000,2000x1@max'
  ).split(','),
].map((spec) => {
  const match = spec.trim().match(/^(\d+)x(\d+)@(\d+|max)(~warmup)?$/);
  if (!match) throw new Error(`bad scenario ${spec}: use SxM@rate, e.g. 200x10@300`);
  return {
    senders: Number(match[1]),
    each: Number(match[2]),
    rate: match[3] === 'max' ? Infinity : Number(match[3]),
    warmup: match[4] !== undefined,
  };
});
const BATCH = Number(process.env.BENCH_BATCH ?? 1);
/** Idle seconds after the last scenario before the final memory reading. */
const SETTLE_S = Number(process.env.BENCH_SETTLE_S ?? 30);
const WORKERS = Number(process.env.BENCH_WORKERS ?? 0);
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
/** Where Nova's queues (and pacing) live: redis (default), or postgres (BullMQ's PostgreSQL backend: no REDIS_URL). */
const QUEUE = process.env.BENCH_QUEUE === 'postgres' ? 'postgres' : 'redis';
const PG_BASE = process.env.BENCH_PG ?? 'postgresql://postgres@127.0.0.1:5432';
const id = randomBytes(4).toString('hex');
const DB_NAME = `nova_bench_${id}_scratch`;
const PREFIX = `nova-bench-${id}`;
const SECRET = 'bench-app-secret';
const PHONE_ID = 'bench-number';
const ADMIN_TOKEN = `bench-${randomBytes(12).toString('hex')}`;
/** As fast as possible: this many webhooks in flight. */
const MAX_IN_FLIGHT = 64;

const log = (line: string) => process.stderr.write(`[bench:e2e] ${line}\n`);

/** What clients write: a short conversation each, the same for every sender. */
const TEXTS = [
  'السلام عليكم',
  'ابي شقة للايجار بالرياض',
  'حي الملقا',
  'ميزانيتي ٦٠ ألف',
  'شكرا',
  'hi',
  'I want a villa in Jeddah',
  'budget 2 million',
  'thanks',
  'مع السلامة',
];

interface Scrape {
  /** webhook requests Nova answered (messages and delivery reports), and those within 100 ms by its clock */
  webhooks: number;
  webhooksWithin100ms: number;
  queries: number;
  turns: number;
  jobs: number;
  /** turns and sends run by the process that asked for them, without the queue */
  here: number;
  /** the server process's V8 heap (used, total) and memory outside it (external), bytes */
  heapUsed: number;
  heapTotal: number;
  external: number;
  /** the server's event-loop delay p99 since the previous scrape (prom-client resets it on every collect), s */
  loopLagP99: number;
  /** the server's longest event-loop delay since the previous scrape, s */
  loopLagMax: number;
  /** garbage collections by the server, and those that paused it 10 ms or more (prom-client's buckets) */
  gcs: number;
  gcsOver10ms: number;
  gcSeconds: number;
}

async function scrape(base: string): Promise<Scrape> {
  const text = await (await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })).text();
  const sum = (name: string) =>
    text
      .split('\n')
      .filter((l) => l.startsWith(name) && !l.startsWith('#'))
      .reduce((total, l) => total + Number(l.slice(l.lastIndexOf(' ') + 1)), 0);
  const sumBuckets = (le: string) =>
    text
      .split('\n')
      .filter((l) => l.startsWith('nova_nodejs_gc_duration_seconds_bucket') && l.includes(`le="${le}"`))
      .reduce((total, l) => total + Number(l.slice(l.lastIndexOf(' ') + 1)), 0);
  // Nova's own time for the webhooks (its request histogram): how many were answered within 100 ms
  const webhookBucket = (le: string) =>
    sum(`nova_http_request_seconds_bucket{le="${le}",route="/webhooks/whatsapp"}`) +
    sum(`nova_http_request_seconds_bucket{route="/webhooks/whatsapp",le="${le}"}`);
  return {
    webhooks: webhookBucket('+Inf'),
    webhooksWithin100ms: webhookBucket('0.1'),
    queries: sum('nova_db_queries_total'),
    turns: sum('nova_turns_total'),
    jobs: sum('nova_jobs_enqueued_total'),
    here: sum('nova_jobs_run_here_total'),
    heapUsed: sum('nova_nodejs_heap_size_used_bytes'),
    heapTotal: sum('nova_nodejs_heap_size_total_bytes'),
    external: sum('nova_nodejs_external_memory_bytes'),
    loopLagP99: sum('nova_nodejs_eventloop_lag_p99_seconds'),
    loopLagMax: sum('nova_nodejs_eventloop_lag_max_seconds'),
    gcs: sum('nova_nodejs_gc_duration_seconds_count'),
    gcsOver10ms: sum('nova_nodejs_gc_duration_seconds_count') - sumBuckets('0.01'),
    gcSeconds: sum('nova_nodejs_gc_duration_seconds_sum'),
  };
}

async function main() {
  ensureBuild();
  const admin = new pg.Client({ connectionString: `${PG_BASE}/postgres` });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${DB_NAME}`);
  if (process.env.BENCH_LOG_SQL) await admin.query(`ALTER DATABASE ${DB_NAME} SET log_statement = 'all'`);
  const port = 20_000 + Math.floor(Math.random() * 20_000);
  const base = `http://127.0.0.1:${port}`;
  const graph = await startFakeGraph({
    phoneNumberId: PHONE_ID,
    appSecret: SECRET,
    statusTo: () => `${base}/webhooks/whatsapp`,
  });
  const env: NodeJS.ProcessEnv = {
    DATABASE_URL: `${PG_BASE}/${DB_NAME}`,
    // empty: Nova runs without Redis, its queues and pacing in PostgreSQL
    REDIS_URL: QUEUE === 'redis' ? REDIS_URL : '',
    QUEUE_PREFIX: PREFIX,
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'error',
    ADMIN_TOKEN,
    WHATSAPP_CLOUD_TOKEN: 'bench-token',
    WHATSAPP_CLOUD_PHONE_NUMBER_ID: PHONE_ID,
    WHATSAPP_CLOUD_APP_SECRET: SECRET,
    WHATSAPP_CLOUD_VERIFY_TOKEN: 'bench-verify',
    WHATSAPP_CLOUD_API_BASE: graph.url,
    WHATSAPP_CLOUD_MESSAGES_PER_SECOND: '1000',
  };
  const processes: ChildProcess[] = [spawnNova(['start'], env)];
  await waitForHttp(`${base}/readyz`);
  for (let w = 0; w < WORKERS; w++) processes.push(spawnNova(['worker'], env));
  await sleep(3_000);
  const db = new pg.Client({ connectionString: `${PG_BASE}/${DB_NAME}` });
  await db.connect();
  const queues = createBullJobQueue({
    backend:
      QUEUE === 'redis'
        ? { kind: 'redis', url: REDIS_URL, prefix: PREFIX }
        : { kind: 'postgres', url: `${PG_BASE}/${DB_NAME}` },
  });
  const matching = queues.queue('matching.run');
  const idleRss = processes.reduce((t, p) => t + processUsage(p.pid!).rssBytes, 0);
  log(`nova on ${port} (${1 + WORKERS} process${WORKERS ? 'es' : ''}); idle RSS ${(idleRss / 2 ** 20).toFixed(0)} MB`);

  const results: Array<Record<string, string | number>> = [];
  for (const [index, scenario] of SCENARIOS.entries()) {
    const total = scenario.senders * scenario.each;
    // Senders new to Nova in every scenario; message n of every sender goes before message n + 1 of any.
    const messages: CloudText[] = [];
    for (let n = 0; n < scenario.each; n++) {
      for (let s = 0; s < scenario.senders; s++) {
        messages.push({
          // 96659…: outside the demo office's numbers (+9665000000xx)
          from: `96659${String(index).padStart(2, '0')}${String(s).padStart(5, '0')}`,
          id: `wamid.bench.${id}.${index}.${s}.${n}`,
          text: TEXTS[n % TEXTS.length]!,
        });
      }
    }
    const startedAt = new Map<string, number>();
    const acks: number[] = [];
    let failed = 0;
    const before = await scrape(base);
    const cpuBefore = processes.reduce((t, p) => t + processUsage(p.pid!).cpuSeconds, 0);
    const serversBefore = { pg: serverCpuSeconds('postgres'), redis: serverCpuSeconds('redis-server') };
    const benchBefore = process.cpuUsage();
    // this process's own event-loop delay: an ack it reads late is partly its own lateness
    const benchLoop = monitorEventLoopDelay({ resolution: 10 });
    const openedBefore = connectionsOpened();
    const machineBefore = machineCpuSeconds();
    benchLoop.enable();
    let peakRss = 0;
    const sampler = setInterval(() => {
      peakRss = Math.max(
        peakRss,
        processes.reduce((t, p) => t + processUsage(p.pid!).rssBytes, 0),
      );
    }, 250);

    const first = Date.now();
    const inFlight = new Set<Promise<void>>();
    for (let i = 0; i < messages.length; i += BATCH) {
      const batch = messages.slice(i, i + BATCH);
      if (Number.isFinite(scenario.rate)) {
        const due = first + (i / scenario.rate) * 1_000;
        if (due > Date.now()) await sleep(due - Date.now());
      } else {
        while (inFlight.size >= MAX_IN_FLIGHT) await Promise.race(inFlight);
      }
      const t0 = Date.now();
      for (const m of batch) startedAt.set(m.id, t0);
      const p = (async () => {
        let status = 0;
        for (let attempt = 0; attempt < 5 && status !== 200; attempt++) {
          status = await postWebhook(`${base}/webhooks/whatsapp`, SECRET, cloudWebhook(PHONE_ID, batch));
          if (status !== 200) {
            failed += 1;
            // 0: no answer (a connection reset: a kept-alive socket the server closed as it was reused)
            if (failed <= 5) log(`scenario ${index}: a webhook answered ${status}; sent again in a second`);
            await sleep(1_000);
          }
        }
        acks.push(Date.now() - t0);
      })().finally(() => inFlight.delete(p));
      inFlight.add(p);
    }
    await Promise.all(inFlight);
    const lastSent = Date.now();

    // Drained: every message of the scenario answered (or quarantined) and every reply to its senders
    // sent. Notices to the office's members (a new lead, a booking) are paced per recipient (Meta's
    // pair rate) and drain later: counted apart, not waited for. A match alert written inside the
    // office's quiet hours (22:00–08:00 in Riyadh) waits for their end: not waited for either.
    const ids = messages.map((m) => m.id);
    const senders = [...new Set(messages.map((m) => m.from))];
    const pendingSql = `SELECT
      (SELECT count(*) FROM inbound_messages WHERE status IN ('received','processing')) +
      (SELECT count(*) FROM outbound_messages WHERE status IN ('pending','sending') AND chat_id = ANY($1)
        AND (not_before IS NULL OR not_before <= now())) AS n`;
    for (;;) {
      const stored = Number(
        (await db.query('SELECT count(*) AS n FROM inbound_messages WHERE external_id = ANY($1)', [ids])).rows[0].n,
      );
      const pending = Number((await db.query(pendingSql, [senders])).rows[0].n);
      if (stored === total && pending === 0) break;
      if (Date.now() - lastSent > 15 * 60_000) {
        log(`scenario ${index}: not drained after 15 minutes (${pending} pending)`);
        break;
      }
      await sleep(200);
    }
    // The matching runs the scenario's requests asked for (each waits for its client to go quiet,
    // MATCH_QUIET_MS): waited for, so that their CPU and statements are this scenario's.
    for (;;) {
      const counts = await matching.getJobCounts('active', 'waiting', 'delayed', 'prioritized');
      if (Object.values(counts).every((n) => n === 0)) break;
      if (Date.now() - lastSent > 15 * 60_000) {
        log(`scenario ${index}: matching runs still queued after 15 minutes`);
        break;
      }
      await sleep(200);
    }
    const backgroundDone = Date.now();
    clearInterval(sampler);
    const after = await scrape(base);
    const cpuAfter = processes.reduce((t, p) => t + processUsage(p.pid!).cpuSeconds, 0);
    const serversAfter = { pg: serverCpuSeconds('postgres'), redis: serverCpuSeconds('redis-server') };
    const benchUsage = process.cpuUsage(benchBefore);
    const machineAfter = machineCpuSeconds();
    benchLoop.disable();

    // Reply latency: the Graph API's first send for each message, by the row key's inbound id.
    const rows = (
      await db.query<{ id: string; external_id: string }>(
        'SELECT id, external_id FROM inbound_messages WHERE external_id = ANY($1)',
        [ids],
      )
    ).rows;
    const wamidOf = new Map(rows.map((r) => [r.id, r.external_id]));
    const firstReply = new Map<string, number>();
    for (const send of graph.log) {
      const wamid = wamidOf.get(send.key.split(':')[0]!);
      if (wamid && !firstReply.has(wamid)) firstReply.set(wamid, send.at);
    }
    const latencies = [...firstReply].map(([wamid, at]) => at - startedAt.get(wamid)!);
    const lastReply = Math.max(...firstReply.values());
    // The slowest reply, step by step: where a straggler waited (its turn, or its send).
    const [slowest] = [...firstReply].sort((a, b) => b[1] - startedAt.get(b[0])! - (a[1] - startedAt.get(a[0])!));
    if (slowest && slowest[1] - startedAt.get(slowest[0])! > 10_000) {
      const sent = startedAt.get(slowest[0])!;
      const steps = (
        await db.query<{ received: Date; claimed: Date | null; processed: Date | null; written: Date | null }>(
          `SELECT i.received_at AS received, i.claimed_at AS claimed, i.processed_at AS processed,
             (SELECT min(o.created_at) FROM outbound_messages o WHERE o.idempotency_key LIKE i.id || ':%') AS written
           FROM inbound_messages i WHERE i.external_id = $1`,
          [slowest[0]],
        )
      ).rows[0];
      const at = (d: Date | null | undefined) => (d ? `${d.getTime() - sent} ms` : '–');
      log(
        `scenario ${index}: slowest reply ${slowest[1] - sent} ms after its webhook (${slowest[0].split('.').slice(-2).join('.')}): ` +
          `stored ${at(steps?.received)}, claimed ${at(steps?.claimed)}, turned ${at(steps?.processed)}, reply written ${at(steps?.written)}`,
      );
    }
    if (process.env.BENCH_BY_TEXT) {
      const byN = new Map<string, number[]>();
      for (const [wamid, at] of firstReply) {
        const n = wamid.split('.').at(-1)!;
        byN.set(n, [...(byN.get(n) ?? []), at - startedAt.get(wamid)!]);
      }
      for (const [n, l] of [...byN].sort())
        log(`  text ${n}: p50 ${percentile(l, 50)} p99 ${percentile(l, 99)} max ${Math.max(...l)}`);
    }
    const answered = firstReply.size;
    const rate = Number.isFinite(scenario.rate) ? String(scenario.rate) : 'max';
    const result = {
      scenario: `${scenario.senders}×${scenario.each} @ ${rate}/s${scenario.warmup ? ' (warm-up)' : ''}`,
      messages: total,
      answered,
      'ack p50 ms': percentile(acks, 50),
      'ack p99 ms': percentile(acks, 99),
      'offered /s': Math.round((total / Math.max(1, lastSent - first)) * 1000),
      'answered /s': Math.round((answered / Math.max(1, lastReply - first)) * 1000),
      // the share of webhooks (messages and delivery reports) Nova answered within 100 ms by its own
      // clock: the ack without the load generator's share of the cores
      'server ack ≤100 ms %': Number(
        (
          (100 * (after.webhooksWithin100ms - before.webhooksWithin100ms)) /
          Math.max(1, after.webhooks - before.webhooks)
        ).toFixed(1),
      ),
      // connections this generator opened (webhooks and delivery reports): each waits for Nova's accept
      'connections opened': connectionsOpened() - openedBefore,
      // how late each event loop ran its callbacks (p99, over the scenario and its drain): Nova's, and
      // this load generator's
      'server loop lag p99 ms': Math.round(after.loopLagP99 * 1000),
      'bench loop lag p99 ms': Math.round(benchLoop.percentile(99) / 1e6),
      'server loop lag max ms': Math.round(after.loopLagMax * 1000),
      // the server's garbage collections over the scenario: how many paused it 10 ms or more, and their time
      'GC pauses ≥10 ms': after.gcsOver10ms - before.gcsOver10ms,
      'GC ms/msg': Number((((after.gcSeconds - before.gcSeconds) * 1000) / total).toFixed(2)),
      'reply p50 ms': percentile(latencies, 50),
      'reply p99 ms': percentile(latencies, 99),
      'drain s': Number(((lastReply - lastSent) / 1000).toFixed(1)),
      'matching done s': Number(((backgroundDone - lastSent) / 1000).toFixed(1)),
      'jobs/msg': WORKERS ? 'n/a' : Number(((after.jobs - before.jobs) / total).toFixed(2)),
      'run here/msg': WORKERS ? 'n/a' : Number(((after.here - before.here) / total).toFixed(2)),
      'queries/msg': WORKERS ? 'n/a' : Number(((after.queries - before.queries) / total).toFixed(1)),
      'CPU ms/msg': Number((((cpuAfter - cpuBefore) * 1000) / total).toFixed(1)),
      'PostgreSQL CPU ms/msg': Number((((serversAfter.pg - serversBefore.pg) * 1000) / total).toFixed(1)),
      'Redis CPU ms/msg': Number((((serversAfter.redis - serversBefore.redis) * 1000) / total).toFixed(1)),
      // this process: the webhooks' signing and sending, the fake Graph API and its status webhooks
      'bench CPU ms/msg': Number(((benchUsage.user + benchUsage.system) / 1000 / total).toFixed(1)),
      // how much of both cores was used, from the first webhook to the end of the scenario's matching
      'machine busy %': Math.round(
        (100 * (machineAfter.busy - machineBefore.busy)) /
          Math.max(0.01, machineAfter.busy - machineBefore.busy + machineAfter.idle - machineBefore.idle),
      ),
      'peak RSS MB': Math.round(peakRss / 2 ** 20),
      'notices still paced': Number(
        (
          await db.query(
            `SELECT count(*) AS n FROM outbound_messages WHERE status IN ('pending','sending') AND NOT (chat_id = ANY($1))`,
            [senders],
          )
        ).rows[0].n,
      ),
      // match alerts to the senders written inside quiet hours, sent when they end
      'alerts held': Number(
        (
          await db.query(
            `SELECT count(*) AS n FROM outbound_messages WHERE status = 'pending' AND not_before > now() AND chat_id = ANY($1)`,
            [senders],
          )
        ).rows[0].n,
      ),
      'webhook retries': failed,
    };
    if (!scenario.warmup) results.push(result);
    log(JSON.stringify(result));
    await sleep(2_000);
  }

  // V8 gives memory back only once the process is idle for a while (its memory reducer): the reading
  // right after the burst shows garbage not yet collected, the one after BENCH_SETTLE_S what is kept.
  const rightAfter = processes.reduce((t, p) => t + processUsage(p.pid!).rssBytes, 0);
  log(
    `RSS right after the scenarios: ${(rightAfter / 2 ** 20).toFixed(0)} MB; settling ${SETTLE_S} s (server pid ${processes[0]!.pid})`,
  );
  await sleep(SETTLE_S * 1000);
  const idleAfter = processes.reduce((t, p) => t + processUsage(p.pid!).rssBytes, 0);
  // What of the server's memory is V8's heap: the rest is code, WebAssembly (Prisma's query compiler) and
  // buffers outside it.
  const heap = await scrape(base);
  const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(0);
  const twice = [...graph.sends.values()].filter((n) => n > 1).length;
  const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
  process.stdout.write(
    `\nmachine: ${machine}; Nova processes: ${1 + WORKERS}; queues: ${QUEUE}; webhook batch: ${BATCH}\n`,
  );
  process.stdout.write(
    `idle RSS before: ${mb(idleRss)} MB, right after: ${mb(rightAfter)} MB, after ${SETTLE_S} s idle: ${mb(idleAfter)} MB (server's V8 heap ${mb(heap.heapUsed)} MB used of ${mb(heap.heapTotal)}, external ${mb(heap.external)} MB); sent twice: ${twice}\n\n`,
  );
  const columns = Object.keys(results[0] ?? {});
  process.stdout.write(`| ${columns.join(' | ')} |\n| ${columns.map(() => '---').join(' | ')} |\n`);
  for (const r of results) process.stdout.write(`| ${columns.map((c) => r[c]).join(' | ')} |\n`);
  if (process.env.BENCH_JSON) {
    writeFileSync(
      process.env.BENCH_JSON,
      JSON.stringify({
        machine,
        processes: 1 + WORKERS,
        queue: QUEUE,
        batch: BATCH,
        idleRssMb: Number(mb(idleRss)),
        rightAfterMb: Number(mb(rightAfter)),
        settledMb: Number(mb(idleAfter)),
        settleS: SETTLE_S,
        sentTwice: twice,
        results,
      }),
    );
  }

  await queues.close();
  await db.end();
  for (const p of processes) p.kill('SIGTERM');
  await sleep(3_000);
  graph.server.close();
  await dropScratch(admin, DB_NAME, REDIS_URL, PREFIX);
  process.exit(twice === 0 ? 0 : 1);
}

main().catch((error) => {
  log(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exit(2);
});
