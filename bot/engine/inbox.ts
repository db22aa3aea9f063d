// The inbox: every inbound message is written to inbound_messages before the channel is acknowledged.
// The unique (channel account, message id) key absorbs redelivery (WhatsApp retries for days, Telegram
// retries, Baileys replays on reconnect): a repeated message is stored once and answered once.
import { type Db, sql } from '../../core/db/client.ts';
import type { JobQueue } from '../../core/jobs/job-map.ts';
import { isUnstorable, sqlState } from '../../core/shared/errors.ts';
import type { Logger } from '../../core/shared/logger.ts';
import { cleanName, storableDeep, truncateGraphemes } from '../../core/shared/sanitize.ts';
import type { InboundMessage } from '../types.ts';
import { type AccountCache, createAccountCache } from './account-cache.ts';

export const chatKeyOf = (m: { channelAccountId: string; chatId: string }) => `${m.channelAccountId}:${m.chatId}`;

/** The one job id of a message's chat job: the inbox queues it, the sweep re-queues it only if it is gone. */
export const inboundJobId = (inboundId: string) => `inbound-${inboundId}`;

/** Longest text kept of one message, in graphemes (the parser reads the first MAX_ANALYSED_CHARS). */
export const MAX_STORED_TEXT = 100_000;

/**
 * The one entry every channel shares: the message as it may be stored. Every string is storable
 * (no NUL, no lone surrogate); names lose bidi controls; the text is capped by grapheme.
 */
export function storableMessage(message: InboundMessage): InboundMessage {
  const m = storableDeep(message);
  return {
    ...m,
    sender: { ...m.sender, displayName: cleanName(m.sender.displayName) },
    ...(m.text !== undefined ? { text: truncateGraphemes(m.text, MAX_STORED_TEXT) } : {}),
    ...(m.contact ? { contact: { ...m.contact, name: cleanName(m.contact.name) } } : {}),
    ...(m.location ? { location: { ...m.location, name: cleanName(m.location.name) } } : {}),
    ...(m.media?.fileName ? { media: { ...m.media, fileName: cleanName(m.media.fileName) } } : {}),
  };
}

/** Longest wait for the queue after a message is stored; past it, the channel is answered anyway. */
export const ENQUEUE_WAIT_MS = 250;

/** Waits for `work` to settle, at most `ms`; never throws (a failure is the sweep's to repair). */
async function settledWithin(ms: number, work: Promise<unknown>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
  });
  await Promise.race([work.catch(() => undefined), late]);
  clearTimeout(timer);
}

