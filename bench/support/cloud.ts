// What the benchmarks that drive a running Nova share: a fake WhatsApp Graph API on 127.0.0.1 that
// records every send (by the row key Nova puts in biz_opaque_callback_data, with its time) and reports
// a "sent" status back like Meta does; signed webhook bodies; Nova's processes and their CPU and memory.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { Agent, createServer, type IncomingMessage, request, type Server } from 'node:http';
import path from 'node:path';
import { Redis } from 'ioredis';
import type pg from 'pg';
import { signCloudPayload } from '../../bot/channels/whatsapp-cloud/cloud.signature.ts';
import { cloudStatusWebhook } from '../../tests/support/cloud-payloads.ts';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface GraphSend {
  /** biz_opaque_callback_data: "<row key>#<part>/<parts>" */
  key: string;
  at: number;
}

export interface FakeGraph {
  server: Server;
  url: string;
  /** sends per callback key (a count above 1 is a message sent twice) */
  sends: Map<string, number>;
  /** every send in arrival order, with its time */
  log: GraphSend[];
}

export function startFakeGraph(options: {
  phoneNumberId: string;
  appSecret: string;
  /** where to post status webhooks; none = no statuses */
  statusTo?: () => string;
}): Promise<FakeGraph> {
  const sends = new Map<string, number>();
  const log: GraphSend[] = [];
  let counter = 0;
  // Statuses are delivered as Meta delivers webhooks: a bounded number of posts at a time, each given
  // up after 10 s and tried again later. (Unbounded, the 100,000-message soak had 6,500 status posts
  // open at once against a loaded Nova, and this fake, starved, stopped answering sends.)
  const STATUS_POSTS_AT_ONCE = 32;
  let posting = 0;
  const waiting: Array<() => void> = [];
  const slot = async () => {
    if (posting >= STATUS_POSTS_AT_ONCE) await new Promise<void>((r) => waiting.push(r));
    posting++;
  };
  const release = () => {
    posting--;
    waiting.shift()?.();
  };
  const report = async (wamid: string, callback: string, to: string) => {
    const body = cloudStatusWebhook(options.phoneNumberId, { wamid, callback, to });
    for (let attempt = 0; attempt < 20; attempt++) {
      await sleep(attempt === 0 ? 200 : 2_000);
      await slot();
      const ok = await postSigned(options.statusTo!(), options.appSecret, body, 10_000)
        .then((status) => status === 200)
        .finally(release);
      if (ok) return;
    }
  };
  const server = createServer(async (req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : {};
    const key = String(body.biz_opaque_callback_data ?? `unkeyed-${++counter}`);
    sends.set(key, (sends.get(key) ?? 0) + 1);
    log.push({ key, at: Date.now() });
    const wamid = `wamid.bench${++counter}`;
    res
      .writeHead(200, { 'Content-Type': 'application/json' })
      .end(JSON.stringify({ messaging_product: 'whatsapp', messages: [{ id: wamid }] }));
    if (options.statusTo) void report(wamid, key, String(body.to ?? ''));
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      resolve({ server, url: `http://127.0.0.1:${port}/v21.0`, sends, log });
    }),
  );
}

export type { CloudText } from '../../tests/support/cloud-payloads.ts';
export { cloudTextWebhook as cloudWebhook } from '../../tests/support/cloud-payloads.ts';

/**
 * The load generator's connections: kept open between requests, as Meta's webhook senders keep theirs.
 * Node's own http client, not fetch: the generator shares the machine's two cores with Nova, and fetch
 * (undici, web streams) costs it about twice the CPU per request.
 */
const keepAlive = new Agent({ keepAlive: true, maxSockets: 256 });
let opened = 0;
/**
 * Connections the load generator has opened so far. A new one costs more than a request: a busy Node
 * process accepts one connection per turn of its event loop (bin/commands/start.ts, IDLE_CONNECTION_MS).
 */
export const connectionsOpened = () => opened;

