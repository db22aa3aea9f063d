// Notices for a member Nova cannot reach yet. On Telegram a chat exists only once the user has written,
// so a notice to a member who never did (a manager told of a new listing) is kept as a row of
// `notifications` with its message in `payload` (queued: `delivered_at` null) and written to his chat as
// part of his first turn (bot/engine/pipeline.ts, identifyActor), oldest first, then marked delivered.
// Both happen inside a turn's transaction: a turn that fails leaves them queued.
import type { DbTx } from '../db/client.ts';
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
     * The member is writing: his queued messages, oldest first, each marked delivered at `at` as it is
     * taken (a row another turn took meanwhile, the same member on two chats at once, is not taken
     * twice), and every notification of his marked read (he is in the chat: what Nova told him is
     * seen). One UPDATE over the (user_id, is_read) and (user_id, delivered_at) indexes: on a turn with
     * nothing unread and nothing queued it touches no row, the same one round trip the turn always made.
     */
    async takeQueuedForMember(scope: Scope, userId: string, at: Date): Promise<QueuedNotice[]> {
      const rows = await db.$queryRaw<Array<{ id: string; queued: boolean; payload: unknown; created_at: Date }>>`
        UPDATE notifications n
        SET is_read = true, read_at = COALESCE(n.read_at, ${at}::timestamptz),
          delivered_at = CASE WHEN old.queued THEN ${at}::timestamptz ELSE n.delivered_at END
        FROM (
          SELECT id, (delivered_at IS NULL AND jsonb_typeof(payload) = 'object') AS queued
          FROM notifications
          WHERE organization_id = ${scope.organizationId}::uuid AND user_id = ${userId}::uuid
            AND (is_read = false OR (delivered_at IS NULL AND jsonb_typeof(payload) = 'object'))
          FOR UPDATE
        ) old
        WHERE n.id = old.id
        RETURNING n.id::text AS id, old.queued, CASE WHEN old.queued THEN n.payload END AS payload, n.created_at`;
      const taken: QueuedNotice[] = rows
        .filter((row) => row.queued)
        .sort((a, b) => a.created_at.getTime() - b.created_at.getTime() || (a.id < b.id ? -1 : 1))
        .map((row) => ({ id: row.id, message: row.payload as OutboundMessage, createdAt: row.created_at }));
      return taken.slice(-MAX_DELIVERED_AT_ONCE);
    },
  };
}
