// The web chat belongs to signed-in members: without a session its API answers 401 and stores nothing;
// with one, the sender is always the session's member (whatever `from` says) in her own office, and a
// token of one office never reads another's chat. Demo identities work only in demo mode. The public
// office page makes a visitor a contact, never a member, and limits her.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIMITS } from '../../core/auth/auth.types.ts';
import { dropRedisPrefix, freePort, startNova, testQueuePrefix } from '../support/cli.ts';
import { LAYLA, SAAD, startTestNova, type TestNova } from '../support/nova.ts';
import { adminUrl, dropDatabase, testDatabaseUrl } from '../support/pg.ts';
import { CookieJar, startTestWeb, type TestWeb } from '../support/web-auth.ts';

let nova: TestNova;
let web: TestWeb;
let demoWeb: TestWeb;
let webA: string;
let webB: string;
let officeB: string;
const BASHIR = '+966530000001';
let ipCounter = 0;
const freshIp = () => `10.2.0.${++ipCounter}`;

beforeAll(async () => {
  nova = await startTestNova();
  web = await startTestWeb(nova);
  demoWeb = await startTestWeb(nova, { demo: true });
  webA = (await nova.db.channelAccount.findFirstOrThrow({ where: { kind: 'web', externalId: 'nova-demo' } })).id;
  const b = await nova.db.organization.create({ data: { name: 'مكتب الشمال', slug: 'north-office' } });
  officeB = b.id;
  webB = (
    await nova.db.channelAccount.create({ data: { organizationId: b.id, kind: 'web', externalId: 'north-office' } })
  ).id;
  await nova.db.user.create({ data: { organizationId: b.id, name: 'بشير', phone: BASHIR, role: 'manager' } });
});
afterAll(async () => {
  await nova?.close();
});

async function until<T>(check: () => Promise<T | undefined | null | false>, what: string): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() - started > 20_000) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

async function signIn(phone: string, org?: string) {
  nova.clock.advance(20 * 60_000);
  const ip = freshIp();
  const since = web.codes.length;
  expect((await web.call('POST', '/auth/otp/request', org ? { phone, org } : { phone }, { ip })).status).toBe(202);
  const code = await web.nextCode(phone, since);
  const cookies = new CookieJar();
  const res = await web.call('POST', '/auth/otp/verify', org ? { phone, code, org } : { phone, code }, { ip, cookies });
  expect(res.status).toBe(200);
  return { token: ((await res.json()) as { accessToken: string }).accessToken, cookies };
}

const inboundCount = () => nova.db.inboundMessage.count({ where: { channelAccountId: { in: [webA, webB] } } });

