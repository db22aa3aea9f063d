// Property type, listing type and rent period, from the tags of the vocabulary (lexicon.ts).
//
// - property_type: the first type named; "دور" (a floor) only when no other type is named, since
//   "شقة في الدور الثاني" is an apartment.
// - listing_type: the first of بيع/للبيع/شراء/تمليك/sell/sold/buy → sale, إيجار/أجار/تأجير/استئجار/rent/
//   rented/lease → rent (verbs such as أبيعها, بعت, أستأجر, أجرت included).
// - rent_period: سنوي/شهري/yearly/monthly (and per year, a month…) at any place; the looser forms
//   (بالسنة, بالشهر, في السنة, /month) only next to an amount or in a rent. Never with a sale.
import type { Annotation } from './lexicon.ts';
import { isAnyFirstName } from './names.ts';
import { T_LAT, T_NUM, type Token } from './normalize.ts';
import { isNumberWord } from './numbers.ts';
import type { PropertyType } from './types.ts';

export interface PropertyFacts {
  property_type?: PropertyType;
  listing_type?: 'sale' | 'rent';
  rent_period?: 'yearly' | 'monthly';
}

function firstTag(ann: Annotation, prefix: string): { value: string; i: number } | undefined {
  let best: { value: string; i: number } | undefined;
  for (const [tag, positions] of ann.pos) {
    if (!tag.startsWith(prefix)) continue;
    const i = positions[0] as number;
    if (!best || i < best.i) best = { value: tag.slice(prefix.length), i };
  }
  return best;
}

/** Property facts; marks the tokens of a rent period as used (so that "بالشهر" is not "this month"). */
export function propertyFacts(toks: Token[], ann: Annotation, used: Uint8Array): PropertyFacts {
  const out: PropertyFacts = {};
  let type: string | undefined;
  let typeAt = Number.POSITIVE_INFINITY;
  for (const [tag, positions] of ann.pos) {
    if (!tag.startsWith('pt:') || tag === 'pt:floor') continue;
    const i = positions[0] as number;
    if (i < typeAt) {
      typeAt = i;
      type = tag.slice(3);
    }
  }
  if (!type && ann.pos.has('pt:floor')) type = 'floor';
  // English puts the head noun last: "office building", "apartment building", "villa plot"
  if (type && Number.isFinite(typeAt) && toks[typeAt]?.t === T_LAT) {
    const next = ann.tags[typeAt + 1];
    const head = next?.find((x) => x.startsWith('pt:'));
    if (head && toks[typeAt + 1]?.t === T_LAT && next !== ann.tags[typeAt]) type = head.slice(3);
  }
  if (type) out.property_type = type as PropertyType;
  const lt = firstTag(ann, 'lt:');
  if (lt) out.listing_type = lt.value as 'sale' | 'rent';
  if (out.listing_type === 'sale') return out;
  for (const strong of [true, false]) {
    let best: { v: 'yearly' | 'monthly'; i: number } | undefined;
    for (const v of ['yearly', 'monthly'] as const) {
      for (const i of ann.pos.get(`${strong ? 'rp' : 'rpw'}:${v}`) ?? []) {
        if (!strong && out.listing_type !== 'rent' && !out.property_type && !nearAmount(toks, i)) continue;
        // "خالد الشهري": a family name after a first name, not "monthly"
        const prev = toks[i - 1];
        if (prev && toks[i]?.n.startsWith('ال') && isAnyFirstName(prev)) continue;
        if (!best || i < best.i) best = { v, i };
      }
    }
    if (best) {
      out.rent_period = best.v;
      const tags = ann.tags[best.i];
      for (let k = best.i; k < toks.length && ann.tags[k] === tags; k++) used[k] = 1;
      return out;
    }
  }
  return out;
}

function nearAmount(toks: Token[], i: number): boolean {
  for (let k = Math.max(0, i - 3); k < i; k++) {
    const t = toks[k] as Token;
    if (t.t === T_NUM || isNumberWord(t)) return true;
  }
  return false;
}
