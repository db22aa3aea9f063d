// Sign-in by one-time code on a real database and queues: a code goes to the member's own chat (or only
// to the development sink), signs her in once, expires, locks after five wrong tries, is limited per
// phone and per address, answers an unknown phone exactly like a member's; refresh tokens rotate,
// a replayed one revokes its sign-in, sign-out and leaving the office end it; no code reaches the logs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIMITS } from '../../core/auth/auth.types.ts';
import { LAYLA, SAAD, startTestNova, type TestNova } from '../support/nova.ts';
import { CookieJar, startTestWeb, type TestWeb } from '../support/web-auth.ts';

let nova: TestNova;
let web: TestWeb;
const logLines: string[] = [];
const seenCodes = new Set<string>();
let ipCounter = 0;
/** a fresh network address, so that per-address limits of one test do not reach another */
const freshIp = () => `10.1.${Math.floor(++ipCounter / 250)}.${ipCounter % 250}`;

beforeAll(async () => {
  nova = await startTestNova();
  web = await startTestWeb(nova, { logLines });
});
afterAll(async () => {
  await nova?.close();
});

async function until<T>(check: () => Promise<T | undefined | null | false>, what: string): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() - started > 15_000) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Moves past every rate-limit window and code lifetime of the tests before. */
const nextDay = () => nova.clock.advance(25 * 3_600_000);

async function requestCode(phone: string, ip = freshIp(), org?: string) {
  const since = web.codes.length;
  const res = await web.call('POST', '/auth/otp/request', org ? { phone, org } : { phone }, { ip });
  return { res, since };
}

async function signIn(phone: string, ip = freshIp()) {
  const { res, since } = await requestCode(phone, ip);
  expect(res.status).toBe(202);
  const code = await web.nextCode(phone, since);
  seenCodes.add(code);
  const cookies = new CookieJar();
  const verified = await web.call('POST', '/auth/otp/verify', { phone, code }, { ip, cookies });
  expect(verified.status).toBe(200);
  const body = (await verified.json()) as { accessToken: string; member: { name: string; role: string } };
  return { token: body.accessToken, body, cookies, code };
}

