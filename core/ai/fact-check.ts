// The fact guard of the AI helper's texts: a model writes well and invents easily (a pool, a sea view, a
// fourth bedroom, a nicer district). What it writes from facts is kept only where every checkable claim is
// in those facts; a sentence (an advert) or a line (a summary) that says more is dropped, and a text that
// loses too much is rejected whole. Pure: the caller gives the facts and, for places and people's names,
// the readers it has (the gazetteer and the names lexicon live in the chat layer).
//
// What is checked in each sentence:
// - numbers (digits in any script, "1.2 مليون", "٩٥٠ ألف", "three bedrooms", «غرفتين»): each one must be a
//   number of the facts (as written or multiplied by its word: ألف, مليون, k, million);
// - features (pool/مسبح, elevator/مصعد, garden/حديقة, sea view/إطلالة بحرية, maid's and driver's rooms,
//   furnished/مفروشة, parking/موقف, …): each one named must be in the facts' features;
// - the property and listing type: another type (a villa in an apartment's advert) or the other listing
//   (for rent in a sale) is not the facts;
// - places: a city or district the reader finds must be the facts' own;
// - in summaries: dates (month and weekday names, "yesterday") and people's names must be in the source.
import { toAsciiDigits } from '../shared/digits.ts';
import { foldForSearch } from '../shared/text.ts';
import type { ListingFacts } from './ai.port.ts';

/** What a reader found in a sentence: a city by its English name, a district as its Arabic name. */
export interface PlacesFound {
  city?: string;
  district?: string;
}

export interface FactReaders {
  /** the city and district a sentence names (bot/language findPlaces); absent: places are not checked */
  placesIn?: (sentence: string) => PlacesFound;
  /** the people's first names a line names (the names lexicon); absent: names are not checked */
  namesIn?: (line: string) => string[];
}

// ── words ────────────────────────────────────────────────────────────────────────────────────────────

/** Letter forms folded, tashkeel gone, Latin lower-cased, digits ASCII. */
export function foldFacts(text: string): string {
  return toAsciiDigits(foldForSearch(text));
}

/** Each word of a folded text with the forms it may stand for once Arabic proclitics are cut. */
type Word = readonly string[];

/** «وبالمسبح» → [وبالمسبح, بالمسبح, المسبح, مسبح, …]: conjunction, preposition and article cut in turn. */
function forms(w: string): Word {
  if (!/^\p{Script=Arabic}/u.test(w)) return [w];
  const out = new Set([w]);
  for (const c of ['', 'و', 'ف']) {
    if (!w.startsWith(c)) continue;
    const w1 = w.slice(c.length);
    if (w1.startsWith('لل') && w1.length > 3) out.add(w1.slice(2));
    for (const p of ['', 'ب', 'ل', 'ك']) {
      if (!w1.startsWith(p)) continue;
      const w2 = w1.slice(p.length);
      for (const a of ['', 'ال']) {
        if (!w2.startsWith(a)) continue;
        const w3 = w2.slice(a.length);
        if (w3.length >= 2) out.add(w3);
      }
    }
  }
  return [...out];
}

function words(folded: string): Word[] {
  return folded
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .map(forms);
}

/**
 * Whether a word is the phrase's word: Latin words whole (or with a plural s), Arabic ones with room
 * for an ending (feminine, plural, a suffix pronoun: «مفروشه» for «مفروش», «حديقتها» is not caught).
 */
function matches(word: Word, p: string, whole: boolean): boolean {
  if (/^[a-z]/.test(p)) return word.some((v) => v === p || v === `${p}s` || v === `${p}es`);
  return word.some((v) => v === p || (!whole && v.startsWith(p) && v.length <= p.length + 2));
}

/** Whether the word list holds the phrase, as consecutive words. */
function hasPhrase(list: readonly Word[], phrase: readonly string[], whole = false): boolean {
  if (phrase.length === 0) return false;
  for (let i = 0; i + phrase.length <= list.length; i++) {
    if (phrase.every((p, j) => matches(list[i + j]!, p, whole))) return true;
  }
  return false;
}

const phrases = (list: string) =>
  list.split('|').map((f) =>
    foldFacts(f)
      .split(/[^\p{L}\p{N}]+/u)
      .filter(Boolean),
  );

