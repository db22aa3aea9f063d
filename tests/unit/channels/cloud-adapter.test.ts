// The WhatsApp Cloud channel over a fake database and a fake fetch: what goes to the Graph API, how its
// answers become RetryLaterError, permanent errors and states, and how webhooks are received.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  CloudApiError,
  parseRetryAfter,
  startWhatsAppCloudChannel,
  type WhatsAppCloudDeps,
} from '../../../bot/channels/whatsapp-cloud/cloud.channel.ts';
import { signCloudPayload } from '../../../bot/channels/whatsapp-cloud/cloud.signature.ts';
import { type InboundMessage, RetryLaterError, UnsureSendError } from '../../../bot/types.ts';
import type { Db } from '../../../core/db/client.ts';
import { ManualClock } from '../../../core/shared/clock.ts';
import { silentLogger } from '../../../core/shared/logger.ts';

const NOW = '2026-11-22T09:00:00Z';
const HOUR = 3_600_000;

interface Call {
  url: string;
  method: string;
  headers: Record<string, string>;
  // biome-ignore lint/suspicious/noExplicitAny: the tests read Graph API JSON of many shapes
  body?: any;
}

function fakeGraph(answers: Array<{ status: number; body: unknown; headers?: Record<string, string> }>) {
  const calls: Call[] = [];
  let n = 0;
  const fetchImpl = (async (input: string | URL | Request, init?: RequestInit) => {
    calls.push({
      url: String(input),
      method: init?.method ?? 'GET',
      headers: Object.fromEntries(new Headers(init?.headers).entries()),
      body: typeof init?.body === 'string' ? JSON.parse(init.body) : undefined,
    });
    const answer = answers[Math.min(n++, answers.length - 1)]!;
    const payload = answer.body instanceof Uint8Array ? answer.body : JSON.stringify(answer.body);
    return new Response(payload, { status: answer.status, headers: answer.headers });
  }) as typeof fetch;
  return { calls, fetchImpl };
}

const ok = (id = 'wamid.out-1') => ({
  status: 200,
  body: {
    messaging_product: 'whatsapp',
    contacts: [{ input: '966500000001', wa_id: '966500000001' }],
    messages: [{ id }],
  },
});
const graphError = (status: number, code: number, message = 'error') => ({
  status,
  body: {
    error: {
      message: `(#${code}) ${message}`,
      type: 'OAuthException',
      code,
      error_data: { messaging_product: 'whatsapp', details: message },
      fbtrace_id: 'x',
    },
  },
});

function fakeDb(lastInboundAt: Date | null = null) {
  const updates: unknown[] = [];
  const states: string[] = [];
  const db = {
    contact: { findUnique: async () => (lastInboundAt === undefined ? null : { lastInboundAt }) },
    outboundMessage: {
      updateMany: async (args: unknown) => {
        updates.push(args);
        return { count: 1 };
      },
    },
    channelAccount: {
      update: async ({ data }: { data: { connectionState: string } }) => {
        states.push(data.connectionState);
        return {};
      },
    },
  } as unknown as Db;
  return { db, updates, states };
}

function channel(overrides: Partial<WhatsAppCloudDeps> & { accepted?: InboundMessage[]; failAccept?: boolean } = {}) {
  const accepted = overrides.accepted ?? [];
  return startWhatsAppCloudChannel({
    db: fakeDb().db,
    inbox: {
      accept: async (m) => {
        if (overrides.failAccept) throw new Error('database unavailable');
        accepted.push(m);
        return { id: String(accepted.length), duplicate: false };
      },
    },
    logger: silentLogger,
    token: 'token-1',
    phoneNumberId: '1065',
    appSecret: 'secret',
    verifyToken: 'verify-me',
    apiBase: 'http://127.0.0.1:9/v21.0/',
    templates: { reminder: { name: 'nova_reminder', language: 'ar' } },
    accountId: 'acc-1',
    clock: new ManualClock(NOW),
    backoff: { baseMs: 1_000, pairBaseMs: 6_000, maxMs: 8_000 },
    ...overrides,
  });
}

