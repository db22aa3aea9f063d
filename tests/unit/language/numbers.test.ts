import { describe, expect, it } from 'vitest';
import { parse } from '../../../bot/language/index.ts';
import { tokenize } from '../../../bot/language/normalize.ts';
import { findNumbers, ordinalAt } from '../../../bot/language/numbers.ts';

const values = (text: string): number[] => findNumbers(tokenize(text)).map((s) => s.value);
const now = new Date('2026-11-19T14:00:00+03:00');

describe('number words and multipliers', () => {
  it.each([
    ['ثلاثة آلاف', [3000]],
    ['ألفين', [2000]],
    ['مليونين', [2_000_000]],
    ['مليونين و٣٠٠ ألف', [2_300_000]],
    ['٢ مليون و٣٠٠ ألف', [2_300_000]],
    ['خمسمية', [500]],
    ['خمسمية ألف', [500_000]],
    ['خمس مية', [500]],
    ['تسعين', [90]],
    ['إتناشر', [12]],
    ['احدعش', [11]],
    ['ثلاثة عشر', [13]],
    ['اثنا عشر', [12]],
    ['ثلاثة وعشرين', [23]],
    ['مية وخمسين ألف', [150_000]],
    ['مية وثلاثة وعشرين', [123]],
    ['نص مليون', [500_000]],
    ['ربع مليون', [250_000]],
    ['مليون ونص', [1_500_000]],
    ['ثلاثة ملايين ونص', [3_500_000]],
    ['مليون و٢٠٠', [1_200_000]],
    ['مليون و ٨٠٠ ألف', [1_800_000]],
    ['ألف و٥٠٠', [1500]],
    ['عشرة آلاف', [10_000]],
    ['مليار', [1e9]],
    ['مليارين ونص', [2.5e9]],
    ['ميتين ألف', [200_000]],
    ['60k', [60_000]],
    ['2.5M', [2_500_000]],
    ['4.1M', [4_100_000]],
    ['1.8 million', [1_800_000]],
    ['70K', [70_000]],
    ['two hundred and fifty thousand', [250_000]],
    ['twenty five', [25]],
    ['half a million', [500_000]],
    ['a million', [1_000_000]],
    ['one million two hundred thousand', [1_200_000]],
  ])('%s → %j', (text, want) => {
    expect(values(text)).toEqual(want);
  });

  it('keeps two numbers apart when the second is not of a lower order', () => {
    expect(values('بين ٧٠٠ و٩٠٠ ألف')).toEqual([700, 900_000]);
    expect(values('بين مليون ومليون ونص')).toEqual([1_000_000, 1_500_000]);
    expect(values('between 2M and 3M')).toEqual([2_000_000, 3_000_000]);
    expect(values('٣ غرف ٥ حمامات')).toEqual([3, 5]);
    expect(values('٤ ٥')).toEqual([4, 5]);
  });

  it('reads ordinals', () => {
    const ord = (t: string): number | undefined => ordinalAt(tokenize(t), 0)?.value;
    expect(ord('الأول')).toBe(1);
    expect(ord('الثانية')).toBe(2);
    expect(ord('العاشر')).toBe(10);
    expect(ord('الحادي عشر')).toBe(11);
    expect(ord('الثالث عشر')).toBe(13);
    expect(ord('third')).toBe(3);
    expect(ord('3rd')).toBe(3);
    expect(ord('بيت')).toBeUndefined();
  });
});

describe('numbers in parse results', () => {
  it('lists every value read, after multipliers, and no dates, times or phones', () => {
    expect(parse('تم بيع فيلا النرجس بمليونين و٣٠٠ ألف', { now }).numbers).toEqual([2_300_000]);
    expect(parse('ثلاثة وعشرين', { now }).numbers).toEqual([23]);
    expect(parse('موعد ٢٥/١١ الساعة ٥ مع أحمد 0551234567', { now }).numbers).toEqual([]);
    expect(parse('ابي شقة ٣ غرف بين ٧٠٠ و٩٠٠ ألف', { now }).numbers).toEqual([3, 700_000, 900_000]);
    expect(parse('بعد ساعتين', { now }).numbers).toEqual([]);
  });
});