/** Features a listing may have, with the words that name each (folded when read). */
export const FEATURE_WORDS: ReadonlyArray<{ id: string; forms: string[][] }> = [
  ['pool', 'مسبح|مسابح|حمام سباحة|حوض سباحة|pool|swimming'],
  ['elevator', 'مصعد|مصاعد|اسانسير|elevator|lift'],
  ['garden', 'حديقة|حدائق|جنينة|garden|lawn'],
  ['sea_view', 'اطلالة بحرية|اطلاله على البحر|على البحر|واجهة بحرية|بحري|sea view|sea-view|ocean|waterfront|beach'],
  ['view', 'اطلالة|اطلالات|بانورامية|view|panoramic'],
  ['maid_room', 'غرفة خادمة|غرفة الخادمة|غرفة عاملة|غرفة العاملة|غرفة شغالة|خادمة|maid'],
  ['driver_room', 'غرفة سائق|غرفة السائق|سائق|driver'],
  ['furnished', 'مفروش|مفروشة|مؤثث|furnished|furniture'],
  ['parking', 'موقف|مواقف|باركنج|كراج|جراج|parking|garage|carport'],
  ['ac', 'مكيف|مكيفات|تكييف|air conditioning|air-conditioned|air conditioned|ac units|central ac'],
  ['kitchen', 'مطبخ راكب|مطبخ مجهز|fitted kitchen|equipped kitchen|built-in kitchen'],
  ['annex', 'ملحق|annex|annexe'],
  ['basement', 'قبو|بدروم|basement'],
  ['roof', 'سطح|روف|roof|rooftop|terrace'],
  ['balcony', 'بلكونة|بلكونه|شرفة|balcony'],
  ['gym', 'نادي رياضي|صالة رياضية|جيم|gym|fitness'],
  ['security', 'حراسة|حارس|security guard|guarded|guards'],
  ['playground', 'العاب اطفال|ملعب|playground'],
  ['smart_home', 'منزل ذكي|سمارت هوم|smart home'],
  ['majlis', 'مجلس رجال|مجلس نساء|majlis'],
].map(([id, forms]) => ({ id: id!, forms: phrases(forms!) }));

/** Property types by their words; only unambiguous words (not «دور», «مكتب», «ارضي»). */
const TYPE_WORDS: ReadonlyArray<{ id: string; forms: string[][] }> = [
  ['villa', 'فيلا|فيلة|فله|فلة|villa'],
  ['apartment', 'شقة|شقه|apartment|flat'],
  ['land', 'ارض|land|plot'],
  ['duplex', 'دوبلكس|duplex'],
  ['chalet', 'شاليه|chalet'],
  ['farm', 'مزرعة|farm'],
  ['palace', 'قصر|palace'],
  ['warehouse', 'مستودع|warehouse'],
].map(([id, forms]) => ({ id: id!, forms: phrases(forms!) }));

const SALE = phrases('بيع|sale');
const RENT = phrases('ايجار|تاجير|rent|lease|rental');

// ── numbers ──────────────────────────────────────────────────────────────────────────────────────────

const MULTIPLIERS: Array<[RegExp, number]> = [
  [/^(الف|آلاف|الاف|k|thousand|thousands)$/u, 1_000],
  [/^(مليون|ملايين|million|millions|m|mn)$/u, 1_000_000],
];
const WORD_NUMBERS: Record<string, number> = {
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  اثنين: 2,
  اثنان: 2,
  ثنتين: 2,
  ثلاث: 3,
  ثلاثه: 3,
  اربع: 4,
  اربعه: 4,
  خمس: 5,
  خمسه: 5,
  ست: 6,
  سته: 6,
  سبع: 7,
  سبعه: 7,
  ثمان: 8,
  ثماني: 8,
  ثمانيه: 8,
  تسع: 9,
  تسعه: 9,
  عشر: 10,
  عشره: 10,
  // duals: «غرفتين», «حمامين», «مليونين», «الفين», «دورتين», «مجلسين»
  غرفتين: 2,
  غرفتان: 2,
  حمامين: 2,
  حمامان: 2,
  دورتين: 2,
  دورتان: 2,
  صالتين: 2,
  مجلسين: 2,
  الفين: 2_000,
  مليونين: 2_000_000,
  مليون: 1_000_000,
};

/**
 * The numbers a text states, each with the values it may mean: «1.2 مليون» → [1.2, 1200000], "20 m" →
 * [20, 20000000] (metres or millions: either may be the fact), «غرفتين» → [2]. Square metres' "2" and
 * the digits of a time ("4:30") are read as a unit and a time, not as numbers of their own.
 */
