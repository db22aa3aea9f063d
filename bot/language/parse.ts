// The parser: one message in, its intent, entities, numbers, confidence and language out. Pure and
// deterministic: the only inputs are the text and the options (now, tz, role); the place index is loaded
// once when places.ts is first imported.
//
// Steps, each over the same token array (normalize.ts), each marking the tokens it has used so that later
// steps do not read them again: e-mail, phones, rent period, dates and times, numbers and ordinals,
// quantities (money, area, rooms, references), places, names, then the intent and the entities that
// depend on it (budget or price, area or minimum area, ref).

import { makeClock } from './calendar.ts';
import { extractDateTime } from './datetime.ts';
import { classify } from './intent.ts';
import { type Annotation, annotate } from './lexicon.ts';
import { amountEntities, classifyQuantities, type Quantity } from './money.ts';
import { findName, isKnownFirstName, isNameForSomeone } from './names.ts';
import { keySet, T_NUM, T_PUNCT, type Token, tokenize } from './normalize.ts';
import { findNumbers, type NumSpan, ordinalAt } from './numbers.ts';
import { findPhones } from './phone.ts';
import { matchPlaces } from './places.ts';
import { propertyFacts } from './property.ts';
import { claimedSpans, type Span, type SpanKind, tokenSpan } from './spans.ts';
import type { Entities, Intent, ParseOptions, ParseResult, Role } from './types.ts';

/**
 * Only the first MAX_CHARS UTF-16 units of a message are analysed (a chat message is far shorter; this
 * bounds the work on pasted documents and hostile input). The language is decided on the same slice.
 */
export const MAX_CHARS = 4096;

const ROLES = new Set<Role>(['broker', 'owner', 'client']);

/** Intents whose amounts are a seeker's budget (and a bare area a minimum). */
const SEEKER_INTENTS = new Set<Intent>([
  'request.create',
  'property.search',
  'customer.create',
  'customer.update',
  'customer.list',
  'note.add',
  'match.list',
]);
const DOMAIN_TAGS = [
  'CUST',
  'CUSTS',
  'APPT',
  'APPTS',
  'TASK',
  'REQW',
  'OFFERW',
  'MATCH',
  'SOLD',
  'NOTE',
  'SEEK1',
  'SEEK3',
  'HAVE',
  'SEARCHW',
  'REMIND',
];
/** Intents that take a reference to an item of a list even without "رقم". */
const REF_INTENTS = new Set<Intent>(['select', 'match.accept', 'match.reject', 'task.complete']);
/** The largest reference number (a property's, a task's): seven digits, as the features read them. */
const MAX_REF = 9_999_999;

const SELECT_FILLERS = keySet([
  'رقم',
  'الرقم',
  'number',
  'no',
  'num',
  'option',
  'خيار',
  'الخيار',
  'one',
  'the',
  'ال',
  'اختار',
  'اخترت',
  'ابي',
  'ابغي',
  'ابغى',
  'i',
  'pick',
  'choose',
  'take',
  'please',
  'لو',
  'سمحت',
  'item',
  'هذا',
  'هذي',
  'ok',
  'يا',
  'طيب',
  'واحد',
  'وحده',
]);

/** "the", "this", "that", "which", "other": "one" after them is a pronoun, not a number. */
function isDeterminer(t: Token | undefined): boolean {
  return !!t && (t.n === 'the' || t.n === 'this' || t.n === 'that' || t.n === 'which' || t.n === 'other');
}

function capText(text: string): string {
  if (text.length <= MAX_CHARS) return text;
  let end = MAX_CHARS;
  const c = text.charCodeAt(end - 1);
  if (c >= 0xd800 && c <= 0xdbff) end--; // do not split a surrogate pair
  return text.slice(0, end);
}

