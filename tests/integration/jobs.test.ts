// BullMQ on the real Redis: a job enqueued through the JobQueue port runs exactly once, and a job id
// makes a repeated enqueue harmless.
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { createBullJobQueue, startBullWorkers } from '../../core/jobs/bullmq.queue.ts';

const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const prefix = `nova-test-${randomBytes(4).toString('hex')}`;

afterAll(async () => {
  // Leave nothing behind in the shared Redis.
  const redis = new Redis(redisUrl);
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length) await redis.del(...keys);
  await redis.quit();
});

async function waitFor(condition: () => boolean, timeoutMs = 10_000) {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('BullMQ job queue', () => {
  it('runs an enqueued job once, and once only for a repeated job id', async () => {
    const runs: string[] = [];
    const queue = createBullJobQueue({ redisUrl, prefix });
    const workers = startBullWorkers(
      { 'system.ping': async ({ token }) => void runs.push(token) },
      { redisUrl, prefix },
    );
    try {
      await queue.enqueue('system.ping', { token: 'a' }, { jobId: 'ping-a' });
      await queue.enqueue('system.ping', { token: 'a' }, { jobId: 'ping-a' });
      await queue.enqueue('system.ping', { token: 'b' });
      await waitFor(() => runs.length >= 2);
      // Give a duplicate every chance to show up before judging.
      await new Promise((r) => setTimeout(r, 300));
      expect(runs.sort()).toEqual(['a', 'b']);
    } finally {
      await workers.close();
      await queue.close();
    }
  });

  it('retries a failing job and then succeeds once', async () => {
    let attempts = 0;
    let successes = 0;
    const queue = createBullJobQueue({ redisUrl, prefix });
    const workers = startBullWorkers(
      {
        'system.ping': async () => {
          attempts++;
          if (attempts < 2) throw new Error('transient');
          successes++;
        },
      },
      { redisUrl, prefix },
    );
    try {
      await queue.enqueue('system.ping', { token: 'retry' }, { attempts: 3 });
      await waitFor(() => successes === 1);
      expect(attempts).toBe(2);
    } finally {
      await workers.close();
      await queue.close();
    }
  });
});
