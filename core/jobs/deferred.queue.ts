// A JobQueue that holds jobs until the transaction that asked for them has committed: a job must never
// run for a row that a rollback made vanish. The minute sweep covers a crash between commit and flush.
import type { EnqueueOptions, JobMap, JobName, JobQueue } from './job-map.ts';

export function createDeferredQueue() {
  const held: Array<{ name: JobName; data: unknown; options?: EnqueueOptions }> = [];
  return {
    queue: {
      async enqueue<K extends JobName>(name: K, data: JobMap[K], options?: EnqueueOptions) {
        held.push({ name, data, options });
      },
      async close() {},
    } satisfies JobQueue,
    async flush(target: JobQueue) {
      for (const job of held.splice(0)) {
        await target.enqueue(job.name, job.data as JobMap[typeof job.name], job.options);
      }
    },
  };
}
