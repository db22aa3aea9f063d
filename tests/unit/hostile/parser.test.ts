// Issue 18: the parser refuses impossible dates and numbers. A date that does not exist yields no date
// (the dialog asks again) instead of another day; a negative number, exponent notation or an amount no
// deal has is not read as a count or an amount.
import { describe, expect, it } from 'vitest';
import { parse } from '../../../bot/language/index.ts';

const now = new Date('2026-11-19T14:00:00+03:00');
const read = (text: string, role: 'broker' | 'client' | 'owner' = 'broker') =>
  parse(text, { now, tz: 'Asia/Riyadh', role });

describe('impossible dates give no date', () => {
  it.each([
    '٣١/٠٢',
    'موعد ٣١/٠٢ الساعة ٥',
    'يوم ٣١/٠٢',
    'ذكرني يوم 30/2 العصر',
    '٢٩ فبراير ٢٠٢٥',
    'ذكرني ٢٩ فبراير ٢٠٢٥',
    '31 ابريل',
    'November 31',
    '29/02/2025',
    '2025-02-29',
    '31-06-2027',
  ])('«%s»', (text) => {
    const { entities } = read(text);
    expect(entities.date).toBeUndefined();
    expect(entities.datetime).toBeUndefined();
  });

  it('possible dates still read, the leap day of a leap year included', () => {
    expect(read('٢٩ فبراير ٢٠٢٨').entities.date).toBe('2028-02-29');
    expect(read('29/02/2028').entities.date).toBe('2028-02-29');
    expect(read('يوم 25/12').entities.date).toBe('2026-12-25');
    expect(read('٢٨ فبراير').entities.date).toBe('2027-02-28');
    expect(read('30/11').entities.date).toBe('2026-11-30');
  });
});

describe('negative and absurd numbers are not counts or amounts', () => {
  it('«-5» is not 5', () => {
    const r = read('-5');
    expect(r.numbers).toEqual([]);
    expect(r.entities.ref).toBeUndefined();
    expect(read('ابي -5 غرف').entities.bedrooms).toBeUndefined();
  });

  it('a negative amount is no budget, nor is the thousand after it', () => {
    const r = read('ميزانيتي -500 الف');
    expect(r.entities.budget_max).toBeUndefined();
    expect(r.numbers).toEqual([]);
  });

  it('«1e309» is not the numbers 1 and 309', () => {
    expect(read('1e309').numbers).toEqual([]);
    expect(read('ابي 1e309 غرف').numbers).toEqual([]);
    expect(read('2E+5 ريال').entities.budget_max).toBeUndefined();
  });

  it('ranges, dates and phones with a dash still read', () => {
    expect(read('ميزانيتي من 5-6 مليون').entities).toMatchObject({ budget_min: 5_000_000, budget_max: 6_000_000 });
    expect(read('2026-11-25').entities.date).toBe('2026-11-25');
    expect(read('0551234567').entities.phone).toBe('+966551234567');
  });

  it('an amount or an area beyond any deal is no entity', () => {
    expect(read('ميزانيتي 99999999999 ريال').entities.budget_max).toBeUndefined();
    expect(read('ميزانيتي ٥٠٠ مليار').entities.budget_max).toBeUndefined();
    expect(read('للبيع فيلا ٩٩٩٩٩٩٩٩٩٩٩ ريال').entities.price).toBeUndefined();
    expect(read('مساحة 99999999999 متر').entities.area).toBeUndefined();
    // real amounts still read
    expect(read('ميزانيتي ٢ مليون').entities.budget_max).toBe(2_000_000);
    expect(read('للبيع فيلا ٣٥٠ متر بمليون ونص').entities).toMatchObject({ price: 1_500_000, area: 350 });
  });
});

describe('absurd reference numbers', () => {
  it('are no reference: «خلصت مهمة 99999999999», «تم بيع العقار رقم 99999999999»', () => {
    expect(read('خلصت مهمة 99999999999').entities.ref).toBeUndefined();
    expect(read('تم بيع العقار رقم 99999999999 بمليون').entities.ref).toBeUndefined();
    expect(read('خلصت مهمة 3').entities.ref).toBe(3);
    expect(read('تم بيع العقار رقم 4 بمليون').entities.ref).toBe(4);
  });
});
