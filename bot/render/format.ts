// How Nova writes dates, times, numbers and money in Arabic and English. Times are shown in the
// recipient's zone (Asia/Riyadh by default) with the weekday: "الاثنين ٢٣ نوفمبر، ٤:٠٠ م".
import { districtNameEn, lookupCity } from '../language/index.ts';
export type Lang = 'ar' | 'en';

const cache = new Map<string, Intl.DateTimeFormat>();
function formatter(locale: string, tz: string, options: Intl.DateTimeFormatOptions) {
  const key = `${locale}|${tz}|${JSON.stringify(options)}`;
  let f = cache.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, { ...options, timeZone: tz });
    cache.set(key, f);
  }
  return f;
}

function parts(instant: Date, lang: Lang, tz: string, options: Intl.DateTimeFormatOptions) {
  const locale = lang === 'ar' ? 'ar-u-ca-gregory-nu-arab' : 'en-GB-u-ca-gregory';
  const out: Record<string, string> = {};
  for (const p of formatter(locale, tz, options).formatToParts(instant)) out[p.type] = p.value;
  return out;
}

/** "الاثنين ٢٣ نوفمبر" / "Monday 23 November" */
export function formatDay(instant: Date, lang: Lang, tz: string): string {
  const p = parts(instant, lang, tz, { weekday: 'long', day: 'numeric', month: 'long' });
  return `${p.weekday} ${p.day} ${p.month}`;
}

/** The weekday ("الخميس" / "Thursday") and the day of the month ("١٧" / "17") of an instant in the zone. */
export function weekdayAndDay(instant: Date, lang: Lang, tz: string): { weekday: string; day: string } {
  const p = parts(instant, lang, tz, { weekday: 'long', day: 'numeric' });
  return { weekday: p.weekday ?? '', day: p.day ?? '' };
}

/** "٤:٠٠ م" / "4:00 pm" */
export function formatTime(instant: Date, lang: Lang, tz: string): string {
  // hourCycle h12 (not hour12): en-GB's default h11 cycle writes noon as "0:00 pm".
  const p = parts(instant, lang, tz, { hour: 'numeric', minute: '2-digit', hourCycle: 'h12' });
  const period = lang === 'ar' ? (p.dayPeriod?.includes('ص') ? 'ص' : 'م') : (p.dayPeriod ?? '').toLowerCase();
  return `${p.hour}:${p.minute} ${period}`;
}

/** "الاثنين ٢٣ نوفمبر، ٤:٠٠ م" / "Monday 23 November, 4:00 pm" */
export function formatDateTime(instant: Date, lang: Lang, tz: string): string {
  return `${formatDay(instant, lang, tz)}${lang === 'ar' ? '، ' : ', '}${formatTime(instant, lang, tz)}`;
}

const numberFormats = { ar: new Intl.NumberFormat('ar-u-nu-arab'), en: new Intl.NumberFormat('en-US') };

export function formatNumber(n: number, lang: Lang): string {
  return numberFormats[lang].format(n);
}

export function formatMoney(amount: number, lang: Lang): string {
  return lang === 'ar' ? `${formatNumber(amount, 'ar')} ريال` : `SAR ${formatNumber(amount, 'en')}`;
}

export function formatPercent(percent: number, lang: Lang): string {
  return lang === 'ar' ? `${formatNumber(percent, 'ar')}٪` : `${percent}%`;
}

/** Saudi numbers as people write them ("0551234567"); others in E.164. Digits stay ASCII to copy them. */
export function formatPhoneForChat(e164: string, _lang: Lang): string {
  return e164.startsWith('+966') ? `0${e164.slice(4)}` : e164;
}

/** A city named by its canonical English name, in the reply's language ("Riyadh" → "الرياض"). */
export function cityLabel(nameEn: string, lang: Lang): string {
  if (lang === 'en') return nameEn;
  return lookupCity(nameEn)?.nameAr ?? nameEn;
}

/**
 * A district as stored (its Arabic name) in the reply's language: "الملقا" → "Al Malqa" in English. A
 * name the gazetteer does not know stays as the user wrote it.
 */
export function districtLabel(name: string, cityNameEn: string | null | undefined, lang: Lang): string {
  if (lang === 'ar') return name;
  return districtNameEn(name, cityNameEn ?? undefined) ?? name;
}

/** District and city in the reply's language: "الملقا، الرياض" / "Al Malqa, Riyadh"; either may be missing. */
export function placeLabel(district: string | null | undefined, city: string | null | undefined, lang: Lang): string {
  return [district && districtLabel(district, city, lang), city && cityLabel(city, lang)]
    .filter(Boolean)
    .join(lang === 'ar' ? '، ' : ', ');
}
