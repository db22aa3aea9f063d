// What Nova tells a member on its own becomes a notifications row (notify(), once per message, for a
// member only), and the admin API's /notifications lists and marks a member's own rows only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemScope } from '../../core/shared/scope.ts';
import { startTestApi, type TestApi, type TestMember, type TestOffice } from '../support/api.ts';

let t: TestApi;
let office: TestOffice;
let saad: TestMember;
let layla: TestMember;
let account: string;

type Page = { items: Array<{ id: string; message: string; isRead: boolean; type: string }>; nextCursor: string | null };

beforeAll(async () => {
  t = await startTestApi();
  office = await t.office('notifications-api');
  saad = await t.member(office.id, 'broker', 'سعد');
  layla = await t.member(office.id, 'observer', 'ليلى');
  account = (
    await t.db.channelAccount.create({ data: { organizationId: office.id, kind: 'memory', externalId: 'notif-api' } })
  ).id;
});
afterAll(async () => {
  await t?.close();
});

const tell = (userId: string | null, text: string, key: string, notification = true) =>
  t.api.core.notifications.notify(
    systemScope(office.id),
    { channelAccountId: account, chatId: `chat-${userId ?? 'client'}`, userId },
    notification ? { text, notification: { kind: 'reminder', params: [text] } } : { text },
    key,
  );

describe('notifications', () => {
  it('are written by notify() for a member once per message; not for replies or clients', async () => {
    await tell(saad.id, '⏰ تذكير: اتصل بأبو فهد', 'n1');
    await tell(saad.id, '⏰ تذكير: اتصل بأبو فهد', 'n1'); // the same message again (a retried job)
    await tell(saad.id, '🎯 فرصة جديدة', 'n2');
    await tell(saad.id, 'رد عادي', 'n3', false);
    await tell(null, '⏰ تذكير بموعد معاينتك', 'n4');
    await tell(layla.id, '⏰ تذكير: تقرير الأسبوع', 'n5');
    const rows = await t.db.notification.findMany({
      where: { organizationId: office.id },
      orderBy: { createdAt: 'asc' },
    });
    expect(rows.map((r) => [r.userId, r.message, r.type, r.isRead])).toEqual([
      [saad.id, '⏰ تذكير: اتصل بأبو فهد', 'reminder', false],
      [saad.id, '🎯 فرصة جديدة', 'reminder', false],
      [layla.id, '⏰ تذكير: تقرير الأسبوع', 'reminder', false],
    ]);
  });

  it('are listed to their member only, unread ones when asked, and marked read by him', async () => {
    const mine = (await (
      await t.call('GET', '/api/v1/notifications', undefined, { token: saad.token })
    ).json()) as Page;
    expect(mine.items.map((n) => n.message)).toEqual(['🎯 فرصة جديدة', '⏰ تذكير: اتصل بأبو فهد']);
    const first = mine.items[1]!;

    // another member of the office does not find it
    const hers = await t.call('POST', `/api/v1/notifications/${first.id}/read`, undefined, { token: layla.token });
    expect(hers.status).toBe(404);
    const read = await t.call('POST', `/api/v1/notifications/${first.id}/read`, undefined, { token: saad.token });
    expect(read.status).toBe(200);
    expect(((await read.json()) as { isRead: boolean }).isRead).toBe(true);

    const unread = (await (
      await t.call('GET', '/api/v1/notifications?unread=true&limit=1', undefined, { token: saad.token })
    ).json()) as Page;
    expect(unread.items.map((n) => n.message)).toEqual(['🎯 فرصة جديدة']);
    expect(unread.nextCursor).toBeNull();

    const all = await t.call('POST', '/api/v1/notifications/read', undefined, { token: saad.token });
    expect(await all.json()).toEqual({ marked: 1 });
    // an observer marks his own
    const observer = await t.call('POST', '/api/v1/notifications/read', undefined, { token: layla.token });
    expect(await observer.json()).toEqual({ marked: 1 });
    expect(await t.db.notification.count({ where: { organizationId: office.id, isRead: false } })).toBe(0);
  });
});
