// Who may call the admin API: a member's live access token or an office's API key, acting as its member
// (his role applies). Read-only keys only read; revoked keys, ended sign-ins and members who left are
// refused; each caller is rate-limited; the office's keys are its owner's to manage.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashApiKey } from '../../core/apikeys/apikeys.keys.ts';
import { LAST_USED_EVERY_MS } from '../../core/apikeys/apikeys.service.ts';
import { startTestApi, type TestApi, type TestMember, type TestOffice } from '../support/api.ts';

let t: TestApi;
let a: TestOffice;
let broker: TestMember;
let observer: TestMember;

beforeAll(async () => {
  t = await startTestApi();
  a = await t.office('auth-a');
  broker = await t.member(a.id, 'broker', 'وسيط');
  observer = await t.member(a.id, 'observer', 'مراقب');
});
afterAll(async () => {
  await t?.close();
});

const problemOf = async (res: Response) => (await res.json()) as { type: string; status: number; detail: string };

describe('credentials', () => {
  it('refuses a call without a token, with a malformed one, or with an unknown key: 401 problem with WWW-Authenticate', async () => {
    for (const token of [undefined, 'not-a-token', 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.', `nova_${'x'.repeat(43)}`]) {
      const res = await t.call('GET', '/api/v1/customers', undefined, { token });
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe('Bearer realm="nova"');
      const p = await problemOf(res);
      expect(p.type).toBe('urn:nova:problem:API.UNAUTHORIZED');
      expect(p.detail).toMatch(/[\u0600-\u06FF].* \/ .*Bearer/);
    }
  });

  it("takes a member's access token, and refuses it once her sign-in is revoked", async () => {
    const m = await t.member(a.id, 'broker', 'وسيطة');
    expect((await t.call('GET', '/api/v1/customers', undefined, { token: m.token })).status).toBe(200);
    await t.auth.sessions.revokeMember({ organizationId: a.id, role: 'system' }, m.id);
    expect((await t.call('GET', '/api/v1/customers', undefined, { token: m.token })).status).toBe(401);
  });

  it('stores only the SHA-256 of a key, and shows the key itself once', async () => {
    const res = await t.call(
      'POST',
      '/api/v1/api-keys',
      { name: 'site', memberId: broker.id },
      { token: a.owner.token },
    );
    expect(res.status).toBe(201);
    const created = (await res.json()) as { id: string; key: string; prefix: string };
    expect(created.key).toMatch(/^nova_[A-Za-z0-9_-]{43}$/);
    expect(created.key.startsWith(created.prefix)).toBe(true);
    const row = await t.db.apiKey.findUniqueOrThrow({ where: { id: created.id } });
    expect(row.keyHash).toBe(hashApiKey(created.key));
    expect(JSON.stringify(row)).not.toContain(created.key);
    const listed = await t.call('GET', '/api/v1/api-keys', undefined, { token: a.owner.token });
    expect(await listed.text()).not.toContain(created.key);
    const one = await t.call('GET', `/api/v1/api-keys/${created.id}`, undefined, { token: a.owner.token });
    expect(await one.text()).not.toContain(created.key);
  });

  it("acts as the key's member: a broker's key creates customers assigned to him, an observer's key writes nothing (403)", async () => {
    const brokerKey = await t.apiKey(broker);
    const made = await t.call('POST', '/api/v1/customers', { name: 'من الموقع' }, { token: brokerKey.key });
    expect(made.status).toBe(201);
    const customer = (await made.json()) as { assignedToId: string; createdById: string };
    expect(customer).toMatchObject({ assignedToId: broker.id, createdById: broker.id });
    const audit = await t.db.auditLog.findFirstOrThrow({
      where: { organizationId: a.id, action: 'customer.created' },
      orderBy: { createdAt: 'desc' },
    });
    expect(audit).toMatchObject({ userId: broker.id, channel: 'api' });

    const observerKey = await t.apiKey(observer);
    const refused = await t.call('POST', '/api/v1/customers', { name: 'لا' }, { token: observerKey.key });
    expect(refused.status).toBe(403);
    expect((await problemOf(refused)).type).toBe('urn:nova:problem:AUTH.FORBIDDEN');
  });

  it('lets a read-only key read and refuses its writes with 403, changing nothing', async () => {
    const key = await t.apiKey(broker, true);
    expect((await t.call('GET', '/api/v1/customers', undefined, { token: key.key })).status).toBe(200);
    const before = await t.db.customer.count({ where: { organizationId: a.id } });
    for (const [method, path, body] of [
      ['POST', '/api/v1/customers', { name: 'ممنوع' }],
      ['PATCH', `/api/v1/customers/${crypto.randomUUID()}`, { name: 'ممنوع' }],
      ['DELETE', `/api/v1/customers/${crypto.randomUUID()}`, undefined],
    ] as const) {
      const res = await t.call(method, path, body, { token: key.key });
      expect(res.status).toBe(403);
      expect((await problemOf(res)).type).toBe('urn:nova:problem:API.READ_ONLY_KEY');
    }
    expect(await t.db.customer.count({ where: { organizationId: a.id } })).toBe(before);
  });

  it('refuses a revoked key at once, and the key of a member who is no longer active', async () => {
    const key = await t.apiKey(broker);
    expect((await t.call('GET', '/api/v1/customers', undefined, { token: key.key })).status).toBe(200);
    const revoked = await t.call('DELETE', `/api/v1/api-keys/${key.id}`, undefined, { token: a.owner.token });
    expect(revoked.status).toBe(200);
    expect(((await revoked.json()) as { revokedAt: string | null }).revokedAt).not.toBeNull();
    expect((await t.call('GET', '/api/v1/customers', undefined, { token: key.key })).status).toBe(401);

    const leaving = await t.member(a.id, 'broker', 'مغادر');
    const hisKey = await t.apiKey(leaving);
    expect((await t.call('GET', '/api/v1/customers', undefined, { token: hisKey.key })).status).toBe(200);
    await t.db.user.update({ where: { id: leaving.id }, data: { status: 'inactive' } });
    expect((await t.call('GET', '/api/v1/customers', undefined, { token: hisKey.key })).status).toBe(401);
  });

  it('notes when a key was last used, at most once a minute', async () => {
    const key = await t.apiKey(broker);
    await t.call('GET', '/api/v1/customers', undefined, { token: key.key });
    const first = (await t.db.apiKey.findUniqueOrThrow({ where: { id: key.id } })).lastUsedAt;
    expect(first?.getTime()).toBe(t.nova.clock.now().getTime());
    t.nova.clock.advance(LAST_USED_EVERY_MS / 2);
    await t.call('GET', '/api/v1/customers', undefined, { token: key.key });
    expect((await t.db.apiKey.findUniqueOrThrow({ where: { id: key.id } })).lastUsedAt).toEqual(first);
    t.nova.clock.advance(LAST_USED_EVERY_MS);
    await t.call('GET', '/api/v1/customers', undefined, { token: key.key });
    expect((await t.db.apiKey.findUniqueOrThrow({ where: { id: key.id } })).lastUsedAt?.getTime()).toBe(
      t.nova.clock.now().getTime(),
    );
  });

  it("keeps the office's keys to its owner: a manager may not list, create or revoke them", async () => {
    const manager = await t.member(a.id, 'manager', 'مدير');
    expect((await t.call('GET', '/api/v1/api-keys', undefined, { token: manager.token })).status).toBe(403);
    expect(
      (await t.call('POST', '/api/v1/api-keys', { name: 'x', memberId: manager.id }, { token: manager.token })).status,
    ).toBe(403);
    const key = await t.apiKey(broker);
    expect((await t.call('DELETE', `/api/v1/api-keys/${key.id}`, undefined, { token: manager.token })).status).toBe(
      403,
    );
    expect((await t.db.apiKey.findUniqueOrThrow({ where: { id: key.id } })).revokedAt).toBeNull();
  });

  it("never gives a key for another office's member, nor finds another office's key", async () => {
    const b = await t.office('auth-b');
    const foreign = await t.call(
      'POST',
      '/api/v1/api-keys',
      { name: 'x', memberId: b.owner.id },
      { token: a.owner.token },
    );
    expect(foreign.status).toBe(404);
    expect((await problemOf(foreign)).type).toBe('urn:nova:problem:APIKEY.MEMBER_NOT_FOUND');
    const bKey = await t.apiKey(b.owner);
    const probe = await t.call('DELETE', `/api/v1/api-keys/${bKey.id}`, undefined, { token: a.owner.token });
    expect(probe.status).toBe(404);
    const random = await t.call('DELETE', `/api/v1/api-keys/${crypto.randomUUID()}`, undefined, {
      token: a.owner.token,
    });
    expect(random.status).toBe(404);
    // another office's key and a random id read exactly alike
    const randomBody = await random.json();
    expect(await probe.json()).toEqual(randomBody);
    expect(randomBody).toEqual({
      type: 'urn:nova:problem:APIKEY.NOT_FOUND',
      title: 'API key not found',
      status: 404,
      detail: expect.any(String),
      code: 'APIKEY.NOT_FOUND',
    });
    expect((await t.db.apiKey.findUniqueOrThrow({ where: { id: bKey.id } })).revokedAt).toBeNull();
  });
});

describe('rate limit', () => {
  it('answers 429 with Retry-After once a key is over its window, and lets it in again after', async () => {
    const limited = await startTestApi({ rateLimit: { limit: 3, windowMs: 60_000 } });
    try {
      const office = await limited.office('rate-a');
      const key = await limited.apiKey(office.owner);
      const other = await limited.apiKey(office.owner);
      for (let i = 0; i < 3; i++) {
        const ok = await limited.call('GET', '/api/v1/customers', undefined, { token: key.key });
        expect(ok.status).toBe(200);
        expect(ok.headers.get('ratelimit-remaining')).toBe(String(2 - i));
      }
      const refused = await limited.call('GET', '/api/v1/customers', undefined, { token: key.key });
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      expect((await problemOf(refused)).type).toBe('urn:nova:problem:API.RATE_LIMITED');
      // per key: another key of the same member is not limited by the first one's calls
      expect((await limited.call('GET', '/api/v1/customers', undefined, { token: other.key })).status).toBe(200);
      limited.nova.clock.advance(61_000);
      expect((await limited.call('GET', '/api/v1/customers', undefined, { token: key.key })).status).toBe(200);
    } finally {
      await limited.close();
    }
  });
});
