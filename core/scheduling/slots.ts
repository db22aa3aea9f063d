/**
 * Free viewing slots of a broker: a pure function of the rules, the calendar, `now` and the time zone.
 *
 * Rules, in the order they are applied:
 *
 * 1. **Which hours a local date has.** A date override for that date wins (its intervals, or closed when
 *    it has none); otherwise a holiday covering the date closes it; otherwise the weekly working hours of
 *    its weekday apply (a weekday with no intervals, usually Friday in Saudi Arabia, is a day off).
 *    Intervals are local `HH:mm` ranges, half-open, `24:00` allowed as an end; breaks are cut out of the
 *    interval they belong to; overlapping or touching pieces are merged (no break between them).
 * 2. **Local → UTC.** Every boundary is turned into an instant in the broker's IANA zone (default
 *    `Asia/Riyadh`) with the zone's offset at that moment, so DST zones work: on the day Europe/Berlin
 *    falls back, 09:00 is 08:00Z, the day before it is 07:00Z. A wall time that happens twice (fall back)
 *    means its first occurrence; one that does not exist (spring forward) is moved forward by the gap,
 *    like Temporal's `disambiguation: 'compatible'`. The arithmetic uses `tzOffset` of `@date-fns/tz`
 *    (Intl with an explicit zone) and UTC fields only, never the process's local time: results are the
 *    same whatever `TZ` the process runs with. (`new TZDate(y, m, d, h, min, zone)` is not used for this
 *    because it resolves a repeated wall time differently depending on the process zone.)
 * 3. **Candidates.** Inside each working interval, starts are `intervalStart + k × step` (step defaults
 *    to the slot length), and a slot `[start, start + slotMinutes)` must fit entirely inside the interval,
 *    so the last slot of a day ends at closing time at the latest. Steps are counted in real minutes from
 *    the interval start, also across a DST change. Each local day stands on its own: a viewing never
 *    runs past midnight, even when the next day opens at 00:00.
 * 4. **Notice.** A slot may not start before `now + minimumNoticeMinutes` (nor before `range.start` in
 *    the `{ start, days }` form); the first allowed slot is the next candidate on the step grid, so a
 *    `now` inside a slot drops that slot.
 * 5. **Busy time.** Each existing appointment is widened by the buffer (`before` minutes ahead of its
 *    start, `after` minutes past its end); a slot must not overlap any widened appointment. Intervals are
 *    half-open, so with no buffer a slot may start exactly when an appointment ends (back to back).
 *
 * Complexity: the busy intervals are sorted once (their starts and their ends apart, in typed arrays)
 * and merged, then swept with one pointer while the candidates advance, and a conflict jumps straight
 * past the busy interval: O(B log B + S) for B appointments and S candidates.
 *
 * Invalid configuration (bad `HH:mm`, unknown zone, `from` after `to`, a non-positive slot length…) is a
 * bug and throws a `RangeError`; callers validate user input before it gets here.
 */
import { zoneOffsetMinutes } from '../shared/local-time.ts';
import type {
  AvailabilityConfig,
  AvailabilityRules,
  BusyInterval,
  DayAvailability,
  Holiday,
  LocalDate,
  Slot,
  SlotQuery,
  SlotRange,
  UnavailableReason,
  Weekday,
  WorkingInterval,
} from './slots.types.ts';

export type * from './slots.types.ts';

export const DEFAULT_TIME_ZONE = 'Asia/Riyadh';

/** Longest range one call may cover; a guard against a runaway loop on a typo'd year. */
export const MAX_RANGE_DAYS = 366;

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

// ---------------------------------------------------------------------------------------------------
// Time zone arithmetic. A "wall" value is the local wall-clock time encoded as if it were UTC
// milliseconds; a "day" is the number of local calendar days since 1970-01-01.

function offsetMs(timeZone: string, instantMs: number): number {
  return zoneOffsetMinutes(timeZone, instantMs) * MINUTE_MS;
}

