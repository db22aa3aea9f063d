// The words of dates and times (days, weekdays, months, periods, parts of the day, units, fractions) as
// phrase tables keyed by the lexicon's phrase key, and the longest-phrase matcher over tokens.

import type { Period, Qualifier } from './calendar.ts';
import { phraseKey } from './lexicon.ts';
import { bases, keySet, T_AR, type Token } from './normalize.ts';

// ---------------------------------------------------------------- vocabulary

export interface PhraseTable<V> {
  map: Map<string, V>;
  max: number;
  /** the first word of every phrase: a quick "no" for most tokens */
  firsts: Set<string>;
}
function table<V>(entries: [string, V][]): PhraseTable<V> {
  const map = new Map<string, V>();
  const firsts = new Set<string>();
  let max = 1;
  for (const [form, v] of entries) {
    const key = phraseKey(form);
    if (!key) continue;
    map.set(key, v);
    const words = key.split(' ');
    firsts.add(words[0] as string);
    max = Math.max(max, words.length);
  }
  return { map, max, firsts };
}
function forms<V>(v: V, list: string): [string, V][] {
  return list.split('|').map((f) => [f, v]);
}

/** Longest phrase of the table at i (first token compared in its clitic-stripped forms if `clitics`). */
export function matchAt<V>(
  t: PhraseTable<V>,
  toks: Token[],
  i: number,
  used: Uint8Array,
  clitics = true,
): { v: V; end: number } | undefined {
  const first = toks[i];
  if (!first || used[i]) return undefined;
  let firsts: string[];
  if (clitics && first.t === T_AR) {
    firsts = bases(first).filter((f) => t.firsts.has(f));
    if (firsts.length === 0) return undefined;
  } else {
    if (!t.firsts.has(first.n)) return undefined;
    firsts = [first.n];
  }
  for (let len = Math.min(t.max, toks.length - i); len >= 1; len--) {
    let rest = '';
    let ok = true;
    for (let k = i + 1; k < i + len; k++) {
      if (used[k]) {
        ok = false;
        break;
      }
      rest += ` ${(toks[k] as Token).n}`;
    }
    if (!ok) continue;
    for (const f of firsts) {
      const v = t.map.get(f + rest);
      if (v !== undefined) return { v, end: i + len };
    }
  }
  return undefined;
}

export const DAY_WORDS = table<number>([
  ...forms(0, 'اليوم|today|هاليوم|هذا اليوم'),
  // with the misspellings people type on a phone: a day word missed books the wrong day
  ...forms(
    1,
    'بكرة|بكره|بكرا|بكرى|باكر|غدا|غداً|غدوه|الغد|tomorrow|tomorow|tommorow|tommorrow|tomorrw|tomoro|tomorro|tmorrow|tomrrow|tmrw|tmr|tmw|tmrow|2morrow|2morow|2moro',
  ),
  ...forms(-1, 'أمس|امس|البارحة|البارح|مبارح|yesterday'),
  ...forms(
    2,
    'بعد بكرة|بعد بكره|بعد بكرا|بعد بكرى|بعد باكر|بعد غد|بعد الغد|بعد غدا|day after tomorrow|the day after tomorrow|after tomorrow|day after tomorow|day after tommorow|day after tommorrow',
  ),
  ...forms(-2, 'أول أمس|اول امس|قبل أمس|قبل امس|قبل البارحة|day before yesterday|the day before yesterday'),
]);

