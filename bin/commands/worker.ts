// nova worker: the queue workers alone (turns, sends, reminders, the minute sweep), so that more
// machines can share the queues. `npm start` runs the same workers in its own process.
import { createLogger } from '../../core/shared/logger.ts';
import { composeProduct } from '../compose.ts';
import { resolveDatabase } from '../embedded-postgres.ts';
import { config } from '../runtime.ts';

export async function run(): Promise<undefined> {
  const configured = config();
  const logger = createLogger(configured.LOG_LEVEL);
  // A worker never starts a database of its own; without DATABASE_URL it joins the local server, or the
  // embedded one a `nova start` of this directory runs.
  const database = await resolveDatabase(configured, logger, { embeddedAsked: false, mayStart: false });
  const cfg = { ...configured, DATABASE_URL: database.url };
  const { redis, runtime, startChannels } = await composeProduct(cfg, logger, { receive: false });
  const channels = await startChannels();
  await runtime.startWorkers({ concurrency: cfg.WORKER_CONCURRENCY, localBacklog: cfg.WORKER_LOCAL_BACKLOG });
  logger.info({ concurrency: cfg.WORKER_CONCURRENCY }, 'workers started');
  const stop = async (signal: string) => {
    logger.info({ signal }, 'stopping workers');
    setTimeout(() => process.exit(1), 10_000).unref();
    await channels?.stop();
    await Promise.allSettled([runtime.close(), redis?.quit()]);
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
  return undefined;
}
