// The web chat end to end: a real page in headless Chromium → the chat routes → the inbox → BullMQ →
// the turn → the outbound rows the page polls. And the API's answers to bad input.
import type { AddressInfo } from 'node:net';
import { type ServerType, serve } from '@hono/node-server';
import { Hono } from 'hono';
import { chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatRoutes } from '../../api/routes/chat/chat.routes.ts';
import { DEMO_WEB_IDENTITIES } from '../../bin/web-identities.ts';
import { createWebReplies } from '../../bot/channels/web/web.replies.ts';
import { createInbox } from '../../bot/engine/inbox.ts';
import { createDb } from '../../core/db/client.ts';
import { freePort } from '../support/cli.ts';
import { LAYLA, SAAD, startTestNova, type TestNova } from '../support/nova.ts';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-quic',
  '--no-first-run',
  '--disable-component-update',
  '--disable-sync',
];

let nova: TestNova;
let server: ServerType;
let baseUrl: string;
let webAccountId: string;

beforeAll(async () => {
  nova = await startTestNova();
  const account = await nova.db.channelAccount.findFirstOrThrow({ where: { kind: 'web', externalId: 'nova-demo' } });
  webAccountId = account.id;
  const app = new Hono().route(
    '/chat',
    chatRoutes({
      replies: createWebReplies(nova.runtime.db),
      inbox: nova.runtime.inbox,
      demo: { webAccountId, identities: DEMO_WEB_IDENTITIES },
    }),
  );
  const port = await freePort();
  server = serve({ fetch: app.fetch, port, hostname: '127.0.0.1' });
  await new Promise<void>((resolve, reject) => {
    server.once('listening', () => resolve());
    server.once('error', reject);
  });
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  await nova?.close();
});

async function say(page: Page, text: string) {
  await page.fill('#text', text);
  await page.press('#text', 'Enter');
  await page.locator('.row.me:not(.pending) .bubble', { hasText: text }).last().waitFor();
  expect(await page.inputValue('#text')).toBe('');
}

