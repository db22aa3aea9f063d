// BullMQ adapter of the JobQueue port: one queue per job name, so that each kind of work has its own
// concurrency and a slow kind never starves another. The queues live in Redis or, through BullMQ's
// PostgreSQL backend, in PostgreSQL (postgres.backend.ts): the same classes, the same surface. Redis may
// lose data; PostgreSQL is the truth, so every handler is idempotent and a sweep re-enqueues what a lost
// job missed.
//
// While the backend is away, BullMQ reports the lost connection on every reconnect attempt of every queue
// and worker; a queue without an 'error' listener even prints the raw trace on the console. Here every
// queue and worker has a listener, and a connection error is reported once per outage (until a job is
// added or run again); any other error is reported each time.
import {
  type QueueOptions as BullQueueOptions,
  type WorkerOptions as BullWorkerOptions,
  type ConnectionOptions,
  type Processor,
  Queue,
  UnrecoverableError,
  Worker,
} from 'bullmq';
import type { EnqueueOptions, JobHandlers, JobMap, JobName, JobQueue } from './job-map.ts';
import { createPostgresQueueHost, type PostgresQueueHost } from './postgres.backend.ts';

/** Where the queues live: Redis (keys under `prefix`), or PostgreSQL (tables in `schema` of that database). */
export type QueueBackend =
  | { kind: 'redis'; url: string; prefix: string }
  | { kind: 'postgres'; url: string; schema?: string };

export interface BullOptions {
  /** where the queues live; `redisUrl` and `prefix` below are the shorthand of a Redis backend */
  backend?: QueueBackend;
  redisUrl?: string;
  /** key prefix, so that installations and test runs can share a Redis */
  prefix?: string;
  /** told of every job handed to BullMQ (metrics) */
  onEnqueue?: (name: JobName) => void;
}

export interface QueueOptions extends BullOptions {
  /** told of queue errors: a lost connection once per outage, anything else each time */
  onError?: (error: unknown) => void;
}

export function queueBackendOf(options: BullOptions): QueueBackend {
  if (options.backend) return options.backend;
  if (!options.redisUrl) throw new Error('no queue backend: give `backend` or `redisUrl`');
  return { kind: 'redis', url: options.redisUrl, prefix: options.prefix ?? 'bull' };
}

/** Finished jobs kept for inspection: failed ones a week (at most 1,000 per queue), completed ones a day. */
export const KEEP_FAILED = { age: 7 * 24 * 3600, count: 1_000 } as const;
export const KEEP_COMPLETED = { age: 24 * 3600, count: 1_000 } as const;

/**
 * How long close() waits for BullMQ to finish politely (running turns included) before it cuts the
 * connections: together well inside the 10 s a stopping process has (bin/commands/start.ts).
 */
const CLOSE_QUEUES_MS = 2_000;
const CLOSE_WORKERS_MS = 5_000;

export function redisConnection(redisUrl: string): ConnectionOptions {
  const url = new URL(redisUrl);
  return {
    host: url.hostname,
    port: Number(url.port || 6379),
    username: url.username || undefined,
    password: url.password ? decodeURIComponent(url.password) : undefined,
    db: url.pathname.length > 1 ? Number(url.pathname.slice(1)) : undefined,
    tls: url.protocol === 'rediss:' ? {} : undefined,
    // BullMQ workers need blocking commands to wait forever rather than fail after retries.
    maxRetriesPerRequest: null,
    // Reconnect every few seconds at most (BullMQ's default backs off to 20 s), so that work resumes
    // soon after Redis is back.
    retryStrategy: (times: number) => Math.min(times * 500, 5_000),
  };
}

const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
]);

