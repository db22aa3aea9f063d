// Text normalisation and tokenisation: one pass over the characters, through a folding table that is
// filled lazily (one entry per UTF-16 code unit, computed the first time the unit is seen).
//
// Folding (the contract's "Text normalisation before matching" and a bit more):
// - tashkeel, superscript alef, Quranic marks and tatweel are removed;
// - أ إ آ ٱ → ا · ى ی → ي · ئ → ي · ؤ → و · ة ۀ → ه · Persian ک گ → ك, پ → ب, چ → ج, ڤ → ف, ژ → ز;
// - Arabic-Indic (٠-٩) and Persian (۰-۹) digits → 0-9; ٫ → "." (decimal point); ٬ → "," (thousands);
//   ، → "," · ؛ → ";" · ؟ → "?" · ٪ → "%";
// - Latin letters are lower-cased and lose their accents; presentation forms and full-width characters
//   go through NFKC;
// - bidi controls, zero-width characters, the BOM and soft hyphens are removed without splitting a word;
// - control characters, emoji, symbols and lone surrogates separate words;
// - a letter repeated three times or more is folded to one (تماااام → تمام), and so is a doubled alef.

import { asciiDigitCode } from '../../core/shared/digits.ts';
import { foldArabicLetterCode } from '../../core/shared/text.ts';

const DEL = -1;
const SEP = -2;
const EXPAND = -3;
const UNKNOWN = -4;

const table = new Int32Array(0x10000).fill(UNKNOWN);
const expansions = new Map<number, string>();

const KEEP_PUNCT = new Set('+#@.:/-%,?!;()\'"&_=*$<>[]{}|~^`\\'.split('').map((c) => c.charCodeAt(0)));

function classify(c: number): number {
  if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) return SEP;
  if (c < 0x80) {
    if (c >= 0x41 && c <= 0x5a) return c + 32;
    if ((c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39)) return c;
    if (c === 0x20) return SEP;
    return KEEP_PUNCT.has(c) ? c : SEP;
  }
  // Invisible format characters: removed, they never split a word.
  if (
    c === 0x00ad ||
    (c >= 0x200b && c <= 0x200f) ||
    (c >= 0x202a && c <= 0x202e) ||
    (c >= 0x2060 && c <= 0x206f) ||
    c === 0xfeff ||
    c === 0x061c ||
    c === 0x180e ||
    (c >= 0xfe00 && c <= 0xfe0f)
  ) {
    return DEL;
  }
  if (c === 0x00a0 || (c >= 0x2000 && c <= 0x200a) || c === 0x202f || c === 0x205f || c === 0x3000) return SEP;
  if (c >= 0xd800 && c <= 0xdfff) return SEP;
  // Arabic block.
  if ((c >= 0x064b && c <= 0x065f) || c === 0x0670 || c === 0x0640 || (c >= 0x06d6 && c <= 0x06ed)) return DEL;
  const letter = foldArabicLetterCode(c);
  if (letter !== c) return letter;
  switch (c) {
    case 0x066b:
      return 0x2e; // ٫ decimal point
    case 0x066c:
    case 0x060c:
      return 0x2c; // ٬ and ، as ","
    case 0x061b:
      return 0x3b;
    case 0x061f:
      return 0x3f;
    case 0x066a:
      return 0x25;
    case 0x06d4:
      return 0x2e;
    case 0x00b2:
      return 0x32;
    case 0x00b3:
      return 0x33;
    case 0x00b9:
      return 0x31;
    case 0x2018:
    case 0x2019:
    case 0x201b:
    case 0x2032:
    case 0x00b4:
      return 0x27;
    case 0x201c:
    case 0x201d:
    case 0x00ab:
    case 0x00bb:
      return 0x22;
    case 0xfdfc:
      return SEP;
    case 0x00d7:
      return 0x78; // × as "x" (20×30) // ﷼ rial sign: a separator (the amount is read from the digits)
  }
  const digit = asciiDigitCode(c);
  if (digit >= 0) return digit;
  if ((c >= 0x2010 && c <= 0x2015) || c === 0x2212 || c === 0xfe63 || c === 0xff0d) return 0x2d;
  if (c >= 0x0621 && c <= 0x064a) return c;
  if (c >= 0x0671 && c <= 0x06d3) return c;
  const ch = String.fromCharCode(c);
  // Presentation forms, ligatures and full-width characters: NFKC, then fold each resulting character.
  if ((c >= 0xfb00 && c <= 0xfdff) || (c >= 0xfe70 && c <= 0xfeff) || (c >= 0xff00 && c <= 0xffef)) {
    const k = ch.normalize('NFKC');
    if (k === ch) return /\p{L}/u.test(ch) ? c : SEP;
    let out = '';
    for (let i = 0; i < k.length; i++) {
      const f = fold(k.charCodeAt(i));
      if (f >= 0) out += String.fromCharCode(f);
      else if (f === SEP) out += ' ';
      else if (f === EXPAND) out += expansions.get(k.charCodeAt(i)) ?? '';
    }
    if (out.length === 1) return out.charCodeAt(0);
    if (out.trim() === '') return SEP;
    expansions.set(c, out);
    return EXPAND;
  }
  if (/\p{M}/u.test(ch)) return DEL;
  if (/\p{L}/u.test(ch)) {
    if (c >= 0x00c0 && c <= 0x024f) {
      const base = ch.normalize('NFD').charAt(0).toLowerCase();
      return base.length === 1 ? base.charCodeAt(0) : c;
    }
    const lower = ch.toLowerCase();
    if (lower.length !== 1) return c;
    // A letter whose lower case is itself folded further (Å ANGSTROM SIGN → å → a) folds all the way
    // at once, so that normalizing twice gives what normalizing once gave.
    const code = lower.charCodeAt(0);
    if (code === c) return c;
    const again = fold(code);
    return again >= 0 ? again : code;
  }
  return SEP;
}

