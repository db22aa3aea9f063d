// Owners' self-service (issue 16), the pure parts: what a homeowner's words ask, who he says sold it,
// which changes a listing's status allows, and when the weekly note may be written first.
import { describe, expect, it } from 'vitest';
import { readOwnerAsk, soldViaOf, withoutRef } from '../../../bot/features/listings/owner.read.ts';
import { mayWriteFirst, weeklyNoteDue } from '../../../bot/jobs/owner-weekly.job.ts';
import { parse } from '../../../bot/language/index.ts';
import { nextOwnerStatus } from '../../../core/listings/owner-listings.service.ts';

const now = new Date('2026-11-19T10:00:00+03:00');
const ask = (text: string) => readOwnerAsk(text, parse(withoutRef(text), { now, tz: 'Asia/Riyadh', role: 'owner' }));

describe('a homeowner’s words about his listings', () => {
  it.each([
    ['عقاراتي', { kind: 'list' }],
    ['عقارتي', { kind: 'list' }],
    ['وش صار على عقاري؟', { kind: 'list' }],
    ['وش صار ع عقاري', { kind: 'list' }],
    ['ايش اخبار الفيلا حقتي', { kind: 'list' }],
    ['كم باقي عشان تنزل؟', { kind: 'list' }],
    ['متى ينزل اعلاني؟', { kind: 'list' }],
    ['امتى بتنشرونه', { kind: 'list' }],
    ['when will my listing go live?', { kind: 'list' }],
    ['my listings', { kind: 'list' }],
    ['how is my villa doing?', { kind: 'list' }],
    ['هل انباع عقاري؟', { kind: 'list' }],
    ['نزل السعر لمليون و٩٠٠', { kind: 'price', price: 1_900_000 }],
    ['خل السعر ٨٥٠ ألف', { kind: 'price', price: 850_000 }],
    ['نزلو السعر ل١٫٩ مليون', { kind: 'price', price: 1_900_000 }],
    ['lower the price to 1.9m', { kind: 'price', price: 1_900_000 }],
    ['نزل سعر العقار ٣ لمليون و٩٠٠', { kind: 'price', ref: 3, price: 1_900_000 }],
    ['change the price of property 1 to 2.1 million', { kind: 'price', ref: 1, price: 2_100_000 }],
    ['ابي انزل السعر', { kind: 'price' }],
    ['وقف الإعلان', { kind: 'pause' }],
    ['وقفو الاعلان', { kind: 'pause' }],
    ['pause my listing', { kind: 'pause' }],
    ['رجع الإعلان', { kind: 'activate' }],
    ['reactivate', { kind: 'activate' }],
    ['اسحب العقار', { kind: 'withdraw' }],
    ['الغ الاعلان', { kind: 'withdraw' }],
    ['ما عاد ابي ابيع', { kind: 'withdraw' }],
    ['withdraw', { kind: 'withdraw' }],
    ['انباع', { kind: 'closed' }],
    ['الشقه تأجرت الحمدلله', { kind: 'closed' }],
    ['انباع عن طريقكم', { kind: 'closed', soldVia: 'office' }],
    ["it's sold", { kind: 'closed' }],
  ])('«%s» → %o', (text, expected) => {
    expect(ask(text)).toEqual(expected);
  });

  it.each([
    'وقف التنبيهات',
    'عندي فيلا للبيع في النرجس',
    'ابي اعرض عقاري للبيع',
    'ابي اشوف العقار ٢ بكرة',
    'كم سعر العقار ٢؟',
    'بعت لك الصور',
    'وش الاخبار',
  ])('«%s» is not about his listings', (text) => {
    expect(ask(text)).toBeUndefined();
  });

  it('who sold it: in the first message only when said in full; as an answer, in a word', () => {
    expect(soldViaOf('انباع عن طريق مكتب ثاني')).toBe('other');
    expect(soldViaOf('بعته بنفسي')).toBe('owner');
    expect(soldViaOf('انا')).toBeUndefined();
    expect(soldViaOf('انا', true)).toBe('owner');
    expect(soldViaOf('انتم', true)).toBe('office');
    expect(soldViaOf('another office', true)).toBe('other');
  });
});