/** Posts a body signed as Meta signs it; resolves with the HTTP status (0 when the request failed). */
function postSigned(url: string, appSecret: string, body: string, timeoutMs: number): Promise<number> {
  return new Promise((resolve) => {
    const req = request(
      url,
      {
        method: 'POST',
        agent: keepAlive,
        timeout: timeoutMs,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          'x-hub-signature-256': signCloudPayload(appSecret, body),
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', () => resolve(0));
      },
    );
    req.once('socket', () => {
      if (!req.reusedSocket) opened += 1;
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(0));
    req.end(body);
  });
}

/** Posts a signed webhook; resolves with the HTTP status (0 when the connection failed). */
export function postWebhook(url: string, appSecret: string, body: string, timeoutMs = 10_000): Promise<number> {
  return postSigned(url, appSecret, body, timeoutMs);
}

/**
 * A `nova` verb as a child process of this benchmark. BENCH_NODE_FLAGS adds flags to its `node` (for
 * example `--cpu-prof --cpu-prof-dir=/tmp/prof` to see where its CPU goes; node refuses those in
 * NODE_OPTIONS).
 */
/**
 * Node's flags for Nova in production, as `npm start` (package.json) and the Dockerfile give them through
 * NODE_OPTIONS: the old generation capped, so that a burst's garbage is collected instead of kept
 * (tests/unit/architecture/production-flags.test.ts keeps the three the same).
 */
export const PRODUCTION_NODE_OPTIONS = '--max-old-space-size=384';

/** Compiles dist/ when its sources changed (what `npm start` does first). */
export function ensureBuild(): void {
  const built = spawnSync(process.execPath, ['bin/build.mjs', '--if-stale', '--no-check'], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  if (built.status !== 0) throw new Error('the build failed');
}

/**
 * A Nova process as production runs it: the compiled build (ensureBuild() first) with production's
 * NODE_OPTIONS; BENCH_NODE_FLAGS adds node flags (profiling, other heap sizes).
 */
export function spawnNova(args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  const flags = (process.env.BENCH_NODE_FLAGS ?? '').split(/\s+/).filter(Boolean);
  return spawn(process.execPath, ['--enable-source-maps', ...flags, 'dist/bin/nova.js', ...args], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_OPTIONS: `${PRODUCTION_NODE_OPTIONS} ${process.env.NODE_OPTIONS ?? ''}`.trim(),
      ...env,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

export async function waitForHttp(url: string, timeoutMs = 120_000) {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    const ok = await fetch(url)
      .then((r) => r.status < 500)
      .catch(() => false);
    if (ok) return;
    await sleep(250);
  }
  throw new Error(`${url} did not answer in time`);
}

/** CPU seconds (user + system) and resident memory of a process, from /proc (Linux). */
export function processUsage(pid: number): { cpuSeconds: number; rssBytes: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = 100; // USER_HZ on Linux
  const cpuSeconds = (Number(fields[11]) + Number(fields[12])) / ticks;
  const rssPages = Number(readFileSync(`/proc/${pid}/statm`, 'utf8').split(' ')[1]);
  return { cpuSeconds, rssBytes: rssPages * 4096 };
}

/**
 * CPU seconds used so far by every process of this machine whose command is `name` (postgres,
 * redis-server), with their ended children's (a backend that exits is counted by the postmaster that
 * reaps it): the servers' share of a scenario, read before and after it.
 */
export function serverCpuSeconds(name: string): number {
  let total = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      if (comm !== name) continue;
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // utime, stime, then cutime, cstime: the process's own and its reaped children's
      total += (Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14])) / 100;
    } catch {
      // the process ended while we read
    }
  }
  return total;
}

/**
 * The machine's CPU time so far (/proc/stat, every core): busy and idle seconds. Between two readings,
 * busy ÷ (busy + idle) says whether a core was left for a second process.
 */
export function machineCpuSeconds(): { busy: number; idle: number } {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  // user nice system idle iowait irq softirq steal (guest time is inside user)
  const idle = fields[3]! + fields[4]!;
  const busy = fields.slice(0, 8).reduce((t, n) => t + n, 0) - idle;
  return { busy: busy / 100, idle: idle / 100 };
}

/** The p-th percentile (0–100) of a list of numbers. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** Drops a benchmark's own database and Redis keys. */
export async function dropScratch(admin: pg.Client, database: string, redisUrl: string, prefix: string) {
  const redis = new Redis(redisUrl);
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length) await redis.del(...keys);
  await redis.quit();
  await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  await admin.end();
}