describe('sending', () => {
  it('posts to {apiBase}/{phoneNumberId}/messages with the bearer token and returns the wamid', async () => {
    const graph = fakeGraph([ok('wamid.abc')]);
    const ch = channel({ fetch: graph.fetchImpl });
    const result = await ch.adapter.send('966500000001', { text: 'مرحبا' }, { idempotencyKey: 'k1' });
    expect(result).toEqual({ externalId: 'wamid.abc' });
    expect(graph.calls[0]).toMatchObject({
      url: 'http://127.0.0.1:9/v21.0/1065/messages',
      method: 'POST',
      headers: { authorization: 'Bearer token-1', 'content-type': 'application/json' },
      body: { messaging_product: 'whatsapp', to: '966500000001', type: 'text', text: { body: 'مرحبا' } },
    });
    expect(ch.adapter.capabilities).toEqual({ maxChoices: 10, media: true, documents: true, location: true });
    expect(ch.state()).toBe('configured');
  });

  it('turns HTTP 429 into RetryLaterError honouring Retry-After', async () => {
    const graph = fakeGraph([{ status: 429, body: {}, headers: { 'Retry-After': '3' } }]);
    const error = await channel({ fetch: graph.fetchImpl })
      .adapter.send('966500000001', { text: 'x' }, { idempotencyKey: 'k' })
      .catch((e) => e);
    expect(error).toBeInstanceOf(RetryLaterError);
    expect(error.retryAfterMs).toBe(3_000);
  });

  it('backs off on 130429 and doubles on each further refusal of the same message, up to the maximum', async () => {
    const graph = fakeGraph([graphError(400, 130429, 'Rate limit hit')]);
    const ch = channel({ fetch: graph.fetchImpl });
    const waits: number[] = [];
    for (let i = 0; i < 5; i++) {
      const error = await ch.adapter.send('966500000001', { text: 'x' }, { idempotencyKey: 'same' }).catch((e) => e);
      expect(error).toBeInstanceOf(RetryLaterError);
      waits.push(error.retryAfterMs);
    }
    const bases = [1_000, 2_000, 4_000, 8_000, 8_000];
    waits.forEach((w, i) => {
      expect(w).toBeGreaterThanOrEqual(bases[i]!);
      expect(w).toBeLessThanOrEqual(bases[i]! * 1.2);
    });
  });

  it('backs off longer on the pair rate limit (131056)', async () => {
    const graph = fakeGraph([graphError(400, 131056, '(Business Account, Consumer Account) pair rate limit hit')]);
    const error = await channel({ fetch: graph.fetchImpl })
      .adapter.send('966500000001', { text: 'x' }, { idempotencyKey: 'k' })
      .catch((e) => e);
    expect(error).toBeInstanceOf(RetryLaterError);
    expect(error.retryAfterMs).toBeGreaterThanOrEqual(6_000);
  });

  it('throws a permanent error for other 4xx and a transient one for 5xx', async () => {
    const refused = await channel({ fetch: fakeGraph([graphError(400, 131047, 'Re-engagement message')]).fetchImpl })
      .adapter.send('966500000001', { text: 'x' }, { idempotencyKey: 'k' })
      .catch((e) => e);
    expect(refused).toBeInstanceOf(CloudApiError);
    expect(refused).not.toBeInstanceOf(RetryLaterError);
    expect(refused).toMatchObject({ permanent: true, code: 131047, httpStatus: 400 });
    expect(refused.message).toContain('131047');
    const down = await channel({ fetch: fakeGraph([{ status: 503, body: 'x' }]).fetchImpl })
      .adapter.send('966500000001', { text: 'x' }, { idempotencyKey: 'k' })
      .catch((e) => e);
    expect(down).toMatchObject({ permanent: false, httpStatus: 503 });
  });

  it('reports unauthorized after a 401 and configured again after a success', async () => {
    const graph = fakeGraph([graphError(401, 190, 'Error validating access token'), ok()]);
    const ch = channel({ fetch: graph.fetchImpl });
    await expect(ch.adapter.send('966500000001', { text: 'x' }, { idempotencyKey: 'a' })).rejects.toThrow(/190/);
    expect(ch.state()).toBe('unauthorized');
    await ch.adapter.send('966500000001', { text: 'x' }, { idempotencyKey: 'b' });
    expect(ch.state()).toBe('configured');
  });

  it('says when the Graph API cannot be reached', async () => {
    const failing = (async () => {
      throw Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } });
    }) as unknown as typeof fetch;
    await expect(
      channel({ fetch: failing }).adapter.send('966500000001', { text: 'x' }, { idempotencyKey: 'k' }),
    ).rejects.toThrow('WhatsApp Cloud API unreachable (ECONNREFUSED)');
  });

  it('calls a send with no answer in time unsure (it may have gone out), a refused connection not sent', async () => {
    const timedOut = (async () => {
      throw new DOMException('The operation was aborted due to timeout', 'TimeoutError');
    }) as unknown as typeof fetch;
    const cut = (async () => {
      throw Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNRESET' } });
    }) as unknown as typeof fetch;
    for (const failing of [timedOut, cut]) {
      const error = await channel({ fetch: failing })
        .adapter.send('966500000001', { text: 'x' }, { idempotencyKey: 'k' })
        .catch((e) => e);
      expect(error).toBeInstanceOf(UnsureSendError);
    }
    const refused = (async () => {
      throw Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } });
    }) as unknown as typeof fetch;
    const error = await channel({ fetch: refused })
      .adapter.send('966500000001', { text: 'x' }, { idempotencyKey: 'k' })
      .catch((e) => e);
    expect(error).not.toBeInstanceOf(UnsureSendError);
  });

  it('starts after the parts the outbox recorded as out, and reports each part but the last', async () => {
    const graph = fakeGraph([ok('wamid.p2')]);
    const recorded: number[] = [];
    const message = { text: 'الموقع', location: { latitude: 24.7, longitude: 46.6 } };
    const onPartSent = async (n: number) => void recorded.push(n);
    expect(
      await channel({ fetch: graph.fetchImpl }).adapter.send('966500000001', message, {
        idempotencyKey: 'resumed',
        partsSent: 1,
        onPartSent,
      }),
    ).toEqual({ externalId: 'wamid.p2' });
    expect(graph.calls.map((c) => c.body.type)).toEqual(['location']);
    expect(recorded).toEqual([]);
    const fresh = fakeGraph([ok('wamid.a'), ok('wamid.b')]);
    await channel({ fetch: fresh.fetchImpl }).adapter.send('966500000001', message, {
      idempotencyKey: 'fresh',
      onPartSent,
    });
    expect(fresh.calls.map((c) => c.body.type)).toEqual(['text', 'location']);
    expect(recorded).toEqual([1]);
  });

  it('does not send a message again that went out whole when only recording it failed', async () => {
    const graph = fakeGraph([ok('wamid.once')]);
    const ch = channel({ fetch: graph.fetchImpl });
    await ch.adapter.send('966500000001', { text: 'x' }, { idempotencyKey: 'once' });
    expect(await ch.adapter.send('966500000001', { text: 'x' }, { idempotencyKey: 'once' })).toEqual({
      externalId: 'wamid.once',
    });
    expect(graph.calls).toHaveLength(1);
  });

  it('continues a multi-part message where a refusal stopped it, without repeating sent parts', async () => {
    const graph = fakeGraph([ok('wamid.p1'), graphError(400, 130429), ok('wamid.p2')]);
    const ch = channel({ fetch: graph.fetchImpl });
    const message = { text: 'الموقع', location: { latitude: 24.7, longitude: 46.6 } };
    await expect(ch.adapter.send('966500000001', message, { idempotencyKey: 'multi' })).rejects.toBeInstanceOf(
      RetryLaterError,
    );
    expect(await ch.adapter.send('966500000001', message, { idempotencyKey: 'multi' })).toEqual({
      externalId: 'wamid.p2',
    });
    expect(graph.calls.map((c) => c.body.type)).toEqual(['text', 'location', 'location']);
  });
});

