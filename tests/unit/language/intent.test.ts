import { describe, expect, it } from 'vitest';
import { parse } from '../../../bot/language/index.ts';
import type { Intent, Role } from '../../../bot/language/types.ts';

const now = new Date('2026-11-19T14:00:00+03:00');
const intent = (text: string, role: Role = 'broker'): Intent => parse(text, { now, role }).intent;

describe('intent and role', () => {
  it('a seeker message is a request from a client or an owner, a search from a broker', () => {
    expect(intent('أبي شقة بالرياض', 'broker')).toBe('property.search');
    expect(intent('أبي شقة بالرياض', 'client')).toBe('request.create');
    expect(intent('أبي شقة بالرياض', 'owner')).toBe('request.create');
    expect(intent('I need a villa in Jeddah', 'broker')).toBe('property.search');
    expect(intent('I need a villa in Jeddah', 'client')).toBe('request.create');
  });

  it('reads the everyday words the probes of 6 December found (each also a conversation case)', () => {
    expect(intent('وش المتاخر علي')).toBe('task.list');
    expect(intent('any pending requests?')).not.toBe('task.list');
    expect(intent('مين لازم اكلم اليوم؟')).toBe('task.list');
    expect(intent('وش يناسب العقار ١')).toBe('match.list');
    expect(intent('book omar 0533456789 for property 2 tmrw 11am')).toBe('appointment.create');
    expect(intent('also villa 1 went to abu fahad 0556677001 for 2.18m')).toBe('sale.record');
    expect(intent('who on my team closed the most deals this month?')).toBe('report.summary');
    expect(intent('قبل لا اكمل، كم تاخذون عموله؟', 'client')).not.toBe('deny');
    expect(intent("Hi, I'd like to put a plot of land up for sale in Dammam", 'client')).toBe('offer.create');
    expect(intent('is the villa up for sale?', 'client')).not.toBe('offer.create');
    expect(intent("whats majed's budget")).toBe('customer.list');
  });

  it('a broker files a request for a client with طلب or a third-person verb', () => {
    expect(intent('طلب جديد: أرض في النرجس')).toBe('request.create');
    expect(intent('عميلي يبغى شقة في جدة')).toBe('request.create');
    expect(intent('واحد يدور فيلا بالرياض')).toBe('request.create');
  });

  it('offers: having, selling, letting, a listing statement', () => {
    expect(intent('عندي فيلا للبيع', 'owner')).toBe('offer.create');
    expect(intent('ابي ابيع ارضي', 'owner')).toBe('offer.create');
    expect(intent('ابي اأجر شقتي', 'owner')).toBe('offer.create');
    expect(intent('للبيع دوبلكس في حي قرطبة')).toBe('offer.create');
    expect(intent('شقة للإيجار في جدة', 'owner')).toBe('offer.create');
    expect(intent('شقة للإيجار في جدة', 'client')).toBe('request.create');
  });

  it('searches: questions to the broker', () => {
    expect(intent('عندكم فلل بالملقا تحت ٣ مليون؟')).toBe('property.search');
    expect(intent('فيه شقق للإيجار في العليا؟')).toBe('property.search');
    expect(intent('any villas in Jeddah above 4M?')).toBe('property.search');
  });

  it.each([
    ['السلام عليكم', 'greeting'],
    ['وش تقدر تسوي؟', 'help'],
    ['خلاص لا تكمل', 'cancel'],
    ['ايه تمام', 'confirm'],
    ['لا', 'deny'],
    ['٢', 'select'],
    ['رقم ٤', 'select'],
    ['the second one', 'select'],
    ['عميل جديد ٠٥٥١٢٣٤٥٦٧', 'customer.create'],
    ['عملائي', 'customer.list'],
    ['غير حالة أحمد إلى مهتم جداً', 'customer.update'],
    ['كلمت خالد وقال يفكر', 'note.add'],
    ['وش الفرص الجديدة', 'match.list'],
    ['اقبل المطابقة ٢', 'match.accept'],
    ['ارفض الفرصة الأولى', 'match.reject'],
    ['احجز معاينة مع أحمد بكرة الساعة ٥', 'appointment.create'],
    // the listing as a pronoun, after an alert: «I want to see it tomorrow afternoon»
    ['ابي اشوفها بكره العصر', 'appointment.create'],
    ['ودي اعاينه الخميس', 'appointment.create'],
    ['وش مواعيدي بكرة؟', 'appointment.list'],
    ['الغ موعدي بكرة', 'appointment.cancel'],
    ['أجل موعد أحمد للخميس نفس الوقت', 'appointment.reschedule'],
    ['ذكرني أتصل بخالد بكرة الساعة ٤ العصر', 'task.create'],
    ['وش مهامي اليوم؟', 'task.list'],
    ['خلصت مهمة ٢', 'task.complete'],
    ['تم بيع فيلا النرجس بمليونين و٣٠٠ ألف', 'sale.record'],
    ['ملخص الشهر', 'report.summary'],
    ['كم صفقة هالشهر؟', 'report.summary'],
    ['ما هي عاصمة فرنسا', 'unknown'],
    ['', 'unknown'],
    ['😂😂', 'unknown'],
  ] as [string, Intent][])('%s → %s', (text, want) => {
    expect(intent(text)).toBe(want);
  });

  it('a greeting or a yes in front of a request does not hide it', () => {
    expect(intent('السلام عليكم عندي فيلا للبيع في الرياض', 'owner')).toBe('offer.create');
    expect(intent('هلا، ابي شقة في جدة', 'client')).toBe('request.create');
    expect(intent('تمام، الغ موعد بكرة')).toBe('appointment.cancel');
  });

  it('gives a confidence in 0..1 and the language', () => {
    const r = parse('hello', { now });
    expect(r.confidence).toBeGreaterThan(0.5);
    expect(r.language).toBe('en');
    expect(parse('مرحبا', { now }).language).toBe('ar');
    expect(parse('asdkjh qweoiu', { now }).confidence).toBeLessThan(0.5);
  });
});

