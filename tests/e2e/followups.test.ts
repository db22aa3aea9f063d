// Follow-ups that fire (issue 16): a lead's follow-up is a task with a reminder, listed in «مهامي», closed
// by «تم» with its customer_followups row; «أجلها لبكرة» right after a reminder moves it (and its
// follow-up) to tomorrow; a viewing's outcome is asked again the next morning and recorded as an
// interaction; what Nova tells a member on its own is a notifications row, read on his next message.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatRoutes } from '../../api/routes/chat/chat.routes.ts';
import type { Reply } from '../../bot/channels/memory/memory.channel.ts';
import { createWebReplies } from '../../bot/channels/web/web.replies.ts';
import { createMemberInbox } from '../../core/notifications/member-inbox.ts';
import { systemScope } from '../../core/shared/scope.ts';
import { LAYLA, SAAD, startTestNova, type TestNova } from '../support/nova.ts';

let nova: TestNova;
beforeAll(async () => {
  nova = await startTestNova({ now: '2026-11-22T09:30:00+03:00' }); // Sunday morning in Riyadh
});
afterAll(async () => {
  await nova?.close();
});

/** Moves the clock, fires what is due, and returns what was sent then that mentions `about`. */
async function at(iso: string, about: string): Promise<Reply[]> {
  nova.clock.set(iso);
  await nova.chat.runDue();
  return (await nova.chat.takeReplies()).filter((r) => r.text.includes(about));
}

const followupOf = (customerName: string) =>
  nova.db.customerFollowup.findFirstOrThrow({
    where: { customer: { name: customerName } },
    include: { task: true },
  });

