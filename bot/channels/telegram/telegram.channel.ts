// Telegram through grammY's Bot API client. Updates arrive by long polling (development, no public URL)
// or by webhook (TELEGRAM_WEBHOOK_SECRET set; api/routes/webhooks/telegram.routes.ts feeds them in).
// Each update is normalized and stored in the inbox before Telegram is acknowledged: a webhook answers
// 500 and the polling offset stays put while the database is away, so Telegram delivers it again.
// grammY's types stay in this folder: the engine sees InboundMessage and OutboundMessage only.
import { createHash, timingSafeEqual } from 'node:crypto';
import { Api, Bot, GrammyError, HttpError, InputFile } from 'grammy';
import type { Db } from '../../../core/db/client.ts';
import { isUnstorable } from '../../../core/shared/errors.ts';
import type { Logger } from '../../../core/shared/logger.ts';
import { acceptEach, type Inbox } from '../../engine/inbox.ts';
import {
  type ChannelAdapter,
  type OutboundMessage,
  RetryLaterError,
  type RunningChannel,
  type SendMeta,
} from '../../types.ts';
import { abortableSleep } from '../abortable-sleep.ts';
import { setConnectionState } from '../accounts.ts';
import { isTelegramUpdate, normalizeTelegramUpdate, type TgUpdate } from './telegram.normalize.ts';
import { renderTelegram, type TgCall, type TgUpload } from './telegram.render.ts';

export const TELEGRAM_API_ROOT = 'https://api.telegram.org';
/** The updates Nova reads; everything else (edits, reactions, channel posts) is not even fetched. */
export const TELEGRAM_ALLOWED_UPDATES = ['message', 'callback_query'] as const;

export interface TelegramChannelDeps {
  db: Db;
  inbox: Pick<Inbox, 'accept'>;
  logger: Logger;
  /** TELEGRAM_BOT_TOKEN, from @BotFather */
  token: string;
  /** TELEGRAM_API_ROOT: Telegram's by default; a local Bot API server or a test fake otherwise (no trailing slash) */
  apiRoot?: string;
  /** TELEGRAM_WEBHOOK_SECRET: webhook mode (no polling); Telegram sends it as X-Telegram-Bot-Api-Secret-Token */
  webhookSecret?: string;
  /** TELEGRAM_WEBHOOK_URL: when set in webhook mode, the channel registers it with setWebhook at start */
  webhookUrl?: string;
  /** our channel_accounts.id */
  accountId: string;
  /** long-polling timeout per getUpdates call; 30 s by default */
  pollTimeoutSeconds?: number;
  /** reads a stored file for replies whose media has a storageKey and no URL (e.g. Storage.get); null = gone */
  loadMedia?: (storageKey: string) => Promise<{ bytes: Uint8Array; fileName?: string } | null>;
}

export type WebhookOutcome = 'ok' | 'forbidden' | 'retry';

export interface TelegramChannel extends RunningChannel {
  mode: 'polling' | 'webhook';
  /** webhook mode only: checks the secret header, stores the update; 'retry' = answer 500 */
  handleWebhook?: (update: unknown, secretHeader: string | undefined) => Promise<WebhookOutcome>;
  /** the bytes of an inbound photo or document (InboundMedia.ref), through getFile and the file URL */
  downloadMedia(ref: string): Promise<{ bytes: Buffer; mimeType: string }>;
}

/** The bot's numeric id: the part of the token before the colon, a good channel_accounts.external_id. */
export function telegramBotId(token: string): string {
  const id = token.split(':')[0] ?? '';
  if (!/^\d+$/.test(id)) throw new Error('TELEGRAM_BOT_TOKEN does not look like <bot id>:<secret>');
  return id;
}

const MAX_BACKOFF_MS = 30_000;
const backoffMs = (failures: number) => Math.min(1_000 * 2 ** Math.max(0, failures - 1), MAX_BACKOFF_MS);
/** How many idempotency keys an adapter remembers (see adapterOver). */
const REMEMBERED_SENDS = 2_000;

const MIME_BY_EXTENSION: Record<string, string> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  gif: 'image/gif',
  pdf: 'application/pdf',
  mp4: 'video/mp4',
  oga: 'audio/ogg',
  ogg: 'audio/ogg',
  mp3: 'audio/mpeg',
  tgs: 'application/x-tgsticker',
  webm: 'video/webm',
};