describe('requesting and verifying a code', () => {
  it("sends the code to the member's last chat, stores it hashed, and signs her in once", async () => {
    nextDay();
    // سعد wrote from the test channel: that is his chat
    await nova.chat.send(SAAD, 'مرحبا');
    await nova.chat.settle();
    await nova.chat.takeReplies();

    const ip = freshIp();
    const { res, since } = await requestCode('0500000001', ip);
    expect(res.status).toBe(202);
    expect(await res.json()).toMatchObject({ status: 'sent', expiresIn: 600 });
    const row = await until(
      () =>
        nova.db.outboundMessage.findFirst({
          where: { channelAccountId: nova.account.id, chatId: SAAD, idempotencyKey: { startsWith: 'auth.otp:' } },
        }),
      'the code in his chat',
    );
    const text = (row.payload as { text: string }).text;
    const code = /: (\d{6})\n/.exec(text)?.[1];
    expect(code).toBeDefined();
    seenCodes.add(code!);
    expect(text).toContain('مكتب نوفا العقاري');
    expect(web.codes.slice(since).map((c) => c.code)).toEqual([code]);

    const stored = await nova.db.otpCode.findFirstOrThrow({ where: { target: SAAD }, orderBy: { createdAt: 'desc' } });
    expect(stored.codeHash).not.toContain(code!);
    expect(stored.userId).not.toBeNull();
    expect(stored.expiresAt.getTime() - nova.clock.now().getTime()).toBe(10 * 60_000);

    const cookies = new CookieJar();
    const ok = await web.call('POST', '/auth/otp/verify', { phone: '+966 50 000 0001', code }, { ip, cookies });
    expect(ok.status).toBe(200);
    const body = (await ok.json()) as Record<string, unknown>;
    expect(body).toMatchObject({
      tokenType: 'Bearer',
      expiresIn: 900,
      member: { name: 'سعد', role: 'manager', office: { slug: 'nova-demo', name: 'مكتب نوفا العقاري' } },
    });
    expect(ok.headers.get('cache-control')).toBe('no-store');
    const setCookie = cookies.raw.find((line) => line.startsWith('nova_refresh='))!;
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    expect(setCookie).toMatch(/Path=\/auth/);
    expect(setCookie).not.toMatch(/Secure/);
    expect(cookies.get('nova_refresh')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const session = await nova.db.authSession.findFirstOrThrow({ where: { userId: stored.userId! } });
    expect(session.tokenHash).not.toBe(cookies.get('nova_refresh'));

    const me = await web.call('GET', '/auth/me', undefined, { token: body.accessToken as string });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ member: { name: 'سعد', phone: SAAD, role: 'manager' } });

    // used once
    const again = await web.call('POST', '/auth/otp/verify', { phone: SAAD, code }, { ip });
    expect(again.status).toBe(410);
    expect(await again.json()).toMatchObject({ error: 'AUTH.CODE_EXPIRED' });
  });

  it("reaches a member with no chat by her number on the office's WhatsApp, and only the dev sink when there is none", async () => {
    nextDay();
    const { res, since } = await requestCode(LAYLA);
    expect(res.status).toBe(202);
    const code = await web.nextCode(LAYLA, since);
    seenCodes.add(code);
    await new Promise((r) => setTimeout(r, 200));
    expect(
      await nova.db.outboundMessage.count({
        where: { idempotencyKey: { startsWith: 'auth.otp:' }, chatId: { contains: '500000002' } },
      }),
    ).toBe(0);

    const whatsapp = await nova.db.channelAccount.create({
      data: {
        organizationId: nova.organizationId,
        kind: 'whatsapp_cloud',
        externalId: 'otp-test-number',
        isEnabled: true,
      },
    });
    try {
      const second = await requestCode(LAYLA);
      expect(second.res.status).toBe(202);
      seenCodes.add(await web.nextCode(LAYLA, second.since));
      const row = await until(
        () => nova.db.outboundMessage.findFirst({ where: { channelAccountId: whatsapp.id, chatId: '966500000002' } }),
        'the code on WhatsApp',
      );
      expect((row.payload as { notification?: { kind: string } }).notification?.kind).toBe('notice');
    } finally {
      await nova.db.channelAccount.update({ where: { id: whatsapp.id }, data: { isEnabled: false } });
    }
  });

  it('says how many tries are left; five wrong tries lock the code, and then even the right code gets 429', async () => {
    nextDay();
    const ip = freshIp();
    const sessionsBefore = await nova.db.authSession.count();
    const { since } = await requestCode(SAAD, ip);
    const code = await web.nextCode(SAAD, since);
    seenCodes.add(code);
    const wrong = code === '000000' ? '111111' : '000000';
    for (const left of [4, 3, 2, 1, 0]) {
      const res = await web.call('POST', '/auth/otp/verify', { phone: SAAD, code: wrong }, { ip });
      expect(res.status).toBe(400);
      const body = (await res.json()) as { error: string; triesLeft: number; message: string };
      expect(body).toMatchObject({ error: 'AUTH.CODE_WRONG', triesLeft: left });
      expect(body.message).toMatch(/[\u0600-\u06FF]/);
      expect(body.message).toMatch(/[A-Za-z]/);
    }
    const locked = await web.call('POST', '/auth/otp/verify', { phone: SAAD, code }, { ip });
    expect(locked.status).toBe(429);
    const body = (await locked.json()) as { error: string; message: string };
    expect(body.error).toBe('AUTH.CODE_LOCKED');
    expect(body.message).toContain('أُقفل هذا الرمز');
    expect(body.message).toContain('locked after 5 wrong tries');
    expect(await nova.db.authSession.count()).toBe(sessionsBefore);
  });

  it('expires a code after 10 minutes', async () => {
    nextDay();
    const ip = freshIp();
    const { since } = await requestCode(SAAD, ip);
    const code = await web.nextCode(SAAD, since);
    seenCodes.add(code);
    nova.clock.advance(10 * 60_000 + 1_000);
    const res = await web.call('POST', '/auth/otp/verify', { phone: SAAD, code }, { ip });
    expect(res.status).toBe(410);
    expect(await res.json()).toMatchObject({ error: 'AUTH.CODE_EXPIRED' });
  });

  it('lets a new request supersede the older code', async () => {
    nextDay();
    const ip = freshIp();
    const first = await requestCode(SAAD, ip);
    const old = await web.nextCode(SAAD, first.since);
    const second = await requestCode(SAAD, ip);
    const fresh = await web.nextCode(SAAD, second.since);
    seenCodes.add(old).add(fresh);
    if (old !== fresh) {
      const res = await web.call('POST', '/auth/otp/verify', { phone: SAAD, code: old }, { ip });
      expect(res.status).toBe(400);
    }
    expect((await web.call('POST', '/auth/otp/verify', { phone: SAAD, code: fresh }, { ip })).status).toBe(200);
    const open = await nova.db.otpCode.count({ where: { target: SAAD, consumedAt: null } });
    expect(open).toBe(0);
  });

  it('refuses a malformed phone, a body that is not JSON, and a body that is too large', async () => {
    const ip = freshIp();
    const bad = await web.call('POST', '/auth/otp/request', { phone: 'abc' }, { ip });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: 'AUTH.PHONE_INVALID' });
    expect((await web.call('POST', '/auth/otp/request', '{not json', { ip })).status).toBe(400);
    expect((await web.call('POST', '/auth/otp/verify', { phone: SAAD }, { ip })).status).toBe(400);
    const huge = await web.call('POST', '/auth/otp/request', { phone: SAAD, pad: 'x'.repeat(10_000) }, { ip });
    expect(huge.status).toBe(413);
    // a cross-site form or no-cors fetch sends text/plain: refused before anything is counted or sent
    const plain = await web.call('POST', '/auth/otp/request', JSON.stringify({ phone: SAAD }), {
      ip,
      headers: { 'content-type': 'text/plain' },
    });
    expect(plain.status).toBe(415);
  });
});

