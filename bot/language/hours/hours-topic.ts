// What a calendar message is about (hours, a holiday, a day off, the calendar link), by its keywords.
import { normalizeArabic } from '../normalize.ts';
import { lookup, MONTHS, RELATIVE, tokenize, WEEKDAYS } from './hours-words.ts';

/** What kind of calendar setting a message is about, by its keywords; null when none. */
export type AvailabilityTopic = 'hours' | 'holiday' | 'day_off' | 'calendar_link';

const HOLIDAY_RE =
  /(^|[^\p{L}])([وف]?(ال)?اجاز(ه|تي|ات|اتي)|[وف]?(ال)?عطل(ه|تي)|holidays?|vacation|on leave|day off|days off|time off|i'?m off|i am off|off from|off on|off tomorrow|off today)([^\p{L}]|$)/u;
const HOURS_RE =
  /(^|[^\p{L}])([وف]?(ال)?دوام(ي)?|ساعات (العمل|الدوام|دوامي)|[اون]داوم|working hours|work(ing)? days?|office hours|my hours|i work|we work|open from)([^\p{L}]|$)/u;
const NOT_WORKING_RE =
  /((ما|لا|مو|مب|ماني)\s*(ا|ن)?داوم)|(ما فيه دوام)|(ما عندي دوام)|(مقفل|مسكر|closed|i don'?t work|i do not work|no work|not working|don'?t work)/u;
const LINK_RE =
  /(رابط\s*(ال)?تقويم(ي)?|(ال)?تقويم(ي)?\s*(رابط|لينك)|لينك\s*(ال)?تقويم|calendar\s*(link|feed|url|subscription)|ical|ics\s*(link|feed)|subscribe.*calendar)/u;

/** What a message is about, by its keywords (used to route it before booking logic). */
export function availabilityTopic(text: string): AvailabilityTopic | null {
  const n = normalizeArabic(text);
  if (LINK_RE.test(n)) return 'calendar_link';
  const holiday = HOLIDAY_RE.test(n);
  const hours = HOURS_RE.test(n);
  if (NOT_WORKING_RE.test(n) && (hours || holiday || hasWeekday(n)) && !hasDateLike(n)) return 'day_off';
  if (holiday && /(كل|every)\s/u.test(n) && hasWeekday(n) && !hasDateLike(n)) return 'day_off';
  if (hours && !holiday) return 'hours';
  if (holiday) return 'holiday';
  return null;
}

function hasWeekday(normalized: string): boolean {
  return tokenize(normalized).some((t) => t.kind === 'word' && lookup(WEEKDAYS, t.value) !== undefined);
}

function hasDateLike(normalized: string): boolean {
  return tokenize(normalized).some(
    (t) =>
      (t.kind === 'word' && (lookup(MONTHS, t.value) !== undefined || lookup(RELATIVE, t.value) !== undefined)) ||
      (t.kind === 'number' && /[-/]/.test(t.value)),
  );
}