describe('the parser leaves a homeowner’s «وقف الإعلان» to the listings feature', () => {
  it('is no cancel from a homeowner or a client, and stays one from a broker', () => {
    for (const role of ['owner', 'client'] as const) {
      expect(parse('وقف الإعلان', { now, tz: 'Asia/Riyadh', role }).intent).toBe('unknown');
      expect(parse('الغ العقار', { now, tz: 'Asia/Riyadh', role }).intent).toBe('unknown');
    }
    expect(parse('وقف الإعلان', { now, tz: 'Asia/Riyadh', role: 'broker' }).intent).toBe('cancel');
    expect(parse('إلغاء', { now, tz: 'Asia/Riyadh', role: 'owner' }).intent).toBe('cancel');
  });
});

describe('what an owner may change', () => {
  it('pauses only a listing on the market, brings back a paused or withdrawn one, never touches a sold one', () => {
    expect(nextOwnerStatus('active', { kind: 'pause' }, 'sale')).toBe('paused');
    expect(nextOwnerStatus('paused', { kind: 'pause' }, 'sale')).toBe('LISTING.UNCHANGED');
    expect(nextOwnerStatus('withdrawn', { kind: 'pause' }, 'sale')).toBe('LISTING.NOT_ACTIVE');
    expect(nextOwnerStatus('paused', { kind: 'activate' }, 'sale')).toBe('active');
    expect(nextOwnerStatus('withdrawn', { kind: 'activate' }, 'sale')).toBe('active');
    expect(nextOwnerStatus('sold', { kind: 'activate' }, 'sale')).toBe('LISTING.NOT_ACTIVE');
    expect(nextOwnerStatus('withdrawn', { kind: 'price', price: 1 }, 'sale')).toBe('LISTING.NOT_ACTIVE');
    expect(nextOwnerStatus('paused', { kind: 'price', price: 1 }, 'sale')).toBe('paused');
  });

  it('a closed deal is sold or rented by the listing’s type, whatever word the owner used', () => {
    expect(nextOwnerStatus('active', { kind: 'closed', soldVia: 'office' }, 'rent')).toBe('rented');
    expect(nextOwnerStatus('withdrawn', { kind: 'closed', soldVia: 'owner' }, 'sale')).toBe('sold');
    expect(nextOwnerStatus('rented', { kind: 'closed', soldVia: 'owner' }, 'rent')).toBe('LISTING.UNCHANGED');
  });
});

describe('the weekly note', () => {
  it('is due on Sunday from 10:00 until 21:00 in the office’s zone', () => {
    expect(weeklyNoteDue(new Date('2026-11-22T10:00:00+03:00'), 'Asia/Riyadh')).toBe('2026-11-22');
    expect(weeklyNoteDue(new Date('2026-11-22T20:59:00+03:00'), 'Asia/Riyadh')).toBe('2026-11-22');
    expect(weeklyNoteDue(new Date('2026-11-22T09:59:00+03:00'), 'Asia/Riyadh')).toBeUndefined();
    expect(weeklyNoteDue(new Date('2026-11-22T21:00:00+03:00'), 'Asia/Riyadh')).toBeUndefined();
    expect(weeklyNoteDue(new Date('2026-11-23T10:00:00+03:00'), 'Asia/Riyadh')).toBeUndefined();
    // 07:30 UTC is 10:30 in Riyadh but 11:30 in Dubai: the office's own zone decides
    expect(weeklyNoteDue(new Date('2026-11-22T06:30:00Z'), 'Asia/Dubai')).toBe('2026-11-22');
  });

  it('is written first on WhatsApp Cloud only inside the 24-hour window, elsewhere to anyone who wrote once', () => {
    const at = new Date('2026-11-22T10:00:00+03:00');
    const hoursAgo = (h: number) => new Date(at.getTime() - h * 3_600_000);
    expect(mayWriteFirst({ channelKind: 'whatsapp_cloud', lastInboundAt: hoursAgo(3) }, at)).toBe(true);
    expect(mayWriteFirst({ channelKind: 'whatsapp_cloud', lastInboundAt: hoursAgo(30) }, at)).toBe(false);
    expect(mayWriteFirst({ channelKind: 'whatsapp_web', lastInboundAt: hoursAgo(24 * 20) }, at)).toBe(true);
    expect(mayWriteFirst({ channelKind: 'telegram', lastInboundAt: null }, at)).toBe(false);
  });
});
