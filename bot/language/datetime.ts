// Dates, times and periods, by the contract's rules (Asia/Riyadh by default; the week starts on Sunday).
// All arithmetic is on day numbers (days since 1970-01-01) and minutes of the day in the local time of
// the zone; the only clock is `now`, given by the caller.
//
// Rules (see README.md for the choices made where the contract is silent):
// - اليوم/today · بكرة/بكره/باكر/غدا/tomorrow +1 · بعد بكرة/the day after tomorrow +2 · أمس/yesterday −1.
// - a weekday (with or without الجاي/القادم/next/coming) is its next occurrence strictly after today;
//   with الأسبوع الجاي/next week anywhere in the message it is that day of next week (Sunday–Saturday).
// - "25/11", "٢٥ نوفمبر", "November 25", "٢٥ تشرين الثاني": day/month; without a year the next such date
//   on or after today.
// - clock: "الساعة ٤", "4:30", "٤ ونص", "٤ وربع", "٥ الا ربع", "4pm", "16:00", "١٠ الصبح", "١ الظهر";
//   an hour 1–12 with no qualifier follows the hour rule (hourRule()).
// - a part of the day alone (الصبح 09:00 … الليلة 21:00): today if still ahead, else tomorrow.
// - بعد ساعتين / in 2 hours → now + that, to the minute; بعد ٣ أيام / in 3 days → a date.
// - هالأسبوع/this week, الأسبوع الجاي/next week, هالشهر/this month, الشهر الماضي/last month → period.
import { tzOffset } from '@date-fns/tz';
import { phraseKey } from './lexicon.ts';
import { bases, keySet, T_AR, T_LAT, T_NUM, T_PUNCT, type Token } from './normalize.ts';
import { readNumberAt, simpleWordValue } from './numbers.ts';

export type Period = 'this_week' | 'next_week' | 'this_month' | 'last_month';

export interface DateTimeResult {
  date?: string;
  datetime?: string;
  period?: Period;
}

// ---------------------------------------------------------------- calendar arithmetic

/** Days since 1970-01-01 of a proleptic Gregorian date. */
export function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** [year, month, day] of a day number. */
export function civilFromDays(days: number): [number, number, number] {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp + (mp < 10 ? 3 : -9);
  return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d];
}

/** 0 = Sunday … 6 = Saturday. */
export function weekday(days: number): number {
  return (((days + 4) % 7) + 7) % 7;
}

function validDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1 || d > 31) return false;
  const [yy, mm, dd] = civilFromDays(daysFromCivil(y, m, d));
  return yy === y && mm === m && dd === d;
}

const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n));

export function formatDate(days: number): string {
  const [y, m, d] = civilFromDays(days);
  return `${String(y).padStart(4, '0')}-${pad2(m)}-${pad2(d)}`;
}

function formatOffset(off: number): string {
  const sign = off < 0 ? '-' : '+';
  const a = Math.abs(off);
  return `${sign}${pad2(Math.floor(a / 60))}:${pad2(a % 60)}`;
}

// ---------------------------------------------------------------- the reference instant

const RIYADH = 'Asia/Riyadh';

export interface Clock {
  nowMs: number;
  tz: string;
  /** Offset of the zone at now, minutes east of UTC. */
  off: number;
  today: number;
  /** Minute of the day now (local). */
  nowMin: number;
}

/** The offset (minutes) of a zone at an instant; Asia/Riyadh (and any unknown zone) is +03:00. */
function offsetAt(tz: string, ms: number): number {
  if (tz === RIYADH) return 180;
  const off = tzOffset(tz, new Date(ms));
  return Number.isFinite(off) ? off : 180;
}

export function makeClock(now: Date, tz: string | undefined): Clock {
  let zone = typeof tz === 'string' && tz ? tz : RIYADH;
  let nowMs = now instanceof Date ? now.getTime() : Number.NaN;
  if (!Number.isFinite(nowMs)) nowMs = 0;
  if (zone !== RIYADH && !Number.isFinite(tzOffset(zone, now))) zone = RIYADH;
  const off = offsetAt(zone, nowMs);
  const local = nowMs + off * 60000;
  const today = Math.floor(local / 86400000);
  const nowMin = Math.floor((local - today * 86400000) / 60000);
  return { nowMs, tz: zone, off, today, nowMin };
}

/** UTC milliseconds of a local wall time. */
function instant(c: Clock, day: number, minute: number): number {
  const local = (day * 1440 + minute) * 60000;
  let ms = local - c.off * 60000;
  if (c.tz !== RIYADH) {
    const off2 = offsetAt(c.tz, ms);
    if (off2 !== c.off) ms = local - off2 * 60000;
  }
  return ms;
}