describe('a lead’s follow-up', () => {
  it('is a task with a reminder at the promised time, listed in «مهامي», and «تم» closes it and its follow-up', async () => {
    const [added] = await nova.chat.say(SAAD, 'عميل جديد فهد العتيبي 0551234567 يبي شقة بالرياض');
    expect(added!.text).toContain('المتابعة: الاثنين ٢٣ نوفمبر، ١٠:٠٠ ص');
    const planned = await followupOf('فهد العتيبي');
    expect(planned).toMatchObject({ status: 'pending', type: 'call' });
    expect(planned.dueAt.toISOString()).toBe('2026-11-23T07:00:00.000Z');
    expect(planned.task).toMatchObject({ title: 'متابعة العميل فهد العتيبي', status: 'todo' });
    expect(planned.task?.dueAt?.toISOString()).toBe('2026-11-23T07:00:00.000Z');

    const [list] = await nova.chat.say(SAAD, 'مهامي');
    expect(list!.text).toContain('متابعة العميل فهد العتيبي — الاثنين ٢٣ نوفمبر، ١٠:٠٠ ص');

    expect(await at('2026-11-23T09:59:00+03:00', 'فهد العتيبي')).toEqual([]);
    const fired = await at('2026-11-23T10:00:00+03:00', 'فهد العتيبي');
    expect(fired.map((r) => [r.to, r.text])).toEqual([[SAAD, '⏰ تذكير: متابعة العميل فهد العتيبي']]);
    // what Nova told him on its own is kept, unread until he writes
    const saad = await nova.db.user.findFirstOrThrow({ where: { phone: SAAD } });
    const note = await nova.db.notification.findFirstOrThrow({
      where: { userId: saad.id, message: '⏰ تذكير: متابعة العميل فهد العتيبي' },
    });
    expect(note).toMatchObject({ type: 'reminder', isRead: false, readAt: null });

    nova.clock.set('2026-11-23T10:05:00+03:00');
    const [done] = await nova.chat.say(SAAD, 'تم');
    expect(done!.text).toContain('أنهيت: متابعة العميل فهد العتيبي');
    const closed = await followupOf('فهد العتيبي');
    expect(closed.task?.status).toBe('done');
    expect(closed.status).toBe('done');
    expect(closed.completedAt?.toISOString()).toBe('2026-11-23T07:05:00.000Z');
    // read on his next message
    const read = await nova.db.notification.findUniqueOrThrow({ where: { id: note.id } });
    expect(read.isRead).toBe(true);
    expect(read.readAt?.toISOString()).toBe('2026-11-23T07:05:00.000Z');
  });

  it('«أجلها لبكرة» right after the reminder moves the task and its follow-up to tomorrow: it fires then, not today', async () => {
    nova.clock.set('2026-11-23T10:10:00+03:00');
    await nova.chat.say(SAAD, 'عميل جديد منصور 0557654321');
    expect((await followupOf('منصور')).dueAt.toISOString()).toBe('2026-11-24T07:00:00.000Z');
    expect(await at('2026-11-24T10:00:00+03:00', 'منصور')).toHaveLength(1);

    nova.clock.set('2026-11-24T10:02:00+03:00');
    const [moved] = await nova.chat.say(SAAD, 'أجلها لبكرة');
    expect(moved!.text).toContain('أجلتها');
    expect(moved!.text).toContain('الأربعاء ٢٥ نوفمبر، ١٠:٠٠ ص');
    expect(moved!.text).toContain('متابعة العميل منصور');
    const followup = await followupOf('منصور');
    expect(followup.status).toBe('pending');
    expect(followup.dueAt.toISOString()).toBe('2026-11-25T07:00:00.000Z');
    expect(followup.task?.dueAt?.toISOString()).toBe('2026-11-25T07:00:00.000Z');

    expect(await at('2026-11-24T23:00:00+03:00', 'منصور')).toEqual([]);
    expect(await at('2026-11-25T09:59:00+03:00', 'منصور')).toEqual([]);
    const again = await at('2026-11-25T10:00:00+03:00', 'منصور');
    expect(again.map((r) => [r.to, r.text])).toEqual([[SAAD, '⏰ تذكير: متابعة العميل منصور']]);
  });

  it('snoozes by hours, by number of the last «مهامي» list, and in English; a sale’s follow-up has its row too', async () => {
    nova.clock.set('2026-11-25T10:05:00+03:00');
    const [hours] = await nova.chat.say(SAAD, 'أخرها ساعتين');
    expect(hours!.text).toContain('١٢:٠٥ م');
    // a correction right after: "it" is still the task just snoozed
    const [fixed] = await nova.chat.say(SAAD, 'لا، أجلها ساعة بس');
    expect(fixed!.text).toContain('١١:٠٥ ص');
    expect((await followupOf('منصور')).dueAt.toISOString()).toBe('2026-11-25T08:05:00.000Z');
    const [back] = await nova.chat.say(SAAD, 'أخرها ساعتين');
    expect(back!.text).toContain('١٢:٠٥ م');
    expect((await followupOf('منصور')).dueAt.toISOString()).toBe('2026-11-25T09:05:00.000Z');

    const [list] = await nova.chat.say(SAAD, 'مهامي');
    const line = list!.text.split('\n').find((l) => l.includes('منصور'))!;
    const n = line.match(/^([٠-٩]+)\./)![1]!;
    const [byNumber] = await nova.chat.say(SAAD, `أجل المهمة ${n} لبكرة`);
    expect(byNumber!.text).toContain('الخميس ٢٦ نوفمبر، ١٢:٠٥ م');
    expect((await followupOf('منصور')).dueAt.toISOString()).toBe('2026-11-26T09:05:00.000Z');

    const [ack] = await nova.chat.say(LAYLA, 'remind me to call the bank in 1 hour');
    expect(ack!.text).toContain('11:05 am');
    expect(await at('2026-11-25T11:05:00+03:00', 'bank')).toHaveLength(1);
    const [snoozed] = await nova.chat.say(LAYLA, 'snooze it to tomorrow');
    expect(snoozed!.text).toContain('Snoozed');
    expect(snoozed!.text).toContain('Thursday 26 November, 11:05 am');

    // a viewing's words are never a task's snooze: «أجل موعد …» is the viewings feature's
    const task = await nova.db.task.findFirstOrThrow({ where: { title: 'call the bank' } });
    await nova.chat.say(LAYLA, 'أجل موعد خالد لبكرة');
    expect((await nova.db.task.findUniqueOrThrow({ where: { id: task.id } })).dueAt?.toISOString()).toBe(
      '2026-11-26T08:05:00.000Z',
    );

    const [sale] = await nova.chat.say(SAAD, 'تم بيع فيلا النرجس لفهد العتيبي بمليونين و٣٠٠ ألف');
    expect(sale!.text).toContain('المتابعة بعد الصفقة');
    const afterSale = await nova.db.customerFollowup.findFirstOrThrow({
      where: { customer: { name: 'فهد العتيبي' }, status: 'pending' },
      include: { task: true },
    });
    expect(afterSale.dueAt.toISOString()).toBe('2026-12-02T08:05:00.000Z');
    expect(afterSale.task).toMatchObject({ type: 'follow_up', title: 'متابعة العميل بعد إتمام الصفقة' });
    // reminded in the chat he last used
    const reminder = await nova.db.reminder.findFirstOrThrow({ where: { taskId: afterSale.taskId! } });
    expect(reminder).toMatchObject({ status: 'pending', kind: 'task' });
  });
});

