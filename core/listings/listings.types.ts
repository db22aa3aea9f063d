// Listings: properties offered for sale or rent, the offers that carry them to the marketplace, and
// their validation rules. Money is whole SAR, areas whole m².
import { z } from 'zod';
import { PROPERTY_TYPES, type PropertyType } from '../requests/requests.service.ts';

export const MAX_PRICE = 2_000_000_000;
export const MAX_AREA = 1_000_000;
export const FACINGS = [
  'north',
  'south',
  'east',
  'west',
  'north_east',
  'north_west',
  'south_east',
  'south_west',
] as const;

export const priceSchema = z
  .number()
  .int('whole riyals')
  .min(1, 'price must be above 0')
  .max(MAX_PRICE, 'price is not plausible');
export const areaSchema = z.number().int().min(1, 'area must be above 0').max(MAX_AREA, 'area is not plausible');

export const newListingSchema = z.object({
  listingType: z.enum(['sale', 'rent']),
  propertyType: z.enum(PROPERTY_TYPES),
  rentPeriod: z.enum(['yearly', 'monthly', 'daily']).optional(),
  city: z.string().min(1).max(100),
  district: z.string().min(1).max(100),
  area: areaSchema,
  price: priceSchema,
  bedrooms: z.number().int().min(0).max(50).optional(),
  bathrooms: z.number().int().min(0).max(50).optional(),
  age: z.number().int().min(0).max(200).optional(),
  streetWidth: z.number().int().min(1).max(200).optional(),
  facing: z.enum(FACINGS).optional(),
  features: z.array(z.string().min(1).max(60)).max(30).optional(),
  description: z.string().max(2_000).optional(),
  regaAdLicenseNumber: z
    .string()
    .regex(/^\d{6,12}$/, 'a REGA advertising licence number is 6 to 12 digits')
    .optional(),
  ownerCustomerId: z.uuid().optional(),
  share: z.boolean().optional(),
  source: z.string().max(50).default('chat'),
  images: z
    .array(z.object({ storageKey: z.string().min(1), mimeType: z.string(), sizeBytes: z.number().int().positive() }))
    .max(20)
    .default([]),
});

export type NewListing = z.input<typeof newListingSchema>;

/** How many months' rent a year's is: a monthly rent compares with requests (a year's budget) as twelve. */
const MONTHS = 12;

/**
 * A listing's price as requests state theirs: a sale's price, a rent by the year. A rent listed by the
 * month is twelve months of it (a client's monthly budget is stored as a year's too, criteria.ts), so
 * that «شقة بـ ٤ آلاف شهرياً» is not under a 40,000-a-year budget. A daily rent (a chalet's night) is
 * left as listed: requests have no daily budget to compare it with.
 */
export function comparablePrice(price: number, listingType: string, rentPeriod?: string | null): number {
  return listingType === 'rent' && rentPeriod === 'monthly' ? Math.min(price * MONTHS, MAX_PRICE) : price;
}

/** A year's price range as a monthly listing's (the inverse of comparablePrice, rounded outward). */
export function monthlyRange(min?: number, max?: number): { gte?: number; lte?: number } {
  return {
    gte: min === undefined ? undefined : Math.floor(min / MONTHS),
    lte: max === undefined ? undefined : Math.ceil(max / MONTHS),
  };
}

export type MarketErrorCode = 'MARKET.NOT_SHARED' | 'MARKET.FULL' | 'MARKET.OWN_OFFER';
export type ListingErrorCode = 'LISTING.INVALID_INPUT' | 'LISTING.NOT_FOUND' | 'LISTING.OWNER_NOT_FOUND';

/**
 * What the marketplace shows of an offer to other offices: the facts, never who owns it. A type alias
 * rather than an interface, so that Prisma takes it as a JSON value.
 */
export type OfferSummary = {
  title: string;
  propertyType: PropertyType;
  listingType: 'sale' | 'rent';
  city: string;
  district?: string;
  /** as listed: a rent per `rentPeriod` (a year when absent) */
  price: number;
  rentPeriod?: 'yearly' | 'monthly' | 'daily';
  area?: number;
  bedrooms?: number;
  bathrooms?: number;
  regaAdLicenseNumber?: string;
  photos?: number;
};

/** What a broker who took a shared offer learns: its summary, reference, and the contacts behind it. */
export interface OfferFullDetails extends Partial<OfferSummary> {
  refNumber?: number;
  ownerName?: string;
  ownerPhone?: string;
  brokerName?: string;
  brokerPhone?: string;
}

export interface ListingSearch {
  listingType?: 'sale' | 'rent';
  propertyType?: string;
  city?: string;
  district?: string;
  priceMin?: number;
  priceMax?: number;
  areaMin?: number;
  bedroomsMin?: number;
  limit?: number;
}
