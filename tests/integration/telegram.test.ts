// Telegram end to end: grammY talks to a fake Bot API server on 127.0.0.1 (its apiRoot); Nova's real
// runtime (PostgreSQL, BullMQ workers) answers through the Telegram adapter. The fake records every call,
// so the tests check exactly what Nova asked Telegram to do.

import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Hono } from 'hono';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { telegramWebhookRoutes } from '../../api/routes/webhooks/telegram.routes.ts';
import { ensureChannelAccount } from '../../bot/channels/accounts.ts';
import { createMemoryChannel } from '../../bot/channels/memory/memory.channel.ts';
import {
  createTelegramAdapter,
  startTelegramChannel,
  type TelegramChannel,
} from '../../bot/channels/telegram/telegram.channel.ts';
import type { TgUpdate } from '../../bot/channels/telegram/telegram.normalize.ts';
import type { Inbox } from '../../bot/engine/inbox.ts';
import { mapRegistry } from '../../bot/engine/outbox.ts';
import { createRuntime, type Runtime } from '../../bot/engine/runtime.ts';
import { features } from '../../bot/features/index.ts';
import { type InboundMessage, RetryLaterError } from '../../bot/types.ts';
import { ManualClock } from '../../core/shared/clock.ts';
import { silentLogger } from '../../core/shared/logger.ts';
import { DEMO, DEMO_ORG_SLUG, seedDemo } from '../../prisma/seed.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-db.ts';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

// ── the fake Bot API ───────────────────────────────────────────────────────────────────────────────────

interface Call {
  token: string;
  method: string;
  body: Record<string, unknown>;
  /** what the fake answered */
  ok: boolean;
  at: number;
}

type Reply = { status: number; body: Record<string, unknown> };