describe('the day after a viewing', () => {
  it('asks again at 10:00 when no outcome was told; the answer is an interaction and a call the next morning', async () => {
    nova.clock.set('2026-11-29T09:00:00+03:00'); // Sunday
    const [booked] = await nova.chat.say(SAAD, 'احجز معاينة مع خالد 0559998888 للعقار ١ اليوم الساعة ٥ العصر');
    expect(booked!.text).toContain('✅ تم حجز المعاينة');
    const appt = await nova.db.appointment.findFirstOrThrow({ where: { customer: { name: 'خالد' } } });

    const asked = await at('2026-11-29T18:00:00+03:00', 'كيف كانت المعاينة');
    expect(asked.map((r) => r.to)).toEqual([SAAD]);
    expect(await at('2026-11-30T09:59:00+03:00', 'كيف كانت المعاينة')).toEqual([]);
    const [again] = await at('2026-11-30T10:00:00+03:00', 'كيف كانت المعاينة');
    expect(again!.text).toContain('كيف كانت المعاينة مع خالد');
    const saad = await nova.db.user.findFirstOrThrow({ where: { phone: SAAD } });
    expect(
      await nova.db.notification.count({ where: { userId: saad.id, type: 'appointment', message: again!.text } }),
    ).toBe(1);
    expect((again!.choices ?? []).map((c) => c.id)).toEqual([
      `outcome:${appt.id}:done`,
      `outcome:${appt.id}:no_show`,
      `outcome:${appt.id}:note`,
    ]);

    nova.clock.set('2026-11-30T10:20:00+03:00');
    await nova.chat.send(SAAD, '', { kind: 'choice', choiceId: `outcome:${appt.id}:done` });
    await nova.chat.settle();
    const [recorded] = (await nova.chat.takeReplies()).filter((r) => r.to === SAAD);
    expect(recorded!.text).toContain('✅ سجلت: تمت المعاينة مع خالد');
    expect(recorded!.text).toContain('بذكرك تتصل على خالد الثلاثاء ١ ديسمبر، ١٠:٠٠ ص');
    const interaction = await nova.db.customerInteraction.findFirstOrThrow({ where: { appointmentId: appt.id } });
    expect(interaction).toMatchObject({ type: 'viewing', outcome: 'completed', customerId: appt.customerId });
    const call = await nova.db.customerFollowup.findFirstOrThrow({
      where: { customerId: appt.customerId!, status: 'pending' },
      include: { task: true },
    });
    expect(call.task).toMatchObject({ title: 'اتصل على خالد بخصوص المعاينة', appointmentId: appt.id });
    expect(call.dueAt.toISOString()).toBe('2026-12-01T07:00:00.000Z');

    // asked once more only: nothing the day after
    expect(await at('2026-12-01T10:00:00+03:00', 'كيف كانت المعاينة')).toEqual([]);
  });
});

describe('what Nova told a member', () => {
  it('is read when he opens the web chat (its first look), not on later polls', async () => {
    const saad = await nova.db.user.findFirstOrThrow({ where: { phone: SAAD } });
    const web = await nova.db.channelAccount.create({
      data: { organizationId: nova.organizationId, kind: 'web', externalId: 'followups-web' },
    });
    const unread = () => nova.db.notification.count({ where: { userId: saad.id, isRead: false } });
    const inbox = createMemberInbox({ db: nova.db });
    const app = chatRoutes({
      replies: createWebReplies(nova.db),
      inbox: nova.runtime.inbox,
      members: {
        verifyAccess: async (token) =>
          token === 'saad'
            ? { userId: saad.id, organizationId: nova.organizationId, role: 'manager', sessionId: 's' }
            : null,
        live: async (claims) => ({
          ...claims,
          name: 'سعد',
          phone: SAAD,
          office: { slug: 'demo', name: 'demo' },
          webAccountId: web.id,
        }),
      },
      opened: async (m) => {
        await inbox.markAllRead(systemScope(m.organizationId), m.userId, nova.clock.now());
      },
    });
    const poll = (after: string) =>
      app.request(`/api/messages?after=${after}`, { headers: { authorization: 'Bearer saad' } });

    // the call after the viewing reminded him this morning (the last test): unread since he last wrote
    const call = await nova.db.notification.findFirstOrThrow({
      where: { userId: saad.id, message: '⏰ تذكير: اتصل على خالد بخصوص المعاينة' },
    });
    expect(call.isRead).toBe(false);
    const before = await unread();
    expect((await poll('7')).status).toBe(200);
    expect(await unread()).toBe(before);
    expect((await poll('0')).status).toBe(200);
    expect(await unread()).toBe(0);
  });
});
