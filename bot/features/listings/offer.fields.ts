// The facts of a listing in the offer dialog: their schema (the dialog's stored data) and how one
// message fills them. Invalid values come back as a sentence for the user, never as a stored value.
import { z } from 'zod';
import { areaSchema, FACINGS, priceSchema } from '../../../core/listings/listings.types.ts';
import { isPropertyType, PROPERTY_TYPES } from '../../../core/requests/requests.service.ts';
import type { TurnContext } from '../../engine/context.ts';
import { lookupCity, lookupDistrict } from '../../language/index.ts';
import { cityLabel } from '../../render/format.ts';
import { t } from '../../render/texts.ts';

export const offerFieldsSchema = z.object({
  listingType: z.enum(['sale', 'rent']).optional(),
  propertyType: z.enum(PROPERTY_TYPES).optional(),
  rentPeriod: z.enum(['yearly', 'monthly']).optional(),
  city: z.string().optional(),
  district: z.string().optional(),
  area: z.number().optional(),
  price: z.number().optional(),
  bedrooms: z.number().optional(),
  bathrooms: z.number().optional(),
  age: z.number().optional(),
  streetWidth: z.number().optional(),
  facing: z.enum(FACINGS).optional(),
  features: z.array(z.string()).optional(),
  description: z.string().optional(),
  regaAdLicenseNumber: z.string().optional(),
});
export type OfferFields = z.infer<typeof offerFieldsSchema>;

/** The offer dialog's stored data: the facts so far and the photos already kept. */
export const offerDataSchema = z.object({
  fields: offerFieldsSchema,
  photos: z.array(z.object({ storageKey: z.string(), mimeType: z.string(), sizeBytes: z.number() })),
});
export type OfferData = z.infer<typeof offerDataSchema>;

/** Asked one at a time until each has a value; the listing cannot be saved without them. */
export const REQUIRED = ['listingType', 'propertyType', 'city', 'district', 'area', 'price'] as const;
export type Required = (typeof REQUIRED)[number];
/** Offered after the summary ("add details"), each one skippable. */
export const DETAILS = ['bedrooms', 'bathrooms', 'age', 'streetWidth', 'facing', 'features', 'description'] as const;
export type Detail = (typeof DETAILS)[number];

/** "Skip" to an optional question, as a button or in words. */
export const isSkip = (ctx: TurnContext) =>
  ctx.choice === 'skip' || /^(تخطي|تخطى|skip|لا يوجد|ما فيه|-)$/iu.test(ctx.text);

const FACING_WORDS: Array<[RegExp, (typeof FACINGS)[number]]> = [
  [/شمال\s*شرق|north\s*-?\s*east/i, 'north_east'],
  [/شمال\s*غرب|north\s*-?\s*west/i, 'north_west'],
  [/جنوب\s*شرق|south\s*-?\s*east/i, 'south_east'],
  [/جنوب\s*غرب|south\s*-?\s*west/i, 'south_west'],
  [/شمال|north/i, 'north'],
  [/جنوب|south/i, 'south'],
  [/شرق|east/i, 'east'],
  [/غرب|west/i, 'west'],
];

/**
 * What one message says about the listing; invalid values come back as the field's error. `asking` is
 * the field the dialog asked for (a lone number or a bare name answers it); `known` what it has so far.
 */