/** The folded code of one UTF-16 unit: a code, or DEL (-1), SEP (-2), EXPAND (-3). */
function fold(c: number): number {
  let f = table[c] ?? SEP;
  if (f === UNKNOWN) {
    f = classify(c);
    table[c] = f;
  }
  return f;
}

export function isArabicLetter(c: number): boolean {
  return (c >= 0x0621 && c <= 0x064a) || (c >= 0x0671 && c <= 0x06d3);
}
function isLatinLetter(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0xc0 && c <= 0x24f);
}
function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/** Folds runs of three or more equal letters, and a doubled alef, to one letter. */
export function foldRepeats(w: string): string {
  if (w.length < 2) return w;
  let out = '';
  let changed = false;
  for (let i = 0; i < w.length; i++) {
    const ch = w[i] as string;
    let j = i;
    while (j + 1 < w.length && w[j + 1] === ch) j++;
    const run = j - i + 1;
    if (run >= 3 || (run === 2 && ch === 'ا')) {
      out += ch;
      changed = true;
    } else out += w.slice(i, j + 1);
    i = j;
  }
  return changed ? out : w;
}

/**
 * Normalises a text for matching: the folding above, separators collapsed to single spaces, repeated
 * letters folded, trimmed. Never throws; any string in, a string out.
 */
export function normalizeArabic(text: string): string {
  if (typeof text !== 'string' || text.length === 0) return '';
  let out = '';
  let word = '';
  let pendingSpace = false;
  const flush = (): void => {
    if (word) {
      if (pendingSpace && out) out += ' ';
      out += foldRepeats(word);
      word = '';
      pendingSpace = false;
    }
  };
  for (let i = 0; i < text.length; i++) {
    const f = fold(text.charCodeAt(i));
    if (f === DEL) continue;
    if (f === SEP) {
      flush();
      pendingSpace = true;
      continue;
    }
    const s = f === EXPAND ? (expansions.get(text.charCodeAt(i)) ?? '') : String.fromCharCode(f);
    for (const ch of s) {
      if (ch === ' ') {
        flush();
        pendingSpace = true;
      } else word += ch;
    }
  }
  flush();
  return out;
}

/** A set of normalised keys (looseKey) of words written in their usual spelling. */
export function keySet(words: string | string[]): Set<string> {
  const list = typeof words === 'string' ? words.split(/\s+/) : words;
  return new Set(list.filter(Boolean).map((w) => looseKey(w)));
}

/** A key for lexicon and place lookups: normalised, and without hamza (ء), so that الصفاء ≈ الصفا. */
export function looseKey(text: string): string {
  return normalizeArabic(text).replace(/ء/g, '');
}

export const T_AR = 0;
export const T_LAT = 1;
export const T_NUM = 2;
export const T_PUNCT = 3;
export const T_OTHER = 4;

export interface Token {
  /** Normalised form: folded, lower-case, without hamza; for a number, its digits as written (with separators removed). */
  n: string;
  /** Kind: T_AR, T_LAT, T_NUM, T_PUNCT, T_OTHER. */
  t: number;
  /** Start and end offsets in the analysed text. */
  s: number;
  e: number;
  /** Whitespace (or a separator) before the token. */
  sp: boolean;
  /** Numeric value of a number token (NaN otherwise, and for digit strings too long to be a number). */
  v: number;
  /** A number written with a decimal point. */
  dec: boolean;
  /** A Latin word written with an upper-case first letter. */
  cap: boolean;
  /** Clitic-stripped bases (computed on demand, see bases()). */
  b?: string[];
}

