// A WhatsApp Web number's pairing routes: the page (browsers), the QR code as a PNG (curl), the live
// state; behind the admin guard (here with ADMIN_TOKEN; members are tested in
// tests/integration/admin-pages.test.ts).
import { describe, expect, it } from 'vitest';
import { createAdminAccess, ownerOf } from '../../../api/routes/admin/admin-access.ts';
import { whatsappQrRoutes } from '../../../api/routes/admin/whatsapp-qr.routes.ts';
import { systemClock } from '../../../core/shared/clock.ts';

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
const TOKEN = 's3cret-admin-token';
const BEARER = { authorization: `Bearer ${TOKEN}` };

function routes(channel: { png?: Buffer; qr?: string; state?: string; code?: string }, token = TOKEN) {
  const access = createAdminAccess({
    sessions: { verifyAccess: async () => null, live: async () => null },
    adminToken: token,
    cookieKey: Buffer.alloc(32, 7),
    clock: systemClock,
    secureCookies: false,
  });
  return whatsappQrRoutes(
    {
      label: 'WhatsApp Web <office>',
      channel: {
        state: () => channel.state ?? 'waiting_for_qr',
        qr: () => channel.qr,
        qrPng: async () => channel.png,
        pairingCode: () => channel.code,
      },
    },
    access.require(ownerOf(() => 'office-1')),
  );
}

describe('whatsappQrRoutes', () => {
  it('serves the current QR code as a PNG to a client that does not ask for HTML, and at qr.png', async () => {
    for (const path of ['/qr', '/qr.png']) {
      const response = await routes({ png: PNG, qr: 'qr-1' }).request(path, { headers: BEARER });
      expect(response.status, path).toBe(200);
      expect(response.headers.get('content-type')).toBe('image/png');
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(Buffer.from(await response.arrayBuffer())).toEqual(PNG);
    }
  });

  it('gives a browser the pairing page, its label escaped, under a strict CSP', async () => {
    const response = await routes({ png: PNG, qr: 'qr-1' }).request('/qr', {
      headers: { ...BEARER, accept: 'text/html,application/xhtml+xml' },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/html');
    expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await response.text();
    expect(html).toContain('WhatsApp Web &#60;office&#62;');
    expect(html).not.toContain('<office>');
  });

  it('reports the state live: an id of the QR code that changes with it, or the pairing code', async () => {
    const state = async (qr: string) =>
      (await (await routes({ png: PNG, qr }).request('/state', { headers: BEARER })).json()) as {
        state: string;
        qrId?: string;
      };
    const waiting = await state('qr-1');
    const next = await state('qr-2');
    expect(waiting.state).toBe('waiting_for_qr');
    expect(waiting.qrId).toMatch(/^[\w-]{16}$/);
    expect(next.qrId).not.toBe(waiting.qrId);
    const byCode = await routes({ state: 'waiting_for_pairing_code', code: 'ABCD-1234' }).request('/state', {
      headers: BEARER,
    });
    expect(await byCode.json()).toEqual({ state: 'waiting_for_pairing_code', pairingCode: 'ABCD-1234' });
    const connected = await routes({ state: 'connected' }).request('/state', { headers: BEARER });
    expect(await connected.json()).toEqual({ state: 'connected' });
  });

  it('answers 404 at qr.png when there is no QR code (connected, or pairing by code)', async () => {
    const response = await routes({ state: 'connected' }).request('/qr.png', { headers: BEARER });
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: 'no_qr_code' });
  });

  it.each([
    ['no token', {}],
    ['a wrong bearer token', { authorization: 'Bearer nope' }],
    ['a token of another scheme', { authorization: `Basic ${TOKEN}` }],
  ])('refuses %s with 401 on every route', async (_name, headers) => {
    for (const path of ['/qr', '/qr.png', '/state']) {
      const response = await routes({ png: PNG, qr: 'qr-1' }).request(path, { headers });
      expect(response.status, path).toBe(401);
      expect(response.headers.get('content-type')).not.toBe('image/png');
    }
  });

  it('no longer takes the token in the query, and opens nothing when no admin token is configured', async () => {
    expect((await routes({ png: PNG }).request(`/qr?token=${TOKEN}`)).status).toBe(401);
    expect((await routes({ png: PNG }, '').request('/qr', { headers: { authorization: 'Bearer ' } })).status).toBe(401);
  });
});
