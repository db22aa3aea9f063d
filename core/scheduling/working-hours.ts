// Working hours, days off and holidays as the calendar takes them (the hours reader in bot/language/hours
// produces these from chat text), and the conversion of a day's intervals into a `working_hours` row.
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
