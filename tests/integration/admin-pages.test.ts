// The admin pages of `nova start` (bin/admin.ts): the queue dashboard /admin/queues and a WhatsApp Web
// number's QR page /admin/whatsapp/<accountId>/qr, over a real database (sign-ins, members) and real
// BullMQ queues. Nobody anonymous gets in (401); the owner of the installation's office does, with her
// sign-in token or the cookie /admin gives for it; a broker, or the owner of another office, is refused
// (403); the operator's ADMIN_TOKEN opens everything.
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../api/app.ts';
import type { PairableChannel } from '../../api/routes/admin/whatsapp-qr.routes.ts';
import { buildAdmin } from '../../bin/admin.ts';
import { authKeys } from '../../core/auth/keys.ts';
import { createSessionsService, type SessionsService } from '../../core/auth/sessions.service.ts';
import { createBullJobQueue } from '../../core/jobs/bullmq.queue.ts';
import { systemClock } from '../../core/shared/clock.ts';
import { silentLogger } from '../../core/shared/logger.ts';
import { DEMO, DEMO_ORG_SLUG, seedDemo } from '../../prisma/seed.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-db.ts';

const SECRET = 'admin-pages-test-secret-0123456789abcdef';
const ADMIN_TOKEN = `operator-${randomBytes(12).toString('hex')}`;
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const prefix = `nova-test-admin-${randomBytes(4).toString('hex')}`;
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 7, 7, 7]);

let t: TestDatabase;
let jobs: ReturnType<typeof createBullJobQueue>;
let app: ReturnType<typeof createApp>;
let sessions: SessionsService;
const token = { owner: '', broker: '', otherOwner: '' };
let ownerRefresh = '';
let otherOwnerId = '';
const number = { demo: '', other: '' };

function qrSource(): PairableChannel['channel'] {
  return { state: () => 'waiting_for_qr', qr: () => 'qr-text', qrPng: async () => PNG, pairingCode: () => undefined };
}

beforeAll(async () => {
  t = await createTestDatabase();
  await seedDemo(t.db, { password: 'demo-password' });
  const demo = await t.db.organization.findUniqueOrThrow({ where: { slug: DEMO_ORG_SLUG } });
  const other = await t.db.organization.create({
    data: { name: 'Jeddah Homes', slug: `jeddah-${randomBytes(3).toString('hex')}` },
  });
  const owner = await t.db.user.create({
    data: { organizationId: demo.id, name: 'مالك المكتب', phone: '+966511110000', role: 'owner' },
  });
  const otherOwner = await t.db.user.create({
    data: { organizationId: other.id, name: 'Sami', phone: '+966522220000', role: 'owner' },
  });
  otherOwnerId = otherOwner.id;
  const layla = await t.db.user.findFirstOrThrow({ where: { organizationId: demo.id, phone: DEMO.layla.phone } });
  expect(layla.role).toBe('broker');

  sessions = createSessionsService({ db: t.db, clock: systemClock, key: authKeys(SECRET).jwt });
  const signIn = async (u: typeof owner, office: { slug: string; name: string }) =>
    sessions.start({
      userId: u.id,
      organizationId: u.organizationId,
      name: u.name,
      phone: u.phone,
      role: u.role,
      office,
    });
  const ownerSession = await signIn(owner, demo);
  token.owner = ownerSession.accessToken;
  ownerRefresh = ownerSession.refreshToken;
  token.broker = (await signIn(layla, demo)).accessToken;
  token.otherOwner = (await signIn(otherOwner, other)).accessToken;

  // Real queues, one job waiting in one of them.
  jobs = createBullJobQueue({ redisUrl: REDIS_URL, prefix });
  await jobs.enqueue('inbound.process', { inboundId: 'admin-pages-test', chatKey: 'x' });

  for (const [key, org] of [
    ['demo', demo.id],
    ['other', other.id],
  ] as const) {
    number[key] = (
      await t.db.channelAccount.create({
        data: { organizationId: org, kind: 'whatsapp_web', externalId: `wa-${randomBytes(3).toString('hex')}` },
      })
    ).id;
  }
  const mounts = buildAdmin({
    db: t.db,
    clock: systemClock,
    masterSecret: SECRET,
    adminToken: ADMIN_TOKEN,
    secureCookies: false,
    operatorOffice: async () => demo.id,
    queues: [jobs.queue('inbound.process'), jobs.queue('outbound.send')],
    pairable: [
      {
        accountId: number.demo,
        organizationId: demo.id,
        label: 'WhatsApp Web',
        channel: qrSource(),
        fromEnvironment: true,
      },
      { accountId: number.other, organizationId: other.id, label: 'Jeddah WhatsApp', channel: qrSource() },
    ],
  });
  app = createApp({ logger: silentLogger, readiness: {}, mounts });
});

afterAll(async () => {
  await jobs?.close();
  const redis = new Redis(REDIS_URL);
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length) await redis.del(...keys);
  await redis.quit();
  await t?.drop();
});

