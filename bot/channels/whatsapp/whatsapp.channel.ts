// WhatsApp Web through Baileys: the channel's lifecycle. It takes the number's ownership lock, loads the
// session from PostgreSQL, connects, shows a QR code (terminal and admin URL) or a pairing code, keeps
// reconnecting with backoff, stores every inbound message in the inbox (whose unique key absorbs the
// replays of a reconnection) and marks it read, and sends the outbox's messages.
//
// Baileys stays in this folder: normalize and render translate, and the adapter handed to the outbox
// speaks only OutboundMessage.
import { createHash } from 'node:crypto';
import {
  type AnyMessageContent,
  type BaileysEventMap,
  downloadMediaMessage,
  makeCacheableSignalKeyStore,
  makeWASocket,
  type proto,
  type SignalKeyStore,
  type UserFacingSocketConfig,
  type WABrowserDescription,
  type WAMessage,
  type WAMessageKey,
} from '@whiskeysockets/baileys';
import QRCode from 'qrcode';
import type { Db } from '../../../core/db/client.ts';
import type { Logger } from '../../../core/shared/logger.ts';
import type { Inbox } from '../../engine/inbox.ts';
import {
  type ChannelAdapter,
  type InboundMedia,
  type InboundMessage,
  RetryLaterError,
  type RunningChannel,
} from '../../types.ts';
import { abortableSleep } from '../abortable-sleep.ts';
import { setConnectionState } from '../accounts.ts';
import { type PrismaAuthState, usePrismaAuthState } from './auth-store.prisma.ts';
import { createOwnershipLock, type OwnershipLock } from './ownership-lock.ts';
import { backoffDelay, closeCodeOf, decideReconnect } from './reconnect-policy.ts';
import { isLidJid, isPhoneJid, userJid } from './whatsapp.jid.ts';
import { normalizeBaileysMessage } from './whatsapp.normalize.ts';
import { type RenderOptions, renderWhatsAppMessage, WHATSAPP_WEB_CAPABILITIES } from './whatsapp.render.ts';

/** What the phone shows under "Linked devices": "Nova"; the browser part must be one WhatsApp knows. */
export const NOVA_BROWSER: WABrowserDescription = ['Nova', 'Chrome', '1.0'];
/** While another process owns the number, look again this often. */
export const OWNERSHIP_RETRY_MS = 30_000;
/** How long the outbox waits before it tries again when the number is not connected. */
export const NOT_CONNECTED_RETRY_MS = 5_000;
/** Recent inbound media messages kept to download their files (the turn runs seconds after arrival). */
const RECENT_MEDIA = 500;
/** Messages Nova sent, kept for WhatsApp's retry requests (getMessage) without a database query. */
const RECENT_SENT = 1_000;
const LID_CACHE = 10_000;
/** States the channel does not leave by itself: a person must pair again or look into it. */
const HALTED: ReadonlySet<string> = new Set(['logged_out', 'replaced', 'forbidden']);

export interface SocketEvents {
  on<T extends keyof BaileysEventMap>(event: T, listener: (arg: BaileysEventMap[T]) => void): void;
  off<T extends keyof BaileysEventMap>(event: T, listener: (arg: BaileysEventMap[T]) => void): void;
}

/** The part of a Baileys socket the channel uses: a real one (makeWASocket) or a fake in tests. */
export interface SocketLike {
  ev: SocketEvents;
  readonly user?: { id: string } | undefined;
  sendMessage(
    jid: string,
    content: AnyMessageContent,
    options?: { messageId?: string },
  ): Promise<WAMessage | undefined>;
  readMessages(keys: WAMessageKey[]): Promise<void>;
  end(error: Error | undefined): void | Promise<void>;
  requestPairingCode(phoneNumber: string): Promise<string>;
  updateMediaMessage?(message: WAMessage): Promise<WAMessage>;
}

export type SocketFactory = (config: UserFacingSocketConfig) => SocketLike;