async function startFakeBotApi() {
  const calls: Call[] = [];
  const queues = new Map<string, TgUpdate[]>();
  const waiters = new Map<string, Set<() => void>>();
  const failures: Array<{ token: string; method: string; reply: Reply }> = [];
  const files = new Map<string, Buffer>();
  let nextMessageId = 500;
  let nextUpdateId = 9_000;

  function queueOf(token: string): TgUpdate[] {
    if (!queues.has(token)) queues.set(token, []);
    return queues.get(token)!;
  }
  function waitersOf(token: string): Set<() => void> {
    if (!waiters.has(token)) waiters.set(token, new Set());
    return waiters.get(token)!;
  }

  async function readBody(req: IncomingMessage): Promise<Record<string, unknown>> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    // an upload: keep the raw form for the test to look into
    if (req.headers['content-type']?.startsWith('multipart/form-data')) return { multipart: raw };
    return raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
  }

  function answer(res: ServerResponse, reply: Reply) {
    res.writeHead(reply.status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(reply.body));
  }
  const ok = (result: unknown): Reply => ({ status: 200, body: { ok: true, result } });

  async function getUpdates(token: string, body: Record<string, unknown>, req: IncomingMessage): Promise<Reply> {
    const queue = queueOf(token);
    const offset = typeof body.offset === 'number' ? body.offset : 0;
    // Telegram forgets the updates below the offset: they are confirmed.
    while (queue.length && queue[0]!.update_id < offset) queue.shift();
    const limit = typeof body.limit === 'number' ? body.limit : 100;
    const timeout = typeof body.timeout === 'number' ? body.timeout : 0;
    if (!queue.length && timeout > 0) {
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          waitersOf(token).delete(done);
          resolve();
        };
        const timer = setTimeout(done, timeout * 1_000);
        waitersOf(token).add(done);
        req.once('close', done);
      });
    }
    return ok(queue.slice(0, limit));
  }

  function methodReply(token: string, method: string, body: Record<string, unknown>): Reply {
    const chat = { id: body.chat_id, type: 'private' };
    const date = Math.floor(Date.now() / 1000);
    switch (method) {
      case 'getMe':
        return ok({ id: Number(token.split(':')[0]), is_bot: true, first_name: 'Nova', username: 'nova_test_bot' });
      case 'deleteWebhook':
      case 'setWebhook':
      case 'answerCallbackQuery':
        return ok(true);
      case 'sendMessage':
        return ok({ message_id: nextMessageId++, chat, date, text: body.text });
      case 'sendPhoto':
      case 'sendDocument':
      case 'sendLocation':
        return ok({ message_id: nextMessageId++, chat, date });
      case 'getFile': {
        const path = `photos/${String(body.file_id)}.jpg`;
        return files.has(path)
          ? ok({ file_id: body.file_id, file_unique_id: 'u', file_size: files.get(path)!.length, file_path: path })
          : { status: 400, body: { ok: false, error_code: 400, description: 'Bad Request: invalid file_id' } };
      }
      default:
        return { status: 404, body: { ok: false, error_code: 404, description: 'Not Found' } };
    }
  }

  const server: Server = createServer((req, res) => {
    void (async () => {
      const url = req.url ?? '';
      const file = url.match(/^\/file\/bot([^/]+)\/(.+)$/);
      if (file && req.method === 'GET') {
        const bytes = files.get(file[2]!);
        res.writeHead(bytes ? 200 : 404, { 'content-type': 'application/octet-stream' });
        res.end(bytes ?? '');
        return;
      }
      const route = url.match(/^\/bot([^/]+)\/(\w+)$/);
      if (!route) return answer(res, { status: 404, body: { ok: false, error_code: 404, description: 'Not Found' } });
      const [, token, method] = route as unknown as [string, string, string];
      const body = await readBody(req);
      // Recorded on arrival (a long poll is seen while it waits); `ok` once answered.
      const call: Call = { token, method, body, ok: false, at: Date.now() };
      calls.push(call);
      const failure = failures.findIndex((f) => f.token === token && f.method === method);
      let reply: Reply;
      if (failure >= 0) {
        reply = failures.splice(failure, 1)[0]!.reply;
      } else if (method === 'getUpdates') {
        reply = await getUpdates(token, body, req);
      } else {
        reply = methodReply(token, method, body);
      }
      call.ok = reply.body.ok === true;
      if (!res.destroyed) answer(res, reply);
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    /** calls of one bot, getUpdates left out (they are the polling's heartbeat) */
    callsOf: (token: string) => calls.filter((c) => c.token === token && c.method !== 'getUpdates'),
    getUpdatesOf: (token: string) => calls.filter((c) => c.token === token && c.method === 'getUpdates'),
    push(token: string, update: Omit<TgUpdate, 'update_id'> & { update_id?: number }): TgUpdate {
      const full = { update_id: update.update_id ?? nextUpdateId++, ...update } as TgUpdate;
      queueOf(token).push(full);
      for (const wake of [...waitersOf(token)]) wake();
      return full;
    },
    failNext(token: string, method: string, reply: Reply) {
      failures.push({ token, method, reply });
    },
    addFile(path: string, bytes: Buffer) {
      files.set(path, bytes);
    },
    async close() {
      for (const set of waiters.values()) for (const wake of [...set]) wake();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

type FakeBotApi = Awaited<ReturnType<typeof startFakeBotApi>>;

async function waitFor(what: string, condition: () => boolean | Promise<boolean>, timeoutMs = 20_000) {
  const started = Date.now();
  while (!(await condition())) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

// ── Nova with its Telegram channels ────────────────────────────────────────────────────────────────────

const POLL_TOKEN = '123:TEST';
const HOOK_TOKEN = '456:HOOK';
const HOOK_SECRET = `hook-${randomBytes(8).toString('hex')}`;
const SAAD_TG: { id: number; is_bot: boolean; first_name: string; language_code?: string } = {
  id: 700100200,
  is_bot: false,
  first_name: 'سعد',
  language_code: 'ar',
};
const SAAD_CHAT = { id: 700100200, first_name: 'سعد', type: 'private' as const };

let fake: FakeBotApi;
let database: TestDatabase;
let runtime: Runtime;
let queuePrefix: string;
let polling: TelegramChannel;
let hook: TelegramChannel;
let pollAccountId: string;
let hookAccountId: string;
let webhookApp: Hono;
let messageCounter = 1;

const textUpdate = (
  text: string,
  from = SAAD_TG,
  chat: { id: number; type: 'private'; first_name?: string } = SAAD_CHAT,
) => ({
  message: { message_id: messageCounter++, from, chat, date: 1_795_856_400, text },
});

/** Waits until this account has nothing left to store, process or send. */
const settle = (accountId: string) => createMemoryChannel(runtime, accountId).settle();

beforeAll(async () => {
  fake = await startFakeBotApi();
  database = await createTestDatabase();
  await seedDemo(database.db, { password: 'demo-password' });
  const org = await database.db.organization.findUniqueOrThrow({ where: { slug: DEMO_ORG_SLUG } });
  pollAccountId = (
    await ensureChannelAccount(database.db, {
      organizationId: org.id,
      kind: 'telegram',
      externalId: '123',
      displayName: 'Nova (polling)',
    })
  ).id;
  hookAccountId = (
    await ensureChannelAccount(database.db, {
      organizationId: org.id,
      kind: 'telegram',
      externalId: '456',
      displayName: 'Nova (webhook)',
    })
  ).id;
  queuePrefix = `nova-test-${randomBytes(4).toString('hex')}`;
  const registry = mapRegistry();
  runtime = createRuntime({
    features,
    databaseUrl: database.url,
    redisUrl: REDIS_URL,
    queuePrefix,
    logger: silentLogger,
    clock: new ManualClock('2026-11-22T09:00:00+03:00'),
    adapters: registry,
    dbPoolSize: 10,
  });
  await runtime.startWorkers();
  polling = await startTelegramChannel({
    db: runtime.db,
    inbox: runtime.inbox,
    logger: silentLogger,
    token: POLL_TOKEN,
    apiRoot: fake.url,
    accountId: pollAccountId,
    pollTimeoutSeconds: 2,
  });
  registry.set(pollAccountId, polling.adapter);
  hook = await startTelegramChannel({
    db: runtime.db,
    inbox: runtime.inbox,
    logger: silentLogger,
    token: HOOK_TOKEN,
    apiRoot: fake.url,
    webhookSecret: HOOK_SECRET,
    accountId: hookAccountId,
  });
  registry.set(hookAccountId, hook.adapter);
  webhookApp = new Hono().route('/webhooks/telegram', telegramWebhookRoutes(hook));
});

afterAll(async () => {
  await polling?.stop();
  await hook?.stop();
  await runtime?.close();
  if (queuePrefix) {
    const redis = new Redis(REDIS_URL);
    const keys = await redis.keys(`${queuePrefix}:*`);
    if (keys.length) await redis.del(...keys);
    await redis.quit();
  }
  await database?.drop();
  await fake?.close();
});

const sent = (token: string) => fake.callsOf(token).filter((c) => c.method === 'sendMessage');

describe('Telegram by long polling', () => {
  it('connects: getMe, then deleteWebhook, then polls', async () => {
    await waitFor('polling', () => fake.getUpdatesOf(POLL_TOKEN).length > 0);
    expect(polling.mode).toBe('polling');
    expect(polling.handleWebhook).toBeUndefined();
    expect(polling.state()).toBe('connected');
    expect(fake.callsOf(POLL_TOKEN).map((c) => c.method)).toEqual(['getMe', 'deleteWebhook']);
    expect(fake.getUpdatesOf(POLL_TOKEN)[0]!.body).toMatchObject({
      timeout: 2,
      allowed_updates: ['message', 'callback_query'],
    });
    await waitFor('connection state written', async () => {
      const account = await runtime.db.channelAccount.findUniqueOrThrow({ where: { id: pollAccountId } });
      return account.connectionState === 'connected';
    });
  });

  it('plays a lead-capture conversation: share contact, a new lead, a duplicate, confirmed by a button', async () => {
    const chat_id = SAAD_CHAT.id;
    const before = fake.callsOf(POLL_TOKEN).length;

    // 1. Saad shares his own contact: Telegram now knows him by the phone the office has for him.
    fake.push(POLL_TOKEN, {
      message: {
        message_id: messageCounter++,
        from: SAAD_TG,
        chat: SAAD_CHAT,
        date: 1_795_856_400,
        contact: { phone_number: '966500000001', first_name: 'سعد', user_id: SAAD_TG.id },
      },
    });
    await waitFor('reply to the contact', () => sent(POLL_TOKEN).length >= 1);
    await settle(pollAccountId);
    const contact = await runtime.db.contact.findUniqueOrThrow({
      where: { channelAccountId_externalId: { channelAccountId: pollAccountId, externalId: String(SAAD_TG.id) } },
    });
    const saadUser = await runtime.db.user.findFirstOrThrow({ where: { phone: DEMO.saad.phone } });
    expect(contact).toMatchObject({ phone: '+966500000001', userId: saadUser.id, role: 'broker', displayName: 'سعد' });
    expect(sent(POLL_TOKEN)[0]!.body).toMatchObject({ chat_id });
    expect(sent(POLL_TOKEN)[0]!.body.text).toContain('أهلاً سعد!');

    // 2. A new lead, recognised as the broker's.
    fake.push(POLL_TOKEN, textUpdate('عميل جديد أحمد 0551234567 يبي شقة بالرياض'));
    await waitFor('lead reply', () => sent(POLL_TOKEN).length >= 2);
    await settle(pollAccountId);

    // 3. The same phone again: Nova offers an update, with buttons.
    fake.push(POLL_TOKEN, textUpdate('عميل جديد أبو أحمد 0551234567'));
    await waitFor('duplicate reply', () => sent(POLL_TOKEN).length >= 3);
    await settle(pollAccountId);
    const offer = sent(POLL_TOKEN)[2]!;

    // 4. He presses «حدّث بياناته».
    fake.push(POLL_TOKEN, {
      callback_query: {
        id: '4404123456789012345',
        from: SAAD_TG,
        message: {
          message_id: 502,
          from: { id: 123, is_bot: true, first_name: 'Nova' },
          chat: SAAD_CHAT,
          date: 1_795_856_460,
          text: String(offer.body.text),
        },
        data: 'confirm',
      },
    });
    await waitFor('confirmation reply', () => sent(POLL_TOKEN).length >= 4);
    await settle(pollAccountId);

    // Exactly these calls, in this order, and nothing else.
    const calls = fake.callsOf(POLL_TOKEN).slice(before);
    expect(calls.map(({ method, body }) => ({ method, body }))).toEqual([
      { method: 'sendMessage', body: { chat_id, text: expect.stringContaining('أهلاً سعد!') } },
      {
        method: 'sendMessage',
        body: {
          chat_id,
          text: '✅ أضفت العميل أحمد (0551234567)\nالطلب: شقة في الرياض\nالمتابعة: الاثنين ٢٣ نوفمبر، ١٠:٠٠ ص',
        },
      },
      {
        method: 'sendMessage',
        body: {
          chat_id,
          text: 'العميل «أحمد» مسجل عندك بنفس الرقم. تبي أحدّث بياناته بدل ما أضيف عميل جديد؟',
          reply_markup: {
            inline_keyboard: [
              [
                { text: 'حدّث بياناته', callback_data: 'confirm' },
                { text: 'إلغاء', callback_data: 'cancel' },
              ],
            ],
          },
        },
      },
      { method: 'answerCallbackQuery', body: { callback_query_id: '4404123456789012345' } },
      { method: 'sendMessage', body: { chat_id, text: '✅ حدّثت بيانات أحمد.' } },
    ]);
    expect(calls.every((c) => c.ok)).toBe(true);

    expect(await runtime.db.customer.count({ where: { phone: '+966551234567' } })).toBe(1);
    const inbound = await runtime.db.inboundMessage.findMany({
      where: { channelAccountId: pollAccountId },
      orderBy: { receivedAt: 'asc' },
    });
    expect(inbound.map((m) => (m.payload as unknown as InboundMessage).kind)).toEqual([
      'contact',
      'text',
      'text',
      'choice',
    ]);
    expect(inbound.at(-1)!.externalId).toBe('cb:4404123456789012345');
    // each reply row carries Telegram's message id
    const outbound = await runtime.db.outboundMessage.findMany({
      where: { channelAccountId: pollAccountId },
      orderBy: { seq: 'asc' },
    });
    expect(outbound.map((o) => o.status)).toEqual(['sent', 'sent', 'sent', 'sent']);
    expect(outbound.every((o) => /^\d+$/.test(o.externalId ?? ''))).toBe(true);
  });

  it('honours retry_after on a 429: the reply goes out later, exactly once', async () => {
    fake.failNext(POLL_TOKEN, 'sendMessage', {
      status: 429,
      body: {
        ok: false,
        error_code: 429,
        description: 'Too Many Requests: retry after 1',
        parameters: { retry_after: 1 },
      },
    });
    const before = sent(POLL_TOKEN).length;
    fake.push(POLL_TOKEN, textUpdate('عملائي'));
    await waitFor('retried reply', () => sent(POLL_TOKEN).length >= before + 2);
    await settle(pollAccountId);
    const attempts = sent(POLL_TOKEN).slice(before);
    expect(attempts).toHaveLength(2);
    expect(attempts.map((a) => a.ok)).toEqual([false, true]);
    expect(attempts[1]!.body).toEqual(attempts[0]!.body);
    expect(attempts[1]!.at - attempts[0]!.at).toBeGreaterThanOrEqual(900);
    expect(attempts[1]!.body.text).toContain('أحمد');
    const row = await runtime.db.outboundMessage.findFirstOrThrow({
      where: { channelAccountId: pollAccountId },
      orderBy: { seq: 'desc' },
    });
    expect(row).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it('sends a photo and a location; after a 429 mid-message it resumes where it stopped', async () => {
    const token = POLL_TOKEN;
    const message = {
      text: 'فيلا النرجس',
      media: { kind: 'image' as const, url: 'https://cdn.example.com/villa.jpg' },
      location: { latitude: 24.77, longitude: 46.73 },
    };
    fake.failNext(token, 'sendLocation', {
      status: 429,
      body: {
        ok: false,
        error_code: 429,
        description: 'Too Many Requests: retry after 3',
        parameters: { retry_after: 3 },
      },
    });
    const before = fake.callsOf(token).length;
    const first = polling.adapter.send(String(SAAD_CHAT.id), message, { idempotencyKey: 'test:media-1' });
    await expect(first).rejects.toBeInstanceOf(RetryLaterError);
    await expect(first).rejects.toMatchObject({ retryAfterMs: 3_000 });
    const result = await polling.adapter.send(String(SAAD_CHAT.id), message, { idempotencyKey: 'test:media-1' });
    const calls = fake.callsOf(token).slice(before);
    expect(calls.map(({ method, body, ok }) => ({ method, body, ok }))).toEqual([
      {
        method: 'sendPhoto',
        body: { chat_id: SAAD_CHAT.id, photo: 'https://cdn.example.com/villa.jpg', caption: 'فيلا النرجس' },
        ok: true,
      },
      { method: 'sendLocation', body: { chat_id: SAAD_CHAT.id, latitude: 24.77, longitude: 46.73 }, ok: false },
      // the photo is not sent twice
      { method: 'sendLocation', body: { chat_id: SAAD_CHAT.id, latitude: 24.77, longitude: 46.73 }, ok: true },
    ]);
    expect(result.externalId).toMatch(/^\d+$/);
    // the same key once more: already delivered, nothing sent
    await polling.adapter.send(String(SAAD_CHAT.id), message, { idempotencyKey: 'test:media-1' });
    expect(fake.callsOf(token).length).toBe(before + 3);
  });

  it('downloads an inbound photo through getFile and the file URL', async () => {
    const bytes = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]);
    fake.addFile('photos/AgACphoto1.jpg', bytes);
    const file = await polling.downloadMedia('AgACphoto1');
    expect(file.mimeType).toBe('image/jpeg');
    expect(file.bytes.equals(bytes)).toBe(true);
    await expect(polling.downloadMedia('missing')).rejects.toThrow(/invalid file_id/);
  });
});

describe('Telegram by webhook', () => {
  const nouraTg = { id: 600500400, is_bot: false, first_name: 'نورة' };
  const nouraChat = { id: 600500400, first_name: 'نورة', type: 'private' as const };
  const post = (update: unknown, secret?: string) =>
    webhookApp.request('/webhooks/telegram', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(secret !== undefined ? { 'X-Telegram-Bot-Api-Secret-Token': secret } : {}),
      },
      body: JSON.stringify(update),
    });

  it('refuses a wrong or missing secret and stores nothing', async () => {
    const update = { update_id: 77_001, ...textUpdate('مرحبا', nouraTg, nouraChat) };
    expect((await post(update, 'wrong-secret')).status).toBe(401);
    expect((await post(update)).status).toBe(401);
    expect((await post(update, `${HOOK_SECRET}x`)).status).toBe(401);
    expect(await runtime.db.inboundMessage.count({ where: { channelAccountId: hookAccountId } })).toBe(0);
    expect(fake.callsOf(HOOK_TOKEN).map((c) => c.method)).toEqual(['getMe']);
  });

  it('stores and answers an update with the right secret, once however often Telegram repeats it', async () => {
    expect(hook.mode).toBe('webhook');
    expect(hook.state()).toBe('connected');
    const update = { update_id: 77_002, ...textUpdate('/start', nouraTg, nouraChat) };
    const first = await post(update, HOOK_SECRET);
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ ok: true });
    expect(await runtime.db.inboundMessage.count({ where: { channelAccountId: hookAccountId } })).toBe(1);
    // Telegram redelivers (it did not see our 200, say)
    expect((await post(update, HOOK_SECRET)).status).toBe(200);
    await waitFor('webhook reply', () => sent(HOOK_TOKEN).length >= 1);
    await settle(hookAccountId);
    expect(await runtime.db.inboundMessage.count({ where: { channelAccountId: hookAccountId } })).toBe(1);
    // The answer, then once per conversation the share-my-number button (she has no phone on Telegram).
    expect(fake.callsOf(HOOK_TOKEN).map((c) => c.method)).toEqual(['getMe', 'sendMessage', 'sendMessage']);
    expect(sent(HOOK_TOKEN)[0]!.body).toMatchObject({ chat_id: nouraChat.id });
    expect(sent(HOOK_TOKEN)[0]!.body.text).toContain('نورة');
    expect(sent(HOOK_TOKEN)[1]!.body).toMatchObject({
      chat_id: nouraChat.id,
      reply_markup: { keyboard: [[{ request_contact: true }]] },
    });
    // no polling in webhook mode
    expect(fake.getUpdatesOf(HOOK_TOKEN)).toHaveLength(0);
  });

  it('answers 200 to updates Nova ignores (a group message) and to a body that is no update', async () => {
    const group = {
      update_id: 77_003,
      message: { message_id: 1, from: nouraTg, chat: { id: -100123, type: 'supergroup' }, date: 1, text: 'hi' },
    };
    expect((await post(group, HOOK_SECRET)).status).toBe(200);
    const junk = await webhookApp.request('/webhooks/telegram', {
      method: 'POST',
      headers: { 'X-Telegram-Bot-Api-Secret-Token': HOOK_SECRET },
      body: 'not json',
    });
    expect(junk.status).toBe(200);
    expect(await runtime.db.inboundMessage.count({ where: { channelAccountId: hookAccountId } })).toBe(1);
  });
});

/** An inbox that fails `failures` times, then records. */
function flakyInbox(failures: number) {
  const accepted: InboundMessage[] = [];
  let attempts = 0;
  const inbox: Pick<Inbox, 'accept'> = {
    async accept(message) {
      attempts++;
      if (attempts <= failures) throw new Error('connect ECONNREFUSED 127.0.0.1:5432');
      accepted.push(message);
      return { id: randomUUID(), duplicate: false };
    },
  };
  return { inbox, accepted, attempts: () => attempts };
}

describe('when the database is away', () => {
  it('webhook: answers 500 so that Telegram delivers again, then 200', async () => {
    const flaky = flakyInbox(1);
    const channel = await startTelegramChannel({
      db: runtime.db,
      inbox: flaky.inbox,
      logger: silentLogger,
      token: '789:DOWN',
      apiRoot: fake.url,
      webhookSecret: 's3cret',
      accountId: randomUUID(),
    });
    const app = telegramWebhookRoutes(channel);
    const update = { update_id: 5, ...textUpdate('عملائي') };
    const request = () =>
      app.request('/', {
        method: 'POST',
        headers: { 'X-Telegram-Bot-Api-Secret-Token': 's3cret' },
        body: JSON.stringify(update),
      });
    expect((await request()).status).toBe(500);
    expect((await request()).status).toBe(200);
    expect(flaky.accepted.map((m) => m.externalId)).toEqual([`${SAAD_CHAT.id}:${update.message.message_id}`]);
    await channel.stop();
  });

  it('polling: does not confirm the update, fetches it again and stores it; stop() ends polling at once', async () => {
    const token = '790:DOWN';
    const flaky = flakyInbox(1);
    const update = fake.push(token, textUpdate('عملائي'));
    const channel = await startTelegramChannel({
      db: runtime.db,
      inbox: flaky.inbox,
      logger: silentLogger,
      token,
      apiRoot: fake.url,
      accountId: randomUUID(),
      pollTimeoutSeconds: 30,
    });
    await waitFor('stored after a retry', () => flaky.accepted.length === 1);
    expect(flaky.attempts()).toBe(2);
    await waitFor('next long poll', () => fake.getUpdatesOf(token).some((c) => c.body.offset === update.update_id + 1));
    const offsets = fake.getUpdatesOf(token).map((c) => c.body.offset);
    // first fetch (no offset yet), the refetch after the failure (still unconfirmed), then past it
    expect(offsets.slice(0, 3)).toEqual([undefined, undefined, update.update_id + 1]);

    // A 30-second long poll is pending: stop() cancels it and confirms the offset.
    const started = Date.now();
    await channel.stop();
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(channel.state()).toBe('disconnected');
    const after = fake.getUpdatesOf(token).length;
    const last = fake.getUpdatesOf(token).at(-1)!;
    expect(last.body).toMatchObject({ offset: update.update_id + 1, limit: 1, timeout: 0 });
    await new Promise((r) => setTimeout(r, 300));
    expect(fake.getUpdatesOf(token)).toHaveLength(after);
  });
});

describe('lifecycle and sending', () => {
  it('starts while Telegram is unreachable, shows it disconnected, and stops at once', async () => {
    // a port nothing listens on
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const channel = await startTelegramChannel({
      db: runtime.db,
      inbox: flakyInbox(0).inbox,
      logger: silentLogger,
      token: '791:AWAY',
      apiRoot: `http://127.0.0.1:${port}`,
      accountId: randomUUID(),
    });
    expect(channel.state()).toBe('disconnected');
    const started = Date.now();
    await channel.stop();
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('a send-only adapter (for worker processes) sends the share-my-number keyboard', async () => {
    const adapter = createTelegramAdapter({ token: '792:SEND', apiRoot: fake.url, logger: silentLogger });
    const result = await adapter.send(
      '700100200',
      { text: 'شارك رقمك عشان أعرفك', requestContact: true },
      { idempotencyKey: 'k' },
    );
    expect(result.externalId).toMatch(/^\d+$/);
    expect(fake.callsOf('792:SEND').map(({ method, body }) => ({ method, body }))).toEqual([
      {
        method: 'sendMessage',
        body: {
          chat_id: 700100200,
          text: 'شارك رقمك عشان أعرفك',
          reply_markup: {
            keyboard: [[{ text: '📱 شارك رقمي', request_contact: true }]],
            one_time_keyboard: true,
            resize_keyboard: true,
          },
        },
      },
    ]);
  });

  it('uploads a stored photo (no URL) through loadMedia', async () => {
    const token = '793:UPLOAD';
    const adapter = createTelegramAdapter({
      token,
      apiRoot: fake.url,
      logger: silentLogger,
      loadMedia: async (key) =>
        key === 'org/property/1.jpg' ? { bytes: Buffer.from('JPEG-BYTES'), fileName: 'villa.jpg' } : null,
    });
    const chat = '700100200';
    await adapter.send(
      chat,
      { text: 'فيلا', media: { kind: 'image', storageKey: 'org/property/1.jpg' } },
      { idempotencyKey: 'u1' },
    );
    await adapter.send(
      chat,
      { text: 'مفقودة', media: { kind: 'image', storageKey: 'org/property/gone.jpg' } },
      { idempotencyKey: 'u2' },
    );
    const [upload, fallback] = fake.callsOf(token);
    expect(upload!.method).toBe('sendPhoto');
    const form = String(upload!.body.multipart);
    // grammY sends the photo field as attach://<part>, and the bytes in that part
    const part = form.match(/name="photo"\s+attach:\/\/(\w+)/)?.[1];
    expect(part).toBeDefined();
    expect(form).toContain(`name="${part}";filename=villa.jpg`);
    expect(form).toContain('JPEG-BYTES');
    expect(form).toContain('فيلا');
    // the file is gone: the words still go out
    expect(fallback).toMatchObject({ method: 'sendMessage', body: { chat_id: 700100200, text: 'مفقودة' } });
  });

  it('refuses to start with a token Telegram rejects', async () => {
    fake.failNext('111:BAD', 'getMe', {
      status: 401,
      body: { ok: false, error_code: 401, description: 'Unauthorized' },
    });
    await expect(
      startTelegramChannel({
        db: runtime.db,
        inbox: flakyInbox(0).inbox,
        logger: silentLogger,
        token: '111:BAD',
        apiRoot: fake.url,
        accountId: randomUUID(),
      }),
    ).rejects.toThrow(/401/);
  });
});