function formatDateTime(c: Clock, day: number, minute: number): string {
  let d = day + Math.floor(minute / 1440);
  let m = ((minute % 1440) + 1440) % 1440;
  const ms = instant(c, d, m);
  const off = offsetAt(c.tz, ms);
  // re-derive the wall time with the offset of that instant (DST zones)
  const local = ms + off * 60000;
  d = Math.floor(local / 86400000);
  m = Math.floor((local - d * 86400000) / 60000);
  return `${formatDate(d)}T${pad2(Math.floor(m / 60))}:${pad2(m % 60)}:00${formatOffset(off)}`;
}

function formatInstant(c: Clock, ms: number): string {
  const off = offsetAt(c.tz, ms);
  const local = ms + off * 60000;
  const d = Math.floor(local / 86400000);
  const m = Math.floor((local - d * 86400000) / 60000);
  return `${formatDate(d)}T${pad2(Math.floor(m / 60))}:${pad2(m % 60)}:00${formatOffset(off)}`;
}

// ---------------------------------------------------------------- the hour rule

export type Qualifier = 'am' | 'pm' | 'noon' | 'night';

/**
 * Resolves a clock time to a day and a minute of the day.
 * - With a qualifier (am/pm/noon/night) or a 24-hour value (0, 13–23) the time is fixed; with no day given
 *   it is today if still ahead of now, else tomorrow.
 * - An hour 1–12 with no qualifier (the contract's hour rule): of h:mm and (h+12):mm keep those between
 *   08:00 and 21:59; on today drop those not after now; take the earliest left; if none is left and the
 *   day was not given, take tomorrow's earliest. If none is left and today was given explicitly, the
 *   latest of the kept ones (the most recent) is taken.
 */
export function hourRule(
  c: Clock,
  h: number,
  m: number,
  qual: Qualifier | undefined,
  day: number | undefined,
): { day: number; minute: number } {
  let fixed: number | undefined;
  if (qual) {
    let H = h;
    if (qual === 'am') H = h === 12 ? 0 : h;
    else if (qual === 'pm') H = h < 12 ? h + 12 : h;
    else if (qual === 'night') H = h < 12 ? h + 12 : h === 12 ? 24 : h;
    else if (qual === 'noon') H = h >= 1 && h <= 6 ? h + 12 : h;
    fixed = H * 60 + m;
  } else if (h === 0 || h >= 13) fixed = h * 60 + m;
  if (fixed !== undefined) {
    if (day !== undefined) return { day, minute: fixed };
    return instant(c, c.today, fixed) > c.nowMs ? { day: c.today, minute: fixed } : { day: c.today + 1, minute: fixed };
  }
  const cands = h === 12 ? [12 * 60 + m, m] : [h * 60 + m, (h + 12) * 60 + m];
  const kept = cands.filter((x) => x >= 8 * 60 && x <= 21 * 60 + 59).sort((a, b) => a - b);
  if (kept.length === 0) kept.push(cands[0] as number);
  const target = day ?? c.today;
  if (target === c.today) {
    const left = kept.filter((x) => instant(c, c.today, x) > c.nowMs);
    if (left.length > 0) return { day: c.today, minute: left[0] as number };
    if (day === undefined) return { day: c.today + 1, minute: kept[0] as number };
    return { day: c.today, minute: kept[kept.length - 1] as number };
  }
  return { day: target, minute: kept[0] as number };
}

// ---------------------------------------------------------------- vocabulary