function wallToInstant(wallMs: number, timeZone: string): number {
  // Any instant showing this wall time lies within ±14 h of it, so the offsets one day either side
  // bracket every offset the zone could be using then.
  const before = offsetMs(timeZone, wallMs - DAY_MS);
  const after = offsetMs(timeZone, wallMs + DAY_MS);
  if (before === after) return wallMs - before;
  const early = wallMs - before;
  const late = wallMs - after;
  const earlyOk = offsetMs(timeZone, early) === before;
  const lateOk = offsetMs(timeZone, late) === after;
  if (earlyOk && lateOk) return Math.min(early, late); // repeated wall time: its first occurrence
  if (earlyOk) return early;
  if (lateOk) return late;
  return early; // skipped wall time: shifted forward by the gap (the offset before the change)
}

function instantToWall(instantMs: number, timeZone: string): number {
  return instantMs + offsetMs(timeZone, instantMs);
}

function dayOfInstant(instantMs: number, timeZone: string): number {
  return Math.floor(instantToWall(instantMs, timeZone) / DAY_MS);
}

function weekdayOfDay(day: number): Weekday {
  return ((((day + 4) % 7) + 7) % 7) as Weekday; // 1970-01-01 was a Thursday
}

function formatDay(day: number): LocalDate {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

function assertTimeZone(timeZone: string): void {
  if (typeof timeZone !== 'string' || timeZone === '' || Number.isNaN(zoneOffsetMinutes(timeZone, 0))) {
    throw new RangeError(`slots: unknown time zone ${JSON.stringify(timeZone)}`);
  }
}

// ---------------------------------------------------------------------------------------------------
// Parsing and validation.

const TIME_RE = /^(?:([01]\d|2[0-3]):([0-5]\d)|24:00)$/;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

function parseTime(value: string, what: string): number {
  const m = typeof value === 'string' ? TIME_RE.exec(value) : null;
  if (!m) throw new RangeError(`slots: ${what} must be "HH:mm", got ${JSON.stringify(value)}`);
  if (m[1] === undefined) return 24 * 60;
  return Number(m[1]) * 60 + Number(m[2]);
}

function parseDay(value: string, what: string): number {
  const m = typeof value === 'string' ? DATE_RE.exec(value) : null;
  if (m) {
    const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
    if (formatDay(ms / DAY_MS) === value) return ms / DAY_MS;
  }
  throw new RangeError(`slots: ${what} must be a date "YYYY-MM-DD", got ${JSON.stringify(value)}`);
}

function instantMs(value: Date, what: string): number {
  const ms = value instanceof Date ? value.getTime() : Number.NaN;
  if (Number.isNaN(ms)) throw new RangeError(`slots: ${what} must be a valid Date`);
  return ms;
}

function positiveInteger(value: number, what: string): number {
  if (!Number.isInteger(value) || value <= 0) throw new RangeError(`slots: ${what} must be a positive integer`);
  return value;
}

function nonNegative(value: number, what: string): number {
  if (!Number.isFinite(value) || value < 0) throw new RangeError(`slots: ${what} must be a non-negative number`);
  return value;
}

/** Local minute ranges `[start, end)` of a list of intervals: breaks cut out, sorted, merged. */
type MinuteRanges = readonly (readonly [number, number])[];

function compileIntervals(intervals: readonly WorkingInterval[], where: string): MinuteRanges {
  const pieces: [number, number][] = [];
  for (const interval of intervals) {
    const start = parseTime(interval.start, `${where} start`);
    const end = parseTime(interval.end, `${where} end`);
    if (start >= end) throw new RangeError(`slots: ${where} ${interval.start}–${interval.end} is empty or reversed`);
    let parts: [number, number][] = [[start, end]];
    for (const br of interval.breaks ?? []) {
      const bs = parseTime(br.start, `${where} break start`);
      const be = parseTime(br.end, `${where} break end`);
      if (bs >= be) throw new RangeError(`slots: ${where} break ${br.start}–${br.end} is empty or reversed`);
      parts = parts.flatMap(([a, b]): [number, number][] => {
        if (be <= a || bs >= b) return [[a, b]];
        const left: [number, number][] = bs > a ? [[a, bs]] : [];
        return be < b ? [...left, [be, b]] : left;
      });
    }
    pieces.push(...parts);
  }
  pieces.sort((x, y) => x[0] - y[0]);
  const merged: [number, number][] = [];
  for (const piece of pieces) {
    const last = merged[merged.length - 1];
    if (last && piece[0] <= last[1]) last[1] = Math.max(last[1], piece[1]);
    else merged.push([piece[0], piece[1]]);
  }
  return merged;
}

interface CompiledRules {
  readonly timeZone: string;
  readonly weekly: readonly MinuteRanges[];
  readonly holidays: readonly { readonly from: number; readonly to: number; readonly holiday: Holiday }[];
  readonly overrides: ReadonlyMap<number, MinuteRanges>;
  readonly beforeMs: number;
  readonly afterMs: number;
  readonly noticeMs: number;
}

const WEEKDAY_KEYS = new Set(['0', '1', '2', '3', '4', '5', '6']);

function compileRules(rules: AvailabilityRules): CompiledRules {
  const timeZone = rules.timeZone ?? DEFAULT_TIME_ZONE;
  assertTimeZone(timeZone);
  for (const key of Object.keys(rules.workingHours)) {
    if (!WEEKDAY_KEYS.has(key)) throw new RangeError(`slots: working hours weekday must be 0..6, got ${key}`);
  }
  const weekly: MinuteRanges[] = [];
  for (let wd = 0; wd < 7; wd++) {
    weekly.push(compileIntervals(rules.workingHours[wd as Weekday] ?? [], `working hours of weekday ${wd}`));
  }
  const holidays = (rules.holidays ?? []).map((holiday) => {
    const from = parseDay(holiday.from, 'holiday from');
    const to = holiday.to === undefined ? from : parseDay(holiday.to, 'holiday to');
    if (to < from) throw new RangeError(`slots: holiday ${holiday.from}..${holiday.to} ends before it starts`);
    return { from, to, holiday };
  });
  const overrides = new Map<number, MinuteRanges>();
  for (const override of rules.overrides ?? []) {
    const day = parseDay(override.date, 'override date');
    if (overrides.has(day)) throw new RangeError(`slots: two overrides for ${override.date}`);
    overrides.set(day, compileIntervals(override.intervals, `override of ${override.date}`));
  }
  const buffer = rules.bufferMinutes ?? 0;
  const before = typeof buffer === 'number' ? buffer : buffer.before;
  const after = typeof buffer === 'number' ? buffer : buffer.after;
  return {
    timeZone,
    weekly,
    holidays,
    overrides,
    beforeMs: nonNegative(before, 'bufferMinutes.before') * MINUTE_MS,
    afterMs: nonNegative(after, 'bufferMinutes.after') * MINUTE_MS,
    noticeMs: nonNegative(rules.minimumNoticeMinutes ?? 0, 'minimumNoticeMinutes') * MINUTE_MS,
  };
}

// ---------------------------------------------------------------------------------------------------
// Days.

interface DayRule {
  readonly source: DayAvailability['source'];
  readonly ranges: MinuteRanges;
  readonly holiday?: Holiday;
}

function dayRule(day: number, rules: CompiledRules): DayRule {
  const override = rules.overrides.get(day);
  if (override) return { source: 'override', ranges: override };
  const hit = rules.holidays.find((h) => h.from <= day && day <= h.to);
  if (hit) return { source: 'holiday', ranges: [], holiday: hit.holiday };
  return { source: 'weekly', ranges: rules.weekly[weekdayOfDay(day)] ?? [] };
}

/**
 * Working intervals of one local day as instants: flat `[start0, end0, start1, end1, …]`, ascending and
 * disjoint (merged again because a start moved forward out of a DST gap can pass the next range's start).
 */
function dayIntervals(day: number, ranges: MinuteRanges, timeZone: string): number[] {
  const base = day * DAY_MS;
  const flat: number[] = [];
  for (const [s, e] of ranges) {
    const start = wallToInstant(base + s * MINUTE_MS, timeZone);
    const end = wallToInstant(base + e * MINUTE_MS, timeZone);
    if (end > start) flat.push(start, end); // a range lying wholly in a DST gap vanishes
  }
  return mergePairs(flat);
}

/**
 * Union of half-open intervals given as parallel start and end arrays (every start ≤ its end), as flat
 * `[start0, end0, start1, end1, …]` pairs, ascending; overlapping or touching intervals merge. Starts and
 * ends are sorted apart with the typed arrays' native numeric sort, then swept with a depth counter: the
 * k-th smallest end is never below the k-th smallest start, so the depth never goes negative.
 */
function union(starts: Float64Array, ends: Float64Array): number[] {
  starts.sort();
  ends.sort();
  const n = starts.length;
  const out: number[] = [];
  let i = 0;
  let depth = 0;
  let open = 0;
  for (let j = 0; j < n; ) {
    if (i < n && starts[i]! <= ends[j]!) {
      if (depth++ === 0) open = starts[i]!;
      i++;
    } else {
      if (--depth === 0 && ends[j]! > open) out.push(open, ends[j]!);
      j++;
    }
  }
  return out;
}

function mergePairs(flat: readonly number[]): number[] {
  const n = flat.length / 2;
  const starts = new Float64Array(n);
  const ends = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    starts[i] = flat[2 * i]!;
    ends[i] = flat[2 * i + 1]!;
  }
  return union(starts, ends);
}

