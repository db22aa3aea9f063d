// Outbound pacing through PostgreSQL, for an installation without Redis: the limits of pacing.ts, one
// GCRA bucket per channel account and per recipient kept as a row of rate_limits (its `window_ends`
// holds the bucket's theoretical arrival time, exact to the microsecond; `count` is unused). As the Redis
// pacer's Lua script does, one statement locks the rows of the account and the recipient (in key order)
// and reserves both slots only when both allow, so workers in several processes never overshoot; a lock
// is held only for that statement. A row whose time has passed is a full bucket, the same as no row:
// rate_limits' sweep (core/auth/rate-limits.ts) may delete it. A row must exist to be locked, so a key's
// row is written (a statement of its own) on its first use here, or when the reservation found it gone;
// a reservation is otherwise that one statement, straight on pg and prepared.
import { createHash } from 'node:crypto';
import { type Db, sql } from '../../core/db/client.ts';
import type { Pacer } from '../types.ts';
import { gcra, mergeLimits, type PacingLimits, UNPACED } from './pacing.ts';

export interface PostgresPacerOptions {
  db: Db;
  /** per channel kind; a kind given here replaces that kind's account and/or recipient defaults */
  limits?: PacingLimits;
  /** the time in ms; tests pass their own to control it */
  now?: () => number;
}

/** The recipient's part of a key: a hash, so that no phone number is stored as such. */
/** How many bucket keys a pacer remembers having written (an account's recipients of the last hours). */
const WRITTEN_KEYS = 10_000;

const recipientKey = (chatId: string) => createHash('sha256').update(chatId).digest('base64url').slice(0, 22);

export function createPostgresPacer(options: PostgresPacerOptions): Pacer {
  const { db } = options;
  const now = options.now ?? Date.now;
  const limits = mergeLimits(options.limits);
  /** keys whose rows this pacer wrote lately (most recent last) */
  const written = new Set<string>();
  const remember = (key: string) => {
    written.delete(key);
    written.add(key);
    if (written.size > WRITTEN_KEYS) written.delete(written.values().next().value as string);
  };

  const writeRows = (keys: string[]) => sql(db)`
    INSERT INTO rate_limits (key, count, window_ends)
    SELECT k, 0, timestamptz 'epoch' FROM unnest(${keys}::text[]) AS k ORDER BY k
    ON CONFLICT (key) DO NOTHING`;

  /**
   * Locks the buckets' rows (in key order) and moves each on by its interval when all of them allow,
   * none when one refuses or a row is missing. tat: the bucket's arrival time, at least now; a bucket
   * refuses while tat - tolerance > now. Returns the wait (µs) and how many of the rows were found.
   */
  async function reserveBoth(keys: string[], intervals: number[], tolerances: number[], t: number) {
    const [row] = await sql(db)<{ wait: string; found: string }>`
      WITH bucket AS MATERIALIZED (
        SELECT r.key, greatest((extract(epoch FROM r.window_ends) * 1000000)::bigint, ${t}::bigint) AS tat,
          v.step, v.tolerance
        FROM rate_limits r
        JOIN unnest(${keys}::text[], ${intervals}::bigint[], ${tolerances}::bigint[]) AS v(key, step, tolerance)
          ON v.key = r.key
        ORDER BY r.key
        FOR UPDATE OF r
      ), verdict AS (
        SELECT greatest(max(tat - tolerance - ${t}::bigint), 0) AS wait, count(*) AS found FROM bucket
      ), reserved AS (
        UPDATE rate_limits r SET window_ends = timestamptz 'epoch' + (b.tat + b.step) * interval '1 microsecond'
        FROM bucket b, verdict
        WHERE r.key = b.key AND verdict.wait = 0 AND verdict.found = cardinality(${keys}::text[])
        RETURNING r.key
      )
      SELECT wait::text AS wait, found::text AS found FROM verdict`;
    return { wait: Number(row?.wait ?? 0), found: Number(row?.found ?? 0) };
  }

  return {
    async reserve(channel, chatId) {
      if (UNPACED.has(channel.kind)) return 0;
      const pacing = limits[channel.kind];
      if (!pacing?.account && !pacing?.recipient) return 0;
      const buckets = [
        {
          key: `pace:${channel.accountId}`,
          ...gcra(pacing.account ? 1_000 / pacing.account.perSecond : 0, pacing.account?.burst ?? 1),
        },
        {
          key: `pace:${channel.accountId}:${recipientKey(chatId)}`,
          ...gcra(pacing.recipient?.intervalMs ?? 0, pacing.recipient?.burst ?? 1),
        },
      ].filter((b) => b.interval > 0);
      if (buckets.length === 0) return 0;
      const keys = buckets.map((b) => b.key);
      const intervals = buckets.map((b) => Math.round(b.interval));
      const tolerances = buckets.map((b) => Math.round(b.tolerance));
      const t = Math.round(now() * 1_000);

      // The buckets' rows are written once, then only reserved: a key inserted here lately goes straight
      // to the reservation, which reserves nothing and says so when a row is missing (rate_limits' sweep
      // deleted it), and the row is written again.
      const known = keys.every((k) => written.has(k));
      if (!known) await writeRows(keys);
      let verdict = await reserveBoth(keys, intervals, tolerances, t);
      if (verdict.found < keys.length) {
        await writeRows(keys);
        verdict = await reserveBoth(keys, intervals, tolerances, t);
      }
      for (const k of keys) remember(k);
      return Math.ceil(verdict.wait / 1_000);
    },
  };
}