export function readFields(
  ctx: TurnContext,
  asking?: Required | Detail,
  known?: OfferFields,
): { fields: OfferFields; error?: string } {
  const e = ctx.parsed?.entities ?? {};
  const fields: OfferFields = {};
  const numbers = ctx.parsed?.numbers ?? [];
  const lone = numbers.length === 1 ? numbers[0] : undefined;
  const negative = /(^|\s)[-−]\s*\d/.test(ctx.text);
  if (e.listing_type) fields.listingType = e.listing_type;
  if (ctx.choice === 'sale' || ctx.choice === 'rent') fields.listingType = ctx.choice;
  if (e.rent_period) fields.rentPeriod = e.rent_period;
  if (isPropertyType(e.property_type)) fields.propertyType = e.property_type;
  if (isPropertyType(ctx.choice)) fields.propertyType = ctx.choice;
  if (e.city) fields.city = e.city;
  if (asking === 'city' && !fields.city && ctx.text) {
    const city = lookupCity(ctx.text);
    if (!city)
      return {
        fields,
        error: t(
          ctx.lang,
          `ما عرفت المدينة «${ctx.text.slice(0, 40)}». اكتب اسمها، مثل: الرياض، جدة، الدمام.`,
          `I don't know the city "${ctx.text.slice(0, 40)}". Write its name, e.g. Riyadh, Jeddah, Dammam.`,
        ),
      };
    fields.city = city.nameEn;
  }
  if (e.district) fields.district = e.district;
  if (asking === 'district' && ctx.text) {
    const city = known?.city ?? fields.city;
    const found = lookupDistrict(ctx.text, city);
    if (!found || (city && found.cityNameEn !== city)) {
      return {
        fields,
        error: t(
          ctx.lang,
          `ما لقيت حي «${ctx.text.slice(0, 40)}» في ${city ? cityLabel(city, 'ar') : 'المدينة'}. اكتب اسم الحي، مثل: النرجس.`,
          `I could not find the district "${ctx.text.slice(0, 40)}" in ${city ?? 'that city'}. Write the district's name, e.g. Al Narjis.`,
        ),
      };
    }
    fields.district = found.nameAr;
  }
  const area = e.area ?? (asking === 'area' ? lone : undefined);
  if (area !== undefined || (asking === 'area' && ctx.text)) {
    const checked = areaSchema.safeParse(negative ? -Math.abs(area ?? 0) : area);
    if (!checked.success)
      return {
        fields,
        error: t(
          ctx.lang,
          'المساحة لازم تكون رقم بالمتر المربع أكبر من صفر ومعقول، مثل: ٤٥٠',
          'The area must be a plausible number of square metres above 0, e.g. 450',
        ),
      };
    fields.area = checked.data;
  }
  const price = e.price ?? e.budget_max ?? (asking === 'price' ? lone : undefined);
  if (price !== undefined || (asking === 'price' && ctx.text)) {
    const checked = priceSchema.safeParse(negative ? -Math.abs(price ?? 0) : price);
    if (!checked.success)
      return {
        fields,
        error: t(
          ctx.lang,
          'السعر لازم يكون مبلغ بالريال أكبر من صفر، مثل: ٢ مليون و٣٠٠ ألف',
          'The price must be an amount in SAR above 0, e.g. 2.3 million',
        ),
      };
    fields.price = checked.data;
  }
  if (e.bedrooms !== undefined) fields.bedrooms = e.bedrooms;
  if (e.bathrooms !== undefined) fields.bathrooms = e.bathrooms;
  if (asking && DETAILS.includes(asking as Detail)) {
    const small = (max: number) =>
      lone !== undefined && Number.isInteger(lone) && lone >= 0 && lone <= max ? lone : undefined;
    switch (asking) {
      case 'bedrooms':
      case 'bathrooms': {
        const n = fields[asking] ?? small(50);
        if (n === undefined)
          return {
            fields,
            error: t(ctx.lang, 'اكتب العدد فقط، مثل: ٤ (أو تخطي)', 'Write just the number, e.g. 4 (or skip)'),
          };
        fields[asking] = n;
        break;
      }
      case 'age': {
        const n = /جديد|new/i.test(ctx.text) ? 0 : small(200);
        if (n === undefined)
          return {
            fields,
            error: t(
              ctx.lang,
              'اكتب عمر العقار بالسنوات، مثل: ٥ أو جديد (أو تخطي)',
              'Write the age in years, e.g. 5 or new (or skip)',
            ),
          };
        fields.age = n;
        break;
      }
      case 'streetWidth': {
        const n = small(200);
        if (!n)
          return {
            fields,
            error: t(
              ctx.lang,
              'اكتب عرض الشارع بالمتر، مثل: ١٥ (أو تخطي)',
              'Write the street width in metres, e.g. 15 (or skip)',
            ),
          };
        fields.streetWidth = n;
        break;
      }
      case 'facing': {
        const facing = FACING_WORDS.find(([re]) => re.test(ctx.text))?.[1];
        if (!facing)
          return {
            fields,
            error: t(
              ctx.lang,
              'اكتب الواجهة: شمالية، جنوبية، شرقية، غربية (أو تخطي)',
              'Write the facing: north, south, east, west (or skip)',
            ),
          };
        fields.facing = facing;
        break;
      }
      case 'features':
        fields.features = ctx.text
          .split(/[،,\n+]|\sو(?=\S)/u)
          .map((f) => f.trim())
          .filter((f) => f.length > 0 && f.length <= 60)
          .slice(0, 30);
        break;
      case 'description':
        fields.description = ctx.text.slice(0, 2_000);
        break;
    }
  }
  return { fields };
}