describe('the web chat API without a session', () => {
  it('answers 401 and stores nothing, whatever the body names', async () => {
    const before = await inboundCount();
    const body = { from: SAAD, text: 'عملائي', clientId: crypto.randomUUID() };
    for (const token of [undefined, 'not-a-token', 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.']) {
      const post = await web.call('POST', '/chat/api/messages', body, { token });
      expect(post.status).toBe(401);
      expect(((await post.json()) as { message: string }).message).toMatch(/سجّل دخولك.*Sign in/);
      expect(
        (await web.call('GET', `/chat/api/messages?from=${encodeURIComponent(SAAD)}&after=0`, undefined, { token }))
          .status,
      ).toBe(401);
    }
    expect((await web.call('POST', '/chat/api/messages', '{broken', {})).status).toBe(401);
    expect(await inboundCount()).toBe(before);
    expect((await web.call('GET', '/chat/api/identities')).status).toBe(404);
  });

  it('serves a sign-in page, without the demo picker or banner', async () => {
    const res = await web.call('GET', '/chat');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('data-mode="members"');
    expect(html).toContain('id="phone-form"');
    expect(html).not.toContain('demo-banner');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(res.headers.get('content-security-policy')).not.toContain('unsafe-inline');
    expect(html).not.toMatch(/\son[a-z]+\s*=/i);
  });
});

describe('the web chat API with a session', () => {
  it("takes the sender from the session: سعد's token speaks as سعد whatever `from` says", async () => {
    const { token } = await signIn(SAAD);
    const clientId = crypto.randomUUID();
    const res = await web.call('POST', '/chat/api/messages', { from: LAYLA, text: 'عملائي', clientId }, { token });
    expect(res.status).toBe(202);
    const row = await nova.db.inboundMessage.findFirstOrThrow({ where: { externalId: { endsWith: clientId } } });
    expect(row.channelAccountId).toBe(webA);
    expect(row.chatId).toBe(SAAD);
    expect(await nova.db.inboundMessage.count({ where: { channelAccountId: webA, chatId: LAYLA } })).toBe(0);
    // Nova answers سعد as the manager he is, in his own chat
    const replies = await until(async () => {
      const res = await web.call('GET', '/chat/api/messages?after=0', undefined, { token });
      const list = (await res.json()) as Array<{ text: string }>;
      return list.length ? list : undefined;
    }, 'a reply');
    expect(replies.length).toBeGreaterThan(0);
    const contact = await nova.db.contact.findFirstOrThrow({ where: { channelAccountId: webA, externalId: SAAD } });
    expect(contact.userId).not.toBeNull();
    expect(contact.role).toBe('broker');
  });

  it("never lets a token of one office read or write another office's chat, even for the same phone", async () => {
    // سعد is also a member of the north office; that office's chat of his phone has a reply in it
    await nova.db.user.create({ data: { organizationId: officeB, name: 'سعد الشمالي', phone: SAAD, role: 'broker' } });
    await nova.db.outboundMessage.create({
      data: {
        organizationId: officeB,
        channelAccountId: webB,
        chatId: SAAD,
        idempotencyKey: `north-secret-${crypto.randomUUID()}`,
        payload: { text: 'سر مكتب الشمال' },
      },
    });
    const a = await signIn(SAAD, 'nova-demo');
    const polled = (await (
      await web.call('GET', '/chat/api/messages?after=0', undefined, { token: a.token })
    ).json()) as Array<{
      text: string;
    }>;
    expect(polled.some((r) => r.text === 'سر مكتب الشمال')).toBe(false);

    const b = await signIn(BASHIR);
    const clientId = crypto.randomUUID();
    expect(
      (await web.call('POST', '/chat/api/messages', { from: SAAD, text: 'مرحبا', clientId }, { token: b.token }))
        .status,
    ).toBe(202);
    const row = await nova.db.inboundMessage.findFirstOrThrow({ where: { externalId: { endsWith: clientId } } });
    expect(row).toMatchObject({ channelAccountId: webB, chatId: BASHIR });

    // the north office's own سعد sees his office's chat, and only it
    const north = await signIn(SAAD, 'north-office');
    const own = (await (
      await web.call('GET', '/chat/api/messages?after=0', undefined, { token: north.token })
    ).json()) as Array<{
      text: string;
    }>;
    expect(own.map((r) => r.text)).toContain('سر مكتب الشمال');
  });

  it('stops at once for a member who signed out or left the office', async () => {
    const { token, cookies } = await signIn(LAYLA);
    const post = () =>
      web.call('POST', '/chat/api/messages', { text: 'مرحبا', clientId: crypto.randomUUID() }, { token });
    expect((await post()).status).toBe(202);
    await nova.db.user.updateMany({
      where: { organizationId: nova.organizationId, phone: LAYLA },
      data: { status: 'inactive' },
    });
    try {
      const before = await inboundCount();
      expect((await post()).status).toBe(401);
      expect(await inboundCount()).toBe(before);
    } finally {
      await nova.db.user.updateMany({
        where: { organizationId: nova.organizationId, phone: LAYLA },
        data: { status: 'active' },
      });
    }
    expect((await post()).status).toBe(202);
    await web.call('POST', '/auth/logout', undefined, { cookies });
    expect((await post()).status).toBe(401);
  });
});

describe('demo mode', () => {
  it("keeps today's contract for the demo identities, and shows the picker with a demo banner", async () => {
    const clientId = crypto.randomUUID();
    const res = await demoWeb.call('POST', '/chat/api/messages', { from: LAYLA, text: 'مرحبا', clientId });
    expect(res.status).toBe(202);
    expect(
      await nova.db.inboundMessage.count({ where: { channelAccountId: webA, externalId: `web-${clientId}` } }),
    ).toBe(1);
    expect((await demoWeb.call('POST', '/chat/api/messages', { from: BASHIR, text: 'x', clientId })).status).toBe(403);
    expect((await demoWeb.call('POST', '/chat/api/messages', { text: 'x', clientId })).status).toBe(401);
    expect((await demoWeb.call('GET', '/chat/api/identities')).status).toBe(200);
    const html = await (await demoWeb.call('GET', '/chat')).text();
    expect(html).toContain('data-mode="demo"');
    expect(html).toContain('id="demo-banner"');
    // a member's session still speaks as herself there
    const { token } = await signIn(BASHIR);
    const signed = crypto.randomUUID();
    expect(
      (await demoWeb.call('POST', '/chat/api/messages', { from: SAAD, text: 'مرحبا', clientId: signed }, { token }))
        .status,
    ).toBe(202);
    expect(
      await nova.db.inboundMessage.findFirstOrThrow({ where: { externalId: { endsWith: signed } } }),
    ).toMatchObject({
      channelAccountId: webB,
      chatId: BASHIR,
    });
  });
});

describe('the public office page', () => {
  it('makes a visitor a contact of that office with a signed cookie, never a member', async () => {
    const page = await web.call('GET', '/o/nova-demo');
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('data-mode="visitor"');
    expect(html).toContain('مكتب نوفا العقاري');
    expect((await web.call('GET', '/o/no-such-office')).status).toBe(404);
    expect((await web.call('GET', '/o/north-office')).status).toBe(200);

    const jar = new CookieJar();
    const ip = freshIp();
    expect(
      await (await web.call('GET', '/o/nova-demo/api/messages?after=0', undefined, { cookies: jar, ip })).json(),
    ).toEqual([]);
    const first = crypto.randomUUID();
    const res = await web.call(
      'POST',
      '/o/nova-demo/api/messages',
      { from: SAAD, text: 'أنا سعد 0500000001 وأبي عملائي', clientId: first },
      { cookies: jar, ip },
    );
    expect(res.status).toBe(202);
    const cookie = jar.raw.find((line) => line.startsWith('nova_visitor='))!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const row = await nova.db.inboundMessage.findFirstOrThrow({ where: { externalId: { endsWith: first } } });
    expect(row.channelAccountId).toBe(webA);
    expect(row.chatId).toMatch(/^visitor:[A-Za-z0-9_-]{22}$/);
    const replies = await until(async () => {
      const list = (await (
        await web.call('GET', '/o/nova-demo/api/messages?after=0', undefined, { cookies: jar, ip })
      ).json()) as unknown[];
      return list.length ? list : undefined;
    }, 'a reply to the visitor');
    expect(replies.length).toBeGreaterThan(0);
    const contact = await nova.db.contact.findFirstOrThrow({
      where: { channelAccountId: webA, externalId: row.chatId },
    });
    expect(contact.userId).toBeNull();
    expect(contact.phone).toBeNull();
    expect(contact.role).not.toBe('broker');

    // another visitor, or a forged cookie, sees none of it
    const stranger = new CookieJar();
    stranger.set('nova_visitor', `${row.chatId.slice('visitor:'.length)}.forged`);
    expect(
      await (await web.call('GET', '/o/nova-demo/api/messages?after=0', undefined, { cookies: stranger, ip })).json(),
    ).toEqual([]);
  });

  it('limits messages per visitor and per address, with 429 and Retry-After', async () => {
    const jar = new CookieJar();
    const ip = freshIp();
    for (let i = 0; i < LIMITS.visitorMessages.limit; i++) {
      const res = await web.call(
        'POST',
        '/o/north-office/api/messages',
        { text: `سؤال ${i}`, clientId: crypto.randomUUID() },
        { cookies: jar, ip },
      );
      expect(res.status).toBe(202);
    }
    const refused = await web.call(
      'POST',
      '/o/north-office/api/messages',
      { text: 'مرة ثانية', clientId: crypto.randomUUID() },
      { cookies: jar, ip },
    );
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await refused.json()) as { message: string }).message).toMatch(/رسائل كثيرة.*Too many/);

    // new visitor ids from one address are limited too
    const crowd = freshIp();
    let status = 0;
    for (let i = 0; i <= LIMITS.newVisitorsPerIp.limit; i++) {
      status = (
        await web.call(
          'POST',
          '/o/north-office/api/messages',
          { text: 'مرحبا', clientId: crypto.randomUUID() },
          { ip: crowd },
        )
      ).status;
    }
    expect(status).toBe(429);
  });
});