/** Whether the error says the queue backend cannot be reached (rather than that a job went wrong). */
export function isConnectionError(error: unknown): boolean {
  const e = error as { code?: unknown; message?: unknown; name?: unknown } | null;
  if (!e || typeof e !== 'object') return false;
  if (typeof e.code === 'string' && CONNECTION_CODES.has(e.code)) return true;
  if (e.name === 'MaxRetriesPerRequestError' || e.name === 'ConnectionClosedError') return true;
  // PostgreSQL: connection exceptions (class 08), and a server shutting down or starting up.
  if (typeof e.code === 'string' && /^08...$|^57P0[1-3]$/.test(e.code)) return true;
  return (
    typeof e.message === 'string' &&
    /^Connection is closed\.?$|^connect E[A-Z]+ |^Connection terminated( unexpectedly)?$/.test(e.message)
  );
}

/** Reports a connection error once until `up()` says the backend answered again. */
export function outageFilter(report: (error: unknown) => void) {
  let down = false;
  return {
    error(error: unknown) {
      if (!isConnectionError(error)) return report(error);
      if (down) return;
      down = true;
      report(error);
    },
    up() {
      down = false;
    },
  };
}

/**
 * Runs `graceful`; if it has not finished in `ms`, starts `force` and returns without waiting for it:
 * BullMQ's close and disconnect both wait for a connection that a Redis never seen cannot give.
 */
async function within(ms: number, graceful: () => Promise<unknown>, force: () => Promise<unknown>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), ms);
  });
  const outcome = await Promise.race([
    graceful().then(
      () => 'done' as const,
      () => 'failed' as const,
    ),
    late,
  ]);
  clearTimeout(timer);
  if (outcome !== 'done') force().catch(() => undefined);
}

/** BullMQ forbids ':' in queue names; dotted job names map to queue names one to one. */
export const queueName = (job: JobName) => job.replace(/\./g, '-');

/** What BullMQ's classes take for one backend: their options' connection part and a backend factory. */
interface Binding {
  kind: QueueBackend['kind'];
  options: { connection: ConnectionOptions; prefix?: string };
  host?: PostgresQueueHost;
}

function bind(backend: QueueBackend, connections: number, onError: (error: unknown) => void): Binding {
  if (backend.kind === 'redis') {
    return { kind: 'redis', options: { connection: redisConnection(backend.url), prefix: backend.prefix } };
  }
  const host = createPostgresQueueHost({ url: backend.url, schema: backend.schema, max: connections, onError });
  // BullMQ's typings tie a connection to its backend; the classes take either at run time.
  return { kind: 'postgres', options: { connection: host.pool as unknown as ConnectionOptions }, host };
}

function newQueue(binding: Binding, name: string, options: Omit<BullQueueOptions, 'connection'>): Queue {
  const opts = { ...options, ...binding.options };
  return binding.host
    ? (new Queue(name, opts as never, binding.host.factory) as unknown as Queue)
    : new Queue(name, opts);
}

function newWorker(
  binding: Binding,
  name: string,
  processor: Processor,
  options: Omit<BullWorkerOptions, 'connection'>,
): Worker {
  const opts = { ...options, ...binding.options };
  return binding.host
    ? (new Worker(name, processor, opts as never, binding.host.factory) as unknown as Worker)
    : new Worker(name, processor, opts);
}

/** Ends a PostgreSQL backend's pool once its queues or workers are closed (bounded: a cut client may linger). */
async function release(binding: Binding): Promise<void> {
  const host = binding.host;
  if (host)
    await within(
      CLOSE_QUEUES_MS,
      () => host.close(),
      async () => undefined,
    );
}

export interface BullJobQueue extends JobQueue {
  /** the backend the queues live in */
  readonly backend: QueueBackend['kind'];
  queue(name: JobName): Queue;
  /** the backend answers (PostgreSQL: and BullMQ's schema is in place) */
  ping(): Promise<void>;
}

