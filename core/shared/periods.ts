// Calendar periods in a time zone, as UTC instants [from, to). The week starts on Sunday (Saudi).
import { TZDate } from '@date-fns/tz';
import { addDays, addMonths, startOfDay, startOfMonth, startOfWeek } from 'date-fns';
import { addLocalDays, startOfLocalDay } from './local-time.ts';

export type PeriodName = 'today' | 'this_week' | 'next_week' | 'this_month' | 'last_month';

export interface Range {
  from: Date;
  to: Date;
}

const inZone = (instant: Date, tz: string) => new TZDate(instant.getTime(), tz);

export function dayRange(localDate: string, tz: string): Range {
  return { from: startOfLocalDay(localDate, tz), to: startOfLocalDay(addLocalDays(localDate, 1), tz) };
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
export { localDateOf as localDate } from './local-time.ts';