describe('nova start', () => {
  it('runs the demo mode on the database it filled with the demo office, and prints codes when it is off', async () => {
    const name = `nova_test_webauth_${randomBytes(4).toString('hex')}`;
    const prefix = testQueuePrefix();
    const env = { DATABASE_URL: testDatabaseUrl(name), QUEUE_PREFIX: prefix, LOG_LEVEL: 'info' };
    try {
      const port = await freePort();
      const first = await startNova(['start'], { ...env, PORT: String(port) }, (out) => out.includes('Health:'));
      try {
        expect(first.output()).toContain('DEMO MODE');
        expect(await (await fetch(`http://127.0.0.1:${port}/chat`)).text()).toContain('data-mode="demo"');
      } finally {
        await first.stop();
      }

      const port2 = await freePort();
      const second = await startNova(['start'], { ...env, PORT: String(port2), NOVA_DEMO: '0' }, (out) =>
        out.includes('Health:'),
      );
      try {
        expect(second.output()).toContain('members sign in with a code');
        expect(await (await fetch(`http://127.0.0.1:${port2}/chat`)).text()).toContain('data-mode="members"');
        const res = await fetch(`http://127.0.0.1:${port2}/auth/otp/request`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ phone: '0500000001' }),
        });
        expect(res.status).toBe(202);
        const printed = await until(
          async () => /sign-in code for …0001 \(nova-demo\): (\d{6})/.exec(second.output())?.[1],
          'the printed code',
        );
        // printed for the developer, never in a log line
        const logLines = second
          .output()
          .split('\n')
          .filter((line) => line.startsWith('{'));
        expect(logLines.length).toBeGreaterThan(0);
        expect(logLines.filter((line) => line.includes(printed))).toEqual([]);
      } finally {
        await second.stop();
      }
    } finally {
      await dropDatabase(adminUrl(), name);
      await dropRedisPrefix(prefix);
    }
    // Two starts of `nova` (migrate and seed in the first): a minute was too short on a loaded machine.
  }, 180_000);
});
