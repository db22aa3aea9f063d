// Places: the gazetteer's cities and districts (the index is built in places-index.ts) found in a message
// and looked up for the dialogs. A message is matched in one
// pass over its tokens: at each token the longest name that starts there (up to the longest name in the
// index) is looked up, the first word in its clitic-stripped forms too ("بالرياض", "لجدة", "وبالخبر").
//
// Resolution (README.md has the details):
// - after "حي" a name is a district; a name that is a city with districts (a "major" city) is a city;
//   else a district name is a district; else a village name is a city, but only after a place cue
//   (في / ب… / مدينة / in);
// - a one-word district with no cue (حي, في, ب…, a property type before it) counts only in a message
//   about property or the CRM, for a definite (ال…) name that is not an everyday word (السلام, المطار…);
// - city names that are everyday words (الخبر "the news", الوجه "the face", بدر, ليلى…) need a cue;
// - a district name found in several cities: the one in the city named in the message, else one spelt
//   exactly as written, else the one in the largest city;
// - "حي X" with X unknown: X as written (up to three words).

import { annotate } from './lexicon.ts';
import { EN_KUNYA } from './names.ts';
import { bases, cleanDisplay, keySet, T_AR, T_LAT, type Token, tokenize } from './normalize.ts';
import {
  AMBIGUOUS_CITY,
  ARTICLES,
  arBareIndex,
  arIndex,
  arMax,
  type City,
  cities,
  citiesByEn,
  type District,
  districts,
  type Entry,
  englishKey,
  englishSkeleton,
  enIndex,
  enMax,
  enSkeleton,
  GENERIC_DISTRICT,
  keyOf,
  VERY_GENERIC_DISTRICT,
} from './places-index.ts';

// ---------------------------------------------------------------- lookups for the dialogs

function majorFirst(ids: number[]): number | undefined {
  let best: number | undefined;
  for (const id of ids) {
    const c = cities[id] as City;
    if (best === undefined) best = id;
    else {
      const b = cities[best] as City;
      if (c.n > b.n) best = id;
    }
  }
  return best;
}

function stripHay(key: string): string {
  return key.startsWith('حي ') ? key.slice(3) : key;
}

function lookupKeys(text: string): { ar: string[]; en: string } {
  const k = stripHay(keyOf(text));
  const first = tokenize(text)[0];
  const out = [k];
  if (first && first.t === T_AR) {
    const rest = k.split(' ').slice(1).join(' ');
    for (const b of bases(first).slice(1)) out.push(rest ? `${b} ${rest}` : b);
  }
  return { ar: out, en: englishKey(text) };
}

/** A city typed by a user ("جده", "بالرياض", "Jeddah", "Al Khobar"). */
export function lookupCity(text: string): { nameEn: string; nameAr: string } | undefined {
  if (typeof text !== 'string' || !text.trim()) return undefined;
  const { ar, en } = lookupKeys(text.slice(0, 200));
  const entries = ar.map((k) => arIndex.get(k)).filter((e): e is Entry => !!e && e.cities.length > 0);
  const enEntry = en ? (enIndex.get(en) ?? enIndex.get(en.replace(/^al/, ''))) : undefined;
  if (enEntry && enEntry.cities.length > 0) entries.push(enEntry);
  // a major city in any form first ("بجدة" → Jeddah rather than the village Bajdah), then any city
  for (const majorOnly of [true, false]) {
    for (const e of entries) {
      const ids = majorOnly ? e.cities.filter((id) => (cities[id] as City).major) : e.cities;
      const id = majorFirst(ids);
      if (id !== undefined) {
        const c = cities[id] as City;
        return { nameEn: c.en, nameAr: c.ar };
      }
    }
  }
  return undefined;
}

function cityIdsByEn(nameEn: string | undefined): Set<number> {
  if (!nameEn) return new Set<number>();
  return new Set(citiesByEn.get(nameEn.trim().toLowerCase()) ?? []);
}