export function createBullJobQueue(options: QueueOptions): BullJobQueue {
  const outage = outageFilter((error) => options.onError?.(error));
  const binding = bind(queueBackendOf(options), 10, (error) => outage.error(error));
  const queues = new Map<JobName, Queue>();
  const queue = (name: JobName) => {
    let q = queues.get(name);
    if (!q) {
      // Every job of the queue, the sweep's scheduled ones included, is kept only so long once finished.
      q = newQueue(binding, queueName(name), {
        defaultJobOptions: { removeOnComplete: KEEP_COMPLETED, removeOnFail: KEEP_FAILED },
      });
      q.on('error', (error) => outage.error(error));
      queues.set(name, q);
    }
    return q;
  };
  return {
    backend: binding.kind,
    queue,
    async ping() {
      if (binding.host) return binding.host.ping();
      await queue('system.ping').getJobCounts('waiting');
    },
    async enqueue<K extends JobName>(name: K, data: JobMap[K], opts: EnqueueOptions = {}) {
      options.onEnqueue?.(name);
      const delay = opts.debounce?.ms ?? opts.delayMs;
      await queue(name).add(name, data, {
        jobId: opts.jobId,
        delay: delay && delay > 0 ? delay : undefined,
        // BullMQ's debounce: a delayed job of the key is put off (reschedule), an active one is
        // followed by one more run (keepLastIfActive); the key lives until its last job ends.
        deduplication: opts.debounce
          ? { id: `${name}:${opts.debounce.key}`, reschedule: true, keepLastIfActive: true }
          : undefined,
        attempts: opts.attempts ?? 5,
        backoff: { type: 'exponential', delay: 1_000 },
      });
      outage.up();
    },
    async isQueued(name: JobName, jobId: string) {
      const job = await queue(name).getJob(jobId);
      if (!job) return false;
      return ['waiting', 'delayed', 'prioritized', 'waiting-children'].includes(await job.getState());
    },
    async close() {
      await Promise.all(
        [...queues.values()].map((q) =>
          within(
            CLOSE_QUEUES_MS,
            () => q.close(),
            () => q.disconnect(),
          ),
        ),
      );
      await release(binding);
    },
  };
}

export interface WorkerOptions extends BullOptions {
  concurrency?: Partial<Record<JobName, number>>;
  /** a job that failed (each attempt), or a queue error: a lost connection once per outage */
  onError?: (job: JobName, error: unknown) => void;
}

/** Starts one BullMQ worker per handled job name. Returns a function that stops them all. */
export function startBullWorkers(handlers: JobHandlers, options: WorkerOptions): { close(): Promise<void> } {
  let failing: JobName = 'system.ping';
  const outage = outageFilter((error) => options.onError?.(failing, error));
  const names = Object.keys(handlers) as JobName[];
  // PostgreSQL: each worker holds a connection for LISTEN; the others serve the jobs' queries.
  const binding = bind(queueBackendOf(options), names.length + 10, (error) => outage.error(error));
  const workers = names.map((name) => {
    const handler = handlers[name] as (data: unknown, meta: { attempt: number; jobId?: string }) => Promise<void>;
    const worker = newWorker(
      binding,
      queueName(name),
      async (job) => handler(job.data, { attempt: job.attemptsMade + 1, jobId: job.id }),
      { concurrency: options.concurrency?.[name] ?? 4 },
    );
    worker.on('failed', (_job, error) => options.onError?.(name, error));
    worker.on('error', (error) => {
      failing = name;
      outage.error(error);
    });
    // Any sign of a working connection ends the outage: the next lost connection is reported again.
    worker.on('active', () => outage.up());
    worker.on('drained', () => outage.up());
    return worker;
  });
  return {
    async close() {
      // Jobs running now (a turn) finish first; a worker that cannot reach its backend is cut off.
      await Promise.all(
        workers.map((w) =>
          within(
            CLOSE_WORKERS_MS,
            () => w.close(),
            () => w.close(true),
          ),
        ),
      );
      await release(binding);
    },
  };
}

export { UnrecoverableError };
