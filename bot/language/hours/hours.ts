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
import type { AvailabilityCommand } from '../../../core/scheduling/working-hours.ts';
import { localDateOfDayNumber, localDayNumberOf } from '../../../core/shared/local-time.ts';
import { normalizeArabic } from '../normalize.ts';
import { readDateAtoms, readLength, resolveDates } from './hours-dates.ts';
import { hhmm, readInterval, readTimeAtoms, readWeekdays } from './hours-times.ts';
import { availabilityTopic } from './hours-topic.ts';
import { tokenize } from './hours-words.ts';

export type { AvailabilityCommand } from '../../../core/scheduling/working-hours.ts';
export { type AvailabilityTopic, availabilityTopic } from './hours-topic.ts';

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
  const tokens = tokenize(normalizeArabic(text));

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

  const today = localDayNumberOf(options.now, options.timeZone);
  const atoms = readDateAtoms(tokens, today);
  const dates = resolveDates(atoms, today);
  if (dates === null) return { ok: false, kind: 'holiday', problem: 'NO_DATES' };
  if (dates === 'BAD') return { ok: false, kind: 'holiday', problem: 'BAD_DATES' };
  let { from, to } = dates;
  const length = readLength(tokens);
  if (length && atoms.length === 1 && length >= 1) to = from + length - 1;
  if (to - from > 365) return { ok: false, kind: 'holiday', problem: 'BAD_DATES' };
  return { ok: true, command: { kind: 'holiday', from: localDateOfDayNumber(from), to: localDateOfDayNumber(to) } };
}
