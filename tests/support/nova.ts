// A whole Nova for an end-to-end test: its own database (demo data seeded), its own Redis prefix,
// real BullMQ workers, the controllable clock, and an in-memory channel to talk through.

import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { createMemoryChannel } from '../../bot/channels/memory/memory.channel.ts';
import type { AdapterRegistry } from '../../bot/engine/outbox.ts';
import { createRuntime } from '../../bot/engine/runtime.ts';
import { features } from '../../bot/features/index.ts';
import type { Pacer } from '../../bot/types.ts';
import { ManualClock } from '../../core/shared/clock.ts';
import { silentLogger } from '../../core/shared/logger.ts';
import { DEMO, DEMO_ORG_SLUG, seedDemo } from '../../prisma/seed.ts';
import { createTestDatabase } from './test-db.ts';

export const SAAD = DEMO.saad.phone;
export const LAYLA = DEMO.layla.phone;
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

export async function startTestNova(
  options: {
    now?: string;
    turnDelayMs?: number;
    workers?: boolean;
    adapters?: AdapterRegistry;
    pacer?: Pacer;
    sweepEveryMs?: number;
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
  const runtime = createRuntime({
    features,
    databaseUrl: database.url,
    redisUrl: REDIS_URL,
    queuePrefix,
    logger: silentLogger,
    clock,
    turnDelayMs: options.turnDelayMs,
    sweepEveryMs: options.sweepEveryMs,
    dbPoolSize: 10,
    adapters: options.adapters,
    pacer: options.pacer,
  });
  if (options.workers !== false) await runtime.startWorkers();
  const chat = createMemoryChannel(runtime, account.id);
  return {
    db: database.db,
    databaseUrl: database.url,
    queuePrefix,
    organizationId: org.id,
    account,
    clock,
    runtime,
    chat,
    async close() {
      await runtime.close();
      const redis = new Redis(REDIS_URL);
      const keys = await redis.keys(`${queuePrefix}:*`);
      if (keys.length) await redis.del(...keys);
      await redis.quit();
      await database.drop();
    },
  };
}

export type TestNova = Awaited<ReturnType<typeof startTestNova>>;
