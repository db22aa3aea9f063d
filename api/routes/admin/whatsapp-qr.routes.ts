// The QR pairing page of one WhatsApp Web number, for pairing it from a browser when the terminal is out
// of reach (a server, a container). Whoever scans this QR code links the number to Nova, so every route
// is behind admin-access.ts: the owner or an admin of the number's office, or ADMIN_TOKEN. Mounted at
// /admin/whatsapp/<accountId> (bin/admin.ts); the environment's number (WHATSAPP_WEB_ENABLED) also at
// /admin/whatsapp, as before:
//
//   GET …/qr      a browser (Accept: text/html) gets the page: the number's state, live (polled every
//                 2 s), the QR code while it waits for one, the pairing code in pairing-code mode;
//                 anything else gets the QR code as a PNG (curl with ADMIN_TOKEN, as before)
//   GET …/qr.png  the QR code as a PNG; 404 `no_qr_code` when there is none (connected, or pairing by code)
//   GET …/state   {state, qrId?, pairingCode?}: qrId changes when the QR code does (about every 20 s)
//
// The page's links are relative (state, qr.png), so it works under either mount.
import { createHash } from 'node:crypto';
import { Hono, type MiddlewareHandler } from 'hono';
import { PAIRING_PAGE_CSP, renderPairingPage } from './admin.page.ts';

export interface QrSource {
  /** the connection state (waiting_for_qr, connected, …) */
  state(): string;
  /** the current QR code as a PNG; undefined when there is none (connected, or not started) */
  qrPng(): Promise<Buffer | undefined>;
  /** the QR code's text, while waiting for one */
  qr(): string | undefined;
  /** the code to type on the phone, in pairing-code mode */
  pairingCode?(): string | undefined;
}

/** A WhatsApp Web number this process owns (bin/channels.ts). */
export interface PairableChannel {
  accountId: string;
  organizationId: string;
  /** what the page calls it: "WhatsApp Web", or the account's label and office */
  label: string;
  channel: QrSource;
  /** the environment's number (WHATSAPP_WEB_ENABLED): its page is also at /admin/whatsapp/qr */
  fromEnvironment?: boolean;
}

const NO_STORE = { 'cache-control': 'no-store' } as const;

export function whatsappQrRoutes(pairable: Pick<PairableChannel, 'label' | 'channel'>, guard: MiddlewareHandler): Hono {
  const app = new Hono();
  const { channel } = pairable;

  const png = async () => {
    const image = await channel.qrPng();
    if (!image) {
      return new Response(
        JSON.stringify({
          error: 'no_qr_code',
          message:
            'لا يوجد رمز QR الآن: الرقم متصل، أو لا ينتظر الربط. / No QR code to scan now: the number is connected, or not waiting for pairing.',
        }),
        { status: 404, headers: { 'content-type': 'application/json', ...NO_STORE } },
      );
    }
    return new Response(new Uint8Array(image), {
      status: 200,
      headers: { 'content-type': 'image/png', 'referrer-policy': 'no-referrer', ...NO_STORE },
    });
  };

  // Guarded route by route (not app.use('*')): mounted at /admin/whatsapp, a '*' middleware would also
  // run for the other numbers' pages under /admin/whatsapp/<accountId>.
  app.get('/qr', guard, async (c) => {
    if (!(c.req.header('accept') ?? '').includes('text/html')) return png();
    return c.html(renderPairingPage(pairable.label), 200, {
      'content-security-policy': PAIRING_PAGE_CSP,
      'referrer-policy': 'no-referrer',
      'x-frame-options': 'DENY',
      ...NO_STORE,
    });
  });
  app.get('/qr.png', guard, () => png());
  app.get('/state', guard, (c) => {
    const qr = channel.qr();
    const code = channel.pairingCode?.();
    return c.json(
      {
        state: channel.state(),
        ...(qr ? { qrId: createHash('sha256').update(qr).digest('base64url').slice(0, 16) } : {}),
        ...(code ? { pairingCode: code } : {}),
      },
      200,
      NO_STORE,
    );
  });
  return app;
}
