// A job queue that only writes down what it was given («name:data»), for integration tests of a core
// service whose jobs are not the subject (the engine's tests use BullMQ itself).
import type { JobQueue } from '../../core/jobs/job-map.ts';

export function recordingJobs(): JobQueue & { enqueued: string[] } {
  const enqueued: string[] = [];
  return {
    enqueued,
    async enqueue(name, data) {
      enqueued.push(`${name}:${JSON.stringify(data)}`);
    },
    async close() {},
  };
}
