// The web chat's side of the outbox: its replies are the outbound rows of the chat (the web channel is
// delivered by the database), read in order by the page's polls.
import type { Db } from '../../../core/db/client.ts';
import type { OutboundMessage } from '../../types.ts';

export interface WebReply {
  seq: bigint;
  message: OutboundMessage;
}

export function createWebReplies(db: Db) {
  return {
    /**
     * Replies of the chat after `after` (a seq), at most `limit`, oldest first. A first look (after = 0)
     * gives the latest ones; later polls go forward from the last one seen.
     */
    async since(channelAccountId: string, chatId: string, after: bigint, limit: number): Promise<WebReply[]> {
      const where = {
        channelAccountId,
        chatId,
        seq: { gt: after },
        // shown as soon as they exist: delivery of the web channel is the row itself
        status: { in: ['pending' as const, 'sending' as const, 'sent' as const] },
      };
      const select = { seq: true, payload: true } as const;
      const rows =
        after === 0n
          ? (await db.outboundMessage.findMany({ where, select, orderBy: { seq: 'desc' }, take: limit })).reverse()
          : await db.outboundMessage.findMany({ where, select, orderBy: { seq: 'asc' }, take: limit });
      return rows.map((row) => ({ seq: row.seq, message: row.payload as unknown as OutboundMessage }));
    },
  };
}

export type WebReplies = ReturnType<typeof createWebReplies>;