/** Busy intervals widened by the buffer, merged, ascending, as flat pairs. */
function busyPairs(busy: readonly BusyInterval[] | undefined, beforeMs: number, afterMs: number): number[] {
  const list = busy ?? [];
  const starts = new Float64Array(list.length);
  const ends = new Float64Array(list.length);
  let n = 0;
  for (const b of list) {
    const s = instantMs(b.start, 'busy start');
    const e = instantMs(b.end, 'busy end');
    if (e < s) throw new RangeError(`slots: busy interval ends before it starts (${b.start.toISOString()})`);
    starts[n] = s - beforeMs;
    ends[n] = e + afterMs;
    n++;
  }
  return union(starts, ends); // empty ones (zero length, no buffer) drop out there
}

function resolveRange(range: SlotRange, timeZone: string): { firstDay: number; lastDay: number; notBefore: number } {
  let firstDay: number;
  let lastDay: number;
  let notBefore = Number.NEGATIVE_INFINITY;
  if ('from' in range) {
    firstDay = parseDay(range.from, 'range.from');
    lastDay = parseDay(range.to, 'range.to');
    if (lastDay < firstDay) throw new RangeError(`slots: range.from ${range.from} is after range.to ${range.to}`);
  } else {
    notBefore = instantMs(range.start, 'range.start');
    firstDay = dayOfInstant(notBefore, timeZone);
    lastDay = firstDay + positiveInteger(range.days, 'range.days') - 1;
  }
  if (lastDay - firstDay + 1 > MAX_RANGE_DAYS) throw new RangeError(`slots: range longer than ${MAX_RANGE_DAYS} days`);
  return { firstDay, lastDay, notBefore };
}