const MAX_NUMBER_DIGITS = 15;

function makeToken(
  text: string,
  kind: number,
  buf: string,
  start: number,
  end: number,
  sp: boolean,
  dec: boolean,
): Token {
  let n = buf;
  let v = Number.NaN;
  if (kind === T_NUM) {
    const digits = n.indexOf(',') < 0 ? n : n.replace(/,/g, '');
    const dot = digits.indexOf('.');
    const intLen = dot < 0 ? digits.length : dot;
    if (intLen <= MAX_NUMBER_DIGITS) v = Number(digits);
    n = digits;
  } else if (kind === T_AR || kind === T_LAT || kind === T_OTHER) {
    n = foldRepeats(n);
    if (kind === T_AR && n.indexOf('ء') >= 0) n = n.replace(/ء/g, '') || n;
  }
  let cap = false;
  if (kind === T_LAT) {
    const c0 = text.charCodeAt(start);
    cap = c0 >= 0x41 && c0 <= 0x5a;
  }
  return { n, t: kind, s: start, e: end, sp, v, dec, cap };
}

/** The next folded code from i on, skipping deleted characters (SEP at the end). */
function peekFold(text: string, i: number): number {
  for (let j = i; j < text.length; j++) {
    const f = fold(text.charCodeAt(j));
    if (f !== DEL) return f;
  }
  return SEP;
}

/** Whether exactly three digits follow position i (a thousands group). */
function threeDigitsFrom(text: string, i: number): boolean {
  let d = 0;
  for (let j = i; j < text.length; j++) {
    const g = fold(text.charCodeAt(j));
    if (g === DEL) continue;
    if (isDigit(g)) d++;
    else break;
  }
  return d === 3;
}

/**
 * Splits a text into tokens in one pass: Arabic words, Latin words, numbers (digits with "." decimals and
 * "," thousands groups) and single punctuation characters. A change of script starts a new token
 * ("بـ2.5M" → ب, 2.5, m; "١٢٠٠م" → 1200, م).
 */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const len = text.length;
  let kind = -1;
  let buf = '';
  let start = 0;
  let end = 0;
  let sp = true;
  let dec = false;
  let sawSep = true;

  for (let i = 0; i < len; i++) {
    const raw = text.charCodeAt(i);
    const f = fold(raw);
    if (f === DEL) {
      if (kind >= 0) end = i + 1;
      continue;
    }
    if (f === EXPAND) {
      const exp = expansions.get(raw) ?? '';
      // ligatures expand to letters of one script (e.g. ﻻ → لا): appended to the current word
      for (let x = 0; x < exp.length; x++) {
        const c = exp.charCodeAt(x);
        if (c === 0x20) {
          if (kind >= 0) tokens.push(makeToken(text, kind, buf, start, end, sp, dec));
          kind = -1;
          buf = '';
          dec = false;
          sawSep = true;
          continue;
        }
        const k = isArabicLetter(c) ? T_AR : isLatinLetter(c) ? T_LAT : isDigit(c) ? T_NUM : T_OTHER;
        if (kind !== k) {
          if (kind >= 0) tokens.push(makeToken(text, kind, buf, start, end, sp, dec));
          buf = '';
          dec = false;
          kind = k;
          start = i;
          sp = sawSep;
          sawSep = false;
        }
        buf += exp[x];
        end = i + 1;
      }
      continue;
    }
    if (f === SEP) {
      if (kind >= 0) tokens.push(makeToken(text, kind, buf, start, end, sp, dec));
      kind = -1;
      buf = '';
      dec = false;
      sawSep = true;
      continue;
    }
    let k: number;
    if (isDigit(f)) k = T_NUM;
    else if (isArabicLetter(f)) k = T_AR;
    else if (isLatinLetter(f)) k = T_LAT;
    else if (f === 0x27 && kind === T_LAT && isLatinLetter(peekFold(text, i + 1))) {
      // an apostrophe inside a Latin word joins it (Ha'il → hail), except a possessive "'s"
      if (!(peekFold(text, i + 1) === 0x73 && !isLatinLetter(peekFold(text, i + 2)))) {
        end = i + 1;
        continue;
      }
      tokens.push(makeToken(text, kind, buf, start, end, sp, dec));
      kind = -1;
      buf = '';
      dec = false;
      sawSep = true;
      continue;
    } else if (KEEP_PUNCT.has(f)) {
      // "." and "," inside a number: decimal point, thousands separator
      if (kind === T_NUM && (f === 0x2e || f === 0x2c) && !dec && isDigit(peekFold(text, i + 1))) {
        if (f === 0x2e) {
          dec = true;
          buf += '.';
          end = i + 1;
          continue;
        }
        if (threeDigitsFrom(text, i + 1)) {
          buf += ',';
          end = i + 1;
          continue;
        }
      }
      if (kind >= 0) tokens.push(makeToken(text, kind, buf, start, end, sp, dec));
      kind = -1;
      buf = '';
      dec = false;
      tokens.push({
        n: String.fromCharCode(f),
        t: T_PUNCT,
        s: i,
        e: i + 1,
        sp: sawSep,
        v: Number.NaN,
        dec: false,
        cap: false,
      });
      sawSep = false;
      continue;
    } else k = T_OTHER;
    if (kind !== k) {
      if (kind >= 0) tokens.push(makeToken(text, kind, buf, start, end, sp, dec));
      buf = '';
      dec = false;
      kind = k;
      start = i;
      sp = sawSep;
      sawSep = false;
    }
    buf += String.fromCharCode(f);
    end = i + 1;
  }
  if (kind >= 0) tokens.push(makeToken(text, kind, buf, start, end, sp, dec));
  unreadNonsenseNumbers(tokens);
  return tokens;
}

