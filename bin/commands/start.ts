// nova start (npm start): the whole product in one process. Migrates, seeds the demo organization into
// an empty database, serves the API and the web chat, runs the queue workers, and prints where to chat.
// Without DATABASE_URL and with nothing on 127.0.0.1:5432 (or with --embedded) it first starts an
// embedded PostgreSQL and stops it last (bin/embedded-postgres.ts).
import { serve } from '@hono/node-server';
import { createApp } from '../../api/app.ts';
import { calendarRoutes } from '../../api/routes/calendar/calendar.routes.ts';
import { informational } from '../../api/routes/health/health.routes.ts';
import { mediaRoutes } from '../../api/routes/media/media.routes.ts';
import { metricsRoutes } from '../../api/routes/metrics/metrics.routes.ts';
import { createCalendarReader } from '../../core/scheduling/appointments.calendar.ts';
import { createLogger } from '../../core/shared/logger.ts';
import { postgresCheck } from '../../core/shared/readiness.ts';
import { createLocalStorage } from '../../core/storage/local.storage.ts';
import { createMediaReader } from '../../core/storage/media.queries.ts';
import { adminMounts } from '../admin.ts';
import { describeQueue } from '../backends.ts';
import { composeProduct } from '../compose.ts';
import { resolveDatabase } from '../embedded-postgres.ts';
import { startWeb } from '../http.ts';
import { mediaLinks } from '../media-links.ts';
import { ensureDefaultOffice } from '../offices.ts';
import { CliError, config } from '../runtime.ts';
import { runMigrations } from './migrate.ts';
import { DEMO, DEMO_ORG_SLUG, seedDemo } from './seed.ts';

/**
 * How long an idle kept-alive connection stays open (Node's default is 5 s). Meta's webhook senders
 * keep their connections between bursts; closed after 5 s idle, every burst opens new ones, and a busy
 * Node process accepts one new connection per turn of its event loop (libuv since 1.45): at 1,000
 * messages a second, bursts of 25–45 new connections waited 100–300 ms in the kernel's accept queue and
 * set the webhooks' ack p99 (docs/BENCHMARKS.md, 5 December). Above the usual 60 s idle timeout of
 * load balancers, so that they close first, never Nova under their feet.
 */
export const IDLE_CONNECTION_MS = 65_000;

export async function run(args: string[] = []): Promise<undefined> {
  const configured = config();
  const logger = createLogger(configured.LOG_LEVEL);
  const database = await resolveDatabase(configured, logger, {
    embeddedAsked: args.includes('--embedded'),
    mayStart: true,
  });
  const cfg = { ...configured, DATABASE_URL: database.url };
  // Until the server is up, a signal still stops an embedded PostgreSQL started above.
  const early = () => void database.stop().finally(() => process.exit(0));
  process.once('SIGTERM', early);
  process.once('SIGINT', early);
  await runMigrations(cfg.DATABASE_URL, (line) => logger.info(line));

  const { redis, queue, readiness, runtime, startChannels, metrics } = await composeProduct(cfg, logger, {
    receive: true,
  });
  const { db } = runtime;
  let seededNow = false;
  // The demo loads into an empty database when NOVA_DEFAULT_ORG is the demo's; another slug that does
  // not exist is created as an empty office (bin/offices.ts).
  if (cfg.NOVA_DEFAULT_ORG === DEMO_ORG_SLUG && (await db.organization.count()) === 0) {
    seededNow = true;
    const seeded = await seedDemo(db, { password: cfg.DEMO_PASSWORD });
    logger.info('empty database: demo organization loaded');
    if (seeded.generatedPassword)
      process.stdout.write(`demo login password (shown once): ${seeded.generatedPassword}\n`);
  }
  await ensureDefaultOffice(db, cfg, logger, DEMO_ORG_SLUG);
  const channels = await startChannels();

  // sign-in (/auth), the web chat (/chat, demo mode or members) and the office pages (/o): bin/http.ts
  const web = await startWeb({ cfg, db, runtime, logger, seededNow });
  const app = createApp({
    logger,
    onRequest: metrics.http,
    // Readiness is the database and the queue; the channels' states are reported, never deciding it.
    readiness: { postgres: postgresCheck(db), ...readiness, ...informational(channels?.readiness) },
    mounts: [
      ...web.mounts,
      ['/calendar', calendarRoutes({ reader: createCalendarReader(db), clock: runtime.clock })],
      [
        '/media',
        mediaRoutes({
          reader: createMediaReader({ db, storage: createLocalStorage(cfg.STORAGE_DIR) }),
          links: mediaLinks(cfg, runtime.clock),
        }),
      ],
      ['/metrics', metricsRoutes(metrics.registry, cfg.ADMIN_TOKEN)],
      ...(channels?.mounts ?? []),
      // /admin, the queue dashboard and the WhatsApp Web QR pages, behind the owner's sign-in (bin/admin.ts)
      ...adminMounts({ cfg, db, runtime, pairable: channels?.pairable }),
    ],
  });
  const server = serve({
    fetch: app.fetch,
    port: cfg.PORT,
    hostname: cfg.HOST,
    serverOptions: { keepAliveTimeout: IDLE_CONNECTION_MS },
  });
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
  runtime.startWorkers({ concurrency: cfg.WORKER_CONCURRENCY, localBacklog: cfg.WORKER_LOCAL_BACKLOG }).then(
    () => logger.info({ concurrency: cfg.WORKER_CONCURRENCY }, 'workers started'),
    (error: unknown) => logger.error({ err: error }, 'workers not started'),
  );
  process.stdout.write(
    [
      '',
      `  Nova is running.`,
      ...web.banner(base),
      `  Console chat:  npm run nova -- chat --from ${DEMO.saad.phone}`,
      `  Demo brokers:  ${DEMO.saad.name} (${DEMO.saad.nameEn}) ${DEMO.saad.phone}, ${DEMO.layla.name} (${DEMO.layla.nameEn}) ${DEMO.layla.phone}`,
      `  Channels:      ${channels?.running.length ? channels.running.map((c) => `${c.kind} (${c.state()})`).join(', ') : 'none configured (see docs/channels)'}`,
      `  Database:      ${database.description}`,
      `  Queues:        ${describeQueue(queue)}`,
      `  Admin pages:   ${base}/admin  (queue dashboard, WhatsApp QR pages: an office owner signed in, or ADMIN_TOKEN)`,
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
      await Promise.allSettled([runtime.close(), redis?.quit()]);
      await database.stop();
      process.exit(0);
    });
  };
  process.off('SIGTERM', early);
  process.off('SIGINT', early);
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
  return undefined;
}