// ---------------------------------------------------------------------------------------------------
// Public API.

/**
 * Free slots of `query.slotMinutes` over `query.range`, ascending by start (see the module comment for
 * the rules). Slots never overlap a buffered appointment and never start before `now + notice`.
 */
export function computeSlots(query: SlotQuery): Slot[] {
  const rules = compileRules(query);
  const slotMs = positiveInteger(query.slotMinutes, 'slotMinutes') * MINUTE_MS;
  const stepMs = positiveInteger(query.stepMinutes ?? query.slotMinutes, 'stepMinutes') * MINUTE_MS;
  const { firstDay, lastDay, notBefore } = resolveRange(query.range, rules.timeZone);
  const earliest = Math.max(instantMs(query.now, 'now') + rules.noticeMs, notBefore);

  // Each day is judged on its own (a viewing never runs past midnight), and its intervals come out
  // sorted and disjoint, after the previous day's: the candidates only move forward, as the sweep needs.
  const intervals: number[] = [];
  for (let day = firstDay; day <= lastDay; day++) {
    for (const x of dayIntervals(day, dayRule(day, rules).ranges, rules.timeZone)) intervals.push(x);
  }
  const busy = busyPairs(query.busy, rules.beforeMs, rules.afterMs);

  const slots: Slot[] = [];
  let b = 0;
  for (let i = 0; i < intervals.length; i += 2) {
    const start = intervals[i]!;
    const end = intervals[i + 1]!;
    let t = start < earliest ? start + Math.ceil((earliest - start) / stepMs) * stepMs : start;
    while (t + slotMs <= end) {
      while (b < busy.length && busy[b + 1]! <= t) b += 2;
      if (b < busy.length && busy[b]! < t + slotMs) {
        t = start + Math.ceil((busy[b + 1]! - start) / stepMs) * stepMs; // first grid start after it
        continue;
      }
      slots.push({ start: new Date(t), end: new Date(t + slotMs) });
      t += stepMs;
    }
  }
  return slots;
}

