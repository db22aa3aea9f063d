// Quantities: what each number read in a message measures (an amount of money, an area, bedrooms,
// bathrooms, a reference to an item of a list, or nothing known), the ranges they form, and the
// entities they become once the intent is known.
//
// - Unit after the number: متر/م/م²/sqm → area; غرف/bedroom/BR → bedrooms; حمام/bath → bathrooms;
//   ريال/SAR → money. Cue before: مساحة/area → area; رقم/#/number/option/مهمة/task/المطابقة → ref;
//   السعر/بسعر/بـ/price/asking, ميزانية/تحت/فوق/بين… → money. A multiplier (ألف, مليون, k, M) makes an
//   amount of money; so does a bare number of 1,000 or more (a year-like 1900–2100 with no cue is not).
// - Ranges: "بين X و Y", "من X إلى Y", "X-Y", "X to Y", "between X and Y"; a unit distributes over the
//   range ("بين ٧٠٠ و٩٠٠ ألف" → 700,000–900,000; "من ٣٠٠ إلى ٥٠٠ متر").
// - Seekers (requests, searches, new customers): ميزانية/بحدود/تحت/أقل من/ما يتعدى/up to/under →
//   budget_max; فوق/أكثر من/من … وطالع/above/over → budget_min; a range → both; a bare amount →
//   budget_max. Areas alike (a bare area → area_min). Offers and sales: the amount is the price, the area
//   the area.
import { MAX_AREA_M2, MAX_SAR } from '../../core/shared/limits.ts';
import type { Annotation } from './lexicon.ts';
import { keySet, T_AR, T_LAT, T_NUM, T_PUNCT, type Token } from './normalize.ts';
import type { NumSpan } from './numbers.ts';
import type { Entities } from './types.ts';

export type QKind = 'money' | 'area' | 'bed' | 'bath' | 'ref' | 'plain';

export interface Quantity {
  kind: QKind;
  value: number;
  /** Token span of the number. */
  i0: number;
  i1: number;
  /** End of the quantity including its unit. */
  end: number;
  mult: number;
  /** min/max/price cue found around it */
  cue?: 'max' | 'min' | 'price';
  /** side of a range */
  side?: 'min' | 'max';
  ordinal?: boolean;
  /** the unit was explicit (currency, متر, غرف…) */
  unit?: boolean;
  /** the numbers as read, when the value is computed from several ("٢٠ في ٣٠" → 600 from 20 and 30) */
  parts?: number[];
}

const has = (t: string[] | undefined, tag: string): boolean => !!t && t.includes(tag);

const REF_WORDS = keySet([
  'رقم',
  '#',
  'number',
  'no',
  'option',
  'خيار',
  'الخيار',
  'item',
  'بند',
  'البند',
  'نمبر',
  'الرقم',
]);
const RANGE_TO = keySet(['-', 'إلى', 'الى', 'لين', 'لحد', 'حتى', 'to', 'till', 'until', '~', 'او', 'أو', 'or']);
const SKIP_BEFORE = keySet([
  ':',
  '=',
  'ب',
  'في',
  'حوالي',
  'تقريباً',
  'تقريبا',
  'around',
  'about',
  'approx',
  'approximately',
  'is',
  'of',
  'at',
  'هو',
  'يكون',
]);