interface PhraseTable<V> {
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
function matchAt<V>(
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

const DAY_WORDS = table<number>([
  ...forms(0, 'اليوم|today|هاليوم|هذا اليوم'),
  ...forms(1, 'بكرة|بكره|بكرا|باكر|غدا|غداً|غدوه|الغد|tomorrow|tmrw|tmr|tmw|2morrow'),
  ...forms(-1, 'أمس|امس|البارحة|البارح|مبارح|yesterday'),
  ...forms(
    2,
    'بعد بكرة|بعد بكره|بعد بكرا|بعد باكر|بعد غد|بعد الغد|بعد غدا|day after tomorrow|the day after tomorrow|after tomorrow',
  ),
  ...forms(-2, 'أول أمس|اول امس|قبل أمس|قبل امس|قبل البارحة|day before yesterday|the day before yesterday'),
]);

const WEEKDAYS = table<number>([
  ...forms(0, 'الأحد|الاحد|sunday'),
  ...forms(1, 'الاثنين|الإثنين|الاتنين|الثنين|monday'),
  ...forms(2, 'الثلاثاء|الثلاثا|الثلوث|tuesday|tues'),
  ...forms(3, 'الأربعاء|الاربعاء|الاربعا|wednesday|weds'),
  ...forms(4, 'الخميس|thursday|thurs|thur'),
  ...forms(5, 'الجمعة|الجمعه|friday'),
  ...forms(6, 'السبت|saturday'),
]);
const BARE_WEEKDAYS = table<number>([
  ...forms(0, 'أحد|احد'),
  ...forms(1, 'اثنين|إثنين|اتنين'),
  ...forms(2, 'ثلاثاء|ثلاثا'),
  ...forms(3, 'أربعاء|اربعاء|اربعا'),
  ...forms(4, 'خميس'),
  ...forms(5, 'جمعة|جمعه'),
  ...forms(6, 'سبت'),
]);
const EN_DAY_ABBR = new Map<string, number>([
  ['sun', 0],
  ['mon', 1],
  ['tue', 2],
  ['wed', 3],
  ['thu', 4],
  ['fri', 5],
  ['sat', 6],
]);
const NEXT_MODIFIERS = table<true>(
  forms(true, 'الجاي|الجاية|القادم|القادمة|المقبل|المقبلة|الياي|اللي جاي|الي جاي|الجاي هذا|هذا|هذه|هذي'),
);

type PeriodMatch = Period | 'none' | 'next_week_mod';
const PERIODS = table<PeriodMatch>([
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

const MONTHS = table<number>([
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

interface Pod {
  /** Default time (minute of the day) when the part of the day stands alone. */
  def?: number;
  qual?: Qualifier;
  /** A greeting ("صباح الخير"): not a time. */
  greeting?: boolean;
}
const PODS = table<Pod>([
  ...forms<Pod>(
    { def: 540, qual: 'am' },
    'الصبح|الصباح|صباحا|صباحاً|صباح|morning|in the morning|this morning|الصبح بدري|بدري الصبح',
  ),
  ...forms<Pod>({ qual: 'am' }, 'الفجر|فجرا|ص|am|a.m|a . m'),
  ...forms<Pod>({ def: 600, qual: 'am' }, 'الضحى|الضحي|ضحى'),
  ...forms<Pod>({ def: 720, qual: 'noon' }, 'الظهر|ظهرا|الظهرية|ظهر|noon|midday|at noon|الضهر'),
  ...forms<Pod>({ def: 780, qual: 'pm' }, 'بعد الظهر|بعد الظهرية|بعد الضهر'),
  ...forms<Pod>({ def: 960, qual: 'pm' }, 'العصر|عصرا|العصرية|عصر|بعد العصر|afternoon|in the afternoon|this afternoon'),
  ...forms<Pod>({ def: 1080, qual: 'pm' }, 'المغرب|مغرب|بعد المغرب|sunset'),
  ...forms<Pod>({ def: 1140, qual: 'pm' }, 'المسا|المساء|مساء|مساءً|مساءا|مسا|evening|in the evening|this evening'),
  ...forms<Pod>({ def: 1200, qual: 'pm' }, 'العشاء|العشا|عشاء|بعد العشاء|بعد العشا'),
  ...forms<Pod>({ def: 1260, qual: 'night' }, 'الليلة|الليل|ليلا|ليلاً|tonight|at night|night|in the night'),
  ...forms<Pod>({ qual: 'pm' }, 'م|pm|p.m|p . m'),
  ...forms<Pod>(
    { greeting: true },
    'صباح الخير|مساء الخير|صباح النور|مساء النور|good morning|good evening|good night|good afternoon|صباحك|مساك',
  ),
]);

const CLOCK_MARKERS = keySet(['الساعة', 'ساعة', 'عالساعة', 'at', '@', 'بالساعة']);
const REL_TRIGGERS = keySet(['بعد', 'in', 'after', 'خلال', 'كمان', 'within']);

interface Unit {
  /** minutes, days or months per unit */
  min?: number;
  days?: number;
  months?: number;
  /** dual forms (ساعتين) carry their own quantity */
  dual?: boolean;
}
const UNITS = table<Unit>([
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
const FRACTIONS = new Map<string, number>([
  ['نص', 0.5],
  ['نصف', 0.5],
  ['half', 0.5],
  ['ربع', 0.25],
  ['quarter', 0.25],
  ['ثلث', 1 / 3],
]);
const MINUTE_SUFFIX = new Map<string, number>([
  ['ونص', 30],
  ['ونصف', 30],
  ['وربع', 15],
  ['وثلث', 20],
]);

// ---------------------------------------------------------------- the scanner

interface ClockTime {
  h: number;
  m: number;
  qual?: Qualifier;
}

interface Found {
  day?: number;
  /** a date written out (25/11, ٢٥ نوفمبر): wins over a weekday or a relative day named with it */
  explicitDay?: number;
  weekday?: number;
  clock?: ClockTime;
  pod?: Pod;
  relMin?: number;
  relDays?: number;
  relMonths?: number;
  period?: Period;
  nextWeek?: boolean;
}

function isInt(t: Token | undefined, lo: number, hi: number): boolean {
  return !!t && t.t === T_NUM && !t.dec && Number.isInteger(t.v) && t.v >= lo && t.v <= hi;
}

/** An hour number at i: digits 0–23 or a number word 1–12. */
function hourAt(toks: Token[], i: number, used: Uint8Array, words: boolean): number | undefined {
  const t = toks[i];
  if (!t || used[i]) return undefined;
  if (isInt(t, 0, 23)) return t.v;
  if (words && (t.t === T_AR || t.t === T_LAT)) {
    const v = simpleWordValue(t);
    if (v !== undefined && v >= 1 && v <= 12) return v;
  }
  return undefined;
}

/** Minutes and qualifier after an hour at i (exclusive end returned). */
function clockTail(
  toks: Token[],
  i: number,
  used: Uint8Array,
  h: number,
  marker: boolean,
): { clock: ClockTime; end: number; explicit: boolean } {
  let j = i;
  let m = 0;
  let hh = h;
  let explicit = false;
  const t = toks[j];
  const t1 = toks[j + 1];
  // ":MM"
  if (t && !used[j] && t.n === ':' && t1 && !used[j + 1] && isInt(t1, 0, 59) && t1.n.length === 2) {
    m = t1.v;
    j += 2;
    explicit = true;
  } else if (t && !used[j]) {
    const suf = MINUTE_SUFFIX.get(t.n);
    if (suf !== undefined) {
      m = suf;
      j += 1;
      explicit = true;
    } else if (t.n === 'و' && t1 && !used[j + 1] && FRACTIONS.has(t1.n)) {
      m = Math.round((FRACTIONS.get(t1.n) as number) * 60);
      j += 2;
      explicit = true;
    } else if (t.n === 'الا' && t1 && !used[j + 1] && (t1.n === 'ربع' || t1.n === 'ثلث')) {
      // "٥ الا ربع" → 4:45
      m = t1.n === 'ربع' ? 45 : 40;
      hh = h === 0 ? 23 : h - 1;
      if (hh === 0 && h === 1) hh = 12;
      j += 2;
      explicit = true;
    } else if (marker && t.n === 'و' && isInt(t1, 1, 59) && t1 && !used[j + 1]) {
      // "الساعة ٤ و ١٠ دقايق"
      m = t1.v;
      j += 2;
      const u = toks[j];
      if (u && !used[j] && /^(دقيقه|دقايق|دقيقة|دقائق|minutes?|mins?)$/.test(u.n)) j++;
      explicit = true;
    }
  }
  // qualifier: ص/م/am/pm/الصبح/العصر/…
  let qual: Qualifier | undefined;
  const q = matchAt(PODS, toks, j, used);
  if (q && !q.v.greeting && q.v.qual) {
    qual = q.v.qual;
    j = q.end;
    explicit = true;
  }
  return { clock: { h: hh, m, ...(qual ? { qual } : {}) }, end: j, explicit };
}

function mark(used: Uint8Array, a: number, b: number): void {
  for (let k = a; k < b; k++) used[k] = 1;
}

function nextDateOnOrAfter(c: Clock, m: number, d: number): number | undefined {
  const [y0] = civilFromDays(c.today);
  for (let y = y0; y <= y0 + 8; y++) {
    if (!validDate(y, m, d)) continue;
    const dn = daysFromCivil(y, m, d);
    if (dn >= c.today) return dn;
  }
  return undefined;
}

function nextDayOfMonth(c: Clock, d: number): number | undefined {
  let [y, m] = civilFromDays(c.today);
  for (let k = 0; k < 13; k++) {
    if (validDate(y, m, d)) {
      const dn = daysFromCivil(y, m, d);
      if (dn >= c.today) return dn;
    }
    m++;
    if (m > 12) {
      m = 1;
      y++;
    }
  }
  return undefined;
}

function yearOf(t: Token | undefined): number | undefined {
  if (!t || t.t !== T_NUM || t.dec || !Number.isInteger(t.v)) return undefined;
  if (t.n.length === 4 && t.v >= 1900 && t.v <= 2200) return t.v;
  if (t.n.length === 2) return 2000 + t.v;
  return undefined;
}

/** An explicit date at i: "25/11", "25/11/2026", "2026-11-25", "25-11-2026". */
function slashDate(c: Clock, toks: Token[], i: number, used: Uint8Array): { day: number; end: number } | undefined {
  const a = toks[i];
  const s1 = toks[i + 1];
  const b = toks[i + 2];
  if (!a || !s1 || !b || used[i + 1] || used[i + 2] || a.t !== T_NUM || b.t !== T_NUM || a.dec || b.dec)
    return undefined;
  if (s1.n !== '/' && s1.n !== '-') return undefined;
  const s2 = toks[i + 3];
  const cTok = toks[i + 4];
  const three = !!(s2 && cTok && !used[i + 3] && !used[i + 4] && s2.n === s1.n && cTok.t === T_NUM && !cTok.dec);
  if (three && cTok && a.n.length === 4) {
    // y-m-d
    const y = a.v;
    const m = b.v;
    const d = cTok.v;
    if (y < 1900 || y > 2200 || !validDate(y, m, d)) return undefined;
    return { day: daysFromCivil(y, m, d), end: i + 5 };
  }
  if (three && cTok) {
    const y = yearOf(cTok);
    if (y === undefined || !validDate(y, b.v, a.v)) return undefined;
    return { day: daysFromCivil(y, b.v, a.v), end: i + 5 };
  }
  if (s1.n !== '/') return undefined;
  if (!isInt(a, 1, 31) || !isInt(b, 1, 12)) return undefined;
  const dn = nextDateOnOrAfter(c, b.v, a.v);
  return dn === undefined ? undefined : { day: dn, end: i + 3 };
}

/** A day number 1–31 at i, digits or "25th". Returns the value and the end. */
function dayNumAt(toks: Token[], i: number, used: Uint8Array): { d: number; end: number } | undefined {
  const t = toks[i];
  if (!t || used[i] || !isInt(t, 1, 31)) return undefined;
  const s = toks[i + 1];
  if (s && !s.sp && !used[i + 1] && s.t === T_LAT && (s.n === 'st' || s.n === 'nd' || s.n === 'rd' || s.n === 'th')) {
    return { d: t.v, end: i + 2 };
  }
  return { d: t.v, end: i + 1 };
}

/** "٢٥ نوفمبر", "25 November 2026", "November 25", "25th of Nov", "٢٥ تشرين الثاني", "٢٥ شهر ١١". */
function monthDate(c: Clock, toks: Token[], i: number, used: Uint8Array): { day: number; end: number } | undefined {
  const dn = dayNumAt(toks, i, used);
  if (dn) {
    let j = dn.end;
    const of = toks[j];
    if (of && !used[j] && (of.n === 'of' || of.n === 'من')) j++;
    let month: number | undefined;
    let end = j;
    const mm = matchAt(MONTHS, toks, j, used, false);
    if (mm) {
      month = mm.v;
      end = mm.end;
    } else {
      const w = toks[j];
      const n2 = toks[j + 1];
      if (w && !used[j] && w.n === 'شهر' && isInt(n2, 1, 12) && n2 && !used[j + 1]) {
        month = n2.v;
        end = j + 2;
      }
    }
    if (month !== undefined) return withYear(c, toks, end, used, month, dn.d);
  }
  const mm = matchAt(MONTHS, toks, i, used, false);
  if (mm) {
    const d2 = dayNumAt(toks, mm.end, used);
    if (d2) {
      const after = toks[d2.end];
      // not "May 2026" (a year) nor "may 3 hours"
      if (!(after && !used[d2.end] && after.n === ':')) return withYear(c, toks, d2.end, used, mm.v, d2.d);
    }
  }
  return undefined;
}

function withYear(
  c: Clock,
  toks: Token[],
  end: number,
  used: Uint8Array,
  month: number,
  d: number,
): { day: number; end: number } | undefined {
  let j = end;
  if (toks[j]?.n === ',' && !used[j]) j++;
  const yt = toks[j];
  if (yt && !used[j] && yt.t === T_NUM && yt.n.length === 4) {
    const y = yearOf(yt);
    if (y !== undefined && validDate(y, month, d)) return { day: daysFromCivil(y, month, d), end: j + 1 };
  }
  const dn = nextDateOnOrAfter(c, month, d);
  return dn === undefined ? undefined : { day: dn, end };
}

/** "بعد ساعتين", "بعد ٣ ساعات", "بعد نص ساعة", "بعد ساعة ونص", "in 2 hours", "in an hour", "بعد ٣ أيام". */
function relative(toks: Token[], i: number, used: Uint8Array): { f: Found; end: number } | undefined {
  const trig = toks[i];
  if (!trig || !REL_TRIGGERS.has(trig.n)) return undefined;
  const j = i + 1;
  if (toks[j]?.n === 'the' || toks[j]?.n === 'a' || toks[j]?.n === 'an') {
    // "in a week", "in an hour"; "the" is never a quantity
    if (toks[j]?.n === 'the') return undefined;
  }
  let qty: number | undefined;
  let unit: Unit | undefined;
  let end = j;
  const t = toks[j];
  if (!t || used[j]) return undefined;
  const frac = FRACTIONS.get(t.n);
  if (frac !== undefined) {
    // "نص ساعة", "half an hour", "ربع ساعة"
    let k = j + 1;
    if (toks[k]?.n === 'an' || toks[k]?.n === 'a') k++;
    const u = matchAt(UNITS, toks, k, used, false);
    if (u && !u.v.dual) {
      qty = frac;
      unit = u.v;
      end = u.end;
    }
  } else {
    const u0 = matchAt(UNITS, toks, j, used, false);
    if (u0) {
      qty = 1;
      unit = u0.v;
      end = u0.end;
    } else if (t.n === 'a' || t.n === 'an' || t.n === 'one') {
      const u = matchAt(UNITS, toks, j + 1, used, false);
      if (u && !u.v.dual) {
        qty = 1;
        unit = u.v;
        end = u.end;
      }
    } else {
      const num = readNumberAt(toks, j, used);
      if (num && num.mult === 1) {
        const u = matchAt(UNITS, toks, num.i1, used, false);
        if (u && !u.v.dual) {
          qty = num.value;
          unit = u.v;
          end = u.end;
        }
      }
    }
  }
  if (qty === undefined || !unit) return undefined;
  // "ساعة ونص", "ساعتين ونص"
  const tail = toks[end];
  if (tail && !used[end]) {
    const suf = MINUTE_SUFFIX.get(tail.n);
    const next = toks[end + 1];
    if (suf !== undefined && unit.min === 60) {
      qty += suf / 60;
      end++;
    } else if (suf !== undefined && unit.min === 120) {
      qty += suf / 120;
      end++;
    } else if (tail.n === 'و' && next && FRACTIONS.has(next.n) && unit.min && unit.min >= 60) {
      qty += (FRACTIONS.get(next.n) as number) * (60 / unit.min);
      end += 2;
    } else if (tail.n === 'and' && next?.n === 'a' && toks[end + 2]?.n === 'half' && unit.min === 60) {
      qty += 0.5;
      end += 3;
    }
  }
  if (!(qty > 0) || qty > 10000) return undefined;
  const f: Found = {};
  if (unit.min) f.relMin = Math.round(qty * unit.min);
  else if (unit.days) f.relDays = Math.round(qty * unit.days);
  else if (unit.months) f.relMonths = Math.round(qty * unit.months);
  return { f, end };
}

/**
 * Finds the date, time and period expressions in the tokens, marks their tokens in `used` (so that they
 * are not read as numbers), and resolves them against the clock.
 */
export function extractDateTime(toks: Token[], used: Uint8Array, c: Clock): DateTimeResult {
  const f: Found = {};
  const n = toks.length;
  for (let i = 0; i < n; i++) {
    if (used[i]) continue;
    const t = toks[i] as Token;
    if (t.t === T_PUNCT && t.n !== '@') continue;

    // greetings that look like parts of the day: "صباح الخير", and "صباح/مساء" + any word that is not a day
    const g = matchAt(PODS, toks, i, used);
    if (g?.v.greeting) {
      i = g.end - 1;
      continue;
    }
    if ((t.n === 'صباح' || t.n === 'مساء' || t.n === 'مسا') && i === firstWordIndex(toks)) {
      const nx = toks[i + 1];
      const dayNext =
        !!nx && (matchAt(WEEKDAYS, toks, i + 1, used) || matchAt(DAY_WORDS, toks, i + 1, used) || nx.t === T_NUM);
      if (nx && nx.t === T_AR && !dayNext) {
        i += 1;
        continue;
      }
    }
    // بعد بكرة / the day after tomorrow / today / tomorrow / yesterday
    const dw = matchAt(DAY_WORDS, toks, i, used);
    // "٧٠٠ ريال لليوم", "٥٠٠ باليوم": a rate per day, not a date
    const before = i > 0 ? (toks[i - 1] as Token) : undefined;
    const perDay =
      !!dw && dw.v === 0 && !!before && (before.t === T_NUM || /^(ريال|sar|sr|riyal|riyals|الف|k)$/.test(before.n));
    if (dw && !perDay) {
      if (f.day === undefined && f.weekday === undefined) f.day = c.today + dw.v;
      mark(used, i, dw.end);
      i = dw.end - 1;
      continue;
    }
    // relative: بعد ساعتين, in 3 days
    if (f.relMin === undefined && f.relDays === undefined && f.relMonths === undefined) {
      const rel = relative(toks, i, used);
      if (rel) {
        Object.assign(f, rel.f);
        mark(used, i, rel.end);
        i = rel.end - 1;
        continue;
      }
    }
    if (t.t === T_NUM) {
      const sd = slashDate(c, toks, i, used) ?? monthDate(c, toks, i, used);
      if (sd) {
        f.explicitDay ??= sd.day;
        mark(used, i, sd.end);
        i = sd.end - 1;
        continue;
      }
    } else if (t.t === T_LAT) {
      const md = monthDate(c, toks, i, used);
      if (md) {
        f.explicitDay ??= md.day;
        mark(used, i, md.end);
        i = md.end - 1;
        continue;
      }
    }
    // weekday: الأحد, يوم الأحد, يوم احد, Sunday, next Sunday
    {
      let wd: { v: number; end: number } | undefined;
      if ((t.n === 'يوم' || t.n === 'on' || t.n === 'next' || t.n === 'this' || t.n === 'coming') && i + 1 < n) {
        wd =
          matchAt(WEEKDAYS, toks, i + 1, used) ??
          (t.n === 'يوم' ? matchAt(BARE_WEEKDAYS, toks, i + 1, used) : undefined);
        if (!wd && t.n !== 'يوم') {
          const nx = toks[i + 1];
          const ab = nx && nx.t === T_LAT && nx.cap && !used[i + 1] ? EN_DAY_ABBR.get(nx.n) : undefined;
          if (ab !== undefined) wd = { v: ab, end: i + 2 };
        }
      } else {
        wd = matchAt(WEEKDAYS, toks, i, used);
        if (!wd && t.t === T_LAT && t.cap) {
          const ab = EN_DAY_ABBR.get(t.n);
          if (ab !== undefined) wd = { v: ab, end: i + 1 };
        }
      }
      if (wd) {
        let j = wd.end;
        const mod = matchAt(NEXT_MODIFIERS, toks, j, used);
        if (mod) j = mod.end;
        if (f.day === undefined && f.weekday === undefined) f.weekday = wd.v;
        mark(used, i, j);
        i = j - 1;
        continue;
      }
    }
    // periods: الأسبوع الجاي, هالشهر, last month
    {
      const pm = matchAt(PERIODS, toks, i, used, false) ?? periodAfterClitic(toks, i, used);
      if (pm) {
        if (pm.v === 'next_week') f.nextWeek = true;
        if (pm.v !== 'none' && pm.v !== 'next_week_mod' && f.period === undefined) f.period = pm.v;
        mark(used, i, pm.end);
        i = pm.end - 1;
        continue;
      }
    }
    // clock
    if (!f.clock) {
      let cl: { clock: ClockTime; end: number } | undefined;
      if (CLOCK_MARKERS.has(t.n) || bases(t).includes('الساعه')) {
        // "الساعة ٤", "at 4:30pm", "الساعة ٩.٣٠"
        const hv = hourAt(toks, i + 1, used, true);
        const ht = toks[i + 1];
        if (hv !== undefined && ht) {
          if (ht.t === T_NUM && ht.dec && t.t === T_AR) {
            const mins = Math.round((ht.v - Math.floor(ht.v)) * 100);
            if (ht.v < 24 && mins < 60) {
              const tail = clockTail(toks, i + 2, used, Math.floor(ht.v), true);
              cl = { clock: { ...tail.clock, m: mins }, end: tail.end };
            }
          } else {
            const tail = clockTail(toks, i + 2, used, hv, true);
            cl = { clock: tail.clock, end: tail.end };
          }
        } else if (ht && ht.t === T_NUM && ht.dec && ht.v < 24 && t.t === T_AR) {
          const mins = Math.round((ht.v - Math.floor(ht.v)) * 100);
          if (mins < 60) {
            const tail = clockTail(toks, i + 2, used, Math.floor(ht.v), true);
            cl = { clock: { ...tail.clock, m: mins }, end: tail.end };
          }
        }
      } else if (t.t === T_NUM || t.t === T_AR) {
        const hv = hourAt(toks, i, used, t.t === T_AR);
        if (hv !== undefined) {
          const tail = clockTail(toks, i + 1, used, hv, false);
          const hasColon = toks[i + 1]?.n === ':';
          if (tail.explicit && (hasColon || hv <= 12)) {
            // words only with a suffix like ونص or a qualifier; digits with ":" or a qualifier
            const nx = toks[tail.end];
            const isArea = !!(nx && !used[tail.end] && (nx.n === '2' || nx.n === 'مربع'));
            if (!isArea) cl = { clock: tail.clock, end: tail.end };
          }
        }
      }
      if (cl) {
        f.clock = cl.clock;
        mark(used, i, cl.end);
        i = cl.end - 1;
        continue;
      }
    }
    // part of the day alone
    const pd = matchAt(PODS, toks, i, used);
    const prevTok = i > 0 ? toks[i - 1] : undefined;
    // "١٥٠٠ الليلة": a price per night, not a time
    const rate = !!prevTok && prevTok.t === T_NUM && !(prevTok.v <= 24);
    if (pd && !pd.v.greeting && pd.v.def !== undefined && !rate) {
      if (!f.pod) f.pod = pd.v;
      mark(used, i, pd.end);
      i = pd.end - 1;
      continue;
    }
    // "يوم ٢٥", "on the 3rd", "on 25th" (not "the 3rd opportunity")
    if (
      (t.n === 'يوم' || t.n === 'on' || t.n === 'by' || t.n === 'until') &&
      f.day === undefined &&
      f.weekday === undefined
    ) {
      let j = i + 1;
      if (t.t === T_LAT && toks[j]?.n === 'the') j++;
      const md = monthDate(c, toks, j, used);
      if (md) {
        f.explicitDay ??= md.day;
        mark(used, i, md.end);
        i = md.end - 1;
        continue;
      }
      const dn = dayNumAt(toks, j, used);
      if (dn && (t.n === 'يوم' || dn.end === j + 2)) {
        const after = toks[dn.end];
        const unitAfter = after && !used[dn.end] && matchAt(UNITS, toks, dn.end, used, false);
        if (!unitAfter && !(after && after.n === ':')) {
          const day = nextDayOfMonth(c, dn.d);
          if (day !== undefined) {
            f.day = day;
            mark(used, i, dn.end);
            i = dn.end - 1;
          }
        }
      }
    }
  }
  return resolve(f, c);
}

/** A period word after و / ل / لل ("وهالشهر", "للأسبوع الجاي"); never after ب ("بالشهر" is a rent period). */
function firstWordIndex(toks: Token[]): number {
  for (let i = 0; i < toks.length; i++) if ((toks[i] as Token).t !== T_PUNCT) return i;
  return -1;
}

function periodAfterClitic(toks: Token[], i: number, used: Uint8Array): { v: PeriodMatch; end: number } | undefined {
  const t = toks[i] as Token;
  const n = t.n;
  let alt: string | undefined;
  if (n.startsWith('لل') && n.length > 3) alt = `ال${n.slice(2)}`;
  else if (n.startsWith('ول') && n.length > 3 && n[2] === 'ل') alt = `ال${n.slice(3)}`;
  else if (n.startsWith('و') || n.startsWith('ل')) alt = n.slice(1);
  if (!alt) return undefined;
  const saved = t.n;
  t.n = alt;
  try {
    return matchAt(PERIODS, toks, i, used, false);
  } finally {
    t.n = saved;
  }
}

/** Years 1–9999 only: outside them a date is not written as YYYY-MM-DD, so it is left out. */
const MIN_DAY = daysFromCivil(1, 1, 1);
const MAX_DAY = daysFromCivil(9999, 12, 30);

function resolve(f: Found, c: Clock): DateTimeResult {
  const out = resolveAll(f, c);
  if (out.date !== undefined || out.datetime !== undefined) {
    const y = Number((out.date ?? out.datetime ?? '').slice(0, 4));
    const ok = /^\d{4}-/.test(out.date ?? out.datetime ?? '') && y >= 1;
    if (!ok || c.today < MIN_DAY || c.today > MAX_DAY) {
      delete out.date;
      delete out.datetime;
    }
  }
  return out;
}

function resolveAll(f: Found, c: Clock): DateTimeResult {
  const out: DateTimeResult = {};
  let day = f.day;
  if (f.weekday !== undefined) {
    const wdToday = weekday(c.today);
    if (f.nextWeek) day = c.today - wdToday + 7 + f.weekday;
    else {
      const delta = (f.weekday - wdToday + 7) % 7 || 7;
      day = c.today + delta;
    }
  }
  if (f.period && !(f.weekday !== undefined && (f.period === 'this_week' || f.period === 'next_week'))) {
    out.period = f.period;
  } else if (f.nextWeek && f.weekday === undefined && !f.period) out.period = 'next_week';
  if (f.explicitDay !== undefined) day = f.explicitDay;
  if (f.relMin !== undefined) {
    const ms = Math.floor((c.nowMs + f.relMin * 60000) / 60000) * 60000;
    out.datetime = formatInstant(c, ms);
    return out;
  }
  if (f.relDays !== undefined && day === undefined) day = c.today + f.relDays;
  if (f.relMonths !== undefined && day === undefined) {
    const [y, m, d] = civilFromDays(c.today);
    const total = y * 12 + (m - 1) + f.relMonths;
    const ny = Math.floor(total / 12);
    const nm = (total % 12) + 1;
    let nd = d;
    while (nd > 28 && !validDate(ny, nm, nd)) nd--;
    day = daysFromCivil(ny, nm, nd);
  }
  if (f.clock) {
    const qual = f.clock.qual ?? f.pod?.qual;
    const r = hourRule(c, f.clock.h, f.clock.m, qual, day);
    out.datetime = formatDateTime(c, r.day, r.minute);
    return out;
  }
  if (f.pod && f.pod.def !== undefined) {
    const min = f.pod.def;
    const d = day ?? (instant(c, c.today, min) > c.nowMs ? c.today : c.today + 1);
    out.datetime = formatDateTime(c, d, min);
    return out;
  }
  if (day !== undefined) out.date = formatDate(day);
  return out;
}
