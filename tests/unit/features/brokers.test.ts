// Brokers' commands of issue 11 (points 4 and 6) over a fake core: deletes ask first and respect
// permissions, a team member is not a customer, reports are the sender's own unless a manager asks for
// the team, a sale told twice is recorded once, task titles lose their time words, nouns agree with
// numbers, names are greeted whole.
import { describe, expect, it } from 'vitest';
import { wholeFirstName } from '../../../bot/engine/who.ts';
import { customersFeature } from '../../../bot/features/customers/index.ts';
import { dealsFeature } from '../../../bot/features/deals/index.ts';
import { reportsFeature } from '../../../bot/features/reports/index.ts';
import { tasksFeature } from '../../../bot/features/tasks/index.ts';
import { stripTimeWords, taskTitle } from '../../../bot/features/tasks/tasks.handlers.ts';
import { parse } from '../../../bot/language/index.ts';
import { countAr, NOUNS } from '../../../bot/render/counts.ts';
import type { Customer } from '../../../core/customers/customers.types.ts';
import { featureHarness, testMember } from '../../support/feature-harness.ts';

const now = new Date('2026-12-20T09:00:00+03:00');
const customer = (over: Partial<Customer> = {}): Customer =>
  ({
    id: 'c-1',
    organizationId: testMember().organizationId,
    name: 'أحمد',
    phone: '+966551234567',
    status: 'new',
    interestLevel: 'warm',
    propertyTypes: [],
    preferredCities: [],
    preferredDistricts: [],
    ...over,
  }) as Customer;
const ok = <T>(value: T) => ({ ok: true as const, value });
const manager = testMember({ role: 'manager', visibleUserIds: ['u-saad', 'u-layla'], userId: 'u-saad' });

describe('deleting a customer (issue 11, point 4)', () => {
  it('«احذف العميل أحمد» asks for confirmation, and deletes (soft) only after yes', async () => {
    const chat = featureHarness({
      features: [customersFeature],
      actor: { kind: 'member', member: manager },
      now,
      core: {
        customers: {
          search: async () => [customer()],
          remove: async () => ok(customer({ status: 'inactive' })),
        },
      },
    });
    const [ask] = await chat.send('احذف العميل أحمد');
    expect(ask!.text).toMatch(/متأكد تبي تحذف العميل أحمد/);
    expect(ask!.choices?.length).toBe(2);
    expect(chat.calls.map((c) => c.method)).not.toContain('customers.remove');
    const [done] = await chat.send('نعم');
    expect(done!.text).toMatch(/حذفت العميل أحمد/);
    expect(chat.calls.map((c) => c.method)).toContain('customers.remove');
  });

  it('a «لا» keeps the customer', async () => {
    const chat = featureHarness({
      features: [customersFeature],
      actor: { kind: 'member', member: manager },
      core: { customers: { search: async () => [customer()] } },
    });
    await chat.send('امسح العميل أحمد');
    const [kept] = await chat.send('لا');
    expect(kept!.text).toMatch(/ما حذفت أحمد/);
    expect(chat.calls.map((c) => c.method)).not.toContain('customers.remove');
  });

  it('a broker without the delete permission is refused, nothing is asked', async () => {
    const chat = featureHarness({ features: [customersFeature], core: {} });
    const [refused] = await chat.send('احذف العميل أحمد');
    expect(refused!.text).toMatch(/صلاحية/);
    expect(chat.calls).toEqual([]);
  });

  it('is never read as cancel', () => {
    expect(parse('احذف العميل أحمد', { now }).intent).toBe('customer.update');
    expect(parse('delete lead Omar', { now }).intent).toBe('customer.update');
    expect(parse('احذف', { now }).intent).toBe('cancel');
  });
});

describe('a team member is not a customer (issue 11, point 4)', () => {
  it('«أضف عضو جديد للفريق خالد 05…» says who adds members and creates nothing', async () => {
    const chat = featureHarness({ features: [customersFeature], core: {} });
    const [reply] = await chat.send('أضف عضو جديد للفريق خالد 0551234567');
    expect(reply!.text).toMatch(/مالك المكتب/);
    expect(chat.calls).toEqual([]);
  });
});

describe('a changed phone updates the customer (issue 11, point 4)', () => {
  it('«رقم نايف تغير صار 059…» updates Nayef, no new customer', async () => {
    const nayef = customer({ id: 'c-n', name: 'نايف', phone: '+966543210987' });
    const chat = featureHarness({
      features: [customersFeature],
      core: {
        customers: {
          search: async () => [nayef],
          update: async (_s, _id, patch) => ok({ ...nayef, phone: String(patch.phone) }),
        },
      },
    });
    const [reply] = await chat.send('رقم نايف تغير صار 0598765432');
    expect(reply!.text).toMatch(/حدّثت نايف/);
    const update = chat.calls.find((c) => c.method === 'customers.update');
    expect(update?.args[2]).toMatchObject({ phone: '+966598765432' });
    expect(chat.calls.map((c) => c.method)).not.toContain('customers.create');
  });
});

