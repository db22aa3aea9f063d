/**
 * Types of the free-slot computation (see slots.ts for the rules).
 *
 * Wall-clock values (dates, times of day) are strings in the broker's time zone; instants are `Date`s
 * (UTC). Keeping the two apart in the types is what keeps the computation zone-correct.
 */

/** Day of the week as `Date#getUTCDay` numbers it: 0 = Sunday … 5 = Friday, 6 = Saturday. */
export type Weekday = 0 | 1 | 2 | 3 | 4 | 5 | 6;

/** A local calendar date in the broker's time zone, `YYYY-MM-DD`. */
export type LocalDate = string;

/** A local time of day, `HH:mm` (24-hour). `24:00` is accepted as the end of a range (midnight after). */
export type LocalTime = string;

/** A half-open local time range `[start, end)` within one day; `start < end`, no crossing of midnight. */
export interface TimeRange {
  readonly start: LocalTime;
  readonly end: LocalTime;
}

/** A working interval, optionally with breaks inside it (equivalent to listing the pieces separately). */
export interface WorkingInterval extends TimeRange {
  readonly breaks?: readonly TimeRange[];
}

/**
 * Weekly working hours: per weekday, zero or more intervals. A weekday that is missing or has an empty
 * list is a day off (in Saudi Arabia usually Friday).
 */
export type WorkingHours = Readonly<Partial<Record<Weekday, readonly WorkingInterval[]>>>;

/** Closed on every local date from `from` to `to`, both inclusive (`to` defaults to `from`). */
export interface Holiday {
  readonly from: LocalDate;
  readonly to?: LocalDate;
  readonly name?: string;
}

/**
 * Replaces the weekly hours (and any holiday) on one local date. An empty `intervals` list closes the
 * day; a non-empty one opens exactly those intervals, even on a Friday or inside a holiday.
 */
export interface DateOverride {
  readonly date: LocalDate;
  readonly intervals: readonly WorkingInterval[];
}

/** An existing appointment (or any other busy time) as UTC instants, half-open `[start, end)`. */
export interface BusyInterval {
  readonly start: Date;
  readonly end: Date;
}

/** Minutes kept free around every busy interval: one number for both sides, or each side apart. */
export type BufferMinutes = number | { readonly before: number; readonly after: number };

/** The broker's standing availability rules. */
export interface AvailabilityRules {
  /** IANA time zone of the broker; default `Asia/Riyadh`. */
  readonly timeZone?: string;
  readonly workingHours: WorkingHours;
  readonly holidays?: readonly Holiday[];
  readonly overrides?: readonly DateOverride[];
  /** Free time required before (`before`) and after (`after`) each busy interval; default 0. */
  readonly bufferMinutes?: BufferMinutes;
  /** No slot may start earlier than `now + minimumNoticeMinutes`; default 0. */
  readonly minimumNoticeMinutes?: number;
}

/** Everything needed to judge one requested start: the rules plus the moment, the calendar and the length. */
export interface AvailabilityConfig extends AvailabilityRules {
  readonly now: Date;
  readonly busy?: readonly BusyInterval[];
  /** Length of a viewing in minutes (positive integer). */
  readonly slotMinutes: number;
}

/**
 * The local dates to compute slots for: `from`..`to` inclusive, or `days` local dates starting with the
 * local date of `start` (slots starting before `start` itself are left out).
 */
export type SlotRange =
  | { readonly from: LocalDate; readonly to: LocalDate }
  | { readonly start: Date; readonly days: number };

export interface SlotQuery extends AvailabilityConfig {
  readonly range: SlotRange;
  /** Distance between consecutive candidate starts in minutes; default `slotMinutes`. */
  readonly stepMinutes?: number;
}

/** A free slot, half-open `[start, end)`, as UTC instants. */
export interface Slot {
  readonly start: Date;
  readonly end: Date;
}

/** Why a requested start cannot be booked (`null` from `explainUnavailable` means it can). */
export type UnavailableReason =
  | 'PAST'
  | 'NOTICE'
  | 'FRIDAY_OR_DAY_OFF'
  | 'HOLIDAY'
  | 'OUTSIDE_HOURS'
  | 'BREAK'
  | 'TAKEN'
  /** further ahead than the organization's booking horizon (bookingHorizonDays, 14 by default) */
  | 'TOO_FAR';

/** What a local date looks like under the rules (for messages such as "we open at 4 pm on Saturday"). */
export interface DayAvailability {
  readonly date: LocalDate;
  readonly weekday: Weekday;
  /** `open` when at least one working interval remains that day. */
  readonly status: 'open' | 'holiday' | 'day_off';
  /** Which rule decided the day. */
  readonly source: 'override' | 'holiday' | 'weekly';
  /** The working intervals as instants, ascending, merged, breaks removed. */
  readonly intervals: readonly Slot[];
  /** The holiday closing the day, when `status` is `holiday`. */
  readonly holiday?: Holiday;
}
