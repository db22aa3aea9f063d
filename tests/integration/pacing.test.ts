// The Redis pacer against the real Redis: per-recipient spacing with a burst, the account rate, two
// pacers ("processes") sharing the limits, and keys that expire. Time is passed in, so the assertions
// are on the waits the pacer returns, never on real waiting.
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisPacer, DEFAULT_PACING_LIMITS, type RedisPacerOptions } from '../../bot/engine/pacing.ts';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const prefix = `nova-pace-test-${randomBytes(4).toString('hex')}`;
let redis: Redis;
let otherConnection: Redis;

beforeAll(() => {
  redis = new Redis(REDIS_URL);
  otherConnection = new Redis(REDIS_URL);
});
afterAll(async () => {
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length) await redis.del(...keys);
  await Promise.all([redis.quit(), otherConnection.quit()]);
});

/** A pacer on its own clock, starting at a fixed time. */
function pacerAt(start: number, options: Partial<RedisPacerOptions> = {}) {
  const clock = { t: start };
  const pacer = createRedisPacer({ redis, prefix, now: () => clock.t, ...options });
  return { pacer, clock };
}

const account = () => `acc-${randomBytes(4).toString('hex')}`;
const cloud = (accountId: string) => ({ accountId, kind: 'whatsapp_cloud' as const });