describe('web chat in a browser', () => {
  it('adds a lead by chat and updates it with a clickable choice', async () => {
    // No skip when Chromium is missing or broken: the launch error fails the test.
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    try {
      const page = await browser.newPage({ viewport: { width: 1000, height: 860 }, locale: 'ar-SA' });
      page.setDefaultTimeout(20_000);
      const problems: string[] = [];
      const foreign: string[] = [];
      page.on('pageerror', (error) => problems.push(error.message));
      page.on('console', (message) => {
        // the 503 below is provoked on purpose; Chromium logs every failed fetch
        if (message.type() === 'error' && !message.text().includes('status of 503')) problems.push(message.text());
      });
      page.on('request', (request) => {
        const url = request.url();
        if (!url.startsWith(baseUrl) && !url.startsWith('data:')) foreign.push(url);
      });

      await page.goto(`${baseUrl}/chat`);
      expect(await page.getAttribute('html', 'dir')).toBe('rtl');
      expect(await page.getAttribute('html', 'lang')).toBe('ar');
      await page.locator('#identity:not([disabled])').waitFor();
      expect(await page.locator('#identity option').count()).toBe(DEMO_WEB_IDENTITIES.length);
      // demo mode says so, visibly
      expect(await page.locator('#demo-banner').isVisible()).toBe(true);
      await page.selectOption('#identity', SAAD);

      await page.locator('#empty').waitFor({ state: 'visible' });

      // A failed send shows a discreet error and keeps the text; sending again reuses its clientId.
      const first = 'عميل جديد اسمه فهد يبي شقة بالرياض';
      const posted: Array<{ clientId: string }> = [];
      await page.route('**/chat/api/messages', (route) => {
        posted.push(route.request().postDataJSON());
        return route.fulfill({ status: 503, contentType: 'application/json', body: '{"error":"unavailable"}' });
      });
      await page.fill('#text', first);
      await page.press('#text', 'Enter');
      await page.locator('#error').waitFor({ state: 'visible' });
      expect(await page.inputValue('#text')).toBe(first);
      expect(await page.locator('.row.me').count()).toBe(0);
      await page.unroute('**/chat/api/messages');
      const retried = page.waitForRequest((r) => r.method() === 'POST' && r.url().endsWith('/chat/api/messages'));
      await page.press('#text', 'Enter');
      expect((await retried).postDataJSON().clientId).toBe(posted[0]!.clientId);
      await page.locator('.row.me:not(.pending) .bubble', { hasText: first }).waitFor();
      await page.locator('#error').waitFor({ state: 'hidden' });

      const fromNova = page.locator('.row.nova:not(.typing) .bubble');
      await fromNova.filter({ hasText: 'وش رقم جوال فهد؟' }).waitFor();
      await say(page, '0551112233');
      await fromNova.filter({ hasText: 'أضفت العميل فهد' }).waitFor();

      await say(page, 'عميل جديد فهد 0551112233');
      const update = page.locator('.row.nova .choice', { hasText: 'حدّث بياناته' });
      await update.waitFor();
      expect(await update.isEnabled()).toBe(true);
      await update.click();
      await fromNova.filter({ hasText: 'حدّثت بيانات فهد' }).waitFor();
      // the picked choice is shown as the broker's message and cannot be clicked again
      await page.locator('.row.me .bubble', { hasText: 'حدّث بياناته' }).waitFor();
      expect(await update.isDisabled()).toBe(true);

      // RTL: Nova speaks from the right, the person from the left; each bubble finds its own direction
      const novaBox = (await fromNova.first().boundingBox())!;
      const mineBox = (await page.locator('.row.me .bubble').first().boundingBox())!;
      expect(novaBox.x + novaBox.width).toBeGreaterThan(mineBox.x + mineBox.width);
      expect(await fromNova.first().getAttribute('dir')).toBe('auto');
      await page.locator('.typing').waitFor({ state: 'detached' });

      // Another visitor's page: picking سعد shows his chat's replies from Nova; switching identity clears it.
      const other = await browser.newPage({ viewport: { width: 420, height: 800 } });
      other.setDefaultTimeout(20_000);
      await other.goto(`${baseUrl}/chat`);
      await other.locator('#identity:not([disabled])').waitFor();
      await other.selectOption('#identity', SAAD);
      const replies = await nova.db.outboundMessage.count({ where: { channelAccountId: webAccountId, chatId: SAAD } });
      expect(replies).toBe(4);
      const history = other.locator('.row.nova:not(.typing) .bubble');
      await history.nth(replies - 1).waitFor();
      expect(await history.count()).toBe(replies);
      expect(await other.locator('.row.me').count()).toBe(0);
      await other.selectOption('#identity', LAYLA);
      await other.locator('.row').first().waitFor({ state: 'detached' });
      await other.locator('#empty').waitFor({ state: 'visible' });
      await other.close();

      await page.screenshot({ path: '/tmp/web-chat.png' });
      expect(problems).toEqual([]);
      expect(foreign).toEqual([]);
    } finally {
      await browser.close();
    }

    expect(
      await nova.db.customer.count({ where: { organizationId: nova.organizationId, phone: '+966551112233' } }),
    ).toBe(1);
  });
});

