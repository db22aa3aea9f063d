// How a smart match is told to a broker: what is offered, for whom, the score and its reasons.
import type { MatchedFeature } from '../../core/matching/score.ts';
import { typeLabel } from '../features/listings/listings.texts.ts';
import { formatMoney, formatNumber, type Lang, placeLabel } from './format.ts';
import { t } from './texts.ts';

const FEATURE_LABELS: Record<string, [string, string]> = {
  city: ['المدينة', 'city'],
  district: ['الحي', 'district'],
  property_type: ['النوع', 'type'],
  category: ['الفئة', 'category'],
  price: ['السعر', 'price'],
  area: ['المساحة', 'area'],
};

/** A price or an area just outside the range (partial credit, core/matching/score.ts). */
const NEAR_LABELS: Record<string, [string, string]> = {
  price: ['سعر قريب من الميزانية', 'price near the budget'],
  area: ['مساحة قريبة', 'area near the range'],
};

export function reasons(lang: Lang, matched: readonly MatchedFeature[]): string {
  return matched
    .map((m) =>
      m.feature === 'district' && m.basis === 'nearby'
        ? t(lang, 'حي قريب', 'nearby district')
        : m.basis === 'near_range'
          ? t(lang, ...(NEAR_LABELS[m.feature] ?? [m.feature, m.feature]))
          : t(lang, ...(FEATURE_LABELS[m.feature] ?? [m.feature, m.feature])),
    )
    .join(t(lang, '، ', ', '));
}

export interface MatchView {
  score: number;
  matched: readonly MatchedFeature[];
  offer: { propertyType: string; listingType: string; city: string; district: string | null; price: number };
  customerName?: string | null;
}

export function matchLine(lang: Lang, m: MatchView): string {
  const place = placeLabel(m.offer.district, m.offer.city, lang);
  // an offer's price is as requests state theirs: a rent's is a year's, a monthly one's twelve months
  const yearly = m.offer.listingType === 'rent' ? t(lang, ' سنوياً', ' a year') : '';
  const what = `${typeLabel(m.offer.propertyType, lang)} ${m.offer.listingType === 'rent' ? t(lang, 'للإيجار', 'for rent') : t(lang, 'للبيع', 'for sale')} ${t(lang, 'في', 'in')} ${place} — ${formatMoney(m.offer.price, lang)}${yearly}`;
  const who = m.customerName ? t(lang, ` ↔ طلب ${m.customerName}`, ` ↔ ${m.customerName}'s request`) : '';
  const score = lang === 'ar' ? `${formatNumber(m.score, 'ar')}٪` : `${m.score}%`;
  return `${what}${who} — ${score} (${reasons(lang, m.matched)})`;
}
