// Numbers: digits and number words (Arabic MSA and Gulf/Levantine dialect forms, English), with
// multipliers, fractions and the "و" connector, read into values in one left-to-right pass.
//
//   "ثلاثة آلاف" 3000 · "ألفين" 2000 · "مليونين و٣٠٠ ألف" 2,300,000 · "خمسمية ألف" 500,000 ·
//   "ثلاثة وعشرين" 23 · "إتناشر" 12 · "نص مليون" 500,000 · "مليون ونص" 1,500,000 · "2.5M" · "60k" ·
//   "two hundred and fifty thousand" 250,000 · "half a million" 500,000.
//
// After مليون (or مليار), "و" and a bare number below 1,000 means thousands (millions): "مليون و٢٠٠" →
// 1,200,000. Two numbers joined by "و" are one number only when the second is of a lower order
// ("مية وخمسين" 150, "ثلاثة وعشرين" 23); "٧٠٠ و٩٠٠" and "مليون ومليون ونص" stay two numbers.
import { looseKey, T_AR, T_LAT, T_NUM, T_PUNCT, type Token } from './normalize.ts';

type Kind = 'unit' | 'teen' | 'ten' | 'hundred' | 'hundredMul' | 'mult' | 'multPlural' | 'dual' | 'frac' | 'article';
interface NumberWord {
  k: Kind;
  v: number;
  /** Latin abbreviations (k, m, bn) count only right after digits. */
  afterDigits?: boolean;
}

const WORDS = new Map<string, NumberWord>();
function add(kind: Kind, v: number, ...forms: string[]): void {
  for (const f of forms) WORDS.set(looseKey(f), { k: kind, v });
}

