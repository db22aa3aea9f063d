/**
 * Working hours and holidays as brokers write them in chat, read into plain values. Pure: `now` and the
 * time zone come from the caller. Arabic (Gulf and MSA) and English.
 *
 *   "دوامي الخميس من ٤ إلى ٩"            → hours, Thursday 16:00–21:00
 *   "دوامي من الأحد إلى الخميس من ٩ إلى ١ ومن ٤ إلى ٩" → hours, Sun–Thu 09:00–13:00 and 16:00–21:00
 *   "ما أداوم السبت" / "I don't work on Saturdays"     → day off every Saturday
 *   "إجازتي من ١ إلى ٥ ديسمبر" / "holiday Dec 1-5"  → holiday 1–5 December (the next such dates)
 *   "إجازة بكرة" / "day off on Thursday"             → holiday on that one date
 *
 * How hours without am/pm are read (working hours are mostly afternoon and evening in Saudi offices):
 * - an hour 1–11 with no marker is afternoon/evening (٤ → 16:00, ٩ → 21:00); 12 is noon; 13–23 as written;
 * - when that makes a range run backwards, its start is read as morning instead (٩ إلى ١ → 09:00–13:00,
 *   ١٠ إلى ١٢ → 10:00–12:00);
 * - an end of 12 with no marker after a start of 1–6 is midnight (٤ إلى ١٢ → 16:00–24:00);
 * - markers win: ص/صباحاً/الصبح/am are morning, م/مساءً/العصر/المغرب/الليل/pm are afternoon or night,
 *   "١٢ الليل"/"12am"/"midnight" as an end is 24:00.
 * Dates: a day and a month ("١ ديسمبر", "Dec 1", "1/12"), a range of them ("من ١ إلى ٥ ديسمبر",
 * "1-5 December"), اليوم/بكرة/بعد بكرة/today/tomorrow, a weekday (its next occurrence, today included), or an
 * ISO date. A date without a year is its next occurrence from today; an end before its start is in the
 * following year. Hijri dates are not read.
 */
import type { LocalDate, LocalTime, Weekday } from './slots.types.ts';

export type AvailabilityCommand =
  | {
      kind: 'hours';
      /** undefined: the broker did not name days ("دوامي من ٤ إلى ٩"): every day he works now */
      weekdays?: Weekday[];
      /** one interval, or two (a break between them), ascending */
      intervals: Array<{ start: LocalTime; end: LocalTime }>;
    }
  | { kind: 'day_off'; weekdays: Weekday[] }
  | { kind: 'holiday'; from: LocalDate; to: LocalDate };

export type AvailabilityProblem =
  /** hours without a time range ("دوامي الخميس") */
  | 'NO_TIMES'
  /** a range that is empty, reversed or overlapping after reading, or more than two of them */
  | 'BAD_TIMES'
  /** a holiday without a date we could read */
  | 'NO_DATES'
  /** an impossible date (31 February) or a holiday longer than a year */
  | 'BAD_DATES'
  /** a recurring day off without the day */
  | 'NO_DAYS';

export type AvailabilityParse =
  | { ok: true; command: AvailabilityCommand }
  | { ok: false; kind: 'hours' | 'holiday' | 'day_off'; problem: AvailabilityProblem };

/** What kind of calendar setting a message is about, by its keywords; null when none. */
export type AvailabilityTopic = 'hours' | 'holiday' | 'day_off' | 'calendar_link';

// ---------------------------------------------------------------------------------------------------
// Normalisation and tokens.

const DIGITS: Record<string, string> = {};
for (let i = 0; i < 10; i++) {
  DIGITS[String.fromCharCode(0x660 + i)] = String(i);
  DIGITS[String.fromCharCode(0x6f0 + i)] = String(i);
}