describe("reports are the sender's own unless a manager asks for the team (issue 11, point 4)", () => {
  const summary = {
    newCustomers: 0,
    requests: 0,
    offers: 0,
    appointments: 0,
    tasksDone: 0,
    sales: 1,
    salesAmount: 0,
    commission: 0,
  };
  const harness = (member = testMember()) =>
    featureHarness({
      features: [reportsFeature],
      actor: { kind: 'member', member },
      now,
      core: {
        reports: { summary: async () => summary },
        teams: {
          membersNamed: async () => [
            { id: 'u-saad', name: 'سعد' },
            { id: 'u-layla', name: 'ليلى' },
          ],
        },
      },
    });
  const usersOf = (chat: ReturnType<typeof harness>) => chat.calls.find((c) => c.method === 'reports.summary')?.args[1];

  it('«كم عمولتي» and «احصائياتي» are understood, for the broker alone', async () => {
    for (const text of ['كم عمولتي هالشهر؟', 'احصائياتي', 'وش وضعي هالاسبوع']) {
      const chat = harness();
      const [reply] = await chat.send(text);
      expect(reply!.text).toMatch(/ملخصك/);
      expect(usersOf(chat)).toEqual([testMember().userId]);
    }
  });

  it("a manager's «ملخص الشهر» is his own, «ملخص الفريق» the team's, «كم صفقة سوت ليلى» Layla's", async () => {
    let chat = harness(manager);
    await chat.send('ملخص الشهر');
    expect(usersOf(chat)).toEqual(['u-saad']);
    chat = harness(manager);
    await chat.send('ملخص الفريق');
    expect(usersOf(chat)).toEqual(['u-saad', 'u-layla']);
    chat = harness(manager);
    const [reply] = await chat.send('كم صفقة سوت ليلى هالشهر؟');
    expect(usersOf(chat)).toEqual(['u-layla']);
    expect(reply!.text).toMatch(/ليلى/);
  });
});

describe('a sale told twice is recorded once (issue 11, point 4)', () => {
  it('«سكرت صفقة…» records a sale, never starts a listing', () => {
    expect(parse('سكرت صفقة: فيلا النرجس بمليونين و٢٠٠ ألف للعميل فهد', { now }).intent).toBe('sale.record');
    expect(parse('سجل صفقة بيع لفهد شقة ب 950,000 ريال', { now }).intent).toBe('sale.record');
    expect(parse('تم بيع العقار ٤ بمليون', { now }).entities.ref).toBe(4);
  });

  it('says the deal is already recorded when core finds the same sale', async () => {
    const chat = featureHarness({
      features: [dealsFeature],
      now,
      core: {
        finance: {
          soldProperty: async () => ({
            id: 'p-4',
            title: 'أرض',
            refNumber: 4,
            ownerCustomerId: null,
            propertyType: 'land',
            listingType: 'sale',
            city: 'Riyadh',
            district: null,
          }),
          recordSale: async () =>
            ok({
              saleId: 's',
              amount: 1_000_000,
              commission: 25_000,
              ratePercent: 2.5,
              followUpAt: now,
              created: false,
            }),
        },
      },
    });
    const [reply] = await chat.send('بعنا العقار ٤ بمليون');
    expect(reply!.text).toMatch(/مسجلة من قبل/);
    expect(chat.calls.map((c) => c.method)).not.toContain('listings.withdraw');
  });
});

