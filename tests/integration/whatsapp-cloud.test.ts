// WhatsApp Cloud end to end: Meta's documented webhook payloads, signed (and forged), posted to the real
// HTTP server → inbox → BullMQ → turn → outbox → pacer → the adapter → a fake Graph API on 127.0.0.1.

import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type ServerType, serve } from '@hono/node-server';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../api/app.ts';
import { whatsappWebhookRoutes } from '../../api/routes/webhooks/whatsapp.routes.ts';
import { createMemoryChannel } from '../../bot/channels/memory/memory.channel.ts';
import {
  startWhatsAppCloudChannel,
  type WhatsAppCloudChannel,
} from '../../bot/channels/whatsapp-cloud/cloud.channel.ts';
import { signCloudPayload } from '../../bot/channels/whatsapp-cloud/cloud.signature.ts';
import { mapRegistry } from '../../bot/engine/outbox.ts';
import { createRedisPacer } from '../../bot/engine/pacing.ts';
import { createRuntime, type Runtime } from '../../bot/engine/runtime.ts';
import { features } from '../../bot/features/index.ts';
import { ManualClock } from '../../core/shared/clock.ts';
import { silentLogger } from '../../core/shared/logger.ts';
import { DEMO_ORG_SLUG, seedDemo } from '../../prisma/seed.ts';
import { freePort } from '../support/cli.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-db.ts';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const APP_SECRET = 'test-app-secret';
const VERIFY_TOKEN = 'test-verify-token';
const TOKEN = 'test-graph-token';
const PHONE_NUMBER_ID = '106540352242922';
const SAAD_WA = '966500000001'; // the demo broker سعد, +966500000001

// ── the fake Graph API ────────────────────────────────────────────────────────────────────────────
interface GraphRequest {
  path: string;
  authorization?: string;
  // biome-ignore lint/suspicious/noExplicitAny: the tests read Graph API JSON of many shapes
  body: Record<string, any>;
}
interface ScriptedAnswer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

function startFakeGraph() {
  const delivered: GraphRequest[] = [];
  const refused: GraphRequest[] = [];
  const script: ScriptedAnswer[] = [];
  let counter = 0;
  const server: Server = createServer(async (req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const request: GraphRequest = {
      path: req.url ?? '',
      authorization: req.headers.authorization,
      body: chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : {},
    };
    if (req.method !== 'POST' || request.path !== `/v21.0/${PHONE_NUMBER_ID}/messages`) {
      res
        .writeHead(404, { 'Content-Type': 'application/json' })
        .end(JSON.stringify({ error: { code: 100, message: 'Unknown path' } }));
      return;
    }
    const scripted = script.shift();
    if (scripted) {
      refused.push(request);
      res
        .writeHead(scripted.status, { 'Content-Type': 'application/json', ...scripted.headers })
        .end(JSON.stringify(scripted.body));
      return;
    }
    delivered.push(request);
    const to = request.body.to ?? request.body.recipient;
    res.writeHead(200, { 'Content-Type': 'application/json' }).end(
      JSON.stringify({
        messaging_product: 'whatsapp',
        contacts: [{ input: to, wa_id: to }],
        messages: [{ id: `wamid.out${++counter}` }],
      }),
    );
  });
  return {
    delivered,
    refused,
    /** the next answers to POSTs, before the normal 200s resume */
    script,
    server,
    async listen(): Promise<string> {
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}/v21.0`;
    },
    take(): GraphRequest[] {
      return delivered.splice(0, delivered.length);
    },
  };
}

// ── a Nova with this channel (as tests/support/nova.ts builds one, with our adapter and pacer) ─────
let database: TestDatabase;
let runtime: Runtime;
let clock: ManualClock;
let channel: WhatsAppCloudChannel;
let accountId: string;
let queuePrefix: string;
let pacerRedis: Redis;
let web: ServerType;
let webhookUrl: string;
let settle: () => Promise<void>;
const graph = startFakeGraph();

beforeAll(async () => {
  database = await createTestDatabase();
  await seedDemo(database.db, { password: 'demo-password' });
  const org = await database.db.organization.findUniqueOrThrow({ where: { slug: DEMO_ORG_SLUG } });
  const account = await database.db.channelAccount.create({
    data: { organizationId: org.id, kind: 'whatsapp_cloud', externalId: PHONE_NUMBER_ID },
  });
  accountId = account.id;
  clock = new ManualClock('2026-11-22T09:00:00+03:00');
  queuePrefix = `nova-test-${randomBytes(4).toString('hex')}`;
  const apiBase = await graph.listen();

  pacerRedis = new Redis(REDIS_URL);
  // The real pacer with a short recipient spacing, so that the test does not wait 6 s per message.
  const pacer = createRedisPacer({
    redis: pacerRedis,
    prefix: queuePrefix,
    limits: { whatsapp_cloud: { recipient: { intervalMs: 100, burst: 3 } } },
  });
  const adapters = mapRegistry();
  runtime = createRuntime({
    features,
    databaseUrl: database.url,
    redisUrl: REDIS_URL,
    queuePrefix,
    logger: silentLogger,
    clock,
    adapters,
    pacer,
    dbPoolSize: 10,
  });
  channel = startWhatsAppCloudChannel({
    db: runtime.db,
    inbox: runtime.inbox,
    logger: silentLogger,
    token: TOKEN,
    phoneNumberId: PHONE_NUMBER_ID,
    appSecret: APP_SECRET,
    verifyToken: VERIFY_TOKEN,
    apiBase,
    templates: { reminder: { name: 'nova_reminder', language: 'ar' } },
    accountId,
    clock,
    backoff: { baseMs: 300, pairBaseMs: 300, maxMs: 1_000 },
  });
  adapters.set(accountId, channel.adapter);
  await runtime.startWorkers();
  // The memory channel's settle() waits for this account's queued turns and sends, whatever its kind.
  const watcher = createMemoryChannel(runtime, accountId);
  settle = () => watcher.settle(30_000);

  const app = createApp({
    logger: silentLogger,
    readiness: {},
    mounts: [['/webhooks/whatsapp', whatsappWebhookRoutes(channel)]],
  });
  const port = await freePort();
  web = serve({ fetch: app.fetch, port, hostname: '127.0.0.1' });
  await new Promise<void>((resolve, reject) => {
    web.once('listening', () => resolve());
    web.once('error', reject);
  });
  webhookUrl = `http://127.0.0.1:${port}/webhooks/whatsapp`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => (web ? web.close(() => resolve()) : resolve()));
  await new Promise<void>((resolve) => graph.server.close(() => resolve()));
  await channel?.stop();
  await runtime?.close();
  const redis = new Redis(REDIS_URL);
  const keys = await redis.keys(`${queuePrefix}:*`);
  if (keys.length) await redis.del(...keys);
  await Promise.all([redis.quit(), pacerRedis?.quit()]);
  await database?.drop();
});

