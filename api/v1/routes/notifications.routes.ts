// /notifications: what Nova told you on its own initiative (reminders, match alerts, viewing notices,
// new-listing notices, invitations, digests), newest first, and marking it read. Your own only: every
// member, an observer too, reads and marks his own (core/notifications/member-inbox.ts). Writing to Nova
// in chat, or opening the web chat, marks them read as well.
import { NOTIFICATION_SORTS, type NotificationRow } from '../../../core/notifications/member-inbox.ts';
import { answer, defineResource, failure, operation } from '../kit.ts';
import { IdParams, iso, isoOrNull, pageOf, pageQuery, sortQuery, Timestamp, z } from '../schemas.ts';

const Notification = z
  .object({
    id: z.uuid(),
    title: z.string().openapi({ description: 'the first line of the message' }),
    message: z.string(),
    type: z.string().openapi({ description: 'reminder, match_alert, appointment, notice, digest, invite, …' }),
    isRead: z.boolean(),
    readAt: Timestamp.nullable(),
    createdAt: Timestamp,
  })
  .openapi('Notification');

const toJson = (n: NotificationRow) => ({
  id: n.id,
  title: n.title,
  message: n.message,
  type: n.type,
  isRead: n.isRead,
  readAt: isoOrNull(n.readAt),
  createdAt: iso(n.createdAt),
});

const ListQuery = z.object({
  ...pageQuery,
  sort: sortQuery(['createdAt'] as const, '-createdAt'),
  unread: z.enum(['true', 'false']).optional().openapi({ description: 'true: unread ones only' }),
});

export const notificationsResource = defineResource(
  'notifications',
  'What Nova told you on its own (reminders, match alerts, viewing notices, digests): yours only, read or not.',
  [
    operation({
      operationId: 'listNotifications',
      method: 'get',
      path: '/notifications',
      summary: 'List your notifications',
      description: 'Newest first by default.',
      query: ListQuery,
      success: {
        status: 200,
        description: 'a page of notifications',
        schema: pageOf(Notification, 'NotificationPage'),
      },
      handler: async ({ core, scope, query, pageRequest, pageAnswer }) => {
        const req = pageRequest(query, NOTIFICATION_SORTS);
        const page = await core.notifications.notificationsPage(scope, { unread: query.unread === 'true' }, req);
        return pageAnswer(query, page, toJson);
      },
    }),
    operation({
      operationId: 'markNotificationRead',
      method: 'post',
      path: '/notifications/{id}/read',
      summary: 'Mark one of your notifications read',
      description: 'Marking it again changes nothing.',
      params: IdParams,
      success: { status: 200, description: 'the notification', schema: Notification },
      handler: async ({ write, scope, params, deps }) => {
        const row = await write(async (core) =>
          (await core.notifications.markRead(scope, params.id, deps.clock.now()))
            ? core.notifications.notification(scope, params.id)
            : null,
        );
        return row ? answer(toJson(row)) : failure('API.NOT_FOUND');
      },
    }),
    operation({
      operationId: 'markAllNotificationsRead',
      method: 'post',
      path: '/notifications/read',
      summary: 'Mark all your notifications read',
      success: {
        status: 200,
        description: 'how many were unread',
        schema: z.object({ marked: z.number().int() }).openapi('NotificationsMarked'),
      },
      handler: async ({ write, scope, deps }) => {
        const marked = scope.userId
          ? await write((core) => core.notifications.markAllRead(scope, scope.userId!, deps.clock.now()))
          : 0;
        return answer({ marked });
      },
    }),
  ],
);