/**
 * Why a viewing of `config.slotMinutes` starting at `instant` cannot be booked, or `null` when it can.
 * The first failing check wins, in this order:
 * `PAST` (before `now`) → `NOTICE` (before `now + minimumNoticeMinutes`) → the local day is closed:
 * `HOLIDAY` (a holiday, unless an override opens the day) or `FRIDAY_OR_DAY_OFF` (no working hours that
 * weekday, or an override closes the date) → the viewing does not fit in working hours: `BREAK` when it
 * starts in a gap between two intervals of that day or runs from one interval into such a gap,
 * `OUTSIDE_HOURS` otherwise (before opening, after closing, or running past closing) → `TAKEN` (it
 * overlaps an appointment widened by the buffer).
 *
 * It does not check the step grid: every slot of `computeSlots` gets `null`, and an on-grid start gets
 * `null` exactly when `computeSlots` lists it; an off-grid start (09:07) can get `null` too.
 */
export function explainUnavailable(instant: Date, config: AvailabilityConfig): UnavailableReason | null {
  const rules = compileRules(config);
  const slotMs = positiveInteger(config.slotMinutes, 'slotMinutes') * MINUTE_MS;
  const t = instantMs(instant, 'instant');
  const now = instantMs(config.now, 'now');
  if (t < now) return 'PAST';
  if (t < now + rules.noticeMs) return 'NOTICE';

  const day = dayOfInstant(t, rules.timeZone);
  const own = dayRule(day, rules);
  if (own.ranges.length === 0) return own.source === 'holiday' ? 'HOLIDAY' : 'FRIDAY_OR_DAY_OFF';

  const ownIntervals = dayIntervals(day, own.ranges, rules.timeZone);
  let fits = false;
  for (let i = 0; i < ownIntervals.length && !fits; i += 2) {
    fits = ownIntervals[i]! <= t && t + slotMs <= ownIntervals[i + 1]!;
  }
  if (!fits) {
    const first = ownIntervals[0];
    const last = ownIntervals[ownIntervals.length - 1];
    if (first === undefined || last === undefined || t < first || t >= last) return 'OUTSIDE_HOURS';
    for (let i = 0; i < ownIntervals.length; i += 2) {
      const isLast = i + 2 >= ownIntervals.length;
      if (ownIntervals[i]! <= t && t < ownIntervals[i + 1]!) return isLast ? 'OUTSIDE_HOURS' : 'BREAK';
    }
    return 'BREAK';
  }

  for (const busy of config.busy ?? []) {
    const s = instantMs(busy.start, 'busy start') - rules.beforeMs;
    const e = instantMs(busy.end, 'busy end') + rules.afterMs;
    if (s < t + slotMs && e > t && e > s) return 'TAKEN';
  }
  return null;
}

/**
 * The `n` slots nearest to `requested`, in order of preference (best first, not chronological):
 * 1. slots on the same local day (in `timeZone`) as `requested`, closest start first, either side of it
 *    (a tie goes to the earlier slot);
 * 2. then slots on later days, soonest first;
 * 3. then, only when those run out, slots on earlier days, latest first.
 * Sort the result by `start` for a chronological list.
 */