// ── Meta's payloads ────────────────────────────────────────────────────────────────────────────────
let seq = 0;
const wamid = () => `wamid.HBgMOTY2NTAwMDAwMDAxFQIAEhgg${Date.now()}${++seq}`;

function envelope(value: Record<string, unknown>) {
  return {
    object: 'whatsapp_business_account',
    entry: [
      {
        id: '102290129340398',
        changes: [
          {
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: '15550783881', phone_number_id: PHONE_NUMBER_ID },
              ...value,
            },
            field: 'messages',
          },
        ],
      },
    ],
  };
}

function inbound(content: Record<string, unknown>, options: { id?: string; from?: string; name?: string } = {}) {
  const from = options.from ?? SAAD_WA;
  return envelope({
    contacts: [{ profile: { name: options.name ?? 'سعد' }, wa_id: from }],
    messages: [{ from, id: options.id ?? wamid(), timestamp: String(Math.floor(Date.now() / 1000)), ...content }],
  });
}
const text = (body: string, options?: { id?: string; from?: string }) =>
  inbound({ type: 'text', text: { body } }, options);

async function post(payload: unknown, signature: 'valid' | 'forged' | 'none' = 'valid') {
  const raw = JSON.stringify(payload);
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  if (signature === 'valid') headers['X-Hub-Signature-256'] = signCloudPayload(APP_SECRET, raw);
  if (signature === 'forged') headers['X-Hub-Signature-256'] = signCloudPayload('not-the-app-secret', raw);
  const response = await fetch(webhookUrl, { method: 'POST', headers, body: raw });
  return response.status;
}

const inboundCount = () => runtime.db.inboundMessage.count({ where: { channelAccountId: accountId } });
const texts = (requests: GraphRequest[]) => requests.map((r) => r.body.text?.body ?? r.body.interactive?.body?.text);

