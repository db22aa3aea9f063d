// When a failed delivery is tried again. Pure: the schedule is configuration (tests shorten it).

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/**
 * The wait after each failed attempt: 1 min, 5 min, 30 min, 2 h, 6 h, 12 h, 24 h. With the first try
 * that is 8 attempts over about 45 hours; after the last one the delivery is failed.
 */
export const DEFAULT_BACKOFF_MS: readonly number[] = [
  MINUTE,
  5 * MINUTE,
  30 * MINUTE,
  2 * HOUR,
  6 * HOUR,
  12 * HOUR,
  24 * HOUR,
];

/** How many attempts a delivery gets under this schedule. */
export const maxAttempts = (schedule: readonly number[] = DEFAULT_BACKOFF_MS) => schedule.length + 1;

/**
 * The wait before the next attempt after `attemptsMade` attempts (1 after the first) have failed, or
 * null when none is left.
 */
export function retryDelayMs(attemptsMade: number, schedule: readonly number[] = DEFAULT_BACKOFF_MS): number | null {
  if (!Number.isInteger(attemptsMade) || attemptsMade < 1) return null;
  return schedule[attemptsMade - 1] ?? null;
}
