// notify(): the one writer of outbound messages. Every message Nova sends (a turn's replies, a notice
// to another chat, reminders, match alerts, and later digests and follow-ups) is a row of
// outbound_messages with an idempotency key, then a send job (none for a channel the row itself
// delivers, NotifyOptions.delivered). The one exception: the replies of a turn that tells no other
// chat are written by the turn's last statement (bot/engine/turn-runner.ts saveTurn), the same rows. Built over a turn's transaction, the
// jobs it queues are held until commit (core/jobs/deferred.queue.ts); the minute sweep sends whatever
// a lost job missed.
import { type DbTx, sql } from '../db/client.ts';
import type { JobQueue } from '../jobs/job-map.ts';
import { type Clock, systemClock } from '../shared/clock.ts';
import type { Logger } from '../shared/logger.ts';
import type { Scope } from '../shared/scope.ts';
import { type QuietHours, quietUntil, rhythmSettings } from './daily-rhythm.ts';
import { createMemberInbox } from './member-inbox.ts';
import type { OutboundMessage } from './message.types.ts';
import { createQueuedNotices } from './queued-notices.ts';

/** A chat to write to: the channel account, the chat on it, and the contact when known. */
export interface Recipient {
  channelAccountId: string;
  chatId: string;
  contactId?: string | null;
  /**
   * The member this chat is, when the caller knows it: a message with a `notification` to him is also
   * kept as a row of `notifications` (member-inbox.ts). Absent for clients, owners and replies.
   */
  userId?: string | null;
}

/** A member's chat: where to reach him, and the language he last wrote in. */
export interface MemberChat extends Recipient {
  contactId: string;
  userId: string;
  lang: 'ar' | 'en';
}

/** How a message is written: `initiated` when Nova speaks first (see notify). */
export interface NotifyOptions {
  /**
   * Nova speaks first: a match alert, a notice to another chat, the morning digest; not a reply to the
   * recipient's own message, not a reminder he asked for. Inside the office's quiet hours
   * (core/notifications/daily-rhythm.ts) the row waits with `not_before` at their end, and the sweep
   * sends it then (bot/engine/sweep.ts).
   */
  initiated?: boolean;
  /** the office's zone and quiet hours, when the caller has them at hand (the digest): not read again */
  office?: { timeZone: string; quietHours: QuietHours | null };
  /**
   * The recipient's channel is delivered by the row itself (the web chat, the console, the test
   * channel: their readers poll the rows): the row is written sent, and no send job is queued, which
   * is all that job would have done. A row held by quiet hours is written waiting as any other.
   */
  delivered?: boolean;
}

export function createNotifier({
  db,
  jobs,
  logger,
  clock = systemClock,
}: {
  db: DbTx;
  jobs: JobQueue;
  logger?: Logger;
  clock?: Clock;
}) {
  // Only messages Nova sends first read the office's zone and quiet hours: once per notifier (a
  // transaction), never for a reply.
  const offices = new Map<string, Promise<{ timeZone: string; quietHours: QuietHours | null }>>();
  const holdUntil = async (organizationId: string): Promise<Date | null> => {
    let office = offices.get(organizationId);
    if (!office) {
      office = sql(db)<{ time_zone: string; settings: unknown }>`
        SELECT time_zone, settings FROM organizations WHERE id = ${organizationId}::uuid`.then(([o]) => ({
        timeZone: o?.time_zone ?? 'Asia/Riyadh',
        quietHours: rhythmSettings(o?.settings).quietHours,
      }));
      offices.set(organizationId, office);
    }
    const { timeZone, quietHours } = await office;
    return quietUntil(clock.now(), timeZone, quietHours);
  };
  const inbox = createMemberInbox({ db });
  return {
    // What Nova told each member, read or not (notifications rows): kept by notify, listed by the API.
    ...inbox,
    // A member Nova cannot reach yet (Telegram before his first message): queueForMember, and the
    // engine's takeQueuedForMember on his first turn.
    ...createQueuedNotices({ db }),

    /**
     * Writes the message for the recipient once per key (a second call with the same key writes
     * nothing and returns the first row's id) and queues its send. A message Nova sends first inside
     * quiet hours is written held instead, and not queued (NotifyOptions.initiated).
     */
    async notify(
      scope: Scope,
      recipient: Recipient,
      message: OutboundMessage,
      key: string,
      options: NotifyOptions = {},
    ): Promise<string> {
      const notBefore = !options.initiated
        ? null
        : options.office
          ? quietUntil(clock.now(), options.office.timeZone, options.office.quietHours)
          : await holdUntil(scope.organizationId);
      const delivered = options.delivered === true && !notBefore;
      // One round trip in the usual case: the row is new. A key seen before returns the first row.
      const inserted = await sql(db)<{ id: string }>`
        INSERT INTO outbound_messages (organization_id, channel_account_id, contact_id, chat_id, idempotency_key, payload, not_before, status, sent_at)
        VALUES (${scope.organizationId}::uuid, ${recipient.channelAccountId}::uuid, ${recipient.contactId ?? null}::uuid,
          ${recipient.chatId}, ${key}, ${JSON.stringify(message)}::jsonb, ${notBefore}::timestamptz,
          ${delivered ? 'sent' : 'pending'}::outbound_status, ${delivered ? clock.now() : null}::timestamptz)
        ON CONFLICT (idempotency_key) DO NOTHING
        RETURNING id::text AS id`;
      const row = inserted[0]
        ? { id: inserted[0].id, organizationId: scope.organizationId }
        : await db.outboundMessage.findUniqueOrThrow({
            where: { idempotencyKey: key },
            select: { id: true, organizationId: true },
          });
      if (row.organizationId !== scope.organizationId)
        throw new Error(`outbound key ${key} belongs to another organization`);
      // Nova told a member something on its own: a notifications row too (once: only with a new row).
      // Replies carry no `notification` and cost nothing more.
      if (inserted[0] && message.notification && recipient.userId) {
        await inbox.keepForMember(scope, recipient.userId, message, clock.now());
      }
      if (notBefore) return row.id; // held: the sweep queues it when quiet hours end
      if (delivered && inserted[0]) return row.id; // written sent: nothing left to do
      await jobs
        .enqueue(
          'outbound.send',
          { outboundId: row.id, channelAccountId: recipient.channelAccountId },
          { jobId: `outbound-${row.id}` },
        )
        .catch((error) => logger?.warn({ err: error, outboundId: row.id }, 'send not queued; the sweep will catch up'));
      return row.id;
    },

    /** The chat a member last wrote from (private chats: the chat id is the contact's id), or null. */
    async chatOfMember(scope: Scope, userId: string): Promise<MemberChat | null> {
      // Straight on pg (sql()): every notice to a member asks it, and a client's new request is one.
      const [contact] = await sql(db)<{
        id: string;
        channel_account_id: string;
        external_id: string;
        language: string | null;
      }>`
        SELECT id::text, channel_account_id::text, external_id, language FROM contacts
        WHERE organization_id = ${scope.organizationId}::uuid AND user_id = ${userId}::uuid
        ORDER BY last_inbound_at DESC NULLS LAST
        LIMIT 1`;
      if (!contact) return null;
      return {
        channelAccountId: contact.channel_account_id,
        chatId: contact.external_id,
        contactId: contact.id,
        userId,
        lang: contact.language === 'en' ? 'en' : 'ar',
      };
    },
  };
}

export type Notifier = ReturnType<typeof createNotifier>;
