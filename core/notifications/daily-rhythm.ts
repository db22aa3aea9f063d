// The office's daily rhythm, pure: when the morning digest is due, when Nova must hold what it says first
// (quiet hours), and after how many days a lead has gone quiet. Read from `organizations.settings`
// (JSON); every key is optional and a missing or invalid value takes its default:
//
//     { "digestEnabled": true, "digestHour": 8, "digestDays": ["sat","sun","mon","tue","wed","thu"],
//       "quietHours": { "start": "22:00", "end": "08:00" }, "goneQuietDays": 14 }
//
// `quietHours: false` turns quiet hours off. Days are English three-letter names or 0–6 (0 = Sunday).
import { z } from 'zod';
import {
  addLocalDays,
  atLocalTime,
  dayNumberOf,
  type LocalDate,
  localDateOf,
  zoneOffsetMinutes,
} from '../shared/local-time.ts';

export const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;

/** A span of the local day in minutes since midnight; start > end wraps midnight (22:00–08:00). */
export interface QuietHours {
  start: number;
  end: number;
}

export interface RhythmSettings {
  digest: { enabled: boolean; hour: number /** 0 = Sunday */; days: number[] };
  /** null: Nova may write first at any hour */
  quietHours: QuietHours | null;
  /** a customer with no activity for this many days is suggested in the digest */
  goneQuietDays: number;
}

export const DEFAULT_DIGEST_HOUR = 8;
/** Every day but Friday. */
export const DEFAULT_DIGEST_DAYS = [0, 1, 2, 3, 4, 6];
export const DEFAULT_QUIET_HOURS: QuietHours = { start: 22 * 60, end: 8 * 60 };
export const DEFAULT_GONE_QUIET_DAYS = 14;
/**
 * How long after the digest hour a day's digest may still go out. The tick runs every minute, so this
 * only matters when Nova was down at 08:00: a "morning" summary much later would land in the middle of
 * the broker's work, and the day is skipped.
 */
export const DIGEST_LATE_MS = 3_600_000;

const hhmm = z
  .string()
  .regex(/^([01]?\d|2[0-3]):[0-5]\d$/)
  .transform((s) => {
    const [h, m] = s.split(':').map(Number) as [number, number];
    return h * 60 + m;
  });
const weekday = z.union([
  z.number().int().min(0).max(6),
  z
    .string()
    .transform((s) => (WEEKDAYS as readonly string[]).indexOf(s.trim().slice(0, 3).toLowerCase()))
    .pipe(z.number().int().min(0)),
]);

const schema = z.object({
  digestEnabled: z.boolean().optional().catch(undefined),
  digestHour: z.number().int().min(0).max(23).optional().catch(undefined),
  digestDays: z.array(weekday).max(7).optional().catch(undefined),
  quietHours: z
    .union([z.literal(false), z.null(), z.object({ start: hhmm, end: hhmm })])
    .optional()
    .catch(undefined),
  goneQuietDays: z.number().int().min(1).max(365).optional().catch(undefined),
});

export function rhythmSettings(json: unknown): RhythmSettings {
  const parsed = schema.safeParse(json && typeof json === 'object' && !Array.isArray(json) ? json : {});
  const s = parsed.success ? parsed.data : {};
  const quiet = s.quietHours === undefined ? DEFAULT_QUIET_HOURS : s.quietHours || null;
  return {
    digest: {
      enabled: s.digestEnabled ?? true,
      hour: s.digestHour ?? DEFAULT_DIGEST_HOUR,
      days: s.digestDays ? [...new Set(s.digestDays)].sort((a, b) => a - b) : DEFAULT_DIGEST_DAYS,
    },
    quietHours: quiet && quiet.start !== quiet.end ? quiet : null,
    goneQuietDays: s.goneQuietDays ?? DEFAULT_GONE_QUIET_DAYS,
  };
}

/** 0 = Sunday … 6 = Saturday, of a local date (1970-01-01 was a Thursday). */
export function weekdayOf(date: LocalDate): number {
  return (((dayNumberOf(date) + 4) % 7) + 7) % 7;
}

/** Minutes since local midnight of an instant in a zone. */
export function localMinuteOf(now: Date, tz: string): number {
  const local = now.getTime() + zoneOffsetMinutes(tz, now) * 60_000;
  return Math.floor((((local % 86_400_000) + 86_400_000) % 86_400_000) / 60_000);
}

/**
 * The local date whose digest is due at `now`: the digest is on, today is one of its days, and the
 * digest hour has come but not more than DIGEST_LATE_MS ago. Null otherwise.
 */
export function digestDueDate(now: Date, tz: string, settings: RhythmSettings): LocalDate | null {
  if (!settings.digest.enabled) return null;
  const date = localDateOf(now, tz);
  if (!settings.digest.days.includes(weekdayOf(date))) return null;
  const since = now.getTime() - atLocalTime(date, settings.digest.hour, 0, tz).getTime();
  return since >= 0 && since < DIGEST_LATE_MS ? date : null;
}

/** The instant the office's digest hour falls on that local date. */
export const digestInstant = (date: LocalDate, tz: string, settings: RhythmSettings): Date =>
  atLocalTime(date, settings.digest.hour, 0, tz);

/**
 * When a message Nova sends first at `now` may go out: null when now is outside quiet hours (send it),
 * else the end of these quiet hours (the next local `end`).
 */
export function quietUntil(now: Date, tz: string, quiet: QuietHours | null): Date | null {
  if (!quiet || quiet.start === quiet.end) return null;
  const minute = localMinuteOf(now, tz);
  const wraps = quiet.start > quiet.end;
  const inside = wraps ? minute >= quiet.start || minute < quiet.end : minute >= quiet.start && minute < quiet.end;
  if (!inside) return null;
  const today = localDateOf(now, tz);
  const endDate = wraps && minute >= quiet.start ? addLocalDays(today, 1) : today;
  return atLocalTime(endDate, Math.floor(quiet.end / 60), quiet.end % 60, tz);
}

/** The outbound idempotency key of a member's digest of a local day: one per member and day. */
export const digestKey = (userId: string, date: LocalDate) => `digest:${userId}:${date}`;

/**
 * Reminders the user asked for go out at their time, quiet hours or not (a task's "remind me", a
 * viewing he booked); every other kind is Nova speaking first.
 */
export const ASKED_FOR_REMINDER_KINDS: ReadonlySet<string> = new Set(['task', 'appointment']);
