// The zod schema of a parsed message (intent and entities of ../shared/nlu/CONTRACT.md, types.ts), for
// what does not come from the offline parser: the model's answer (understand.ts). An answer that does not
// fit it whole is discarded, never repaired: an unknown intent or key, a phone that is no phone, a city the
// gazetteer does not know, a number out of range. The JSON schema the model is asked to follow
// (structured output) is derived from the same lists, so that the two cannot drift apart.
import { z } from 'zod';
import { toE164 } from '../../core/shared/phone.ts';
import { lookupCity } from './places.ts';
import type { Entities, Intent, PropertyType } from './types.ts';

export const INTENTS = [
  'greeting',
  'help',
  'cancel',
  'confirm',
  'deny',
  'select',
  'customer.create',
  'customer.list',
  'customer.update',
  'note.add',
  'request.create',
  'offer.create',
  'property.search',
  'match.list',
  'match.accept',
  'match.reject',
  'appointment.create',
  'appointment.list',
  'appointment.cancel',
  'appointment.reschedule',
  'task.create',
  'task.list',
  'task.complete',
  'sale.record',
  'report.summary',
  'unknown',
] as const satisfies readonly Intent[];

export const PROPERTY_TYPES = [
  'apartment',
  'villa',
  'land',
  'floor',
  'building',
  'duplex',
  'townhouse',
  'rest_house',
  'chalet',
  'farm',
  'shop',
  'office',
  'warehouse',
  'showroom',
  'palace',
] as const satisfies readonly PropertyType[];

// Every intent and property type of types.ts is listed above (a new one fails to compile here).
type Missing<All, Listed> = Exclude<All, Listed> extends never ? true : Exclude<All, Listed>;
const everyIntent: Missing<Intent, (typeof INTENTS)[number]> = true;
const everyType: Missing<PropertyType, (typeof PROPERTY_TYPES)[number]> = true;
void everyIntent;
void everyType;

const LISTING_TYPES = ['sale', 'rent'] as const;
const RENT_PERIODS = ['yearly', 'monthly'] as const;
const PERIODS = ['this_week', 'next_week', 'this_month', 'last_month'] as const;

/** A short single-line text: no line breaks, no control characters, no markup brackets. */
const words = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .refine((v) => !/[\p{Cc}<>{}[\]]/u.test(v), 'not a plain text');
const money = z.number().finite().positive().max(10_000_000_000);
const area = z.number().finite().positive().max(100_000_000);
const rooms = z.number().int().min(0).max(100);

const entityFields = {
  name: words(80).refine((v) => !/\d|[\u0660-\u0669\u06f0-\u06f9]|@/u.test(v), 'a name has no digits'),
  phone: z
    .string()
    .max(40)
    .transform((v, ctx) => {
      const e164 = toE164(v);
      if (!e164) ctx.addIssue({ code: 'custom', message: 'not a phone number' });
      return e164 ?? v;
    }),
  email: z
    .email()
    .max(120)
    .transform((v) => v.toLowerCase()),
  property_type: z.enum(PROPERTY_TYPES),
  listing_type: z.enum(LISTING_TYPES),
  rent_period: z.enum(RENT_PERIODS),
  city: z
    .string()
    .max(80)
    .transform((v, ctx) => {
      const city = lookupCity(v);
      if (!city) ctx.addIssue({ code: 'custom', message: 'not a city of the gazetteer' });
      return city?.nameEn ?? v;
    }),
  district: words(60).transform((v) => v.replace(/^حي\s+/u, '')),
  price: money,
  budget_min: money,
  budget_max: money,
  area,
  area_min: area,
  area_max: area,
  bedrooms: rooms,
  bathrooms: rooms,
  datetime: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/),
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  period: z.enum(PERIODS),
  ref: z.number().int().min(1).max(100_000),
} satisfies Record<keyof Entities, z.ZodType>;

type EntityKey = keyof typeof entityFields;
export const ENTITY_KEYS = Object.keys(entityFields) as EntityKey[];

/**
 * The model's answer: { intent, entities } and nothing else; a key with no value may be null or left out
 * (the structured output sends every key). Parsed, it is the contract's shape: keys without a value dropped.
 */
export const modelParsedSchema = z
  .strictObject({
    intent: z.enum(INTENTS),
    entities: z.strictObject(
      Object.fromEntries(ENTITY_KEYS.map((k) => [k, entityFields[k].nullish()])) as {
        [K in EntityKey]: z.ZodOptional<z.ZodNullable<(typeof entityFields)[K]>>;
      },
    ),
  })
  .transform(({ intent, entities }) => ({
    intent: intent as Intent,
    entities: Object.fromEntries(Object.entries(entities).filter(([, v]) => v !== null && v !== undefined)) as Entities,
  }));

export type ModelParsed = z.output<typeof modelParsedSchema>;

const NUMBER_KEYS = new Set<EntityKey>(['price', 'budget_min', 'budget_max', 'area', 'area_min', 'area_max']);
const INTEGER_KEYS = new Set<EntityKey>(['bedrooms', 'bathrooms', 'ref']);
const ENUMS: Partial<Record<EntityKey, readonly string[]>> = {
  property_type: PROPERTY_TYPES,
  listing_type: LISTING_TYPES,
  rent_period: RENT_PERIODS,
  period: PERIODS,
};

/**
 * The JSON schema of the answer for a strict structured output (OpenAI's rules: every key required,
 * no other key, "no value" as null). Plain types only: the zod schema above checks the rest.
 */
export function parsedJsonSchema(): { name: string; schema: Record<string, unknown> } {
  const entity = (k: EntityKey) => {
    const values = ENUMS[k];
    if (values) return { type: ['string', 'null'], enum: [...values, null] };
    if (INTEGER_KEYS.has(k)) return { type: ['integer', 'null'] };
    if (NUMBER_KEYS.has(k)) return { type: ['number', 'null'] };
    return { type: ['string', 'null'] };
  };
  return {
    name: 'parsed_message',
    schema: {
      type: 'object',
      properties: {
        intent: { type: 'string', enum: [...INTENTS] },
        entities: {
          type: 'object',
          properties: Object.fromEntries(ENTITY_KEYS.map((k) => [k, entity(k)])),
          required: [...ENTITY_KEYS],
          additionalProperties: false,
        },
      },
      required: ['intent', 'entities'],
      additionalProperties: false,
    },
  };
}
