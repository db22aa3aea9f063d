// nova worker: the queue workers alone (turns, sends, reminders, the minute sweep), so that more
// machines can share the queues. `npm start` runs the same workers in its own process.
import { createRuntime } from '../../bot/runtime.ts';
import { createLogger } from '../../core/shared/logger.ts';
import { config } from '../runtime.ts';

export async function run(): Promise<undefined> {
  const cfg = config();
  const logger = createLogger(cfg.LOG_LEVEL);
  const runtime = createRuntime({
    databaseUrl: cfg.DATABASE_URL,
    redisUrl: cfg.REDIS_URL,
    queuePrefix: cfg.QUEUE_PREFIX,
    logger,
    turnDelayMs: cfg.NOVA_TEST_TURN_DELAY_MS,
  });
  await runtime.startWorkers({ concurrency: cfg.WORKER_CONCURRENCY });
  logger.info({ concurrency: cfg.WORKER_CONCURRENCY }, 'workers started');
  const stop = async (signal: string) => {
    logger.info({ signal }, 'stopping workers');
    setTimeout(() => process.exit(1), 10_000).unref();
    await runtime.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
  return undefined;
}
