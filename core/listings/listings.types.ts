// Listings: properties offered for sale or rent, the offers that carry them to the marketplace, and
// their validation rules. Money is whole SAR, areas whole m².
import { z } from 'zod';
import { PROPERTY_TYPES } from '../requests/requests.service.ts';

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

export type ListingErrorCode =
  | 'LISTING.INVALID_INPUT'
  | 'LISTING.NOT_FOUND'
  | 'MARKET.NOT_SHARED'
  | 'MARKET.FULL'
  | 'MARKET.OWN_OFFER';

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