export const WEEKDAYS = table<number>([
  ...forms(0, 'الأحد|الاحد|sunday'),
  ...forms(1, 'الاثنين|الإثنين|الاتنين|الثنين|monday'),
  ...forms(2, 'الثلاثاء|الثلاثا|الثلوث|tuesday|tues'),
  ...forms(3, 'الأربعاء|الاربعاء|الاربعا|wednesday|weds'),
  ...forms(4, 'الخميس|thursday|thurs|thur'),
  ...forms(5, 'الجمعة|الجمعه|friday'),
  ...forms(6, 'السبت|saturday'),
]);
export const BARE_WEEKDAYS = table<number>([
  ...forms(0, 'أحد|احد'),
  ...forms(1, 'اثنين|إثنين|اتنين'),
  ...forms(2, 'ثلاثاء|ثلاثا'),
  ...forms(3, 'أربعاء|اربعاء|اربعا'),
  ...forms(4, 'خميس'),
  ...forms(5, 'جمعة|جمعه'),
  ...forms(6, 'سبت'),
]);
export const EN_DAY_ABBR = new Map<string, number>([
  ['sun', 0],
  ['mon', 1],
  ['tue', 2],
  ['wed', 3],
  ['thu', 4],
  ['fri', 5],
  ['sat', 6],
]);
export const NEXT_MODIFIERS = table<true>(
  forms(true, 'الجاي|الجاية|القادم|القادمة|المقبل|المقبلة|الياي|اللي جاي|الي جاي|الجاي هذا|هذا|هذه|هذي'),
);

export type PeriodMatch = Period | 'none' | 'next_week_mod';
export const PERIODS = table<PeriodMatch>([
  ...forms<PeriodMatch>(
    'next_week',
    'الأسبوع الجاي|الاسبوع الجاي|الأسبوع القادم|الاسبوع القادم|الأسبوع المقبل|الاسبوع الياي|الاسبوع اللي جاي|الاسبوع الي جاي|الأسبوع الجاية|next week|the coming week|coming week|the next week|الاسبوع اللي بعده|الاسبوع الي بعده',
  ),
  ...forms<PeriodMatch>(
    'this_week',
    'هالأسبوع|هالاسبوع|هذا الأسبوع|هذا الاسبوع|الأسبوع هذا|الاسبوع هذا|الأسبوع الحالي|this week|الأسبوع|الاسبوع|خلال الأسبوع|this wk',
  ),
  ...forms<PeriodMatch>(
    'none',
    'الأسبوع الماضي|الاسبوع الماضي|الأسبوع اللي فات|الاسبوع اللي فات|الاسبوع الي فات|الأسبوع السابق|الاسبوع الفايت|last week|past week|previous week|the past week|الشهر الجاي|الشهر القادم|الشهر المقبل|next month|الشهر الياي|the coming month',
  ),
  ...forms<PeriodMatch>(
    'this_month',
    'هالشهر|هذا الشهر|الشهر هذا|الشهر الحالي|this month|الشهر|خلال الشهر|current month|the month',
  ),
  ...forms<PeriodMatch>(
    'last_month',
    'الشهر الماضي|الشهر اللي فات|الشهر الي فات|الشهر السابق|الشهر الفايت|الشهر المنصرم|last month|previous month|past month|the past month|the last month',
  ),
]);

export const MONTHS = table<number>([
  ...forms(1, 'يناير|كانون الثاني|january|jan'),
  ...forms(2, 'فبراير|شباط|february|feb'),
  ...forms(3, 'مارس|آذار|اذار|march|mar'),
  ...forms(4, 'أبريل|ابريل|إبريل|نيسان|april|apr'),
  ...forms(5, 'مايو|أيار|ايار|may'),
  ...forms(6, 'يونيو|يونيه|حزيران|june|jun'),
  ...forms(7, 'يوليو|يوليه|تموز|july|jul'),
  ...forms(8, 'أغسطس|اغسطس|آب|اب|august|aug'),
  ...forms(9, 'سبتمبر|أيلول|ايلول|september|sep|sept'),
  ...forms(10, 'أكتوبر|اكتوبر|تشرين الأول|تشرين الاول|october|oct'),
  ...forms(11, 'نوفمبر|تشرين الثاني|november|nov'),
  ...forms(12, 'ديسمبر|كانون الأول|كانون الاول|december|dec'),
]);

