// The hours reader's tokens and vocabulary: weekdays (bare, plural and abbreviated, as brokers write
// them in "دوامي من الأحد إلى الخميس"), months, relative days and the am/pm/night markers of a clock time.
// Text is first folded by the language layer's normalizer (normalizeArabic: letters, digits, dashes).

import type { Weekday } from '../../../core/scheduling/slots.types.ts';

export type Token =
  | { kind: 'word'; value: string }
  | { kind: 'number'; value: string }
  | { kind: 'sep'; value: string };

export function tokenize(normalized: string): Token[] {
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

export function lookup<T>(table: ReadonlyMap<string, T>, word: string): T | undefined {
  for (const f of forms(word)) {
    const hit = table.get(f);
    if (hit !== undefined) return hit;
  }
  return undefined;
}

export const WEEKDAYS = new Map<string, Weekday>([
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

export const MONTHS = new Map<string, number>([
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
export const RELATIVE = new Map<string, number>([
  ['اليوم', 0],
  ['today', 0],
  ['بكره', 1],
  ['بكرا', 1],
  ['باكر', 1],
  ['غدا', 1],
  ['tomorrow', 1],
]);

export const RANGE_WORDS = new Set([
  'الى',
  'الي',
  'لين',
  'لحد',
  'لغايه',
  'حتى',
  'to',
  'till',
  'until',
  'through',
  'thru',
]);
export const AM_WORDS = new Set(['am', 'ص', 'صباحا', 'صباح', 'الصبح', 'صبح', 'الصباح', 'الفجر', 'فجر', 'morning']);
export const PM_WORDS = new Set([
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
export const NIGHT_WORDS = new Set(['الليل', 'بالليل', 'ليلا', 'night', 'midnight']);