export function nearestSlots(
  requested: Date,
  slots: readonly Slot[],
  n: number,
  timeZone: string = DEFAULT_TIME_ZONE,
): Slot[] {
  assertTimeZone(timeZone);
  if (!(n > 0)) return [];
  const req = instantMs(requested, 'requested');
  const reqDay = dayOfInstant(req, timeZone);
  return slots
    .map((slot) => {
      const t = instantMs(slot.start, 'slot start');
      const day = dayOfInstant(t, timeZone);
      const group = day === reqDay ? 0 : day > reqDay ? 1 : 2;
      const key = group === 0 ? Math.abs(t - req) : group === 1 ? t : -t;
      return { slot, group, key, t };
    })
    .sort((a, b) => a.group - b.group || a.key - b.key || a.t - b.t)
    .slice(0, n)
    .map((r) => r.slot);
}

/** How the rules treat one local date (for replies like "we are closed for Eid until Thursday"). */
export function dayAvailability(date: LocalDate, rules: AvailabilityRules): DayAvailability {
  const compiled = compileRules(rules);
  const day = parseDay(date, 'date');
  const rule = dayRule(day, compiled);
  const flat = dayIntervals(day, rule.ranges, compiled.timeZone);
  const intervals: Slot[] = [];
  for (let i = 0; i < flat.length; i += 2) intervals.push({ start: new Date(flat[i]!), end: new Date(flat[i + 1]!) });
  const status = intervals.length > 0 ? 'open' : rule.source === 'holiday' ? 'holiday' : 'day_off';
  return {
    date,
    weekday: weekdayOfDay(day),
    status,
    source: rule.source,
    intervals,
    ...(rule.holiday ? { holiday: rule.holiday } : {}),
  };
}

/** The local calendar date of an instant in a time zone, `YYYY-MM-DD`. */
export function localDateOf(instant: Date, timeZone: string = DEFAULT_TIME_ZONE): LocalDate {
  assertTimeZone(timeZone);
  return formatDay(dayOfInstant(instantMs(instant, 'instant'), timeZone));
}

/** A part of the day as local minutes `[from, to)` ("العصر" 15:00–18:00): where a slot's start must fall. */
export interface DayWindow {
  readonly from: number;
  readonly to: number;
}

/** How long after the window a slot of the asked day may start and still be offered (minutes). */
export const WINDOW_SLACK_MINUTES = 120;

/**
 * The slots for a part of the day, best first: those of the requested local `day` starting in `window`;
 * then that day's slots starting at most WINDOW_SLACK_MINUTES after it, nearest first (after "العصر"
 * comes 18:00, never 12:00); then later days' slots in the window, soonest first. Earlier days are never
 * offered. Sort the result by `start` for a chronological list.
 */
export function slotsInWindow(
  slots: readonly Slot[],
  window: DayWindow,
  day: LocalDate,
  n: number,
  timeZone: string = DEFAULT_TIME_ZONE,
): Slot[] {
  assertTimeZone(timeZone);
  const asked = parseDay(day, 'day');
  const ranked: { slot: Slot; group: number; key: number }[] = [];
  for (const slot of slots) {
    const t = instantMs(slot.start, 'slot start');
    const wall = instantToWall(t, timeZone);
    const slotDay = Math.floor(wall / DAY_MS);
    const minute = Math.floor((wall - slotDay * DAY_MS) / MINUTE_MS);
    const inside = minute >= window.from && minute < window.to;
    // Only later than the window: "after isha" never offers 5 pm, "العصر" never noon.
    const outside = minute < window.from ? Number.POSITIVE_INFINITY : minute - window.to;
    if (slotDay === asked && inside) ranked.push({ slot, group: 0, key: t });
    else if (slotDay === asked && outside <= WINDOW_SLACK_MINUTES) ranked.push({ slot, group: 1, key: outside });
    else if (slotDay > asked && inside) ranked.push({ slot, group: 2, key: t });
  }
  return ranked
    .sort((a, b) => a.group - b.group || a.key - b.key)
    .slice(0, Math.max(0, n))
    .map((r) => r.slot);
}