/** The gazetteer's districts of a name typed by a user, in any city. */
function districtIds(text: string): number[] {
  if (typeof text !== 'string' || !text.trim()) return [];
  const { ar, en } = lookupKeys(text.slice(0, 200));
  for (const k of ar) {
    const e = arIndex.get(k) ?? arBareIndex.get(k);
    if (e && e.districts.length > 0) return e.districts;
  }
  return (en ? enIndex.get(en)?.districts : undefined) ?? [];
}

/** The districts of a city behind the loose key of an English name ("Al Yasmin" ≈ Riyadh's Al Yasmeen). */
function looseDistrictIdsIn(text: string, inCities: Set<number>): number[] {
  const skeleton = englishSkeleton(englishKey(text.slice(0, 200)));
  if (skeleton.replace(/[* ]/g, '').length < 3) return [];
  return (enSkeleton.get(skeleton)?.districts ?? []).filter((id) => inCities.has((districts[id] as District).city));
}

/** A district typed by a user ("حي الملقا", "الملقا", "Malqa"), preferably in the given city. */
export function lookupDistrict(
  text: string,
  cityNameEn?: string,
): { nameAr: string; nameEn: string; cityNameEn: string } | undefined {
  const inCities = cityIdsByEn(cityNameEn);
  let ids = districtIds(text);
  // none of that name in the city asked: an English spelling of one of its districts
  if (inCities.size && !ids.some((id) => inCities.has((districts[id] as District).city))) {
    const loose = looseDistrictIdsIn(text, inCities);
    if (loose.length) ids = loose;
  }
  if (ids.length === 0) return undefined;
  const d = chooseDistrict(ids, inCities, keyOf(text), text.includes('ء'));
  if (d === undefined) return undefined;
  const dist = districts[d] as District;
  return { nameAr: dist.ar, nameEn: dist.en, cityNameEn: (cities[dist.city] as City).en };
}

/**
 * The cities (English names) that have a district of this name: "الملقا" → Riyadh alone, so a seeker
 * who names it needs no "which city?"; a name found in several cities gives them all.
 */
export function citiesOfDistrict(text: string): string[] {
  return [...new Set(districtIds(text).map((id) => (cities[(districts[id] as District).city] as City).en))];
}

/**
 * The gazetteer's English name of a district Nova stored by its Arabic name ("الملقا" in Riyadh →
 * "Al Malqa"); undefined for a name the gazetteer does not have (a district written as the user wrote it).
 */
export function districtNameEn(nameAr: string, cityNameEn?: string): string | undefined {
  const found = lookupDistrict(nameAr, cityNameEn);
  return found && stripHay(keyOf(found.nameAr)) === stripHay(keyOf(nameAr)) ? found.nameEn : undefined;
}

/**
 * The best of several districts of the same (loose) name: in a city named in the message first, then
 * spelt like the words written (with or without a hamza), then in the largest city.
 */
function chooseDistrict(
  ids: number[],
  inCities: Set<number>,
  written: string,
  writtenHamza: boolean,
): number | undefined {
  let best: number | undefined;
  let bestScore = -1;
  const writtenKey = written.replace(/^حي /, '');
  for (const id of ids) {
    const d = districts[id] as District;
    const c = cities[d.city] as City;
    let score = 0;
    if (inCities.has(d.city)) score += 1_000_000;
    if (d.key === writtenKey && d.hamza === writtenHamza) score += 100_000;
    score += Math.min(c.n, 99_999);
    if (score > bestScore) {
      bestScore = score;
      best = id;
    }
  }
  return best;
}

// ---------------------------------------------------------------- matching a message

export interface PlaceResult {
  /** City name_en. */
  city?: string;
  /** District name_ar without "حي ", or the words as written for an unknown district. */
  district?: string;
}

interface Hit {
  i0: number;
  i1: number;
  /** the words were written with a hamza */
  hamza?: boolean;
  city?: number;
  districtIds?: number[];
  unknown?: string;
  written: string;
}