export function numbersIn(text: string): number[][] {
  const t = foldFacts(text)
    // "م2", "m2", "م²": the unit, not a 2
    .replace(/(م|m|متر|meter|metre|sqm|sq)\s?[2²](?![\d])/gu, '$1²')
    // thousands separators: "1,200,000", «١٬٢٠٠٬٠٠٠»
    .replace(/(\d)[,\u066c](?=\d{3}(?!\d))/g, '$1')
    .replace(/(\d)[,\u066c](?=\d{3}(?!\d))/g, '$1')
    .replace(/(\d)\u066b(\d)/g, '$1.$2')
    // an ISO instant's date and time apart: "2026-11-22T16:00"
    .replace(/(\d)t(\d)/g, '$1 $2');
  const out: number[][] = [];
  const tokens = t.split(/[^\p{L}\p{N}.:]+/u).filter(Boolean);
  for (let i = 0; i < tokens.length; i++) {
    // «و٩٥٠», «ب٢»: a conjunction or preposition written on the number
    const tok = tokens[i]!.replace(/^[.:]+|[.:]+$/g, '').replace(/^(و|ف|ب|ل|وب|ول)(?=\d)/u, '');
    const next = (tokens[i + 1] ?? '').replace(/[.:]+$/g, '');
    const glued = tok.match(/^(\d+(?:\.\d+)?)(k|m|mn)$/u);
    if (glued) {
      const n = Number(glued[1]);
      out.push([n, n * (glued[2] === 'k' ? 1_000 : 1_000_000)]);
      continue;
    }
    if (/^\d+(?:\.\d+)?$/.test(tok)) {
      const n = Number(tok);
      const mult = MULTIPLIERS.find(([re]) => re.test(next))?.[1];
      out.push(mult ? [n, n * mult] : [n]);
      if (mult) i++;
      continue;
    }
    if (/^\d{1,2}:\d{2}$/.test(tok)) {
      // a time of day: its hour and minutes, as a source text's time would give them
      const [h, m] = tok.split(':').map(Number) as [number, number];
      out.push([h, h > 12 ? h - 12 : h + 12]);
      if (m) out.push([m]);
      continue;
    }
    const parts = tok.match(/\d+(?:\.\d+)?/g);
    if (parts) {
      for (const p of parts) out.push([Number(p)]);
      continue;
    }
    const word = forms(tok)
      .map((f) => WORD_NUMBERS[f])
      .find((n) => n !== undefined);
    if (word !== undefined) out.push([word]);
  }
  return out;
}

const close = (a: number, b: number) => Math.abs(a - b) <= Math.max(1e-6, Math.abs(b) * 1e-9);
const allowedBy = (allowed: readonly number[]) => (candidates: readonly number[]) =>
  candidates.some((c) => allowed.some((a) => close(c, a)));

// ── sentences ────────────────────────────────────────────────────────────────────────────────────────

/** A text cut after each sentence end (. ! ? ؟ ؛ or a line break; "1.2" is no end), the ends kept. */
export function sentences(text: string): string[] {
  return text.split(/(?<=[!?؟؛\n]|\.(?!\d))/u).filter((s) => s.trim().length > 0);
}

