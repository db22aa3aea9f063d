// The product assembled from the configuration: the queue backend (Redis when REDIS_URL is set, else
// PostgreSQL: bin/backends.ts) with its readiness check and pacing, the runtime (database, queues,
// turns), the configured channels. `nova start` adds the HTTP API and receives messages;
// `nova worker` only runs the queues and sends.

import { Redis } from 'ioredis';
import { mapRegistry } from '../bot/engine/outbox.ts';
import { createPostgresPacer } from '../bot/engine/pacing.postgres.ts';
import { createRedisPacer, type PacingLimits } from '../bot/engine/pacing.ts';
import { createRuntime } from '../bot/engine/runtime.ts';
import { features } from '../bot/features/index.ts';
import type { MediaDeps } from '../bot/media.ts';
import type { AppConfig } from '../core/config/env.ts';
import type { Db } from '../core/db/client.ts';
import type { Logger } from '../core/shared/logger.ts';
import { queueCheck, redisCheck } from '../core/shared/readiness.ts';
import { aiFromConfig } from './ai.ts';
import { chooseQueue } from './backends.ts';
import { startConfiguredChannels } from './channels.ts';
import { createMetrics } from './metrics.ts';
import { channelSecretsKey, webhookSecretsKey } from './offices.ts';

export async function composeProduct(cfg: AppConfig, logger: Logger, options: { receive: boolean }) {
  const queue = chooseQueue(cfg, cfg.DATABASE_URL);
  // Fail fast while Redis is away (readiness says so) and keep reconnecting in the background.
  const redis =
    queue.kind === 'redis'
      ? new Redis(queue.url, {
          enableOfflineQueue: false,
          maxRetriesPerRequest: 1,
          retryStrategy: (times) => Math.min(times * 250, 2_000),
        })
      : undefined;
  let redisDown = false;
  redis?.on('error', (error) => {
    if (!redisDown) logger.warn({ code: (error as { code?: string }).code }, 'redis unavailable');
    redisDown = true;
  });
  redis?.on('ready', () => {
    if (redisDown) logger.info('redis available again');
    redisDown = false;
  });

  const adapters = mapRegistry();
  const mediaFetchers: MediaDeps['fetchers'] = {};
  const limits: PacingLimits = {
    whatsapp_cloud: {
      account: { perSecond: cfg.WHATSAPP_CLOUD_MESSAGES_PER_SECOND, burst: cfg.WHATSAPP_CLOUD_MESSAGES_PER_SECOND },
    },
    telegram: { account: { perSecond: cfg.TELEGRAM_MESSAGES_PER_SECOND, burst: cfg.TELEGRAM_MESSAGES_PER_SECOND } },
  };
  // Pacing lives where the queues do: in Redis, or in PostgreSQL (rate_limits rows).
  const pacer = redis
    ? createRedisPacer({ redis, prefix: cfg.QUEUE_PREFIX, limits })
    : (db: Db) => createPostgresPacer({ db, limits });
  const metrics = createMetrics();
  const runtime = createRuntime({
    metrics,
    features,
    databaseUrl: cfg.DATABASE_URL,
    queue,
    logger,
    adapters,
    pacer,
    mediaFetchers,
    storageDir: cfg.STORAGE_DIR,
    publicBaseUrl: cfg.PUBLIC_BASE_URL,
    turnDelayMs: cfg.NOVA_TEST_TURN_DELAY_MS,
    webhooks: { secretsKey: webhookSecretsKey(cfg) },
    ai: aiFromConfig(cfg),
  });

  metrics.watch({ db: runtime.db, queueCounts: (name) => runtime.jobs.queue(name).getJobCounts() });

  // Every office's channel accounts, and the environment's channels bound to the office NOVA_DEFAULT_ORG
  // names (when it exists).
  const startChannels = async () => {
    const org = await runtime.db.organization.findUnique({
      where: { slug: cfg.NOVA_DEFAULT_ORG },
      select: { id: true },
    });
    return startConfiguredChannels({
      cfg,
      db: runtime.db,
      inbox: runtime.inbox,
      logger,
      clock: runtime.clock,
      organizationId: org?.id,
      adapters,
      mediaFetchers,
      receive: options.receive,
      secretsKey: channelSecretsKey(cfg),
    });
  };
  // /readyz: the queue backend, named (Redis, or BullMQ's tables in PostgreSQL through the queues' own pool).
  const readiness: Record<string, () => Promise<{ up: boolean }>> = redis
    ? { redis: redisCheck(redis) }
    : { postgres_queue: queueCheck(runtime.jobs) };
  return { redis, queue, readiness, runtime, startChannels, metrics };
}
