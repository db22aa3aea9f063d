// Starts the channels of every office in one process: each enabled account an operator bound with
// `nova channel add` (telegram, whatsapp_cloud, whatsapp_web; its secrets unsealed with NOVA_SECRET_KEY),
// and the accounts of the environment's variables (TELEGRAM_BOT_TOKEN, WHATSAPP_CLOUD_*,
// WHATSAPP_WEB_ENABLED), a shortcut that binds to the office NOVA_DEFAULT_ORG names. Their adapters go to
// the outbox (by account id), their webhook and admin routes to the API, their states to /readyz, and
// their media fetchers to the photo checks. This is the composition root's job: the one place where
// bot/channels and api/routes meet.
//
// Routes: the environment's accounts keep /webhooks/telegram and /webhooks/whatsapp; an office's account
// has its own /webhooks/telegram/<accountId> (its own secret token) and /webhooks/whatsapp/<accountId>
// (its own app secret and verify token). The WhatsApp Web numbers are listed in `pairable`: bin/admin.ts
// gives each its QR pairing page behind the owner's sign-in. The *_API_ROOT / *_API_BASE variables and
// the WhatsApp templates apply to every account of their kind. Adapters are registered with signed photo
// links made at send time (bot/media.ts withMediaLinks).
//
// `nova start` runs them all; `nova worker` only needs to send, so it gets senders without polling,
// webhooks or the WhatsApp Web socket (a number is owned by one process: see docs/channels).
import path from 'node:path';
import type { Hono } from 'hono';
import type { PairableChannel } from '../api/routes/admin/whatsapp-qr.routes.ts';
import type { ReadinessCheck } from '../api/routes/health/health.routes.ts';
import { telegramWebhookRoutes } from '../api/routes/webhooks/telegram.routes.ts';
import { whatsappWebhookRoutes } from '../api/routes/webhooks/whatsapp.routes.ts';
import { ensureChannelAccount, setConnectionState } from '../bot/channels/accounts.ts';
import { startWhatsAppCloudChannel } from '../bot/channels/whatsapp-cloud/cloud.channel.ts';
import { cloudTemplatesFromEnv } from '../bot/channels/whatsapp-cloud/cloud.config.ts';
import type { Inbox } from '../bot/engine/inbox.ts';
import type { mapRegistry } from '../bot/engine/outbox.ts';
import { type MediaDeps, type MediaFetcher, withMediaLinks } from '../bot/media.ts';
import type { ChannelAdapter, ChannelKind, RunningChannel } from '../bot/types.ts';
import { createChannelAccountsService, type StartableAccount } from '../core/channels/channel-accounts.service.ts';
import type { AppConfig } from '../core/config/env.ts';
import type { Db } from '../core/db/client.ts';
import type { Clock } from '../core/shared/clock.ts';
import type { Logger } from '../core/shared/logger.ts';
import { mediaLinks } from './media-links.ts';

// A channel's library is loaded only when one of its accounts runs: Baileys alone is about 60 MB of a
// process and grammY 23 MB, which a Nova serving WhatsApp Cloud or the web chat never needs.
const telegram = () => import('../bot/channels/telegram/telegram.channel.ts');
const whatsappWeb = () => import('../bot/channels/whatsapp/whatsapp.channel.ts');

export interface ChannelDeps {
  cfg: AppConfig;
  db: Db;
  inbox: Inbox;
  logger: Logger;
  clock: Clock;
  /** the office NOVA_DEFAULT_ORG names: the environment's channels bind to it (absent: they are not started) */
  organizationId?: string;
  adapters: ReturnType<typeof mapRegistry>;
  mediaFetchers: MediaDeps['fetchers'];
  /** false in `nova worker`: senders only */
  receive: boolean;
  /** the key of channel secrets (bin/offices.ts channelSecretsKey), asked only when an account has secrets */
  secretsKey: () => Buffer;
}

export interface StartedChannels {
  /** for the start-up banner: the environment's channels by kind, an office's as "kind [slug]" */
  running: Array<{ kind: string; state(): string }>;
  mounts: Array<[string, Hono]>;
  readiness: Record<string, ReadinessCheck>;
  /** the WhatsApp Web numbers this process owns, for their QR pairing pages (bin/admin.ts) */
  pairable: PairableChannel[];
  stop(): Promise<void>;
}

/** Asks each account of a kind in turn: a file id or media id opens only with the account that received it. */
function firstThatAnswers(fetchers: MediaFetcher[]): MediaFetcher {
  if (fetchers.length === 1) return fetchers[0]!;
  return async (ref) => {
    let last: unknown;
    for (const fetcher of fetchers) {
      try {
        return await fetcher(ref);
      } catch (error) {
        last = error;
      }
    }
    throw last;
  };
}