interface Overview {
  caller: { kind: string; role?: string };
  queues: boolean;
  whatsapp: Array<{ accountId: string; label: string; state: string; url: string }>;
}

const bearer = (value: string) => ({ authorization: `Bearer ${value}` });
const get = (path: string, headers: Record<string, string> = {}) => app.request(path, { headers });
const dashboard = '/admin/queues';
const qrPage = () => `/admin/whatsapp/${number.demo}/qr`;

describe('the admin pages refuse anonymous requests', () => {
  it('answer 401 on the dashboard, its API and assets, and on every QR route', async () => {
    const paths = [
      dashboard,
      '/admin/queues/queue/inbound-process',
      '/admin/queues/api/queues',
      '/admin/queues/static/favicon-32x32.png',
      qrPage(),
      `/admin/whatsapp/${number.demo}/qr.png`,
      `/admin/whatsapp/${number.demo}/state`,
      '/admin/whatsapp/qr',
      '/admin/api/overview',
    ];
    for (const path of paths) {
      const response = await get(path);
      expect(response.status, path).toBe(401);
      expect(response.headers.get('www-authenticate'), path).toContain('Bearer');
      expect(response.headers.get('content-type'), path).toContain('application/json');
    }
    const retry = await app.request('/admin/queues/api/queues/inbound-process/retry/failed', { method: 'PUT' });
    expect(retry.status).toBe(401);
  });

  it('send a browser to the sign-in page, and refuse a wrong or a made-up credential', async () => {
    const browser = await get(dashboard, { accept: 'text/html' });
    expect(browser.status).toBe(401);
    expect(await browser.text()).toContain('/admin?next=%2Fadmin%2Fqueues');
    for (const headers of [
      bearer('not-a-token'),
      bearer(`${ADMIN_TOKEN}x`),
      { authorization: `Basic ${ADMIN_TOKEN}` },
      { cookie: 'nova_admin=eyJhbGciOiJIUzI1NiJ9.e30.x' },
    ]) {
      expect((await get(dashboard, headers)).status, JSON.stringify(headers)).toBe(401);
      expect((await get(qrPage(), headers)).status, JSON.stringify(headers)).toBe(401);
    }
  });

  it('serve the sign-in page itself to anyone: a form and a script, no data', async () => {
    const page = await get('/admin');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await page.text();
    expect(html).toContain('/auth/otp/request');
    expect(html).not.toContain('inbound-process');
  });
});

describe("the installation's owner", () => {
  it('opens the queue dashboard with her sign-in token: its page, its assets and its API', async () => {
    const page = await get(dashboard, bearer(token.owner));
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(await page.text()).toContain('<base href="/admin/queues/"');
    const asset = await get('/admin/queues/static/favicon-32x32.png', bearer(token.owner));
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toBe('image/png');
    const api = await get('/admin/queues/api/queues', bearer(token.owner));
    expect(api.status).toBe(200);
    const { queues } = (await api.json()) as { queues: Array<{ name: string; counts: Record<string, number> }> };
    expect(queues.map((q) => q.name).sort()).toEqual(['inbound-process', 'outbound-send']);
    const inbound = queues.find((q) => q.name === 'inbound-process')!;
    expect((inbound.counts.waiting ?? 0) + (inbound.counts.prioritized ?? 0)).toBe(1);
  });

  it("opens her number's QR page, its image and its live state", async () => {
    const page = await get(qrPage(), { ...bearer(token.owner), accept: 'text/html' });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('WhatsApp Web');
    const png = await get(`/admin/whatsapp/${number.demo}/qr.png`, bearer(token.owner));
    expect(Buffer.from(await png.arrayBuffer())).toEqual(PNG);
    const state = await get(`/admin/whatsapp/${number.demo}/state`, bearer(token.owner));
    expect(await state.json()).toMatchObject({ state: 'waiting_for_qr' });
    // the environment's number keeps its former address too
    expect((await get('/admin/whatsapp/qr', bearer(token.owner))).status).toBe(200);
  });

  it('lists on /admin what she may open: the dashboard and her office’s numbers only', async () => {
    const response = await get('/admin/api/overview', bearer(token.owner));
    expect(response.status).toBe(200);
    const overview = (await response.json()) as Overview;
    expect(overview).toMatchObject({ caller: { kind: 'member', role: 'owner' }, queues: true });
    expect(overview.whatsapp).toEqual([
      {
        accountId: number.demo,
        label: 'WhatsApp Web',
        state: 'waiting_for_qr',
        url: `/admin/whatsapp/${number.demo}/qr`,
      },
    ]);
    expect(JSON.stringify(overview)).not.toContain('+9665');
  });

  it('trades her token for the pages’ cookie, which opens them in a browser until she signs out', async () => {
    const session = await app.request('/admin/session', { method: 'POST', headers: bearer(token.owner) });
    expect(session.status).toBe(200);
    const setCookie = session.headers.get('set-cookie')!;
    expect(setCookie).toMatch(/^nova_admin=[\w-]+\.[\w-]+\.[\w-]+;/);
    expect(setCookie).toContain('HttpOnly');
    expect(setCookie).toContain('SameSite=Strict');
    expect(setCookie).toContain('Path=/admin');
    const cookie = { cookie: setCookie.split(';')[0]! };
    expect((await get(dashboard, cookie)).status).toBe(200);
    expect((await get('/admin/queues/static/favicon-32x32.png', cookie)).status).toBe(200);
    expect((await get(`/admin/whatsapp/${number.demo}/qr.png`, cookie)).status).toBe(200);
    // a change made from another site with the cookie is refused
    const crossSite = await app.request('/admin/queues/api/queues/inbound-process/retry/failed', {
      method: 'PUT',
      headers: { ...cookie, 'sec-fetch-site': 'cross-site' },
    });
    expect(crossSite.status).toBe(403);
    // the cookie itself is not traded for a new one
    expect((await app.request('/admin/session', { method: 'POST', headers: cookie })).status).toBe(401);
    // signing out ends her sign-in: the cookie (and her token) stop working at once
    await sessions.logout(ownerRefresh);
    expect((await get(dashboard, cookie)).status).toBe(401);
    expect((await get(dashboard, bearer(token.owner))).status).toBe(401);
  });
});

