// A member signs in to the web chat in a real browser (headless Chromium): phone → a code that arrives
// in her own chat (the test channel here) → she talks to Nova and gets answers; the session survives a
// reload and a new tab (refreshed through the httpOnly cookie) and ends at sign-out.
import type { AddressInfo } from 'node:net';
import { type ServerType, serve } from '@hono/node-server';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/cli.ts';
import { SAAD, startTestNova, type TestNova } from '../support/nova.ts';
import { startTestWeb, type TestWeb } from '../support/web-auth.ts';

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
let web: TestWeb;
let server: ServerType;
let baseUrl: string;

beforeAll(async () => {
  nova = await startTestNova();
  web = await startTestWeb(nova);
  const port = await freePort();
  server = serve({ fetch: web.app.fetch, port, hostname: '127.0.0.1' });
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

/** The latest sign-in code written to سعد's chat on the test channel. */
async function codeFromHisChat(after: Date): Promise<string> {
  const started = Date.now();
  for (;;) {
    const row = await nova.db.outboundMessage.findFirst({
      where: {
        channelAccountId: nova.account.id,
        chatId: SAAD,
        idempotencyKey: { startsWith: 'auth.otp:' },
        createdAt: { gte: after },
      },
      orderBy: { seq: 'desc' },
    });
    const code = row ? /: (\d{6})\n/.exec((row.payload as { text: string }).text)?.[1] : undefined;
    if (code) return code;
    if (Date.now() - started > 15_000) throw new Error('no code in his chat');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('signing in to the web chat', () => {
  it('signs in with a code from his own chat, chats, stays signed in across a reload and a tab, and signs out', async () => {
    // سعد has used Nova from the test channel: his sign-in code goes there
    await nova.chat.send(SAAD, 'مرحبا');
    await nova.chat.settle();

    const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    try {
      const context = await browser.newContext({ viewport: { width: 1000, height: 860 }, locale: 'ar-SA' });
      const page = await context.newPage();
      page.setDefaultTimeout(20_000);
      const problems: string[] = [];
      const foreign: string[] = [];
      page.on('pageerror', (error) => problems.push(error.message));
      page.on('console', (message) => {
        // the wrong code below answers 400 on purpose; Chromium logs every failed fetch
        if (message.type() === 'error' && !/status of (400|401)/.test(message.text())) problems.push(message.text());
      });
      page.on('request', (request) => {
        const url = request.url();
        if (!url.startsWith(baseUrl) && !url.startsWith('data:')) foreign.push(url);
      });

      await page.goto(`${baseUrl}/chat`);
      await page.locator('#phone-form').waitFor({ state: 'visible' });
      expect(await page.locator('#chat-view').isHidden()).toBe(true);
      expect(await page.locator('#demo-banner').count()).toBe(0);
      expect(await page.locator('#identity').isHidden()).toBe(true);

      const asked = new Date(Date.now() - 1_000);
      await page.fill('#phone-input', '0500000001');
      await page.click('#phone-submit');
      await page.locator('#code-form').waitFor({ state: 'visible' });
      const code = await codeFromHisChat(asked);
      expect(web.codes.at(-1)?.code).toBe(code);

      // a wrong code first: told how many tries are left
      await page.fill('#code-input', code === '000000' ? '111111' : '000000');
      await page.click('#code-submit');
      await page.locator('#signin-error', { hasText: 'باقي لك 4 محاولات' }).waitFor();
      await page.screenshot({ path: '/tmp/web-chat-signin-code.png' });

      await page.fill('#code-input', code);
      await page.click('#code-submit');
      await page.locator('#chat-view').waitFor({ state: 'visible' });
      await page.locator('#member', { hasText: 'سعد' }).waitFor();
      expect(await page.locator('#signin').isHidden()).toBe(true);

      await page.fill('#text', 'عميل جديد اسمه فهد يبي شقة بالرياض');
      await page.press('#text', 'Enter');
      const fromNova = page.locator('.row.nova:not(.typing) .bubble');
      await fromNova.filter({ hasText: 'وش رقم جوال فهد؟' }).waitFor();
      await page.screenshot({ path: '/tmp/web-chat-member.png' });
      const webAccount = await nova.db.channelAccount.findFirstOrThrow({
        where: { kind: 'web', externalId: 'nova-demo' },
      });
      expect(await nova.db.inboundMessage.count({ where: { channelAccountId: webAccount.id, chatId: SAAD } })).toBe(1);

      // a reload keeps the session (sessionStorage) and shows the chat's history
      await page.reload();
      await fromNova.filter({ hasText: 'وش رقم جوال فهد؟' }).waitFor();

      // a new tab has no access token: it is renewed through the httpOnly cookie
      const tab = await context.newPage();
      tab.setDefaultTimeout(20_000);
      await tab.goto(`${baseUrl}/chat`);
      await tab.locator('#member', { hasText: 'سعد' }).waitFor();
      await tab.locator('.row.nova .bubble', { hasText: 'وش رقم جوال فهد؟' }).waitFor();
      // the refresh token is httpOnly: the page's script cannot read it
      expect(await tab.evaluate('document.cookie')).toBe('');
      await tab.close();

      await page.click('#signout');
      await page.locator('#phone-form').waitFor({ state: 'visible' });
      await page.reload();
      await page.locator('#phone-form').waitFor({ state: 'visible' });
      expect(await page.locator('#chat-view').isHidden()).toBe(true);

      await page.screenshot({ path: '/tmp/web-chat-signin.png' });
      expect(problems).toEqual([]);
      expect(foreign).toEqual([]);
    } finally {
      await browser.close();
    }
  });

  it('shows the public office page to a visitor, who talks to the office and gets an answer', async () => {
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    try {
      const page = await browser.newPage({ viewport: { width: 420, height: 800 } });
      page.setDefaultTimeout(20_000);
      const problems: string[] = [];
      page.on('pageerror', (error) => problems.push(error.message));
      page.on('console', (message) => {
        if (message.type() === 'error') problems.push(message.text());
      });
      await page.goto(`${baseUrl}/o/nova-demo`);
      await page.locator('h1', { hasText: 'مكتب نوفا العقاري' }).waitFor();
      expect(await page.locator('#signin').isHidden()).toBe(true);
      await page.fill('#text', 'مساعدة');
      await page.press('#text', 'Enter');
      await page.locator('.row.nova:not(.typing) .bubble').first().waitFor();
      await page.screenshot({ path: '/tmp/web-chat-visitor.png' });
      expect(problems).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
