// The offline parser (issue 3): parse(text, { now, tz, role }) → intent, entities, numbers, confidence,
// language. See README.md for the rules and /work/shared/nlu/CONTRACT.md for the contract.

export { normalizeArabic } from './normalize.ts';
export { MAX_CHARS, parse, parseUnsafe } from './parse.ts';
export { INTENTS, modelParsedSchema, parsedJsonSchema } from './parsed.schema.ts';
export { citiesOfDistrict, districtNameEn, findPlaces, lookupCity, lookupDistrict } from './places.ts';
export { placeIndexStats } from './places-index.ts';
export { textWithout } from './spans.ts';
export type { Entities, Intent, ParseOptions, ParseResult, PropertyType, Role, Span, SpanKind } from './types.ts';
export {
  consultModel,
  MODEL_CONFIDENCE,
  parserUnsure,
  UNSURE_BELOW,
  type Understood,
  understand,
} from './understand.ts';
