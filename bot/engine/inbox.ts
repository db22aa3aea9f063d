// The inbox: every inbound message is written to inbound_messages before the channel is acknowledged.
// The unique (channel account, message id) key absorbs redelivery (WhatsApp retries for days, Telegram
// retries, Baileys replays on reconnect): a repeated message is stored once and answered once.
import type { Db } from '../../core/db/client.ts';
import type { JobQueue } from '../../core/jobs/job-map.ts';
import { PG, sqlState } from '../../core/shared/errors.ts';
import type { InboundMessage } from '../types.ts';

export const chatKeyOf = (m: { channelAccountId: string; chatId: string }) => `${m.channelAccountId}:${m.chatId}`;

export function createInbox({ db, jobs }: { db: Db; jobs: JobQueue }) {
  return {
    /**
     * Stores the message (or finds it stored) and queues its chat for processing.
     * Returns whether it was new. Throws only when the database is unavailable: the channel must then
     * not acknowledge, so that it delivers again.
     */
    async accept(message: InboundMessage): Promise<{ id: string; duplicate: boolean }> {
      const account = await db.channelAccount.findUnique({
        where: { id: message.channelAccountId },
        select: { organizationId: true, isEnabled: true },
      });
      if (!account) throw new Error(`unknown channel account ${message.channelAccountId}`);
      let id: string;
      let duplicate = false;
      try {
        const row = await db.inboundMessage.create({
          data: {
            organizationId: account.organizationId,
            channelAccountId: message.channelAccountId,
            externalId: message.externalId,
            chatId: message.chatId,
            payload: message as unknown as object,
          },
          select: { id: true },
        });
        id = row.id;
      } catch (error) {
        if (sqlState(error) !== PG.uniqueViolation) throw error;
        duplicate = true;
        const row = await db.inboundMessage.findUniqueOrThrow({
          where: {
            channelAccountId_externalId: { channelAccountId: message.channelAccountId, externalId: message.externalId },
          },
          select: { id: true },
        });
        id = row.id;
      }
      if (!duplicate) {
        // If Redis is away the message is safe in PostgreSQL and the sweep will queue it.
        await jobs
          .enqueue('inbound.process', { inboundId: id, chatKey: chatKeyOf(message) }, { jobId: `inbound-${id}` })
          .catch(() => undefined);
      }
      return { id, duplicate };
    },
  };
}

export type Inbox = ReturnType<typeof createInbox>;
