// Calendar periods in a time zone, as UTC instants [from, to). The week starts on Sunday (Saudi).
import { TZDate } from '@date-fns/tz';
import { addDays, addMonths, startOfDay, startOfMonth, startOfWeek } from 'date-fns';

export type PeriodName = 'today' | 'this_week' | 'next_week' | 'this_month' | 'last_month';

export interface Range {
  from: Date;
  to: Date;
}

const inZone = (instant: Date, tz: string) => new TZDate(instant.getTime(), tz);

export function dayRange(localDate: string, tz: string): Range {
  const [y, m, d] = localDate.split('-').map(Number) as [number, number, number];
  const from = new TZDate(y, m - 1, d, tz);
  return { from: new Date(from.getTime()), to: new Date(addDays(from, 1).getTime()) };
}

export function periodRange(period: PeriodName, now: Date, tz: string): Range {
  const local = inZone(now, tz);
  const week = startOfWeek(local, { weekStartsOn: 0 });
  const month = startOfMonth(local);
  const pick = (from: Date, to: Date) => ({ from: new Date(from.getTime()), to: new Date(to.getTime()) });
  switch (period) {
    case 'today':
      return pick(startOfDay(local), addDays(startOfDay(local), 1));
    case 'this_week':
      return pick(week, addDays(week, 7));
    case 'next_week':
      return pick(addDays(week, 7), addDays(week, 14));
    case 'this_month':
      return pick(month, addMonths(month, 1));
    case 'last_month':
      return pick(addMonths(month, -1), month);
  }
}

/** The local calendar date (YYYY-MM-DD) of an instant in a zone. */
export function localDate(instant: Date, tz: string): string {
  const local = inZone(instant, tz);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${local.getFullYear()}-${pad(local.getMonth() + 1)}-${pad(local.getDate())}`;
}
