// POST /webhooks/telegram: Telegram's webhook. The X-Telegram-Bot-Api-Secret-Token header must match
// TELEGRAM_WEBHOOK_SECRET (the secret_token given to setWebhook); the update is stored before the 200.
// A 500 makes Telegram deliver the update again later (the database was away); the inbox dedupes.
import { Hono } from 'hono';
import type { TelegramChannel } from '../../../bot/channels/telegram/telegram.channel.ts';
import { bodyWithin } from '../../body-limit.ts';

export const TELEGRAM_SECRET_HEADER = 'X-Telegram-Bot-Api-Secret-Token';
/** Updates are a few KB; a photo arrives as a file id, not bytes. */
const MAX_UPDATE_BYTES = 1024 * 1024;

export function telegramWebhookRoutes(channel: Pick<TelegramChannel, 'handleWebhook'>): Hono {
  const app = new Hono();
  app.post(
    '/',
    bodyWithin(MAX_UPDATE_BYTES, (c) => c.json({ error: 'payload_too_large' }, 413)),
    async (c) => {
      const handle = channel.handleWebhook;
      if (!handle) return c.json({ error: 'not_found' }, 404);
      const update: unknown = await c.req.json().catch(() => undefined);
      const outcome = await handle(update, c.req.header(TELEGRAM_SECRET_HEADER));
      if (outcome === 'forbidden') return c.json({ error: 'unauthorized' }, 401);
      if (outcome === 'retry') return c.json({ error: 'unavailable' }, 500);
      return c.json({ ok: true }, 200);
    },
  );
  return app;
}
