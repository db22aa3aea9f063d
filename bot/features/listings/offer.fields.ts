// The facts of a listing in the offer dialog: their schema (the dialog's stored data) and how one
// message fills them. Invalid values come back as a sentence for the user, never as a stored value.

import { z } from 'zod';
import { areaSchema, FACINGS, priceSchema } from '../../../core/listings/listings.types.ts';
import { isPropertyType, PROPERTY_TYPES } from '../../../core/requests/requests.service.ts';
import { toAsciiDigits } from '../../../core/shared/digits.ts';
import { truncateGraphemes } from '../../../core/shared/sanitize.ts';
import { foldForSearch } from '../../../core/shared/text.ts';
import type { TurnContext } from '../../engine/context.ts';
import { lookupCity, lookupDistrict, parse } from '../../language/index.ts';
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
  /** set once a broker's listing is saved and only its REGA licence is still asked */
  propertyId: z.string().optional(),
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
/** «لا لحظه», «غلطت», «اقصد», "no wait", "I mean": what follows corrects what came before it. */
const CORRECTED_AFTER =
  /(?:^|[^\p{L}])(?:غلطت|اقصد|قصدي|لا لحظه|لا لحظة|لا عفوا|no wait|sorry i mean|i mean|correction)(?=[^\p{L}]|$)/giu;

/** The district said after the last correction word in the message, when it is another one. */
function districtAfterCorrection(ctx: TurnContext): string | undefined {
  let cut = -1;
  for (const m of ctx.text.matchAll(CORRECTED_AFTER)) cut = m.index + m[0].length;
  if (cut < 0) return undefined;
  const later = parse(ctx.text.slice(cut), { now: ctx.now, tz: ctx.tz, role: 'owner' }).entities.district;
  return later && later !== ctx.parsed?.entities.district ? later : undefined;
}

/** A message about the district as a field: «غير الحي الى …», "district is …". */
const DISTRICT_FIELD = /(^|[^\p{L}])(ال)?حي(?=[^\p{L}]|$)|\bdistrict\b/iu;
/** What comes before the district's name in such a message. */
const DISTRICT_FIELD_LEAD = /^.*?(?:(?:ال)?حي|district)(?:\s+(?:الى|إلى|ل|لـ|to|is|:))?\s*/iu;

