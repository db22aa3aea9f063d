// A whole Nova for an end-to-end test: its own database (demo data seeded), its own queues (a Redis
// prefix, or with the PostgreSQL backend BullMQ's tables in that database), real BullMQ workers, the
// controllable clock, and an in-memory channel to talk through. TEST_QUEUE=postgres runs every test Nova
// on the PostgreSQL backend; a test may also ask for one (`queue`).

import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { createMemoryChannel } from '../../bot/channels/memory/memory.channel.ts';
import type { AdapterRegistry } from '../../bot/engine/outbox.ts';
import { createRuntime, type RuntimeOptions } from '../../bot/engine/runtime.ts';
import { features } from '../../bot/features/index.ts';
import type { Pacer } from '../../bot/types.ts';
import type { QueueBackend } from '../../core/jobs/bullmq.queue.ts';
import { ManualClock } from '../../core/shared/clock.ts';
import { silentLogger } from '../../core/shared/logger.ts';
import { DEMO, DEMO_ORG_SLUG, seedDemo } from '../../prisma/seed.ts';
import { createTestDatabase } from './test-db.ts';

export const SAAD = DEMO.saad.phone;
export const LAYLA = DEMO.layla.phone;
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

export type TestQueue = QueueBackend['kind'];
export const TEST_QUEUE: TestQueue = process.env.TEST_QUEUE === 'postgres' ? 'postgres' : 'redis';

export async function startTestNova(
  options: {
    now?: string;
    turnDelayMs?: number;
    workers?: boolean;
    /** whether the workers' process also runs its own messages' turns and sends outside the queue (default true) */
    runHere?: boolean;
    adapters?: AdapterRegistry;
    pacer?: Pacer;
    sweepEveryMs?: number;
    /** the queue backend; default TEST_QUEUE */
    queue?: TestQueue;
    /** outgoing webhooks: the key of endpoints' secrets (without it nothing is sent), a short retry schedule */
    webhooks?: RuntimeOptions['webhooks'];
    /** the AI helper (core/ai), or a function of the runtime's database; default: disabled, as without a key */
    ai?: RuntimeOptions['ai'];
    /** told what the engine does (jobs queued, statements) */
    metrics?: RuntimeOptions['metrics'];
  } = {},
) {
  const database = await createTestDatabase();
  await seedDemo(database.db, { password: 'demo-password' });
  const org = await database.db.organization.findUniqueOrThrow({ where: { slug: DEMO_ORG_SLUG } });
  const account = await database.db.channelAccount.create({
    data: { organizationId: org.id, kind: 'memory', externalId: `test-${randomBytes(4).toString('hex')}` },
  });
  const clock = new ManualClock(options.now ?? '2026-11-22T09:00:00+03:00');
  const queuePrefix = `nova-test-${randomBytes(4).toString('hex')}`;
  const queue: QueueBackend =
    (options.queue ?? TEST_QUEUE) === 'postgres'
      ? { kind: 'postgres', url: database.url }
      : { kind: 'redis', url: REDIS_URL, prefix: queuePrefix };
  const runtime = createRuntime({
    features,
    databaseUrl: database.url,
    queue,
    logger: silentLogger,
    clock,
    turnDelayMs: options.turnDelayMs,
    sweepEveryMs: options.sweepEveryMs,
    dbPoolSize: 10,
    adapters: options.adapters,
    pacer: options.pacer,
    webhooks: options.webhooks,
    ai: options.ai,
    metrics: options.metrics,
  });
  if (options.workers !== false) await runtime.startWorkers({ runHere: options.runHere });
  const chat = createMemoryChannel(runtime, account.id);
  return {
    db: database.db,
    databaseUrl: database.url,
    queuePrefix,
    queue: queue.kind,
    organizationId: org.id,
    account,
    clock,
    runtime,
    chat,
    async close() {
      await runtime.close();
      if (queue.kind === 'redis') {
        const redis = new Redis(REDIS_URL);
        const keys = await redis.keys(`${queuePrefix}:*`);
        if (keys.length) await redis.del(...keys);
        await redis.quit();
      }
      await database.drop();
    },
  };
}

export type TestNova = Awaited<ReturnType<typeof startTestNova>>;