/**
 * Numbers no count or amount is written as lose their value (they stay tokens, so nothing else reads
 * their digits): a negative number ("-5", not the range "3-5" nor the date "2026-11-25") and exponent
 * notation ("1e309", which is not the numbers 1 and 309).
 */
function unreadNonsenseNumbers(tokens: Token[]): void {
  for (let k = 0; k < tokens.length; k++) {
    const tok = tokens[k] as Token;
    if (tok.t !== T_NUM) continue;
    const minus = tokens[k - 1];
    const beforeMinus = tokens[k - 2];
    // a minus that starts a word ("-5", "ب -500"), not one joining two parts ("40k-60k", "2026-11")
    if (minus && minus.n === '-' && !tok.sp && (!beforeMinus || minus.sp) && beforeMinus?.t !== T_NUM) {
      tok.v = Number.NaN;
    }
    const e = tokens[k + 1];
    if (!e || e.sp || e.t !== T_LAT || e.n !== 'e') continue;
    let x = k + 2;
    if (tokens[x]?.n === '+' || tokens[x]?.n === '-') x++;
    const exp = tokens[x];
    if (!exp || exp.sp || exp.t !== T_NUM) continue;
    for (let y = k; y <= x; y++) (tokens[y] as Token).v = Number.NaN;
    k = x;
  }
}

const ATTACHED_PREFIXES = ['وال', 'بال', 'فال', 'كال', 'لل', 'هال'];

/**
 * The forms of an Arabic word with its clitics removed, most literal first: the word itself, then
 * "بالرياض" → "الرياض", "للبيع" → "البيع", "هالأسبوع" → "الاسبوع", "وخالد" → "خالد", "بجدة" → "جده",
 * "وبالرياض" → "الرياض". Non-Arabic tokens have only their own form.
 */
export function bases(tok: Token): string[] {
  if (tok.b) return tok.b;
  const w = tok.n;
  const out = [w];
  if (tok.t === T_AR && w.length >= 3) {
    const add = (x: string): void => {
      if (x.length >= 2 && !out.includes(x)) out.push(x);
    };
    for (const p of ATTACHED_PREFIXES) {
      if (w.startsWith(p) && w.length > p.length + 1) {
        add(`ال${w.slice(p.length)}`);
        break;
      }
    }
    if (w.startsWith('وب') || w.startsWith('ول') || w.startsWith('فب')) {
      const rest = w.slice(2);
      if (rest.startsWith('ال')) add(rest);
      else if (rest.length >= 2) add(rest);
    }
    const c = w[0];
    if (c === 'و' || c === 'ب' || c === 'ل' || c === 'ف' || c === 'ك') {
      const rest = w.slice(1);
      if (rest.length >= 2) add(rest);
      // "لل" + word without article (للمدارس handled above); "ولل" → "ال…"
      if (c === 'و' && rest.startsWith('لل') && rest.length > 3) add(`ال${rest.slice(2)}`);
    }
  }
  tok.b = out;
  return out;
}

/** Removes tashkeel, tatweel and invisible characters from a slice of the original text (for display). */
export function cleanDisplay(s: string): string {
  return s
    .replace(/[\u064B-\u065F\u0670\u0640\u06D6-\u06ED\u200B-\u200F\u202A-\u202E\u2060-\u206F\uFEFF\u061C\u00AD]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}
