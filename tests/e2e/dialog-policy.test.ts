// The dialog policy through the whole engine (issue 11, points 1 and 2): a command sent while a dialog
// waits is done, the dialog is offered back once and resumes; answers and corrections land in their own
// fields; a broker's listing is saved when confirmed, before its licence is asked.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SAAD, startTestNova, type TestNova } from '../support/nova.ts';

const OWNER = '+966533335555';

let nova: TestNova;
beforeAll(async () => {
  nova = await startTestNova({ now: '2026-11-22T10:00:00+03:00' });
});
afterAll(async () => {
  await nova?.close();
});

const all = (replies: Array<{ text: string }>) => replies.map((r) => r.text).join('\n');

describe('another command while a listing waits', () => {
  it('records the deal, offers the listing back once, and resumes it at its question', async () => {
    await nova.chat.say(SAAD, 'عندي فيلا للبيع');
    const deal = await nova.chat.say(SAAD, 'تم تأجير شقة الملقا بـ ٦٠ الف');
    expect(all(deal)).not.toContain('ما عرفت المدينة');
    expect(await nova.db.sale.count({ where: { amount: 60_000 } })).toBe(1);
    expect(deal.at(-1)!.text).toContain('كنت تضيف عقار');
    const resumed = await nova.chat.say(SAAD, 'نكمل');
    expect(all(resumed)).toContain('في أي مدينة؟');
    const summary = await nova.chat.say(SAAD, 'الرياض حي الياسمين ٥٠٠ متر بثلاثة مليون');
    expect(all(summary)).toContain('هذا ملخص عقارك');
  });

  it('a broker confirming saves the listing at once; «عملائي» at the licence question loses nothing', async () => {
    const before = await nova.db.property.count();
    const saved = await nova.chat.say(SAAD, 'اعتمد');
    expect(all(saved)).toContain('تم تسجيل العقار');
    expect(await nova.db.property.count()).toBe(before + 1);
    const customers = await nova.chat.say(SAAD, 'عملائي');
    expect(all(customers)).not.toMatch(/ترخيص|REGA/);
    expect(await nova.db.property.count()).toBe(before + 1);
  });
});

describe("a homeowner's answers and corrections", () => {
  it('keeps the street width out of the area, takes a correction at the summary, and saves it on «نعم»', async () => {
    await nova.chat.say(OWNER, 'عندي ارض للبيع في الرياض حي الرمال', { name: 'أبو مشعل' });
    const street = await nova.chat.say(OWNER, 'الشارع ٢٠ م');
    expect(all(street)).toContain('المساحة');
    await nova.chat.say(OWNER, '٩٠٠ متر');
    const summary = await nova.chat.say(OWNER, 'مليون ونص');
    expect(all(summary)).toContain('هذا ملخص عقارك');
    const corrected = await nova.chat.say(OWNER, 'لا عدل السعر خله مليون و٤٠٠');
    expect(all(corrected)).toContain('١٬٤٠٠٬٠٠٠');
    await nova.chat.say(OWNER, 'نعم');
    const land = await nova.db.property.findFirstOrThrow({ where: { district: { contains: 'الرمال' } } });
    expect(land).toMatchObject({ area: 900, price: 1_400_000, streetWidth: 20, propertyType: 'land' });
  });
});
