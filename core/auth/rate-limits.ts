// Rate limits that hold across processes and without Redis: one row of rate_limits per counted thing
// (a phone, an address, a visitor) and window, counted by one atomic upsert. The key holds an HMAC of
// what is counted, never the phone or the address itself.
import { createHmac } from 'node:crypto';
import type { DbTx } from '../db/client.ts';
import type { Clock } from '../shared/clock.ts';
import type { RateBucket } from './auth.types.ts';
import { type RateVerdict, verdict } from './rate-window.ts';

export function rateKey(key: Buffer, bucket: Pick<RateBucket, 'name'>, id: string): string {
  const mac = createHmac('sha256', key).update(`${bucket.name}\0${id}`).digest('base64url').slice(0, 32);
  return `${bucket.name}:${mac}`;
}

export function createRateLimiter({ db, clock, key }: { db: DbTx; clock: Clock; key: Buffer }) {
  return {
    /** Counts one hit of `id` in the bucket and says whether it is within the limit. */
    async hit(bucket: RateBucket, id: string): Promise<RateVerdict> {
      const now = clock.now();
      const ends = new Date(now.getTime() + bucket.windowMs);
      const rows = await db.$queryRaw<Array<{ count: number; window_ends: Date }>>`
        INSERT INTO rate_limits (key, count, window_ends)
        VALUES (${rateKey(key, bucket, id)}, 1, ${ends}::timestamptz)
        ON CONFLICT (key) DO UPDATE SET
          count = CASE WHEN rate_limits.window_ends <= ${now}::timestamptz THEN 1 ELSE rate_limits.count + 1 END,
          window_ends = CASE WHEN rate_limits.window_ends <= ${now}::timestamptz
            THEN EXCLUDED.window_ends ELSE rate_limits.window_ends END
        RETURNING count, window_ends`;
      const row = rows[0]!;
      return verdict({ count: Number(row.count), windowEnds: new Date(row.window_ends) }, bucket.limit, now);
    },

    /** Deletes windows that ended (they count nothing any more). */
    async sweep(): Promise<number> {
      return db.$executeRaw`DELETE FROM rate_limits WHERE window_ends < ${clock.now()}::timestamptz`;
    },
  };
}

export type RateLimiter = ReturnType<typeof createRateLimiter>;
