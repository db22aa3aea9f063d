// Calendar arithmetic of the parser: day numbers (days since 1970-01-01) of the proleptic Gregorian
// calendar, the reference instant (`Clock`: now, the zone, today and the minute of the day there), ISO
// formatting with the zone's offset, and the hour rule for clock times without am/pm. Arithmetic on day
// numbers rather than Date objects keeps the parser's hot path free of allocations; the zone's offset
// comes from the shared local-time module.
import { zoneOffsetMinutes } from '../../core/shared/local-time.ts';

export type Period = 'this_week' | 'next_week' | 'this_month' | 'last_month';

// ---------------------------------------------------------------- calendar arithmetic

/** Days since 1970-01-01 of a proleptic Gregorian date. */
export function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** [year, month, day] of a day number. */
export function civilFromDays(days: number): [number, number, number] {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp + (mp < 10 ? 3 : -9);
  return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d];
}

/** 0 = Sunday … 6 = Saturday. */
export function weekday(days: number): number {
  return (((days + 4) % 7) + 7) % 7;
}

export function validDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1 || d > 31) return false;
  const [yy, mm, dd] = civilFromDays(daysFromCivil(y, m, d));
  return yy === y && mm === m && dd === d;
}

const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n));

export function formatDate(days: number): string {
  const [y, m, d] = civilFromDays(days);
  return `${String(y).padStart(4, '0')}-${pad2(m)}-${pad2(d)}`;
}

function formatOffset(off: number): string {
  const sign = off < 0 ? '-' : '+';
  const a = Math.abs(off);
  return `${sign}${pad2(Math.floor(a / 60))}:${pad2(a % 60)}`;
}

// ---------------------------------------------------------------- the reference instant

const RIYADH = 'Asia/Riyadh';

export interface Clock {
  nowMs: number;
  tz: string;
  /** Offset of the zone at now, minutes east of UTC. */
  off: number;
  today: number;
  /** Minute of the day now (local). */
  nowMin: number;
}

/** The offset (minutes) of a zone at an instant; Asia/Riyadh (and any unknown zone) is +03:00. */
function offsetAt(tz: string, ms: number): number {
  if (tz === RIYADH) return 180;
  const off = zoneOffsetMinutes(tz, ms);
  return Number.isFinite(off) ? off : 180;
}

export function makeClock(now: Date, tz: string | undefined): Clock {
  let zone = typeof tz === 'string' && tz ? tz : RIYADH;
  let nowMs = now instanceof Date ? now.getTime() : Number.NaN;
  if (!Number.isFinite(nowMs)) nowMs = 0;
  if (zone !== RIYADH && !Number.isFinite(zoneOffsetMinutes(zone, now))) zone = RIYADH;
  const off = offsetAt(zone, nowMs);
  const local = nowMs + off * 60000;
  const today = Math.floor(local / 86400000);
  const nowMin = Math.floor((local - today * 86400000) / 60000);
  return { nowMs, tz: zone, off, today, nowMin };
}

/** UTC milliseconds of a local wall time. */
export function instant(c: Clock, day: number, minute: number): number {
  const local = (day * 1440 + minute) * 60000;
  let ms = local - c.off * 60000;
  if (c.tz !== RIYADH) {
    const off2 = offsetAt(c.tz, ms);
    if (off2 !== c.off) ms = local - off2 * 60000;
  }
  return ms;
}

export function formatDateTime(c: Clock, day: number, minute: number): string {
  let d = day + Math.floor(minute / 1440);
  let m = ((minute % 1440) + 1440) % 1440;
  const ms = instant(c, d, m);
  const off = offsetAt(c.tz, ms);
  // re-derive the wall time with the offset of that instant (DST zones)
  const local = ms + off * 60000;
  d = Math.floor(local / 86400000);
  m = Math.floor((local - d * 86400000) / 60000);
  return `${formatDate(d)}T${pad2(Math.floor(m / 60))}:${pad2(m % 60)}:00${formatOffset(off)}`;
}

export function formatInstant(c: Clock, ms: number): string {
  const off = offsetAt(c.tz, ms);
  const local = ms + off * 60000;
  const d = Math.floor(local / 86400000);
  const m = Math.floor((local - d * 86400000) / 60000);
  return `${formatDate(d)}T${pad2(Math.floor(m / 60))}:${pad2(m % 60)}:00${formatOffset(off)}`;
}

// ---------------------------------------------------------------- the hour rule

export type Qualifier = 'am' | 'pm' | 'noon' | 'night';

/**
 * Resolves a clock time to a day and a minute of the day.
 * - With a qualifier (am/pm/noon/night) or a 24-hour value (0, 13–23) the time is fixed; with no day given
 *   it is today if still ahead of now, else tomorrow.
 * - An hour 1–12 with no qualifier (the contract's hour rule): of h:mm and (h+12):mm keep those between
 *   08:00 and 21:59; on today drop those not after now; take the earliest left; if none is left and the
 *   day was not given, take tomorrow's earliest. If none is left and today was given explicitly, the
 *   latest of the kept ones (the most recent) is taken.
 */
export function hourRule(
  c: Clock,
  h: number,
  m: number,
  qual: Qualifier | undefined,
  day: number | undefined,
): { day: number; minute: number } {
  let fixed: number | undefined;
  if (qual) {
    let H = h;
    if (qual === 'am') H = h === 12 ? 0 : h;
    else if (qual === 'pm') H = h < 12 ? h + 12 : h;
    else if (qual === 'night') H = h < 12 ? h + 12 : h === 12 ? 24 : h;
    else if (qual === 'noon') H = h >= 1 && h <= 6 ? h + 12 : h;
    fixed = H * 60 + m;
  } else if (h === 0 || h >= 13) fixed = h * 60 + m;
  if (fixed !== undefined) {
    if (day !== undefined) return { day, minute: fixed };
    return instant(c, c.today, fixed) > c.nowMs ? { day: c.today, minute: fixed } : { day: c.today + 1, minute: fixed };
  }
  const cands = h === 12 ? [12 * 60 + m, m] : [h * 60 + m, (h + 12) * 60 + m];
  const kept = cands.filter((x) => x >= 8 * 60 && x <= 21 * 60 + 59).sort((a, b) => a - b);
  if (kept.length === 0) kept.push(cands[0] as number);
  const target = day ?? c.today;
  if (target === c.today) {
    const left = kept.filter((x) => instant(c, c.today, x) > c.nowMs);
    if (left.length > 0) return { day: c.today, minute: left[0] as number };
    if (day === undefined) return { day: c.today + 1, minute: kept[0] as number };
    return { day: c.today, minute: kept[kept.length - 1] as number };
  }
  return { day: target, minute: kept[0] as number };
}