// Arabic units (MSA and dialect spellings; ة/ه and hamza forms are folded by looseKey).
add('unit', 1, 'واحد', 'واحدة', 'وحدة', 'وحده');
add('unit', 2, 'اثنين', 'اثنان', 'اثنتين', 'اثنتان', 'ثنتين', 'ثنتان', 'اتنين', 'إثنين', 'اثنينن');
add('unit', 3, 'ثلاث', 'ثلاثة', 'تلات', 'تلاتة', 'ثلاث');
add('unit', 4, 'أربع', 'أربعة', 'اربع', 'اربعه');
add('unit', 5, 'خمس', 'خمسة');
add('unit', 6, 'ست', 'ستة', 'سته');
add('unit', 7, 'سبع', 'سبعة');
add('unit', 8, 'ثمان', 'ثماني', 'ثمانية', 'ثمنية', 'تمان', 'تمانية', 'ثمانيه');
add('unit', 9, 'تسع', 'تسعة');
add('unit', 10, 'عشر', 'عشرة');
// Teens written as one word (Gulf/Levantine).
add('teen', 11, 'احدعش', 'حدعش', 'احدعشر', 'حداش', 'احداشر', 'حدعشر', 'إحدعش', 'حداعش');
add('teen', 12, 'اثنعش', 'اثنعشر', 'اتناشر', 'اطناشر', 'طنعش', 'ثنعش', 'اثناعش', 'اتنعش', 'اثنطعش', 'ثناعش');
add('teen', 13, 'ثلطعش', 'ثلاثطعش', 'تلتاشر', 'ثلتعش', 'ثلاثتعش', 'ثلطاشر', 'تلطاشر', 'ثلاطعش');
add('teen', 14, 'اربعطعش', 'اربعتعش', 'اربعتاشر', 'ربعتاشر', 'اربعطاشر', 'ربعطعش');
add('teen', 15, 'خمسطعش', 'خمستعش', 'خمستاشر', 'خمسطاشر', 'خمسطعشر');
add('teen', 16, 'ستطعش', 'سطعش', 'ستاشر', 'سطاشر', 'ستعش');
add('teen', 17, 'سبعطعش', 'سبعتعش', 'سبعتاشر', 'سبطاشر', 'سبعطاشر');
add('teen', 18, 'ثمنطعش', 'ثمانطعش', 'تمنتاشر', 'ثمنتعش', 'ثمنطاشر', 'تمنطاشر', 'ثمانتعش');
add('teen', 19, 'تسعطعش', 'تسعتعش', 'تسعتاشر', 'تسطاشر', 'تسعطاشر');
// Tens.
add('ten', 20, 'عشرين', 'عشرون');
add('ten', 30, 'ثلاثين', 'ثلاثون', 'تلاتين', 'ثلثين');
add('ten', 40, 'أربعين', 'أربعون', 'اربعين');
add('ten', 50, 'خمسين', 'خمسون');
add('ten', 60, 'ستين', 'ستون');
add('ten', 70, 'سبعين', 'سبعون');
add('ten', 80, 'ثمانين', 'ثمانون', 'تمانين', 'ثمنين');
add('ten', 90, 'تسعين', 'تسعون');
// Hundreds.
const HUNDRED_SUFFIXES = ['مية', 'مئة', 'مائة', 'ماية', 'ميه', 'مئه', 'مايه', 'ميت'];
add('hundred', 100, ...HUNDRED_SUFFIXES);
add('hundred', 200, 'ميتين', 'مئتين', 'مائتين', 'مئتان', 'مائتان', 'مايتين', 'ميتان');
const HUNDRED_STEMS: [number, string[]][] = [
  [3, ['ثلاث', 'تلت', 'ثلث', 'تلات', 'ثلاثة']],
  [4, ['أربع', 'اربع', 'ربع']],
  [5, ['خمس']],
  [6, ['ست']],
  [7, ['سبع']],
  [8, ['ثمان', 'ثمن', 'تمن', 'تمان', 'ثماني']],
  [9, ['تسع']],
];
for (const [n, stems] of HUNDRED_STEMS) {
  for (const s of stems) for (const x of HUNDRED_SUFFIXES) add('hundred', n * 100, s + x);
}
add('mult', 1000, 'ألف', 'الف');
add('multPlural', 1000, 'آلاف', 'الاف', 'ألوف', 'الوف');
add('dual', 2000, 'ألفين', 'الفين', 'ألفان', 'الفان');
add('mult', 1e6, 'مليون', 'ملیون');
add('multPlural', 1e6, 'ملايين', 'ملاين', 'ملايين');
add('dual', 2e6, 'مليونين', 'مليونان');
add('mult', 1e9, 'مليار', 'بليون');
add('multPlural', 1e9, 'مليارات');
add('dual', 2e9, 'مليارين', 'ملياران');
add('frac', 0.5, 'نص', 'نصف');
add('frac', 0.25, 'ربع');
// English.
const EN_UNITS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'];
EN_UNITS.forEach((w, i) => {
  if (i > 0) add('unit', i, w);
});
['eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen'].forEach(
  (w, i) => {
    add('teen', 11 + i, w);
  },
);
['twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'].forEach((w, i) => {
  add('ten', 20 + i * 10, w);
});
add('hundredMul', 100, 'hundred', 'hundreds');
add('mult', 1000, 'thousand', 'thousands', 'grand');
add('mult', 1e6, 'million', 'millions');
add('mult', 1e9, 'billion', 'billions');
add('frac', 0.5, 'half');
add('frac', 0.25, 'quarter');
add('article', 1, 'a', 'an');
for (const [f, v] of [
  ['k', 1000],
  ['m', 1e6],
  ['mn', 1e6],
  ['mil', 1e6],
  ['b', 1e9],
  ['bn', 1e9],
] as const) {
  WORDS.set(f, { k: 'mult', v, afterDigits: true });
}
// «٤٠ك», «٤٠ ك»: the Gulf's written "k" (never «م», which is metres there)
WORDS.set('ك', { k: 'mult', v: 1000, afterDigits: true });
// Two-word teens: "ثلاثة عشر", "احدى عشرة", "اثنا عشر".
const TEEN_FIRST = new Map<string, number>([
  ['احد', 1],
  ['احدي', 1],
  ['اثنا', 2],
  ['اثني', 2],
  ['اثنتا', 2],
  ['اثنتي', 2],
]);