function sameSecret(expected: string, given: string | undefined): boolean {
  if (given === undefined) return false;
  // Hash both sides so that the comparison is constant-time whatever the lengths.
  const a = createHash('sha256').update(expected).digest();
  const b = createHash('sha256').update(given).digest();
  return timingSafeEqual(a, b);
}

/** Telegram chat ids are integers; send them as numbers when they are. */
const toChatId = (chatId: string): number | string => (/^-?\d{1,15}$/.test(chatId) ? Number(chatId) : chatId);

const is429 = (error: unknown): error is GrammyError => error instanceof GrammyError && error.error_code === 429;

interface AdapterHooks {
  logger: Logger;
  loadMedia?: TelegramChannelDeps['loadMedia'];
  onSent?: () => void;
  onFailure?: (error: unknown) => void;
}

/** Sends through a grammY Api; shared by the running channel and the send-only adapter. */
function adapterOver(api: Api, hooks: AdapterHooks): ChannelAdapter {
  const { logger } = hooks;
  // Idempotency keys whose calls went out (in this process), so that a retried send resumes at the
  // call that failed instead of repeating the ones Telegram already showed.
  const progress = new Map<string, { done: number; lastId?: string }>();
  function remember(key: string, value: { done: number; lastId?: string }) {
    progress.delete(key);
    progress.set(key, value);
    if (progress.size > REMEMBERED_SENDS) progress.delete(progress.keys().next().value!);
  }

  async function fileFor(upload: TgUpload | undefined): Promise<InputFile | undefined> {
    if (!upload || !hooks.loadMedia) return undefined;
    const stored = await hooks.loadMedia(upload.storageKey);
    return stored ? new InputFile(stored.bytes, stored.fileName ?? upload.fileName) : undefined;
  }

  async function execute(chatId: string, call: TgCall): Promise<{ message_id?: number } | undefined> {
    const chat_id = toChatId(chatId);
    switch (call.method) {
      case 'sendMessage':
        return api.raw.sendMessage({ chat_id, ...call.payload });
      case 'sendLocation':
        return api.raw.sendLocation({ chat_id, ...call.payload });
      case 'sendPhoto':
      case 'sendDocument': {
        const { payload } = call;
        const file = 'photo' in payload ? payload.photo : 'document' in payload ? payload.document : undefined;
        const input = file ?? (await fileFor(call.upload));
        if (input === undefined) {
          // No URL and the stored file cannot be read: the words still go out.
          logger.warn({ method: call.method }, 'media file unavailable: sending the caption only');
          if (!payload.caption) return undefined;
          return api.raw.sendMessage({
            chat_id,
            text: payload.caption,
            ...(payload.reply_markup ? { reply_markup: payload.reply_markup } : {}),
          });
        }
        const { caption, reply_markup } = payload;
        const rest = { chat_id, ...(caption ? { caption } : {}), ...(reply_markup ? { reply_markup } : {}) };
        return call.method === 'sendPhoto'
          ? api.raw.sendPhoto({ ...rest, photo: input })
          : api.raw.sendDocument({ ...rest, document: input });
      }
    }
  }

  return {
    kind: 'telegram',
    capabilities: { maxChoices: 10, media: true, documents: true, location: true },
    async send(chatId: string, message: OutboundMessage, meta: SendMeta) {
      const calls = renderTelegram(message);
      const done = progress.get(meta.idempotencyKey) ?? { done: 0 };
      // Calls another process already made (the outbox's record) are not made again either.
      done.done = Math.max(done.done, meta.partsSent ?? 0);
      for (let i = done.done; i < calls.length; i++) {
        let result: { message_id?: number } | undefined;
        try {
          result = await execute(chatId, calls[i]!);
        } catch (error) {
          remember(meta.idempotencyKey, done);
          hooks.onFailure?.(error);
          if (is429(error)) {
            // Telegram's flood control: the outbox puts the message back and resumes at this call.
            throw new RetryLaterError(Math.max(1, error.parameters.retry_after ?? 1) * 1_000);
          }
          // 403: the user blocked the bot; 400: the chat does not exist. Retrying cannot help.
          if (error instanceof GrammyError && (error.error_code === 403 || error.error_code === 400)) {
            throw Object.assign(error, { permanent: true });
          }
          throw error;
        }
        done.done = i + 1;
        if (result?.message_id !== undefined) done.lastId = String(result.message_id);
        if (done.done < calls.length) await meta.onPartSent?.(done.done);
      }
      remember(meta.idempotencyKey, done);
      hooks.onSent?.();
      return done.lastId ? { externalId: done.lastId } : {};
    },
  };
}