export interface DownloadedMedia {
  data: Buffer;
  kind: InboundMedia['kind'];
  mimeType?: string;
  fileName?: string;
}

export interface WhatsAppWebDeps {
  db: Db;
  /** the ownership lock holds a connection of its own (a direct one: not PgBouncer in transaction mode) */
  databaseUrl: string;
  inbox: Pick<Inbox, 'accept'>;
  logger: Logger;
  /** channel_accounts.id of this number (kind whatsapp_web) */
  accountId: string;
  /** WHATSAPP_WEB_PAIRING_PHONE: pair by an 8-character code typed on the phone instead of a QR code */
  pairingPhone?: string;
  /** default: Baileys' makeWASocket */
  socketFactory?: SocketFactory;
  /** jitter source, default Math.random */
  random?: () => number;
  /** waits between reconnections and ownership attempts; must return early when the signal aborts */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  /** where the QR code and pairing code are shown, default the terminal (stdout) */
  print?: (text: string) => void;
  /** a stored file's URL or path, for outbound media given by storage key */
  mediaSource?: RenderOptions['mediaSource'];
  /** default: Baileys' downloadMediaMessage, re-requesting expired media through the socket */
  downloader?: (message: WAMessage, socket: SocketLike | undefined) => Promise<Buffer>;
  ownershipRetryMs?: number;
}

export interface WhatsAppWebChannel extends RunningChannel {
  /** the QR code to scan now (its text), while waiting for one */
  qr(): string | undefined;
  /** the same as a PNG image */
  qrPng(): Promise<Buffer | undefined>;
  /** the code to type on the phone, in pairing-code mode */
  pairingCode(): string | undefined;
  /**
   * The file of an inbound media message (InboundMessage.media.ref). Kept in memory for the
   * RECENT_MEDIA latest media messages of this process: undefined when unknown (older, or received
   * before a restart).
   */
  downloadMedia(ref: string): Promise<DownloadedMedia | undefined>;
  /** The same in the shape of bot/media.ts' MediaFetcher: throws when the file is not available. */
  fetchMedia(ref: string): Promise<{ bytes: Uint8Array; mimeType: string }>;
}

/** One WhatsApp message id per outbox row and part, so that a repeated send reuses the id. */
export function messageIdFor(idempotencyKey: string, part: number): string {
  return `3EB0${createHash('sha256').update(`${idempotencyKey}:${part}`).digest('hex').toUpperCase().slice(0, 18)}`;
}

/** A Nova chat id to a JID: JIDs pass, an E.164 phone becomes its phone-number JID. */
export function toJid(chatId: string): string {
  if (chatId.includes('@')) return chatId;
  return `${chatId.replace(/\D/g, '')}@s.whatsapp.net`;
}