describe('everyone else', () => {
  it('refuses a broker of the same office (403), on the pages and for the cookie', async () => {
    expect((await get(dashboard, bearer(token.broker))).status).toBe(403);
    expect((await get('/admin/queues/api/queues', bearer(token.broker))).status).toBe(403);
    const qr = await get(qrPage(), bearer(token.broker));
    expect(qr.status).toBe(403);
    expect(((await qr.json()) as { message: string }).message).toContain(
      'for the owner or an admin of the office only',
    );
    const session = await app.request('/admin/session', { method: 'POST', headers: bearer(token.broker) });
    expect(session.status).toBe(403);
    expect(session.headers.get('set-cookie')).toBeNull();
  });

  it("refuses another office's owner the dashboard and this office's number, and opens her own number", async () => {
    expect((await get(dashboard, bearer(token.otherOwner))).status).toBe(403);
    expect((await get(qrPage(), bearer(token.otherOwner))).status).toBe(403);
    expect((await get('/admin/whatsapp/qr', bearer(token.otherOwner))).status).toBe(403);
    expect((await get(`/admin/whatsapp/${number.other}/qr`, bearer(token.otherOwner))).status).toBe(200);
    const overview = (await (await get('/admin/api/overview', bearer(token.otherOwner))).json()) as Overview;
    expect(overview.queues).toBe(false);
    expect(overview.whatsapp.map((n: { accountId: string }) => n.accountId)).toEqual([number.other]);
  });

  it('reads the role at every request: an owner made a broker is refused at once, cookie or token', async () => {
    const session = await app.request('/admin/session', { method: 'POST', headers: bearer(token.otherOwner) });
    const cookie = { cookie: session.headers.get('set-cookie')!.split(';')[0]! };
    const ownPage = `/admin/whatsapp/${number.other}/qr.png`;
    expect((await get(ownPage, cookie)).status).toBe(200);
    await t.db.user.update({ where: { id: otherOwnerId }, data: { role: 'broker' } });
    try {
      expect((await get(ownPage, cookie)).status).toBe(403);
      expect((await get(ownPage, bearer(token.otherOwner))).status).toBe(403);
    } finally {
      await t.db.user.update({ where: { id: otherOwnerId }, data: { role: 'owner' } });
    }
  });

  it('opens everything to the operator’s ADMIN_TOKEN, in a header or as the cookie it is traded for', async () => {
    expect((await get(dashboard, bearer(ADMIN_TOKEN))).status).toBe(200);
    expect((await get(`/admin/whatsapp/${number.other}/qr.png`, bearer(ADMIN_TOKEN))).status).toBe(200);
    const session = await app.request('/admin/session', { method: 'POST', headers: bearer(ADMIN_TOKEN) });
    const cookie = { cookie: session.headers.get('set-cookie')!.split(';')[0]! };
    expect((await get(dashboard, cookie)).status).toBe(200);
    expect((await get(qrPage(), cookie)).status).toBe(200);
    // an operator's cookie holds no token, and ends when ADMIN_TOKEN changes
    expect(cookie.cookie).not.toContain(ADMIN_TOKEN);
    const rotated = createApp({
      logger: silentLogger,
      readiness: {},
      mounts: buildAdmin({
        db: t.db,
        clock: systemClock,
        masterSecret: SECRET,
        adminToken: `${ADMIN_TOKEN}-new`,
        secureCookies: false,
        operatorOffice: async () => undefined,
        queues: [],
        pairable: [],
      }),
    });
    expect((await rotated.request(dashboard, { headers: cookie })).status).toBe(401);
  });
});