function unitAfter(
  toks: Token[],
  ann: Annotation,
  span: NumSpan,
  used: Uint8Array,
): { kind?: QKind; end: number; currency?: boolean } {
  let j = span.i1;
  if (span.metreM) {
    // "300m", "450m²"
    const m = toks[j];
    const two = toks[j + 1];
    return { kind: 'area', end: two && !two.sp && two.n === '2' ? j + 2 : m ? j + 1 : j };
  }
  let t = toks[j];
  if (t && t.n === '-' && toks[j + 1]?.t === T_LAT) {
    // "3-bedroom"
    j++;
    t = toks[j];
  }
  if (!t || used[j]) return { end: span.i1 };
  const tags = ann.tags[j];
  let k = j + 1;
  while (k < toks.length && ann.tags[k] === tags && tags) k++;
  if (has(tags, 'AREA_UNIT')) {
    let end = k;
    const nx = toks[end];
    if (nx && !nx.sp && nx.n === '2') end++;
    return { kind: 'area', end };
  }
  if (has(tags, 'BED')) return { kind: 'bed', end: k };
  if (has(tags, 'BATH')) return { kind: 'bath', end: k };
  if (has(tags, 'CURRENCY')) return { kind: 'money', end: k, currency: true };
  return { end: span.i1 };
}

function cueBefore(
  toks: Token[],
  ann: Annotation,
  i0: number,
): { kind?: QKind; cue?: 'max' | 'min' | 'price'; from?: boolean; ref?: boolean; currency?: boolean } {
  const out: { kind?: QKind; cue?: 'max' | 'min' | 'price'; from?: boolean; ref?: boolean; currency?: boolean } = {};
  let j = i0 - 1;
  let steps = 0;
  const first = toks[i0];
  if (first && first.t === T_AR && first.n.startsWith('ب') && first.n.length > 2) out.cue = 'price'; // "بمليونين"
  while (j >= 0 && steps < 4) {
    const t = toks[j] as Token;
    const tags = ann.tags[j];
    if (t.n === '#') {
      out.ref = true;
      return out;
    }
    if (REF_WORDS.has(t.n) && t.t !== T_NUM) {
      out.ref = true;
      return out;
    }
    if (has(tags, 'ITEM')) {
      out.ref = true;
      return out;
    }
    if (has(tags, 'AREA_CUE')) {
      out.kind = 'area';
      return out;
    }
    if (has(tags, 'BED') && steps === 0) {
      out.kind = 'bed';
      return out;
    }
    if (has(tags, 'BATH') && steps === 0) {
      out.kind = 'bath';
      return out;
    }
    if (has(tags, 'MAXC')) {
      out.cue ??= 'max';
      return out;
    }
    if (has(tags, 'MINC')) {
      out.cue ??= 'min';
      if (has(tags, 'RFROM')) out.from = true;
      return out;
    }
    if (has(tags, 'RFROM')) {
      out.from = true;
      return out;
    }
    if (has(tags, 'PRICE_CUE')) {
      out.cue ??= 'price';
      return out;
    }
    if (has(tags, 'CURRENCY')) {
      out.currency = true;
      j--;
      steps++;
      continue;
    }
    if (t.n === 'ب') {
      out.cue ??= 'price';
      j--;
      steps++;
      continue;
    }
    if (SKIP_BEFORE.has(t.n) || t.t === T_PUNCT) {
      j--;
      steps++;
      continue;
    }
    return out;
  }
  return out;
}

function postCue(toks: Token[], ann: Annotation, end: number): 'min' | 'max' | undefined {
  const t = toks[end];
  if (!t) return undefined;
  if (t.n === '+' && !t.sp) return 'min';
  const tags = ann.tags[end];
  if (has(tags, 'MINPOST')) return 'min';
  if (has(tags, 'MAXPOST')) return 'max';
  return undefined;
}

/**
 * Classifies the numbers (cardinals; ordinals only as references) and pairs ranges. Returns the
 * quantities in text order.
 */
