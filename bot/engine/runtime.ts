// Nova's moving parts wired together: database, queues, inbox, turn runner, outbox, reminders and the
// sweep. `npm start`, `nova worker`, the scenario runner and the end-to-end tests all build this same
// runtime; only the clock and the channels differ.
import type { Ai } from '../../core/ai/ai.port.ts';
import { createNightlyStats } from '../../core/analytics/nightly.service.ts';
import { createDb, type Db } from '../../core/db/client.ts';
import {
  type BullJobQueue,
  createBullJobQueue,
  type QueueBackend,
  queueBackendOf,
  startBullWorkers,
} from '../../core/jobs/bullmq.queue.ts';
import type { JobHandlers } from '../../core/jobs/job-map.ts';
import { type Clock, systemClock } from '../../core/shared/clock.ts';
import type { Logger } from '../../core/shared/logger.ts';
import { type Metrics, noMetrics } from '../../core/shared/metrics.ts';
import { createLocalStorage } from '../../core/storage/local.storage.ts';
import type { Storage } from '../../core/storage/storage.ts';
import { createWebhookDeliverer, type WebhookDeliveryOptions } from '../../core/webhooks/deliver.ts';
import { createDigestRunner, type DigestRunner } from '../jobs/digest.job.ts';
import { createMatchRunner } from '../jobs/matching.job.ts';
import { createOwnerWeekly } from '../jobs/owner-weekly.job.ts';
import { createReminderFirer } from '../jobs/reminders.job.ts';
import { createMedia, type MediaDeps } from '../media.ts';
import type { Pacer } from '../types.ts';
import { createAccountCache } from './account-cache.ts';
import type { Feature } from './feature.ts';
import { createInbox, type Inbox, inboundJobId } from './inbox.ts';
import { type LocalJobs, runLocallyFirst } from './local-jobs.ts';
import { type AdapterRegistry, createOutbox, mapRegistry } from './outbox.ts';
import { createPipeline } from './pipeline.ts';
import { createSweep } from './sweep.ts';
import { CLAIM_GRACE_MS, createTurnRunner } from './turn-runner.ts';

/**
 * Sends a process with workers runs itself at once, and those that may wait in it (local-jobs.ts); its
 * turns are the workers' concurrency at once and `localBacklog` waiting (startWorkers).
 */
const LOCAL_SENDS = { atOnce: 64, waiting: 1_000 };

export interface RuntimeOptions {
  /** what Nova can do in chat: bin/ hands every feature (bot/features/index.ts) */
  features: readonly Feature[];
  databaseUrl: string;
  /** where the queues live: Redis, or PostgreSQL (BullMQ's PostgreSQL backend; bin/compose.ts chooses) */
  queue?: QueueBackend;
  /** shorthand of `queue: { kind: 'redis', url: redisUrl, prefix: queuePrefix }` */
  redisUrl?: string;
  queuePrefix?: string;
  logger: Logger;
  clock?: Clock;
  adapters?: AdapterRegistry;
  /** outbound pacing; a function gets the runtime's database (the PostgreSQL pacer) */
  pacer?: Pacer | ((db: Db) => Pacer);
  /** how often the sweep runs and its schedule is re-asserted (tests shorten it); default a minute */
  sweepEveryMs?: number;
  /** test hook for the crash test: wait inside each turn's transaction */
  turnDelayMs?: number;
  /** pool size; workers hold a connection per concurrent turn */
  dbPoolSize?: number;
  storage?: Storage;
  storageDir?: string;
  /** how each channel kind fetches inbound media (channels add theirs) */
  mediaFetchers?: MediaDeps['fetchers'];
  publicBaseUrl?: string;
  /** where the engine and the database client report what they do (bin/metrics.ts) */
  metrics?: Metrics;
  /** outgoing webhooks: the key of endpoints' secrets (bin/ derives it), and shorter retries in tests */
  webhooks?: WebhookDeliveryOptions;
  /** the optional AI helper (core/ai); a function gets the runtime's database (usage, budget) and clock */
  ai?: Ai | ((deps: { db: Db; clock: Clock; logger: Logger }) => Ai);
}

