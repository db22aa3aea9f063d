// Starts the channels configured by the environment for the office named by NOVA_DEFAULT_ORG (more
// accounts come through the admin API later): their adapters go to the outbox, their webhook and admin
// routes to the API, their states to /readyz, and their media fetchers to the photo checks. This is
// the composition root's job: the one place where bot/channels and api/routes meet.
// `nova start` runs them all; `nova worker` only needs to send, so it gets senders without polling,
// webhooks or the WhatsApp Web socket (a number is owned by one process: see docs/channels).
import path from 'node:path';
import type { Hono } from 'hono';
import { whatsappQrRoutes } from '../api/routes/admin/whatsapp-qr.routes.ts';
import type { ReadinessCheck } from '../api/routes/health/health.routes.ts';
import { telegramWebhookRoutes } from '../api/routes/webhooks/telegram.routes.ts';
import { whatsappWebhookRoutes } from '../api/routes/webhooks/whatsapp.routes.ts';
import { ensureChannelAccount } from '../bot/channels/accounts.ts';
import {
  createTelegramAdapter,
  startTelegramChannel,
  telegramBotId,
} from '../bot/channels/telegram/telegram.channel.ts';
import { startWhatsAppWebChannel } from '../bot/channels/whatsapp/whatsapp.channel.ts';
import { startWhatsAppCloudChannel } from '../bot/channels/whatsapp-cloud/cloud.channel.ts';
import { cloudTemplatesFromEnv } from '../bot/channels/whatsapp-cloud/cloud.config.ts';
import type { Inbox } from '../bot/engine/inbox.ts';
import type { mapRegistry } from '../bot/engine/outbox.ts';
import type { MediaDeps } from '../bot/media.ts';
import type { RunningChannel } from '../bot/types.ts';
import type { AppConfig } from '../core/config/env.ts';
import type { Db } from '../core/db/client.ts';
import type { Clock } from '../core/shared/clock.ts';
import type { Logger } from '../core/shared/logger.ts';

export interface ChannelDeps {
  cfg: AppConfig;
  db: Db;
  inbox: Inbox;
  logger: Logger;
  clock: Clock;
  organizationId: string;
  adapters: ReturnType<typeof mapRegistry>;
  mediaFetchers: MediaDeps['fetchers'];
  /** false in `nova worker`: senders only */
  receive: boolean;
}

export interface StartedChannels {
  running: Array<{ kind: string; state(): string }>;
  mounts: Array<[string, Hono]>;
  readiness: Record<string, ReadinessCheck>;
  stop(): Promise<void>;
}

export async function startConfiguredChannels(d: ChannelDeps): Promise<StartedChannels> {
  const { cfg, db, inbox, logger } = d;
  const started: RunningChannel[] = [];
  const mounts: Array<[string, Hono]> = [];
  const readiness: Record<string, ReadinessCheck> = {};
  const loadMedia = async (key: string) => {
    const { readFile } = await import('node:fs/promises');
    return readFile(path.resolve(cfg.STORAGE_DIR, key))
      .then((bytes) => ({ bytes, fileName: path.basename(key) }))
      .catch(() => null);
  };

  if (cfg.TELEGRAM_BOT_TOKEN) {
    const account = await ensureChannelAccount(db, {
      organizationId: d.organizationId,
      kind: 'telegram',
      externalId: telegramBotId(cfg.TELEGRAM_BOT_TOKEN),
      displayName: 'Telegram',
    });
    if (d.receive) {
      const channel = await startTelegramChannel({
        db,
        inbox,
        logger,
        token: cfg.TELEGRAM_BOT_TOKEN,
        apiRoot: cfg.TELEGRAM_API_ROOT,
        webhookSecret: cfg.TELEGRAM_WEBHOOK_SECRET,
        accountId: account.id,
        loadMedia,
      });
      started.push(channel);
      d.adapters.set(account.id, channel.adapter);
      d.mediaFetchers.telegram = (ref) => channel.downloadMedia(ref);
      if (channel.handleWebhook) mounts.push(['/webhooks/telegram', telegramWebhookRoutes(channel)]);
      readiness.telegram = async () => ({ up: channel.state() === 'connected', detail: channel.state() });
    } else {
      d.adapters.set(
        account.id,
        createTelegramAdapter({ token: cfg.TELEGRAM_BOT_TOKEN, apiRoot: cfg.TELEGRAM_API_ROOT, logger, loadMedia }),
      );
    }
  }

  if (cfg.WHATSAPP_CLOUD_TOKEN) {
    const account = await ensureChannelAccount(db, {
      organizationId: d.organizationId,
      kind: 'whatsapp_cloud',
      externalId: cfg.WHATSAPP_CLOUD_PHONE_NUMBER_ID!,
      displayName: 'WhatsApp Cloud',
    });
    const channel = startWhatsAppCloudChannel({
      db,
      inbox,
      logger,
      clock: d.clock,
      accountId: account.id,
      token: cfg.WHATSAPP_CLOUD_TOKEN,
      phoneNumberId: cfg.WHATSAPP_CLOUD_PHONE_NUMBER_ID!,
      appSecret: cfg.WHATSAPP_CLOUD_APP_SECRET!,
      verifyToken: cfg.WHATSAPP_CLOUD_VERIFY_TOKEN!,
      apiBase: cfg.WHATSAPP_CLOUD_API_BASE,
      templates: cloudTemplatesFromEnv(cfg),
    });
    started.push(channel);
    d.adapters.set(account.id, channel.adapter);
    d.mediaFetchers.whatsapp_cloud = (ref) =>
      channel.downloadMedia(ref).then((f) => ({ bytes: f.bytes, mimeType: f.mimeType ?? 'application/octet-stream' }));
    if (d.receive) {
      mounts.push(['/webhooks/whatsapp', whatsappWebhookRoutes(channel)]);
      readiness.whatsapp_cloud = async () => ({ up: channel.state() !== 'unauthorized', detail: channel.state() });
    }
  }

  if (cfg.WHATSAPP_WEB_ENABLED && d.receive) {
    const account = await ensureChannelAccount(db, {
      organizationId: d.organizationId,
      kind: 'whatsapp_web',
      externalId: 'default',
      displayName: 'WhatsApp Web',
    });
    const channel = await startWhatsAppWebChannel({
      db,
      databaseUrl: cfg.DATABASE_URL,
      inbox,
      logger,
      accountId: account.id,
      pairingPhone: cfg.WHATSAPP_WEB_PAIRING_PHONE,
      mediaSource: (key) => path.resolve(cfg.STORAGE_DIR, key),
    });
    started.push(channel);
    d.adapters.set(account.id, channel.adapter);
    d.mediaFetchers.whatsapp_web = (ref) => channel.fetchMedia(ref);
    if (cfg.ADMIN_TOKEN) mounts.push(['/admin/whatsapp/qr', whatsappQrRoutes(channel, cfg.ADMIN_TOKEN)]);
    readiness.whatsapp_web = async () => ({
      up: ['connected', 'owned_elsewhere'].includes(channel.state()),
      detail: channel.state(),
    });
  }

  for (const c of started)
    logger.info({ channel: c.kind, accountId: c.accountId, state: c.state() }, 'channel started');
  return {
    running: started,
    mounts,
    readiness,
    async stop() {
      await Promise.allSettled(started.map((c) => c.stop()));
    },
  };
}
