// Sending outgoing webhooks: the webhook.deliver job makes one attempt of one delivery, and schedules
// the next one itself when it fails.
//
// An attempt first claims the row (one UPDATE: still pending, due, and then "leased" by moving its
// next_attempt_at past the attempt's longest run), so that two jobs for one delivery (a sweep's copy,
// a redelivery) never POST it twice at once. It then POSTs the stored payload, signed
// (signature.ts), within one timeout; 2xx is delivered. Anything else is retried after the backoff
// (backoff.ts) by a delayed job, until the attempts run out and the delivery is failed with its last
// status code and error. Only the claim's holder writes the outcome: a redelivery in between wins.
//
// Redirects are followed only to the same origin (scheme, host, port), at most three; a URL that is not
// http(s) is refused. Logs carry ids, the event, the status code and a short error: never the URL (it
// may carry an integration's token), the payload or the secret.
import type { DbTx } from '../db/client.ts';
import type { JobQueue } from '../jobs/job-map.ts';
import { type Clock, systemClock } from '../shared/clock.ts';
import type { Logger } from '../shared/logger.ts';
import { unseal } from '../shared/secrets.ts';
import { DEFAULT_BACKOFF_MS, retryDelayMs } from './backoff.ts';
import { deliveryJobId } from './events.ts';
import { signBody } from './signature.ts';
import { checkEndpointUrl, sameOriginRedirect } from './url.ts';

export const DELIVERY_TIMEOUT_MS = 10_000;
const MAX_REDIRECTS = 3;
/** A job may start this much before the row's due time (clocks of several machines) and still claim it. */
const EARLY_TOLERANCE_MS = 2_000;
/** How long a claimed attempt keeps others away: its timeout and a margin for the writes around it. */
const leaseMs = (timeoutMs: number) => timeoutMs + 30_000;

export interface WebhookDeliveryOptions {
  /** the key that opens endpoints' secrets (deriveKey(master, 'webhooks.secrets')) */
  secretsKey?: () => Buffer;
  /** the wait after each failed attempt; its length + 1 is the number of attempts */
  backoffMs?: readonly number[];
  /** per attempt, redirects included */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

export interface WebhookDelivererDeps extends WebhookDeliveryOptions {
  db: DbTx;
  jobs: JobQueue;
  logger: Logger;
  /** real time (BullMQ delays and the receiver's replay window are real time) */
  clock?: Clock;
}

export type AttemptOutcome = 'delivered' | 'retrying' | 'failed' | 'skipped';

type Posted = { status?: number; error?: string };

interface Claimed {
  id: string;
  endpoint_id: string;
  event: string;
  body: string;
  attempts: number;
  url: string;
  sealed_secret: string;
  is_enabled: boolean;
}

/** What went wrong, in a few words that name no host, address or path. */
function describe(error: unknown, timeoutMs: number): string {
  const e = error as { name?: string; cause?: { code?: unknown; name?: string } } | null;
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError' || e?.cause?.name === 'TimeoutError')
    return `timeout after ${timeoutMs} ms`;
  const code = typeof e?.cause?.code === 'string' ? e.cause.code : undefined;
  return code ? `network error (${code})` : 'network error';
}

export function createWebhookDeliverer(deps: WebhookDelivererDeps) {
  const { db, jobs, logger } = deps;
  const clock = deps.clock ?? systemClock;
  const schedule = deps.backoffMs ?? DEFAULT_BACKOFF_MS;
  const timeoutMs = deps.timeoutMs ?? DELIVERY_TIMEOUT_MS;
  const doFetch = deps.fetch ?? globalThis.fetch;

  async function post(url: string, body: string, headers: Record<string, string>): Promise<Posted> {
    const signal = AbortSignal.timeout(timeoutMs);
    let target = url;
    try {
      for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
        if (!checkEndpointUrl(target).ok) return { error: 'URL refused (http and https only)' };
        const response = await doFetch(target, { method: 'POST', body, headers, redirect: 'manual', signal });
        // The answer's body is not read (nor kept): only its status counts.
        await response.body?.cancel().catch(() => undefined);
        if (response.status < 300 || response.status >= 400) return { status: response.status };
        const next = sameOriginRedirect(target, response.headers.get('location'));
        if (!next) return { status: response.status, error: 'redirect to another host not followed' };
        target = next;
      }
      return { error: 'too many redirects' };
    } catch (error) {
      return { error: describe(error, timeoutMs) };
    }
  }

  /** Writes an attempt's outcome if the claim still holds (nobody redelivered meanwhile). */
  async function settle(id: string, leaseUntil: Date, data: Record<string, unknown>): Promise<boolean> {
    const { count } = await db.webhookDelivery.updateMany({
      where: { id, status: 'pending', nextAttemptAt: leaseUntil },
      data,
    });
    return count === 1;
  }