describe('the 24-hour window', () => {
  const reminder = {
    text: '⏰ تذكير: اتصل بخالد',
    notification: { kind: 'reminder' as const, params: ['اتصل بخالد'] },
  };

  it('sends a reminder as text within 24 h of the last message, as a template after', async () => {
    const inside = fakeGraph([ok()]);
    await channel({ db: fakeDb(new Date(Date.parse(NOW) - 2 * HOUR)).db, fetch: inside.fetchImpl }).adapter.send(
      '966500000001',
      reminder,
      {
        idempotencyKey: 'r1',
      },
    );
    expect(inside.calls[0]!.body.type).toBe('text');
    const outside = fakeGraph([ok()]);
    await channel({ db: fakeDb(new Date(Date.parse(NOW) - 25 * HOUR)).db, fetch: outside.fetchImpl }).adapter.send(
      '966500000001',
      reminder,
      {
        idempotencyKey: 'r2',
      },
    );
    expect(outside.calls[0]!.body).toMatchObject({
      type: 'template',
      template: { name: 'nova_reminder', language: { code: 'ar' } },
    });
  });

  it('treats a contact who never wrote as outside the window', async () => {
    const graph = fakeGraph([ok()]);
    await channel({ db: fakeDb(null).db, fetch: graph.fetchImpl }).adapter.send('966500000001', reminder, {
      idempotencyKey: 'r',
    });
    expect(graph.calls[0]!.body.type).toBe('template');
  });

  it('skips a notification without a configured template outside the window, sending nothing', async () => {
    const graph = fakeGraph([ok()]);
    const result = await channel({ db: fakeDb(null).db, fetch: graph.fetchImpl }).adapter.send(
      '966500000001',
      { text: 'تطابق', notification: { kind: 'digest', params: [] } },
      { idempotencyKey: 'd' },
    );
    expect(result).toEqual({ skipped: 'outside the 24-hour window, no template for digest' });
    expect(graph.calls).toEqual([]);
  });
});

