// A repeating reminder («ذكرني كل يوم الساعة ٨ أتصل بالعملاء», "remind me every Sunday at 9 …"): its
// occurrences are its first time plus whole days, weeks or months on the office's clock, so that a
// reminder snoozed once, or fired late after an outage, comes back at its own hour and day.
import { TZDate } from '@date-fns/tz';
import { addDays, addMonths, addWeeks } from 'date-fns';

export const REPEATS = ['daily', 'weekly', 'monthly'] as const;
export type Repeat = (typeof REPEATS)[number];

export const isRepeat = (value: unknown): value is Repeat => REPEATS.includes(value as Repeat);

const add: Record<Repeat, (date: TZDate, n: number) => TZDate> = {
  daily: (d, n) => addDays(d, n),
  weekly: (d, n) => addWeeks(d, n),
  monthly: (d, n) => addMonths(d, n),
};
const DAYS: Record<Repeat, number> = { daily: 1, weekly: 7, monthly: 28 };

/**
 * The first occurrence of `first` + k periods (k ≥ 1) strictly after `after`, in the zone `tz` (a month
 * after the 31st is the month's last day, counted from `first` so that the day comes back after).
 */
export function nextOccurrence(first: Date, repeat: Repeat, after: Date, tz: string): Date {
  const start = new TZDate(first.getTime(), tz);
  // jump close to `after` at once (a long outage), step back while that overshoots (a short month, a
  // 23-hour day), then forward to the first one past it
  const behind = Math.floor((after.getTime() - first.getTime()) / (DAYS[repeat] * 86_400_000));
  let k = Math.max(1, repeat === 'monthly' ? Math.floor(behind * (28 / 31)) : behind);
  while (k > 1 && add[repeat](start, k - 1).getTime() > after.getTime()) k--;
  for (;;) {
    const next = add[repeat](start, k);
    if (next.getTime() > after.getTime()) return new Date(next.getTime());
    k++;
  }
}
