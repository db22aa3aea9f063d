// What a seeker wants, as read from a message: shared by new leads (customer.create with criteria)
// and requests (request.create), so that both file the same request and describe it the same way.
import { z } from 'zod';
import { type NewRequest, PROPERTY_TYPES, type PropertyType } from '../../../core/requests/requests.service.ts';
import { type Entities, lookupDistrict } from '../../language/index.ts';
import { countAr, NOUNS } from '../../render/counts.ts';
import { cityLabel, districtLabel, formatMoney, formatNumber, type Lang, placeLabel } from '../../render/format.ts';
import { t } from '../../render/texts.ts';
import { typeLabel } from '../listings/listings.texts.ts';

export interface Criteria {
  listingType?: 'sale' | 'rent';
  propertyType?: PropertyType;
  city?: string;
  district?: string;
  /** districts named after the first («الملقا او الياسمين»): a request takes them all */
  moreDistricts?: string[];
  /** SAR; a rent's budget is a year's, as listings price rents (budgetPerMonth: it was said a month) */
  budgetMin?: number;
  budgetMax?: number;
  /** the budget was said a month («٥ آلاف بالشهر», "5k a month"): kept as twelve months, said both ways */
  budgetPerMonth?: boolean;
  areaMin?: number;
  areaMax?: number;
  bedrooms?: number;
}

/** Criteria kept in a dialog's state while it asks for what is missing. */
export const criteriaSchema: z.ZodType<Criteria> = z.object({
  listingType: z.enum(['sale', 'rent']).optional(),
  propertyType: z.enum(PROPERTY_TYPES).optional(),
  city: z.string().optional(),
  district: z.string().optional(),
  moreDistricts: z.array(z.string()).optional(),
  budgetMin: z.number().optional(),
  budgetMax: z.number().optional(),
  budgetPerMonth: z.boolean().optional(),
  areaMin: z.number().optional(),
  areaMax: z.number().optional(),
  bedrooms: z.number().optional(),
});

export function criteriaFrom(e: Entities): Criteria {
  // Listings price a rent by the year, as Saudi rents are quoted: a budget said a month («ميزانيتي ٥ الاف
  // بالشهر», "5k a month") is compared as twelve of it. A month is said of rents only: the deal is left
  // as said (a budget alone adds to the client's request, request.amend.ts).
  const listingType = e.listing_type;
  const budget = e.budget_max ?? e.price;
  const perMonth = listingType !== 'sale' && e.rent_period === 'monthly' && Boolean(budget || e.budget_min);
  const yearly = (amount: number | undefined) => (amount !== undefined && perMonth ? amount * 12 : amount);
  const c: Criteria = {
    listingType,
    propertyType: e.property_type as PropertyType | undefined,
    city: e.city,
    district: e.district,
    budgetMin: yearly(e.budget_min),
    budgetMax: yearly(budget),
    budgetPerMonth: perMonth || undefined,
    areaMin: e.area_min ?? e.area,
    areaMax: e.area_max,
    bedrooms: e.bedrooms,
  };
  return Object.fromEntries(Object.entries(c).filter(([, v]) => v !== undefined)) as Criteria;
}

/** «او», «أو», «ولا», "or", "and", a comma: between districts a client names together. */
const BETWEEN_PLACES = /\s+(?:او|أو|ولا|or|and)\s+|\s*[،,/]\s*|\s+و(?=ال)/u;

/**
 * The districts of `city` named after the first in «الملقا او الياسمين», «النرجس، الياسمين والعارض»,
 * "al malqa or al yasmin": the parser reads one district; a client often names two or three.
 */
export function moreDistrictsIn(text: string, first: string | undefined, city: string | undefined): string[] {
  if (!first || !city) return [];
  const found: string[] = [];
  for (const part of text.split(BETWEEN_PLACES).slice(1)) {
    // the district's name starts the part («العارض حدود ٣ مليون», "al yasmin riyadh"): its longest
    // opening of up to three words that names one
    const words = part.trim().split(/\s+/u).filter(Boolean);
    for (let n = Math.min(3, words.length); n > 0; n--) {
      const d = lookupDistrict(words.slice(0, n).join(' '), city);
      if (d?.cityNameEn !== city) continue;
      if (d.nameAr !== first && !found.includes(d.nameAr)) found.push(d.nameAr);
      break;
    }
  }
  return found;
}

/** Adds to `c` the districts named after its first (moreDistrictsIn), in its city or that district's. */
export function addMoreDistricts(c: Criteria, text: string, officeCity: string | undefined): void {
  const city = c.city ?? (c.district ? lookupDistrict(c.district, officeCity)?.cityNameEn : undefined);
  const more = moreDistrictsIn(text, c.district, city);
  if (more.length) c.moreDistricts = more;
}