describe('Redis pacer', () => {
  it('has the documented defaults', () => {
    expect(DEFAULT_PACING_LIMITS.whatsapp_cloud).toEqual({
      account: { perSecond: 80, burst: 80 },
      recipient: { intervalMs: 6_000, burst: 20 },
    });
    expect(DEFAULT_PACING_LIMITS.telegram).toEqual({
      account: { perSecond: 30, burst: 30 },
      recipient: { intervalMs: 1_000, burst: 1 },
    });
  });

  it('lets a burst of 20 go to one WhatsApp recipient, then spaces them 6 s apart', async () => {
    const { pacer, clock } = pacerAt(1_700_000_000_000);
    const acc = account();
    const waits = [];
    for (let i = 0; i < 21; i++) waits.push(await pacer.reserve(cloud(acc), '966500000001'));
    expect(waits).toEqual([...Array(20).fill(0), 6_000]);
    // A refusal reserves nothing: asking again at the same moment gives the same wait.
    expect(await pacer.reserve(cloud(acc), '966500000001')).toBe(6_000);
    // Another recipient of the same number is not held back.
    expect(await pacer.reserve(cloud(acc), '966500000002')).toBe(0);
    clock.t += 2_000;
    expect(await pacer.reserve(cloud(acc), '966500000001')).toBe(4_000);
    clock.t += 4_000;
    expect(await pacer.reserve(cloud(acc), '966500000001')).toBe(0);
    expect(await pacer.reserve(cloud(acc), '966500000001')).toBe(6_000);
  });

  it('holds the 81st message of a WhatsApp number within one second', async () => {
    const { pacer, clock } = pacerAt(1_700_000_100_000);
    const acc = account();
    for (let i = 0; i < 80; i++) expect(await pacer.reserve(cloud(acc), `9665${i}`)).toBe(0);
    const wait = await pacer.reserve(cloud(acc), '966599999999');
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(13); // one slot at 80/s is 12.5 ms
    clock.t += wait;
    expect(await pacer.reserve(cloud(acc), '966599999999')).toBe(0);
    // Sustained: one more every 12.5 ms, no second burst.
    expect(await pacer.reserve(cloud(acc), '966599999998')).toBeGreaterThan(0);
  });

  it('applies a configured rate instead of the default', async () => {
    const { pacer } = pacerAt(1_700_000_200_000, {
      limits: { whatsapp_cloud: { account: { perSecond: 10, burst: 10 } } },
    });
    const acc = account();
    for (let i = 0; i < 10; i++) expect(await pacer.reserve(cloud(acc), `chat-${i}`)).toBe(0);
    expect(await pacer.reserve(cloud(acc), 'chat-10')).toBe(100);
    // The recipient default still applies.
    expect(await pacer.reserve(cloud(acc), 'chat-0')).toBe(100);
  });

  it('paces Telegram at 1 a second per chat and 30 a second per bot', async () => {
    const { pacer } = pacerAt(1_700_000_300_000);
    const bot = { accountId: account(), kind: 'telegram' as const };
    expect(await pacer.reserve(bot, '100')).toBe(0);
    expect(await pacer.reserve(bot, '100')).toBe(1_000);
    for (let i = 1; i < 30; i++) expect(await pacer.reserve(bot, String(200 + i))).toBe(0);
    const wait = await pacer.reserve(bot, '999');
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(34);
  });

  it('never paces the channels delivered by the database, and writes no keys for them', async () => {
    const { pacer } = pacerAt(1_700_000_400_000);
    const acc = account();
    for (const kind of ['web', 'console', 'memory'] as const) {
      for (let i = 0; i < 200; i++) expect(await pacer.reserve({ accountId: acc, kind }, 'same-chat')).toBe(0);
    }
    expect(await redis.keys(`${prefix}:pace:${acc}*`)).toEqual([]);
  });

  it('shares the limits between two pacers on two connections, as two processes would', async () => {
    const start = 1_700_000_500_000;
    const one = createRedisPacer({ redis, prefix, now: () => start });
    const two = createRedisPacer({ redis: otherConnection, prefix, now: () => start });
    const acc = account();
    // The recipient's burst of 20, taken in turns by the two, then both are told to wait.
    for (let i = 0; i < 20; i++) expect(await (i % 2 ? two : one).reserve(cloud(acc), 'x')).toBe(0);
    expect(await one.reserve(cloud(acc), 'x')).toBe(6_000);
    expect(await two.reserve(cloud(acc), 'x')).toBe(6_000);

    // 200 reservations at once, half through each: exactly the account's 80 get through.
    const acc2 = account();
    const answers = await Promise.all(
      Array.from({ length: 200 }, (_, i) => (i % 2 ? one : two).reserve(cloud(acc2), `chat-${i}`)),
    );
    expect(answers.filter((w) => w === 0)).toHaveLength(80);
    expect(answers.filter((w) => w > 0).every((w) => w <= 13)).toBe(true);
  });

  it('sets keys to expire when their bucket is full again', async () => {
    const { pacer, clock } = pacerAt(1_700_000_600_000);
    const acc = account();
    for (let i = 0; i < 3; i++) await pacer.reserve(cloud(acc), 'chat');
    const recipientTtl = await redis.pttl(`${prefix}:pace:${acc}:chat`);
    const accountTtl = await redis.pttl(`${prefix}:pace:${acc}`);
    // Each key lives until its bucket is full again, and 2 s more (the pacer's slack for late callers).
    expect(recipientTtl).toBeGreaterThan(19_000);
    expect(recipientTtl).toBeLessThanOrEqual(20_000);
    expect(accountTtl).toBeGreaterThan(2_000);
    expect(accountTtl).toBeLessThanOrEqual(2_038); // three slots of 12.5 ms
    clock.t += 1; // the next reservation refreshes the expiry from its own time
    await pacer.reserve(cloud(acc), 'other');
    expect(await redis.pttl(`${prefix}:pace:${acc}:other`)).toBeLessThanOrEqual(8_000);
  });

  it('lets Redis delete keys once they expire', async () => {
    const pacer = createRedisPacer({
      redis,
      prefix,
      limits: { whatsapp_cloud: { recipient: { intervalMs: 40, burst: 1 } } },
    });
    const acc = account();
    expect(await pacer.reserve(cloud(acc), 'chat')).toBe(0);
    expect(await redis.exists(`${prefix}:pace:${acc}:chat`)).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 2_250)); // 40 ms, and the 2 s of slack
    expect(await redis.exists(`${prefix}:pace:${acc}:chat`, `${prefix}:pace:${acc}`)).toBe(0);
  });

  it('refuses a nonsensical configuration', () => {
    expect(() =>
      createRedisPacer({ redis, prefix, limits: { telegram: { account: { perSecond: 0, burst: 1 } } } }),
    ).toThrow(/perSecond/);
  });
});