export function classifyQuantities(toks: Token[], ann: Annotation, spans: NumSpan[], used: Uint8Array): Quantity[] {
  const qs: Quantity[] = [];
  for (const s of spans) {
    if (s.ordinal) {
      qs.push({ kind: 'plain', value: s.value, i0: s.i0, i1: s.i1, end: s.i1, mult: 1, ordinal: true });
      continue;
    }
    const u = unitAfter(toks, ann, s, used);
    const c = cueBefore(toks, ann, s.i0);
    let kind: QKind = 'plain';
    let unit = false;
    if (u.kind) {
      kind = u.kind;
      unit = true;
    } else if (c.kind && (c.kind === 'area' || (s.mult === 1 && s.value < 100))) kind = c.kind;
    else if (c.ref && Number.isInteger(s.value) && s.mult === 1) kind = 'ref';
    else if (s.mult > 1 || c.currency) kind = 'money';
    else if (c.cue) kind = s.value >= 100 || s.mult > 1 ? 'money' : 'plain';
    else if (s.value >= 1000 && !(Number.isInteger(s.value) && s.value >= 1900 && s.value <= 2100 && s.mult === 1)) {
      kind = 'money';
    }
    if (c.kind === 'area' && kind === 'money' && s.mult === 1) kind = 'area';
    // "الميزانية ١.٢م", "٢٫٥م": a bare م after a small number is the broker's shorthand for million
    // (no home is 1.2 m²); it stays metres after an area cue ("مساحة ٣٠م") or on a whole number with no
    // money cue ("الشارع ١٥ م").
    let value = s.value;
    const unitTok = toks[s.i1];
    if (
      kind === 'area' &&
      !s.metreM &&
      s.mult === 1 &&
      u.end === s.i1 + 1 &&
      unitTok?.n === 'م' &&
      value < 100 &&
      c.kind !== 'area' &&
      (!Number.isInteger(value) || c.cue !== undefined)
    ) {
      kind = 'money';
      value = Math.round(value * 1e6);
    }
    const q: Quantity = { kind, value, i0: s.i0, i1: s.i1, end: u.end, mult: value === s.value ? s.mult : 1e6, unit };
    const post = postCue(toks, ann, u.end);
    const cue = post ?? c.cue ?? (c.from ? 'min' : undefined);
    if (cue) q.cue = cue;
    qs.push(q);
  }
  // plot dimensions: "٢٠ في ٣٠", "20x30" → an area of 600 m²
  for (let k = 0; k + 1 < qs.length; k++) {
    const a = qs[k] as Quantity;
    const b = qs[k + 1] as Quantity;
    if (a.ordinal || b.ordinal || a.mult > 1 || b.mult > 1) continue;
    if (!(a.kind === 'plain' || a.kind === 'area') || !(b.kind === 'plain' || b.kind === 'area')) continue;
    const gap = toks.slice(a.end, b.i0);
    const g = gap[0];
    if (gap.length !== 1 || !g || !(g.n === 'في' || g.n === 'x' || g.n === '*' || g.n === 'by')) continue;
    if (!(a.value >= 5 && a.value <= 1000 && b.value >= 5 && b.value <= 1000)) continue;
    qs.splice(k, 2, {
      kind: 'area',
      value: a.value * b.value,
      i0: a.i0,
      i1: b.i1,
      end: b.end,
      mult: 1,
      unit: true,
      parts: [a.value, b.value],
    });
  }
  // ranges between neighbours
  for (let k = 0; k + 1 < qs.length; k++) {
    const a = qs[k] as Quantity;
    const b = qs[k + 1] as Quantity;
    if (a.ordinal || b.ordinal) continue;
    if (a.kind === 'ref' || b.kind === 'ref') continue;
    const gap = toks.slice(a.end, b.i0).filter((t) => t.t !== T_PUNCT || t.n === '-' || t.n === '~');
    const bFirst = toks[b.i0] as Token;
    const bWaw = bFirst.t === T_AR && bFirst.n.startsWith('و') && gap.length === 0;
    const gapWaw = gap.length === 1 && (gap[0]?.n === 'و' || gap[0]?.n === 'and');
    const gapTo = gap.length === 1 && RANGE_TO.has(gap[0]?.n ?? '');
    const opener = isRangeOpener(toks, ann, a.i0);
    // "٣٠٠ متر إلى ٥٠٠ متر": the unit of the first is inside its `end`, so the gap is the connector alone
    if (!(gapTo || ((gapWaw || bWaw) && opener))) continue;
    // the kind of the range
    const kinds = new Set([a.kind, b.kind]);
    let kind: QKind = b.kind !== 'plain' ? b.kind : a.kind;
    if (kinds.has('money')) kind = 'money';
    if (kind === 'plain') continue;
    // distribute the unit / multiplier of the second over the first
    let av = a.value;
    if (kind === 'money' && a.mult === 1 && b.mult > 1 && av < 1000) {
      if (av * b.mult <= b.value) av *= b.mult;
      else if (b.mult >= 1e6 && av * (b.mult / 1000) <= b.value) av *= b.mult / 1000;
    }
    a.kind = kind;
    b.kind = kind;
    a.value = av;
    // "بين ٩٠٠ ألف و٧٠٠ ألف": the smaller is the minimum whatever the order
    a.side = av <= b.value ? 'min' : 'max';
    b.side = av <= b.value ? 'max' : 'min';
    k++;
  }
  return qs;
}

