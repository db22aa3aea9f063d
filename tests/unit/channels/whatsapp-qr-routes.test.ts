// GET /admin/whatsapp/qr: the QR code as a PNG, behind the admin token.
import { describe, expect, it } from 'vitest';
import { whatsappQrRoutes } from '../../../api/routes/admin/whatsapp-qr.routes.ts';

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
const TOKEN = 's3cret-admin-token';

function routes(png: Buffer | undefined, token = TOKEN) {
  return whatsappQrRoutes({ qrPng: async () => png }, token);
}

describe('whatsappQrRoutes', () => {
  it('serves the current QR code as a PNG with a bearer token', async () => {
    const response = await routes(PNG).request('/', { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/png');
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(Buffer.from(await response.arrayBuffer())).toEqual(PNG);
  });

  it('accepts the token in the query, for opening the URL in a browser', async () => {
    const response = await routes(PNG).request(`/?token=${TOKEN}`);
    expect(response.status).toBe(200);
  });

  it('answers 404 when there is no QR code (connected, or pairing by code)', async () => {
    const response = await routes(undefined).request('/', { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: 'no_qr_code' });
  });

  it.each([
    ['no token', {}],
    ['a wrong bearer token', { authorization: 'Bearer nope' }],
    ['a token of another scheme', { authorization: `Basic ${TOKEN}` }],
  ])('refuses %s with 401', async (_name, headers) => {
    const response = await routes(PNG).request('/', { headers });
    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).not.toBe('image/png');
  });

  it('refuses a wrong query token and opens nothing when no admin token is configured', async () => {
    expect((await routes(PNG).request('/?token=nope')).status).toBe(401);
    expect((await routes(PNG, '').request('/?token=')).status).toBe(401);
    expect((await routes(PNG, '').request('/', { headers: { authorization: 'Bearer ' } })).status).toBe(401);
  });
});