const HAY = keySet(['حي', 'بحي', 'وحي', 'فحي', 'لحي', 'وبحي', 'بحى']);
/** «الحي العقيق», «بالحي الربوة»: the cue with its article, before a district the index knows only. */
const THE_HAY = keySet(['الحي', 'بالحي', 'والحي']);
const STRONG_CUE = keySet([
  'في',
  'فى',
  'ب',
  'داخل',
  'مدينة',
  'بمدينة',
  // «غير المدينة الخبر»: after "the city" a city that is an everyday word is the city
  'المدينة',
  'محافظة',
  'بمحافظة',
  'منطقة',
  'عند',
  'جنب',
  'بـ',
]);
const WEAK_CUE = keySet(['من', 'إلى', 'الى', 'لين', 'ل', 'حول', 'قريب', 'بين', 'و', 'او', 'أو']);
const STREET = keySet(['طريق', 'شارع', 'بطريق', 'بشارع', 'street', 'road', 'st', 'rd', 'avenue', 'ave']);
const SOFT_TAGS = new Set(['GREET', 'STOP', 'FILLER', 'QWORD', 'YES', 'NO']);
const EN_CUE = new Set(['in', 'at', 'near', 'from', 'to', 'around', 'inside', 'city']);

export interface PlaceContext {
  tags: (string[] | undefined)[];
  /** the message is about a property (a type, a listing type, an amount, an area, rooms) */
  property: boolean;
  /** tokens that must not be read as places (known first names) */
  isName?: (tok: Token) => boolean;
  /** «احجز لبدر»: «ل» + a name after something done for someone, not a place */
  isNameForSomeone?: (toks: Token[], i: number) => boolean;
  /** the analysed text, for districts "as written" */
  text: string;
}

function isPropertyTypeTag(t: string[] | undefined): boolean {
  return !!t && t.some((x) => x.startsWith('pt:'));
}

/** The place mentioned in the tokens; marks the tokens used. */
export function matchPlaces(toks: Token[], used: Uint8Array, ctx: PlaceContext): PlaceResult {
  const hits: Hit[] = [];
  const n = toks.length;
  for (let i = 0; i < n; i++) {
    if (used[i]) continue;
    const t = toks[i] as Token;
    if (STREET.has(t.n)) {
      // a street name ("طريق الملك فهد", "شارع التحلية") is neither a place nor a person here
      i = skipStreetName(toks, i + 1, used, ctx) - 1;
      continue;
    }
    if (t.t === T_AR) {
      if (HAY.has(t.n) || THE_HAY.has(t.n)) {
        const found = afterHay(toks, i + 1, used, ctx);
        const h = found && (HAY.has(t.n) || found.districtIds) ? found : undefined;
        if (h) {
          hits.push({ ...h, i0: i });
          for (let k = i; k < h.i1; k++) used[k] = 1;
          i = h.i1 - 1;
        }
        continue;
      }
      // a keyword is not a place, unless it is only a greeting or a function word right after في/ب
      // ("في السلام")
      const tg = ctx.tags[i];
      if (tg && !(tg.every((x) => SOFT_TAGS.has(x)) && i > 0 && STRONG_CUE.has((toks[i - 1] as Token).n))) continue;
      const h = arabicAt(toks, i, used, ctx);
      if (h) {
        hits.push(h);
        for (let k = h.i0; k < h.i1; k++) used[k] = 1;
        i = h.i1 - 1;
      }
    } else if (t.t === T_LAT) {
      const h = englishAt(toks, i, used, ctx);
      if (h) {
        hits.push(h);
        for (let k = h.i0; k < h.i1; k++) used[k] = 1;
        i = h.i1 - 1;
      }
    }
  }
  const out: PlaceResult = {};
  const cityHit = hits.find((h) => h.city !== undefined);
  if (cityHit && cityHit.city !== undefined) out.city = (cities[cityHit.city] as City).en;
  const distHit = hits.find((h) => h.districtIds !== undefined || h.unknown !== undefined);
  if (distHit) {
    if (distHit.unknown !== undefined) out.district = distHit.unknown;
    else if (distHit.districtIds) {
      const inCities = cityHit?.city !== undefined ? cityIdsByEn((cities[cityHit.city] as City).en) : new Set<number>();
      const d = chooseDistrict(distHit.districtIds, inCities, distHit.written, distHit.hamza === true);
      if (d !== undefined) out.district = (districts[d] as District).ar;
    }
  }
  return out;
}

