// How a repeating reminder's period is said: «كل يوم», «كل خميس», «كل شهر يوم ١»; "every day", ….
import { TZDate } from '@date-fns/tz';
import { formatNumber, type Lang } from './format.ts';
import { t } from './texts.ts';

const DAYS_AR = ['أحد', 'اثنين', 'ثلاثاء', 'أربعاء', 'خميس', 'جمعة', 'سبت'];
const DAYS_EN = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** The period; with its first time (and zone), the weekday or the day of the month it comes on. */
export function repeatLabel(
  lang: Lang,
  repeat: string | null | undefined,
  first?: { at: Date; tz: string },
): string | undefined {
  const local = first ? new TZDate(first.at.getTime(), first.tz) : undefined;
  if (repeat === 'daily') return t(lang, 'كل يوم', 'every day');
  if (repeat === 'weekly') {
    if (!local) return t(lang, 'كل أسبوع', 'every week');
    return t(lang, `كل ${DAYS_AR[local.getDay()]}`, `every ${DAYS_EN[local.getDay()]}`);
  }
  if (repeat === 'monthly') {
    if (!local) return t(lang, 'كل شهر', 'every month');
    const day = local.getDate();
    return t(lang, `كل شهر يوم ${formatNumber(day, 'ar')}`, `every month on day ${day}`);
  }
  return undefined;
}
