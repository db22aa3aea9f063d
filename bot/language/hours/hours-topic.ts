// What a calendar message is about (hours, a holiday, a day off, the calendar link), by its keywords.
import { normalizeArabic } from '../normalize.ts';
import { lookup, MONTHS, RELATIVE, tokenize, WEEKDAYS } from './hours-words.ts';

/** What kind of calendar setting a message is about, by its keywords; null when none. */
export type AvailabilityTopic =
  | 'hours'
  | 'holiday'
  | 'day_off'
  | 'calendar_link'
  | 'calendar_link_rotate'
  | 'calendar_phones_show'
  | 'calendar_phones_hide';

const HOLIDAY_RE =
  /(^|[^\p{L}])([وف]?(ال)?اجاز(ه|تي|ات|اتي)|[وف]?(ال)?عطل(ه|تي)|holidays?|vacation|on leave|day off|days off|time off|i'?m off|i am off|off from|off on|off tomorrow|off today)([^\p{L}]|$)/u;
const HOURS_RE =
  /(^|[^\p{L}])([وف]?(ال)?دوام(ي)?|ساعات (العمل|الدوام|دوامي)|[اون]داوم|working hours|work(ing)? days?|work hours|office hours|business hours|opening hours|(my|our)( \p{L}+)? hours|i work|we work|open from)([^\p{L}]|$)/u;
const NOT_WORKING_RE =
  /((ما|لا|مو|مب|ماني)\s*(ا|ن)?داوم)|(ما فيه دوام)|(ما عندي دوام)|(مقفل|مسكر|closed|i don'?t work|i do not work|no work|not working|don'?t work)/u;
const LINK_RE =
  /(رابط\s*(ال)?تقويم(ي)?|(ال)?تقويم(ي)?\s*(رابط|لينك)|لينك\s*(ال)?تقويم|calendar\s*(link|feed|url|subscription)|ical|ics\s*(link|feed)|subscribe.*calendar)/u;

// A leaked feed link is replaced, not merely shown again: «غير/جدد/الغ رابط التقويم», «رابط تقويم جديد»,
// "new/reset/revoke my calendar link".
const ROTATE_RE =
  /((^|[^\p{L}])([وف]?(غير|بدل|جدد|الغ|الغي|امسح|احذف|اوقف|اقفل|سكر))\s*(لي\s*)?(ال)?(رابط|لينك)\s*(ال)?تقويم(ي)?)|((رابط|لينك)\s*(ال)?تقويم(ي)?\s*(ال)?(جديد|ثاني|غير|انسرق|انتشر|تسرب|طلع))|(\b(new|reset|rotate|revoke|change|regenerate|renew|replace|cancel|disable)\s+(my\s+|the\s+|a\s+)?(calendar|ical|ics)\s*(feed|link|url|subscription))/u;
// «أظهر أرقام العملاء في التقويم» / «أخف أرقام العملاء من التقويم»; "show/hide client phones in my calendar".
const PHONES_RE =
  /(ارقام|رقم|جوالات|جوال|ارقام جوالات)\s*(ال)?(عملاء|عميل|زبائن)|client('?s)?\s*(phones?|numbers?)|phone numbers/u;
const CALENDAR_RE = /(ال)?تقويم|calendar|feed/u;
const HIDE_RE =
  /(^|[^\p{L}])([وف]?(اخف|اخفي|خف|شيل|احذف|امسح|لا تظهر|لا تعرض|بدون|وقف)|hide|remove|drop|without|stop showing|don'?t show|no)([^\p{L}]|$)/u;
const SHOW_RE = /(^|[^\p{L}])([وف]?(اظهر|اظهار|ورني|اعرض|عرض|حط|ضيف|اضف|خل|خلي)|show|include|add|put)([^\p{L}]|$)/u;

/** What a message is about, by its keywords (used to route it before booking logic). */
export function availabilityTopic(text: string): AvailabilityTopic | null {
  const n = normalizeArabic(text);
  if (PHONES_RE.test(n) && CALENDAR_RE.test(n)) {
    if (HIDE_RE.test(n)) return 'calendar_phones_hide';
    if (SHOW_RE.test(n)) return 'calendar_phones_show';
  }
  if (ROTATE_RE.test(n)) return 'calendar_link_rotate';
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