/** Marks the name of a street as used: the longest index name there, else up to two plain words. */
function skipStreetName(toks: Token[], i: number, used: Uint8Array, ctx: PlaceContext): number {
  const t = toks[i];
  if (!t || used[i] || (t.t !== T_AR && t.t !== T_LAT)) return i;
  const m = t.t === T_AR ? longestArabic(toks, i, used, arIndex, arMax, [t.n]) : undefined;
  let j = m ? i + m.len : i;
  if (!m) {
    while (j < toks.length && j < i + 2) {
      const x = toks[j] as Token;
      if (used[j] || (x.t !== T_AR && x.t !== T_LAT) || ctx.tags[j]) break;
      j++;
    }
  }
  for (let k = i; k < j; k++) used[k] = 1;
  return j;
}

/** Tokens i.. as an index key of `len` words (the first word given). */
function keyFrom(first: string, toks: Token[], i: number, len: number, used: Uint8Array): string | undefined {
  let k = first;
  for (let j = i + 1; j < i + len; j++) {
    const t = toks[j];
    if (!t || used[j] || t.t !== T_AR) return undefined;
    k += ` ${t.n}`;
  }
  return k;
}

function longestArabic(
  toks: Token[],
  i: number,
  used: Uint8Array,
  map: Map<string, Entry>,
  max: number,
  firsts: string[],
): { e: Entry; len: number; baseIndex: number } | undefined {
  for (let len = Math.min(max, toks.length - i); len >= 1; len--) {
    for (let b = 0; b < firsts.length; b++) {
      const k = keyFrom(firsts[b] as string, toks, i, len, used);
      if (k === undefined) break;
      const e = map.get(k);
      if (e) return { e, len, baseIndex: b };
    }
  }
  return undefined;
}

function afterHay(toks: Token[], i: number, used: Uint8Array, ctx: PlaceContext): Hit | undefined {
  const t = toks[i];
  if (!t || used[i] || t.t !== T_AR) return undefined;
  const firsts = [t.n];
  const m =
    longestArabic(toks, i, used, arIndex, arMax, firsts) ?? longestArabic(toks, i, used, arBareIndex, arMax, firsts);
  if (m && m.e.districts.length > 0) {
    return {
      i0: i,
      i1: i + m.len,
      districtIds: m.e.districts,
      written: keyFromRange(toks, i, i + m.len),
      hamza: hamzaIn(ctx.text, toks, i, i + m.len),
    };
  }
  // unknown district: the words as written, up to three, until a keyword, a number, a place or a stop
  let j = i;
  while (j < toks.length && j < i + 3) {
    const x = toks[j] as Token;
    if (used[j] || x.t !== T_AR || ctx.tags[j]) break;
    if (j > i && bases(x).some((b) => arIndex.get(b)?.cities.some((id) => (cities[id] as City).major))) break;
    j++;
  }
  if (j === i) return undefined;
  const first = toks[i] as Token;
  const last = toks[j - 1] as Token;
  const textStart = first.s;
  return { i0: i, i1: j, unknown: cleanDisplay(ctx.text.slice(textStart, last.e)), written: '' };
}

function hamzaIn(text: string, toks: Token[], a: number, b: number): boolean {
  const first = toks[a];
  const last = toks[b - 1];
  return !!first && !!last && text.slice(first.s, last.e).includes('ء');
}

function keyFromRange(toks: Token[], a: number, b: number): string {
  let k = '';
  for (let j = a; j < b; j++) k += (j > a ? ' ' : '') + (toks[j] as Token).n;
  return k;
}

function arabicAt(toks: Token[], i: number, used: Uint8Array, ctx: PlaceContext): Hit | undefined {
  const t = toks[i] as Token;
  const firsts = bases(t);
  // every (length, form) that names a place, longest first, the literal form before the stripped ones
  for (let len = Math.min(arMax, toks.length - i); len >= 1; len--) {
    for (let b = 0; b < firsts.length; b++) {
      const k = keyFrom(firsts[b] as string, toks, i, len, used);
      if (k === undefined) break;
      const e = arIndex.get(k);
      if (!e) continue;
      const h = resolveArabic(toks, i, used, ctx, e, len, firsts[b] as string, b > 0);
      if (h) return h;
    }
  }
  return undefined;
}

