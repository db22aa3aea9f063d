// How a repeating reminder's period is said: «كل يوم», «كل خميس», «كل شهر يوم ١»; "every day", ….
import { type Lang, weekdayAndDay } from './format.ts';
import { t } from './texts.ts';

/** The period; with its first time (and zone), the weekday or the day of the month it comes on. */
export function repeatLabel(
  lang: Lang,
  repeat: string | null | undefined,
  first?: { at: Date; tz: string },
): string | undefined {
  const on = first ? weekdayAndDay(first.at, lang, first.tz) : undefined;
  if (repeat === 'daily') return t(lang, 'كل يوم', 'every day');
  if (repeat === 'weekly') {
    if (!on) return t(lang, 'كل أسبوع', 'every week');
    // «كل خميس»: the weekday without its article
    return t(lang, `كل ${on.weekday.replace(/^ال/u, '')}`, `every ${on.weekday}`);
  }
  if (repeat === 'monthly') {
    if (!on) return t(lang, 'كل شهر', 'every month');
    return t(lang, `كل شهر يوم ${on.day}`, `every month on day ${on.day}`);
  }
  return undefined;
}