function rejoin(kept: readonly string[]): string {
  return kept
    .join('')
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

// ── adverts ──────────────────────────────────────────────────────────────────────────────────────────

/** A listing's facts as the advert is written from them: the port's, and a few more the model is given. */
export interface AdvertFacts extends ListingFacts {
  /** the building's age in years (0 = new) */
  ageYears?: number | null;
  streetWidthMetres?: number | null;
  /** the side it faces, in words */
  facing?: string | null;
}

function advertNumbers(f: AdvertFacts): number[] {
  const licence = f.regaLicence ? Number(toAsciiDigits(f.regaLicence).replace(/\D/g, '')) : undefined;
  const fromFeatures = (f.features ?? []).flatMap((x) => numbersIn(x).flat());
  return [
    f.area,
    f.price,
    f.bedrooms,
    f.bathrooms,
    f.refNumber,
    licence,
    f.ageYears,
    f.streetWidthMetres,
    ...fromFeatures,
  ].filter((n): n is number => typeof n === 'number' && Number.isFinite(n));
}

const sameKey = (a: string, b: string) => {
  const k = (s: string) =>
    foldFacts(s)
      .replace(/^(حي|district)\s+/u, '')
      .replace(/^ال/u, '')
      .replace(/\s+/g, '');
  return k(a) === k(b);
};

/** Why a sentence of an advert is not the facts; undefined when it is. */
export function advertSentenceProblem(sentence: string, f: AdvertFacts, readers: FactReaders = {}): string | undefined {
  const list = words(foldFacts(sentence));
  const allowed = allowedBy(advertNumbers(f));
  for (const n of numbersIn(sentence)) if (!allowed(n)) return `number ${n[0]}`;
  const featureWords = words(foldFacts((f.features ?? []).join(' , ')));
  for (const feature of FEATURE_WORDS) {
    const said = feature.forms.some((p) => hasPhrase(list, p));
    if (said && !feature.forms.some((p) => hasPhrase(featureWords, p))) return `feature ${feature.id}`;
  }
  for (const type of TYPE_WORDS) {
    if (type.id !== f.propertyType && type.forms.some((p) => hasPhrase(list, p, true))) return `type ${type.id}`;
  }
  const other = f.listingType === 'sale' ? RENT : SALE;
  if (other.some((p) => hasPhrase(list, p, true))) return `listing ${f.listingType === 'sale' ? 'rent' : 'sale'}`;
  const places = readers.placesIn?.(sentence);
  if (places?.city && f.city && !sameKey(places.city, f.city)) return `city ${places.city}`;
  if (places?.city && !f.city) return `city ${places.city}`;
  if (places?.district && (!f.district || !sameKey(places.district, f.district))) return `district ${places.district}`;
  return undefined;
}

export interface CheckedText {
  text: string;
  /** the sentences (or lines) dropped, with why */
  dropped: Array<{ sentence: string; why: string }>;
}

/** An advert with every sentence that says more than the facts dropped. */
export function checkAdvert(text: string, facts: AdvertFacts, readers: FactReaders = {}): CheckedText {
  const kept: string[] = [];
  const dropped: CheckedText['dropped'] = [];
  for (const s of sentences(text)) {
    const why = advertSentenceProblem(s, facts, readers);
    if (why) dropped.push({ sentence: s.trim(), why });
    else kept.push(s);
  }
  return { text: rejoin(kept), dropped };
}

/**
 * Both adverts checked; null (rejected whole) when either is left empty or lost more than half its
 * sentences: a model that invents that much is not rephrasing the facts.
 */
export function checkAdvertPair(
  value: { ar: string; en: string },
  facts: AdvertFacts,
  readers: FactReaders = {},
): { ar: string; en: string; dropped: CheckedText['dropped'] } | null {
  const out: Array<CheckedText> = [];
  for (const text of [value.ar, value.en]) {
    const total = sentences(text).length;
    const checked = checkAdvert(text, facts, readers);
    if (!checked.text || checked.dropped.length * 2 > total) return null;
    out.push(checked);
  }
  return { ar: out[0]!.text, en: out[1]!.text, dropped: [...out[0]!.dropped, ...out[1]!.dropped] };
}

// ── summaries ────────────────────────────────────────────────────────────────────────────────────────

const MONTHS = phrases(
  'يناير|فبراير|مارس|ابريل|مايو|يونيو|يوليو|اغسطس|سبتمبر|اكتوبر|نوفمبر|ديسمبر|january|february|march|april|june|july|august|september|october|november|december',
);
const WEEKDAYS = phrases(
  'الاحد|الاثنين|الثلاثاء|الاربعاء|الخميس|الجمعه|السبت|sunday|monday|tuesday|wednesday|thursday|friday|saturday',
);
const RELATIVE_DAYS = phrases('امس|البارحه|بكره|بكرا|غدا|اليوم|الليله|yesterday|tomorrow|today|tonight');

/** Why a summary line is not the source's; undefined when it is. */
export function summaryLineProblem(line: string, source: string, readers: FactReaders = {}): string | undefined {
  const allowed = allowedBy(numbersIn(source).flat());
  for (const n of numbersIn(line)) if (!allowed(n)) return `number ${n[0]}`;
  const list = words(foldFacts(line));
  const src = words(foldFacts(source));
  for (const group of [MONTHS, WEEKDAYS, RELATIVE_DAYS]) {
    for (const p of group) if (hasPhrase(list, p, true) && !hasPhrase(src, p, true)) return `date ${p.join(' ')}`;
  }
  const folded = foldFacts(source);
  for (const name of readers.namesIn?.(line) ?? []) {
    if (!folded.includes(foldFacts(name))) return `name ${name}`;
  }
  const places = readers.placesIn?.(line);
  for (const place of [places?.city, places?.district]) {
    if (place && !folded.includes(foldFacts(place).replace(/^ال/u, ''))) return `place ${place}`;
  }
  return undefined;
}

/** A summary's lines with each one that says what the source does not dropped. */
export function checkSummary(
  lines: readonly string[],
  source: string,
  readers: FactReaders = {},
): { lines: string[]; dropped: CheckedText['dropped'] } {
  const kept: string[] = [];
  const dropped: CheckedText['dropped'] = [];
  for (const line of lines) {
    const why = summaryLineProblem(line, source, readers);
    if (why) dropped.push({ sentence: line, why });
    else kept.push(line);
  }
  return { lines: kept, dropped };
}