function resolveArabic(
  toks: Token[],
  i: number,
  used: Uint8Array,
  ctx: PlaceContext,
  e: Entry,
  len: number,
  base: string,
  stripped: boolean,
): Hit | undefined {
  const t = toks[i] as Token;
  const prefix = stripped ? prefixOf(t.n, base) : '';
  const prev = i > 0 ? (toks[i - 1] as Token) : undefined;
  const prevTags = i > 0 ? ctx.tags[i - 1] : undefined;
  const prefixCue = prefix.includes('ب') || prefix === 'ل' || prefix === 'لل' || prefix === 'ول';
  const strong = prefixCue || (!!prev && !used[i - 1] && STRONG_CUE.has(prev.n)) || (!!prev && prev.n === 'في');
  const weak = !!prev && WEAK_CUE.has(prev.n);
  const typeCue = isPropertyTypeTag(prevTags);
  const multi = len > 1;
  const written = keyFromRange(toks, i, i + len);
  const hamza = hamzaIn(ctx.text, toks, i, i + len);
  if (len === 1 && (ctx.isName?.(t) || ctx.isNameForSomeone?.(toks, i))) return undefined;
  // "طريق الملك فهد", "شارع التحلية": a street, not the district of the same name
  if (prev && STREET.has(prev.n)) return undefined;

  const majors = e.cities.filter((id) => (cities[id] as City).major);
  if (majors.length > 0) {
    const id = majorFirst(majors) as number;
    const c = cities[id] as City;
    const ambiguous = c.ambiguous || (len === 1 && AMBIGUOUS_CITY.has(base));
    if (!ambiguous || strong || weak || typeCue) return { i0: i, i1: i + len, city: id, written };
  }
  if (e.districts.length > 0) {
    // one word: everyday words need a cue, and the context alone suffices only for a definite (ال…)
    // name that does not follow a first name ("أحمد الفهد" is a person)
    const veryGeneric = len === 1 && VERY_GENERIC_DISTRICT.has(base);
    const generic = len === 1 && (veryGeneric || GENERIC_DISTRICT.has(base));
    const afterName = !!prev && !!ctx.isName?.(prev);
    const byContext = ctx.property && !generic && base.startsWith('ال') && !afterName;
    if (multi || typeCue || (strong && !veryGeneric) || byContext) {
      return { i0: i, i1: i + len, districtIds: e.districts, written, hamza };
    }
  }
  // a village: only after a cue, and never for a word that reads as a clitic + a known city
  if (e.cities.length > 0 && (strong || weak) && majors.length === 0) {
    const id = majorFirst(e.cities) as number;
    return { i0: i, i1: i + len, city: id, written };
  }
  return undefined;
}

/** The clitic letters in front of a base form: "بالرياض"/"الرياض" → "ب", "للبيع"/"البيع" → "ل". */
function prefixOf(word: string, base: string): string {
  if (word.endsWith(base)) return word.slice(0, word.length - base.length);
  if (base.startsWith('ال') && word.endsWith(base.slice(1))) return word.slice(0, word.length - base.length + 1);
  return '';
}

/** One place only behind a loose key: one major city, or districts that all have the same Arabic name. */
function unambiguous(e: Entry): boolean {
  const names = new Set<string>();
  for (const id of e.cities) if ((cities[id] as City).major) names.add(`c:${(cities[id] as City).en}`);
  for (const id of e.districts) names.add(`d:${(districts[id] as District).key}`);
  return names.size === 1;
}