const ORDINALS = new Map<string, number>();
function addOrd(v: number, ...forms: string[]): void {
  for (const f of forms) ORDINALS.set(looseKey(f), v);
}
addOrd(1, 'الأول', 'الاول', 'الأولى', 'الاولى', 'الاوله', 'اول', 'أول', 'أولى', 'first', '1st');
addOrd(2, 'الثاني', 'الثانية', 'التاني', 'التانية', 'ثاني', 'ثانية', 'تاني', 'second', '2nd');
addOrd(3, 'الثالث', 'الثالثة', 'التالت', 'التالتة', 'ثالث', 'ثالثة', 'تالت', 'third', '3rd');
addOrd(4, 'الرابع', 'الرابعة', 'رابع', 'رابعة', 'fourth', '4th');
addOrd(5, 'الخامس', 'الخامسة', 'خامس', 'خامسة', 'fifth', '5th');
addOrd(6, 'السادس', 'السادسة', 'سادس', 'سادسة', 'sixth', '6th');
addOrd(7, 'السابع', 'السابعة', 'سابع', 'سابعة', 'seventh', '7th');
addOrd(8, 'الثامن', 'الثامنة', 'التامن', 'ثامن', 'ثامنة', 'eighth', '8th');
addOrd(9, 'التاسع', 'التاسعة', 'تاسع', 'تاسعة', 'ninth', '9th');
addOrd(10, 'العاشر', 'العاشرة', 'عاشر', 'عاشرة', 'tenth', '10th');
addOrd(11, 'eleventh');
addOrd(12, 'twelfth');
addOrd(20, 'twentieth', 'العشرين');
// "الحادي عشر", "الثاني عشر", "الثالث عشر"…: an ordinal (or الحادي) followed by عشر.
const ORD_TEEN_FIRST = new Map<string, number>([
  ['الحادي', 1],
  ['حادي', 1],
]);

export interface NumSpan {
  /** Token range [i0, i1). */
  i0: number;
  i1: number;
  value: number;
  /** Largest multiplier applied (1 if none). */
  mult: number;
  /** Written with digits. */
  digits: boolean;
  /** An ordinal (الثالث, second, 3rd). */
  ordinal?: boolean;
  /** A Latin "m" right after the digits ("300m"): metres when ≥ 100, millions below. */
  metreM?: boolean;
}

/** The number word a token is (with a leading و or ب removed when allowed), if any. */
function wordOf(tok: Token, allowPrefix: boolean): { w: NumberWord; conn: boolean } | undefined {
  if (tok.t !== T_AR && tok.t !== T_LAT) return undefined;
  const w = WORDS.get(tok.n);
  if (w) return { w, conn: false };
  if (tok.t === T_AR && tok.n.length >= 5 && tok.n.startsWith('ال')) {
    // "الثلاث ملايين", "العشرين ألف", "المليون"
    const r = WORDS.get(tok.n.slice(2));
    if (r && r.k !== 'frac' && r.k !== 'article') return { w: r, conn: false };
  }
  if (tok.t === T_AR && tok.n.length >= 3) {
    const c = tok.n[0];
    if (c === 'و' || (allowPrefix && (c === 'ب' || c === 'ل'))) {
      const rest = tok.n.slice(1);
      const r = WORDS.get(rest);
      if (r) return { w: r, conn: c === 'و' };
      if (c === 'و' && (rest[0] === 'ب' || rest[0] === 'ل')) {
        const r2 = WORDS.get(rest.slice(1));
        if (r2) return { w: r2, conn: true };
      }
    }
  }
  return undefined;
}

/** True if the token (maybe with و/ب) is an Arabic or English number word. */
export function isNumberWord(tok: Token): boolean {
  return wordOf(tok, true) !== undefined || ORDINALS.has(tok.n);
}

