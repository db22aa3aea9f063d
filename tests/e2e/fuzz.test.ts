// The end-to-end fuzz of the hostile-input suite: 2,000 generated messages (ordinary commands, typos,
// emoji, numbers, NUL, lone surrogates, bidi controls, huge texts) from brokers and strangers, through
// the WhatsApp Cloud webhook and the web chat. No request may answer 5xx, no chat may stay stuck, and
// every message is answered or quarantined.
import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatRoutes } from '../../api/routes/chat/chat.routes.ts';
import { DEMO_WEB_IDENTITIES } from '../../bin/web-identities.ts';
import { createWebReplies } from '../../bot/channels/web/web.replies.ts';
import {
  startWhatsAppCloudChannel,
  type WhatsAppCloudChannel,
} from '../../bot/channels/whatsapp-cloud/cloud.channel.ts';
import { signCloudPayload } from '../../bot/channels/whatsapp-cloud/cloud.signature.ts';
import { mapRegistry } from '../../bot/engine/outbox.ts';
import type { ChannelAdapter } from '../../bot/types.ts';
import { silentLogger } from '../../core/shared/logger.ts';
import { cloudTextWebhook } from '../support/cloud-payloads.ts';
import { startTestNova, type TestNova } from '../support/nova.ts';

const CLOUD_SENDERS = 150;
const CLOUD_MESSAGES = 1_800;
const WEB_MESSAGES = 200;
const SECRET = 'fuzz-app-secret';

const ordinary = [
  'عميل جديد أحمد 0551234567 يبي شقة بالرياض حي الملقا ميزانيته ٨٠٠ ألف',
  'وش مواعيدي بكرة؟',
  'ذكرني أتصل بخالد ٤ العصر',
  'عملائي',
  'ملخص الشهر',
  'ابي فيلا بالرياض حدود ٣ مليون',
  'ابي اعرض شقتي للبيع',
  'ابي اشوف العقار ١ الخميس ٥ العصر',
  'تم بيع فيلا النرجس بمليونين و٣٠٠ ألف',
  'نعم',
  'لا',
  'إلغاء',
  '٢',
  '3',
  'شكرا',
  '👍',
  'remind me to call Ahmed in 2 hours',
  'show my leads',
  'hi',
];
const hostile = fc.oneof(
  fc.constantFrom(...ordinary),
  fc.string({ unit: 'binary', maxLength: 120 }),
  fc.string({ unit: 'grapheme', maxLength: 300 }),
  fc.string({
    unit: fc.constantFrom('\u0000', '\uD800', '\u202E', '\u2066', 'ا', '٣', '😀', ' ', '\n', '-', 'e'),
    maxLength: 50,
  }),
  fc.constantFrom(
    '99999999999',
    '-5',
    '1e309',
    '٣١/٠٢',
    '٢٩ فبراير ٢٠٢٥',
    "villa'; DROP TABLE requests;--",
    'ا'.repeat(20_000),
  ),
);

let nova: TestNova;
let channel: WhatsAppCloudChannel;
let cloudAccountId: string;
let web: Hono;
let webAccountId: string;

beforeAll(async () => {
  const adapters = mapRegistry();
  nova = await startTestNova({ adapters });
  const cloud = await nova.db.channelAccount.create({
    data: { organizationId: nova.organizationId, kind: 'whatsapp_cloud', externalId: 'fuzz-number' },
  });
  cloudAccountId = cloud.id;
  const accepting: ChannelAdapter = {
    kind: 'whatsapp_cloud',
    capabilities: { maxChoices: 3, media: true, documents: true, location: true },
    async send() {
      return { externalId: `wamid.${randomBytes(6).toString('hex')}` };
    },
  };
  adapters.set(cloud.id, accepting);
  channel = startWhatsAppCloudChannel({
    db: nova.db,
    inbox: nova.runtime.inbox,
    logger: silentLogger,
    token: 't',
    phoneNumberId: 'fuzz-number',
    appSecret: SECRET,
    verifyToken: 'v',
    apiBase: 'http://127.0.0.1:9',
    templates: {},
    accountId: cloud.id,
    clock: nova.clock,
  });
  const webAccount = await nova.db.channelAccount.create({
    data: { organizationId: nova.organizationId, kind: 'web', externalId: 'fuzz-web' },
  });
  webAccountId = webAccount.id;
  web = new Hono().route(
    '/chat',
    chatRoutes({
      replies: createWebReplies(nova.db),
      inbox: nova.runtime.inbox,
      demo: { webAccountId, identities: DEMO_WEB_IDENTITIES },
    }),
  );
}, 120_000);
afterAll(async () => {
  await channel?.stop();
  await nova?.close();
});