describe('web chat API', () => {
  const post = (body: unknown) =>
    fetch(`${baseUrl}/chat/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });

  it('serves a self-contained RTL page and the identities', async () => {
    const res = await fetch(`${baseUrl}/chat`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await res.text();
    expect(html).toContain('<html lang="ar" dir="rtl">');
    expect(html).not.toMatch(/(src|href)\s*=\s*["']?(https?:)?\/\//i);
    const identities = await (await fetch(`${baseUrl}/chat/api/identities`)).json();
    expect(identities).toEqual(DEMO_WEB_IDENTITIES);
  });

  it('refuses bad input with the right status', async () => {
    const clientId = crypto.randomUUID();
    expect((await post({ from: '+966599999999', text: 'مرحبا', clientId })).status).toBe(403);
    const missing = await post({ from: LAYLA, clientId });
    expect(missing.status).toBe(400);
    expect(await missing.json()).toMatchObject({ error: 'invalid_request' });
    expect((await post({ from: LAYLA, text: '   ', clientId })).status).toBe(400);
    expect((await post({ from: LAYLA, text: 'مرحبا' })).status).toBe(400);
    expect((await post('{not json')).status).toBe(400);

    const long = await post({ from: LAYLA, text: 'a'.repeat(70 * 1024), clientId });
    expect(long.status).toBe(413);
    expect(((await long.json()) as { message: string }).message).toContain('64 KB');
    // Arabic letters are two bytes each: 40,000 of them are over the limit too
    expect((await post({ from: LAYLA, text: 'ب'.repeat(40_000), clientId })).status).toBe(413);
    expect(await nova.db.inboundMessage.count({ where: { channelAccountId: webAccountId, chatId: LAYLA } })).toBe(0);

    expect((await fetch(`${baseUrl}/chat/api/messages?from=%2B966599999999&after=0`)).status).toBe(403);
    expect((await fetch(`${baseUrl}/chat/api/messages?from=${encodeURIComponent(LAYLA)}&after=abc`)).status).toBe(400);
  });

  it('stores a retried message once and answers it once', async () => {
    const clientId = crypto.randomUUID();
    const first = await post({ from: LAYLA, text: 'مرحبا', clientId });
    expect(first.status).toBe(202);
    const firstBody = (await first.json()) as { id: string; duplicate: boolean };
    expect(firstBody).toMatchObject({ duplicate: false });
    const again = await post({ from: LAYLA, text: 'مرحبا', clientId });
    expect(again.status).toBe(202);
    expect(await again.json()).toEqual({ id: firstBody.id, duplicate: true });
    expect(
      await nova.db.inboundMessage.count({ where: { channelAccountId: webAccountId, externalId: `web-${clientId}` } }),
    ).toBe(1);

    // the reply shows up in the poll, with its seq as a string
    const url = `${baseUrl}/chat/api/messages?from=${encodeURIComponent(LAYLA)}&after=0`;
    let replies: Array<{ seq: string; text: string }> = [];
    for (let i = 0; i < 100 && replies.length === 0; i++) {
      replies = (await (await fetch(url)).json()) as typeof replies;
      if (replies.length === 0) await new Promise((r) => setTimeout(r, 100));
    }
    expect(replies).toHaveLength(1);
    expect(replies[0]!.seq).toMatch(/^\d+$/);
    expect(replies[0]!.text.length).toBeGreaterThan(0);
    const later = await (await fetch(`${url.replace('after=0', `after=${replies[0]!.seq}`)}`)).json();
    expect(later).toEqual([]);
  });

  it('answers 503 while the database is down', async () => {
    const deadDb = createDb('postgresql://nova:nova@127.0.0.1:1/nova');
    try {
      const app = new Hono().route(
        '/chat',
        chatRoutes({
          replies: createWebReplies(deadDb),
          inbox: createInbox({ db: deadDb, jobs: nova.runtime.jobs }),
          demo: { webAccountId, identities: DEMO_WEB_IDENTITIES },
        }),
      );
      const res = await app.request('/chat/api/messages', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ from: SAAD, text: 'مرحبا', clientId: crypto.randomUUID() }),
      });
      expect(res.status).toBe(503);
      expect(await res.json()).toMatchObject({ error: 'unavailable' });
      const poll = await app.request(`/chat/api/messages?from=${encodeURIComponent(SAAD)}&after=0`);
      expect(poll.status).toBe(503);
    } finally {
      await deadDb.$disconnect();
    }
  });
});