function isRangeOpener(toks: Token[], ann: Annotation, i0: number): boolean {
  let j = i0 - 1;
  for (let steps = 0; j >= 0 && steps < 3; steps++, j--) {
    const t = toks[j] as Token;
    if (t.n === 'بين' || t.n === 'between' || t.n === 'من' || t.n === 'from') return true;
    if (ann.tags[j]?.includes('RFROM')) return true;
    if (t.t === T_PUNCT || t.n === 'ب' || ann.tags[j]?.includes('CURRENCY') || ann.tags[j]?.includes('MAXC')) continue;
    if (ann.tags[j]?.includes('AREA_CUE') || ann.tags[j]?.includes('PRICE_CUE')) continue;
    return false;
  }
  return false;
}

export type AmountEntities = Pick<
  Entities,
  'price' | 'budget_min' | 'budget_max' | 'area' | 'area_min' | 'area_max' | 'bedrooms' | 'bathrooms'
>;

/** Turns the quantities into entities: `seeker` for requests, searches and customers; else offers/sales. */
export function amountEntities(qs: Quantity[], seeker: boolean): AmountEntities {
  const out: AmountEntities = {};
  // An amount or an area no deal has (99,999,999,999, typed by mistake) is no entity: the question is
  // asked again rather than the number carried to core, whose int4 columns it would overflow.
  qs = qs.filter(
    (q) =>
      (q.kind !== 'money' || (q.value > 0 && q.value <= MAX_SAR)) &&
      (q.kind !== 'area' || (q.value > 0 && q.value <= MAX_AREA_M2)),
  );
  // an offer's price: the amount after a price cue (السعر, بسعر, بـ, asking) if any, else the first amount
  if (!seeker) {
    const cued = qs.find((q) => q.kind === 'money' && q.cue === 'price');
    if (cued) out.price = cued.value;
  }
  for (const q of qs) {
    if (q.ordinal) continue;
    const v = q.value;
    switch (q.kind) {
      case 'money': {
        if (seeker) {
          const side = q.side ?? (q.cue === 'min' ? 'min' : 'max');
          if (side === 'min') out.budget_min ??= v;
          else out.budget_max ??= v;
        } else out.price ??= v;
        break;
      }
      case 'area': {
        if (seeker) {
          const side = q.side ?? (q.cue === 'max' ? 'max' : 'min');
          if (side === 'min') out.area_min ??= v;
          else out.area_max ??= v;
        } else out.area ??= v;
        break;
      }
      case 'bed':
        if (Number.isInteger(v) && v > 0 && v < 100 && q.side !== 'max') out.bedrooms ??= v;
        break;
      case 'bath':
        if (Number.isInteger(v) && v > 0 && v < 100 && q.side !== 'max') out.bathrooms ??= v;
        break;
      default:
        break;
    }
  }
  return out;
}
