// Work this process can do at once is not sent round the queue. A message stored by this process's inbox
// and a reply written by its turns were each a queued job: a round trip to the queue backend to add it
// and two more to take and finish it, for work the process that asked for it can start as soon as its
// row is committed. In a process that runs workers, a job of a kind given to start() (the chat's turns,
// the sends) runs here in the background (the caller does not wait for it): at most `atOnce` at a time,
// then up to `waiting` more wait their turn here in order. Beyond that (a burst), for a delayed job, in
// a process without workers, and whenever the work fails here (the database away, a channel that
// refused, no adapter for that account in this process), it becomes the job it would have been, with
// the queue's retries and backoff; a stopping process hands what still waits here to the queue.
//
// Nothing is lost by skipping the queue: the job's row is in PostgreSQL before it is asked for, and the
// handlers are the same as the queue's, claim their rows and keep each chat's order (a turn takes the
// chat's lock, a send claims its row); what a process that dies leaves behind (a received message, a
// pending send or an expired lease, a message that waited here) is the minute sweep's (sweep.ts), and a
// restart's first sweep takes it at once.
import type { EnqueueOptions, JobHandlers, JobMap, JobName, JobQueue } from '../../core/jobs/job-map.ts';
import type { Logger } from '../../core/shared/logger.ts';

/** Per kind: how many run here at once, and how many more may wait here for a free place. */
export type LocalLimits = Partial<Record<JobName, { atOnce: number; waiting?: number }>>;

export interface LocalJobs extends JobQueue {
  /** Runs the given kinds here from now on (the workers started). */
  start(limits: LocalLimits): void;
  /**
   * Stops running jobs here, hands those waiting here to the queue, and waits for the running ones, at
   * most `withinMs` (a stopping process has 10 s in all): what is cut then rolls back, and its rows are
   * the sweep's.
   */
  drain(withinMs?: number): Promise<void>;
  /** how many jobs of this kind run here now */
  running(name: JobName): number;
  /** how many jobs of this kind were started here since the process started (done or handed to the queue) */
  ran(name: JobName): number;
}

interface Held {
  name: JobName;
  data: unknown;
  options?: EnqueueOptions;
}

export function runLocallyFirst({
  jobs,
  handlers,
  logger,
  onRun,
}: {
  /** where everything else goes, and a job that cannot run here */
  jobs: JobQueue;
  /** the queue's own handlers (read when a job runs: the runtime defines them after its services) */
  handlers: () => JobHandlers;
  logger: Logger;
  /** told of every job started here */
  onRun?: (name: JobName) => void;
}): LocalJobs {
  const running = new Set<Promise<void>>();
  const counts = new Map<JobName, number>();
  const totals = new Map<JobName, number>();
  const waiting = new Map<JobName, Held[]>();
  let limits: LocalLimits = {};

  const toQueue = ({ name, data, options }: Held) =>
    jobs
      .enqueue(name, data as JobMap[typeof name], options)
      .catch((error) => logger.warn({ err: error, job: name }, 'job not queued; the sweep will catch up'));

  /** Runs a job of a kind that has a handler here (enqueue checked) in the background. */
  const runHere = (job: Held) => {
    const { name, data } = job;
    const handler = handlers()[name] as (data: unknown, meta: { attempt: number }) => Promise<void>;
    counts.set(name, (counts.get(name) ?? 0) + 1);
    totals.set(name, (totals.get(name) ?? 0) + 1);
    onRun?.(name);
    const task: Promise<void> = Promise.resolve()
      .then(() => handler(data, { attempt: 1 }))
      .catch(async (error) => {
        logger.debug({ err: error, job: name }, 'job not done here: queued');
        await toQueue(job);
      })
      .finally(() => {
        counts.set(name, (counts.get(name) ?? 1) - 1);
        running.delete(task);
        // The place is free: the next job waiting here takes it.
        const next = waiting.get(name)?.shift();
        if (next) runHere(next);
      });
    running.add(task);
  };

  return {
    async enqueue<K extends JobName>(name: K, data: JobMap[K], options?: EnqueueOptions) {
      const limit = limits[name];
      const job: Held = { name, data, options };
      // Not ours to run: queued as asked, its failure the caller's (as with the queue itself). Delayed
      // and debounced work is the queue's: it keeps the time and the key.
      if (!limit || options?.delayMs || options?.debounce || !handlers()[name])
        return jobs.enqueue(name, data, options);
      if ((counts.get(name) ?? 0) < limit.atOnce) return runHere(job);
      const line = waiting.get(name) ?? [];
      waiting.set(name, line);
      if (line.length < (limit.waiting ?? 0)) line.push(job);
      else await jobs.enqueue(name, data, options);
    },
    isQueued: jobs.isQueued ? (name, jobId) => jobs.isQueued!(name, jobId) : undefined,
    // The queue is the runtime's: it closes it.
    async close() {},
    start(next) {
      limits = { ...next };
    },
    async drain(withinMs = 5_000) {
      limits = {};
      const held = [...waiting.values()].flatMap((line) => line.splice(0));
      const settled = (async () => {
        await Promise.all(held.map(toQueue));
        while (running.size > 0) await Promise.allSettled([...running]);
      })();
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, withinMs);
      });
      await Promise.race([settled, late]);
      clearTimeout(timer);
    },
    running: (name) => counts.get(name) ?? 0,
    ran: (name) => totals.get(name) ?? 0,
  };
}
