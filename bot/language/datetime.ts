// Dates, times and periods, by the contract's rules (Asia/Riyadh by default; the week starts on Sunday).
// All arithmetic is on day numbers (days since 1970-01-01) and minutes of the day in the local time of
// the zone; the only clock is `now`, given by the caller.
//
// Rules (see README.md for the choices made where the contract is silent):
// - اليوم/today · بكرة/بكره/باكر/غدا/tomorrow +1 · بعد بكرة/the day after tomorrow +2 · أمس/yesterday −1.
// - a weekday (with or without الجاي/القادم/next/coming) is its next occurrence strictly after today;
//   with الأسبوع الجاي/next week anywhere in the message it is that day of next week (Sunday–Saturday).
// - "25/11", "٢٥ نوفمبر", "November 25", "٢٥ تشرين الثاني": day/month; without a year the next such date
//   on or after today.
// - clock: "الساعة ٤", "4:30", "٤ ونص", "٤ وربع", "٥ الا ربع", "4pm", "16:00", "١٠ الصبح", "١ الظهر";
//   an hour 1–12 with no qualifier follows the hour rule (hourRule()).
// - a part of the day alone (الصبح 09:00 … الليلة 21:00): today if still ahead, else tomorrow.
// - بعد ساعتين / in 2 hours → now + that, to the minute; بعد ٣ أيام / in 3 days → a date.
// - هالأسبوع/this week, الأسبوع الجاي/next week, هالشهر/this month, الشهر الماضي/last month → period.
import {
  type Clock,
  civilFromDays,
  daysFromCivil,
  formatDate,
  formatDateTime,
  formatInstant,
  hourRule,
  instant,
  type Period,
  type Qualifier,
  validDate,
  weekday,
} from './calendar.ts';
import { dayNumAt, isInt, monthDate, nextDayOfMonth, slashDate } from './datetime-dates.ts';
import {
  BARE_WEEKDAYS,
  CLOCK_MARKERS,
  DAY_WORDS,
  EN_DAY_ABBR,
  FRACTIONS,
  MINUTE_SUFFIX,
  matchAt,
  NEXT_MODIFIERS,
  PERIODS,
  type PeriodMatch,
  PODS,
  type Pod,
  REL_TRIGGERS,
  UNITS,
  type Unit,
  WEEKDAYS,
} from './datetime-words.ts';
import { bases, T_AR, T_LAT, T_NUM, T_PUNCT, type Token } from './normalize.ts';
import { readNumberAt, simpleWordValue } from './numbers.ts';

export interface DateTimeResult {
  date?: string;
  datetime?: string;
  period?: Period;
}

// ---------------------------------------------------------------- the scanner

interface ClockTime {
  h: number;
  m: number;
  qual?: Qualifier;
}

interface Found {
  day?: number;
  /** a date written out (25/11, ٢٥ نوفمبر): wins over a weekday or a relative day named with it */
  explicitDay?: number;
  weekday?: number;
  clock?: ClockTime;
  pod?: Pod;
  relMin?: number;
  relDays?: number;
  relMonths?: number;
  period?: Period;
  nextWeek?: boolean;
  /** a date was written that does not exist («٣١/٠٢»): the message gives no date nor time */
  impossible?: boolean;
}

function hourAt(toks: Token[], i: number, used: Uint8Array, words: boolean): number | undefined {
  const t = toks[i];
  if (!t || used[i]) return undefined;
  if (isInt(t, 0, 23)) return t.v;
  if (words && (t.t === T_AR || t.t === T_LAT)) {
    const v = simpleWordValue(t);
    if (v !== undefined && v >= 1 && v <= 12) return v;
  }
  return undefined;
}

