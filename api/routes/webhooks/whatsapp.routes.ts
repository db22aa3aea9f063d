// The WhatsApp Cloud API webhook, mounted at /webhooks/whatsapp. GET answers Meta's subscription check;
// POST hands the raw body (the signature covers the exact bytes) to the channel, which answers 200
// only once the messages are stored, 401 for a bad signature and 500 when they could not be stored.
import { Hono } from 'hono';
import type { WhatsAppCloudChannel } from '../../../bot/channels/whatsapp-cloud/cloud.channel.ts';
import { bodyWithin } from '../../body-limit.ts';

/** Meta's webhook bodies are a few KB; this leaves room for batches. */
export const WEBHOOK_MAX_BODY_BYTES = 1024 * 1024;

export function whatsappWebhookRoutes(channel: Pick<WhatsAppCloudChannel, 'verify' | 'receive'>): Hono {
  const app = new Hono();

  app.get('/', (c) => {
    const answer = channel.verify({
      'hub.mode': c.req.query('hub.mode'),
      'hub.verify_token': c.req.query('hub.verify_token'),
      'hub.challenge': c.req.query('hub.challenge'),
    });
    c.header('Cache-Control', 'no-store');
    return c.text(answer.body, answer.status as 200 | 403);
  });

  app.post(
    '/',
    bodyWithin(WEBHOOK_MAX_BODY_BYTES, (c) => c.text('Payload Too Large', 413)),
    async (c) => {
      const raw = Buffer.from(await c.req.arrayBuffer());
      const { status } = await channel.receive(raw, c.req.header('x-hub-signature-256'));
      return c.body(null, status as 200 | 400 | 401 | 500 | 503);
    },
  );

  return app;
}