describe('English property words with a typo', () => {
  const type = (text: string) => parse(text, { now, role: 'client' }).entities.property_type;

  it('reads a long property word a letter or two off, and a short villa one letter off', () => {
    expect(type('I need an apartmnt')).toBe('apartment');
    expect(type('appartment for rent in riyadh')).toBe('apartment');
    expect(type('looking for an appartement')).toBe('apartment');
    expect(type('a vila to buy')).toBe('villa');
    expect(type('warehose in jeddah')).toBe('warehouse');
    expect(intent('I need an apartmnt in Riyadh', 'client')).toBe('request.create');
  });

  it('leaves real words near a property word, short words and other first letters alone', () => {
    expect(type('my client is an officer')).toBeUndefined();
    expect(type('show me the shows')).toBeUndefined();
    expect(type('at least a year')).toBeUndefined();
    expect(type('partment')).toBeUndefined();
  });
});

describe('words this session taught the parser', () => {
  it('reads the agenda in «عندي شي بكرة؟», "anything on tomorrow?", never without a day or with a place', () => {
    expect(intent('عندي شي بكره؟')).toBe('appointment.list');
    expect(intent('anything on tomorrow?')).toBe('appointment.list');
    expect(intent('وش جدولي الخميس')).toBe('appointment.list');
    expect(intent('فيه شي بالملقا؟', 'client')).not.toBe('appointment.list');
  });

  it('reads «وش عندي» as the agenda unless it names what he has: customers, listings', () => {
    expect(intent('وش عندي؟')).toBe('appointment.list');
    expect(intent('وش عندي بكرة')).toBe('appointment.list');
    expect(intent('وش عندي عملاء جدد؟')).toBe('customer.list');
    expect(intent('ايش عندي عملاء')).toBe('customer.list');
    expect(intent('what do i have in clients')).toBe('customer.list');
    expect(intent('وش عندي عقارات')).toBe('property.search');
  });

  it('reads a broker asking after the requests as his customers, never as a request to file', () => {
    expect(intent('وش الطلبات الجديدة؟')).toBe('customer.list');
    expect(intent('طلباتي')).toBe('customer.list');
    expect(intent('my requests')).toBe('customer.list');
    expect(intent('any new requests?')).toBe('customer.list');
    expect(intent('وش عندي طلبات')).toBe('customer.list');
    expect(intent('الطلبات')).toBe('customer.list');
    expect(intent('طلبات جديدة')).toBe('customer.list');
    expect(intent('عطني الطلبات')).toBe('customer.list');
    expect(intent('show me the requests')).toBe('customer.list');
    expect(intent('وش عندي بكرة')).toBe('appointment.list');
    expect(intent('طلب')).toBe('request.create');
    expect(intent('طلب جديد')).toBe('request.create');
    expect(intent('طلب جديد: فيلا في النرجس تحت ٣ مليون')).toBe('request.create');
  });

  it("reads a broker asking how many requests as the period's figures, which count them", () => {
    expect(intent('كم طلب عندي؟')).toBe('report.summary');
    expect(intent('كم طلب جاني هالشهر')).toBe('report.summary');
  });

  it('reads «عندي موعد مع خالد بكرة؟» as asking whether there is one, «ممكن موعد مع خالد؟» as asking for one', () => {
    expect(intent('عندي موعد مع خالد بكرة؟')).toBe('appointment.list');
    expect(intent('فيه موعد مع خالد؟')).toBe('appointment.list');
    expect(intent('do I have a viewing with Khalid tomorrow?')).toBe('appointment.list');
    expect(intent('عندي موعد مع خالد بكرة الساعة ٥')).toBe('appointment.create');
    expect(intent('ممكن موعد مع خالد بكرة؟')).toBe('appointment.create');
  });

  it('tells a cancelled reminder from a reminder to cancel something', () => {
    expect(intent('cancel the reminder')).toBe('cancel');
    expect(intent('ذكرني الغي الاشتراك')).toBe('task.create');
  });

  it('reads a follow-up at a time as a to-do, a budget said of a name as a change, a match asked of "her"', () => {
    expect(intent('حط له متابعه بعد بكره الساعه ١١ الصبح')).toBe('task.create');
    expect(intent('fahad budget now 2.5m')).toBe('customer.update');
    expect(intent('وش العقارات اللي تناسبها')).toBe('match.list');
    expect(intent('anything for her?')).toBe('match.list');
    expect(intent('book a viewing for her tomorrow at 5pm')).toBe('appointment.create');
    expect(intent('set a follow-up for him tomorrow 10am')).toBe('task.create');
    expect(intent('اكتب عند ابو فهد: يفضل شارع ٣٠')).toBe('note.add');
  });
});

