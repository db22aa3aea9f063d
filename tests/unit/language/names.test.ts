import { describe, expect, it } from 'vitest';
import { parse } from '../../../bot/language/index.ts';

const now = new Date('2026-11-19T14:00:00+03:00');
const name = (text: string): string | undefined => parse(text, { now }).entities.name;

describe('names', () => {
  it.each([
    ['عميل جديد أحمد الغامدي 0551234567', 'أحمد الغامدي'],
    ['أضف عميل اسمه خالد العتيبي رقمه ٠٥٠٩٨٧٦٥٤٣', 'خالد العتيبي'],
    ['سجل عميلة اسمها هيفاء ٠٥٥٣٣٣٢٢١١', 'هيفاء'],
    ['عميل جديد اسمه زياد بن سعد', 'زياد بن سعد'],
    ['عميل جديد اسمه عبد الله القرني', 'عبد الله القرني'],
    ['عميل جديد: غسان 0551234567', 'غسان'],
    ['عميل جديد اسمه مشعل آل سعود', 'مشعل آل سعود'],
    ['موعد مع أبو فهد بكرة', 'أبو فهد'],
    ['بعت الأرض لأبو فهد', 'أبو فهد'],
    ['بعت الشقة لأم فهد', 'أم فهد'],
    ['ذكرني أكلم ابو سعد', 'ابو سعد'],
    ['ذكرني أتصل بخالد', 'خالد'],
    ['أرسل العقد لنورة', 'نورة'],
    ['كلمت خالد وقال يفكر', 'خالد'],
    ['ملاحظة على نورة: تبي قريب من المدارس', 'نورة'],
    ['غير حالة أحمد إلى مهتم', 'أحمد'],
    ['موعد مع سارة الساعة ٥', 'سارة'],
    ['new lead: Sara Ahmed +966 55 444 3322', 'Sara Ahmed'],
    ['book a viewing with Sara on Monday', 'Sara'],
    ['remind me to call Ahmed at 9', 'Ahmed'],
    ['New lead - Abdullah Al-Qahtani, 0505556677', 'Abdullah Al-Qahtani'],
    ['add customer named Peter Parker', 'Peter Parker'],
  ])('%s → %s', (text, want) => {
    expect(name(text)).toBe(want);
  });

  it("reads a known first name typed in lower case after a cue, before a verb or with 's", () => {
    expect(name('new client khalid 0533334444 looking for a villa in riyadh')).toBe('khalid');
    expect(name("nasser's new number is 0598765432")).toBe('nasser');
    expect(name('fahad budget now 2.5m')).toBe('fahad');
    expect(name('new lead sara bin saad 0559876543')).toBe('sara bin saad');
    expect(name('call abdullah al rayan tomorrow')).toBe('abdullah al rayan');
  });

  it('reads an English kunya whatever its case, and its second word is no district', () => {
    const parsed = parse('abu rayan raised his budget to 1.3m', { now });
    expect(parsed.entities.name).toBe('abu rayan');
    expect(parsed.entities.district).toBeUndefined();
    expect(name('mark Umm Nasser as hot')).toBe('Umm Nasser');
    expect(name('new lead umm nasser 0559876543')).toBe('umm nasser');
    // an English hesitation is no kunya
    expect(name('umm maybe later')).toBeUndefined();
  });

  it('finds no name in everyday words', () => {
    expect(name('ذكرني بكرة الصبح أتصل على العميل')).toBeUndefined();
    expect(name('ابي شقة مع مطبخ راكب')).toBeUndefined();
    expect(name('عميل جديد يبي شقة')).toBeUndefined();
    expect(name('عميل جديد من الرياض')).toBeUndefined();
    expect(name('شقة ام فيلا؟')).toBeUndefined();
    expect(name('Mark the first task as done')).toBeUndefined();
    expect(name('السلام عليكم')).toBeUndefined();
    expect(name('هلا والله')).toBeUndefined();
  });

  it('reads «ل» + a name a few words after a deal’s verb, and "w/" as "with"', () => {
    expect(name('بعت العقار ١ لحمد المطيري بمليونين ومية الف')).toBe('حمد المطيري');
    expect(name('أجرت شقة الملقا لبدر ب ٦٢ الف')).toBe('بدر');
    expect(name('book viewing w/ dana 0561112299 property 2 thu 10am')).toBe('dana');
  });

  it('keeps الشهري as the family name after any first name, not "monthly"', () => {
    const parsed = parse('عميل جديد عادل الشهري 0551472583 يبي عماره بالرياض حدود ٥ مليون', { now });
    expect(parsed.entities.name).toBe('عادل الشهري');
    expect(parsed.entities.rent_period).toBeUndefined();
    expect(parsed.entities.budget_max).toBe(5_000_000);
  });

  it('tells the preposition على from the name علي', () => {
    expect(name('ذكرني أتصل على أبو خالد')).toBe('أبو خالد');
    expect(name('موعد مع علي بكرة')).toBe('علي');
    expect(name('كلمت أحمد على الموعد')).toBe('أحمد');
  });
});
