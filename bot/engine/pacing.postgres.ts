// Outbound pacing through PostgreSQL, for an installation without Redis: the limits of pacing.ts, one
// GCRA bucket per channel account and per recipient kept as a row of rate_limits (its `window_ends`
// holds the bucket's theoretical arrival time, exact to the microsecond; `count` is unused). As the Redis
// pacer's Lua script does, one statement locks the rows of the account and the recipient (in key order)
// and reserves both slots only when both allow, so workers in several processes never overshoot; a lock
// is held only for that statement. A row whose time has passed is a full bucket, the same as no row:
// rate_limits' sweep (core/auth/rate-limits.ts) may delete it.
import { createHash } from 'node:crypto';
import type { Db } from '../../core/db/client.ts';
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
const recipientKey = (chatId: string) => createHash('sha256').update(chatId).digest('base64url').slice(0, 22);

export function createPostgresPacer(options: PostgresPacerOptions): Pacer {
  const { db } = options;
  const now = options.now ?? Date.now;
  const limits = mergeLimits(options.limits);

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

      await db.$executeRaw`
        INSERT INTO rate_limits (key, count, window_ends)
        SELECT k, 0, timestamptz 'epoch' FROM unnest(${keys}::text[]) AS k ORDER BY k
        ON CONFLICT (key) DO NOTHING`;
      // tat: the bucket's arrival time, at least now; a bucket refuses while tat - tolerance > now. Both
      // move on by their interval, or neither does.
      const [verdict] = await db.$queryRaw<Array<{ wait: bigint }>>`
        WITH bucket AS MATERIALIZED (
          SELECT r.key, greatest((extract(epoch FROM r.window_ends) * 1000000)::bigint, ${t}::bigint) AS tat,
            v.step, v.tolerance
          FROM rate_limits r
          JOIN unnest(${keys}::text[], ${intervals}::bigint[], ${tolerances}::bigint[]) AS v(key, step, tolerance)
            ON v.key = r.key
          ORDER BY r.key
          FOR UPDATE OF r
        ), verdict AS (
          SELECT greatest(max(tat - tolerance - ${t}::bigint), 0) AS wait FROM bucket
        ), reserved AS (
          UPDATE rate_limits r SET window_ends = timestamptz 'epoch' + (b.tat + b.step) * interval '1 microsecond'
          FROM bucket b, verdict
          WHERE r.key = b.key AND verdict.wait = 0
          RETURNING r.key
        )
        SELECT wait, (SELECT count(*) FROM reserved) AS reserved FROM verdict`;
      return Math.ceil(Number(verdict!.wait) / 1_000);
    },
  };
}