describe('a broker naming a customer to see or to book for', () => {
  it('"show sarah", "open Khalid", «وريني منيرة», «تفاصيل نورة» look the customer up, a known name in lower case too', () => {
    for (const text of ['show sarah', 'show me sarah', 'find sarah', 'open khalid', 'who is sarah']) {
      const parsed = parse(text, { now, role: 'broker' });
      expect(parsed.intent, text).toBe('customer.list');
      expect(parsed.entities.name?.toLowerCase(), text).toMatch(/^(sarah|khalid)$/);
    }
    for (const text of ['وريني منيرة', 'افتح ملف منيرة', 'تفاصيل منيرة']) {
      expect(parse(text, { now, role: 'broker' }), text).toMatchObject({
        intent: 'customer.list',
        entities: { name: 'منيرة' },
      });
    }
    // "book omar …": a known name in lower case after book/schedule is the customer
    expect(parse('book omar to see property 1 on monday at 5', { now, role: 'broker' })).toMatchObject({
      intent: 'appointment.create',
      entities: { name: 'omar' },
    });
    // not a person: the listings and the agenda stay theirs
    expect(intent('show villas in riyadh')).toBe('property.search');
    expect(intent('show my appointments')).toBe('appointment.list');
  });

  it('«احجز لبدر معاينة»: «ل» + a name after a booking word is the customer, not the town of Badr', () => {
    const parsed = parse('احجز لبدر معاينة العقار ٢ الثلاثاء ٥ العصر', { now, role: 'broker' });
    expect(parsed.intent).toBe('appointment.create');
    expect(parsed.entities.name).toBe('بدر');
    expect(parsed.entities.city).toBeUndefined();
    // with a place cue it is still the town
    expect(parse('ابي شقة في بدر', { now, role: 'client' }).entities.city).toBe('Badr');
  });
});

describe('a client wanting to see the listing just shown', () => {
  it('«ابي اشوفها», «ممكن نعاينه؟» book a viewing of it; «ما ابي اشوفها» does not', () => {
    for (const text of ['ابي اشوفها', 'ابغى اشوفه', 'ممكن نعاينها؟'])
      expect(intent(text, 'client'), text).toBe('appointment.create');
    for (const text of ['ما ابي اشوفها', 'لا ما ابغى اشوفه'])
      expect(intent(text, 'client'), text).not.toBe('appointment.create');
  });
});
