// Weekdays and time ranges of a working-hours message, with the reading of hours without am/pm that the
// header of hours.ts describes.
import type { LocalTime, Weekday } from '../../../core/scheduling/slots.types.ts';
import { AM_WORDS, lookup, NIGHT_WORDS, PM_WORDS, RANGE_WORDS, type Token, WEEKDAYS } from './hours-words.ts';

export function readWeekdays(tokens: Token[]): Weekday[] {
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

export interface TimeAtom {
  minutes: number;
  marker: 'am' | 'pm' | 'night' | null;
}

export function readTimeAtoms(tokens: Token[]): Array<[TimeAtom, TimeAtom]> {
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

export const hhmm = (minutes: number): LocalTime =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

export function readInterval([a, b]: [TimeAtom, TimeAtom]): { start: number; end: number } | null {
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
