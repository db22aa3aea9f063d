// Every background job Nova runs, with its payload type: the single list that producers and workers
// share. Job names are dotted ids. Payloads carry ids, never whole records: the database is the truth
// and a job may run after the record changed.
export interface JobMap {
  /** a test and health job: proves that a worker picks up work */
  'system.ping': { token: string };
  /** process the received inbound messages of one chat, in order */
  'inbound.process': { inboundId: string; chatKey: string };
  /**
   * send one outbound message; `channelAccountId` (the row's, when the producer knows it) lets a process
   * that has that channel's adapter claim the row in its first statement (bot/engine/outbox.ts)
   */
  'outbound.send': { outboundId: string; channelAccountId?: string };
  /** fire one reminder when due */
  'reminder.fire': { reminderId: string };
  /** the minute sweep: fire whatever a lost job missed */
  'reminder.sweep': Record<string, never>;
  /** find smart matches for a new or changed offer or request */
  'matching.run': { kind: 'offer' | 'request'; id: string };
  /** POST one outgoing webhook delivery (core/webhooks/deliver.ts): one attempt, retries are rescheduled */
  'webhook.deliver': { deliveryId: string };
  /** the morning digest's minute tick: which offices' digest hour has come (bot/jobs/digest.job.ts) */
  'digest.tick': Record<string, never>;
  /** one office's digest of a local day: fans out one job per member still without it */
  'digest.office': { organizationId: string; date: string };
  /** one member's digest of a local day, once (its outbound key digest:<userId>:<date>) */
  'digest.broker': { organizationId: string; userId: string; date: string };
  /** the nightly statistics' hourly tick: queues the offices whose previous local day is due (core/analytics/nightly.service.ts) */
  'analytics.nightly': Record<string, never>;
  /** one office's statistics of one local day (YYYY-MM-DD): user_stats, analytics_snapshots, financial_stats */
  'analytics.office': { organizationId: string; date: string };
  /** the homeowners' weekly note's hourly tick: queues the offices whose Sunday note is due (bot/jobs/owner-weekly.job.ts) */
  'owners.tick': Record<string, never>;
  /** one office's weekly notes to its homeowners for one Sunday (YYYY-MM-DD), once per owner */
  'owners.office': { organizationId: string; week: string };
}

export type JobName = keyof JobMap;

export interface EnqueueOptions {
  /** dedupes: a job with the same id that is still waiting or running is not added twice */
  jobId?: string;
  delayMs?: number;
  attempts?: number;
  /**
   * Coalesces work that reads the latest rows (a request a client is still describing): jobs of one
   * key added within `ms` of one another run once, `ms` after the last of them; one added while its
   * key's job runs runs once more after it, so no change is missed. Not with `jobId`.
   */
  debounce?: { key: string; ms: number };
}

/** The port services use to enqueue work; BullMQ in production, inline in unit tests. */
export interface JobQueue {
  enqueue<K extends JobName>(name: K, data: JobMap[K], options?: EnqueueOptions): Promise<void>;
  /** Whether a job of this id waits to run (queued or delayed; not running, not finished). */
  isQueued?(name: JobName, jobId: string): Promise<boolean>;
  close(): Promise<void>;
}

export type JobHandler<K extends JobName> = (
  data: JobMap[K],
  meta: { attempt: number; jobId?: string },
) => Promise<void>;
export type JobHandlers = { [K in JobName]?: JobHandler<K> };