describe('words that read right (issue 11, point 6)', () => {
  it('task titles lose their time words', () => {
    expect(stripTimeWords('ونص اتابع مع البنك')).toBe('اتابع مع البنك');
    expect(stripTimeWords('الخميس الجاي')).toBe('');
    expect(taskTitle('ذكرني الخميس الجاي', undefined)).toBe('');
    expect(stripTimeWords('اتصل على فهد الساعة ١٠ الصبح')).toBe('اتصل على فهد');
  });

  it('drops the verb that sets a follow-up («حط له متابعة» → «متابعة معه», the name then takes «معه»)', () => {
    expect(taskTitle('حط له متابعه', undefined)).toBe('متابعه معه');
    expect(taskTitle('سجل لي اتصال مع البنك', undefined)).toBe('اتصال مع البنك');
    expect(taskTitle('set a follow-up with Sara', undefined)).toBe('follow-up with Sara');
    expect(taskTitle('حط الملف على الطاولة', undefined)).toBe('حط الملف على الطاولة');
  });

  it('drops «حط لي مهمة» before what is to do, and the Gulf «عقب» (after) left by a time', () => {
    expect(taskTitle('حط لي مهمه اجتماع مع المطور', undefined)).toBe('اجتماع مع المطور');
    expect(taskTitle('add a task call the bank', undefined)).toBe('call the bank');
    expect(stripTimeWords('اكلم ام يزن عقب')).toBe('اكلم ام يزن');
  });

  it('a reminder with a day but nothing to do asks what, then keeps the day', async () => {
    const chat = featureHarness({
      features: [tasksFeature],
      now,
      core: { tasks: { create: async (_s, input) => ok({ id: 't', title: input.title, dueAt: null }) } },
    });
    const [ask] = await chat.send('ذكرني الخميس الجاي');
    expect(ask!.text).toMatch(/وش أذكرك فيه/);
    await chat.send('اجدد رخصة فال');
    const create = chat.calls.find((c) => c.method === 'tasks.create');
    expect(create?.args[1]).toMatchObject({ title: 'اجدد رخصة فال', dueDate: '2026-12-24' });
  });

  it('numbers agree with nouns, in one digit style', () => {
    expect(countAr(1, NOUNS.newMatch)).toBe('فرصة جديدة');
    expect(countAr(2, NOUNS.newMatch)).toBe('فرصتين جديدتين');
    expect(countAr(3, NOUNS.newMatch)).toBe('٣ فرص جديدة');
    expect(countAr(11, NOUNS.newMatch)).toBe('١١ فرصة جديدة');
    expect(countAr(1, NOUNS.room)).toBe('غرفة');
    expect(countAr(2, NOUNS.room)).toBe('غرفتين');
    expect(countAr(4, NOUNS.room)).toBe('٤ غرف');
  });

  it('names are greeted whole', () => {
    expect(wholeFirstName('أبو فهد')).toBe('أبو فهد');
    expect(wholeFirstName('ام ناصر القحطاني')).toBe('ام ناصر');
    expect(wholeFirstName('عبد الله السالم')).toBe('عبد الله');
    expect(wholeFirstName('ليلى')).toBe('ليلى');
  });

  it('«١.٢م» is 1.2 million, never 1.2 m²', () => {
    const e = parse('عميلة جديدة ام ناصر 0559876543 تبغى دبلكس بالدمام الميزانية ١.٢م', { now }).entities;
    expect(e.budget_max).toBe(1_200_000);
    expect(e.area_max).toBeUndefined();
    expect(parse('الشارع ١٥ م', { now }).entities.price).toBeUndefined();
  });

  it('other wordings of the same commands', () => {
    const intent = (text: string) => parse(text, { now }).intent;
    expect(intent('قفلت البيعة مع ابو سعد بمليون ونص')).toBe('sale.record');
    expect(parse('قفلت البيعة مع ابو سعد بمليون ونص', { now }).entities.district).toBeUndefined();
    expect(intent('سجل بيع الارض رقم ٣ بمليون و٨٠٠')).toBe('sale.record');
    expect(intent('كم دخلي هالشهر')).toBe('report.summary');
    expect(intent('جوال خالد الجديد 0551231231')).toBe('customer.update');
    expect(parse('احذف عميلي ماجد', { now })).toMatchObject({ intent: 'customer.update', entities: { name: 'ماجد' } });
    expect(intent('lookup Omar')).toBe('customer.list');
    expect(intent('عقاراتي')).toBe('property.search');
  });

  it('"find Ahmed" and «وش طلب فهد؟» look a customer up', () => {
    expect(parse('find Ahmed', { now }).intent).toBe('customer.list');
    expect(parse('وش طلب فهد العتيبي؟', { now }).intent).toBe('customer.list');
    expect(parse('عطني تفاصيل سلطان الحربي', { now }).intent).toBe('customer.list');
  });
});

describe('an hour said alone to correct what was just set', () => {
  it('reads «لا خليه ٨», «خليها الساعة ٦», "actually make it 6:30", and nothing else', async () => {
    const { bareHourOf, hourLike } = await import('../../../bot/features/shared/helpers.ts');
    expect(bareHourOf('لا خليه ٨')).toEqual({ hour: 8, minute: 0 });
    expect(bareHourOf('خليها الساعة ٦')).toEqual({ hour: 6, minute: 0 });
    expect(bareHourOf('actually make it 6:30')).toEqual({ hour: 6, minute: 30 });
    expect(bareHourOf('خليه عندك')).toBeUndefined();
    expect(bareHourOf('make it 3 bedrooms')).toBeUndefined();
    // in the half of the day of the time corrected
    expect(hourLike(8, 19)).toBe(20);
    expect(hourLike(11, 10)).toBe(11);
  });
});

describe('a customer renamed in words', () => {
  it('takes the new name of «غير اسم … الى …», «اسمه الصحيح …», "change X\'s name to …", and no other', async () => {
    const { patchFromText } = await import('../../../bot/features/customers/customers.edits.ts');
    expect(patchFromText('غير اسم ام عبدالعزيز الى ام عبدالعزيز القحطاني', {}).name).toBe('ام عبدالعزيز القحطاني');
    expect(patchFromText('اسمه الصحيح فهد بن سعد', {}).name).toBe('فهد بن سعد');
    expect(patchFromText('غير اسمه الى فهد العتيبي', {}).name).toBe('فهد العتيبي');
    expect(patchFromText("change sara's name to Sara Al-Harbi", {}).name).toBe('Sara Al-Harbi');
    expect(patchFromText('rename omar to Omar Saleh', {}).name).toBe('Omar Saleh');
    expect(patchFromText('غير حالة عبدالله الى مهتم', {}).name).toBeUndefined();
  });
});
