// A chat whose turns a loop of this process is running: a second job for it leaves its message to that
// loop without a claim statement (bot/engine/turn-runner.ts, processChat), and the loop answers it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTurnRunner } from '../../bot/engine/turn-runner.ts';
import type { Media } from '../../bot/media.ts';
import { createDb, type Db } from '../../core/db/client.ts';
import type { JobQueue } from '../../core/jobs/job-map.ts';
import { systemClock } from '../../core/shared/clock.ts';
import { silentLogger } from '../../core/shared/logger.ts';
import { createTelegramOffice, type TelegramOffice } from '../support/telegram-office.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-db.ts';

let t: TestDatabase;
let oneConnection: Db;
let office: TelegramOffice;
let accountId: string;
beforeAll(async () => {
  t = await createTestDatabase();
  // The runner's pool has one connection: while a turn holds it, any statement of a second job would
  // wait for the turn to end.
  oneConnection = createDb(t.url, { max: 1 });
  office = await createTelegramOffice(t, 'in-hand');
  accountId = office.accountId;
});
afterAll(async () => {
  await oneConnection?.$disconnect();
  await t?.drop();
});

const noQueue: JobQueue = { async enqueue() {}, async close() {} };

const receive = (chatId: string, externalId: string, text: string) => office.receive(chatId, externalId, text);

describe('a job for a chat this process is turning', () => {
  it('ends at once without a statement, and the turning loop answers its message after the first', async () => {
    const turned: string[] = [];
    let entered!: () => void;
    const inTurn = new Promise<void>((resolve) => {
      entered = resolve;
    });
    let release!: () => void;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    const runner = createTurnRunner({
      db: oneConnection,
      clock: systemClock,
      jobs: noQueue,
      logger: silentLogger,
      media: {} as Media,
      async pipeline(ctx) {
        ctx.text = ctx.inbound.text ?? '';
        turned.push(ctx.text);
        if (turned.length === 1) {
          entered();
          await released;
        }
      },
    });
    const chatId = '700100';
    await receive(chatId, 'm1', 'first');
    const chatKey = `${accountId}:${chatId}`;
    const first = runner.processChat(chatKey);
    await inTurn;
    await receive(chatId, 'm2', 'second');

    // The first loop holds the only connection inside its turn: a claim could not even begin.
    const timeout = new Promise<'waited'>((resolve) => setTimeout(() => resolve('waited'), 3_000).unref());
    expect(await Promise.race([runner.processChat(chatKey), timeout])).toBe('busy');

    release();
    expect(await first).toBe('idle');
    expect(turned).toEqual(['first', 'second']);
    const rows = await t.db.inboundMessage.findMany({ where: { chatId }, select: { status: true } });
    expect(rows.map((r) => r.status)).toEqual(['processed', 'processed']);
  });
});