export async function startWhatsAppWebChannel(deps: WhatsAppWebDeps): Promise<WhatsAppWebChannel> {
  const { db, inbox, accountId } = deps;
  const log = deps.logger.child({ channel: 'whatsapp_web', accountId });
  // Baileys is chatty: warnings and up only (or quieter, when Nova's own level is quieter).
  const baileysLogger = deps.logger.child(
    { module: 'baileys', accountId },
    { level: deps.logger.levelVal > deps.logger.levels.values.warn! ? deps.logger.level : 'warn' },
  );
  const random = deps.random ?? Math.random;
  const sleep = deps.sleep ?? abortableSleep;
  const print = deps.print ?? ((text: string) => void process.stdout.write(text));
  const factory: SocketFactory = deps.socketFactory ?? ((config) => makeWASocket(config));
  const downloader = deps.downloader ?? defaultDownloader(baileysLogger);
  const ownershipRetryMs = deps.ownershipRetryMs ?? OWNERSHIP_RETRY_MS;
  const pairingDigits = deps.pairingPhone?.replace(/\D/g, '') || undefined;

  const aborter = new AbortController();
  let stopped = false;
  let state = 'disconnected';
  let stateWrite: Promise<void> = Promise.resolve();
  let current: SocketLike | undefined;
  let detach: (() => void) | undefined;
  let auth: PrismaAuthState | undefined;
  let keys: SignalKeyStore | undefined;
  let attempts = 0;
  let currentQr: string | undefined;
  let printedQr: string | undefined;
  let currentPairingCode: string | undefined;
  let inboundWork: Promise<void> = Promise.resolve();
  let credsWork: Promise<void> = Promise.resolve();
  const recentMedia = new Lru<string, WAMessage>(RECENT_MEDIA);
  const recentSent = new Lru<string, proto.IMessage>(RECENT_SENT);
  const lidToPhone = new Lru<string, string>(LID_CACHE);

  const setState = (next: string) => {
    if (state === next) return;
    state = next;
    log.info({ state: next }, 'whatsapp web state');
    stateWrite = stateWrite.then(() => setConnectionState(db, accountId, next));
  };

  const lock: OwnershipLock = createOwnershipLock({
    databaseUrl: deps.databaseUrl,
    accountId,
    onLost: (error) => {
      log.error({ err: error }, 'lost the ownership lock of this number: disconnecting');
      const socket = current;
      teardown();
      if (socket) void Promise.resolve(socket.end(undefined)).catch(() => undefined);
      // A channel halted for good (logged out, replaced, refused) stays so; any other waits for the lock.
      if (!stopped && !HALTED.has(state)) {
        setState('owned_elsewhere');
        void retryOwnership();
      }
    },
  });

  /** Takes the number if no other process has it; then connects. */
  async function tryOwn(): Promise<boolean> {
    let owned = false;
    try {
      owned = await lock.tryAcquire();
    } catch (error) {
      log.warn({ err: error }, 'ownership lock unavailable');
    }
    if (stopped) {
      if (owned) await lock.release();
      return true;
    }
    if (!owned) {
      setState('owned_elsewhere');
      return false;
    }
    await connect();
    return true;
  }

  async function retryOwnership(): Promise<void> {
    while (!stopped) {
      await sleep(ownershipRetryMs, aborter.signal);
      if (stopped) return;
      if (await tryOwn()) return;
    }
  }

  async function connect(): Promise<void> {
    if (stopped) return;
    setState(attempts === 0 ? 'connecting' : 'reconnecting');
    try {
      if (!auth) {
        auth = await usePrismaAuthState(db, accountId);
        keys = makeCacheableSignalKeyStore(auth.state.keys, baileysLogger);
      }
      if (stopped) return;
      const socket = factory({
        auth: { creds: auth.state.creds, keys: keys! },
        logger: baileysLogger,
        browser: NOVA_BROWSER,
        markOnlineOnConnect: false,
        syncFullHistory: false,
        getMessage,
      });
      attach(socket, auth);
    } catch (error) {
      // Not awaited: the caller (start, the ownership loop) must not wait through the backoff.
      log.error({ err: error }, 'whatsapp web could not connect');
      void afterClose(undefined);
    }
  }

  function attach(socket: SocketLike, session: PrismaAuthState) {
    current = socket;
    let pairingRequested = false;

    const onConnection = (update: BaileysEventMap['connection.update']) => {
      if (current !== socket) return;
      if (update.qr) {
        if (pairingDigits && !session.state.creds.registered) {
          if (!pairingRequested) {
            pairingRequested = true;
            void requestPairing(socket);
          }
        } else {
          void showQr(update.qr);
        }
      }
      if (update.connection === 'open') {
        attempts = 0;
        currentQr = undefined;
        currentPairingCode = undefined;
        setState('connected');
      } else if (update.connection === 'close') {
        teardown();
        void afterClose(closeCodeOf(update.lastDisconnect?.error));
      }
    };
    const onCreds = () => {
      credsWork = credsWork
        .then(() => session.saveCreds())
        .catch((error: unknown) => log.error({ err: error }, 'whatsapp web credentials not saved'));
    };
    const onUpsert = ({ messages }: BaileysEventMap['messages.upsert']) => {
      // Both 'notify' (live) and 'append' (received while offline): the inbox drops what it has seen.
      // One batch after the other, so that a chat's messages reach the inbox in order.
      inboundWork = inboundWork
        .then(() => receive(socket, messages))
        .catch((error: unknown) => log.error({ err: error }, 'whatsapp web messages not handled'));
    };
    const onLidMapping = (mapping: BaileysEventMap['lid-mapping.update']) => {
      void rememberLid(mapping.lid, mapping.pn);
    };
    const onHistory = ({ lidPnMappings }: BaileysEventMap['messaging-history.set']) => {
      for (const mapping of lidPnMappings ?? []) void rememberLid(mapping.lid, mapping.pn);
    };

    socket.ev.on('connection.update', onConnection);
    socket.ev.on('creds.update', onCreds);
    socket.ev.on('messages.upsert', onUpsert);
    socket.ev.on('lid-mapping.update', onLidMapping);
    socket.ev.on('messaging-history.set', onHistory);
    detach = () => {
      socket.ev.off('connection.update', onConnection);
      socket.ev.off('creds.update', onCreds);
      socket.ev.off('messages.upsert', onUpsert);
      socket.ev.off('lid-mapping.update', onLidMapping);
      socket.ev.off('messaging-history.set', onHistory);
    };
  }

  function teardown() {
    detach?.();
    detach = undefined;
    current = undefined;
    currentQr = undefined;
  }

  async function afterClose(code: number | undefined): Promise<void> {
    if (stopped) return;
    attempts += 1;
    const decision = decideReconnect(code, attempts, random);
    switch (decision.action) {
      case 'reconnect':
        log.warn({ code, attempt: attempts, delayMs: decision.delayMs }, 'whatsapp web closed: reconnecting');
        setState('reconnecting');
        await sleep(decision.delayMs, aborter.signal);
        if (!stopped && !current && lock.held()) await connect();
        return;
      case 'stop_logged_out':
        // The phone removed this linked device: the keys are worthless now. Clear them, so that the
        // next start shows a new QR code instead of failing with the old session.
        log.error({ code }, 'whatsapp web logged out: session cleared, restart Nova to pair again');
        await credsWork;
        await auth?.clear().catch((error: unknown) => log.error({ err: error }, 'whatsapp web session not cleared'));
        auth = undefined;
        keys = undefined;
        setState('logged_out');
        return;
      case 'stop_replaced':
        log.error({ code }, 'whatsapp web session opened elsewhere: this process stops using it');
        setState('replaced');
        return;
      case 'stop_forbidden':
        log.error({ code }, 'whatsapp refused this number: not reconnecting');
        setState('forbidden');
        return;
    }
  }

  async function showQr(qr: string) {
    currentQr = qr;
    setState('waiting_for_qr');
    if (printedQr === qr) return;
    printedQr = qr;
    try {
      const art = await QRCode.toString(qr, { type: 'terminal', small: true });
      print(
        `\nWhatsApp Web: scan this QR code with the phone of the number (Linked devices → Link a device)\n${art}\n`,
      );
    } catch (error) {
      log.warn({ err: error }, 'QR code not printed');
    }
  }

  async function requestPairing(socket: SocketLike) {
    try {
      const code = await socket.requestPairingCode(pairingDigits!);
      if (current !== socket) return;
      currentPairingCode = code;
      setState('waiting_for_pairing_code');
      log.info({ pairingCode: code }, 'whatsapp web pairing code');
      print(
        `\nWhatsApp Web pairing code: ${code}\n(on the phone: Linked devices → Link a device → Link with phone number instead)\n\n`,
      );
    } catch (error) {
      log.error({ err: error }, 'whatsapp web pairing code not obtained');
    }
  }

  async function receive(socket: SocketLike, messages: WAMessage[]): Promise<void> {
    for (const message of messages) {
      if (stopped) return;
      try {
        await learnFromKey(message.key);
        const lid = lidOfKey(message.key);
        if (lid && !lidToPhone.has(lid)) await lookupLid(lid);
        const inbound = normalizeBaileysMessage(message, accountId, (jid) => lidToPhone.get(userJid(jid)));
        if (!inbound) continue;
        if (inbound.kind === 'media') recentMedia.set(inbound.externalId, message);
        if (!(await accept(inbound))) continue;
        // Blue ticks once the message is safe in the inbox.
        await socket
          .readMessages([message.key])
          .catch((error: unknown) => log.warn({ err: error }, 'read receipt not sent'));
      } catch (error) {
        log.error({ err: error, messageId: message.key?.id }, 'whatsapp web message not handled');
      }
    }
  }

  /**
   * Stores the message, retrying while the database is away: WhatsApp considers it delivered once
   * Baileys acknowledged it, so this process is its only copy until the inbox has it.
   */
  async function accept(inbound: InboundMessage): Promise<boolean> {
    for (let attempt = 1; ; attempt++) {
      try {
        await inbox.accept(inbound);
        return true;
      } catch (error) {
        if (stopped || attempt >= 6) {
          log.error({ err: error, messageId: inbound.externalId }, 'inbound whatsapp message lost: inbox unavailable');
          return false;
        }
        log.warn({ err: error, attempt }, 'inbox unavailable: retrying');
        await sleep(backoffDelay(attempt, random), aborter.signal);
      }
    }
  }

  async function learnFromKey(key: WAMessageKey) {
    const pairs: Array<[string | null | undefined, string | null | undefined]> = [
      [key.remoteJid, key.remoteJidAlt],
      [key.participant, key.participantAlt],
    ];
    for (const [a, b] of pairs) {
      if (isLidJid(a) && isPhoneJid(b)) await rememberLid(a, b);
      else if (isPhoneJid(a) && isLidJid(b)) await rememberLid(b, a);
    }
  }

  async function rememberLid(a: string, b: string) {
    const [lidJid, phoneJid] = isLidJid(a) ? [a, b] : [b, a];
    if (!isLidJid(lidJid) || !isPhoneJid(phoneJid)) return;
    const lid = userJid(lidJid);
    const phone = userJid(phoneJid);
    if (lidToPhone.get(lid) === phone) return;
    lidToPhone.set(lid, phone);
    try {
      await db.whatsappLidMapping.upsert({
        where: { channelAccountId_lid: { channelAccountId: accountId, lid } },
        create: { channelAccountId: accountId, lid, phoneJid: phone },
        update: { phoneJid: phone },
      });
    } catch (error) {
      log.warn({ err: error }, 'lid mapping not stored');
    }
  }

  async function lookupLid(lid: string) {
    const row = await db.whatsappLidMapping.findUnique({
      where: { channelAccountId_lid: { channelAccountId: accountId, lid } },
      select: { phoneJid: true },
    });
    if (row) lidToPhone.set(lid, row.phoneJid);
  }

  /** WhatsApp asks for a message again when a recipient could not decrypt it. */
  async function getMessage(key: WAMessageKey): Promise<proto.IMessage | undefined> {
    if (!key.id) return undefined;
    const cached = recentSent.get(key.id);
    if (cached) return cached;
    const row = await db.outboundMessage.findFirst({
      where: { channelAccountId: accountId, externalId: key.id },
      select: { payload: true },
    });
    const text = (row?.payload as { text?: unknown } | undefined)?.text;
    return typeof text === 'string' && text ? { conversation: text } : undefined;
  }

  const adapter: ChannelAdapter = {
    kind: 'whatsapp_web',
    capabilities: WHATSAPP_WEB_CAPABILITIES,
    async send(chatId, message, meta) {
      const socket = current;
      if (!socket || state !== 'connected') {
        throw new RetryLaterError(NOT_CONNECTED_RETRY_MS, `whatsapp web is ${state}`);
      }
      const parts = renderWhatsAppMessage(message, { mediaSource: deps.mediaSource });
      const jid = toJid(chatId);
      let first: string | undefined;
      for (const [index, part] of parts.entries()) {
        // The same id for the same outbox row and part: if a crash repeats a send, the recipient's
        // phone sees the same message id again and shows it once.
        const messageId = messageIdFor(meta.idempotencyKey, index);
        let sent: WAMessage | undefined;
        try {
          sent = await socket.sendMessage(jid, part, { messageId });
        } catch (error) {
          if (current !== socket || isConnectionError(error)) {
            throw new RetryLaterError(NOT_CONNECTED_RETRY_MS, 'whatsapp web connection closed while sending');
          }
          throw error;
        }
        const id = sent?.key?.id ?? messageId;
        if (sent?.message) recentSent.set(id, sent.message);
        first ??= id;
      }
      return first ? { externalId: first } : {};
    },
  };

  const channel: WhatsAppWebChannel = {
    accountId,
    kind: 'whatsapp_web',
    adapter,
    state: () => state,
    qr: () => currentQr,
    qrPng: async () => (currentQr ? QRCode.toBuffer(currentQr, { type: 'png', width: 384, margin: 2 }) : undefined),
    pairingCode: () => currentPairingCode,
    async downloadMedia(ref) {
      const message = recentMedia.get(ref);
      if (!message) return undefined;
      const media = normalizeBaileysMessage(message, accountId)?.media;
      if (!media) return undefined;
      const data = await downloader(message, current);
      return {
        data,
        kind: media.kind,
        ...(media.mimeType ? { mimeType: media.mimeType } : {}),
        ...(media.fileName ? { fileName: media.fileName } : {}),
      };
    },
    async fetchMedia(ref) {
      const media = await channel.downloadMedia(ref);
      if (!media) throw new Error('whatsapp media no longer available (too old, or received before a restart)');
      return { bytes: media.data, mimeType: media.mimeType?.split(';')[0]?.trim() || 'application/octet-stream' };
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      aborter.abort();
      const socket = current;
      teardown();
      if (socket) await Promise.resolve(socket.end(undefined)).catch(() => undefined);
      await inboundWork;
      await credsWork;
      await lock.release();
      if (!HALTED.has(state)) setState('stopped');
      await stateWrite;
    },
  };

  if (!(await tryOwn())) void retryOwnership();
  return channel;
}