/** Minutes and qualifier after an hour at i (exclusive end returned). */
function clockTail(
  toks: Token[],
  i: number,
  used: Uint8Array,
  h: number,
  marker: boolean,
): { clock: ClockTime; end: number; explicit: boolean } {
  let j = i;
  let m = 0;
  let hh = h;
  let explicit = false;
  const t = toks[j];
  const t1 = toks[j + 1];
  // ":MM"
  if (t && !used[j] && t.n === ':' && t1 && !used[j + 1] && isInt(t1, 0, 59) && t1.n.length === 2) {
    m = t1.v;
    j += 2;
    explicit = true;
  } else if (t && !used[j]) {
    const suf = MINUTE_SUFFIX.get(t.n);
    if (suf !== undefined) {
      m = suf;
      j += 1;
      explicit = true;
    } else if (t.n === 'و' && t1 && !used[j + 1] && FRACTIONS.has(t1.n)) {
      m = Math.round((FRACTIONS.get(t1.n) as number) * 60);
      j += 2;
      explicit = true;
    } else if (t.n === 'الا' && t1 && !used[j + 1] && (t1.n === 'ربع' || t1.n === 'ثلث')) {
      // "٥ الا ربع" → 4:45
      m = t1.n === 'ربع' ? 45 : 40;
      hh = h === 0 ? 23 : h - 1;
      if (hh === 0 && h === 1) hh = 12;
      j += 2;
      explicit = true;
    } else if (marker && t.n === 'و' && isInt(t1, 1, 59) && t1 && !used[j + 1]) {
      // "الساعة ٤ و ١٠ دقايق"
      m = t1.v;
      j += 2;
      const u = toks[j];
      if (u && !used[j] && /^(دقيقه|دقايق|دقيقة|دقائق|minutes?|mins?)$/.test(u.n)) j++;
      explicit = true;
    }
  }
  // qualifier: ص/م/am/pm/الصبح/العصر/…
  let qual: Qualifier | undefined;
  const q = matchAt(PODS, toks, j, used);
  if (q && !q.v.greeting && q.v.qual) {
    qual = q.v.qual;
    j = q.end;
    explicit = true;
  }
  return { clock: { h: hh, m, ...(qual ? { qual } : {}) }, end: j, explicit };
}

function mark(used: Uint8Array, a: number, b: number): void {
  for (let k = a; k < b; k++) used[k] = 1;
}

/** "بعد ساعتين", "بعد ٣ ساعات", "بعد نص ساعة", "بعد ساعة ونص", "in 2 hours", "in an hour", "بعد ٣ أيام". */
function relative(toks: Token[], i: number, used: Uint8Array): { f: Found; end: number } | undefined {
  const trig = toks[i];
  if (!trig || !REL_TRIGGERS.has(trig.n)) return undefined;
  const j = i + 1;
  if (toks[j]?.n === 'the' || toks[j]?.n === 'a' || toks[j]?.n === 'an') {
    // "in a week", "in an hour"; "the" is never a quantity
    if (toks[j]?.n === 'the') return undefined;
  }
  let qty: number | undefined;
  let unit: Unit | undefined;
  let end = j;
  const t = toks[j];
  if (!t || used[j]) return undefined;
  const frac = FRACTIONS.get(t.n);
  if (frac !== undefined) {
    // "نص ساعة", "half an hour", "ربع ساعة"
    let k = j + 1;
    if (toks[k]?.n === 'an' || toks[k]?.n === 'a') k++;
    const u = matchAt(UNITS, toks, k, used, false);
    if (u && !u.v.dual) {
      qty = frac;
      unit = u.v;
      end = u.end;
    }
  } else {
    const u0 = matchAt(UNITS, toks, j, used, false);
    if (u0) {
      qty = 1;
      unit = u0.v;
      end = u0.end;
    } else if (t.n === 'a' || t.n === 'an' || t.n === 'one') {
      const u = matchAt(UNITS, toks, j + 1, used, false);
      if (u && !u.v.dual) {
        qty = 1;
        unit = u.v;
        end = u.end;
      }
    } else {
      const num = readNumberAt(toks, j, used);
      if (num && num.mult === 1) {
        const u = matchAt(UNITS, toks, num.i1, used, false);
        if (u && !u.v.dual) {
          qty = num.value;
          unit = u.v;
          end = u.end;
        }
      }
    }
  }
  if (qty === undefined || !unit) return undefined;
  // "ساعة ونص", "ساعتين ونص"
  const tail = toks[end];
  if (tail && !used[end]) {
    const suf = MINUTE_SUFFIX.get(tail.n);
    const next = toks[end + 1];
    if (suf !== undefined && unit.min === 60) {
      qty += suf / 60;
      end++;
    } else if (suf !== undefined && unit.min === 120) {
      qty += suf / 120;
      end++;
    } else if (tail.n === 'و' && next && FRACTIONS.has(next.n) && unit.min && unit.min >= 60) {
      qty += (FRACTIONS.get(next.n) as number) * (60 / unit.min);
      end += 2;
    } else if (tail.n === 'and' && next?.n === 'a' && toks[end + 2]?.n === 'half' && unit.min === 60) {
      qty += 0.5;
      end += 3;
    }
  }
  if (!(qty > 0) || qty > 10000) return undefined;
  const f: Found = {};
  if (unit.min) f.relMin = Math.round(qty * unit.min);
  else if (unit.days) f.relDays = Math.round(qty * unit.days);
  else if (unit.months) f.relMonths = Math.round(qty * unit.months);
  return { f, end };
}