/** The value of a simple number word (units, teens, tens, hundreds), e.g. for clock hours. */
export function simpleWordValue(tok: Token): number | undefined {
  const r = wordOf(tok, false);
  if (!r || r.conn) return undefined;
  const k = r.w.k;
  return k === 'unit' || k === 'teen' || k === 'ten' || k === 'hundred' ? r.w.v : undefined;
}

/** An ordinal at i: "الثالث", "الحادي عشر", "second", "3rd". */
export function ordinalAt(tokens: Token[], i: number): NumSpan | undefined {
  const tok = tokens[i];
  if (!tok) return undefined;
  if (tok.t === T_NUM && Number.isInteger(tok.v)) {
    const suf = tokens[i + 1];
    if (suf && !suf.sp && suf.t === T_LAT && (suf.n === 'st' || suf.n === 'nd' || suf.n === 'rd' || suf.n === 'th')) {
      return { i0: i, i1: i + 2, value: tok.v, mult: 1, digits: true, ordinal: true };
    }
    return undefined;
  }
  let n = tok.n;
  let v = ORDINALS.get(n);
  if (v === undefined && tok.t === T_AR && (n.startsWith('و') || n.startsWith('ب') || n.startsWith('ل'))) {
    n = n.slice(1);
    v = ORDINALS.get(n);
    if (v === undefined && n.startsWith('ل')) v = ORDINALS.get(`ا${n}`); // للثاني → الثاني
  }
  const teenFirst = ORD_TEEN_FIRST.get(n);
  const next = tokens[i + 1];
  if (
    (teenFirst !== undefined || (v !== undefined && v >= 1 && v <= 9)) &&
    next &&
    (next.n === 'عشر' || next.n === 'عشره')
  ) {
    return { i0: i, i1: i + 2, value: (teenFirst ?? v ?? 0) + 10, mult: 1, digits: false, ordinal: true };
  }
  if (v === undefined) return undefined;
  return { i0: i, i1: i + 1, value: v, mult: 1, digits: false, ordinal: true };
}

/**
 * Reads the number that starts at token i (digits or words), if any. Tokens marked in `used` are never
 * read. Returns the token range and the value.
 */
