// A broker runs his leads by chat, end to end: memory channel → inbox → BullMQ → turn → PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SAAD, startTestNova, type TestNova } from '../support/nova.ts';

let nova: TestNova;
beforeAll(async () => {
  nova = await startTestNova();
});
afterAll(async () => {
  await nova?.close();
});

describe('leads by chat', () => {
  it('adds a lead with its request from one Arabic message and finds it again by name', async () => {
    const replies = await nova.chat.say(
      SAAD,
      'عميل جديد أحمد الغامدي 0551234567 يبي شقة بالرياض حي الملقا ميزانيته ٨٠٠ ألف',
    );
    expect(replies).toHaveLength(1);
    expect(replies[0]!.text).toContain('أضفت العميل أحمد الغامدي');
    expect(replies[0]!.text).toContain('0551234567');
    expect(replies[0]!.text).toContain('الملقا');

    const customer = await nova.db.customer.findFirstOrThrow({ where: { phone: '+966551234567' } });
    expect(customer).toMatchObject({
      name: 'أحمد الغامدي',
      budgetMax: 800_000,
      preferredCities: ['Riyadh'],
      preferredDistricts: ['الملقا'],
    });
    const request = await nova.db.request.findFirstOrThrow({ where: { customerId: customer.id } });
    expect(request).toMatchObject({
      type: 'sale',
      propertyTypes: ['apartment'],
      cities: ['Riyadh'],
      districts: ['الملقا'],
      priceMax: 800_000,
    });
    expect(await nova.db.customerFollowup.count({ where: { customerId: customer.id } })).toBe(1);

    const found = await nova.chat.say(SAAD, 'وين رقم احمد؟');
    expect(found).toHaveLength(1);
    expect(found[0]!.text).toContain('أحمد الغامدي');
    expect(found[0]!.text).toContain('0551234567');
  });

  it('adds a lead from an English message and answers in English', async () => {
    const replies = await nova.chat.say(
      SAAD,
      'new lead: Sara Ahmed +966 55 444 3322 looking for a 3 bedroom villa in Jeddah, budget 2.5M',
    );
    expect(replies[0]!.text).toMatch(/^✅ Added Sara Ahmed \(0554443322\)/);
    expect(replies[0]!.text).toContain('Jeddah');
    const sara = await nova.db.customer.findFirstOrThrow({ where: { phone: '+966554443322' } });
    expect(sara.budgetMax).toBe(2_500_000);
  });

  it('asks for the phone when a lead has none, and keeps asking on a bad one', async () => {
    const ask = await nova.chat.say(SAAD, 'عميل جديد اسمه خالد العتيبي يبي أرض في الخبر');
    // The first question of a dialog says once how to stop it (issue 11).
    expect(ask.map((r) => r.text)).toEqual(['وش رقم جوال خالد العتيبي؟\n(للإلغاء اكتب «إلغاء»)']);
    const bad = await nova.chat.say(SAAD, '12345');
    expect(bad[0]!.text).toContain('الرقم ما يبدو صحيح');
    expect(await nova.db.customer.count({ where: { name: 'خالد العتيبي' } })).toBe(0);
    const done = await nova.chat.say(SAAD, '0509876543');
    expect(done[0]!.text).toContain('أضفت العميل خالد العتيبي');
    expect(await nova.db.customer.findFirst({ where: { phone: '+966509876543' } })).toMatchObject({
      name: 'خالد العتيبي',
    });
  });

  it('offers an update instead of a duplicate when the phone is known', async () => {
    const offer = await nova.chat.say(SAAD, 'عميل جديد ابو احمد 0551234567 يبي فيلا بالرياض');
    expect(offer[0]!.text).toContain('مسجل عندك بنفس الرقم');
    expect(offer[0]!.choices?.map((c) => c.id)).toEqual(['confirm', 'cancel']);
    const confirmed = await nova.chat.say(SAAD, 'نعم');
    expect(confirmed[0]!.text).toContain('حدّثت بيانات أحمد الغامدي');
    expect(await nova.db.customer.count({ where: { phone: '+966551234567' } })).toBe(1);
    const customer = await nova.db.customer.findFirstOrThrow({ where: { phone: '+966551234567' } });
    expect(customer.propertyTypes).toEqual(['villa']);
  });

  it('leaves nothing half-made when the broker cancels mid-dialog', async () => {
    const before = await nova.db.customer.count();
    await nova.chat.say(SAAD, 'عميل جديد اسمه فهد يبي شقة');
    const cancelled = await nova.chat.say(SAAD, 'إلغاء');
    expect(cancelled[0]!.text).toContain('تم الإلغاء');
    expect(await nova.db.customer.count()).toBe(before);
    // and the conversation is free again
    const next = await nova.chat.say(SAAD, '0501112233');
    expect(next[0]!.text).not.toContain('أضفت العميل');
  });

  it('updates a status and logs a note on a customer', async () => {
    const updated = await nova.chat.say(SAAD, 'غير حالة أحمد إلى مهتم جداً');
    expect(updated[0]!.text).toContain('حدّثت أحمد الغامدي');
    const customer = await nova.db.customer.findFirstOrThrow({ where: { phone: '+966551234567' } });
    expect(customer).toMatchObject({ status: 'interested', interestLevel: 'very_hot' });
    const noted = await nova.chat.say(SAAD, 'كلمت أحمد وقال يفكر ويرد علي');
    expect(noted[0]!.text).toContain('سجلت الملاحظة على أحمد الغامدي');
    const notes = await nova.db.customerActivity.findMany({ where: { customerId: customer.id, type: 'note' } });
    expect(notes.map((n) => n.description)).toContain('كلمت أحمد وقال يفكر ويرد علي');
  });

  it('answers unknown text with help', async () => {
    const replies = await nova.chat.say(SAAD, 'ما هي عاصمة فرنسا');
    expect(replies[0]!.text).toContain('ما فهمت قصدك');
    expect(replies[0]!.text).toContain('عميل جديد');
  });
});