/**
 * Finds the date, time and period expressions in the tokens, marks their tokens in `used` (so that they
 * are not read as numbers), and resolves them against the clock.
 */
/**
 * «ما اقدر بكرة، ممكن الخميس؟», «مو فاضي السبت», "can't do tomorrow": the day right after a refusal is
 * the one he cannot come, never the one he asks for.
 */
const REFUSAL =
  /(^|\s)((ما|مو|مب|ماني|مانيب|لا)\s+(اقدر|بقدر|نقدر|اجي|نجي|يناسبني|يناسب|يمديني|فاضي|فاضيه|اقدر اجي|بقدر اجي)|not|(cant|cannot|can not)( do| make it| make| come)?)$/u;

function refusedBefore(toks: Token[], i: number): boolean {
  const words: string[] = [];
  for (let k = i - 1; k >= 0 && words.length < 3; k--) {
    const t = toks[k] as Token;
    if (t.t === T_PUNCT) break;
    words.unshift(t.n);
  }
  for (let from = 0; from < words.length; from++) {
    if (REFUSAL.test(words.slice(from).join(' '))) return true;
  }
  return false;
}

export function extractDateTime(toks: Token[], used: Uint8Array, c: Clock): DateTimeResult {
  const f: Found = {};
  const n = toks.length;
  for (let i = 0; i < n; i++) {
    if (used[i]) continue;
    const t = toks[i] as Token;
    if (t.t === T_PUNCT && t.n !== '@') continue;

    // greetings that look like parts of the day: "صباح الخير", and "صباح/مساء" + any word that is not a day
    const g = matchAt(PODS, toks, i, used);
    if (g?.v.greeting) {
      i = g.end - 1;
      continue;
    }
    if ((t.n === 'صباح' || t.n === 'مساء' || t.n === 'مسا') && i === firstWordIndex(toks)) {
      const nx = toks[i + 1];
      const dayNext =
        !!nx && (matchAt(WEEKDAYS, toks, i + 1, used) || matchAt(DAY_WORDS, toks, i + 1, used) || nx.t === T_NUM);
      if (nx && nx.t === T_AR && !dayNext) {
        i += 1;
        continue;
      }
    }
    // بعد بكرة / the day after tomorrow / today / tomorrow / yesterday
    const dw = matchAt(DAY_WORDS, toks, i, used);
    // "٧٠٠ ريال لليوم", "٥٠٠ باليوم": a rate per day, not a date
    const before = i > 0 ? (toks[i - 1] as Token) : undefined;
    const perDay =
      !!dw && dw.v === 0 && !!before && (before.t === T_NUM || /^(ريال|sar|sr|riyal|riyals|الف|k)$/.test(before.n));
    if (dw && !perDay) {
      if (f.day === undefined && f.weekday === undefined && !refusedBefore(toks, i)) f.day = c.today + dw.v;
      mark(used, i, dw.end);
      i = dw.end - 1;
      continue;
    }
    // relative: بعد ساعتين, in 3 days
    if (f.relMin === undefined && f.relDays === undefined && f.relMonths === undefined) {
      const rel = relative(toks, i, used);
      if (rel) {
        Object.assign(f, rel.f);
        mark(used, i, rel.end);
        i = rel.end - 1;
        continue;
      }
    }
    if (t.t === T_NUM) {
      const sd = slashDate(c, toks, i, used) ?? monthDate(c, toks, i, used);
      if (sd) {
        if (sd.day === undefined) f.impossible = true;
        else f.explicitDay ??= sd.day;
        mark(used, i, sd.end);
        i = sd.end - 1;
        continue;
      }
    } else if (t.t === T_LAT) {
      const md = monthDate(c, toks, i, used);
      if (md) {
        if (md.day === undefined) f.impossible = true;
        else f.explicitDay ??= md.day;
        mark(used, i, md.end);
        i = md.end - 1;
        continue;
      }
    }
    // weekday: الأحد, يوم الأحد, يوم احد, Sunday, next Sunday
    {
      let wd: { v: number; end: number } | undefined;
      // «يوم ثلاثا», «كل ثلاثا» (a repeat's day): the weekday without its article
      const bareAfter = t.n === 'يوم' || t.n === 'كل';
      if ((bareAfter || t.n === 'on' || t.n === 'next' || t.n === 'this' || t.n === 'coming') && i + 1 < n) {
        wd =
          matchAt(WEEKDAYS, toks, i + 1, used) ?? (bareAfter ? matchAt(BARE_WEEKDAYS, toks, i + 1, used) : undefined);
        if (!wd && !bareAfter) {
          const nx = toks[i + 1];
          const ab = nx && nx.t === T_LAT && nx.cap && !used[i + 1] ? EN_DAY_ABBR.get(nx.n) : undefined;
          if (ab !== undefined) wd = { v: ab, end: i + 2 };
        }
      } else {
        wd = matchAt(WEEKDAYS, toks, i, used);
        // "Sat", or "sat evening" / "sat 6pm": a lower-case "sat" is a day only before a time of day
        // ("I sat there" is not Saturday)
        // "push it to thu", "move her to wed": after "to" / "till" it is the day too
        const afterTo = /^(to|till|until|til)$/.test(toks[i - 1]?.n ?? '');
        if (!wd && t.t === T_LAT && (t.cap || afterTo || beforeTimeOfDay(toks[i + 1]))) {
          const ab = EN_DAY_ABBR.get(t.n);
          if (ab !== undefined) wd = { v: ab, end: i + 1 };
        }
      }
      if (wd) {
        let j = wd.end;
        const mod = matchAt(NEXT_MODIFIERS, toks, j, used);
        if (mod) j = mod.end;
        if (f.day === undefined && f.weekday === undefined && !refusedBefore(toks, i)) f.weekday = wd.v;
        mark(used, i, j);
        i = j - 1;
        continue;
      }
    }
    // periods: الأسبوع الجاي, هالشهر, last month
    {
      const pm = matchAt(PERIODS, toks, i, used, false) ?? periodAfterClitic(toks, i, used);
      if (pm) {
        if (pm.v === 'next_week') f.nextWeek = true;
        if (pm.v !== 'none' && pm.v !== 'next_week_mod' && f.period === undefined) f.period = pm.v;
        mark(used, i, pm.end);
        i = pm.end - 1;
        continue;
      }
    }
    // clock
    if (!f.clock) {
      let cl: { clock: ClockTime; end: number } | undefined;
      if (CLOCK_MARKERS.has(t.n) || bases(t).includes('الساعه')) {
        // "الساعة ٤", "at 4:30pm", "الساعة ٩.٣٠"
        const hv = hourAt(toks, i + 1, used, true);
        const ht = toks[i + 1];
        if (hv !== undefined && ht) {
          if (ht.t === T_NUM && ht.dec && t.t === T_AR) {
            const mins = Math.round((ht.v - Math.floor(ht.v)) * 100);
            if (ht.v < 24 && mins < 60) {
              const tail = clockTail(toks, i + 2, used, Math.floor(ht.v), true);
              cl = { clock: { ...tail.clock, m: mins }, end: tail.end };
            }
          } else {
            const tail = clockTail(toks, i + 2, used, hv, true);
            cl = { clock: tail.clock, end: tail.end };
          }
        } else if (ht && ht.t === T_NUM && ht.dec && ht.v < 24 && t.t === T_AR) {
          const mins = Math.round((ht.v - Math.floor(ht.v)) * 100);
          if (mins < 60) {
            const tail = clockTail(toks, i + 2, used, Math.floor(ht.v), true);
            cl = { clock: { ...tail.clock, m: mins }, end: tail.end };
          }
        }
      } else if (t.t === T_NUM || t.t === T_AR) {
        const hv = hourAt(toks, i, used, t.t === T_AR);
        if (hv !== undefined) {
          const tail = clockTail(toks, i + 1, used, hv, false);
          const hasColon = toks[i + 1]?.n === ':';
          if (tail.explicit && (hasColon || hv <= 12)) {
            // words only with a suffix like ونص or a qualifier; digits with ":" or a qualifier
            const nx = toks[tail.end];
            const isArea = !!(nx && !used[tail.end] && (nx.n === '2' || nx.n === 'مربع'));
            if (!isArea) cl = { clock: tail.clock, end: tail.end };
          }
        }
      }
      if (cl) {
        f.clock = cl.clock;
        mark(used, i, cl.end);
        i = cl.end - 1;
        continue;
      }
    }
    // part of the day alone
    const pd = matchAt(PODS, toks, i, used);
    const prevTok = i > 0 ? toks[i - 1] : undefined;
    // "١٥٠٠ الليلة": a price per night, not a time
    const rate = !!prevTok && prevTok.t === T_NUM && !(prevTok.v <= 24);
    if (pd && !pd.v.greeting && pd.v.def !== undefined && !rate) {
      if (!f.pod) f.pod = pd.v;
      mark(used, i, pd.end);
      i = pd.end - 1;
      continue;
    }
    // "يوم ٢٥", "on the 3rd", "on 25th" (not "the 3rd opportunity")
    if (
      (t.n === 'يوم' || t.n === 'on' || t.n === 'by' || t.n === 'until') &&
      f.day === undefined &&
      f.weekday === undefined
    ) {
      let j = i + 1;
      if (t.t === T_LAT && toks[j]?.n === 'the') j++;
      // «يوم ٣١/٠٢»: the whole written date, not the 31st of some month
      const md = slashDate(c, toks, j, used) ?? monthDate(c, toks, j, used);
      if (md) {
        if (md.day === undefined) f.impossible = true;
        else f.explicitDay ??= md.day;
        mark(used, i, md.end);
        i = md.end - 1;
        continue;
      }
      const dn = dayNumAt(toks, j, used);
      if (dn && (t.n === 'يوم' || dn.end === j + 2)) {
        const after = toks[dn.end];
        const unitAfter = after && !used[dn.end] && matchAt(UNITS, toks, dn.end, used, false);
        if (!unitAfter && !(after && after.n === ':')) {
          const day = nextDayOfMonth(c, dn.d);
          if (day !== undefined) {
            f.day = day;
            mark(used, i, dn.end);
            i = dn.end - 1;
          }
        }
      }
    }
  }
  return resolve(f, c);
}

