// Notices for a member Nova cannot reach yet. On Telegram a chat exists only once the user has written,
// so a notice to a member who never did (a manager told of a new listing) is kept as a row of
// `notifications` with its message in `payload` (queued: `delivered_at` null) and written to his chat as
// part of his first turn (bot/engine/pipeline.ts, identifyActor), oldest first, then marked delivered.
// Both happen inside a turn's transaction: a turn that fails leaves them queued.
import { type DbTx, Prisma } from '../db/client.ts';
import type { Scope } from '../shared/scope.ts';
import type { OutboundMessage } from './message.types.ts';

export interface QueuedNotice {
  id: string;
  message: OutboundMessage;
  createdAt: Date;
}

/** More than this waiting for one member is a runaway loop, not news: the oldest are dropped on delivery. */
const MAX_DELIVERED_AT_ONCE = 20;

export function createQueuedNotices({ db }: { db: DbTx }) {
  return {
    /**
     * Keeps a message for the member `userId` until he first writes. Returns the row's id, or null when
     * he is not a member of the scope's organization.
     */
    async queueForMember(
      scope: Scope,
      userId: string,
      message: OutboundMessage,
      about: { type?: string; entityType?: string; entityId?: string } = {},
    ): Promise<string | null> {
      const member = await db.user.findFirst({
        where: { id: userId, organizationId: scope.organizationId },
        select: { id: true },
      });
      if (!member) return null;
      const row = await db.notification.create({
        data: {
          organizationId: scope.organizationId,
          userId,
          title: message.text.split('\n', 1)[0]!.slice(0, 200),
          message: message.text,
          type: about.type ?? message.notification?.kind ?? 'system',
          relatedEntityType: about.entityType ?? null,
          relatedEntityId: about.entityId ?? null,
          payload: message as unknown as object,
        },
        select: { id: true },
      });
      return row.id;
    },

    /**
     * The member's queued messages, oldest first, each marked delivered at `at` as it is taken: a row
     * another turn took meanwhile (the same member on two chats at once) is not taken twice.
     */
    async takeQueuedForMember(scope: Scope, userId: string, at: Date): Promise<QueuedNotice[]> {
      const rows = await db.notification.findMany({
        where: { organizationId: scope.organizationId, userId, deliveredAt: null, payload: { not: Prisma.AnyNull } },
        orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
        select: { id: true, payload: true, createdAt: true },
      });
      const taken: QueuedNotice[] = [];
      for (const row of rows) {
        const marked = await db.notification.updateMany({
          where: { id: row.id, deliveredAt: null },
          data: { deliveredAt: at },
        });
        if (marked.count === 1)
          taken.push({ id: row.id, message: row.payload as unknown as OutboundMessage, createdAt: row.createdAt });
      }
      return taken.slice(-MAX_DELIVERED_AT_ONCE);
    },
  };
}
