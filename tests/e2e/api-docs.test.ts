// The admin API's reference (/api/docs) renders in Chromium from this server alone: the page shows
// the API's title and its operations, and the browser never asks another host for anything (Scalar's
// bundle is served from node_modules, web fonts are off).
import { serve } from '@hono/node-server';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../support/api.ts';
import { freePort } from '../support/cli.ts';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'];

let t: TestApi;
let server: ReturnType<typeof serve>;
let base: string;

beforeAll(async () => {
  t = await startTestApi();
  const port = await freePort();
  server = serve({ fetch: t.app.fetch, port, hostname: '127.0.0.1' });
  base = `http://127.0.0.1:${port}`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => server?.close(() => resolve()));
  await t?.close();
});

it('renders the reference with the API title and its operations, fetching nothing from other hosts', async () => {
  // No skip when Chromium is missing or broken: the launch error fails the test.
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage();
    const foreign: string[] = [];
    await page.route('**/*', (route) => {
      const url = new URL(route.request().url());
      if (url.origin === base || url.protocol === 'data:' || url.protocol === 'blob:') return route.continue();
      foreign.push(url.href);
      return route.abort();
    });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    const res = await page.goto(`${base}/api/docs`);
    expect(res?.status()).toBe(200);
    await page.getByRole('heading', { name: 'Nova admin API' }).waitFor({ timeout: 30_000 });
    // an operation of the API, in the reference's navigation
    await page.getByText("List the office's API keys").first().waitFor({ timeout: 30_000 });
    expect(await page.title()).toBe('Nova admin API');
    expect(foreign).toEqual([]);
    expect(errors).toEqual([]);
  } finally {
    await browser.close();
  }
});
