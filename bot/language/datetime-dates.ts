// Dates written out: "25/11", "2026-11-25", "٢٥ نوفمبر", "November 25th, 2026", "يوم ٢٥"; without a year,
// the next such date on or after today.
import { type Clock, civilFromDays, daysFromCivil, validDate } from './calendar.ts';
import { MONTHS, matchAt } from './datetime-words.ts';
import { T_LAT, T_NUM, type Token } from './normalize.ts';

export function isInt(t: Token | undefined, lo: number, hi: number): boolean {
  return !!t && t.t === T_NUM && !t.dec && Number.isInteger(t.v) && t.v >= lo && t.v <= hi;
}

/** An hour number at i: digits 0–23 or a number word 1–12. */
export function nextDateOnOrAfter(c: Clock, m: number, d: number): number | undefined {
  const [y0] = civilFromDays(c.today);
  for (let y = y0; y <= y0 + 8; y++) {
    if (!validDate(y, m, d)) continue;
    const dn = daysFromCivil(y, m, d);
    if (dn >= c.today) return dn;
  }
  return undefined;
}

export function nextDayOfMonth(c: Clock, d: number): number | undefined {
  let [y, m] = civilFromDays(c.today);
  for (let k = 0; k < 13; k++) {
    if (validDate(y, m, d)) {
      const dn = daysFromCivil(y, m, d);
      if (dn >= c.today) return dn;
    }
    m++;
    if (m > 12) {
      m = 1;
      y++;
    }
  }
  return undefined;
}

function yearOf(t: Token | undefined): number | undefined {
  if (!t || t.t !== T_NUM || t.dec || !Number.isInteger(t.v)) return undefined;
  if (t.n.length === 4 && t.v >= 1900 && t.v <= 2200) return t.v;
  if (t.n.length === 2) return 2000 + t.v;
  return undefined;
}

/**
 * A date found in the text: `day` is undefined when it is written as a date but does not exist
 * («٣١/٠٢», «٢٩ فبراير ٢٠٢٥»): its tokens are taken, and no date is read from the message, so that
 * the question is asked again rather than answered with another day.
 */
export interface WrittenDate {
  day: number | undefined;
  end: number;
}

/** An explicit date at i: "25/11", "25/11/2026", "2026-11-25", "25-11-2026". */
export function slashDate(c: Clock, toks: Token[], i: number, used: Uint8Array): WrittenDate | undefined {
  const a = toks[i];
  const s1 = toks[i + 1];
  const b = toks[i + 2];
  if (!a || !s1 || !b || used[i + 1] || used[i + 2] || a.t !== T_NUM || b.t !== T_NUM || a.dec || b.dec)
    return undefined;
  if (s1.n !== '/' && s1.n !== '-') return undefined;
  const s2 = toks[i + 3];
  const cTok = toks[i + 4];
  const three = !!(s2 && cTok && !used[i + 3] && !used[i + 4] && s2.n === s1.n && cTok.t === T_NUM && !cTok.dec);
  if (three && cTok && a.n.length === 4) {
    // y-m-d
    const y = a.v;
    const m = b.v;
    const d = cTok.v;
    if (y < 1900 || y > 2200) return undefined;
    if (!validDate(y, m, d)) return isInt(b, 1, 12) && isInt(cTok, 1, 31) ? { day: undefined, end: i + 5 } : undefined;
    return { day: daysFromCivil(y, m, d), end: i + 5 };
  }
  if (three && cTok) {
    const y = yearOf(cTok);
    if (y === undefined) return undefined;
    if (!validDate(y, b.v, a.v)) return isInt(a, 1, 31) && isInt(b, 1, 12) ? { day: undefined, end: i + 5 } : undefined;
    return { day: daysFromCivil(y, b.v, a.v), end: i + 5 };
  }
  if (s1.n !== '/') return undefined;
  if (!isInt(a, 1, 31) || !isInt(b, 1, 12)) return undefined;
  // 31/02 never exists: no date (not the 31st of another month)
  return { day: nextDateOnOrAfter(c, b.v, a.v), end: i + 3 };
}

/** A day number 1–31 at i, digits or "25th". Returns the value and the end. */
export function dayNumAt(toks: Token[], i: number, used: Uint8Array): { d: number; end: number } | undefined {
  const t = toks[i];
  if (!t || used[i] || !isInt(t, 1, 31)) return undefined;
  const s = toks[i + 1];
  if (s && !s.sp && !used[i + 1] && s.t === T_LAT && (s.n === 'st' || s.n === 'nd' || s.n === 'rd' || s.n === 'th')) {
    return { d: t.v, end: i + 2 };
  }
  return { d: t.v, end: i + 1 };
}

/** "٢٥ نوفمبر", "25 November 2026", "November 25", "25th of Nov", "٢٥ تشرين الثاني", "٢٥ شهر ١١". */
export function monthDate(c: Clock, toks: Token[], i: number, used: Uint8Array): WrittenDate | undefined {
  const dn = dayNumAt(toks, i, used);
  if (dn) {
    let j = dn.end;
    const of = toks[j];
    if (of && !used[j] && (of.n === 'of' || of.n === 'من')) j++;
    let month: number | undefined;
    let end = j;
    const mm = matchAt(MONTHS, toks, j, used, false);
    if (mm) {
      month = mm.v;
      end = mm.end;
    } else {
      const w = toks[j];
      const n2 = toks[j + 1];
      if (w && !used[j] && w.n === 'شهر' && isInt(n2, 1, 12) && n2 && !used[j + 1]) {
        month = n2.v;
        end = j + 2;
      }
    }
    if (month !== undefined) return withYear(c, toks, end, used, month, dn.d);
  }
  const mm = matchAt(MONTHS, toks, i, used, false);
  if (mm) {
    const d2 = dayNumAt(toks, mm.end, used);
    if (d2) {
      const after = toks[d2.end];
      // not "May 2026" (a year) nor "may 3 hours"
      if (!(after && !used[d2.end] && after.n === ':')) return withYear(c, toks, d2.end, used, mm.v, d2.d);
    }
  }
  return undefined;
}

function withYear(c: Clock, toks: Token[], end: number, used: Uint8Array, month: number, d: number): WrittenDate {
  let j = end;
  if (toks[j]?.n === ',' && !used[j]) j++;
  const yt = toks[j];
  if (yt && !used[j] && yt.t === T_NUM && yt.n.length === 4) {
    const y = yearOf(yt);
    // «٢٩ فبراير ٢٠٢٥» does not exist: no date, not the next 29 February
    if (y !== undefined) return { day: validDate(y, month, d) ? daysFromCivil(y, month, d) : undefined, end: j + 1 };
  }
  return { day: nextDateOnOrAfter(c, month, d), end };
}