export interface Runtime {
  db: Db;
  jobs: BullJobQueue;
  inbox: Inbox;
  clock: Clock;
  handlers: JobHandlers;
  sweep: ReturnType<typeof createSweep>;
  /** the morning digest's tick and fan-out (bot/jobs/digest.job.ts); tests call tick() after moving the clock */
  digest: DigestRunner;
  /**
   * Starts the BullMQ workers and the minute sweep. `concurrency`: turns at once per queue; `runHere`
   * (default true): this process also runs, outside the queue, the turns of the messages it stores
   * (`concurrency` at once, `localBacklog` more waiting, default 1,000) and the sends of the replies it
   * writes (local-jobs.ts).
   */
  startWorkers(options?: { concurrency?: number; runHere?: boolean; localBacklog?: number }): Promise<void>;
  /** the jobs this process runs itself (local-jobs.ts): what it ran, what runs now */
  local: Pick<LocalJobs, 'enqueue' | 'close' | 'ran' | 'running'>;
  close(): Promise<void>;
}

export function createRuntime(options: RuntimeOptions): Runtime {
  const clock = options.clock ?? systemClock;
  const logger = options.logger;
  const metrics = options.metrics ?? noMetrics;
  const db = createDb(options.databaseUrl, {
    max: options.dbPoolSize ?? 20,
    onQuery: options.metrics ? () => metrics.dbQuery() : undefined,
  });
  const backend = queueBackendOf({ backend: options.queue, redisUrl: options.redisUrl, prefix: options.queuePrefix });
  const jobs = createBullJobQueue({ backend, onEnqueue: (name) => metrics.jobQueued(name) });
  const accounts = createAccountCache(db);
  // Turns of the messages this process stores and sends of the replies it writes run here when its
  // workers have room, not round the queue (local-jobs.ts); the handlers are defined below.
  const local = runLocallyFirst({ jobs, handlers: () => handlers, logger, onRun: (name) => metrics.jobRunHere(name) });
  const inbox = createInbox({ db, jobs: local, accounts });
  const media = createMedia({
    storage: options.storage ?? createLocalStorage(options.storageDir ?? '.storage'),
    fetchers: options.mediaFetchers ?? {},
  });
  const outbox = createOutbox({
    db,
    clock,
    jobs,
    adapters: options.adapters ?? mapRegistry(),
    pacer: typeof options.pacer === 'function' ? options.pacer(db) : options.pacer,
    metrics,
    accounts,
  });
  const turns = createTurnRunner({
    db,
    clock,
    jobs: local,
    logger,
    pipeline: createPipeline(options.features),
    turnDelayMs: options.turnDelayMs,
    media,
    publicBaseUrl: options.publicBaseUrl,
    metrics,
    accounts,
    ai: typeof options.ai === 'function' ? options.ai({ db, clock, logger }) : options.ai,
  });
  const reminders = createReminderFirer({ db, clock, jobs: local, logger });
  // the sweep repairs what was lost: through the queue, never this process's sends alone
  const sweep = createSweep({ db, jobs, clock });
  const matcher = createMatchRunner({ db, clock, jobs: local, logger });
  // the nightly statistics (core/analytics/nightly.service.ts)
  const nightly = createNightlyStats({ db, clock, jobs, logger });
  const digest = createDigestRunner({ db, clock, jobs: local, logger });
  const ownersWeekly = createOwnerWeekly({ db, clock, jobs: local, logger });
  // Real time, not the runtime's clock: retries are BullMQ delays and receivers check the timestamp.
  const webhooks = createWebhookDeliverer({ db, jobs, logger, ...options.webhooks });
  let workers: { close(): Promise<void> } | undefined;
  let sweepGuard: NodeJS.Timeout | undefined;
  const sweepEveryMs = options.sweepEveryMs ?? 60_000;
  let sweepScheduleLost = false;
  /**
   * The sweep's schedule lives in the queue backend; if its keys are lost (a Redis flush, a failover
   * to an empty replica), nothing would fire due reminders until a restart. Each worker process
   * re-asserts it on a local timer: an idempotent upsert.
   */
  const assertSweepSchedule = async () => {
    try {
      await jobs
        .queue('reminder.sweep')
        .upsertJobScheduler('minute-sweep', { every: sweepEveryMs }, { name: 'reminder.sweep', data: {} });
      // the morning digest: one scheduler, a tick a minute that fans out per office, then per member
      await jobs
        .queue('digest.tick')
        .upsertJobScheduler('digest-tick', { every: sweepEveryMs }, { name: 'digest.tick', data: {} });
      // the nightly statistics: an hourly tick that queues the offices whose previous local day is due
      await jobs
        .queue('analytics.nightly')
        .upsertJobScheduler('analytics-nightly', { every: 3_600_000 }, { name: 'analytics.nightly', data: {} });
      // the homeowners' weekly note: an hourly tick that queues the offices whose Sunday note is due
      await jobs
        .queue('owners.tick')
        .upsertJobScheduler('owners-tick', { every: 3_600_000 }, { name: 'owners.tick', data: {} });
      if (sweepScheduleLost) logger.info('sweep schedule asserted again');
      sweepScheduleLost = false;
    } catch (error) {
      if (!sweepScheduleLost) logger.warn({ err: error }, 'sweep schedule not asserted; trying again');
      sweepScheduleLost = true;
    }
  };

  const handlers: JobHandlers = {
    'system.ping': async () => {},
    // A busy chat needs nothing more: its holder drains it (turn-runner.ts, processChat). A head
    // claimed by a worker that has not started its turn is looked at again after the claim's grace,
    // by one job per claim (the claimer may have died between its claim and its turn).
    'inbound.process': async ({ chatKey }) => {
      const outcome = await turns.processChat(chatKey);
      if (typeof outcome === 'object') {
        const { inboundId, retryInMs } = outcome.claimed;
        await jobs.enqueue(
          'inbound.process',
          { inboundId, chatKey },
          {
            delayMs: retryInMs,
            jobId: `${inboundJobId(inboundId)}-claimed-${Math.floor(Date.now() / CLAIM_GRACE_MS)}`,
          },
        );
      }
    },
    'outbound.send': async ({ outboundId, channelAccountId }) => outbox.send(outboundId, channelAccountId),
    'reminder.fire': async ({ reminderId }) => reminders.fire(reminderId),
    'matching.run': async (subject) => {
      await matcher.run(subject);
    },
    'reminder.sweep': async () => {
      await sweep.run();
    },
    'digest.tick': async () => {
      await digest.tick();
    },
    'digest.office': async (job) => {
      await digest.office(job);
    },
    'digest.broker': async (job) => {
      await digest.broker(job);
    },
    'analytics.nightly': async () => {
      await nightly.fanOut();
    },
    'analytics.office': async ({ organizationId, date }) => {
      await nightly.runOffice(organizationId, date);
    },
    'owners.tick': async () => {
      await ownersWeekly.tick();
    },
    'owners.office': async (job) => {
      await ownersWeekly.office(job);
    },
    // Only a process that can open endpoints' secrets sends (bin/compose.ts gives the key); elsewhere (the
    // scenario runner) the jobs wait for one that can.
    ...(options.webhooks?.secretsKey
      ? {
          'webhook.deliver': async ({ deliveryId }: { deliveryId: string }) => {
            await webhooks.deliver(deliveryId);
          },
        }
      : {}),
  };

  return {
    db,
    jobs,
    inbox,
    clock,
    handlers,
    sweep,
    digest,
    local,
    async startWorkers({ concurrency = 8, runHere = true, localBacklog = 1_000 } = {}) {
      workers = startBullWorkers(handlers, {
        backend,
        concurrency: {
          'inbound.process': concurrency,
          'outbound.send': concurrency,
          // Background work: one run at a time leaves the cores to conversations during a burst (a new
          // client's request and each addition to it start a run); a backlog of runs waits seconds.
          'matching.run': 1,
          'reminder.fire': 4,
          'reminder.sweep': 1,
          'digest.tick': 1,
          'digest.office': 2,
          'digest.broker': 4,
          // a few heavy reads per office: two at a time
          'analytics.nightly': 1,
          'analytics.office': 2,
          'owners.tick': 1,
          'owners.office': 2,
          // waiting on other servers (10 s at most each), not on this one
          'webhook.deliver': 16,
        },
        onError: (job, error) => logger.warn({ job, err: error }, 'job failed'),
      });
      if (runHere) {
        local.start({
          'inbound.process': { atOnce: concurrency, waiting: localBacklog },
          'outbound.send': LOCAL_SENDS,
        });
      }
      await assertSweepSchedule();
      sweepGuard = setInterval(() => void assertSweepSchedule(), sweepEveryMs);
      sweepGuard.unref();
      // Whatever a previous process left unfinished (a crash mid-turn) is taken again now.
      await sweep.run({ staleAfterMs: 0 });
    },
    async close() {
      clearInterval(sweepGuard);
      await Promise.all([workers?.close(), local.drain()]);
      await jobs.close();
      await db.$disconnect();
    },
  };
}
