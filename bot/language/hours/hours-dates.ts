// Dates of a holiday message: day-and-month atoms, relative days and weekdays, a length ("لمدة ٣ أيام"),
// resolved to day numbers (days since 1970-01-01) from today in the broker's zone.
import { lookup, MONTHS, RELATIVE, type Token, WEEKDAYS } from './hours-words.ts';

const DAY_MS = 86_400_000;

interface DateAtom {
  day?: number;
  month?: number;
  year?: number;
  /** an absolute day number (days since 1970-01-01), from a relative word, weekday or ISO date */
  absolute?: number;
}

const dayNumber = (y: number, m: number, d: number): number | null => {
  const ms = Date.UTC(y, m - 1, d);
  const date = new Date(ms);
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d ? ms / DAY_MS : null;
};

export function readDateAtoms(tokens: Token[], today: number): DateAtom[] {
  const atoms: DateAtom[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.kind === 'word') {
      if (t.value === 'بعد' && tokens[i + 1]?.kind === 'word' && lookup(RELATIVE, tokens[i + 1]!.value) === 1) {
        atoms.push({ absolute: today + 2 });
        i++;
        continue;
      }
      if (t.value === 'day' && tokens[i + 1]?.value === 'after' && tokens[i + 2]?.value === 'tomorrow') {
        atoms.push({ absolute: today + 2 });
        i += 2;
        continue;
      }
      const rel = lookup(RELATIVE, t.value);
      if (rel !== undefined) {
        atoms.push({ absolute: today + rel });
        continue;
      }
      const weekday = lookup(WEEKDAYS, t.value);
      if (weekday !== undefined) {
        const todayWeekday = (((today + 4) % 7) + 7) % 7;
        atoms.push({ absolute: today + ((weekday - todayWeekday + 7) % 7) });
        continue;
      }
      const month = lookup(MONTHS, t.value);
      if (month !== undefined) {
        // "Dec 1" (a number after the month) or "1 Dec" (already read: give it the month)
        const prev = atoms[atoms.length - 1];
        const prevToken = tokens[i - 1];
        if (prev && prev.day !== undefined && prev.month === undefined && prevToken?.kind === 'number') {
          prev.month = month;
        } else {
          const next = tokens[i + 1];
          if (next?.kind === 'number' && /^\d{1,2}$/.test(next.value) && Number(next.value) >= 1) {
            atoms.push({ day: Number(next.value), month });
            i++;
          } else {
            atoms.push({ day: 1, month });
          }
        }
        continue;
      }
      continue;
    }
    if (t.kind !== 'number') continue;
    const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(t.value);
    if (iso) {
      atoms.push({ day: Number(iso[3]), month: Number(iso[2]), year: Number(iso[1]) });
      continue;
    }
    const slash = /^(\d{1,2})\/(\d{1,2})(?:\/(\d{2,4}))?$/.exec(t.value);
    if (slash) {
      const year = slash[3] ? Number(slash[3].length === 2 ? `20${slash[3]}` : slash[3]) : undefined;
      atoms.push({ day: Number(slash[1]), month: Number(slash[2]), ...(year ? { year } : {}) });
      continue;
    }
    if (/^\d{4}$/.test(t.value)) {
      const prev = atoms[atoms.length - 1];
      if (prev && prev.absolute === undefined) prev.year = Number(t.value);
      for (const a of atoms) if (a.absolute === undefined && a.year === undefined) a.year = Number(t.value);
      continue;
    }
    if (/^\d{1,2}$/.test(t.value)) {
      const n = Number(t.value);
      // "لمدة ٣ أيام" / "for 3 days": a length, not a date
      const after = tokens[i + 1];
      if (after?.kind === 'word' && /^(ايام|يوم|يومين|days?)$/.test(after.value)) continue;
      if (n >= 1 && n <= 31) atoms.push({ day: n });
    }
  }
  return atoms;
}

export function readLength(tokens: Token[]): number | undefined {
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.kind === 'word' && (t.value === 'يومين' || t.value === 'ليومين')) return 2;
    if (
      t.kind === 'word' &&
      (t.value === 'اسبوع' || t.value === 'week') &&
      /^(لمده|مده|for|a)$/.test(tokens[i - 1]?.value ?? '')
    )
      return 7;
    if (t.kind === 'number' && /^\d{1,3}$/.test(t.value)) {
      const after = tokens[i + 1];
      if (after?.kind === 'word' && /^(ايام|يوم|days?)$/.test(after.value)) return Number(t.value);
    }
  }
  return undefined;
}

export function resolveDates(atoms: DateAtom[], today: number): { from: number; to: number } | 'BAD' | null {
  const used = atoms.slice(0, 2);
  if (used.length === 0) return null;
  const [a, b] = used as [DateAtom, DateAtom | undefined];
  // A day number with no month takes the other end's month ("من ١ إلى ٥ ديسمبر").
  if (a.absolute === undefined && a.month === undefined && b?.month !== undefined) {
    a.month = a.day !== undefined && b.day !== undefined && a.day > b.day ? ((b.month + 10) % 12) + 1 : b.month;
  }
  if (b && b.absolute === undefined && b.month === undefined && a.month !== undefined) {
    b.month = a.day !== undefined && b.day !== undefined && b.day < a.day ? (a.month % 12) + 1 : a.month;
  }
  const todayDate = new Date(today * DAY_MS);
  const thisYear = todayDate.getUTCFullYear();
  const thisMonth = todayDate.getUTCMonth() + 1;
  const resolve = (x: DateAtom, notBefore: number): number | null => {
    if (x.absolute !== undefined) return x.absolute;
    if (x.day === undefined) return null;
    if (x.month === undefined) {
      // no month anywhere: this month, or the next when that day has passed
      const here = dayNumber(thisYear, thisMonth, x.day);
      if (here !== null && here >= notBefore) return here;
      const y = thisMonth === 12 ? thisYear + 1 : thisYear;
      return dayNumber(y, (thisMonth % 12) + 1, x.day);
    }
    if (x.year !== undefined) return dayNumber(x.year, x.month, x.day);
    const here = dayNumber(thisYear, x.month, x.day);
    if (here === null) return dayNumber(thisYear + 1, x.month, x.day);
    return here >= notBefore ? here : dayNumber(thisYear + 1, x.month, x.day);
  };
  const from = resolve(a, today);
  if (from === null) return 'BAD';
  if (!b) return { from, to: from };
  let to = resolve(b, from);
  if (to === null) return 'BAD';
  if (to < from && b.year === undefined && b.absolute === undefined) {
    const d = new Date(to * DAY_MS);
    to = dayNumber(d.getUTCFullYear() + 1, d.getUTCMonth() + 1, d.getUTCDate()) ?? to;
  }
  if (to < from) return 'BAD';
  return { from, to };
}