/** A period word after و / ل / لل ("وهالشهر", "للأسبوع الجاي"); never after ب ("بالشهر" is a rent period). */
function firstWordIndex(toks: Token[]): number {
  for (let i = 0; i < toks.length; i++) if ((toks[i] as Token).t !== T_PUNCT) return i;
  return -1;
}

function periodAfterClitic(toks: Token[], i: number, used: Uint8Array): { v: PeriodMatch; end: number } | undefined {
  const t = toks[i] as Token;
  const n = t.n;
  let alt: string | undefined;
  if (n.startsWith('لل') && n.length > 3) alt = `ال${n.slice(2)}`;
  else if (n.startsWith('ول') && n.length > 3 && n[2] === 'ل') alt = `ال${n.slice(3)}`;
  else if (n.startsWith('و') || n.startsWith('ل')) alt = n.slice(1);
  if (!alt) return undefined;
  const saved = t.n;
  t.n = alt;
  try {
    return matchAt(PERIODS, toks, i, used, false);
  } finally {
    t.n = saved;
  }
}

/** Years 1–9999 only: outside them a date is not written as YYYY-MM-DD, so it is left out. */
const MIN_DAY = daysFromCivil(1, 1, 1);
const MAX_DAY = daysFromCivil(9999, 12, 30);