function englishAt(toks: Token[], i: number, used: Uint8Array, ctx: PlaceContext): Hit | undefined {
  const t = toks[i] as Token;
  if (ARTICLES.has(t.n) || ctx.tags[i]) return undefined; // an article is matched with the word after it
  // "abu saleh", "umm nasser": a kunya before a known name is a person, not "Abu As Sala"
  const next = toks[i + 1];
  if (/^(abu|abou|abo|umm|um)$/.test(t.n) && next?.t === T_LAT && ctx.isName?.(next)) return undefined;
  // words of the name: Latin tokens, articles skipped
  const words: string[] = [];
  const ends: number[] = [];
  let j = i;
  while (j < toks.length && words.length < enMax) {
    const x = toks[j] as Token;
    if (used[j] || x.t !== T_LAT) break;
    if (!ARTICLES.has(x.n)) {
      words.push(x.n);
      ends.push(j + 1);
    }
    j++;
  }
  if (words.length === 0) return undefined;
  let found: { e: Entry; len: number } | undefined;
  for (let len = words.length; len >= 1 && !found; len--) {
    const k = words.slice(0, len).join(' ');
    const e = enIndex.get(k) ?? (len === 1 && k.startsWith('al') && k.length > 5 ? enIndex.get(k.slice(2)) : undefined);
    if (e) found = { e, len };
  }
  // a looser spelling ("Hittin" for Hiteen) of a proper noun or after "in": only when it is unambiguous
  let p0 = i - 1;
  while (p0 >= 0 && (ARTICLES.has((toks[p0] as Token).n) || (toks[p0] as Token).t === 3)) p0--;
  const cueBefore = p0 >= 0 && EN_CUE.has((toks[p0] as Token).n);
  if (!found && (t.cap || cueBefore)) {
    for (let len = words.length; len >= 1 && !found; len--) {
      const sk = englishSkeleton(words.slice(0, len).join(' '));
      if (sk.replace(/[* ]/g, '').length < 3) continue;
      const e = enSkeleton.get(sk);
      if (e && unambiguous(e)) found = { e, len };
    }
  }
  if (!found) return undefined;
  const end = ends[found.len - 1] as number;
  // the article before the name belongs to it
  let i0 = i;
  while (i0 > 0 && !used[i0 - 1] && ARTICLES.has((toks[i0 - 1] as Token).n) && (toks[i0 - 1] as Token).n !== 'the')
    i0--;
  let p = i0 - 1;
  while (p >= 0 && (toks[p] as Token).t === 3) p--;
  const prev = p >= 0 ? (toks[p] as Token) : undefined;
  const cue = !!prev && (EN_CUE.has(prev.n) || isPropertyTypeTag(ctx.tags[p]));
  if (prev && STREET.has(prev.n)) return undefined;
  // a first name ("to Sara") is a place only as a major city, or as a district with "Al" or after in/at
  const nameLike = found.len === 1 && !!ctx.isName?.(t);
  // "abu rayan": a kunya's second word is a person
  if (i0 === i && prev && EN_KUNYA.has(prev.n)) return undefined;
  const strongEnCue = !!prev && (prev.n === 'in' || prev.n === 'at' || prev.n === 'near');
  const { e } = found;
  const written = words.slice(0, found.len).join(' ');
  const majors = e.cities.filter((id) => (cities[id] as City).major);
  if (majors.length > 0 && !(nameLike && i0 === i && !cue)) {
    return { i0, i1: end, city: majorFirst(majors) as number, written };
  }
  // "al yasmin district", "yasmin dist": the word after names it a district, whatever the case
  const districtWord = ['district', 'dist', 'neighborhood', 'neighbourhood'].includes(toks[end]?.n ?? '');
  // "al yasmin" in lower case, but not a family name after a first name ("abdullah al rayan")
  const article = i0 < i && !(prev && ctx.isName?.(prev));
  if (
    e.districts.length > 0 &&
    (cue || ctx.property || t.cap || districtWord || article) &&
    !(nameLike && i0 === i && !strongEnCue && !districtWord)
  ) {
    return { i0, i1: end, districtIds: e.districts, written };
  }
  if (e.cities.length > 0 && cue && t.cap && !nameLike) {
    return { i0, i1: end, city: majorFirst(e.cities) as number, written };
  }
  return undefined;
}

/**
 * The city and district named in a free text ("شقة بحي الملقا بالرياض" → Riyadh, الملقا), for the dialogs
 * that validate what a user typed. Same rules as in parse(); the text counts as being about a property.
 */
export function findPlaces(text: string): PlaceResult {
  if (typeof text !== 'string' || !text) return {};
  const src = text.slice(0, 4096);
  const toks = tokenize(src);
  const ann = annotate(toks);
  return matchPlaces(toks, new Uint8Array(toks.length), { tags: ann.tags, property: true, text: src });
}