export async function startConfiguredChannels(d: ChannelDeps): Promise<StartedChannels> {
  const { cfg, db, inbox, logger } = d;
  const started: RunningChannel[] = [];
  const running: StartedChannels['running'] = [];
  const mounts: Array<[string, Hono]> = [];
  const readiness: Record<string, ReadinessCheck> = {};
  const pairable: PairableChannel[] = [];
  const fetchers = new Map<ChannelKind, MediaFetcher[]>();
  const addFetcher = (kind: ChannelKind, fetcher: MediaFetcher) => {
    fetchers.set(kind, [...(fetchers.get(kind) ?? []), fetcher]);
  };
  const publicBase = cfg.PUBLIC_BASE_URL?.replace(/\/+$/, '');
  const links = publicBase ? mediaLinks(cfg, d.clock) : undefined;
  const adapters = { set: (id: string, a: ChannelAdapter) => d.adapters.set(id, withMediaLinks(a, links)) };
  const templates = cloudTemplatesFromEnv(cfg);
  const loadMedia = async (key: string) => {
    const { readFile } = await import('node:fs/promises');
    return readFile(path.resolve(cfg.STORAGE_DIR, key))
      .then((bytes) => ({ bytes, fileName: path.basename(key) }))
      .catch(() => null);
  };
  const mediaSource = (key: string) => path.resolve(cfg.STORAGE_DIR, key);
  const track = (channel: RunningChannel, label?: string) => {
    started.push(channel);
    running.push(label ? { kind: label, state: () => channel.state() } : channel);
  };
  /** ids of the accounts the environment configured: an office's copy of the same account is not started twice */
  const fromEnvironment = new Set<string>();

  // ── the environment's shortcut: the office NOVA_DEFAULT_ORG names ─────────────────────────────────────
  const envConfigured = Boolean(cfg.TELEGRAM_BOT_TOKEN || cfg.WHATSAPP_CLOUD_TOKEN || cfg.WHATSAPP_WEB_ENABLED);
  if (envConfigured && !d.organizationId) {
    logger.warn(
      { slug: cfg.NOVA_DEFAULT_ORG },
      'the office NOVA_DEFAULT_ORG names does not exist: the channels of the environment are not started',
    );
  }
  const bindToDefault = async (kind: ChannelKind, externalId: string, displayName: string) => {
    const account = await ensureChannelAccount(db, {
      organizationId: d.organizationId!,
      kind,
      externalId,
      displayName,
    });
    if (account.organizationId !== d.organizationId) {
      logger.warn(
        { accountId: account.id, kind },
        'this account of the environment is bound to another office (nova channel add): it serves that office',
      );
    }
    fromEnvironment.add(account.id);
    return account;
  };

  if (d.organizationId && cfg.TELEGRAM_BOT_TOKEN) {
    const { createTelegramAdapter, startTelegramChannel, telegramBotId } = await telegram();
    const account = await bindToDefault('telegram', telegramBotId(cfg.TELEGRAM_BOT_TOKEN), 'Telegram');
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
      track(channel);
      adapters.set(account.id, channel.adapter);
      addFetcher('telegram', (ref) => channel.downloadMedia(ref));
      if (channel.handleWebhook) mounts.push(['/webhooks/telegram', telegramWebhookRoutes(channel)]);
      readiness.telegram = async () => ({ up: channel.state() === 'connected', detail: channel.state() });
    } else {
      adapters.set(
        account.id,
        createTelegramAdapter({ token: cfg.TELEGRAM_BOT_TOKEN, apiRoot: cfg.TELEGRAM_API_ROOT, logger, loadMedia }),
      );
    }
  }

  if (d.organizationId && cfg.WHATSAPP_CLOUD_TOKEN) {
    const account = await bindToDefault('whatsapp_cloud', cfg.WHATSAPP_CLOUD_PHONE_NUMBER_ID!, 'WhatsApp Cloud');
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
      templates,
    });
    track(channel);
    adapters.set(account.id, channel.adapter);
    addFetcher('whatsapp_cloud', (ref) =>
      channel.downloadMedia(ref).then((f) => ({ bytes: f.bytes, mimeType: f.mimeType ?? 'application/octet-stream' })),
    );
    if (d.receive) {
      mounts.push(['/webhooks/whatsapp', whatsappWebhookRoutes(channel)]);
      readiness.whatsapp_cloud = async () => ({ up: channel.state() !== 'unauthorized', detail: channel.state() });
    }
  }

  if (d.organizationId && cfg.WHATSAPP_WEB_ENABLED && d.receive) {
    const account = await bindToDefault('whatsapp_web', 'default', 'WhatsApp Web');
    const channel = await (await whatsappWeb()).startWhatsAppWebChannel({
      db,
      databaseUrl: cfg.DATABASE_URL,
      inbox,
      logger,
      accountId: account.id,
      pairingPhone: cfg.WHATSAPP_WEB_PAIRING_PHONE,
      mediaSource,
    });
    track(channel);
    adapters.set(account.id, channel.adapter);
    addFetcher('whatsapp_web', (ref) => channel.fetchMedia(ref));
    pairable.push({
      accountId: account.id,
      organizationId: account.organizationId,
      label: 'WhatsApp Web',
      channel,
      fromEnvironment: true,
    });
    readiness.whatsapp_web = async () => ({
      up: ['connected', 'owned_elsewhere'].includes(channel.state()),
      detail: channel.state(),
    });
  }

  // ── every office's own accounts ──────────────────────────────────────────────────────────────────────
  async function startAccount(a: StartableAccount) {
    const label = `${a.kind} [${a.officeSlug}]`;
    const check = `${a.kind}:${a.officeSlug}:${a.externalId}`;
    switch (a.kind) {
      case 'telegram': {
        const { createTelegramAdapter, startTelegramChannel } = await telegram();
        if (!d.receive) {
          adapters.set(
            a.id,
            createTelegramAdapter({ token: a.secrets.token, apiRoot: cfg.TELEGRAM_API_ROOT, logger, loadMedia }),
          );
          return;
        }
        const webhook = a.mode === 'webhook';
        const channel = await startTelegramChannel({
          db,
          inbox,
          logger,
          token: a.secrets.token,
          apiRoot: cfg.TELEGRAM_API_ROOT,
          accountId: a.id,
          loadMedia,
          ...(webhook
            ? {
                webhookSecret: a.secrets.webhookSecret,
                ...(publicBase ? { webhookUrl: `${publicBase}/webhooks/telegram/${a.id}` } : {}),
              }
            : {}),
        });
        track(channel, label);
        adapters.set(a.id, channel.adapter);
        addFetcher('telegram', (ref) => channel.downloadMedia(ref));
        if (channel.handleWebhook) mounts.push([`/webhooks/telegram/${a.id}`, telegramWebhookRoutes(channel)]);
        readiness[check] = async () => ({ up: channel.state() === 'connected', detail: channel.state() });
        return;
      }
      case 'whatsapp_cloud': {
        const channel = startWhatsAppCloudChannel({
          db,
          inbox,
          logger,
          clock: d.clock,
          accountId: a.id,
          token: a.secrets.token,
          phoneNumberId: a.phoneNumberId,
          appSecret: a.secrets.appSecret,
          verifyToken: a.secrets.verifyToken,
          apiBase: cfg.WHATSAPP_CLOUD_API_BASE,
          templates,
        });
        track(channel, label);
        adapters.set(a.id, channel.adapter);
        addFetcher('whatsapp_cloud', (ref) =>
          channel
            .downloadMedia(ref)
            .then((f) => ({ bytes: f.bytes, mimeType: f.mimeType ?? 'application/octet-stream' })),
        );
        if (d.receive) {
          mounts.push([`/webhooks/whatsapp/${a.id}`, whatsappWebhookRoutes(channel)]);
          readiness[check] = async () => ({ up: channel.state() !== 'unauthorized', detail: channel.state() });
        }
        return;
      }
      case 'whatsapp_web': {
        if (!d.receive) return;
        const channel = await (await whatsappWeb()).startWhatsAppWebChannel({
          db,
          databaseUrl: cfg.DATABASE_URL,
          inbox,
          logger,
          accountId: a.id,
          pairingPhone: a.pairingPhone,
          mediaSource,
          // several numbers may wait for their QR code at once: each says whose it is
          print: (text) =>
            void process.stdout.write(
              text.replace('WhatsApp Web', `WhatsApp Web of ${a.officeSlug} (${a.externalId})`),
            ),
        });
        track(channel, label);
        adapters.set(a.id, channel.adapter);
        addFetcher('whatsapp_web', (ref) => channel.fetchMedia(ref));
        pairable.push({
          accountId: a.id,
          organizationId: a.organizationId,
          label: `${a.displayName ?? 'WhatsApp Web'} (${a.officeSlug})`,
          channel,
        });
        readiness[check] = async () => ({
          up: ['connected', 'owned_elsewhere'].includes(channel.state()),
          detail: channel.state(),
        });
        return;
      }
    }
  }

  const offices = createChannelAccountsService({ db, secretsKey: d.secretsKey });
  const { accounts, unstartable } = await offices.accountsToStart();
  for (const bad of unstartable) {
    logger.error(
      { accountId: bad.id, kind: bad.kind },
      'channel account not started: its secrets do not open with this NOVA_SECRET_KEY (add it again)',
    );
    await setConnectionState(db, bad.id, bad.reason);
  }
  for (const account of accounts) {
    if (fromEnvironment.has(account.id)) continue;
    try {
      await startAccount(account);
    } catch (error) {
      // One office's refused token never stops the others: its state says why (unauthorized, …).
      logger.error({ err: error, accountId: account.id, kind: account.kind }, 'channel account not started');
    }
  }

  for (const [kind, list] of fetchers) d.mediaFetchers[kind] = firstThatAnswers(list);
  for (const c of started)
    logger.info({ channel: c.kind, accountId: c.accountId, state: c.state() }, 'channel started');
  return {
    running,
    mounts,
    readiness,
    pairable,
    async stop() {
      await Promise.allSettled(started.map((c) => c.stop()));
    },
  };
}