function resolve(f: Found, c: Clock): DateTimeResult {
  if (f.impossible) return f.period ? { period: f.period } : {};
  const out = resolveAll(f, c);
  if (out.date !== undefined || out.datetime !== undefined) {
    const y = Number((out.date ?? out.datetime ?? '').slice(0, 4));
    const ok = /^\d{4}-/.test(out.date ?? out.datetime ?? '') && y >= 1;
    if (!ok || c.today < MIN_DAY || c.today > MAX_DAY) {
      delete out.date;
      delete out.datetime;
    }
  }
  return out;
}

function resolveAll(f: Found, c: Clock): DateTimeResult {
  const out: DateTimeResult = {};
  let day = f.day;
  if (f.weekday !== undefined) {
    const wdToday = weekday(c.today);
    if (f.nextWeek) day = c.today - wdToday + 7 + f.weekday;
    else {
      const delta = (f.weekday - wdToday + 7) % 7 || 7;
      day = c.today + delta;
    }
  }
  if (f.period && !(f.weekday !== undefined && (f.period === 'this_week' || f.period === 'next_week'))) {
    out.period = f.period;
  } else if (f.nextWeek && f.weekday === undefined && !f.period) out.period = 'next_week';
  if (f.explicitDay !== undefined) day = f.explicitDay;
  if (f.relMin !== undefined) {
    const ms = Math.floor((c.nowMs + f.relMin * 60000) / 60000) * 60000;
    out.datetime = formatInstant(c, ms);
    return out;
  }
  if (f.relDays !== undefined && day === undefined) day = c.today + f.relDays;
  if (f.relMonths !== undefined && day === undefined) {
    const [y, m, d] = civilFromDays(c.today);
    const total = y * 12 + (m - 1) + f.relMonths;
    const ny = Math.floor(total / 12);
    const nm = (total % 12) + 1;
    let nd = d;
    while (nd > 28 && !validDate(ny, nm, nd)) nd--;
    day = daysFromCivil(ny, nm, nd);
  }
  if (f.clock) {
    const qual = f.clock.qual ?? f.pod?.qual;
    const r = hourRule(c, f.clock.h, f.clock.m, qual, day);
    out.datetime = formatDateTime(c, r.day, r.minute);
    return out;
  }
  if (f.pod && f.pod.def !== undefined) {
    const min = f.pod.def;
    const d = day ?? (instant(c, c.today, min) > c.nowMs ? c.today : c.today + 1);
    out.datetime = formatDateTime(c, d, min);
    return out;
  }
  if (day !== undefined) out.date = formatDate(day);
  return out;
}

/** A token that says a time of day: "evening", "morning", "at", a number ("sat 6pm", "sat evening"). */
function beforeTimeOfDay(tok: { t: unknown; n: string } | undefined): boolean {
  return !!tok && (tok.t === T_NUM || /^(morning|afternoon|evening|night|noon|at|after|before)$/u.test(tok.n));
}