describe('limits and enumeration', () => {
  it('refuses a fourth request for one phone within 15 minutes with 429 and Retry-After', async () => {
    nextDay();
    for (let i = 0; i < 3; i++) expect((await requestCode('+966511112222')).res.status).toBe(202);
    const refused = (await requestCode('+966511112222')).res;
    expect(refused.status).toBe(429);
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);
    expect(await refused.json()).toMatchObject({ error: 'AUTH.RATE_LIMITED' });
    nova.clock.advance(15 * 60_000);
    expect((await requestCode('+966511112222')).res.status).toBe(202);
  });

  it('refuses more requests, and more verifications, from one address than its limits', async () => {
    nextDay();
    const ip = freshIp();
    for (let i = 0; i < LIMITS.otpRequestPerIp.limit; i++)
      expect((await requestCode(`+9665122${String(i).padStart(5, '0')}`, ip)).res.status).toBe(202);
    const refused = (await requestCode('+966512299999', ip)).res;
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
    // another address is not affected
    expect((await requestCode('+966512299999')).res.status).toBe(202);

    const verifier = freshIp();
    for (let i = 0; i < LIMITS.otpVerifyPerIp.limit; i++) {
      const res = await web.call(
        'POST',
        '/auth/otp/verify',
        { phone: `+9665133${String(i).padStart(5, '0')}`, code: '123456' },
        { ip: verifier },
      );
      expect(res.status).not.toBe(429);
    }
    const tooMany = await web.call('POST', '/auth/otp/verify', { phone: SAAD, code: '123456' }, { ip: verifier });
    expect(tooMany.status).toBe(429);
    expect(await tooMany.json()).toMatchObject({ error: 'AUTH.RATE_LIMITED' });
  });

  it("answers an unknown phone exactly as a member's: 202, then wrong tries counted the same", async () => {
    nextDay();
    const ip = freshIp();
    const before = web.codes.length;
    const known = await requestCode(LAYLA, ip);
    const unknown = await requestCode('+966577777777', ip);
    expect(unknown.res.status).toBe(known.res.status);
    expect(await unknown.res.json()).toEqual(await known.res.json());
    seenCodes.add(await web.nextCode(LAYLA, before));
    await new Promise((r) => setTimeout(r, 200));
    expect(web.codes.slice(before).filter((c) => c.phone === '+966577777777')).toEqual([]);
    const decoy = await nova.db.otpCode.findFirstOrThrow({ where: { target: '+966577777777' } });
    expect(decoy.userId).toBeNull();

    const a = await web.call('POST', '/auth/otp/verify', { phone: LAYLA, code: '000001' }, { ip });
    const b = await web.call('POST', '/auth/otp/verify', { phone: '+966577777777', code: '000001' }, { ip });
    expect(b.status).toBe(a.status);
    expect(await b.json()).toEqual(await a.json());
  });

  it('asks which office when the phone is a member of several, and signs in to the one picked', async () => {
    nextDay();
    const other = await nova.db.organization.create({ data: { name: 'مكتب الشرق', slug: 'east-office' } });
    await nova.db.user.create({ data: { organizationId: other.id, name: 'سعد الشرقي', phone: SAAD, role: 'broker' } });
    try {
      const ip = freshIp();
      const { since } = await requestCode(SAAD, ip);
      const code = await web.nextCode(SAAD, since);
      await until(async () => web.codes.slice(since).length === 2 || undefined, 'a code per office');
      expect(new Set(web.codes.slice(since).map((c) => c.office.slug))).toEqual(new Set(['nova-demo', 'east-office']));
      seenCodes.add(code);
      const ask = await web.call('POST', '/auth/otp/verify', { phone: SAAD, code }, { ip });
      expect(ask.status).toBe(409);
      const body = (await ask.json()) as { error: string; offices: Array<{ slug: string; name: string }> };
      expect(body.error).toBe('AUTH.OFFICE_REQUIRED');
      expect(body.offices.map((o) => o.slug).sort()).toEqual(['east-office', 'nova-demo']);
      const picked = await web.call('POST', '/auth/otp/verify', { phone: SAAD, code, org: 'east-office' }, { ip });
      expect(picked.status).toBe(200);
      expect(await picked.json()).toMatchObject({ member: { name: 'سعد الشرقي', office: { slug: 'east-office' } } });
    } finally {
      await nova.db.user.updateMany({ where: { organizationId: other.id }, data: { status: 'inactive' } });
    }
  });
});