function lidOfKey(key: WAMessageKey): string | undefined {
  return isLidJid(key.remoteJid) ? userJid(key.remoteJid) : undefined;
}

function isConnectionError(error: unknown): boolean {
  const code = closeCodeOf(error);
  return (
    code === 428 ||
    code === 408 ||
    (error instanceof Error && /connection (closed|lost|terminated)/i.test(error.message))
  );
}

function defaultDownloader(logger: Logger) {
  return (message: WAMessage, socket: SocketLike | undefined) =>
    downloadMediaMessage(
      message,
      'buffer',
      {},
      {
        logger,
        // Media links expire: the phone uploads the file again on request.
        reuploadRequest: (m) => {
          if (!socket?.updateMediaMessage)
            throw new RetryLaterError(NOT_CONNECTED_RETRY_MS, 'whatsapp web not connected');
          return socket.updateMediaMessage(m);
        },
      },
    );
}

/** A Map that forgets its oldest entries beyond `max`. */
class Lru<K, V> {
  private readonly map = new Map<K, V>();
  constructor(private readonly max: number) {}
  get(key: K): V | undefined {
    const value = this.map.get(key);
    if (value !== undefined) {
      this.map.delete(key);
      this.map.set(key, value);
    }
    return value;
  }
  has(key: K): boolean {
    return this.map.has(key);
  }
  set(key: K, value: V): void {
    this.map.delete(key);
    this.map.set(key, value);
    if (this.map.size > this.max) this.map.delete(this.map.keys().next().value as K);
  }
}