describe('receiving', () => {
  const body = JSON.stringify({
    object: 'whatsapp_business_account',
    entry: [
      {
        id: '1',
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: '15550000000', phone_number_id: '1065' },
              contacts: [{ profile: { name: 'سعد' }, wa_id: '966500000001' }],
              messages: [
                {
                  from: '966500000001',
                  id: 'wamid.in',
                  timestamp: '1763712000',
                  type: 'text',
                  text: { body: 'عملائي' },
                },
              ],
              statuses: [
                {
                  id: 'wamid.out',
                  status: 'failed',
                  timestamp: '1763712000',
                  recipient_id: '1',
                  errors: [{ code: 131026, title: 'Message undeliverable' }],
                },
              ],
            },
          },
        ],
      },
    ],
  });

  it('stores the messages and records failed deliveries for a valid signature', async () => {
    const accepted: InboundMessage[] = [];
    const { db, updates } = fakeDb();
    const ch = channel({ accepted, db });
    expect(await ch.receive(Buffer.from(body), signCloudPayload('secret', body))).toEqual({ status: 200 });
    expect(accepted.map((m) => m.externalId)).toEqual(['wamid.in']);
    expect(updates).toEqual([
      {
        where: { channelAccountId: 'acc-1', externalId: 'wamid.out' },
        data: { status: 'failed', lastError: 'WhatsApp Cloud delivery failed: code 131026 Message undeliverable' },
      },
    ]);
  });

  it('refuses a bad or missing signature with 401 and stores nothing', async () => {
    const accepted: InboundMessage[] = [];
    const ch = channel({ accepted });
    expect(await ch.receive(body, signCloudPayload('forged', body))).toEqual({ status: 401 });
    expect(await ch.receive(body, undefined)).toEqual({ status: 401 });
    expect(accepted).toEqual([]);
  });

  it('answers 500 when the inbox cannot store, so that Meta delivers again', async () => {
    expect(await channel({ failAccept: true }).receive(body, signCloudPayload('secret', body))).toEqual({
      status: 500,
    });
  });

  it('answers 400 to a signed body that is not JSON, and 503 once stopped', async () => {
    const ch = channel();
    expect(await ch.receive('not json', signCloudPayload('secret', 'not json'))).toEqual({ status: 400 });
    await ch.stop();
    expect(await ch.receive(body, signCloudPayload('secret', body))).toEqual({ status: 503 });
  });

  it('verifies the subscription only with the right token', () => {
    const ch = channel();
    expect(
      ch.verify({ 'hub.mode': 'subscribe', 'hub.verify_token': 'verify-me', 'hub.challenge': '1158201444' }),
    ).toEqual({
      status: 200,
      body: '1158201444',
    });
    expect(ch.verify({ 'hub.mode': 'subscribe', 'hub.verify_token': 'wrong', 'hub.challenge': '1' }).status).toBe(403);
    expect(ch.verify({ 'hub.mode': 'unsubscribe', 'hub.verify_token': 'verify-me', 'hub.challenge': '1' }).status).toBe(
      403,
    );
    expect(ch.verify({}).status).toBe(403);
  });
});

describe('downloadMedia', () => {
  it('looks the media up, then downloads it with the token and checks its hash', async () => {
    const bytes = Buffer.from('fake jpeg bytes');
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const graph = fakeGraph([
      {
        status: 200,
        body: {
          messaging_product: 'whatsapp',
          url: 'http://127.0.0.1:9/media/abc',
          mime_type: 'image/jpeg',
          sha256,
          file_size: bytes.length,
          id: 'm1',
        },
      },
      { status: 200, body: new Uint8Array(bytes) },
    ]);
    const media = await channel({ fetch: graph.fetchImpl }).downloadMedia('m1');
    expect(media).toEqual({ bytes, mimeType: 'image/jpeg' });
    expect(graph.calls.map((c) => [c.url, c.headers.authorization])).toEqual([
      ['http://127.0.0.1:9/v21.0/m1', 'Bearer token-1'],
      ['http://127.0.0.1:9/media/abc', 'Bearer token-1'],
    ]);
  });

  it('refuses bytes whose hash differs and reports a missing media', async () => {
    const bad = fakeGraph([
      { status: 200, body: { url: 'http://127.0.0.1:9/media/abc', sha256: '00'.repeat(32), id: 'm1' } },
      { status: 200, body: new Uint8Array([1, 2, 3]) },
    ]);
    await expect(channel({ fetch: bad.fetchImpl }).downloadMedia('m1')).rejects.toThrow(/checksum/);
    const missing = fakeGraph([graphError(404, 100, 'Unsupported get request')]);
    await expect(channel({ fetch: missing.fetchImpl }).downloadMedia('m2')).rejects.toBeInstanceOf(CloudApiError);
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates', () => {
    expect(parseRetryAfter('2', 0)).toBe(2_000);
    expect(parseRetryAfter('0.5', 0)).toBe(500);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 4_000)).toBe(6_000);
    expect(parseRetryAfter('soon', 0)).toBeUndefined();
    expect(parseRetryAfter(null, 0)).toBeUndefined();
  });
});
