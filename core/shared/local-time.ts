// Local days and wall times in an IANA zone: the one module that turns an instant into "which day is it
// there" and a local day and time back into an instant. Built on @date-fns/tz so that the answer does
// not depend on the TZ the process runs with. Days are `YYYY-MM-DD` strings, or day numbers (days since
// 1970-01-01) where a caller does arithmetic on them.
import { TZDate, tzOffset } from '@date-fns/tz';

/** A calendar date, `YYYY-MM-DD`. */
export type LocalDate = string;

const DAY_MS = 86_400_000;
const pad2 = (n: number): string => String(n).padStart(2, '0');

/** Minutes east of UTC of a zone at an instant; NaN for a zone that is not known. */
export function zoneOffsetMinutes(tz: string, instant: Date | number): number {
  return tzOffset(tz, instant instanceof Date ? instant : new Date(instant));
}

/** The local calendar date of an instant in a zone. */
export function localDateOf(instant: Date, tz: string): LocalDate {
  const local = new TZDate(instant.getTime(), tz);
  return `${local.getFullYear()}-${pad2(local.getMonth() + 1)}-${pad2(local.getDate())}`;
}

/** The local calendar date of an instant as a day number (days since 1970-01-01). */
export function localDayNumberOf(instant: Date, tz: string): number {
  return dayNumberOf(localDateOf(instant, tz));
}

/** The day number of a local date. */
export function dayNumberOf(date: LocalDate): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return Date.UTC(y, m - 1, d) / DAY_MS;
}

/** The local date of a day number. */
export function localDateOfDayNumber(day: number): LocalDate {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** The date `days` calendar days after (or before) a local date. */
export function addLocalDays(date: LocalDate, days: number): LocalDate {
  return localDateOfDayNumber(dayNumberOf(date) + days);
}

/** The instant a local date has the given wall time in a zone ("tomorrow at 10:00 there"). */
export function atLocalTime(date: LocalDate, hour: number, minute: number, tz: string): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(new TZDate(y, m - 1, d, hour, minute, tz).getTime());
}

/** The instant a local date starts in a zone. */
export function startOfLocalDay(date: LocalDate, tz: string): Date {
  return atLocalTime(date, 0, 0, tz);
}
