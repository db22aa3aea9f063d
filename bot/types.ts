// The chat layer's own message types. Channel adapters translate their vendor's payloads into these
// (normalize) and these into their vendor's calls (render); nothing vendor-specific passes that line.

export type ChannelKind = 'whatsapp_web' | 'whatsapp_cloud' | 'telegram' | 'web' | 'console' | 'memory';

export interface InboundMedia {
  kind: 'image' | 'document' | 'audio' | 'video' | 'sticker';
  mimeType?: string;
  sizeBytes?: number;
  fileName?: string;
  /** an audio or video's length when the channel says it (Telegram, WhatsApp Web; not the Cloud API) */
  durationSeconds?: number;
  /** the channel's handle to download it (a media id, a file id, a URL) */
  ref: string;
}

export interface InboundMessage {
  /** our channel_accounts.id */
  channelAccountId: string;
  /** the channel's id of this message: the dedupe key with the account */
  externalId: string;
  /** the chat to answer (a WhatsApp JID, a Telegram chat id, a phone for web and console) */
  chatId: string;
  sender: { externalId: string; phone?: string; displayName?: string };
  /** when the channel says it was sent (ISO); the turn uses the clock, not this */
  sentAt?: string;
  kind: 'text' | 'choice' | 'media' | 'location' | 'contact' | 'unsupported';
  text?: string;
  /** the id of a button or list item the user picked */
  choiceId?: string;
  media?: InboundMedia;
  location?: { latitude: number; longitude: number; name?: string; address?: string };
  contact?: { phone: string; name?: string };
}

export type { Choice, OutboundMessage } from '../core/notifications/message.types.ts';

import type { OutboundMessage } from '../core/notifications/message.types.ts';

export interface ChannelCapabilities {
  /** how many choices the channel shows as buttons or a list; 0 = none (numbered text instead) */
  maxChoices: number;
  media: boolean;
  documents: boolean;
  location: boolean;
}

export interface SendMeta {
  idempotencyKey: string;
  /**
   * Parts of this message already out (a photo, then its text), as the outbox recorded them from any
   * process: the send resumes after them instead of showing them again.
   */
  partsSent?: number;
  /** Called once each part but the last is out, with the count so far, so that the outbox records it. */
  onPartSent?: (partsSent: number) => Promise<void>;
}

/**
 * Thrown by an adapter when a send may have reached the channel although it did not say so (no answer
 * within the timeout, the connection cut before the answer). Sending again at once could show the message
 * twice: the outbox keeps the row claimed for a while so that the channel's delivery status can settle it,
 * and sends again only if none came.
 */
export class UnsureSendError extends Error {
  override name = 'UnsureSendError';
}

/**
 * Thrown by an adapter when the channel says "not now" (HTTP 429, Telegram retry_after, WhatsApp
 * 130429/131056): the outbox puts the message back and tries again after `retryAfterMs`. Nothing is
 * dropped and it does not count as a failure.
 */
export class RetryLaterError extends Error {
  override name = 'RetryLaterError';
  constructor(
    readonly retryAfterMs: number,
    message = `retry after ${retryAfterMs} ms`,
  ) {
    super(message);
  }
}

/**
 * Outbound pacing per channel account and per recipient (issue 7): how long to wait before this
 * message may go out; 0 = now. Implementations reserve the slot when they answer 0.
 */
export interface Pacer {
  reserve(channel: { accountId: string; kind: ChannelKind }, chatId: string): Promise<number>;
}

/** A channel as the engine sees it. Lifecycle (connect, webhooks) lives in the *.channel.ts files. */
export interface ChannelAdapter {
  readonly kind: ChannelKind;
  readonly capabilities: ChannelCapabilities;
  /**
   * Sends; `skipped` says why a message was deliberately not sent (e.g. a notification outside the
   * WhatsApp window with no template configured): the outbox records it as cancelled. An error with
   * `permanent: true` marks the message failed at once; other errors are retried.
   */
  send(chatId: string, message: OutboundMessage, meta: SendMeta): Promise<{ externalId?: string; skipped?: string }>;
  /**
   * Told by the outbox once a send is recorded sent: a channel whose delivery reports would otherwise
   * look the row up to mark it sent (WhatsApp Cloud) can skip that for this key.
   */
  sentRecorded?(idempotencyKey: string): void;
}

/** Degrades choices to a numbered list when a channel cannot show them. "2" then picks the second. */
export function fitToChannel(message: OutboundMessage, capabilities: ChannelCapabilities): OutboundMessage {
  const choices = message.choices ?? [];
  if (choices.length === 0 || choices.length <= capabilities.maxChoices) return message;
  const lines = choices.map((c, i) => `${i + 1}. ${c.label}`).join('\n');
  const { choices: _dropped, ...rest } = message;
  return { ...rest, text: `${message.text}\n\n${lines}` };
}

/** A channel started by `npm start`: its adapter for the outbox and its state for /readyz. */
export interface RunningChannel {
  accountId: string;
  kind: ChannelKind;
  adapter: ChannelAdapter;
  /** 'connected', 'connecting', 'disconnected', 'logged_out', 'waiting_for_qr', … */
  state(): string;
  stop(): Promise<void>;
}