describe('sessions', () => {
  it('rotate the refresh token on every refresh; a rotated token replayed later revokes the whole sign-in', async () => {
    nextDay();
    const { cookies } = await signIn(SAAD);
    const first = cookies.get('nova_refresh')!;
    const refreshed = await web.call('POST', '/auth/refresh', undefined, { cookies });
    expect(refreshed.status).toBe(200);
    const { accessToken } = (await refreshed.json()) as { accessToken: string };
    const second = cookies.get('nova_refresh')!;
    expect(second).not.toBe(first);
    const rows = await nova.db.authSession.findMany({
      where: { userId: { not: undefined } },
      orderBy: { createdAt: 'desc' },
      take: 2,
    });
    expect(rows[0]!.familyId).toBe(rows[1]!.familyId);
    expect(rows[1]!.rotatedAt).not.toBeNull();

    // two tabs refreshing at once: the late one is told to try again, nothing is revoked
    const replayJar = new CookieJar();
    replayJar.set('nova_refresh', first);
    const race = await web.call('POST', '/auth/refresh', undefined, { cookies: replayJar });
    expect(race.status).toBe(409);
    expect(await race.json()).toMatchObject({ error: 'AUTH.REFRESH_CONFLICT' });
    expect((await web.call('GET', '/auth/me', undefined, { token: accessToken })).status).toBe(200);

    // the same old token, later: a stolen copy; the whole family ends, the current token too
    nova.clock.advance(60_000);
    const replay = await web.call('POST', '/auth/refresh', undefined, { cookies: replayJar });
    expect(replay.status).toBe(401);
    expect(await replay.json()).toMatchObject({ error: 'AUTH.SESSION_INVALID' });
    expect((await web.call('POST', '/auth/refresh', undefined, { cookies })).status).toBe(401);
    expect((await web.call('GET', '/auth/me', undefined, { token: accessToken })).status).toBe(401);
    expect(await nova.db.authSession.count({ where: { familyId: rows[0]!.familyId, revokedAt: null } })).toBe(0);
  });

  it('end at sign-out: the refresh cookie is cleared and no longer refreshes', async () => {
    nextDay();
    const { cookies, token } = await signIn(SAAD);
    const old = cookies.get('nova_refresh')!;
    const out = await web.call('POST', '/auth/logout', undefined, { cookies });
    expect(out.status).toBe(200);
    expect(cookies.get('nova_refresh')).toBeUndefined();
    const jar = new CookieJar();
    jar.set('nova_refresh', old);
    expect((await web.call('POST', '/auth/refresh', undefined, { cookies: jar })).status).toBe(401);
    expect((await web.call('GET', '/auth/me', undefined, { token })).status).toBe(401);
  });

  it('stop working for a member who is no longer active', async () => {
    nextDay();
    const { cookies, token } = await signIn(LAYLA);
    await nova.db.user.updateMany({
      where: { organizationId: nova.organizationId, phone: LAYLA },
      data: { status: 'inactive' },
    });
    try {
      expect((await web.call('GET', '/auth/me', undefined, { token })).status).toBe(401);
      expect((await web.call('POST', '/auth/refresh', undefined, { cookies })).status).toBe(401);
      // and no new code reaches her, though the answer is the same
      const { res, since } = await requestCode(LAYLA);
      expect(res.status).toBe(202);
      await new Promise((r) => setTimeout(r, 200));
      expect(web.codes.slice(since)).toEqual([]);
    } finally {
      await nova.db.user.updateMany({
        where: { organizationId: nova.organizationId, phone: LAYLA },
        data: { status: 'active' },
      });
    }
  });

  it('refuse requests without a token, with a forged one, and with an expired one', async () => {
    nextDay();
    const { token } = await signIn(SAAD);
    expect((await web.call('GET', '/auth/me')).status).toBe(401);
    expect((await web.call('GET', '/auth/me', undefined, { token: `${token}x` })).status).toBe(401);
    nova.clock.advance(16 * 60_000);
    const expired = await web.call('GET', '/auth/me', undefined, { token });
    expect(expired.status).toBe(401);
    expect(expired.headers.get('www-authenticate')).toMatch(/^Bearer/);
  });
});

describe('the logs', () => {
  it('never contain a code, a phone, or a token', async () => {
    expect(seenCodes.size).toBeGreaterThan(5);
    const text = logLines.join('');
    expect(text).toContain('sign-in code sent');
    for (const code of seenCodes) expect(text).not.toContain(code);
    for (const phone of [SAAD, LAYLA, '500000001', '500000002', '577777777']) expect(text).not.toContain(phone);
    expect(text).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}/);
  });
});
