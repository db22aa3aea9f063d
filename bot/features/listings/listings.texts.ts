// How a listing reads in a chat: property type names and the summary lines a homeowner, a broker or
// another office sees (the offer dialog, search results, match alerts).
import type { PropertyType } from '../../../core/requests/requests.service.ts';
import { count, NOUNS } from '../../render/counts.ts';
import { formatMoney, formatNumber, type Lang, placeLabel } from '../../render/format.ts';
import { t } from '../../render/texts.ts';
import type { OfferFields } from './offer.fields.ts';

export const TYPE_LABELS: Record<PropertyType, [string, string]> = {
  apartment: ['شقة', 'Apartment'],
  villa: ['فيلا', 'Villa'],
  land: ['أرض', 'Land'],
  floor: ['دور', 'Floor'],
  building: ['عمارة', 'Building'],
  duplex: ['دوبلكس', 'Duplex'],
  townhouse: ['تاون هاوس', 'Townhouse'],
  rest_house: ['استراحة', 'Rest house'],
  chalet: ['شاليه', 'Chalet'],
  farm: ['مزرعة', 'Farm'],
  shop: ['محل', 'Shop'],
  office: ['مكتب', 'Office'],
  warehouse: ['مستودع', 'Warehouse'],
  showroom: ['معرض', 'Showroom'],
  palace: ['قصر', 'Palace'],
};
export const typeLabel = (type: string, lang: Lang) => t(lang, ...(TYPE_LABELS[type as PropertyType] ?? [type, type]));

const FACING_LABELS: Record<string, [string, string]> = {
  north: ['شمالي', 'north'],
  south: ['جنوبي', 'south'],
  east: ['شرقي', 'east'],
  west: ['غربي', 'west'],
  north_east: ['شمالي شرقي', 'north-east'],
  north_west: ['شمالي غربي', 'north-west'],
  south_east: ['جنوبي شرقي', 'south-east'],
  south_west: ['جنوبي غربي', 'south-west'],
};

export function listingSummary(lang: Lang, f: OfferFields, photos = 0): string {
  const lines = [
    `${typeLabel(f.propertyType ?? '', lang)} ${f.listingType === 'rent' ? t(lang, 'للإيجار', 'for rent') : t(lang, 'للبيع', 'for sale')}`,
    `📍 ${placeLabel(f.district, f.city, lang)}`,
    f.area ? t(lang, `📐 ${formatNumber(f.area, 'ar')} م²`, `📐 ${f.area} m²`) : undefined,
    f.price
      ? `💰 ${formatMoney(f.price, lang)}${f.listingType === 'rent' ? t(lang, f.rentPeriod === 'monthly' ? ' شهرياً' : ' سنوياً', f.rentPeriod === 'monthly' ? ' a month' : ' a year') : ''}`
      : undefined,
    f.bedrooms !== undefined ? `🛏 ${count(lang, f.bedrooms, NOUNS.room, 'bedroom', 'bedrooms')}` : undefined,
    f.bathrooms !== undefined ? `🚿 ${count(lang, f.bathrooms, NOUNS.bathroom, 'bathroom', 'bathrooms')}` : undefined,
    f.age !== undefined
      ? t(
          lang,
          `🏗 العمر: ${f.age === 0 ? 'جديد' : `${formatNumber(f.age, 'ar')} سنة`}`,
          `🏗 Age: ${f.age === 0 ? 'new' : `${f.age} years`}`,
        )
      : undefined,
    f.streetWidth ? t(lang, `🛣 شارع ${formatNumber(f.streetWidth, 'ar')} م`, `🛣 Street ${f.streetWidth} m`) : undefined,
    f.facing
      ? t(lang, `🧭 الواجهة: ${FACING_LABELS[f.facing]![0]}`, `🧭 Facing ${FACING_LABELS[f.facing]![1]}`)
      : undefined,
    f.features?.length ? `✨ ${f.features.join(t(lang, '، ', ', '))}` : undefined,
    f.description ? `📝 ${f.description}` : undefined,
    photos ? t(lang, `📷 ${formatNumber(photos, 'ar')} صور`, `📷 ${photos} photos`) : undefined,
  ];
  return lines.filter(Boolean).join('\n');
}