/** A sender: the demo brokers some of the time (their commands reach the CRM), strangers otherwise. */
const senderPhone = (i: number) =>
  i % 10 === 0 ? '966500000001' : i % 10 === 1 ? '966500000002' : `96655${String(1_000_000 + i).slice(1)}`;

/** Hostile profile names too: bidi controls and NUL. */
const webhook = (batch: Array<{ from: string; id: string; text: string }>) =>
  cloudTextWebhook(
    'fuzz-number',
    batch.map((m) => ({ ...m, name: `\u202Eزائر\u0000 ${m.from.slice(-3)}` })),
  );

describe('2,000 generated messages', () => {
  it('answer no request with 5xx, leave no chat stuck, and answer or quarantine every message', async () => {
    const texts = fc.sample(hostile, { numRuns: CLOUD_MESSAGES + WEB_MESSAGES, seed: 18 });
    const statuses: number[] = [];
    // WhatsApp: batches of 1–5 messages, each sender's messages in order.
    const cloud = texts.slice(0, CLOUD_MESSAGES).map((text, i) => ({
      from: senderPhone(i % CLOUD_SENDERS),
      id: `wamid.fuzz.${i}`,
      text,
    }));
    for (let i = 0; i < cloud.length; ) {
      const batch = cloud.slice(i, i + 1 + (i % 5));
      i += batch.length;
      const body = webhook(batch);
      const answer = await channel.receive(body, signCloudPayload(SECRET, body));
      statuses.push(answer.status);
    }
    // The web chat: the demo identities, JSON built by hand as a page (or an attacker) would.
    for (const [i, text] of texts.slice(CLOUD_MESSAGES).entries()) {
      const identity = DEMO_WEB_IDENTITIES[i % DEMO_WEB_IDENTITIES.length]!;
      const response = await web.request('/chat/api/messages', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ from: identity.phone, text, clientId: `fuzz-web-${i}` }),
      });
      statuses.push(response.status);
    }
    expect(statuses.filter((s) => s >= 500)).toEqual([]);

    const deadline = Date.now() + 240_000;
    let pending = Number.POSITIVE_INFINITY;
    while (Date.now() < deadline) {
      pending = await nova.db.inboundMessage.count({ where: { status: { in: ['received', 'processing'] } } });
      if (pending === 0) break;
      if (pending > 0) await nova.runtime.sweep.run();
      await new Promise((r) => setTimeout(r, 1_000));
    }
    expect(pending, 'messages still waiting').toBe(0);

    const inbound = await nova.db.inboundMessage.findMany({
      where: { channelAccountId: { in: [cloudAccountId, webAccountId] } },
      select: { id: true, status: true },
    });
    expect(inbound.length).toBeGreaterThan(CLOUD_MESSAGES * 0.95);
    const processed = inbound.filter((m) => m.status === 'processed');
    const answered = new Set(
      (
        await nova.db.outboundMessage.findMany({
          where: { channelAccountId: { in: [cloudAccountId, webAccountId] } },
          select: { idempotencyKey: true },
        })
      ).map((o) => o.idempotencyKey.split(':')[0]),
    );
    const unanswered = processed.filter((m) => !answered.has(m.id));
    expect(unanswered.length, 'processed without a reply').toBe(0);
    const failed = inbound.filter((m) => m.status === 'failed');
    // A quarantined message was answered with an apology and a reference.
    expect(failed.filter((m) => !answered.has(m.id))).toEqual([]);
  }, 420_000);
});