  return {
    /** One attempt of one delivery; nothing when it is not pending, not due, or another job holds it. */
    async deliver(deliveryId: string): Promise<AttemptOutcome> {
      const now = clock.now();
      const leaseUntil = new Date(now.getTime() + leaseMs(timeoutMs));
      const [claimed] = await db.$queryRaw<Claimed[]>`
        UPDATE webhook_deliveries d
        SET attempts = d.attempts + 1, next_attempt_at = ${leaseUntil}::timestamptz
        FROM webhook_endpoints e
        WHERE d.id = ${deliveryId}::uuid AND e.id = d.endpoint_id AND d.status = 'pending'
          AND d.next_attempt_at <= ${new Date(now.getTime() + EARLY_TOLERANCE_MS)}::timestamptz
        RETURNING d.id::text AS id, d.endpoint_id::text AS endpoint_id, d.event, d.payload::text AS body,
          d.attempts, e.url, e.sealed_secret, e.is_enabled`;
      if (!claimed) return 'skipped';
      const log = { deliveryId, endpointId: claimed.endpoint_id, event: claimed.event, attempt: claimed.attempts };

      const give = async (error: string): Promise<AttemptOutcome> => {
        await settle(deliveryId, leaseUntil, {
          status: 'failed',
          attempts: claimed.attempts - 1,
          lastError: error,
          nextAttemptAt: null,
        });
        logger.warn({ ...log, error }, 'webhook delivery failed without an attempt');
        return 'failed';
      };
      if (!claimed.is_enabled) return give('endpoint disabled');
      const secret = deps.secretsKey ? unseal(deps.secretsKey(), claimed.sealed_secret) : null;
      if (secret === null) return give('signing secret unreadable (NOVA_SECRET_KEY changed?): rotate it');

      // The stored payload, compact; the same bytes on every attempt.
      const body = JSON.stringify(JSON.parse(claimed.body));
      const timestamp = Math.floor(clock.now().getTime() / 1000);
      const posted = await post(claimed.url, body, {
        'content-type': 'application/json',
        'user-agent': 'Nova-Webhooks/1',
        'x-nova-event': claimed.event,
        'x-nova-delivery': deliveryId,
        'x-nova-timestamp': String(timestamp),
        'x-nova-signature': signBody(secret, timestamp, body),
      });
      const done = clock.now();

      if (posted.status !== undefined && posted.status >= 200 && posted.status < 300 && !posted.error) {
        await settle(deliveryId, leaseUntil, {
          status: 'delivered',
          deliveredAt: done,
          lastStatusCode: posted.status,
          lastError: null,
          nextAttemptAt: null,
        });
        logger.info({ ...log, statusCode: posted.status }, 'webhook delivered');
        return 'delivered';
      }

      const error = posted.error ?? `HTTP ${posted.status}`;
      const delay = retryDelayMs(claimed.attempts, schedule);
      if (delay === null) {
        await settle(deliveryId, leaseUntil, {
          status: 'failed',
          lastStatusCode: posted.status ?? null,
          lastError: error,
          nextAttemptAt: null,
        });
        logger.warn({ ...log, statusCode: posted.status, error }, 'webhook delivery failed: no attempts left');
        return 'failed';
      }
      const dueAt = new Date(done.getTime() + delay);
      const mine = await settle(deliveryId, leaseUntil, {
        lastStatusCode: posted.status ?? null,
        lastError: error,
        nextAttemptAt: dueAt,
      });
      logger.warn({ ...log, statusCode: posted.status, error, retryInMs: delay }, 'webhook attempt failed');
      if (mine) {
        await jobs
          .enqueue('webhook.deliver', { deliveryId }, { jobId: deliveryJobId(deliveryId, dueAt), delayMs: delay })
          .catch((e) => logger.warn({ ...log, err: e }, 'webhook retry not queued; the sweep will catch up'));
      }
      return 'retrying';
    },
  };
}

export type WebhookDeliverer = ReturnType<typeof createWebhookDeliverer>;

/**
 * The sweep's part: pending deliveries that are due and whose job is gone (Redis lost it, a crash
 * between commit and queueing) are queued again. A copy too many is harmless: the claim lets one through.
 */
export async function requeueDueDeliveries(
  { db, jobs }: { db: DbTx; jobs: JobQueue },
  now: Date,
  limit = 1_000,
): Promise<number> {
  const due = await db.webhookDelivery.findMany({
    where: { status: 'pending', nextAttemptAt: { lte: now } },
    select: { id: true, nextAttemptAt: true },
    orderBy: { nextAttemptAt: 'asc' },
    take: limit,
  });
  let queued = 0;
  for (const d of due) {
    if (!d.nextAttemptAt) continue;
    const jobId = deliveryJobId(d.id, d.nextAttemptAt);
    if (await jobs.isQueued?.('webhook.deliver', jobId)) continue;
    await jobs.enqueue('webhook.deliver', { deliveryId: d.id }, { jobId: `${jobId}-sweep-${now.getTime()}` });
    queued += 1;
  }
  return queued;
}
