// The PostgreSQL pacer (no Redis) against the real PostgreSQL: the same limits as the Redis pacer
// (per-recipient spacing with a burst, the account rate, Telegram's), shared by two pacers on two pools as
// two processes would share them, no phone number stored, and rows the rate_limits sweep may delete.
// Time is passed in, so the assertions are on the waits the pacer returns, never on real waiting.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresPacer, type PostgresPacerOptions } from '../../bot/engine/pacing.postgres.ts';
import { createRateLimiter } from '../../core/auth/rate-limits.ts';
import { createDb, type Db } from '../../core/db/client.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-db.ts';

let database: TestDatabase;
let otherPool: Db;
beforeAll(async () => {
  database = await createTestDatabase();
  otherPool = createDb(database.url, { max: 5 });
});
afterAll(async () => {
  await otherPool?.$disconnect();
  await database?.drop();
});

function pacerAt(start: number, options: Partial<PostgresPacerOptions> = {}) {
  const clock = { t: start };
  const pacer = createPostgresPacer({ db: database.db, now: () => clock.t, ...options });
  return { pacer, clock };
}

const account = () => `acc-${randomBytes(4).toString('hex')}`;
const cloud = (accountId: string) => ({ accountId, kind: 'whatsapp_cloud' as const });

describe('PostgreSQL pacer', () => {
  it('lets a burst of 20 go to one WhatsApp recipient, then spaces them 6 s apart', async () => {
    const { pacer, clock } = pacerAt(1_700_000_000_000);
    const acc = account();
    const waits = [];
    for (let i = 0; i < 21; i++) waits.push(await pacer.reserve(cloud(acc), '966500000001'));
    expect(waits).toEqual([...Array(20).fill(0), 6_000]);
    // A refusal reserves nothing: asking again at the same moment gives the same wait.
    expect(await pacer.reserve(cloud(acc), '966500000001')).toBe(6_000);
    expect(await pacer.reserve(cloud(acc), '966500000002')).toBe(0);
    clock.t += 2_000;
    expect(await pacer.reserve(cloud(acc), '966500000001')).toBe(4_000);
    clock.t += 4_000;
    expect(await pacer.reserve(cloud(acc), '966500000001')).toBe(0);
    expect(await pacer.reserve(cloud(acc), '966500000001')).toBe(6_000);
  });

  it('holds the 81st message of a WhatsApp number within one slot of 12.5 ms, exactly', async () => {
    const { pacer, clock } = pacerAt(1_700_000_100_000);
    const acc = account();
    for (let i = 0; i < 80; i++) expect(await pacer.reserve(cloud(acc), `9665${i}`)).toBe(0);
    const wait = await pacer.reserve(cloud(acc), '966599999999');
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(13);
    clock.t += wait;
    expect(await pacer.reserve(cloud(acc), '966599999999')).toBe(0);
    expect(await pacer.reserve(cloud(acc), '966599999998')).toBeGreaterThan(0);
  });

  it('applies a configured rate, and paces Telegram at 1 a second per chat and 30 a second per bot', async () => {
    const configured = pacerAt(1_700_000_200_000, {
      limits: { whatsapp_cloud: { account: { perSecond: 10, burst: 10 } } },
    }).pacer;
    const acc = account();
    for (let i = 0; i < 10; i++) expect(await configured.reserve(cloud(acc), `chat-${i}`)).toBe(0);
    expect(await configured.reserve(cloud(acc), 'chat-10')).toBe(100);

    const { pacer } = pacerAt(1_700_000_300_000);
    const bot = { accountId: account(), kind: 'telegram' as const };
    expect(await pacer.reserve(bot, '100')).toBe(0);
    expect(await pacer.reserve(bot, '100')).toBe(1_000);
    for (let i = 1; i < 30; i++) expect(await pacer.reserve(bot, String(200 + i))).toBe(0);
    const wait = await pacer.reserve(bot, '999');
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(34);
  });

  it('never paces the channels delivered by the database, and writes no rows for them', async () => {
    const { pacer } = pacerAt(1_700_000_400_000);
    const acc = account();
    for (const kind of ['web', 'console', 'memory'] as const) {
      for (let i = 0; i < 50; i++) expect(await pacer.reserve({ accountId: acc, kind }, 'same-chat')).toBe(0);
    }
    expect(await database.db.rateLimit.count({ where: { key: { startsWith: `pace:${acc}` } } })).toBe(0);
  });

  it('shares the limits between two pacers on two pools, even with 200 reservations at once', async () => {
    const start = 1_700_000_500_000;
    const one = createPostgresPacer({ db: database.db, now: () => start });
    const two = createPostgresPacer({ db: otherPool, now: () => start });
    const acc = account();
    for (let i = 0; i < 20; i++) expect(await (i % 2 ? two : one).reserve(cloud(acc), 'x')).toBe(0);
    expect(await one.reserve(cloud(acc), 'x')).toBe(6_000);
    expect(await two.reserve(cloud(acc), 'x')).toBe(6_000);

    const acc2 = account();
    const answers = await Promise.all(
      Array.from({ length: 200 }, (_, i) => (i % 2 ? one : two).reserve(cloud(acc2), `chat-${i % 40}`)),
    );
    expect(answers.filter((w) => w === 0)).toHaveLength(80);
    expect(answers.filter((w) => w > 0).every((w) => w <= 13)).toBe(true);
  });

  it('keeps each bucket as one rate_limits row, the recipient hashed, none left once the sweep has run', async () => {
    const { pacer } = pacerAt(Date.now());
    const acc = account();
    await pacer.reserve(cloud(acc), '966500000077');
    const rows = await database.db.rateLimit.findMany({ where: { key: { startsWith: `pace:${acc}` } } });
    expect(rows).toHaveLength(2);
    expect(rows.map((r) => r.key).join(' ')).not.toContain('966500000077');
    // The account's bucket (12.5 ms) is full again at once; the recipient's after 6 s.
    expect(Math.max(...rows.map((r) => r.windowEnds.getTime()))).toBeLessThanOrEqual(Date.now() + 6_000);
    const later = { now: () => new Date(Date.now() + 60_000) };
    await createRateLimiter({ db: database.db, clock: later, key: Buffer.alloc(32) }).sweep();
    expect(await database.db.rateLimit.count({ where: { key: { startsWith: `pace:${acc}` } } })).toBe(0);
    // A deleted row is a full bucket: the next message goes at once, and is counted in rows written again
    // (this pacer remembered them, found them gone, and wrote them before reserving).
    expect(await pacer.reserve(cloud(acc), '966500000077')).toBe(0);
    const again = await database.db.rateLimit.findMany({ where: { key: { startsWith: `pace:${acc}` } } });
    expect(again).toHaveLength(2);
    expect(Math.min(...again.map((r) => r.windowEnds.getTime()))).toBeGreaterThan(Date.now() - 1_000);
  });
});
