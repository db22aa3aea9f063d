// An in-process JobQueue for unit tests of pure logic: jobs are kept in order and run on `drain()`,
// delayed ones only once the test clock has passed their time.
import type { Clock } from '../shared/clock.ts';
import type { EnqueueOptions, JobHandlers, JobMap, JobName, JobQueue } from './job-map.ts';

interface Pending {
  name: JobName;
  data: unknown;
  runAt: number;
  jobId?: string;
  debounceKey?: string;
}

export function createInlineJobQueue(handlers: JobHandlers, clock: Clock) {
  const pending: Pending[] = [];
  const queue: JobQueue & { drain(): Promise<number>; pending(): readonly Pending[] } = {
    async enqueue<K extends JobName>(name: K, data: JobMap[K], options: EnqueueOptions = {}) {
      if (options.jobId && pending.some((p) => p.name === name && p.jobId === options.jobId)) return;
      const now = clock.now().getTime();
      if (options.debounce) {
        const key = options.debounce.key;
        const waiting = pending.find((p) => p.name === name && p.debounceKey === key);
        if (waiting) {
          waiting.runAt = now + options.debounce.ms;
          return;
        }
        pending.push({ name, data, runAt: now + options.debounce.ms, debounceKey: key });
        return;
      }
      pending.push({ name, data, runAt: now + (options.delayMs ?? 0), jobId: options.jobId });
    },
    /** Runs every job that is due, including jobs those jobs enqueue. Returns how many ran. */
    async drain() {
      let ran = 0;
      for (;;) {
        const now = clock.now().getTime();
        const index = pending.findIndex((p) => p.runAt <= now);
        if (index < 0) return ran;
        const [job] = pending.splice(index, 1);
        const handler = handlers[job!.name] as
          | ((data: unknown, meta: { attempt: number }) => Promise<void>)
          | undefined;
        if (handler) await handler(job!.data, { attempt: 1 });
        ran++;
      }
    },
    pending: () => pending,
    async isQueued(name: JobName, jobId: string) {
      return pending.some((p) => p.name === name && p.jobId === jobId);
    },
    async close() {},
  };
  return queue;
}
