// nova start (npm start): migrate, then serve the API with /healthz and /readyz. Later issues add the
// workers, the web chat and the channels to this one process.
import { serve } from '@hono/node-server';
import { Redis } from 'ioredis';
import { createApp } from '../../api/app.ts';
import { createDb } from '../../core/db/client.ts';
import { createLogger } from '../../core/shared/logger.ts';
import { postgresCheck, redisCheck } from '../../core/shared/readiness.ts';
import { CliError, config } from '../runtime.ts';
import { runMigrations } from './migrate.ts';

export async function run(): Promise<undefined> {
  const cfg = config();
  const logger = createLogger(cfg.LOG_LEVEL);
  await runMigrations(cfg.DATABASE_URL, (line) => logger.info(line));

  const db = createDb(cfg.DATABASE_URL);
  // Fail fast while Redis is away (readiness says so) and keep reconnecting in the background.
  const redis = new Redis(cfg.REDIS_URL, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    retryStrategy: (times) => Math.min(times * 250, 2_000),
  });
  let redisDown = false;
  redis.on('error', (error) => {
    if (!redisDown) logger.warn({ code: (error as { code?: string }).code }, 'redis unavailable');
    redisDown = true;
  });
  redis.on('ready', () => {
    if (redisDown) logger.info('redis available again');
    redisDown = false;
  });

  const app = createApp({ logger, readiness: { postgres: postgresCheck(db), redis: redisCheck(redis) } });
  const server = serve({ fetch: app.fetch, port: cfg.PORT, hostname: cfg.HOST });
  await new Promise<void>((resolve, reject) => {
    server.once('listening', () => resolve());
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(new CliError(error.code === 'EADDRINUSE' ? `port ${cfg.PORT} is already in use` : error.message)),
    );
  });
  logger.info({ port: cfg.PORT }, `Nova is listening on http://localhost:${cfg.PORT} (health: /healthz, /readyz)`);

  const shutdown = (signal: string) => {
    logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    server.close(async () => {
      await Promise.allSettled([db.$disconnect(), redis.quit()]);
      process.exit(0);
    });
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
  return undefined;
}