/** Letters folded the way people vary them (أ/إ/آ → ا, ة → ه, ى → ي), digits to ASCII, lower case. */
export function normalizeText(text: string): string {
  return text
    .replace(/[٠-٩۰-۹]/g, (d) => DIGITS[d] ?? d)
    .replace(/[\u064B-\u065F\u0670\u0640]/g, '') // tashkeel, superscript alef, tatweel
    .replace(/[أإآٱ]/g, 'ا')
    .replace(/ة/g, 'ه')
    .replace(/ى/g, 'ي')
    .replace(/[’‘`]/g, "'")
    .replace(/[–—]/g, '-')
    .toLowerCase();
}

type Token = { kind: 'word'; value: string } | { kind: 'number'; value: string } | { kind: 'sep'; value: string };

function tokenize(normalized: string): Token[] {
  const tokens: Token[] = [];
  const re =
    /(\d{4}-\d{2}-\d{2})|(\d{1,2}\/\d{1,2}(?:\/\d{2,4})?)|(\d+(?::\d{2})?)|([a-z']+|[\u0621-\u064A]+)|([-/])/gu;
  for (const m of normalized.matchAll(re)) {
    if (m[1] || m[2]) tokens.push({ kind: 'number', value: (m[1] ?? m[2])! });
    else if (m[3]) tokens.push({ kind: 'number', value: m[3] });
    else if (m[4]) tokens.push({ kind: 'word', value: m[4] });
    else if (m[5]) tokens.push({ kind: 'sep', value: m[5] });
  }
  return tokens;
}

/** The word itself, then without one leading و/ب/ل/ف, then without the article. */
function forms(word: string): string[] {
  const out = [word];
  if (/^[وبلف]/.test(word) && word.length > 2) out.push(word.slice(1));
  for (const w of [...out]) {
    if (w.startsWith('ال') && w.length > 3) out.push(w.slice(2));
    if (w.startsWith('لل') && w.length > 3) out.push(w.slice(2));
  }
  return out;
}

function lookup<T>(table: ReadonlyMap<string, T>, word: string): T | undefined {
  for (const f of forms(word)) {
    const hit = table.get(f);
    if (hit !== undefined) return hit;
  }
  return undefined;
}

const WEEKDAYS = new Map<string, Weekday>([
  ['احد', 0],
  ['sunday', 0],
  ['sundays', 0],
  ['sun', 0],
  ['اثنين', 1],
  ['اثنينن', 1],
  ['monday', 1],
  ['mondays', 1],
  ['mon', 1],
  ['ثلاثاء', 2],
  ['ثلاثا', 2],
  ['ثلوث', 2],
  ['tuesday', 2],
  ['tuesdays', 2],
  ['tue', 2],
  ['tues', 2],
  ['اربعاء', 3],
  ['اربعا', 3],
  ['wednesday', 3],
  ['wednesdays', 3],
  ['wed', 3],
  ['خميس', 4],
  ['thursday', 4],
  ['thursdays', 4],
  ['thu', 4],
  ['thur', 4],
  ['thurs', 4],
  ['جمعه', 5],
  ['friday', 5],
  ['fridays', 5],
  ['fri', 5],
  ['سبت', 6],
  ['saturday', 6],
  ['saturdays', 6],
  ['sat', 6],
]);

const MONTHS = new Map<string, number>([
  ['يناير', 1],
  ['فبراير', 2],
  ['مارس', 3],
  ['ابريل', 4],
  ['مايو', 5],
  ['يونيو', 6],
  ['يونيه', 6],
  ['يوليو', 7],
  ['يوليه', 7],
  ['اغسطس', 8],
  ['سبتمبر', 9],
  ['اكتوبر', 10],
  ['نوفمبر', 11],
  ['ديسمبر', 12],
  ['january', 1],
  ['jan', 1],
  ['february', 2],
  ['feb', 2],
  ['march', 3],
  ['mar', 3],
  ['april', 4],
  ['apr', 4],
  ['may', 5],
  ['june', 6],
  ['jun', 6],
  ['july', 7],
  ['jul', 7],
  ['august', 8],
  ['aug', 8],
  ['september', 9],
  ['sep', 9],
  ['sept', 9],
  ['october', 10],
  ['oct', 10],
  ['november', 11],
  ['nov', 11],
  ['december', 12],
  ['dec', 12],
]);

/** Relative day words: days from today. */
const RELATIVE = new Map<string, number>([
  ['اليوم', 0],
  ['today', 0],
  ['بكره', 1],
  ['بكرا', 1],
  ['باكر', 1],
  ['غدا', 1],
  ['tomorrow', 1],
]);

const RANGE_WORDS = new Set(['الى', 'الي', 'لين', 'لحد', 'لغايه', 'حتى', 'to', 'till', 'until', 'through', 'thru']);
const AM_WORDS = new Set(['am', 'ص', 'صباحا', 'صباح', 'الصبح', 'صبح', 'الصباح', 'الفجر', 'فجر', 'morning']);
const PM_WORDS = new Set([
  'pm',
  'م',
  'مساء',
  'مساءا',
  'مسا',
  'المسا',
  'المساء',
  'بالمسا',
  'العصر',
  'عصرا',
  'عصر',
  'بالعصر',
  'المغرب',
  'مغرب',
  'بالمغرب',
  'الظهر',
  'ظهرا',
  'الظهريه',
  'العشا',
  'العشاء',
  'evening',
  'afternoon',
]);
const NIGHT_WORDS = new Set(['الليل', 'بالليل', 'ليلا', 'night', 'midnight']);

// ---------------------------------------------------------------------------------------------------
// Topic.

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
  const n = normalizeText(text);
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

// ---------------------------------------------------------------------------------------------------
// Weekdays.

function readWeekdays(tokens: Token[]): Weekday[] {
  const days: Weekday[] = [];
  const add = (d: Weekday) => {
    if (!days.includes(d)) days.push(d);
  };
  const words = tokens.map((t) => (t.kind === 'word' ? t.value : t.value));
  const joined = ` ${words.join(' ')} `;
  if (/ (كل يوم|كل الايام|يوميا|every day|daily|all week) /.test(joined)) return [0, 1, 2, 3, 4, 5, 6];
  if (/ (weekdays|ايام الاسبوع) /.test(joined)) return [0, 1, 2, 3, 4];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.kind !== 'word') continue;
    const day = lookup(WEEKDAYS, t.value);
    if (day === undefined) continue;
    // "من الأحد إلى الخميس", "Sunday to Thursday", "Sun-Thu": every day of the range, wrapping the week
    const link = tokens[i + 1];
    const next = tokens[i + 2];
    const isLink =
      link && ((link.kind === 'sep' && link.value === '-') || (link.kind === 'word' && RANGE_WORDS.has(link.value)));
    const last = isLink && next?.kind === 'word' ? lookup(WEEKDAYS, next.value) : undefined;
    if (last !== undefined) {
      for (let d = day; ; d = ((d + 1) % 7) as Weekday) {
        add(d);
        if (d === last) break;
      }
      i += 2;
    } else {
      add(day);
    }
  }
  return days;
}

// ---------------------------------------------------------------------------------------------------
// Times.

interface TimeAtom {
  minutes: number;
  marker: 'am' | 'pm' | 'night' | null;
}

function readTimeAtoms(tokens: Token[]): Array<[TimeAtom, TimeAtom]> {
  const ranges: Array<[TimeAtom, TimeAtom]> = [];
  const atomAt = (i: number): { atom: TimeAtom; next: number } | null => {
    const t = tokens[i];
    if (t?.kind !== 'number' || !/^\d{1,2}(:\d{2})?$/.test(t.value)) return null;
    const [h, m] = t.value.split(':').map(Number) as [number, number | undefined];
    if (h > 24 || (m ?? 0) > 59) return null;
    let next = i + 1;
    let marker: TimeAtom['marker'] = null;
    // "٩ ونص" / "9:30": half past
    let extra = m ?? 0;
    const w = tokens[next];
    if (w?.kind === 'word' && (w.value === 'ونص' || w.value === 'ونصف')) {
      extra = 30;
      next++;
    }
    const mk = tokens[next];
    if (mk?.kind === 'word') {
      if (AM_WORDS.has(mk.value)) marker = 'am';
      else if (PM_WORDS.has(mk.value)) marker = 'pm';
      else if (NIGHT_WORDS.has(mk.value)) marker = 'night';
      if (marker) next++;
    }
    return { atom: { minutes: h * 60 + extra, marker }, next };
  };
  for (let i = 0; i < tokens.length; i++) {
    const first = atomAt(i);
    if (!first) continue;
    const link = tokens[first.next];
    const isLink =
      link && ((link.kind === 'sep' && link.value === '-') || (link.kind === 'word' && RANGE_WORDS.has(link.value)));
    if (!isLink) continue;
    let j = first.next + 1;
    // "إلى الساعة ٩"
    if (tokens[j]?.kind === 'word' && /^(ال)?ساعه$/.test(tokens[j]!.value)) j++;
    const second = atomAt(j);
    if (!second) continue;
    ranges.push([first.atom, second.atom]);
    i = second.next - 1;
  }
  return ranges;
}

function hourOf(atom: TimeAtom, role: 'start' | 'end', defaultPm: boolean): number {
  const h = Math.floor(atom.minutes / 60);
  const m = atom.minutes % 60;
  let hour = h;
  if (atom.marker === 'am') hour = h === 12 ? 0 : h;
  else if (atom.marker === 'pm') hour = h < 12 ? h + 12 : h;
  else if (atom.marker === 'night') hour = h === 12 ? (role === 'end' ? 24 : 0) : h < 5 ? h : h < 12 ? h + 12 : h;
  else if (defaultPm && h >= 1 && h <= 11) hour = h + 12;
  return hour * 60 + m;
}

const hhmm = (minutes: number): LocalTime =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

function readInterval([a, b]: [TimeAtom, TimeAtom]): { start: number; end: number } | null {
  let start = hourOf(a, 'start', true);
  let end = hourOf(b, 'end', true);
  const endHour = Math.floor(b.minutes / 60);
  const startHour = Math.floor(a.minutes / 60);
  if (b.marker === null && endHour === 12 && a.marker === null && startHour >= 1 && startHour <= 6) end = 24 * 60;
  if (start >= end && a.marker === null) start = hourOf(a, 'start', false);
  if (end === 0 && b.minutes === 0) end = 24 * 60; // "to 0" / "to 24"
  if (start >= end || end > 24 * 60) return null;
  return { start, end };
}

// ---------------------------------------------------------------------------------------------------
// Dates.

const DAY_MS = 86_400_000;

interface DateAtom {
  day?: number;
  month?: number;
  year?: number;
  /** an absolute day number (days since 1970-01-01), from a relative word, weekday or ISO date */
  absolute?: number;
}

function localDayOf(now: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(now);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return Date.UTC(get('year'), get('month') - 1, get('day')) / DAY_MS;
}

const dayNumber = (y: number, m: number, d: number): number | null => {
  const ms = Date.UTC(y, m - 1, d);
  const date = new Date(ms);
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d ? ms / DAY_MS : null;
};
const formatDay = (day: number): LocalDate => new Date(day * DAY_MS).toISOString().slice(0, 10);

function readDateAtoms(tokens: Token[], today: number): DateAtom[] {
  const atoms: DateAtom[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.kind === 'word') {
      if (t.value === 'بعد' && tokens[i + 1]?.kind === 'word' && lookup(RELATIVE, tokens[i + 1]!.value) === 1) {
        atoms.push({ absolute: today + 2 });
        i++;
        continue;
      }
      if (t.value === 'day' && tokens[i + 1]?.value === 'after' && tokens[i + 2]?.value === 'tomorrow') {
        atoms.push({ absolute: today + 2 });
        i += 2;
        continue;
      }
      const rel = lookup(RELATIVE, t.value);
      if (rel !== undefined) {
        atoms.push({ absolute: today + rel });
        continue;
      }
      const weekday = lookup(WEEKDAYS, t.value);
      if (weekday !== undefined) {
        const todayWeekday = (((today + 4) % 7) + 7) % 7;
        atoms.push({ absolute: today + ((weekday - todayWeekday + 7) % 7) });
        continue;
      }
      const month = lookup(MONTHS, t.value);
      if (month !== undefined) {
        // "Dec 1" (a number after the month) or "1 Dec" (already read: give it the month)
        const prev = atoms[atoms.length - 1];
        const prevToken = tokens[i - 1];
        if (prev && prev.day !== undefined && prev.month === undefined && prevToken?.kind === 'number') {
          prev.month = month;
        } else {
          const next = tokens[i + 1];
          if (next?.kind === 'number' && /^\d{1,2}$/.test(next.value) && Number(next.value) >= 1) {
            atoms.push({ day: Number(next.value), month });
            i++;
          } else {
            atoms.push({ day: 1, month });
          }
        }
        continue;
      }
      continue;
    }
    if (t.kind !== 'number') continue;
    const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(t.value);
    if (iso) {
      atoms.push({ day: Number(iso[3]), month: Number(iso[2]), year: Number(iso[1]) });
      continue;
    }
    const slash = /^(\d{1,2})\/(\d{1,2})(?:\/(\d{2,4}))?$/.exec(t.value);
    if (slash) {
      const year = slash[3] ? Number(slash[3].length === 2 ? `20${slash[3]}` : slash[3]) : undefined;
      atoms.push({ day: Number(slash[1]), month: Number(slash[2]), ...(year ? { year } : {}) });
      continue;
    }
    if (/^\d{4}$/.test(t.value)) {
      const prev = atoms[atoms.length - 1];
      if (prev && prev.absolute === undefined) prev.year = Number(t.value);
      for (const a of atoms) if (a.absolute === undefined && a.year === undefined) a.year = Number(t.value);
      continue;
    }
    if (/^\d{1,2}$/.test(t.value)) {
      const n = Number(t.value);
      // "لمدة ٣ أيام" / "for 3 days": a length, not a date
      const after = tokens[i + 1];
      if (after?.kind === 'word' && /^(ايام|يوم|يومين|days?)$/.test(after.value)) continue;
      if (n >= 1 && n <= 31) atoms.push({ day: n });
    }
  }
  return atoms;
}

function readLength(tokens: Token[]): number | undefined {
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.kind === 'word' && (t.value === 'يومين' || t.value === 'ليومين')) return 2;
    if (
      t.kind === 'word' &&
      (t.value === 'اسبوع' || t.value === 'week') &&
      /^(لمده|مده|for|a)$/.test(tokens[i - 1]?.value ?? '')
    )
      return 7;
    if (t.kind === 'number' && /^\d{1,3}$/.test(t.value)) {
      const after = tokens[i + 1];
      if (after?.kind === 'word' && /^(ايام|يوم|days?)$/.test(after.value)) return Number(t.value);
    }
  }
  return undefined;
}

function resolveDates(atoms: DateAtom[], today: number): { from: number; to: number } | 'BAD' | null {
  const used = atoms.slice(0, 2);
  if (used.length === 0) return null;
  const [a, b] = used as [DateAtom, DateAtom | undefined];
  // A day number with no month takes the other end's month ("من ١ إلى ٥ ديسمبر").
  if (a.absolute === undefined && a.month === undefined && b?.month !== undefined) {
    a.month = a.day !== undefined && b.day !== undefined && a.day > b.day ? ((b.month + 10) % 12) + 1 : b.month;
  }
  if (b && b.absolute === undefined && b.month === undefined && a.month !== undefined) {
    b.month = a.day !== undefined && b.day !== undefined && b.day < a.day ? (a.month % 12) + 1 : a.month;
  }
  const todayDate = new Date(today * DAY_MS);
  const thisYear = todayDate.getUTCFullYear();
  const thisMonth = todayDate.getUTCMonth() + 1;
  const resolve = (x: DateAtom, notBefore: number): number | null => {
    if (x.absolute !== undefined) return x.absolute;
    if (x.day === undefined) return null;
    if (x.month === undefined) {
      // no month anywhere: this month, or the next when that day has passed
      const here = dayNumber(thisYear, thisMonth, x.day);
      if (here !== null && here >= notBefore) return here;
      const y = thisMonth === 12 ? thisYear + 1 : thisYear;
      return dayNumber(y, (thisMonth % 12) + 1, x.day);
    }
    if (x.year !== undefined) return dayNumber(x.year, x.month, x.day);
    const here = dayNumber(thisYear, x.month, x.day);
    if (here === null) return dayNumber(thisYear + 1, x.month, x.day);
    return here >= notBefore ? here : dayNumber(thisYear + 1, x.month, x.day);
  };
  const from = resolve(a, today);
  if (from === null) return 'BAD';
  if (!b) return { from, to: from };
  let to = resolve(b, from);
  if (to === null) return 'BAD';
  if (to < from && b.year === undefined && b.absolute === undefined) {
    const d = new Date(to * DAY_MS);
    to = dayNumber(d.getUTCFullYear() + 1, d.getUTCMonth() + 1, d.getUTCDate()) ?? to;
  }
  if (to < from) return 'BAD';
  return { from, to };
}

// ---------------------------------------------------------------------------------------------------
// Public API.

/**
 * Reads a working-hours, day-off or holiday message. Returns null when the text is about none of them
 * (see `availabilityTopic`); `{ ok: false }` with the problem when it is but cannot be read.
 */
export function parseAvailabilityText(
  text: string,
  options: { now: Date; timeZone: string },
): AvailabilityParse | null {
  const topic = availabilityTopic(text);
  if (!topic || topic === 'calendar_link') return null;
  const tokens = tokenize(normalizeText(text));

  if (topic === 'day_off') {
    const weekdays = readWeekdays(tokens);
    if (weekdays.length === 0) return { ok: false, kind: 'day_off', problem: 'NO_DAYS' };
    return { ok: true, command: { kind: 'day_off', weekdays } };
  }

  if (topic === 'hours') {
    const ranges = readTimeAtoms(tokens);
    if (ranges.length === 0) return { ok: false, kind: 'hours', problem: 'NO_TIMES' };
    if (ranges.length > 2) return { ok: false, kind: 'hours', problem: 'BAD_TIMES' };
    const intervals: Array<{ start: number; end: number }> = [];
    for (const range of ranges) {
      const interval = readInterval(range);
      if (!interval) return { ok: false, kind: 'hours', problem: 'BAD_TIMES' };
      intervals.push(interval);
    }
    intervals.sort((x, y) => x.start - y.start);
    if (intervals.length === 2 && intervals[1]!.start <= intervals[0]!.end) {
      return { ok: false, kind: 'hours', problem: 'BAD_TIMES' };
    }
    const weekdays = readWeekdays(tokens);
    return {
      ok: true,
      command: {
        kind: 'hours',
        ...(weekdays.length ? { weekdays } : {}),
        intervals: intervals.map((x) => ({ start: hhmm(x.start), end: hhmm(x.end) })),
      },
    };
  }

  const today = localDayOf(options.now, options.timeZone);
  const atoms = readDateAtoms(tokens, today);
  const dates = resolveDates(atoms, today);
  if (dates === null) return { ok: false, kind: 'holiday', problem: 'NO_DATES' };
  if (dates === 'BAD') return { ok: false, kind: 'holiday', problem: 'BAD_DATES' };
  let { from, to } = dates;
  const length = readLength(tokens);
  if (length && atoms.length === 1 && length >= 1) to = from + length - 1;
  if (to - from > 365) return { ok: false, kind: 'holiday', problem: 'BAD_DATES' };
  return { ok: true, command: { kind: 'holiday', from: formatDay(from), to: formatDay(to) } };
}

/**
 * Working intervals of one weekday as a `working_hours` row: one interval, or two joined with the gap
 * between them as the break.
 */
export function toWorkingHoursRow(intervals: ReadonlyArray<{ start: LocalTime; end: LocalTime }>): {
  startTime: LocalTime;
  endTime: LocalTime;
  breakStart: LocalTime | null;
  breakEnd: LocalTime | null;
} {
  const [first, second] = intervals;
  if (!first) throw new RangeError('working hours need at least one interval');
  if (!second) return { startTime: first.start, endTime: first.end, breakStart: null, breakEnd: null };
  return { startTime: first.start, endTime: second.end, breakStart: first.end, breakEnd: second.start };
}
