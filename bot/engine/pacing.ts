// Outbound pacing shared by every process through Redis (issue 7): per channel account a rate (WhatsApp
// Cloud 80 messages a second per number, Telegram 30 a second per bot) and per recipient a spacing
// with a burst (WhatsApp: Meta's pair rate, one per 6 s with bursts of up to 45 borrowed from later;
// we allow 20, so a lively chat never waits while a flood to one person is spread out; Telegram: one
// a second per chat). The outbox asks before each send; a wait > 0 re-queues the message for then, so nothing
// is dropped.
//
// Each limit is a GCRA (generic cell rate algorithm: a token bucket kept as one timestamp, the
// "theoretical arrival time"). One Lua script checks the account and the recipient together and
// reserves both slots only when both allow, so concurrent workers in several processes can never
// overshoot. Time comes from Node (`now`), in microseconds so that 80/s (12.5 ms) stays exact; keys
// expire 2 s after their bucket is full again.
//
// Without Redis the same limits hold through PostgreSQL (pacing.postgres.ts: the same rule in SQL).
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { ChannelKind, Pacer } from '../types.ts';

export interface RateLimit {
  /** sustained messages per second */
  perSecond: number;
  /** how many may go at once before the rate applies */
  burst: number;
}

export interface SpacingLimit {
  /** sustained: one message per this many milliseconds */
  intervalMs: number;
  /** how many may go at once before the spacing applies */
  burst: number;
}

export interface ChannelPacing {
  /** the whole channel account (a WhatsApp number, a Telegram bot) */
  account?: RateLimit;
  /** one recipient (chat) of that account */
  recipient?: SpacingLimit;
}

export type PacingLimits = Partial<Record<ChannelKind, ChannelPacing>>;

export const DEFAULT_PACING_LIMITS: Readonly<PacingLimits> = Object.freeze({
  // Meta: 80 messages/s per business number by default (more for upgraded numbers); one message every
  // 6 s to the same user, bursts of up to 45 borrowed from later (error 131056 beyond): 20 leaves room.
  whatsapp_cloud: { account: { perSecond: 80, burst: 80 }, recipient: { intervalMs: 6_000, burst: 20 } },
  // Telegram: about 30 messages/s per bot overall, and no more than one a second in one chat.
  telegram: { account: { perSecond: 30, burst: 30 }, recipient: { intervalMs: 1_000, burst: 1 } },
  // WhatsApp Web has no published limits; automation that sends fast gets numbers banned, so go slowly.
  whatsapp_web: { account: { perSecond: 1, burst: 5 }, recipient: { intervalMs: 1_000, burst: 3 } },
});

/** Channels delivered by the database: never paced, whatever the configuration says. */
export const UNPACED: ReadonlySet<ChannelKind> = new Set(['web', 'console', 'memory']);

// KEYS[1] account bucket, KEYS[2] recipient bucket; ARGV: now (µs), then interval and tolerance (µs)
// of the account and of the recipient (interval 0 = no limit). Returns the wait in ms, 0 = reserved.
const SCRIPT = `
local now = tonumber(ARGV[1])
local function check(key, interval, tolerance)
  if interval <= 0 then return 0, nil end
  local tat = tonumber(redis.call('GET', key) or '0') or 0
  if tat < now then tat = now end
  local wait = tat - tolerance - now
  if wait > 0 then return wait, nil end
  return 0, tat + interval
end
local waitA, nextA = check(KEYS[1], tonumber(ARGV[2]), tonumber(ARGV[3]))
local waitR, nextR = check(KEYS[2], tonumber(ARGV[4]), tonumber(ARGV[5]))
local wait = math.max(waitA, waitR)
if wait > 0 then return math.ceil(wait / 1000) end
local function store(key, nextTat)
  if nextTat then
    -- Kept 2 s beyond its time: a key that outlives its TAT changes nothing (a past TAT counts as now),
    -- while one that expired the moment its bucket was full again forgot the bucket whenever the next
    -- call came a little late (a loaded machine, a process whose clock is behind another's).
    local ttl = math.max(1, math.ceil((nextTat - now) / 1000)) + 2000
    redis.call('SET', key, string.format('%.0f', nextTat), 'PX', string.format('%.0f', ttl))
  end
end
store(KEYS[1], nextA)
store(KEYS[2], nextR)
return 0
`;
const SCRIPT_SHA = createHash('sha1').update(SCRIPT).digest('hex');

export interface RedisPacerOptions {
  redis: Redis;
  /** key prefix (the queue prefix), so that installations and test runs sharing a Redis stay apart */
  prefix: string;
  /** per channel kind; a kind given here replaces that kind's account and/or recipient defaults */
  limits?: PacingLimits;
  /** the time in ms; tests pass their own to control it */
  now?: () => number;
}

export function createRedisPacer(options: RedisPacerOptions): Pacer {
  const { redis, prefix } = options;
  const now = options.now ?? Date.now;
  const limits = mergeLimits(options.limits);

  async function run(keys: [string, string], args: number[]): Promise<number> {
    const argv = args.map((n) => Math.round(n).toString());
    try {
      return Number(await redis.evalsha(SCRIPT_SHA, 2, ...keys, ...argv));
    } catch (error) {
      // First use on this Redis (or after SCRIPT FLUSH / a restart): load it by sending it whole.
      if (!String((error as Error).message).includes('NOSCRIPT')) throw error;
      return Number(await redis.eval(SCRIPT, 2, ...keys, ...argv));
    }
  }

  return {
    async reserve(channel, chatId) {
      if (UNPACED.has(channel.kind)) return 0;
      const pacing = limits[channel.kind];
      if (!pacing?.account && !pacing?.recipient) return 0;
      const account = gcra(pacing.account ? 1_000 / pacing.account.perSecond : 0, pacing.account?.burst ?? 1);
      const recipient = gcra(pacing.recipient?.intervalMs ?? 0, pacing.recipient?.burst ?? 1);
      return run(
        [`${prefix}:pace:${channel.accountId}`, `${prefix}:pace:${channel.accountId}:${chatId}`],
        [now() * 1_000, account.interval, account.tolerance, recipient.interval, recipient.tolerance],
      );
    },
  };
}

/** A limit of one per `intervalMs` with `burst` at once, in µs: the increment and the tolerance. */
export function gcra(intervalMs: number, burst: number): { interval: number; tolerance: number } {
  if (!(intervalMs > 0) || !Number.isFinite(intervalMs)) return { interval: 0, tolerance: 0 };
  const interval = intervalMs * 1_000;
  return { interval, tolerance: interval * Math.max(0, Math.floor(burst) - 1) };
}

export function mergeLimits(overrides: PacingLimits = {}): PacingLimits {
  const merged: PacingLimits = {};
  const kinds = new Set([...Object.keys(DEFAULT_PACING_LIMITS), ...Object.keys(overrides)]) as Set<ChannelKind>;
  for (const kind of kinds) {
    const pacing = { ...DEFAULT_PACING_LIMITS[kind], ...overrides[kind] };
    if (pacing.account && !(pacing.account.perSecond > 0)) throw new Error(`pacing of ${kind}: perSecond must be > 0`);
    if (pacing.recipient && !(pacing.recipient.intervalMs > 0))
      throw new Error(`pacing of ${kind}: intervalMs must be > 0`);
    merged[kind] = pacing;
  }
  return merged;
}
