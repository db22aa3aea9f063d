// The inbox: every inbound message is written to inbound_messages before the channel is acknowledged.
// The unique (channel account, message id) key absorbs redelivery (WhatsApp retries for days, Telegram
// retries, Baileys replays on reconnect): a repeated message is stored once and answered once.
import type { Db } from '../../core/db/client.ts';
import type { JobQueue } from '../../core/jobs/job-map.ts';
import { isUnstorable, sqlState } from '../../core/shared/errors.ts';
import type { Logger } from '../../core/shared/logger.ts';
import { cleanName, storableDeep, truncateGraphemes } from '../../core/shared/sanitize.ts';
import type { InboundMessage } from '../types.ts';
import { type AccountCache, createAccountCache } from './account-cache.ts';
import { createInboxWriter, type InboxRow } from './inbox-writer.ts';

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

export function createInbox({
  db,
  jobs,
  accounts = createAccountCache(db),
}: {
  db: Db;
  jobs: JobQueue;
  accounts?: AccountCache;
}) {
  const writer = createInboxWriter(db);
  // The message is safe in PostgreSQL: the channel gets its answer without waiting for the queue (a
  // busy queue backend took 100–250 ms to take a job under load, and with Redis away BullMQ holds the
  // call until it is back). A job that never lands is the sweep's (sweep.ts).
  const queueChat = (id: string, message: InboundMessage) => {
    jobs
      .enqueue('inbound.process', { inboundId: id, chatKey: chatKeyOf(message) }, { jobId: inboundJobId(id) })
      .catch(() => undefined);
  };
  const rowOf = async (message: InboundMessage): Promise<InboxRow> => {
    const account = await accounts.get(message.channelAccountId);
    if (!account) throw new Error(`unknown channel account ${message.channelAccountId}`);
    return { organizationId: account.organizationId, message };
  };
  return {
    /**
     * Stores the message (or finds it stored) and queues its chat for processing.
     * Returns whether it was new. Throws only when the database is unavailable: the channel must then
     * not acknowledge, so that it delivers again.
     */
    async accept(received: InboundMessage): Promise<{ id: string; duplicate: boolean }> {
      const message = storableMessage(received);
      // With whatever other webhooks arrive meanwhile, in one statement (inbox-writer.ts): the webhook's
      // answer waits on it alone, never on the turns' statements.
      const { id, duplicate } = await writer.write(await rowOf(message));
      if (!duplicate) queueChat(id, message);
      return { id, duplicate };
    },

    /**
     * Stores the messages of one webhook in their order (in one statement, with whatever else arrives
     * meanwhile) and queues the chats of the new ones; returns how many were new. Throws as accept()
     * does; when a message can never be stored, the others are stored and queued, and that error is
     * thrown: acceptEach() then finds which one it was.
     */
    async acceptMany(received: readonly InboundMessage[]): Promise<{ stored: number; duplicates: number }> {
      const messages = received.map(storableMessage);
      const rows = await Promise.all(messages.map(rowOf));
      const results = await Promise.allSettled(rows.map((row) => writer.write(row)));
      let stored = 0;
      for (const [i, r] of results.entries()) {
        if (r.status !== 'fulfilled' || r.value.duplicate) continue;
        queueChat(r.value.id, messages[i]!);
        stored += 1;
      }
      const failed = results.find((r) => r.status === 'rejected');
      if (failed) throw failed.reason;
      return { stored, duplicates: messages.length - stored };
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