/** An answer to «في أي حي؟» that is no district: a yes, «اعتمد», «ما ادري», "not sure" (folded letters). */
const NO_DISTRICT =
  /^(اعتمد|اعتمده|تمام|اوكي|اوك|نعم|ايه|ايوه|اكيد|ok|okay|yes|confirm|done)$|(^|\s)(ما|مو|مب|مااا)\s*(ادري|اعرف|متاكد|عارف)(?=\s|$)|\b(don'?t know|not sure|no idea)\b/u;

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

/** "لا، السعر ٧٥ الف", «غير المدينة جدة», «خله للإيجار», "change the price to 750k": the user corrects a fact. */
const CORRECTION =
  /^(لا|لأ|لاء|no|nope|wrong|not)(\s|[،,.!]|$)|(^|\s)(عدل|عدّل|غير|غيّر|غيرها|غيره|خله|خليه|خليها|خلها|صحح|بدل|بدّل|بدال|الصحيح|change|make it|correct|update|instead)(\s|$)/iu;
export const isCorrection = (text: string) => CORRECTION.test(text.trim());

/** «الشارع ٢٠ م», "street 20 m", «عرض الشارع ١٥»: a street width, never an area. */
const STREET = /(?:شارع|الشارع|شوارع|street)\s*(?:عرضه|عرض|بعرض|width|of)?\s*(\d+(?:\.\d+)?)/iu;
const STREET_BEFORE = /(?:عرض|بعرض|width)\s*(?:الشارع|شارع|street|of the street)\s*(\d+(?:\.\d+)?)/iu;

/**
 * What one message says about the listing; invalid values come back as the field's error. `asking` is
 * the field the dialog asked for: a lone number or a bare name answers only it. Facts said with their
 * label («مساحتها ٤٠٠», «بمليونين», «حي الياسمين») fill their own fields whatever was asked, so that an
 * answer may carry several; a fact already known changes only when the user corrects it, or at the
 * summary (`known` is what the dialog has so far). Free-text steps (features, description) read nothing
 * else, unless the user corrects a fact.
 */
export function readFields(
  ctx: TurnContext,
  asking?: Required | Detail,
  known?: OfferFields,
  atSummary = false,
): { fields: OfferFields; error?: string } {
  const e = ctx.parsed?.entities ?? {};
  const fields: OfferFields = {};
  const numbers = ctx.parsed?.numbers ?? [];
  const ascii = toAsciiDigits(ctx.text);
  const correcting = isCorrection(ctx.text) || atSummary;
  if ((asking === 'features' || asking === 'description') && !isCorrection(ctx.text))
    return readDetail(ctx, asking, fields, undefined);
  const street = Number((ascii.match(STREET) ?? ascii.match(STREET_BEFORE))?.[1] ?? Number.NaN);
  const streetWidth = Number.isFinite(street) && street > 0 && street <= 200 ? street : undefined;
  // A number that already has its field (the street's width, «٥ غرف و٤ حمامات» at the price question)
  // is no other field's value.
  const free = numbers.filter((n) => n !== streetWidth && n !== e.bedrooms && n !== e.bathrooms);
  const lone = free.length === 1 ? free[0] : undefined;
  // «المساحة غلط، ٣٥٠»: a lone number goes to the field the message names, else to the field asked.
  const named = NAMED_FIELDS.find(([re]) => re.test(ctx.text))?.[1];
  const target = lone !== undefined && named ? named : asking;
  const negative = /(^|\s)[-−]\s*\d/.test(ctx.text);
  /**
   * A fact the message states fills its field. What the listing *is* (sale or rent, its type) changes
   * only when asked or corrected: «الدور الثاني…» in an answer never turns an apartment into a floor.
   */
  const may = (field: keyof OfferFields, value: unknown) =>
    value !== undefined &&
    (!(field === 'listingType' || field === 'propertyType') ||
      known?.[field] === undefined ||
      correcting ||
      asking === field);
  // «٧٠ الف بالسنه» at «للبيع ولا للإيجار؟»: a price a year (or a month) is a rent
  const listingType =
    ctx.choice === 'sale' || ctx.choice === 'rent'
      ? ctx.choice
      : (e.listing_type ?? (e.rent_period ? 'rent' : undefined));
  if (may('listingType', listingType)) fields.listingType = listingType;
  if (may('rentPeriod', e.rent_period)) fields.rentPeriod = e.rent_period;
  const propertyType = isPropertyType(ctx.choice)
    ? ctx.choice
    : isPropertyType(e.property_type)
      ? e.property_type
      : undefined;
  if (may('propertyType', propertyType)) fields.propertyType = propertyType;
  if (may('city', e.city)) fields.city = e.city;
  if (asking === 'city' && !fields.city && ctx.text && !Object.keys(e).length) {
    const city = lookupCity(ctx.text);
    if (!city)
      return {
        fields,
        error: t(
          ctx.lang,
          `ما عرفت المدينة «${truncateGraphemes(ctx.text, 40)}». اكتب اسمها، مثل: الرياض، جدة، الدمام.`,
          `I don't know the city "${truncateGraphemes(ctx.text, 40)}". Write its name, e.g. Riyadh, Jeddah, Dammam.`,
        ),
      };
    fields.city = city.nameEn;
  }
  if (may('district', e.district)) fields.district = e.district;
  // «حي الربيع.. لا لحظه غلطت، حي الندى»: the district after the correction is the one meant
  const corrected = e.district ? districtAfterCorrection(ctx) : undefined;
  if (corrected) fields.district = corrected;
  // «غير الحي الى العقيق»: the district named as the field, whose name is a town's too (العقيق): a
  // district of the listing's city, and the city stays
  if (!fields.district && e.city && known?.city && e.city !== known.city && DISTRICT_FIELD.test(ctx.text)) {
    const named = lookupDistrict(ctx.text.replace(DISTRICT_FIELD_LEAD, ''), known.city);
    if (named && named.cityNameEn === known.city) {
      fields.district = named.nameAr;
      delete fields.city;
    }
  }
  // "riyadh, al yasmin", «الرياض - الياسمين»: the district written beside the city, without a cue
  if (fields.city && !fields.district && !known?.district && ctx.text && e.city) {
    const beside = ctx.text
      .split(/[,،\-–]/u)
      .map((part) => part.trim())
      .filter((part) => part && !/\d/.test(part) && part.split(/\s+/).length <= 4 && !lookupCity(part));
    for (const part of beside) {
      const found = lookupDistrict(part, fields.city);
      if (found && found.cityNameEn === fields.city) {
        fields.district = found.nameAr;
        break;
      }
    }
  }
  if (asking === 'district' && !e.district && ctx.text && !Object.keys(e).length) {
    const city = fields.city ?? known?.city;
    const found = lookupDistrict(ctx.text, city);
    // «اعتمد», «ما ادري»: not a district's name, and the listing cannot go out without one
    if (!found && NO_DISTRICT.test(foldForSearch(ctx.text))) {
      const where = city ? cityLabel(city, 'ar') : 'المدينة';
      return {
        fields,
        error: t(
          ctx.lang,
          `أحتاج اسم الحي عشان أسجل العقار ويلقاه العملاء: وش الحي أو أقرب حي له في ${where}؟ (للإلغاء اكتب «إلغاء»)`,
          `I need the district to list the property so that clients find it: which district of ${city ?? 'the city'} is it in, or the nearest one? (type "cancel" to stop)`,
        ),
      };
    }
    if (!found || (city && found.cityNameEn !== city)) {
      return {
        fields,
        error: t(
          ctx.lang,
          `ما لقيت حي «${truncateGraphemes(ctx.text, 40)}» في ${city ? cityLabel(city, 'ar') : 'المدينة'}. اكتب اسم الحي، مثل: النرجس.`,
          `I could not find the district "${truncateGraphemes(ctx.text, 40)}" in ${city ?? 'that city'}. Write the district's name, e.g. Al Narjis.`,
        ),
      };
    }
    fields.district = found.nameAr;
  }
  // An offer has one area: a seeker's single bound («مساحتها ١٦٠ متر وابغى…») is that area.
  const statedArea =
    e.area ?? (e.area_min !== undefined && e.area_max === undefined ? e.area_min : undefined) ?? e.area_max;
  const labelledArea = statedArea !== undefined && statedArea !== streetWidth ? statedArea : undefined;
  const statedPrice = e.price ?? e.budget_max ?? e.budget_min;
  // A lone number answers the field asked, unless the message labels it as something else.
  const area = labelledArea ?? (target === 'area' && lone !== undefined && lone !== statedPrice ? lone : undefined);
  if (
    may('area', area) ||
    // «-50»: the parser reads no number in it, but it is a wrong answer, not no answer
    (asking === 'area' && ctx.text && area === undefined && (free.length > 0 || negative) && statedPrice === undefined)
  ) {
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
  const price = statedPrice ?? (target === 'price' && lone !== undefined && lone !== labelledArea ? lone : undefined);
  if (
    may('price', price) ||
    (asking === 'price' && price === undefined && (free.length > 0 || negative) && labelledArea === undefined)
  ) {
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
  if (streetWidth !== undefined && may('streetWidth', streetWidth)) fields.streetWidth = streetWidth;
  if (may('bedrooms', e.bedrooms)) fields.bedrooms = e.bedrooms;
  if (may('bathrooms', e.bathrooms)) fields.bathrooms = e.bathrooms;
  if (target && target !== asking && DETAILS.includes(target as Detail) && fields[target] === undefined) {
    const named = readDetail(ctx, target as Detail, fields, lone);
    if (!named.error) return named;
  }
  if (asking && DETAILS.includes(asking as Detail) && fields[asking] === undefined) {
    return readDetail(ctx, asking as Detail, fields, lone);
  }
  return { fields };
}

/** Words that name a field, so that a bare number beside them is that field's value. */
const NAMED_FIELDS: Array<[RegExp, Required | Detail]> = [
  [/المساح[هة]|مساحت|(^|\s)area(\s|$)|(^|\s)size(\s|$)/iu, 'area'],
  [/(^|\s)(ال)?سعر|(^|\s)price(\s|$)/iu, 'price'],
  [/غرف|(^|\s)(bed)?rooms?(\s|$)/iu, 'bedrooms'],
  [/حمام|دورات مياه|دورة مياه|bathrooms?/iu, 'bathrooms'],
  [/(^|\s)عمر(ها|ه)?(\s|$)|(^|\s)age(\s|$)/iu, 'age'],
];

/** The answer to a detail question (how many bedrooms, the facing, the description…). */
function readDetail(
  ctx: TurnContext,
  asking: Detail,
  fields: OfferFields,
  lone: number | undefined,
): { fields: OfferFields; error?: string } {
  {
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
        fields.description = truncateGraphemes(ctx.text, 2_000);
        break;
    }
  }
  return { fields };
}