export function readNumberAt(tokens: Token[], i: number, used?: Uint8Array): NumSpan | undefined {
  let total = 0;
  let cur = 0;
  let curSet = false;
  let curDigits = false;
  let curStart = i;
  // word composition state of `cur`
  let hasHund = false;
  let hasTen = false;
  let hasUnit = false;
  let lastMult = Number.POSITIVE_INFINITY;
  let maxMult = 1;
  let anyDigits = false;
  let end = i;
  let fracPending = false;
  let metreM = false;
  // where the current small part was joined by "و"/"and" (-1: not joined), and whether a multiplier that
  // cannot follow ("٢ مليون و٣ مليون", "2M and 3M") showed that it starts a new number
  let curConnAt = -1;
  let blocked = false;
  let j = i;
  const n = tokens.length;

  const isMultNext = (k: number): boolean => {
    const t = tokens[k];
    if (!t || used?.[k]) return false;
    const r = wordOf(t, false);
    return !!r && !r.conn && (r.w.k === 'mult' || r.w.k === 'multPlural' || r.w.k === 'hundredMul') && !r.w.afterDigits;
  };

  while (j < n) {
    if (used?.[j]) break;
    const tok = tokens[j] as Token;
    let conn = false;
    let w: NumberWord | undefined;
    let digitsVal: number | undefined;
    let width = 1;
    if (tok.t === T_NUM) {
      if (Number.isNaN(tok.v)) break;
      digitsVal = tok.v;
    } else if (tok.t === T_AR || tok.t === T_LAT) {
      // standalone connector: "و" / "and" followed by a number part
      if ((tok.n === 'و' || tok.n === 'and') && j > i) {
        const nx = tokens[j + 1];
        if (!nx || used?.[j + 1]) break;
        if (nx.t === T_NUM && !Number.isNaN(nx.v)) {
          digitsVal = nx.v;
          conn = true;
          width = 2;
        } else {
          const r = wordOf(nx, false);
          if (!r || r.conn) break;
          w = r.w;
          conn = true;
          width = 2;
        }
      } else {
        const tf = TEEN_FIRST.get(tok.n);
        const nx = tokens[j + 1];
        if (tf !== undefined && nx && !used?.[j + 1] && (nx.n === 'عشر' || nx.n === 'عشره')) {
          // "احدى عشر", "اثنا عشر"
          w = { k: 'teen', v: tf + 10 };
          width = 2;
        } else {
          const r = wordOf(tok, j === i);
          if (!r) break;
          w = r.w;
          conn = r.conn && j > i;
        }
      }
    } else break;

    if (w?.afterDigits) {
      // k / m / bn only right after digits: "60k", "2.5M", "1.8 million" (the word forms are not afterDigits)
      const prev = tokens[j - 1];
      if (!(curSet && curDigits && j === end && prev && prev.t === T_NUM)) break;
      if (tok.n === 'm') {
        const nx = tokens[j + 1];
        const squared = nx && !nx.sp && nx.t === T_NUM && nx.n === '2';
        if (squared || (!tok.cap && cur >= 100)) {
          metreM = true;
          break;
        }
      }
    }

    if (digitsVal !== undefined) {
      if (curSet) break; // digits never join digits
      if (total > 0) {
        if (!conn) break;
      } else if (conn || j > i) break;
      cur = digitsVal;
      curSet = true;
      curDigits = true;
      anyDigits = true;
      curStart = j;
      curConnAt = conn ? j : -1;
      hasHund = hasTen = hasUnit = false;
      j += width;
      end = j;
      continue;
    }
    if (!w) break;

    switch (w.k) {
      case 'article': {
        // "a million", "a hundred", "half a million"
        if (curSet && !fracPending) break;
        if (!isMultNext(j + 1)) break;
        if (!fracPending) {
          cur = 1;
          curSet = true;
          curDigits = false;
          curStart = j;
        }
        j += width;
        end = j;
        continue;
      }
      case 'unit':
      case 'teen':
      case 'ten':
      case 'hundred': {
        const v = w.v;
        if (!curSet) {
          if (total > 0 && !conn && tok.t !== T_LAT) break;
          if (total === 0 && conn) break;
          // two-word teen: "ثلاثة عشر", "اثنا عشر"
          const nx = tokens[j + width];
          if (w.k === 'unit' && v >= 1 && v <= 9 && nx && !used?.[j + width] && (nx.n === 'عشر' || nx.n === 'عشره')) {
            cur = v + 10;
            curSet = true;
            curDigits = false;
            hasUnit = true;
            hasTen = true;
            curStart = j;
            j += width + 1;
            end = j;
            continue;
          }
          cur = v;
          curSet = true;
          curDigits = false;
          curStart = j;
          curConnAt = conn ? j : -1;
          hasHund = w.k === 'hundred';
          hasTen = w.k === 'ten' || w.k === 'teen';
          hasUnit = w.k === 'unit' || w.k === 'teen';
          j += width;
          end = j;
          continue;
        }
        if (curDigits) break;
        // "خمس مية" (unit then مية, no connector) → 500
        if (!conn && w.k === 'hundred' && v === 100 && hasUnit && !hasTen && !hasHund && cur <= 9) {
          cur *= 100;
          hasHund = true;
          hasUnit = false;
          j += width;
          end = j;
          continue;
        }
        const english = tok.t === T_LAT || tokens[j + width - 1]?.t === T_LAT;
        if (!conn && !english) break;
        if (w.k === 'hundred') break;
        if (w.k === 'ten' && !hasTen && (!hasUnit || cur % 100 < 10)) {
          // "ثلاثة وعشرين", "مية وخمسين", "twenty" after "two hundred"
          cur += v;
          hasTen = true;
          j += width;
          end = j;
          continue;
        }
        if ((w.k === 'unit' || w.k === 'teen') && !hasUnit && (hasHund || (english && hasTen))) {
          if (w.k === 'teen' && hasTen) break;
          cur += v;
          hasUnit = true;
          if (w.k === 'teen') hasTen = true;
          j += width;
          end = j;
          continue;
        }
        break;
      }
      case 'hundredMul': {
        // English "hundred": "two hundred", "a hundred"
        if (!curSet) {
          cur = 100;
          curSet = true;
          curStart = j;
        } else if (cur >= 1 && cur <= 99 && !hasHund) cur *= 100;
        else break;
        hasHund = true;
        hasTen = hasUnit = false;
        j += width;
        end = j;
        continue;
      }
      case 'mult':
      case 'multPlural': {
        const m = w.v;
        if (m >= lastMult) {
          if (curSet && curConnAt >= 0) blocked = true;
          break;
        }
        if (w.k === 'multPlural' && !curSet) break;
        if (!curSet && total > 0 && !conn) break;
        if (!curSet && total === 0 && conn) break;
        if (curSet && conn) break; // "٣ ومليون"
        const g = (curSet ? cur : 1) * m;
        if (total > 0 && g >= lastMult) {
          if (curSet && curConnAt >= 0) blocked = true;
          break;
        }
        total += g;
        lastMult = m;
        maxMult = Math.max(maxMult, m);
        cur = 0;
        curSet = false;
        curDigits = false;
        curConnAt = -1;
        fracPending = false;
        hasHund = hasTen = hasUnit = false;
        j += width;
        end = j;
        continue;
      }
      case 'dual': {
        const m = w.v / 2;
        if (curSet || m >= lastMult) break;
        if (total > 0 && !conn) break;
        if (total === 0 && conn) break;
        total += w.v;
        lastMult = m;
        maxMult = Math.max(maxMult, m);
        j += width;
        end = j;
        continue;
      }
      case 'frac': {
        if (total > 0 && !curSet && conn) {
          // "مليون ونص" → 1,500,000; the number ends here
          total += w.v * lastMult;
          j += width;
          end = j;
          j = n; // stop
          continue;
        }
        if (!curSet && total === 0 && !conn) {
          // "نص مليون", "half a million", "ربع مليون"
          let k = j + width;
          const a = tokens[k];
          if (a && (a.n === 'a' || a.n === 'an')) k++;
          if (isMultNext(k)) {
            cur = w.v;
            curSet = true;
            curDigits = false;
            fracPending = true;
            curStart = j;
            j = k;
            end = j;
            continue;
          }
        }
        break;
      }
    }
    break;
  }

  if (end === i) return undefined;
  if (curSet && blocked) {
    end = curConnAt;
  } else if (curSet) {
    if (fracPending) {
      // a fraction that found no multiplier: not a number
      end = curStart;
    } else if (total > 0) {
      if (cur < 1000 && lastMult >= 1e6) cur *= lastMult / 1000;
      if (cur >= lastMult) end = curStart;
      else total += cur;
    } else total = cur;
  }
  if (end === i) return undefined;
  // 4.1 × 1,000,000 is 4,100,000, not 4,099,999.9999999995
  const value = Number(total.toPrecision(12));
  return { i0: i, i1: end, value, mult: maxMult, digits: anyDigits, ...(metreM ? { metreM } : {}) };
}

/** Reads all the numbers in the tokens that are not marked used, left to right. */
export function findNumbers(tokens: Token[], used?: Uint8Array): NumSpan[] {
  const out: NumSpan[] = [];
  for (let i = 0; i < tokens.length; i++) {
    if (used?.[i]) continue;
    const tok = tokens[i] as Token;
    if (tok.t === T_PUNCT) continue;
    const span = readNumberAt(tokens, i, used);
    // "-500 الف", "1e309 مليون": the word after a number that is not read is no number either
    const prev = tokens[i - 1];
    const afterUnread = !!span && !span.digits && !!prev && prev.t === T_NUM && Number.isNaN(prev.v) && !used?.[i - 1];
    if (span && Number.isFinite(span.value) && !afterUnread) {
      out.push(span);
      i = span.i1 - 1;
    } else if (span && afterUnread) i = span.i1 - 1;
  }
  return out;
}