function detectLanguage(text: string): 'ar' | 'en' {
  let ar = 0;
  let en = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c >= 0x0600 && c <= 0x06ff) || (c >= 0x0750 && c <= 0x077f) || (c >= 0xfb50 && c <= 0xfeff)) ar++;
    else if ((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a)) en++;
  }
  return en > ar ? 'en' : 'ar';
}

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/;

function findEmail(text: string, toks: Token[], used: Uint8Array): string | undefined {
  if (!text.includes('@')) return undefined;
  const m = EMAIL.exec(text);
  if (!m) return undefined;
  const a = m.index;
  const b = a + m[0].length;
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i] as Token;
    if (t.s >= a && t.e <= b) used[i] = 1;
  }
  return m[0].toLowerCase();
}

/** The "2" of "م2"/"m2"/"م²" is part of the unit, not a number. */
function markSquareDigits(toks: Token[], used: Uint8Array): void {
  for (let i = 1; i < toks.length; i++) {
    const t = toks[i] as Token;
    const p = toks[i - 1] as Token;
    if (t.t === T_NUM && t.n === '2' && !t.sp && (p.n === 'م' || p.n === 'm' || p.n === 'متر')) used[i] = 1;
  }
}

/** Ordinals (الثالث, second, 3rd) not used by dates; marked used. */
function findOrdinals(toks: Token[], used: Uint8Array): NumSpan[] {
  const out: NumSpan[] = [];
  for (let i = 0; i < toks.length; i++) {
    if (used[i]) continue;
    const t = toks[i] as Token;
    if (t.t === T_PUNCT) continue;
    const o = ordinalAt(toks, i);
    if (o && o.i1 <= toks.length) {
      let free = true;
      for (let k = o.i0; k < o.i1; k++) if (used[k]) free = false;
      if (!free) continue;
      out.push(o);
      for (let k = o.i0; k < o.i1; k++) used[k] = 1;
      i = o.i1 - 1;
    }
  }
  return out;
}

/** A message that is only a number or an ordinal (with fillers such as رقم, the, one): its value. */
function selectRef(toks: Token[], ann: Annotation, spans: NumSpan[]): number | undefined {
  let span: NumSpan | undefined;
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i] as Token;
    if (t.t === T_PUNCT) continue;
    const s = spans.find((x) => x.i0 <= i && i < x.i1);
    if (s) {
      if (span && span !== s) return undefined;
      span = s;
      continue;
    }
    if (SELECT_FILLERS.has(t.n)) continue;
    const tags = ann.tags[i];
    if (tags?.every((x) => x === 'FILLER' || x === 'STOP')) continue;
    return undefined;
  }
  if (!span) return undefined;
  if (!Number.isInteger(span.value) || span.value < 1 || span.value > (span.ordinal ? 20 : 99) || span.mult > 1) {
    return undefined;
  }
  return span.value;
}

function findRef(toks: Token[], ann: Annotation, qs: Quantity[], intent: Intent): number | undefined {
  const cued = qs.find((q) => q.kind === 'ref');
  // «مهمة 99999999999» refers to nothing: no office numbers its tasks or properties that far
  if (cued) return Number.isInteger(cued.value) && cued.value >= 1 && cued.value <= MAX_REF ? cued.value : undefined;
  const isItem = (i: number): boolean => !!ann.tags[i]?.includes('ITEM');
  for (const q of qs) {
    if (!q.ordinal) continue;
    // "الفرصة الأولى", "المهمة الثانية", "the first match", "أول مطابقة"
    let before = q.i0 - 1;
    while (before >= 0 && (toks[before] as Token).t === T_PUNCT) before--;
    if ((before >= 0 && isItem(before)) || isItem(q.i1) || REF_INTENTS.has(intent)) return q.value;
  }
  // "تم بيع العقار ٤": in a sale, a bare number right after the word for a property names it
  for (const q of intent === 'sale.record' ? qs : []) {
    if (q.kind !== 'plain' || q.ordinal || !Number.isInteger(q.value) || q.value < 1 || q.value > 9999) continue;
    if (q.i0 > 0 && ann.tags[q.i0 - 1]?.includes('PROPERTY')) return q.value;
  }
  if (REF_INTENTS.has(intent)) {
    const plain = qs.find((q) => q.kind === 'plain' && Number.isInteger(q.value) && q.value >= 1 && q.value < 1000);
    if (plain) return plain.value;
  }
  return undefined;
}

