// The WhatsApp Cloud API channel (Meta's official Business Platform). Nothing to connect: Meta calls
// our webhook (served by the API server, api/routes/webhooks/whatsapp.routes.ts) and we call the Graph
// API to send. This file holds both halves:
// - receive(): signature check → normalize → inbox (answered 200 only once stored, so a database
//   outage makes Meta deliver again) → delivery reports recorded on the outbound rows;
// - the adapter's send(): the 24-hour window → render → POST /{phone-number-id}/messages, with Meta's
//   "slow down" answers turned into RetryLaterError for the outbox.
import { createHash, timingSafeEqual } from 'node:crypto';
import { type Db, sql } from '../../../core/db/client.ts';
import { type Clock, systemClock } from '../../../core/shared/clock.ts';
import type { Logger } from '../../../core/shared/logger.ts';
import { acceptEach, type Inbox } from '../../engine/inbox.ts';
import {
  type ChannelAdapter,
  type ChannelCapabilities,
  RetryLaterError,
  type RunningChannel,
  UnsureSendError,
} from '../../types.ts';
import { setConnectionState } from '../accounts.ts';
import { type GraphFetch, type GraphInit, type GraphResponse, graphFetch } from './cloud.http.ts';
import { type CloudStatusUpdate, normalizeCloudWebhook } from './cloud.normalize.ts';
import { type CloudRequestBody, type CloudTemplates, renderCloudMessage } from './cloud.render.ts';
import { verifyCloudSignature } from './cloud.signature.ts';

export interface WhatsAppCloudDeps {
  db: Db;
  inbox: Pick<Inbox, 'accept'>;
  logger: Logger;
  /** a permanent (system user) access token with whatsapp_business_messaging */
  token: string;
  phoneNumberId: string;
  appSecret: string;
  verifyToken: string;
  /** Graph API base with its version, e.g. https://graph.facebook.com/v21.0 */
  apiBase: string;
  templates: CloudTemplates;
  /** our channel_accounts.id for this phone number */
  accountId: string;
  /** the Graph API's HTTP client (cloud.http.ts); tests pass a fake, or fetch */
  fetch?: GraphFetch;
  /** decides the 24-hour window; the same clock the turns stamp lastInboundAt with */
  clock?: Clock;
  /** backoff when Meta says "slow down" without a Retry-After: base doubles per attempt up to max */
  backoff?: { baseMs?: number; pairBaseMs?: number; maxMs?: number };
  requestTimeoutMs?: number;
}

export interface WebhookAnswer {
  status: number;
  body: string;
}

export interface WhatsAppCloudChannel extends RunningChannel {
  /** GET /webhooks/whatsapp: Meta's subscription check */
  verify(query: Record<string, string | undefined>): WebhookAnswer;
  /** POST /webhooks/whatsapp: the raw body as received and the X-Hub-Signature-256 header */
  receive(rawBody: Buffer | string, signature: string | undefined): Promise<{ status: number }>;
  /** A received photo or file by its media id (InboundMedia.ref). */
  downloadMedia(mediaId: string): Promise<{ bytes: Buffer; mimeType?: string }>;
}

/** Meta's "too many messages" codes: throughput (130429), pair rate (131056), account (80007), app (4). */
export const CLOUD_RATE_LIMIT_CODES: ReadonlySet<number> = new Set([130429, 131056, 80007, 4]);
const PAIR_RATE_LIMIT = 131056;
const TOKEN_INVALID = 190;

/**
 * Meta's window is 24 hours from the user's last message as Meta received it; lastInboundAt is
 * stamped a little later, when the turn runs. The margin keeps us on the safe side: near the end of
 * the window a notification goes as a template, which is always allowed.
 */
export const CUSTOMER_SERVICE_WINDOW_MS = 24 * 60 * 60 * 1000 - 10 * 60 * 1000;

/**
 * Connection failures that mean the request never reached Meta: sending again cannot show it twice.
 * Anything else (no answer in time, a connection cut mid-answer) may have been sent.
 */
const NOT_SENT_CAUSES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);

const CAPABILITIES: ChannelCapabilities = { maxChoices: 10, media: true, documents: true, location: true };
const MEMORY_LIMIT = 1_000;
/** Sends recorded here that are remembered for their delivery reports: a minute at 150 a second (about 1 MB). */
const RECORDED_LIMIT = 10_000;