/**
 * A send-only Telegram adapter (no polling, no webhook): for processes that run the outbox but not the
 * channel, such as `nova worker`.
 */
export function createTelegramAdapter(options: {
  token: string;
  apiRoot?: string;
  logger: Logger;
  loadMedia?: TelegramChannelDeps['loadMedia'];
}): ChannelAdapter {
  const apiRoot = (options.apiRoot ?? TELEGRAM_API_ROOT).replace(/\/+$/, '');
  const api = new Api(options.token, { apiRoot });
  return adapterOver(api, { logger: options.logger.child({ channel: 'telegram' }), loadMedia: options.loadMedia });
}

export async function startTelegramChannel(deps: TelegramChannelDeps): Promise<TelegramChannel> {
  const { db, inbox, token, accountId } = deps;
  const apiRoot = (deps.apiRoot ?? TELEGRAM_API_ROOT).replace(/\/+$/, '');
  const logger = deps.logger.child({ channel: 'telegram', accountId });
  const mode: TelegramChannel['mode'] = deps.webhookSecret ? 'webhook' : 'polling';
  const bot = new Bot(token, { client: { apiRoot } });
  const lifetime = new AbortController();
  const stopped = lifetime.signal;
  const background: Promise<unknown>[] = [];

  let state = 'connecting';
  let stateWrite: Promise<void> = setConnectionState(db, accountId, state);
  function setState(next: string) {
    if (next === state) return;
    state = next;
    stateWrite = stateWrite.then(() => setConnectionState(db, accountId, next));
  }
  /** What an API failure says about the connection: an answer from Telegram means we are connected. */
  function noteFailure(error: unknown) {
    if (error instanceof GrammyError && error.error_code === 401) setState('unauthorized');
    else if (error instanceof HttpError) setState('disconnected');
  }

  // ── inbound ────────────────────────────────────────────────────────────────────────────────────────
  /** Throws only when the inbox could not store the message: Telegram must deliver it again. */
  async function processUpdate(update: TgUpdate): Promise<void> {
    const query = update.callback_query;
    if (query) {
      // Stops the button's spinner. A repeated answer (after a redelivery) is refused by Telegram: harmless.
      await bot.api.answerCallbackQuery(query.id).catch((error: unknown) => {
        logger.debug({ err: error, updateId: update.update_id }, 'answerCallbackQuery failed');
      });
    }
    const inbound = normalizeTelegramUpdate(update, accountId);
    if (!inbound) return;
    await acceptEach(inbox, [inbound], logger);
  }

  /**
   * processUpdate, where an update that can never be stored (a value the database or the normalizer
   * refuses) is logged and passed over, so that it never holds up the updates of other users behind it
   * in the poll; any other failure (the database away) throws and the update is fetched again.
   */
  async function processUpdateSafely(update: TgUpdate): Promise<void> {
    try {
      await processUpdate(update);
    } catch (error) {
      if (!isUnstorable(error)) throw error;
      logger.error({ err: error, updateId: update.update_id }, 'telegram update quarantined: it cannot be processed');
    }
  }

  async function connect(): Promise<boolean> {
    try {
      await bot.api.getMe();
      setState('connected');
      return true;
    } catch (error) {
      const unauthorized = error instanceof GrammyError && error.error_code === 401;
      setState(unauthorized ? 'unauthorized' : 'disconnected');
      logger.warn({ err: error }, 'telegram getMe failed');
      return false;
    }
  }

  async function connectUntilDone(): Promise<boolean> {
    for (let failures = 1; !stopped.aborted; failures++) {
      if (state === 'connected' || (await connect())) return true;
      await abortableSleep(backoffMs(failures), stopped);
    }
    return false;
  }

  let offset: number | undefined;
  async function poll(): Promise<void> {
    if (!(await connectUntilDone())) return;
    // A webhook left registered would make getUpdates fail with 409.
    await bot.api.deleteWebhook({ drop_pending_updates: false }).catch((error: unknown) => {
      logger.warn({ err: error }, 'deleteWebhook failed');
    });
    let failures = 0;
    let storeFailures = 0;
    while (!stopped.aborted) {
      let updates: TgUpdate[];
      try {
        updates = (await bot.api.getUpdates(
          { offset, timeout: deps.pollTimeoutSeconds ?? 30, allowed_updates: [...TELEGRAM_ALLOWED_UPDATES] },
          // grammY types the signal as the abort-controller polyfill's; Node's own works the same.
          stopped as unknown as Parameters<typeof bot.api.getUpdates>[1],
        )) as TgUpdate[];
        setState('connected');
        failures = 0;
      } catch (error) {
        if (stopped.aborted) break;
        noteFailure(error);
        failures++;
        if (error instanceof GrammyError && error.error_code === 409) {
          logger.warn('getUpdates conflict: another process polls this bot, or a webhook is set');
        } else {
          logger.warn({ err: error, failures }, 'getUpdates failed');
        }
        const retryAfter = is429(error) ? (error.parameters.retry_after ?? 0) * 1_000 : 0;
        await abortableSleep(Math.max(retryAfter, backoffMs(failures)), stopped);
        continue;
      }
      for (const update of updates) {
        try {
          await processUpdateSafely(update);
          offset = update.update_id + 1;
          storeFailures = 0;
        } catch (error) {
          // Not confirmed: the next getUpdates returns this update again (the inbox dedupes the ones before).
          storeFailures++;
          logger.error(
            { err: error, updateId: update.update_id, failures: storeFailures },
            'telegram update not stored; will fetch it again',
          );
          await abortableSleep(backoffMs(storeFailures), stopped);
          break;
        }
      }
    }
  }

  // ── outbound ───────────────────────────────────────────────────────────────────────────────────────
  const adapter = adapterOver(bot.api, {
    logger,
    loadMedia: deps.loadMedia,
    onSent: () => setState('connected'),
    onFailure: noteFailure,
  });

  // ── start ──────────────────────────────────────────────────────────────────────────────────────────
  // The first getMe is awaited so that a wrong token stops the start with a clear message; a network
  // failure does not (the channel keeps trying and /readyz shows it disconnected).
  if (!(await connect()) && state === 'unauthorized') {
    await stateWrite;
    throw new Error('Telegram refused TELEGRAM_BOT_TOKEN (401 Unauthorized): check the token from @BotFather');
  }

  if (mode === 'polling') {
    background.push(
      poll().catch((error: unknown) => {
        setState('disconnected');
        logger.error({ err: error }, 'telegram polling stopped');
      }),
    );
  } else {
    background.push(
      connectUntilDone().then(async (ok) => {
        if (!ok || !deps.webhookUrl) return;
        await bot.api
          .setWebhook(deps.webhookUrl, {
            secret_token: deps.webhookSecret,
            allowed_updates: [...TELEGRAM_ALLOWED_UPDATES],
          })
          .then(() => logger.info('telegram webhook registered'))
          .catch((error: unknown) => logger.error({ err: error }, 'setWebhook failed'));
      }),
    );
  }

  const channel: TelegramChannel = {
    accountId,
    kind: 'telegram',
    adapter,
    mode,
    state: () => state,
    async stop() {
      if (stopped.aborted) return;
      lifetime.abort();
      await Promise.allSettled(background);
      if (mode === 'polling' && offset !== undefined) {
        // Confirms the updates handled so far, so that a restart does not fetch them again.
        await bot.api.getUpdates({ offset, limit: 1, timeout: 0 }).catch(() => undefined);
      }
      setState('disconnected');
      await stateWrite;
    },
    async downloadMedia(ref: string) {
      const file = await bot.api.getFile(ref);
      if (!file.file_path)
        throw new Error('Telegram gave no file path (files over 20 MB cannot be downloaded by bots)');
      const response = await fetch(`${apiRoot}/file/bot${token}/${file.file_path}`);
      if (!response.ok) throw new Error(`Telegram file download failed: HTTP ${response.status}`);
      const bytes = Buffer.from(await response.arrayBuffer());
      const extension = file.file_path.split('.').pop()?.toLowerCase() ?? '';
      const header = response.headers.get('content-type')?.split(';')[0]?.trim();
      const mimeType =
        MIME_BY_EXTENSION[extension] ??
        (header && header !== 'application/octet-stream' ? header : 'application/octet-stream');
      return { bytes, mimeType };
    },
  };

  if (mode === 'webhook') {
    const secret = deps.webhookSecret!;
    channel.handleWebhook = async (update, secretHeader) => {
      if (!sameSecret(secret, secretHeader)) return 'forbidden';
      if (!isTelegramUpdate(update)) return 'ok';
      try {
        await processUpdate(update);
        return 'ok';
      } catch (error) {
        logger.error(
          { err: error, updateId: update.update_id },
          'telegram update not stored; Telegram will deliver it again',
        );
        return 'retry';
      }
    };
  }
  return channel;
}