/** The parser itself, without the safety net of parse(). */
export function parseUnsafe(text: string, options: ParseOptions): ParseResult {
  const role: Role = ROLES.has(options?.role as Role) ? (options.role as Role) : 'broker';
  const clock = makeClock(options?.now, options?.tz);
  const src = capText(typeof text === 'string' ? text : '');
  const language = detectLanguage(src);
  const toks = tokenize(src);
  const used = new Uint8Array(toks.length);
  const ann = annotate(toks);
  const entities: Entities = {};

  const spans: Span[] = [];
  let before = used.slice();
  const email = findEmail(src, toks, used);
  claimedSpans(toks, before, used, 'email', spans);
  const phones = findPhones(toks, src, used);
  for (const p of phones) spans.push(tokenSpan(toks, p.i0, p.i1, 'phone'));
  markSquareDigits(toks, used);
  const facts = propertyFacts(toks, ann, used);
  before = used.slice();
  const dt = extractDateTime(toks, used, clock);
  claimedSpans(toks, before, used, 'datetime', spans);
  const ordinals = findOrdinals(toks, used);
  // "the second one", "this one": the English pronoun "one" is not a number
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i] as Token;
    if ((t.n === 'one' || t.n === 'ones' || t.n === 'واحد' || t.n === 'وحده') && i > 0) {
      const p = toks[i - 1] as Token;
      const p2 = i > 1 ? (toks[i - 2] as Token) : undefined;
      if (used[i - 1] || isDeterminer(p) || isDeterminer(p2) || ann.tags[i - 1]?.includes('LAST')) used[i] = 1;
    }
  }
  const cardinals = findNumbers(toks, used);
  const numberSpans = [...cardinals, ...ordinals].sort((a, b) => a.i0 - b.i0);
  for (const s of numberSpans) for (let k = s.i0; k < s.i1; k++) used[k] = 1;
  const qs = classifyQuantities(toks, ann, numberSpans, used);
  for (const q of qs) for (let k = q.i1; k < q.end; k++) used[k] = 1;
  // dual room words: غرفتين, حمامين
  for (const i of ann.pos.get('BED2') ?? []) {
    qs.push({ kind: 'bed', value: 2, i0: i, i1: i + 1, end: i + 1, mult: 1, unit: true });
  }
  for (const i of ann.pos.get('BATH2') ?? []) {
    qs.push({ kind: 'bath', value: 2, i0: i, i1: i + 1, end: i + 1, mult: 1, unit: true });
  }
  qs.sort((a, b) => a.i0 - b.i0);

  const propertyContext =
    !!facts.property_type ||
    !!facts.listing_type ||
    ann.pos.has('PROPERTY') ||
    qs.some((q) => q.kind === 'money' || q.kind === 'area' || q.kind === 'bed' || q.kind === 'bath');
  // a one-word district with no cue is read only in a message about property or the CRM
  const domainContext = propertyContext || DOMAIN_TAGS.some((t) => ann.pos.has(t));
  before = used.slice();
  const place = matchPlaces(toks, used, {
    tags: ann.tags,
    property: domainContext,
    isName: isKnownFirstName,
    isNameForSomeone,
    text: src,
  });
  claimedSpans(toks, before, used, 'place', spans);
  before = used.slice();
  const name = findName(toks, used, { tags: ann.tags, text: src });
  claimedSpans(toks, before, used, 'name', spans);
  const sel = selectRef(toks, ann, numberSpans);

  const { intent, confidence } = classify({
    toks,
    ann,
    role,
    ...(sel !== undefined ? { selectRef: sel } : {}),
    hasName: name !== undefined,
    hasPhone: phones.length > 0,
    hasEmail: email !== undefined,
    hasPlace: place.city !== undefined || place.district !== undefined,
    hasMoney: qs.some((q) => q.kind === 'money'),
    hasArea: qs.some((q) => q.kind === 'area'),
    hasRooms: qs.some((q) => q.kind === 'bed' || q.kind === 'bath'),
    hasDate: dt.date !== undefined || dt.datetime !== undefined,
    hasPeriod: dt.period !== undefined,
    propertyType: facts.property_type !== undefined,
    listingType: facts.listing_type !== undefined,
    hasRef: qs.some((q) => q.kind === 'ref' || q.ordinal === true),
    smallNumber: qs.some(
      (q) => q.kind === 'plain' && !q.ordinal && Number.isInteger(q.value) && q.value >= 1 && q.value < 100,
    ),
  });

  if (name !== undefined) entities.name = name;
  const phone = phones[0];
  if (phone) entities.phone = phone.e164;
  if (email !== undefined) entities.email = email;
  if (facts.property_type) entities.property_type = facts.property_type;
  // a status such as "تم الشراء" in an update is not a listing type
  if (facts.listing_type && !(intent === 'customer.update' && !facts.property_type)) {
    entities.listing_type = facts.listing_type;
  }
  if (facts.rent_period) entities.rent_period = facts.rent_period;
  if (place.city !== undefined) entities.city = place.city;
  if (place.district !== undefined) entities.district = place.district;
  const seeker =
    SEEKER_INTENTS.has(intent) ||
    (intent !== 'offer.create' &&
      intent !== 'sale.record' &&
      qs.some((q) => q.kind === 'money' && (q.cue === 'max' || q.cue === 'min' || q.side !== undefined)));
  Object.assign(entities, amountEntities(qs, seeker));
  if (dt.datetime !== undefined) entities.datetime = dt.datetime;
  else if (dt.date !== undefined) entities.date = dt.date;
  if (dt.period !== undefined) entities.period = dt.period;
  const ref = intent === 'select' && sel !== undefined ? sel : findRef(toks, ann, qs, intent);
  if (ref !== undefined) entities.ref = ref;

  // numbers: cardinal values (after multipliers and ranges), room counts of dual words, and ordinals
  // read as references
  const numbers: number[] = [];
  for (const q of qs) {
    const kind = quantityKind(q, ref);
    if (kind) spans.push(tokenSpan(toks, q.i0, Math.max(q.i1, q.end), kind));
    if (q.ordinal) {
      if (ref !== undefined && q.value === ref) numbers.push(q.value);
    } else if (q.parts) numbers.push(...q.parts);
    else if (Number.isFinite(q.value)) numbers.push(q.value);
  }

  spans.sort((a, b) => a.start - b.start);
  return { intent, entities, numbers, confidence, language, spans };
}

/** What a quantity was read as; undefined for an ordinal that is not the reference. */
function quantityKind(q: Quantity, ref: number | undefined): SpanKind | undefined {
  if (q.kind === 'bed' || q.kind === 'bath') return 'rooms';
  if (q.kind === 'plain') return q.ordinal ? (q.value === ref ? 'ref' : undefined) : 'number';
  return q.kind;
}

/** Parses one message. Never throws: an internal error gives `unknown` with no entities. */
export function parse(text: string, options: ParseOptions): ParseResult {
  try {
    return parseUnsafe(text, options);
  } catch {
    let language: 'ar' | 'en' = 'ar';
    try {
      language = detectLanguage(capText(typeof text === 'string' ? text : ''));
    } catch {
      language = 'ar';
    }
    return { intent: 'unknown', entities: {}, numbers: [], confidence: 0, language, spans: [] };
  }
}