/** An error answer of the Graph API. `permanent`: sending the same request again will not help. */
export class CloudApiError extends Error {
  override name = 'CloudApiError';
  constructor(
    readonly httpStatus: number,
    readonly code: number | undefined,
    message: string,
    readonly permanent: boolean,
  ) {
    super(message);
  }
}

export function startWhatsAppCloudChannel(deps: WhatsAppCloudDeps): WhatsAppCloudChannel {
  const { db, inbox, logger, accountId, phoneNumberId, templates } = deps;
  const apiBase = deps.apiBase.replace(/\/+$/, '');
  const doFetch = deps.fetch ?? graphFetch;
  const clock = deps.clock ?? systemClock;
  const baseMs = deps.backoff?.baseMs ?? 2_000;
  const pairBaseMs = deps.backoff?.pairBaseMs ?? 6_000;
  const maxMs = deps.backoff?.maxMs ?? 60_000;
  const timeoutMs = deps.requestTimeoutMs ?? 15_000;
  const log = logger.child({ channel: 'whatsapp_cloud', accountId });

  let state = 'configured';
  let stopped = false;
  // Parts of a message already sent, and "slow down" answers so far, by idempotency key: a retry in this
  // process continues where it stopped (even when the whole message went out and only recording it
  // failed) and backs off further. Across processes the outbox's record of the parts (meta.partsSent)
  // and the status webhooks (recordStatus) do the same.
  const progress = new Map<string, { sent: number; lastId?: string }>();
  const slowDowns = new Map<string, number>();
  // Keys the outbox recorded sent in this process (adapter.sentRecorded): their delivery report has
  // nothing left to mark, and most reports are for such a key.
  const recorded = new Map<string, true>();

  const setState = (next: string) => {
    if (state === next) return;
    state = next;
    void setConnectionState(db, accountId, next);
  };
  void setConnectionState(db, accountId, state);

  const remember = <V>(map: Map<string, V>, key: string, value: V, limit = MEMORY_LIMIT) => {
    map.delete(key);
    map.set(key, value);
    if (map.size > limit) map.delete(map.keys().next().value!);
  };

  async function windowOpen(chatId: string): Promise<boolean> {
    const contact = await db.contact.findUnique({
      where: { channelAccountId_externalId: { channelAccountId: accountId, externalId: chatId } },
      select: { lastInboundAt: true },
    });
    if (!contact?.lastInboundAt) return false;
    return clock.now().getTime() - contact.lastInboundAt.getTime() < CUSTOMER_SERVICE_WINDOW_MS;
  }

  function backoffMs(key: string, code: number | undefined, retryAfter: string | null): number {
    const fromHeader = parseRetryAfter(retryAfter, Date.now());
    const attempt = (slowDowns.get(key) ?? 0) + 1;
    remember(slowDowns, key, attempt);
    if (fromHeader !== undefined) return Math.min(Math.max(fromHeader, 1), 3_600_000);
    const base = code === PAIR_RATE_LIMIT ? pairBaseMs : baseMs;
    const delay = Math.min(base * 2 ** (attempt - 1), maxMs);
    // A little jitter so that messages held back together do not all come back at once.
    return Math.round(delay * (1 + Math.random() * 0.2));
  }

  async function graph(path: string, init: GraphInit): Promise<GraphResponse> {
    try {
      return await doFetch(`${apiBase}/${path}`, {
        ...init,
        headers: { Authorization: `Bearer ${deps.token}`, ...(init.headers ?? {}) },
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      // fetch puts a connection error's code on `cause`, undici's request() on the error itself
      const failure = error as { cause?: { code?: string }; code?: string; name?: string };
      const cause = failure.cause?.code ?? failure.code ?? failure.name ?? 'Error';
      if (NOT_SENT_CAUSES.has(cause)) throw new Error(`WhatsApp Cloud API unreachable (${cause})`);
      throw new UnsureSendError(`WhatsApp Cloud API did not answer (${cause})`);
    }
  }

  /**
   * Sends one part of a message. `biz_opaque_callback_data` carries the outbound row's idempotency key,
   * the part and the number of parts (`<key>#<part>/<parts>`): Meta returns it in the status webhooks of
   * that message, which ties a delivery or a failure to its row even when this process died before it
   * recorded the send (see recordStatus).
   */
  async function post(body: CloudRequestBody, key: string, part: number, parts: number): Promise<string> {
    const response = await graph(`${encodeURIComponent(phoneNumberId)}/messages`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ ...body, biz_opaque_callback_data: `${key}#${part}/${parts}` }),
    });
    const json = obj(await response.json().catch(() => undefined));
    if (response.ok) {
      const id = (Array.isArray(json.messages) ? obj(json.messages[0]) : {}).id;
      // Accepted, but without the id that would tie it to its row: it may well be on its way.
      if (typeof id !== 'string' || id === '')
        throw new UnsureSendError('WhatsApp Cloud API answered without a message id');
      setState('configured');
      return id;
    }
    const error = obj(json.error);
    const code = typeof error.code === 'number' ? error.code : Number(error.code) || undefined;
    const summary = `WhatsApp Cloud API: HTTP ${response.status}${code ? ` code ${code}` : ''}${
      typeof error.message === 'string' ? ` ${error.message.slice(0, 200)}` : ''
    }`;
    if (response.status === 429 || (code !== undefined && CLOUD_RATE_LIMIT_CODES.has(code))) {
      const wait = backoffMs(key, code, response.headers.get('retry-after'));
      log.warn(
        { httpStatus: response.status, code, retryInMs: wait, idempotencyKey: key },
        'WhatsApp Cloud asked to slow down',
      );
      throw new RetryLaterError(wait, summary);
    }
    if (response.status === 401 || code === TOKEN_INVALID) setState('unauthorized');
    // 4xx: the request itself is refused (bad number, closed window, unknown template, …).
    throw new CloudApiError(response.status, code, summary, response.status >= 400 && response.status < 500);
  }

  const adapter: ChannelAdapter = {
    kind: 'whatsapp_cloud',
    capabilities: CAPABILITIES,
    async send(chatId, message, { idempotencyKey, partsSent = 0, onPartSent }) {
      const open = message.notification ? await windowOpen(chatId) : true;
      const rendered = renderCloudMessage(message, { to: chatId, windowOpen: open, templates });
      if (rendered.kind === 'skip') {
        // Sending free text outside the window would break Meta's rule (and be refused): drop this one.
        log.warn(
          { notification: rendered.notification, idempotencyKey },
          'outside the 24-hour window and no WhatsApp template configured for this kind: not sent',
        );
        return { skipped: `outside the 24-hour window, no template for ${rendered.notification}` };
      }
      const done = progress.get(idempotencyKey) ?? { sent: 0 };
      const parts = rendered.bodies.length;
      for (let i = Math.max(done.sent, partsSent); i < parts; i++) {
        done.lastId = await post(rendered.bodies[i]!, idempotencyKey, i, parts);
        done.sent = i + 1;
        remember(progress, idempotencyKey, done);
        if (done.sent < parts) await onPartSent?.(done.sent);
      }
      slowDowns.delete(idempotencyKey);
      return done.lastId ? { externalId: done.lastId } : {};
    },
    sentRecorded(idempotencyKey) {
      progress.delete(idempotencyKey);
      remember(recorded, idempotencyKey, true, RECORDED_LIMIT);
    },
  };

  /**
   * A delivery report. "sent" (or later) for the last part of a message marks its row sent when the row
   * is still waiting (`sending`, or `pending` again after a failure that was not one): the process that
   * sent it died, timed out or failed before it could record it, and without this the row would be sent
   * again (the Cloud API has no idempotency key). For an earlier part it records that part as out, so
   * that the send resumes after it.
   */
  async function recordStatus(update: CloudStatusUpdate): Promise<void> {
    if (update.status !== 'failed') {
      const sent = update.callbackData?.match(/^(.+)#(\d+)\/(\d+)$/);
      if (!sent) return;
      // A message this process recorded sent: its row has nothing left to mark, whichever part this is.
      if (recorded.has(sent[1]!)) return;
      const [part, parts] = [Number(sent[2]), Number(sent[3])];
      const waiting = {
        channelAccountId: accountId,
        idempotencyKey: sent[1],
        status: { in: ['pending' as const, 'sending' as const] },
      };
      if (part === parts - 1) {
        // Every message's report comes here, and its row is nearly always marked sent already: one
        // statement straight on the pool (core/db/client.ts sql()) that usually finds nothing to do.
        await sql(db)`
          UPDATE outbound_messages
          SET status = 'sent', sent_at = ${clock.now()}, external_id = ${update.externalId}, last_error = NULL,
            updated_at = ${systemClock.now()}
          WHERE channel_account_id = ${accountId}::uuid AND idempotency_key = ${sent[1]}
            AND status IN ('pending', 'sending')`;
      } else if (part < parts) {
        await db.outboundMessage.updateMany({
          where: { ...waiting, partsSent: { lt: part + 1 } },
          data: { partsSent: part + 1 },
        });
      }
      return;
    }
    const first = update.errors?.[0];
    const lastError = `WhatsApp Cloud delivery failed${first ? `: code ${first.code} ${first.title}` : ''}`.slice(
      0,
      500,
    );
    const { count } = await db.outboundMessage.updateMany({
      where: { channelAccountId: accountId, externalId: update.externalId },
      data: { status: 'failed', lastError },
    });
    log.warn(
      { code: first?.code, externalId: update.externalId, rows: count },
      'WhatsApp Cloud reported a failed delivery',
    );
  }

  return {
    accountId,
    kind: 'whatsapp_cloud',
    adapter,
    state: () => state,
    async stop() {
      stopped = true;
    },

    verify(query) {
      const mode = query['hub.mode'];
      const token = query['hub.verify_token'];
      const challenge = query['hub.challenge'];
      if (
        mode === 'subscribe' &&
        token !== undefined &&
        challenge !== undefined &&
        sameSecret(token, deps.verifyToken)
      ) {
        log.info('webhook subscription verified');
        return { status: 200, body: challenge };
      }
      log.warn({ mode }, 'webhook verification refused');
      return { status: 403, body: 'Forbidden' };
    },

    async receive(rawBody, signature) {
      if (stopped) return { status: 503 };
      if (!verifyCloudSignature(deps.appSecret, rawBody, signature)) {
        log.warn({ signed: Boolean(signature) }, 'webhook with a bad signature refused');
        return { status: 401 };
      }
      let body: unknown;
      try {
        body = JSON.parse(typeof rawBody === 'string' ? rawBody : rawBody.toString('utf8'));
      } catch {
        return { status: 400 };
      }
      const { messages, statuses } = normalizeCloudWebhook(body, { channelAccountId: accountId, phoneNumberId });
      try {
        // In order: the inbox's arrival order is the chat's processing order.
        await acceptEach(inbox, messages, log);
        for (const update of statuses) await recordStatus(update);
      } catch (error) {
        log.error({ err: error }, 'webhook not stored: answering 500 so that Meta delivers it again');
        return { status: 500 };
      }
      return { status: 200 };
    },

    async downloadMedia(mediaId) {
      const meta = await graph(encodeURIComponent(mediaId), { method: 'GET' });
      const info = obj(await meta.json().catch(() => undefined));
      if (!meta.ok || typeof info.url !== 'string') {
        if (meta.status === 401) setState('unauthorized');
        throw new CloudApiError(
          meta.status,
          undefined,
          `WhatsApp Cloud media ${mediaId}: HTTP ${meta.status}`,
          meta.status < 500,
        );
      }
      // The media URL is Meta's too and wants the same token.
      const file = await doFetch(info.url, {
        headers: { Authorization: `Bearer ${deps.token}` },
        signal: AbortSignal.timeout(timeoutMs * 4),
      });
      if (!file.ok)
        throw new CloudApiError(
          file.status,
          undefined,
          `WhatsApp Cloud media ${mediaId} download: HTTP ${file.status}`,
          false,
        );
      const bytes = Buffer.from(await file.arrayBuffer());
      if (
        typeof info.sha256 === 'string' &&
        createHash('sha256').update(bytes).digest('hex') !== info.sha256.toLowerCase()
      ) {
        throw new Error(`WhatsApp Cloud media ${mediaId}: checksum mismatch`);
      }
      const mimeType =
        typeof info.mime_type === 'string' ? info.mime_type : (file.headers.get('content-type') ?? undefined);
      return { bytes, ...(mimeType ? { mimeType } : {}) };
    },
  };
}

const obj = (v: unknown): Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};

function sameSecret(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return expected !== '' && timingSafeEqual(a, b);
}

/** Retry-After as seconds or an HTTP date → milliseconds from now. */
export function parseRetryAfter(value: string | null | undefined, nowMs: number): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.ceil(Number(trimmed) * 1000);
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}