// ── the tests ──────────────────────────────────────────────────────────────────────────────────────
describe('webhook verification', () => {
  it('answers the challenge as text to the right verify token, 403 otherwise', async () => {
    const right = await fetch(
      `${webhookUrl}?hub.mode=subscribe&hub.verify_token=${VERIFY_TOKEN}&hub.challenge=1158201444`,
    );
    expect(right.status).toBe(200);
    expect(right.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await right.text()).toBe('1158201444');
    const wrong = await fetch(`${webhookUrl}?hub.mode=subscribe&hub.verify_token=guess&hub.challenge=1158201444`);
    expect(wrong.status).toBe(403);
    expect(await wrong.text()).not.toContain('1158201444');
  });
});

describe('messages from WhatsApp', () => {
  const lead = text('عميل جديد أحمد 0551234567 يبي شقة بالرياض', { id: 'wamid.lead-1' });

  it('stores a signed text before answering 200, and the reply reaches the Graph API', async () => {
    expect(await post(lead)).toBe(200);
    // Stored by the time Meta has its 200.
    const row = await runtime.db.inboundMessage.findFirstOrThrow({
      where: { channelAccountId: accountId, externalId: 'wamid.lead-1' },
    });
    expect(row).toMatchObject({ chatId: SAAD_WA });
    expect(row.payload).toMatchObject({ kind: 'text', sender: { phone: '+966500000001', displayName: 'سعد' } });
    await settle();
    const sent = graph.take();
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({
      authorization: `Bearer ${TOKEN}`,
      body: { messaging_product: 'whatsapp', to: SAAD_WA, type: 'text' },
    });
    expect(sent[0]!.body.text.body).toContain('أضفت العميل أحمد');
    const out = await runtime.db.outboundMessage.findFirstOrThrow({
      where: { channelAccountId: accountId },
      orderBy: { seq: 'desc' },
    });
    expect(out).toMatchObject({ status: 'sent', externalId: expect.stringMatching(/^wamid\.out/) });
  });

  it('absorbs Meta redelivering the same message: 200, no second reply', async () => {
    const before = await inboundCount();
    expect(await post(lead)).toBe(200);
    await settle();
    expect(graph.take()).toEqual([]);
    expect(await inboundCount()).toBe(before);
  });

  it('refuses a forged or missing signature with 401 and stores nothing', async () => {
    const before = await inboundCount();
    expect(await post(text('عملائي'), 'forged')).toBe(401);
    expect(await post(text('عملائي'), 'none')).toBe(401);
    await settle();
    expect(await inboundCount()).toBe(before);
    expect(graph.take()).toEqual([]);
  });

  it('asks with reply buttons and takes the tapped button as the answer', async () => {
    expect(await post(text('عميل جديد أبو أحمد 0551234567'))).toBe(200);
    await settle();
    const [question] = graph.take();
    expect(question!.body.type).toBe('interactive');
    expect(question!.body.interactive.type).toBe('button');
    expect(question!.body.interactive.body.text).toContain('مسجل عندك بنفس الرقم');
    const buttons = question!.body.interactive.action.buttons as Array<{
      type: string;
      reply: { id: string; title: string };
    }>;
    expect(buttons.map((b) => [b.type, b.reply.id])).toEqual([
      ['reply', 'confirm'],
      ['reply', 'cancel'],
    ]);
    for (const b of buttons) expect(Array.from(b.reply.title).length).toBeLessThanOrEqual(20);

    const questionId = (
      await runtime.db.outboundMessage.findFirstOrThrow({
        where: { channelAccountId: accountId },
        orderBy: { seq: 'desc' },
      })
    ).externalId;
    const tap = inbound({
      context: { from: '15550783881', id: questionId },
      type: 'interactive',
      interactive: { type: 'button_reply', button_reply: { id: 'confirm', title: buttons[0]!.reply.title } },
    });
    expect(await post(tap)).toBe(200);
    await settle();
    const answer = graph.take();
    expect(answer).toHaveLength(1);
    expect(answer[0]!.body.text.body).toContain('✅ حدّثت بيانات أحمد');
  });

  it('stores an image with its caption and answers it', async () => {
    const image = inbound(
      {
        type: 'image',
        image: {
          caption: 'عملائي',
          mime_type: 'image/jpeg',
          sha256: 'e3b0c44298fc1c149afbf4c8996fb924',
          id: '2754859441498128',
        },
      },
      { id: 'wamid.image-1' },
    );
    expect(await post(image)).toBe(200);
    const row = await runtime.db.inboundMessage.findFirstOrThrow({
      where: { channelAccountId: accountId, externalId: 'wamid.image-1' },
    });
    expect(row.payload).toMatchObject({
      kind: 'media',
      text: 'عملائي',
      media: { kind: 'image', ref: '2754859441498128', mimeType: 'image/jpeg' },
    });
    await settle();
    const replies = graph.take();
    expect(replies).toHaveLength(1);
    expect(replies[0]!.body.to).toBe(SAAD_WA);
    expect(texts(replies)[0]).toContain('أحمد');
  });
});

