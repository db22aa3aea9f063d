// Phone numbers: runs of digit groups (separated by spaces, dashes, dots or brackets, maybe after "+")
// checked with libphonenumber-js. Only a number that libphonenumber-js says is valid is taken; anything
// else is left alone (read as an ordinary number, or not at all) rather than guessed.
//
// Accepted: +966 5…, 9665…, 009665…, 05…, 5… (nine digits), Saudi landlines (01…), and any valid
// international number written with + or 00. Output: E.164 ("+966551234567").
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { T_NUM, T_PUNCT, type Token } from './normalize.ts';

export interface PhoneSpan {
  i0: number;
  i1: number;
  e164: string;
}

const MONEY_AFTER = new Set(['الف', 'الاف', 'مليون', 'ريال', 'k', 'm', 'sar', 'sr', 'ملايين', 'riyal', 'riyals']);

/** E.164 of a digit string if it is a valid phone number (plus: written after "+"). */
export function validPhone(digits: string, plus: boolean): string | undefined {
  if (digits.length < 9 || digits.length > 15 || !/^\d+$/.test(digits)) return undefined;
  let candidate: string;
  let region: 'SA' | undefined;
  if (plus) candidate = `+${digits}`;
  else if (digits.startsWith('00')) candidate = `+${digits.slice(2)}`;
  else if (digits.startsWith('966') && digits.length === 12) candidate = `+${digits}`;
  else if (digits.startsWith('0') && digits.length === 10) {
    candidate = digits;
    region = 'SA';
  } else if (digits.startsWith('5') && digits.length === 9) {
    candidate = digits;
    region = 'SA';
  } else return undefined;
  try {
    const n = region ? parsePhoneNumberFromString(candidate, region) : parsePhoneNumberFromString(candidate);
    if (n?.isValid()) return n.number;
  } catch {
    // not a number
  }
  return undefined;
}

/**
 * Finds phone numbers among the tokens; `text` is the analysed text (to see how a number was written:
 * "1,200,000" is never a phone).
 */
export function findPhones(tokens: Token[], text: string, used: Uint8Array): PhoneSpan[] {
  const out: PhoneSpan[] = [];
  const n = tokens.length;
  for (let i = 0; i < n; i++) {
    if (used[i]) continue;
    const t = tokens[i] as Token;
    const plus = t.t === T_PUNCT && t.n === '+';
    const start = plus ? i + 1 : i;
    const first = tokens[start];
    if (!first || first.t !== T_NUM || !plainDigits(first, text)) continue;
    // collect the run of digit groups
    const groups: number[] = [start];
    let j = start + 1;
    while (j < n) {
      const x = tokens[j] as Token;
      if (used[j]) break;
      if (x.t === T_NUM && plainDigits(x, text)) {
        groups.push(j);
        j++;
        continue;
      }
      if (x.t === T_PUNCT && (x.n === '-' || x.n === '.' || x.n === '(' || x.n === ')')) {
        const nx = tokens[j + 1];
        if (nx && nx.t === T_NUM && plainDigits(nx, text)) {
          j++;
          continue;
        }
        if (x.n === ')' && nx?.t === T_NUM) {
          j++;
          continue;
        }
      }
      break;
    }
    // the longest valid prefix of the run, starting at its first group
    let found: PhoneSpan | undefined;
    let digits = '';
    const prefixes: string[] = [];
    for (const g of groups) {
      digits += (tokens[g] as Token).n;
      prefixes.push(digits);
    }
    for (let k = groups.length - 1; k >= 0; k--) {
      const d = prefixes[k] as string;
      if (d.length > 15) continue;
      const e164 = validPhone(d, plus);
      if (!e164) continue;
      const last = groups[k] as number;
      const after = tokens[last + 1];
      if (!plus && after && MONEY_AFTER.has(after.n)) continue;
      found = { i0: i, i1: last + 1, e164 };
      break;
    }
    if (found) {
      out.push(found);
      for (let k = found.i0; k < found.i1; k++) used[k] = 1;
      i = found.i1 - 1;
    }
  }
  return out;
}

function plainDigits(t: Token, text: string): boolean {
  if (t.dec) return false;
  const raw = text.slice(t.s, t.e);
  return !raw.includes(',') && !raw.includes('٬');
}
