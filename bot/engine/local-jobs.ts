// Work this process can do at once is not sent round the queue. A message stored by this process's inbox
// and a reply written by its turns were each a queued job: a round trip to the queue backend to add it
// and two more to take and finish it, for work the process that asked for it can start as soon as its
// row is committed. In a process that runs workers, a job of a kind given to start() (the chat's turns,
// the sends) runs here in the background (the caller does not wait for it) while fewer than that kind's
// limit are running; otherwise (a busy process, a delayed job, a process without workers) and whenever
// the work fails here (the database away, a channel that refused, no adapter for that account in this
// process), it becomes the job it would have been, with the queue's retries and backoff.
//
// Nothing is lost by skipping the queue: the job's row is in PostgreSQL before it is asked for, and the
// handlers are the same as the queue's, claim their rows and keep each chat's order (a turn takes the
// chat's lock, a send claims its row); what a process that dies leaves behind (a received message, a
// pending send or an expired lease) is the minute sweep's (sweep.ts), and a restart's first sweep takes
// it at once.
import type { EnqueueOptions, JobHandlers, JobMap, JobName, JobQueue } from '../../core/jobs/job-map.ts';
import type { Logger } from '../../core/shared/logger.ts';

export type LocalLimits = Partial<Record<JobName, number>>;

export interface LocalJobs extends JobQueue {
  /** Runs the given kinds here from now on, at most `limits[kind]` at a time (the workers started). */
  start(limits: LocalLimits): void;
  /** Stops running jobs here and waits for the running ones (a stopping process). */
  drain(): Promise<void>;
  /** how many jobs of this kind run here now */
  running(name: JobName): number;
  /** how many jobs of this kind were run here since the process started (done or handed to the queue) */
  ran(name: JobName): number;
}

export function runLocallyFirst({
  jobs,
  handlers,
  logger,
}: {
  /** where everything else goes, and a job that cannot run here */
  jobs: JobQueue;
  /** the queue's own handlers (read when a job runs: the runtime defines them after its services) */
  handlers: () => JobHandlers;
  logger: Logger;
}): LocalJobs {
  const running = new Set<Promise<void>>();
  const counts = new Map<JobName, number>();
  const totals = new Map<JobName, number>();
  let limits: LocalLimits = {};

  const runHere = <K extends JobName>(name: K, data: JobMap[K], options: EnqueueOptions | undefined) => {
    const handler = handlers()[name] as ((data: JobMap[K], meta: { attempt: number }) => Promise<void>) | undefined;
    if (!handler) return false;
    counts.set(name, (counts.get(name) ?? 0) + 1);
    totals.set(name, (totals.get(name) ?? 0) + 1);
    const task: Promise<void> = Promise.resolve()
      .then(() => handler(data, { attempt: 1 }))
      .catch(async (error) => {
        logger.debug({ err: error, job: name }, 'job not done here: queued');
        await jobs
          .enqueue(name, data, options)
          .catch((queueError) =>
            logger.warn({ err: queueError, job: name }, 'job not queued; the sweep will catch up'),
          );
      })
      .finally(() => {
        counts.set(name, (counts.get(name) ?? 1) - 1);
        running.delete(task);
      });
    running.add(task);
    return true;
  };

  return {
    async enqueue<K extends JobName>(name: K, data: JobMap[K], options?: EnqueueOptions) {
      const limit = limits[name] ?? 0;
      const here = !options?.delayMs && (counts.get(name) ?? 0) < limit && runHere(name, data, options);
      if (!here) await jobs.enqueue(name, data, options);
    },
    isQueued: jobs.isQueued ? (name, jobId) => jobs.isQueued!(name, jobId) : undefined,
    // The queue is the runtime's: it closes it.
    async close() {},
    start(next) {
      limits = { ...next };
    },
    async drain() {
      limits = {};
      while (running.size > 0) await Promise.allSettled([...running]);
    },
    running: (name) => counts.get(name) ?? 0,
    ran: (name) => totals.get(name) ?? 0,
  };
}