describe('batches', () => {
  it('stores several messages of one POST in their order and answers each', async () => {
    const now = String(Math.floor(Date.now() / 1000));
    const batch = envelope({
      contacts: [{ profile: { name: 'سعد' }, wa_id: SAAD_WA }],
      messages: [
        { from: SAAD_WA, id: 'wamid.batch-1', timestamp: now, type: 'text', text: { body: 'عملائي' } },
        { from: SAAD_WA, id: 'wamid.batch-2', timestamp: now, type: 'text', text: { body: 'ملخص الشهر' } },
      ],
    });
    expect(await post(batch)).toBe(200);
    const rows = await runtime.db.inboundMessage.findMany({
      where: { channelAccountId: accountId, externalId: { startsWith: 'wamid.batch-' } },
      orderBy: { seq: 'asc' },
    });
    expect(rows.map((r) => r.externalId)).toEqual(['wamid.batch-1', 'wamid.batch-2']);
    await settle();
    const replies = texts(graph.take());
    expect(replies).toHaveLength(2);
    expect(replies[0]).toContain('أحمد');
    expect(replies[1]).toContain('ملخص');
  });
});

describe('delivery reports', () => {
  it('stores no inbound message for statuses, and marks the outbound row of a failed one', async () => {
    const row = await runtime.db.outboundMessage.findFirstOrThrow({
      where: { channelAccountId: accountId, status: 'sent' },
      orderBy: { seq: 'asc' },
    });
    const before = await inboundCount();
    const report = envelope({
      statuses: [
        {
          id: row.externalId,
          status: 'delivered',
          timestamp: String(Math.floor(Date.now() / 1000)),
          recipient_id: SAAD_WA,
          conversation: { id: 'c1', origin: { type: 'service' } },
          pricing: { billable: true, pricing_model: 'PMP', category: 'service' },
        },
        {
          id: row.externalId,
          status: 'failed',
          timestamp: String(Math.floor(Date.now() / 1000)),
          recipient_id: SAAD_WA,
          errors: [
            { code: 131026, title: 'Message undeliverable', error_data: { details: 'Unable to deliver message.' } },
          ],
        },
      ],
    });
    expect(await post(report)).toBe(200);
    expect(await inboundCount()).toBe(before);
    const after = await runtime.db.outboundMessage.findUniqueOrThrow({ where: { id: row.id } });
    expect(after.status).toBe('failed');
    expect(after.lastError).toContain('131026');
    await settle();
    expect(graph.take()).toEqual([]);
  });
});

