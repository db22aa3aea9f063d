// The WhatsApp Web QR code as a PNG, for pairing a number from a browser when the terminal is out of
// reach (a server, a container). Mounted at /admin/whatsapp/qr. Whoever scans this QR code links the
// number to Nova, so it is behind the admin token: `Authorization: Bearer <ADMIN_TOKEN>` or `?token=`
// (the query form lets a phone or a browser open it directly; it ends up in access logs, so prefer the
// header where you can). The QR code changes about every 20 seconds: reload the page to get the next.
import { createHash, timingSafeEqual } from 'node:crypto';
import { Hono } from 'hono';

export interface QrSource {
  /** the current QR code as a PNG; undefined when there is none (connected, or not started) */
  qrPng(): Promise<Buffer | undefined>;
}

export function whatsappQrRoutes(channel: QrSource, adminToken: string): Hono {
  const app = new Hono();
  const expected = digest(adminToken);

  app.get('/', async (c) => {
    const header = c.req.header('authorization');
    const given = header?.match(/^Bearer\s+(.+)$/i)?.[1]?.trim() ?? c.req.query('token') ?? '';
    // An empty ADMIN_TOKEN opens nothing; compare digests so the time taken says nothing of the token.
    if (!adminToken || !given || !timingSafeEqual(digest(given), expected)) {
      return c.json({ error: 'unauthorized' }, 401, { 'www-authenticate': 'Bearer', 'cache-control': 'no-store' });
    }
    const png = await channel.qrPng();
    if (!png) {
      return c.json(
        {
          error: 'no_qr_code',
          message: 'No QR code to scan now: the number is connected, or not waiting for pairing.',
        },
        404,
        { 'cache-control': 'no-store' },
      );
    }
    return c.body(new Uint8Array(png), 200, {
      'content-type': 'image/png',
      'cache-control': 'no-store',
      'referrer-policy': 'no-referrer',
    });
  });
  return app;
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}