export function createInbox({
  db,
  jobs,
  accounts = createAccountCache(db),
}: {
  db: Db;
  jobs: JobQueue;
  accounts?: AccountCache;
}) {
  return {
    /**
     * Stores the message (or finds it stored) and queues its chat for processing.
     * Returns whether it was new. Throws only when the database is unavailable: the channel must then
     * not acknowledge, so that it delivers again.
     */
    async accept(received: InboundMessage): Promise<{ id: string; duplicate: boolean }> {
      const message = storableMessage(received);
      const account = await accounts.get(message.channelAccountId);
      if (!account) throw new Error(`unknown channel account ${message.channelAccountId}`);
      // One statement on the pool (core/db/client.ts sql()): the webhook's answer waits on it alone.
      const [stored] = await sql(db)<{ id: string }>`
        INSERT INTO inbound_messages (organization_id, channel_account_id, external_id, chat_id, payload)
        VALUES (${account.organizationId}::uuid, ${message.channelAccountId}::uuid, ${message.externalId},
          ${message.chatId}, ${JSON.stringify(message)}::jsonb)
        ON CONFLICT (channel_account_id, external_id) DO NOTHING
        RETURNING id::text AS id`;
      const duplicate = stored === undefined;
      const id =
        stored?.id ??
        (
          await db.inboundMessage.findUniqueOrThrow({
            where: {
              channelAccountId_externalId: {
                channelAccountId: message.channelAccountId,
                externalId: message.externalId,
              },
            },
            select: { id: true },
          })
        ).id;
      if (!duplicate) {
        // The message is safe in PostgreSQL: the channel gets its answer now. The job normally lands in
        // a millisecond; while the queue backend is away BullMQ would hold the request until it is back,
        // so the wait is bounded and a job that is not queued is left to the sweep (sweep.ts).
        await settledWithin(
          ENQUEUE_WAIT_MS,
          jobs.enqueue('inbound.process', { inboundId: id, chatKey: chatKeyOf(message) }, { jobId: inboundJobId(id) }),
        );
      }
      return { id, duplicate };
    },

    /**
     * Stores the messages of one webhook (one channel account) in one statement, in their order, and
     * queues the chats of the new ones; returns how many were new. Throws as accept() does; a batch with a
     * message that can never be stored throws that error, and acceptEach() then stores them one by one.
     */
    async acceptMany(received: readonly InboundMessage[]): Promise<{ stored: number; duplicates: number }> {
      const messages = received.map(storableMessage);
      const accountId = messages[0]?.channelAccountId;
      if (!accountId) return { stored: 0, duplicates: 0 };
      if (messages.some((m) => m.channelAccountId !== accountId)) throw new Error('acceptMany: one channel account');
      const account = await accounts.get(accountId);
      if (!account) throw new Error(`unknown channel account ${accountId}`);
      const rows = messages.map((m) => ({ external_id: m.externalId, chat_id: m.chatId, payload: m }));
      // WITH ORDINALITY … ORDER BY: the rows take their seq (the chats' processing order) in the webhook's order.
      const stored = await sql(db)<{ id: string; external_id: string }>`
        INSERT INTO inbound_messages (organization_id, channel_account_id, external_id, chat_id, payload)
        SELECT ${account.organizationId}::uuid, ${accountId}::uuid, m.external_id, m.chat_id, m.payload
        FROM ROWS FROM (jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS (external_id text, chat_id text, payload jsonb))
          WITH ORDINALITY AS m(external_id, chat_id, payload, n)
        ORDER BY m.n
        ON CONFLICT (channel_account_id, external_id) DO NOTHING
        RETURNING id::text AS id, external_id`;
      const idOf = new Map(stored.map((r) => [r.external_id, r.id]));
      const queued = messages.flatMap((m) => {
        const id = idOf.get(m.externalId);
        return id
          ? [jobs.enqueue('inbound.process', { inboundId: id, chatKey: chatKeyOf(m) }, { jobId: inboundJobId(id) })]
          : [];
      });
      await settledWithin(ENQUEUE_WAIT_MS, Promise.all(queued));
      return { stored: stored.length, duplicates: messages.length - stored.length };
    },
  };
}

export type Inbox = ReturnType<typeof createInbox>;

/**
 * Stores a batch of messages (a webhook's, a poll's) in order: a batch of one account in one statement
 * (acceptMany), else, or when that statement met a message that can never be stored, each on its own. A
 * message that can never be stored (isUnstorable) is then logged and skipped, so it never blocks the
 * messages behind it; any other failure (the database away) throws, and the channel must not acknowledge.
 */
export async function acceptEach(
  inbox: Pick<Inbox, 'accept'> & Partial<Pick<Inbox, 'acceptMany'>>,
  messages: readonly InboundMessage[],
  logger: Logger,
): Promise<{ stored: number; quarantined: number }> {
  const oneAccount = messages.every((m) => m.channelAccountId === messages[0]?.channelAccountId);
  if (inbox.acceptMany && messages.length > 1 && oneAccount) {
    try {
      const { stored, duplicates } = await inbox.acceptMany(messages);
      return { stored: stored + duplicates, quarantined: 0 };
    } catch (error) {
      if (!isUnstorable(error)) throw error;
      // one of them cannot be stored: find it, and store the others, one by one below
    }
  }
  let stored = 0;
  let quarantined = 0;
  for (const message of messages) {
    try {
      await inbox.accept(message);
      stored += 1;
    } catch (error) {
      if (!isUnstorable(error)) throw error;
      quarantined += 1;
      logger.error(
        { code: sqlState(error), channelAccountId: message.channelAccountId, externalId: message.externalId },
        'inbound message quarantined: it cannot be stored',
      );
    }
  }
  return { stored, quarantined };
}