describe('a send whose process died before it recorded it', () => {
  /** A reply to Saad that a send job took (or gave back) without recording that it went out. */
  const unrecorded = async (data: { status: 'sending' | 'pending'; lastError?: string; notBefore?: Date }) => {
    const { organizationId } = await runtime.db.channelAccount.findUniqueOrThrow({ where: { id: accountId } });
    return runtime.db.outboundMessage.create({
      data: {
        organizationId,
        channelAccountId: accountId,
        chatId: SAAD_WA,
        idempotencyKey: `died:${randomBytes(4).toString('hex')}`,
        payload: { text: 'x' },
        attempts: 1,
        ...data,
      },
    });
  };
  /** Meta's status of one part (`part` as "<index>/<parts>") of the row with this key. */
  const status = (key: string, part: string, id: string, state = 'sent') => ({
    id,
    status: state,
    timestamp: String(Math.floor(Date.now() / 1000)),
    recipient_id: SAAD_WA,
    biz_opaque_callback_data: `${key}#${part}`,
  });

  it('is marked sent by the status of its last part, so that it is never sent again', async () => {
    const single = await unrecorded({ status: 'sending' });
    const twoParts = await unrecorded({ status: 'sending' });
    expect(
      await post(
        envelope({
          statuses: [
            status(single.idempotencyKey, '0/1', 'wamid.died1'),
            status(twoParts.idempotencyKey, '0/2', 'wamid.died2'),
          ],
        }),
      ),
    ).toBe(200);
    expect(await runtime.db.outboundMessage.findUniqueOrThrow({ where: { id: single.id } })).toMatchObject({
      status: 'sent',
      externalId: 'wamid.died1',
    });
    // only its first part went out: the rest must still be sent, after that part
    expect(await runtime.db.outboundMessage.findUniqueOrThrow({ where: { id: twoParts.id } })).toMatchObject({
      status: 'sending',
      partsSent: 1,
    });
    await runtime.db.outboundMessage.delete({ where: { id: twoParts.id } });
  });

  it('marks a row put back to pending by a failed answer sent when its status shows it went out', async () => {
    const row = await unrecorded({
      status: 'pending',
      lastError: 'WhatsApp Cloud API: HTTP 500',
      // held, so that no job of this test's runtime sends it meanwhile
      notBefore: new Date(Date.now() + 3_600_000),
    });
    const delivered = status(row.idempotencyKey, '0/1', 'wamid.late', 'delivered');
    expect(await post(envelope({ statuses: [delivered] }))).toBe(200);
    expect(await runtime.db.outboundMessage.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({
      status: 'sent',
      externalId: 'wamid.late',
      lastError: null,
    });
  });
});

describe('rate limits', () => {
  it('retries a reply refused with HTTP 429 and then 130429 later, and it arrives exactly once', async () => {
    graph.script.push(
      {
        status: 429,
        body: { error: { message: '(#4) Application request limit reached', code: 4 } },
        headers: { 'Retry-After': '1' },
      },
      {
        status: 400,
        body: {
          error: {
            message: '(#130429) Rate limit hit',
            type: 'OAuthException',
            code: 130429,
            error_data: { messaging_product: 'whatsapp', details: 'Cloud API message throughput has been reached.' },
            fbtrace_id: 'A1',
          },
        },
      },
    );
    expect(await post(text('وش مهامي؟', { id: 'wamid.tasks-1' }))).toBe(200);
    await settle();
    expect(graph.refused).toHaveLength(2);
    const delivered = graph.take();
    expect(delivered).toHaveLength(1);
    expect(delivered[0]!.body.to).toBe(SAAD_WA);
    // The same reply each time; sent once, after two refusals.
    expect(graph.refused.map((r) => r.body)).toEqual([delivered[0]!.body, delivered[0]!.body]);
    const out = await runtime.db.outboundMessage.findFirstOrThrow({
      where: { channelAccountId: accountId },
      orderBy: { seq: 'desc' },
    });
    expect(out).toMatchObject({ status: 'sent', attempts: 3, lastError: null });
  });
});

describe('the 24-hour window', () => {
  it('sends a reminder as text within 24 h of the broker’s last message', async () => {
    expect(await post(text('ذكرني بعد ساعتين أرسل العقد لنورة'))).toBe(200);
    await settle();
    expect(texts(graph.take())[0]).toContain('بذكرك');
    clock.set('2026-11-22T11:01:00+03:00');
    await runtime.sweep.run();
    await settle();
    // (Found by its words: other modules may have their own reminders due by then.)
    const reminder = graph.take().find((r) => JSON.stringify(r.body).includes('أرسل العقد لنورة'));
    expect(reminder?.body).toMatchObject({ type: 'text', text: { body: '⏰ تذكير: أرسل العقد لنورة' } });
  });

  it('sends a reminder as the configured template when the broker last wrote more than 24 h ago', async () => {
    clock.set('2026-11-22T11:05:00+03:00');
    expect(await post(text('ذكرني بكرة الساعة ٤ العصر أتصل بخالد'))).toBe(200);
    await settle();
    expect(texts(graph.take())[0]).toContain('بذكرك');
    // The next day at 16:00 the broker's last message is 29 hours old.
    clock.set('2026-11-23T16:01:00+03:00');
    await runtime.sweep.run();
    await settle();
    const reminder = graph.take().find((r) => JSON.stringify(r.body).includes('أتصل بخالد'));
    expect(reminder?.body).toEqual({
      // the row's idempotency key and the part: Meta returns it in the message's status webhooks
      biz_opaque_callback_data: expect.stringMatching(/^reminder:[0-9a-f-]{36}:[0-9]+#0\/1$/),
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: SAAD_WA,
      type: 'template',
      template: {
        name: 'nova_reminder',
        language: { code: 'ar' },
        components: [{ type: 'body', parameters: [{ type: 'text', text: expect.stringContaining('أتصل بخالد') }] }],
      },
    });
  });
});
