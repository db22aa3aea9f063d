// BullMQ adapter of the JobQueue port: one queue per job name, so that each kind of work has its own
// concurrency and a slow kind never starves another. Redis may lose data; PostgreSQL is the truth, so
// every handler is idempotent and a sweep re-enqueues what a lost job missed.
import { type ConnectionOptions, Queue, UnrecoverableError, Worker } from 'bullmq';
import type { EnqueueOptions, JobHandlers, JobMap, JobName, JobQueue } from './job-map.ts';

export interface BullOptions {
  redisUrl: string;
  /** key prefix, so that installations and test runs can share a Redis */
  prefix: string;
  /** told of every job handed to BullMQ (metrics) */
  onEnqueue?: (name: JobName) => void;
}

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
  };
}

/** BullMQ forbids ':' in queue names; dotted job names map to queue names one to one. */
export const queueName = (job: JobName) => job.replace(/\./g, '-');

export function createBullJobQueue(options: BullOptions): JobQueue & { queue(name: JobName): Queue } {
  const connection = redisConnection(options.redisUrl);
  const queues = new Map<JobName, Queue>();
  const queue = (name: JobName) => {
    let q = queues.get(name);
    if (!q) {
      q = new Queue(queueName(name), { connection, prefix: options.prefix });
      queues.set(name, q);
    }
    return q;
  };
  return {
    queue,
    async enqueue<K extends JobName>(name: K, data: JobMap[K], opts: EnqueueOptions = {}) {
      options.onEnqueue?.(name);
      await queue(name).add(name, data, {
        jobId: opts.jobId,
        delay: opts.delayMs && opts.delayMs > 0 ? opts.delayMs : undefined,
        attempts: opts.attempts ?? 5,
        backoff: { type: 'exponential', delay: 1_000 },
        removeOnComplete: { count: 1_000 },
        removeOnFail: { count: 5_000 },
      });
    },
    async isQueued(name: JobName, jobId: string) {
      const job = await queue(name).getJob(jobId);
      if (!job) return false;
      return ['waiting', 'delayed', 'prioritized', 'waiting-children'].includes(await job.getState());
    },
    async close() {
      await Promise.all([...queues.values()].map((q) => q.close()));
    },
  };
}

export interface WorkerOptions extends BullOptions {
  concurrency?: Partial<Record<JobName, number>>;
  onError?: (job: JobName, error: unknown) => void;
}

/** Starts one BullMQ worker per handled job name. Returns a function that stops them all. */
export function startBullWorkers(handlers: JobHandlers, options: WorkerOptions): { close(): Promise<void> } {
  const connection = redisConnection(options.redisUrl);
  const workers = (Object.keys(handlers) as JobName[]).map((name) => {
    const handler = handlers[name] as (data: unknown, meta: { attempt: number; jobId?: string }) => Promise<void>;
    const worker = new Worker(
      queueName(name),
      async (job) => handler(job.data, { attempt: job.attemptsMade + 1, jobId: job.id }),
      { connection, prefix: options.prefix, concurrency: options.concurrency?.[name] ?? 4 },
    );
    worker.on('failed', (_job, error) => options.onError?.(name, error));
    worker.on('error', (error) => options.onError?.(name, error));
    return worker;
  });
  return {
    async close() {
      await Promise.all(workers.map((w) => w.close()));
    },
  };
}

export { UnrecoverableError };
