// A turn's replies are written by its last statement (bot/engine/turn-runner.ts, saveTurn): in the
// order given, once per key, each queued for sending after commit; with notices to other chats they are
// written first, as notify() writes them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngineTurn } from '../../bot/engine/context.ts';
import { createTurnRunner } from '../../bot/engine/turn-runner.ts';
import type { Media } from '../../bot/media.ts';
import { createDb, type Db } from '../../core/db/client.ts';
import { systemClock } from '../../core/shared/clock.ts';
import { silentLogger } from '../../core/shared/logger.ts';
import { recordingJobs } from '../support/recording-jobs.ts';
import { createTelegramOffice, type TelegramOffice } from '../support/telegram-office.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-db.ts';

let t: TestDatabase;
let db: Db;
let office: TelegramOffice;
let organizationId: string;
let accountId: string;
beforeAll(async () => {
  t = await createTestDatabase();
  db = createDb(t.url, { max: 2 });
  office = await createTelegramOffice(t, 'turn-replies');
  ({ organizationId, accountId } = office);
});
afterAll(async () => {
  await db?.$disconnect();
  await t?.drop();
});

const receive = (chatId: string, externalId: string, text: string) => office.receive(chatId, externalId, text);

/** A runner whose pipeline answers on Telegram (sent by a job, not delivered by the row) with `turn`. */
function runnerWith(turn: (ctx: EngineTurn) => void) {
  const jobs = recordingJobs();
  const runner = createTurnRunner({
    db,
    clock: systemClock,
    jobs,
    logger: silentLogger,
    media: {} as Media,
    async pipeline(ctx) {
      ctx.channel = { accountId, kind: 'telegram' };
      ctx.text = ctx.inbound.text ?? '';
      turn(ctx);
    },
  });
  return { runner, jobs };
}

const rowsOf = (chatId: string) =>
  t.db.outboundMessage.findMany({
    where: { chatId },
    orderBy: { seq: 'asc' },
    select: { id: true, idempotencyKey: true, status: true, payload: true },
  });

describe("a turn's replies", () => {
  it('are written in order with keys <message>:<index>, pending, and each queued for sending once', async () => {
    const chatId = '800100';
    const inboundId = await receive(chatId, 'r1', 'hello');
    const { runner, jobs } = runnerWith((ctx) => {
      ctx.reply('first');
      ctx.reply('second');
    });
    expect(await runner.processChat(`${accountId}:${chatId}`)).toBe('idle');
    const rows = await rowsOf(chatId);
    expect(rows.map((r) => [r.idempotencyKey, r.status, (r.payload as { text: string }).text])).toEqual([
      [`${inboundId}:0`, 'pending', 'first'],
      [`${inboundId}:1`, 'pending', 'second'],
    ]);
    expect(jobs.enqueued).toEqual(
      rows.map((r) => `outbound.send:${JSON.stringify({ outboundId: r.id, channelAccountId: accountId })}`),
    );
    const inbound = await t.db.inboundMessage.findUniqueOrThrow({ where: { id: inboundId } });
    expect(inbound.status).toBe('processed');
  });

  it('whose key is already taken are not written again: the row that has it is queued instead', async () => {
    const chatId = '800200';
    const inboundId = await receive(chatId, 'r2', 'hello');
    const earlier = await t.db.outboundMessage.create({
      data: {
        organizationId,
        channelAccountId: accountId,
        chatId,
        idempotencyKey: `${inboundId}:0`,
        payload: { text: 'written before' },
      },
    });
    const { runner, jobs } = runnerWith((ctx) => {
      ctx.reply('first');
      ctx.reply('second');
    });
    await runner.processChat(`${accountId}:${chatId}`);
    const rows = await rowsOf(chatId);
    expect(rows.map((r) => [r.idempotencyKey, (r.payload as { text: string }).text])).toEqual([
      [`${inboundId}:0`, 'written before'],
      [`${inboundId}:1`, 'second'],
    ]);
    expect(jobs.enqueued).toEqual([
      `outbound.send:${JSON.stringify({ outboundId: earlier.id, channelAccountId: accountId })}`,
      `outbound.send:${JSON.stringify({ outboundId: rows[1]?.id, channelAccountId: accountId })}`,
    ]);
  });

  it('come before the notices of the same turn', async () => {
    const chatId = '800300';
    const inboundId = await receive(chatId, 'r3', 'hello');
    const { runner } = runnerWith((ctx) => {
      ctx.reply('to the sender');
      ctx.notify({ channelAccountId: accountId, chatId, contactId: null, message: { text: 'a notice' } });
    });
    await runner.processChat(`${accountId}:${chatId}`);
    const rows = await rowsOf(chatId);
    expect(rows.map((r) => [r.idempotencyKey, (r.payload as { text: string }).text])).toEqual([
      [`${inboundId}:0`, 'to the sender'],
      [`${inboundId}:notice:0:0`, 'a notice'],
    ]);
  });
});
