// Tasks with chat reminders on the clock, deals with their commission, reports.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LAYLA, SAAD, startTestNova, type TestNova } from '../support/nova.ts';

let nova: TestNova;
beforeAll(async () => {
  nova = await startTestNova({ now: '2026-11-22T09:30:00+03:00' }); // Sunday morning in Riyadh
});
afterAll(async () => {
  await nova?.close();
});

describe('tasks and reminders', () => {
  it('"ذكرني … بعد ساعتين" reminds at that time and not before', async () => {
    const ack = await nova.chat.say(SAAD, 'ذكرني بعد ساعتين أرسل العقد لنورة');
    expect(ack[0]!.text).toContain('بذكرك الأحد ٢٢ نوفمبر، ١١:٣٠ ص');
    const task = await nova.db.task.findFirstOrThrow({ where: { title: { contains: 'أرسل العقد' } } });
    expect(task.dueAt?.toISOString()).toBe('2026-11-22T08:30:00.000Z');

    nova.clock.set('2026-11-22T11:29:00+03:00');
    await nova.chat.runDue();
    expect(await nova.chat.takeReplies()).toEqual([]);

    nova.clock.set('2026-11-22T11:30:00+03:00');
    await nova.chat.runDue();
    const reminders = await nova.chat.takeReplies();
    expect(reminders.map((r) => [r.to, r.text])).toEqual([[SAAD, '⏰ تذكير: أرسل العقد لنورة']]);

    // Fired once: a second sweep sends nothing more.
    await nova.chat.runDue();
    expect(await nova.chat.takeReplies()).toEqual([]);
  });

  it('asks when, when a reminder has no time, and lists and completes tasks', async () => {
    const ask = await nova.chat.say(SAAD, 'ذكرني أتصل بأبو فهد');
    expect(ask[0]!.text).toContain('متى أذكرك');
    const ack = await nova.chat.say(SAAD, 'بكرة الساعة ٤ العصر');
    expect(ack[0]!.text).toContain('الاثنين ٢٣ نوفمبر، ٤:٠٠ م');
    const list = await nova.chat.say(SAAD, 'وش مهامي؟');
    const lines = list[0]!.text.split('\n');
    expect(lines[1]).toMatch(/^١\. أرسل العقد لنورة/);
    expect(lines[2]).toMatch(/^٢\. أتصل بأبو فهد — الاثنين ٢٣ نوفمبر، ٤:٠٠ م$/);
    const done = await nova.chat.say(SAAD, 'خلصت مهمة ٢');
    expect(done[0]!.text).toContain('أنهيت');
    const task = await nova.db.task.findFirstOrThrow({ where: { title: { contains: 'أتصل بأبو فهد' } } });
    expect(task.status).toBe('done');
    // a completed task does not remind
    nova.clock.set('2026-11-23T16:00:00+03:00');
    await nova.chat.runDue();
    expect((await nova.chat.takeReplies()).filter((r) => r.text.includes('أبو فهد'))).toEqual([]);
  });

  it('keeps English reminders in English', async () => {
    nova.clock.set('2026-11-23T17:00:00+03:00');
    const ack = await nova.chat.say(LAYLA, 'remind me to call Ahmed in 2 hours');
    expect(ack[0]!.text).toContain('Monday 23 November, 7:00 pm');
    nova.clock.set('2026-11-23T19:00:00+03:00');
    await nova.chat.runDue();
    const [reminder] = await nova.chat.takeReplies();
    expect(reminder).toMatchObject({ to: LAYLA, text: '⏰ Reminder: call Ahmed' });
  });
});

describe('deals', () => {
  it('records a sale with its commission, closes the customer and plans a follow-up', async () => {
    nova.clock.set('2026-11-24T10:00:00+03:00');
    await nova.chat.say(SAAD, 'عميل جديد أبو فهد 0501112233 يبي فيلا بالرياض');
    const replies = await nova.chat.say(SAAD, 'تم بيع فيلا النرجس لأبو فهد بمليونين و٣٠٠ ألف');
    expect(replies[0]!.text).toContain('٢٬٣٠٠٬٠٠٠ ريال');
    expect(replies[0]!.text).toContain('٥٧٬٥٠٠ ريال');
    const sale = await nova.db.sale.findFirstOrThrow({
      include: { commissions: true, property: true, customer: true },
    });
    expect(sale.amount).toBe(2_300_000);
    expect(sale.commissions[0]!.amount).toBe(57_500);
    expect(Number(sale.commissions[0]!.rate)).toBe(2.5);
    expect(sale.property?.refNumber).toBe(1);
    expect(sale.property?.status).toBe('sold');
    expect(sale.customer?.status).toBe('closed');
    const followUp = await nova.db.task.findFirstOrThrow({ where: { type: 'follow_up', customerId: sale.customerId } });
    expect(followUp.dueAt?.toISOString()).toBe('2026-12-01T07:00:00.000Z');
  });

  it('asks for the amount when the deal has none', async () => {
    const ask = await nova.chat.say(SAAD, 'بعت الأرض اللي في جدة');
    expect(ask[0]!.text).toContain('بكم تمت الصفقة');
    const bad = await nova.chat.say(SAAD, 'ما أدري');
    expect(bad[0]!.text).toContain('اكتب المبلغ');
    const done = await nova.chat.say(SAAD, 'مليون و٨٠٠ ألف');
    expect(done[0]!.text).toContain('١٬٨٠٠٬٠٠٠ ريال');
    expect(done[0]!.text).toContain('٤٥٬٠٠٠ ريال');
  });

  it('sums the month in a report', async () => {
    const [report] = await nova.chat.say(SAAD, 'ملخص الشهر');
    expect(report!.text).toContain('صفقات: ٢ بقيمة ٤٬١٠٠٬٠٠٠ ريال');
    expect(report!.text).toContain('العمولة: ١٠٢٬٥٠٠ ريال');
    const [english] = await nova.chat.say(SAAD, 'how am I doing this month?');
    expect(english!.text).toContain('Deals: 2 worth SAR 4,100,000');
  });
});