export interface Pod {
  /** Default time (minute of the day) when the part of the day stands alone. */
  def?: number;
  qual?: Qualifier;
  /** A greeting ("صباح الخير"): not a time. */
  greeting?: boolean;
}
export const PODS = table<Pod>([
  ...forms<Pod>(
    { def: 540, qual: 'am' },
    'الصبح|الصباح|صباحا|صباحاً|صباح|morning|in the morning|this morning|الصبح بدري|بدري الصبح',
  ),
  ...forms<Pod>({ qual: 'am' }, 'الفجر|فجرا|ص|am|a.m|a . m'),
  ...forms<Pod>({ def: 600, qual: 'am' }, 'الضحى|الضحي|ضحى'),
  ...forms<Pod>({ def: 720, qual: 'noon' }, 'الظهر|ظهرا|الظهرية|ظهر|noon|midday|at noon|الضهر'),
  ...forms<Pod>({ def: 780, qual: 'pm' }, 'بعد الظهر|بعد الظهرية|بعد الضهر|after dhuhr|after zuhr'),
  // "tmrw after lunch", «بعد الغدا»: early afternoon
  ...forms<Pod>({ def: 840, qual: 'pm' }, 'بعد الغدا|بعد الغداء|after lunch'),
  ...forms<Pod>(
    { def: 960, qual: 'pm' },
    'العصر|عصرا|العصرية|عصر|بعد العصر|afternoon|in the afternoon|this afternoon|after asr',
  ),
  ...forms<Pod>({ def: 1080, qual: 'pm' }, 'المغرب|مغرب|بعد المغرب|sunset|after maghrib'),
  ...forms<Pod>({ def: 1140, qual: 'pm' }, 'المسا|المساء|مساء|مساءً|مساءا|مسا|evening|in the evening|this evening'),
  ...forms<Pod>({ def: 1200, qual: 'pm' }, 'العشاء|العشا|عشاء|بعد العشاء|بعد العشا|after isha'),
  ...forms<Pod>({ def: 1260, qual: 'night' }, 'الليلة|الليل|ليلا|ليلاً|tonight|at night|night|in the night'),
  ...forms<Pod>({ qual: 'pm' }, 'م|pm|p.m|p . m'),
  ...forms<Pod>(
    { greeting: true },
    'صباح الخير|مساء الخير|صباح النور|مساء النور|good morning|good evening|good night|good afternoon|صباحك|مساك',
  ),
]);

export const CLOCK_MARKERS = keySet(['الساعة', 'ساعة', 'عالساعة', 'at', '@', 'بالساعة']);
export const REL_TRIGGERS = keySet(['بعد', 'in', 'after', 'خلال', 'كمان', 'within']);

export interface Unit {
  /** minutes, days or months per unit */
  min?: number;
  days?: number;
  months?: number;
  /** dual forms (ساعتين) carry their own quantity */
  dual?: boolean;
}
export const UNITS = table<Unit>([
  ...forms<Unit>({ min: 60 }, 'ساعة|ساعات|hour|hours|hr|hrs|ساعه'),
  ...forms<Unit>({ min: 120, dual: true }, 'ساعتين|ساعتان'),
  ...forms<Unit>({ min: 1 }, 'دقيقة|دقايق|دقائق|minute|minutes|min|mins|دقيقه'),
  ...forms<Unit>({ min: 2, dual: true }, 'دقيقتين'),
  ...forms<Unit>({ days: 1 }, 'يوم|أيام|ايام|day|days'),
  ...forms<Unit>({ days: 2, dual: true }, 'يومين'),
  ...forms<Unit>({ days: 7 }, 'أسبوع|اسبوع|أسابيع|اسابيع|week|weeks'),
  ...forms<Unit>({ days: 14, dual: true }, 'أسبوعين|اسبوعين'),
  ...forms<Unit>({ months: 1 }, 'شهر|شهور|أشهر|اشهر|month|months'),
  ...forms<Unit>({ months: 2, dual: true }, 'شهرين'),
]);
export const FRACTIONS = new Map<string, number>([
  ['نص', 0.5],
  ['نصف', 0.5],
  ['half', 0.5],
  ['ربع', 0.25],
  ['quarter', 0.25],
  ['ثلث', 1 / 3],
]);
export const MINUTE_SUFFIX = new Map<string, number>([
  ['ونص', 30],
  ['ونصف', 30],
  ['وربع', 15],
  ['وثلث', 20],
]);