/** Enough to file a request for a lead: a type, a place or a budget. */
export const describesWish = (c: Criteria) =>
  Boolean(c.propertyType || c.city || c.district || c.budgetMax || c.budgetMin);

/** "شقة للإيجار في الملقا، الرياض ٣ غرف حتى ٨٠٠٬٠٠٠ ريال" */
export function describeCriteria(lang: Lang, c: Criteria): string {
  const districts = c.district ? [c.district, ...(c.moreDistricts ?? [])] : [];
  const place =
    districts.length > 1
      ? `${districts.map((d) => districtLabel(d, c.city, lang)).join(t(lang, ' أو ', ' or '))}${c.city ? `${lang === 'ar' ? '، ' : ', '}${cityLabel(c.city, lang)}` : ''}`
      : placeLabel(c.district, c.city, lang);
  const parts = [
    c.propertyType ? typeLabel(c.propertyType, lang) : undefined,
    c.listingType
      ? c.listingType === 'rent'
        ? t(lang, 'للإيجار', 'for rent')
        : t(lang, 'للشراء', 'to buy')
      : undefined,
    place ? t(lang, `في ${place}`, `in ${place}`) : undefined,
    c.bedrooms ? t(lang, countAr(c.bedrooms, NOUNS.room), `${c.bedrooms} bedrooms`) : undefined,
    c.areaMin ? t(lang, `من ${formatNumber(c.areaMin, 'ar')} م²`, `from ${c.areaMin} m²`) : undefined,
    c.budgetMin && c.budgetMax
      ? t(
          lang,
          `بين ${formatMoney(c.budgetMin, 'ar')} و${formatMoney(c.budgetMax, 'ar')}`,
          `between ${formatMoney(c.budgetMin, 'en')} and ${formatMoney(c.budgetMax, 'en')}`,
        )
      : c.budgetMax
        ? t(lang, `حتى ${formatMoney(c.budgetMax, 'ar')}`, `up to ${formatMoney(c.budgetMax, 'en')}`)
        : c.budgetMin
          ? t(lang, `من ${formatMoney(c.budgetMin, 'ar')} وفوق`, `from ${formatMoney(c.budgetMin, 'en')}`)
          : undefined,
    c.budgetPerMonth && (c.budgetMax || c.budgetMin) ? perMonthNote(lang, (c.budgetMax ?? c.budgetMin)!) : undefined,
  ];
  return parts.filter(Boolean).join(' ');
}

/** «سنوياً (٥٬٠٠٠ ريال شهرياً)»: a budget said a month, as compared (a year) and as said. */
function perMonthNote(lang: Lang, yearly: number): string {
  const monthly = Math.round(yearly / 12);
  return t(lang, `سنوياً (${formatMoney(monthly, 'ar')} شهرياً)`, `a year (${formatMoney(monthly, 'en')} a month)`);
}

/** The request these criteria make (a sale unless rent is said). */
/** The criteria as listing-search filters (a budget bounds the price; rooms are a minimum). */
export function searchFilters(c: Criteria) {
  return {
    listingType: c.listingType,
    propertyType: c.propertyType,
    city: c.city,
    district: c.district,
    priceMin: c.budgetMin,
    priceMax: c.budgetMax,
    areaMin: c.areaMin,
    bedroomsMin: c.bedrooms,
  };
}

export function requestFrom(c: Criteria, extra: Pick<NewRequest, 'customerId' | 'urgency'> = {}): NewRequest {
  return {
    ...extra,
    type: c.listingType ?? 'sale',
    propertyTypes: c.propertyType ? [c.propertyType] : [],
    cities: c.city ? [c.city] : [],
    districts: c.district ? [c.district, ...(c.moreDistricts ?? [])] : [],
    priceMin: c.budgetMin,
    priceMax: c.budgetMax,
    areaMin: c.areaMin,
    areaMax: c.areaMax,
    bedroomsMin: c.bedrooms,
  };
}

/** The customer's preferences these criteria set. */
export function preferencesFrom(c: Criteria) {
  return {
    ...(c.budgetMin ? { budgetMin: c.budgetMin } : {}),
    ...(c.budgetMax ? { budgetMax: c.budgetMax } : {}),
    ...(c.city ? { preferredCities: [c.city] } : {}),
    ...(c.district ? { preferredDistricts: [c.district] } : {}),
    ...(c.propertyType ? { propertyTypes: [c.propertyType] } : {}),
  };
}
