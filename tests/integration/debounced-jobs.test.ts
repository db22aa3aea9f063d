// Debounced jobs (EnqueueOptions.debounce) on both queue backends, Redis and PostgreSQL: jobs of one key
// added close together run once; one added while its key's job runs runs once more after it, so a
// change made during a run is not missed. Matching a request a client is still describing relies on it.
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type BullJobQueue,
  createBullJobQueue,
  type QueueBackend,
  startBullWorkers,
} from '../../core/jobs/bullmq.queue.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-db.ts';

const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs = 15_000) {
  const started = Date.now();
  while (!(await condition())) {
    if (Date.now() - started > timeoutMs) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe.each(['redis', 'postgres'] as const)('debounced jobs on the %s queue backend', (kind) => {
  let database: TestDatabase | undefined;
  let backend: QueueBackend;
  const prefix = `nova-test-${randomBytes(4).toString('hex')}`;

  beforeAll(async () => {
    if (kind === 'postgres') {
      database = await createTestDatabase();
      backend = { kind: 'postgres', url: database.url };
    } else {
      backend = { kind: 'redis', url: redisUrl, prefix };
    }
  });
  afterAll(async () => {
    await database?.drop();
    if (kind === 'redis') {
      const redis = new Redis(redisUrl);
      const keys = await redis.keys(`${prefix}:*`);
      if (keys.length) await redis.del(...keys);
      await redis.quit();
    }
  });

  async function withQueue(
    handler: (token: string) => Promise<void>,
    body: (queue: BullJobQueue) => Promise<void>,
  ): Promise<void> {
    const queue = createBullJobQueue({ backend });
    const workers = startBullWorkers({ 'system.ping': async ({ token }) => handler(token) }, { backend });
    try {
      await body(queue);
    } finally {
      await workers.close();
      await queue.close();
    }
  }

  it('runs jobs of one key added close together once, as one delayed job', async () => {
    const runs: string[] = [];
    await withQueue(
      async (token) => void runs.push(token),
      async (queue) => {
        const debounce = { key: 'close-together', ms: 60_000 };
        for (const token of ['a', 'b', 'c']) await queue.enqueue('system.ping', { token }, { debounce });
        const delayed = await queue.queue('system.ping').getDelayed();
        expect(delayed).toHaveLength(1);
        expect(runs).toEqual([]);
        await delayed[0]!.promote();
        await waitFor(() => runs.length === 1);
        // A second run would have every chance to show up.
        await new Promise((r) => setTimeout(r, 500));
        expect(runs).toHaveLength(1);
        const counts = await queue.queue('system.ping').getJobCounts('delayed', 'waiting', 'active');
        expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(0);
      },
    );
  });

  it('runs once more after the running job when jobs of its key are added while it runs', async () => {
    const runs: string[] = [];
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    await withQueue(
      async (token) => {
        runs.push(token);
        if (runs.length === 1) await gate;
      },
      async (queue) => {
        const debounce = { key: 'while-running', ms: 100 };
        await queue.enqueue('system.ping', { token: 'first' }, { debounce });
        await waitFor(() => runs.length === 1);
        await queue.enqueue('system.ping', { token: 'second' }, { debounce });
        await queue.enqueue('system.ping', { token: 'third' }, { debounce });
        release();
        await waitFor(() => runs.length === 2);
        await new Promise((r) => setTimeout(r, 500));
        // One more run, with the last of the jobs added meanwhile: nothing missed, nothing run twice.
        expect(runs).toEqual(['first', 'third']);
      },
    );
  });
});
