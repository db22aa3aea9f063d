// A voice note end to end (issue 15): a broker's Telegram voice note, fetched from the fake Bot API (getFile
// and the file URL), transcribed by the fake OpenAI-compatible server (audio.transcriptions), echoed, and
// then handled as the text it says: «ذكرني أتصل بخالد بكرة ٤ العصر» becomes a task due tomorrow at 16:00.
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ensureChannelAccount } from '../../bot/channels/accounts.ts';
import { createMemoryChannel } from '../../bot/channels/memory/memory.channel.ts';
import { startTelegramChannel, type TelegramChannel } from '../../bot/channels/telegram/telegram.channel.ts';
import { mapRegistry } from '../../bot/engine/outbox.ts';
import { createRuntime, type Runtime } from '../../bot/engine/runtime.ts';
import { features } from '../../bot/features/index.ts';
import type { MediaDeps } from '../../bot/media.ts';
import { createOpenAiAdapter } from '../../core/ai/openai.adapter.ts';
import { ManualClock } from '../../core/shared/clock.ts';
import { silentLogger } from '../../core/shared/logger.ts';
import { DEMO, DEMO_ORG_SLUG, seedDemo } from '../../prisma/seed.ts';
import { type FakeBotApi, startFakeBotApi, type TgUser } from '../support/fake-bot-api.ts';
import { type FakeOpenAi, startFakeOpenAi } from '../support/fake-openai.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-db.ts';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const TOKEN = '8301:AAH-voice-bot';
const SAAD_TG: TgUser = { id: 700_300_100, is_bot: false, first_name: 'سعد', language_code: 'ar' };
const SPOKEN = 'ذكرني أتصل بخالد بكرة ٤ العصر';
/** An Ogg page header and some bytes: what matters is that they reach the model unchanged. */
const OGG = Buffer.concat([Buffer.from('OggS'), randomBytes(2_000)]);

let bot: FakeBotApi;
let openai: FakeOpenAi;
let database: TestDatabase;
let runtime: Runtime;
let telegram: TelegramChannel;
let accountId: string;
const queuePrefix = `nova-test-${randomBytes(4).toString('hex')}`;

beforeAll(async () => {
  bot = await startFakeBotApi();
  openai = await startFakeOpenAi();
  openai.otherwise = (request) =>
    request.path.endsWith('/audio/transcriptions')
      ? { transcript: SPOKEN, language: 'arabic' }
      : { json: { intent: 'unknown', entities: {} } };
  database = await createTestDatabase();
  await seedDemo(database.db, { password: 'demo-password' });
  const org = await database.db.organization.findUniqueOrThrow({ where: { slug: DEMO_ORG_SLUG } });
  accountId = (
    await ensureChannelAccount(database.db, { organizationId: org.id, kind: 'telegram', externalId: '8301' })
  ).id;
  const adapters = mapRegistry();
  const mediaFetchers: MediaDeps['fetchers'] = {};
  runtime = createRuntime({
    features,
    databaseUrl: database.url,
    queue: { kind: 'redis', url: REDIS_URL, prefix: queuePrefix },
    logger: silentLogger,
    clock: new ManualClock('2026-11-22T09:00:00+03:00'),
    adapters,
    dbPoolSize: 10,
    mediaFetchers,
    ai: ({ db, clock, logger }) =>
      createOpenAiAdapter({
        apiKey: 'test-key',
        baseURL: openai.url,
        model: 'fake-model',
        transcribeModel: 'fake-transcribe',
        dailyBudgetCalls: 100,
        understandTimeoutMs: 3_000,
        timeoutMs: 5_000,
        timeZone: 'Asia/Riyadh',
        db,
        clock,
        logger,
      }),
  });
  await runtime.startWorkers();
  telegram = await startTelegramChannel({
    db: runtime.db,
    inbox: runtime.inbox,
    logger: silentLogger,
    token: TOKEN,
    apiRoot: bot.url,
    accountId,
    pollTimeoutSeconds: 1,
  });
  adapters.set(accountId, telegram.adapter);
  mediaFetchers.telegram = (ref) => telegram.downloadMedia(ref);
});

afterAll(async () => {
  await telegram?.stop();
  await runtime?.close();
  const redis = new Redis(REDIS_URL);
  const keys = await redis.keys(`${queuePrefix}:*`);
  if (keys.length) await redis.del(...keys);
  await redis.quit();
  await database?.drop();
  await bot?.close();
  await openai?.close();
});

async function waitForTexts(count: number) {
  const started = Date.now();
  while (bot.sentTo(TOKEN, SAAD_TG.id).length < count) {
    if (Date.now() - started > 20_000) throw new Error(`waited for ${count} replies: ${bot.sentTo(TOKEN, SAAD_TG.id)}`);
    await new Promise((r) => setTimeout(r, 25));
  }
  await createMemoryChannel(runtime, accountId).settle();
  return bot.sentTo(TOKEN, SAAD_TG.id);
}

it('turns a broker’s Telegram voice note into a task, after echoing what it heard', async () => {
  // Saad shares his number once: Nova then knows him as the office's broker.
  bot.shareContact(TOKEN, SAAD_TG, DEMO.saad.phone);
  const linked = (await waitForTexts(1)).length;

  bot.voice(TOKEN, SAAD_TG, OGG, 4);
  const sent = (await waitForTexts(linked + 2)).slice(linked);
  expect(sent[0]).toBe(`🎤 سمعت: «${SPOKEN}»`);
  expect(sent[1]).toMatch(/خالد/);

  const task = await database.db.task.findFirstOrThrow({ where: { title: { contains: 'خالد' } } });
  expect(task.dueAt?.toISOString()).toBe('2026-11-23T13:00:00.000Z'); // tomorrow 16:00 in Riyadh
  const saad = await database.db.user.findFirstOrThrow({ where: { phone: DEMO.saad.phone } });
  expect(task.assignedToId).toBe(saad.id);

  // The model got the voice note's bytes, as a named Ogg file, for the configured transcription model.
  const heard = openai.requests.filter((r) => r.path.endsWith('/audio/transcriptions'));
  expect(heard).toHaveLength(1);
  expect(heard[0]!.raw).toContain('fake-transcribe');
  expect(heard[0]!.raw).toContain('filename="voice.ogg"');
  expect(heard[0]!.raw).toContain('OggS');
  const usage = await database.db.aiUsage.findMany({ where: { kind: 'transcribe' } });
  expect(usage).toMatchObject([{ calls: 1, failures: 0 }]);
});
