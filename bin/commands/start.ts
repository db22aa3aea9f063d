// nova start (npm start): the whole product in one process. Migrates, seeds the demo organization into
// an empty database, serves the API and the web chat, runs the queue workers, and prints where to chat.
import { serve } from '@hono/node-server';
import type { Hono } from 'hono';
import { createApp } from '../../api/app.ts';
import { calendarRoutes } from '../../api/routes/calendar/calendar.routes.ts';
import { chatRoutes } from '../../api/routes/chat/chat.routes.ts';
import { metricsRoutes } from '../../api/routes/metrics/metrics.routes.ts';
import { createWebReplies } from '../../bot/channels/web/web.replies.ts';
import { createCalendarReader } from '../../core/scheduling/appointments.calendar.ts';
import { createLogger } from '../../core/shared/logger.ts';
import { postgresCheck, redisCheck } from '../../core/shared/readiness.ts';
import { composeProduct } from '../compose.ts';
import { CliError, config } from '../runtime.ts';
import { DEMO_WEB_IDENTITIES } from '../web-identities.ts';
import { runMigrations } from './migrate.ts';
import { DEMO, seedDemo } from './seed.ts';

export async function run(): Promise<undefined> {
  const cfg = config();
  const logger = createLogger(cfg.LOG_LEVEL);
  await runMigrations(cfg.DATABASE_URL, (line) => logger.info(line));

  const { redis, runtime, startChannels, metrics } = await composeProduct(cfg, logger, { receive: true });
  const { db } = runtime;
  if ((await db.organization.count()) === 0) {
    const seeded = await seedDemo(db, { password: cfg.DEMO_PASSWORD });
    logger.info('empty database: demo organization loaded');
    if (seeded.generatedPassword)
      process.stdout.write(`demo login password (shown once): ${seeded.generatedPassword}\n`);
  }
  const channels = await startChannels();

  const demoWeb = await db.channelAccount.findFirst({
    where: { kind: 'web', isEnabled: true, organization: { slug: cfg.NOVA_DEFAULT_ORG } },
    select: { id: true },
  });
  const app = createApp({
    logger,
    onRequest: metrics.http,
    readiness: { postgres: postgresCheck(db), redis: redisCheck(redis), ...channels?.readiness },
    mounts: [
      ...(demoWeb
        ? [
            [
              '/chat',
              chatRoutes({
                replies: createWebReplies(db),
                inbox: runtime.inbox,
                webAccountId: demoWeb.id,
                identities: DEMO_WEB_IDENTITIES,
              }),
            ] as [string, Hono],
          ]
        : []),
      ['/calendar', calendarRoutes({ reader: createCalendarReader(db), clock: runtime.clock })],
      ['/metrics', metricsRoutes(metrics.registry, cfg.ADMIN_TOKEN)],
      ...(channels?.mounts ?? []),
    ],
  });
  const server = serve({ fetch: app.fetch, port: cfg.PORT, hostname: cfg.HOST });
  await new Promise<void>((resolve, reject) => {
    server.once('listening', () => resolve());
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(new CliError(error.code === 'EADDRINUSE' ? `port ${cfg.PORT} is already in use` : error.message)),
    );
  });

  const base = `http://localhost:${cfg.PORT}`;
  logger.info({ port: cfg.PORT }, `Nova is listening on ${base} (health: /healthz, /readyz)`);
  // Not awaited: without Redis the API still answers (/readyz says what is down) and BullMQ keeps
  // connecting; the workers start working as soon as Redis is back.
  runtime.startWorkers({ concurrency: cfg.WORKER_CONCURRENCY }).then(
    () => logger.info({ concurrency: cfg.WORKER_CONCURRENCY }, 'workers started'),
    (error: unknown) => logger.error({ err: error }, 'workers not started'),
  );
  process.stdout.write(
    [
      '',
      `  Nova is running.`,
      demoWeb ? `  Web chat:      ${base}/chat  (pick a demo identity and talk)` : undefined,
      `  Console chat:  npm run nova -- chat --from ${DEMO.saad.phone}`,
      `  Demo brokers:  ${DEMO.saad.name} (${DEMO.saad.nameEn}) ${DEMO.saad.phone}, ${DEMO.layla.name} (${DEMO.layla.nameEn}) ${DEMO.layla.phone}`,
      `  Channels:      ${channels?.running.length ? channels.running.map((c) => `${c.kind} (${c.state()})`).join(', ') : 'none configured (see docs/channels)'}`,
      `  Health:        ${base}/healthz  ${base}/readyz`,
      '',
    ]
      .filter((l) => l !== undefined)
      .join('\n') + '\n',
  );

  const shutdown = (signal: string) => {
    logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    server.close(async () => {
      await channels?.stop();
      await Promise.allSettled([runtime.close(), redis.quit()]);
      process.exit(0);
    });
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
  return undefined;
}
