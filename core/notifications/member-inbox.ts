// What Nova told a member on its own initiative, kept as rows of `notifications` so that nothing said is
// lost when a channel is down: reminders, match alerts, viewing notices, new-listing notices,
// invitations, digests. notify() writes the row (one INSERT, only for a message with a `notification`
// to a recipient known to be a member); it is read when the member next writes to Nova (his turn:
// queued-notices.ts takeQueuedForMember, the statement the turn already runs) or opens the web chat, and
// the admin API lists and marks them (GET /api/v1/notifications).
import { type DbTx, Prisma, sql } from '../db/client.ts';
import {
  inOrder,
  keyExpr,
  keysetAfter,
  keysetOrder,
  type Page,
  type PageRequest,
  type SortColumn,
  toPage,
} from '../shared/keyset.ts';
import type { Scope } from '../shared/scope.ts';
import type { OutboundMessage } from './message.types.ts';

export const NOTIFICATION_SORTS = {
  createdAt: { column: 'created_at', kind: 'timestamp' },
} as const satisfies Record<string, SortColumn>;

const notificationSelect = {
  id: true,
  title: true,
  message: true,
  type: true,
  isRead: true,
  readAt: true,
  createdAt: true,
} as const;

export type NotificationRow = Prisma.NotificationGetPayload<{ select: typeof notificationSelect }>;

/** The first line of a message, as a row's title. */
const titleOf = (text: string) => text.split('\n', 1)[0]!.slice(0, 200);

export function createMemberInbox({ db }: { db: DbTx }) {
  return {
    /**
     * Keeps a message notify() just wrote for a member (its outbound row is new): unread, and already
     * handed to his chat (`delivered_at`: it is no queued notice, which queued-notices.ts keeps).
     */
    async keepForMember(scope: Scope, userId: string, message: OutboundMessage, at: Date): Promise<void> {
      // sql(): prepared once per connection; every notice to a member writes one
      await sql(db)`
        INSERT INTO notifications (organization_id, user_id, title, message, type, delivered_at)
        SELECT ${scope.organizationId}::uuid, u.id, ${titleOf(message.text)}::text, ${message.text}::text,
          ${message.notification?.kind ?? 'system'}::text, ${at}::timestamptz
        FROM users u WHERE u.id = ${userId}::uuid AND u.organization_id = ${scope.organizationId}::uuid`;
    },

    /**
     * Marks every unread notification of the member read (he opened the web chat): one UPDATE on the
     * (user_id, is_read) index, which touches nothing when all were read. Returns how many.
     */
    async markAllRead(scope: Scope, userId: string, at: Date): Promise<number> {
      return db.$executeRaw`
        UPDATE notifications SET is_read = true, read_at = ${at}::timestamptz
        WHERE organization_id = ${scope.organizationId}::uuid AND user_id = ${userId}::uuid AND is_read = false`;
    },

    /** Marks one of the scope's member's own notifications read; false when it is not one of his. */
    async markRead(scope: Scope, id: string, at: Date): Promise<boolean> {
      if (!scope.userId) return false;
      const found = await db.notification.findFirst({
        where: { id, organizationId: scope.organizationId, userId: scope.userId },
        select: { id: true },
      });
      if (!found) return false;
      await db.notification.updateMany({
        where: { id, organizationId: scope.organizationId, userId: scope.userId, isRead: false },
        data: { isRead: true, readAt: at },
      });
      return true;
    },

    /** One row of the scope's member, or null. */
    async notification(scope: Scope, id: string): Promise<NotificationRow | null> {
      if (!scope.userId) return null;
      return db.notification.findFirst({
        where: { id, organizationId: scope.organizationId, userId: scope.userId },
        select: notificationSelect,
      });
    },

    /** A page of the scope's member's own notifications (newest first by default), unread ones only if asked. */
    async notificationsPage(
      scope: Scope,
      filter: { unread?: boolean },
      req: PageRequest<keyof typeof NOTIFICATION_SORTS>,
    ): Promise<Page<NotificationRow>> {
      if (!scope.userId) return { items: [], next: null };
      const sort = NOTIFICATION_SORTS[req.sort];
      const keys = await db.$queryRaw<Array<{ id: string; k: unknown }>>`
        SELECT n.id::text AS id, ${keyExpr(sort, 'n')} AS k FROM notifications n
        WHERE n.organization_id = ${scope.organizationId}::uuid AND n.user_id = ${scope.userId}::uuid
          ${filter.unread ? Prisma.sql`AND n.is_read = false` : Prisma.empty}${keysetAfter(sort, req.direction, 'n', req.after)}
        ${keysetOrder(sort, req.direction, 'n')} LIMIT ${req.limit + 1}`;
      const page = toPage(keys, req.limit);
      const ids = page.items.map((r) => r.id);
      const rows = ids.length
        ? await db.notification.findMany({
            where: { id: { in: ids }, organizationId: scope.organizationId },
            select: notificationSelect,
          })
        : [];
      return { items: inOrder(ids, rows), next: page.next };
    },
  };
}

export type MemberInbox = ReturnType<typeof createMemberInbox>;
