import { describe, expect, it } from 'vitest';
import { bases, normalizeArabic, T_AR, T_LAT, T_NUM, T_PUNCT, tokenize } from '../../../bot/language/normalize.ts';

describe('normalizeArabic', () => {
  it('folds Arabic-Indic and Persian digits, ٫ and ٬', () => {
    expect(normalizeArabic('٠١٢٣٤٥٦٧٨٩')).toBe('0123456789');
    expect(normalizeArabic('۰۱۲۳۴۵۶۷۸۹')).toBe('0123456789');
    expect(normalizeArabic('٣٫٥')).toBe('3.5');
    expect(normalizeArabic('١٬٢٠٠')).toBe('1,200');
  });
  it('folds hamza forms, ى/ي, ة/ه and ؤ/ئ', () => {
    expect(normalizeArabic('أحمد إبراهيم آمنة ٱلله')).toBe('احمد ابراهيم امنه الله');
    expect(normalizeArabic('مصطفى')).toBe('مصطفي');
    expect(normalizeArabic('مؤسسة الطائف')).toBe('موسسه الطايف');
  });
  it('removes tashkeel and tatweel', () => {
    expect(normalizeArabic('مُحَمَّدٌ')).toBe('محمد');
    expect(normalizeArabic('بـــ ٤٥')).toBe('ب 45');
    expect(normalizeArabic('جـــدة')).toBe('جده');
  });
  it('folds repeated letters', () => {
    expect(normalizeArabic('تماااام')).toBe('تمام');
    expect(normalizeArabic('هلاااا والله')).toBe('هلا والله');
    expect(normalizeArabic('yesss')).toBe('yes');
    expect(normalizeArabic('الله')).toBe('الله');
  });
  it('separates at emoji and symbols, drops bidi and zero-width marks without splitting words', () => {
    expect(normalizeArabic('هلا😂😂شلونك')).toBe('هلا شلونك');
    expect(normalizeArabic('\u200fشقة\u200f \u202bبالرياض\u202c')).toBe('شقه بالرياض');
    expect(normalizeArabic('مر\u200cحبا')).toBe('مرحبا');
  });
  it('lower-cases Latin letters, strips accents, folds Persian letters and presentation forms', () => {
    expect(normalizeArabic('Hello RIYADH Café')).toBe('hello riyadh cafe');
    expect(normalizeArabic('کی')).toBe('كي');
    expect(normalizeArabic('ﻻ')).toBe('لا');
  });
  it('never throws on odd input', () => {
    expect(normalizeArabic('')).toBe('');
    expect(normalizeArabic('\ud800\udc00\ud800x\u0000\u0007')).toBe('x');
    expect(normalizeArabic(undefined as unknown as string)).toBe('');
  });
});

describe('tokenize', () => {
  it('splits scripts, numbers and punctuation in one pass', () => {
    const t = tokenize('بـ2.5M في ١٢٠٠م، 4:30pm +966-55');
    expect(t.map((x) => [x.n, x.t])).toEqual([
      ['ب', T_AR],
      ['2.5', T_NUM],
      ['m', T_LAT],
      ['في', T_AR],
      ['1200', T_NUM],
      ['م', T_AR],
      [',', T_PUNCT],
      ['4', T_NUM],
      [':', T_PUNCT],
      ['30', T_NUM],
      ['pm', T_LAT],
      ['+', T_PUNCT],
      ['966', T_NUM],
      ['-', T_PUNCT],
      ['55', T_NUM],
    ]);
  });
  it('reads thousands separators and decimal points in numbers', () => {
    expect(tokenize('1,200,000').map((x) => x.v)).toEqual([1200000]);
    expect(tokenize('١٬٨٠٠٬٠٠٠').map((x) => x.v)).toEqual([1800000]);
    expect(tokenize('٣٫٢ مليون')[0]?.v).toBe(3.2);
    expect(tokenize('900 sqm, asking').map((x) => x.n)).toEqual(['900', 'sqm', ',', 'asking']);
    expect(tokenize('1,5').map((x) => x.n)).toEqual(['1', ',', '5']);
  });
  it('keeps offsets into the original text and knows capitals', () => {
    const text = 'Sara  أحمد';
    const t = tokenize(text);
    expect(t.map((x) => text.slice(x.s, x.e))).toEqual(['Sara', 'أحمد']);
    expect(t[0]?.cap).toBe(true);
    expect(t[0]?.t).toBe(T_LAT);
  });
  it("joins apostrophes inside Latin words but splits a possessive 's", () => {
    expect(tokenize("Ha'il").map((x) => x.n)).toEqual(['hail']);
    expect(tokenize("Ahmed's phone").map((x) => x.n)).toEqual(['ahmed', 's', 'phone']);
  });
  it('gives clitic-stripped bases', () => {
    const [a, b, c, d] = tokenize('بالرياض للبيع هالأسبوع وبجدة');
    expect(a && bases(a)).toContain('الرياض');
    expect(b && bases(b)).toContain('البيع');
    expect(c && bases(c)).toContain('الاسبوع');
    expect(d && bases(d)).toContain('جده');
  });
});
