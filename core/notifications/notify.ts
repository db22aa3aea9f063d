// notify(): the one writer of outbound messages. Every message Nova sends (a turn's replies, a notice
// to another chat, reminders, match alerts, and later digests and follow-ups) is a row of
// outbound_messages with an idempotency key, then a send job. Built over a turn's transaction, the
// jobs it queues are held until commit (core/jobs/deferred.queue.ts); the minute sweep sends whatever
// a lost job missed.
import type { DbTx } from '../db/client.ts';
import type { JobQueue } from '../jobs/job-map.ts';
import type { Logger } from '../shared/logger.ts';
import type { Scope } from '../shared/scope.ts';
import type { OutboundMessage } from './message.types.ts';
import { createQueuedNotices } from './queued-notices.ts';

/** A chat to write to: the channel account, the chat on it, and the contact when known. */
export interface Recipient {
  channelAccountId: string;
  chatId: string;
  contactId?: string | null;
}

/** A member's chat: where to reach him, and the language he last wrote in. */
export interface MemberChat extends Recipient {
  contactId: string;
  lang: 'ar' | 'en';
}

export function createNotifier({ db, jobs, logger }: { db: DbTx; jobs: JobQueue; logger?: Logger }) {
  return {
    // A member Nova cannot reach yet (Telegram before his first message): queueForMember, and the
    // engine's takeQueuedForMember on his first turn.
    ...createQueuedNotices({ db }),

    /**
     * Writes the message for the recipient once per key (a second call with the same key writes
     * nothing and returns the first row's id) and queues its send.
     */
    async notify(scope: Scope, recipient: Recipient, message: OutboundMessage, key: string): Promise<string> {
      // One round trip in the usual case: the row is new. A key seen before returns the first row.
      const inserted = await db.$queryRaw<Array<{ id: string }>>`
        INSERT INTO outbound_messages (organization_id, channel_account_id, contact_id, chat_id, idempotency_key, payload)
        VALUES (${scope.organizationId}::uuid, ${recipient.channelAccountId}::uuid, ${recipient.contactId ?? null}::uuid,
          ${recipient.chatId}, ${key}, ${JSON.stringify(message)}::jsonb)
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
      await jobs
        .enqueue('outbound.send', { outboundId: row.id }, { jobId: `outbound-${row.id}` })
        .catch((error) => logger?.warn({ err: error, outboundId: row.id }, 'send not queued; the sweep will catch up'));
      return row.id;
    },

    /** The chat a member last wrote from (private chats: the chat id is the contact's id), or null. */
    async chatOfMember(scope: Scope, userId: string): Promise<MemberChat | null> {
      const contact = await db.contact.findFirst({
        where: { organizationId: scope.organizationId, userId },
        orderBy: { lastInboundAt: { sort: 'desc', nulls: 'last' } },
        select: { id: true, channelAccountId: true, externalId: true, language: true },
      });
      if (!contact) return null;
      return {
        channelAccountId: contact.channelAccountId,
        chatId: contact.externalId,
        contactId: contact.id,
        lang: contact.language === 'en' ? 'en' : 'ar',
      };
    },
  };
}

export type Notifier = ReturnType<typeof createNotifier>;
