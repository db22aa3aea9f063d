// Numbers agreed with their nouns in Arabic: one is the noun alone («فرصة جديدة»), two the dual
// («فرصتين جديدتين»), 3–10 the plural after the number («٣ فرص جديدة»), 11 and more the singular after
// the number («١١ فرصة جديدة»). English: one / many. Digits follow the reply's language (one style per reply).
import { formatNumber, type Lang } from './format.ts';

export interface NounForms {
  /** «فرصة جديدة» */
  one: string;
  /** «فرصتين جديدتين» */
  two: string;
  /** «فرص جديدة», after 3–10 */
  few: string;
  /** «فرصة جديدة», after 11 and more (defaults to `one`) */
  many?: string;
}

export function countAr(n: number, forms: NounForms): string {
  if (n === 1) return forms.one;
  if (n === 2) return forms.two;
  const mod100 = n % 100;
  const noun = mod100 >= 3 && mod100 <= 10 ? forms.few : (forms.many ?? forms.one);
  return `${formatNumber(n, 'ar')} ${noun}`;
}

export function countEn(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** The noun forms used across replies. */
export const NOUNS = {
  newMatch: { one: 'فرصة جديدة', two: 'فرصتين جديدتين', few: 'فرص جديدة' },
  room: { one: 'غرفة', two: 'غرفتين', few: 'غرف' },
  bathroom: { one: 'دورة مياه', two: 'دورتين مياه', few: 'دورات مياه' },
  task: { one: 'مهمة', two: 'مهمتين', few: 'مهام' },
  customer: { one: 'عميل', two: 'عميلين', few: 'عملاء' },
  deal: { one: 'صفقة', two: 'صفقتين', few: 'صفقات' },
  day: { one: 'يوم', two: 'يومين', few: 'أيام' },
} as const satisfies Record<string, NounForms>;

export function count(lang: Lang, n: number, ar: NounForms, enOne: string, enMany: string): string {
  return lang === 'ar' ? countAr(n, ar) : countEn(n, enOne, enMany);
}
