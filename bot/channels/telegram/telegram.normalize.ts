// Telegram Bot API updates → InboundMessage. Pure: no grammY import, only the few fields of the Bot API
// objects Nova reads (https://core.telegram.org/bots/api#update), typed structurally here so that no
// vendor type passes this file.
import { z } from 'zod';
import type { InboundMedia, InboundMessage } from '../../types.ts';

export interface TgUser {
  id: number;
  is_bot?: boolean;
  first_name?: string;
  last_name?: string;
  username?: string;
  language_code?: string;
}

export interface TgChat {
  id: number;
  type: 'private' | 'group' | 'supergroup' | 'channel' | string;
}

interface TgFile {
  file_id: string;
  file_unique_id?: string;
  file_size?: number;
}

export interface TgPhotoSize extends TgFile {
  width: number;
  height: number;
}

export interface TgMessage {
  message_id: number;
  date: number;
  chat: TgChat;
  from?: TgUser;
  text?: string;
  caption?: string;
  photo?: TgPhotoSize[];
  document?: TgFile & { file_name?: string; mime_type?: string };
  animation?: TgFile & { file_name?: string; mime_type?: string };
  sticker?: TgFile & { is_animated?: boolean; is_video?: boolean };
  voice?: TgFile & { mime_type?: string; duration?: number };
  audio?: TgFile & { mime_type?: string; file_name?: string; duration?: number };
  video?: TgFile & { mime_type?: string; file_name?: string };
  video_note?: TgFile;
  location?: { latitude: number; longitude: number };
  venue?: { location: { latitude: number; longitude: number }; title?: string; address?: string };
  contact?: { phone_number: string; first_name?: string; last_name?: string; user_id?: number };
}

export interface TgCallbackQuery {
  id: string;
  from: TgUser;
  message?: TgMessage;
  data?: string;
}

export interface TgUpdate {
  update_id: number;
  message?: TgMessage;
  edited_message?: TgMessage;
  channel_post?: TgMessage;
  edited_channel_post?: TgMessage;
  callback_query?: TgCallbackQuery;
}

// The fields Nova reads, checked: a field of the wrong type is dropped (as if absent) rather than
// failing the update, and an update without its required fields is ignored. A webhook's body is
// untrusted, and even Telegram's payloads change over the years.
const optional = <T extends z.ZodType>(schema: T) => schema.optional().catch(undefined);
const num = z.number().finite();
const file = { file_id: z.string(), file_unique_id: optional(z.string()), file_size: optional(num) };
const named = { file_name: optional(z.string()), mime_type: optional(z.string()) };
const userSchema = z.object({
  id: num,
  is_bot: optional(z.boolean()),
  first_name: optional(z.string()),
  last_name: optional(z.string()),
  username: optional(z.string()),
  language_code: optional(z.string()),
});
const point = z.object({ latitude: num, longitude: num });
const messageSchema = z.object({
  message_id: num,
  date: num.catch(0),
  chat: z.object({ id: num, type: z.string() }),
  from: optional(userSchema),
  text: optional(z.string()),
  caption: optional(z.string()),
  photo: optional(z.array(z.object({ ...file, width: num, height: num })).min(1)),
  document: optional(z.object({ ...file, ...named })),
  animation: optional(z.object({ ...file, ...named })),
  sticker: optional(z.object({ ...file, is_animated: optional(z.boolean()), is_video: optional(z.boolean()) })),
  voice: optional(z.object({ ...file, mime_type: optional(z.string()), duration: optional(num) })),
  audio: optional(z.object({ ...file, ...named, duration: optional(num) })),
  video: optional(z.object({ ...file, ...named })),
  video_note: optional(z.object(file)),
  location: optional(point),
  venue: optional(z.object({ location: point, title: optional(z.string()), address: optional(z.string()) })),
  contact: optional(
    z.object({
      phone_number: z.string(),
      first_name: optional(z.string()),
      last_name: optional(z.string()),
      user_id: optional(num),
    }),
  ),
});
const updateSchema = z.object({
  update_id: z.number().int(),
  message: optional(messageSchema),
  callback_query: optional(
    z.object({ id: z.string(), from: userSchema, message: optional(messageSchema), data: optional(z.string()) }),
  ),
});

/**
 * callback_data is limited to 64 bytes; the renderer sends `#n` for a choice whose id is longer. Such a
 * press arrives as the typed number "n", which the engine resolves against the choices it offered.
 */
export const NUMBERED_CALLBACK = /^#(\d{1,2})$/;

export const displayNameOf = (user: Pick<TgUser, 'first_name' | 'last_name'>): string | undefined =>
  [user.first_name, user.last_name].filter((p) => p?.trim()).join(' ') || undefined;

/** Telegram sends phone numbers without the plus ("966500000001") or with it; Nova wants "+…". */
export function plusPhone(phone: string): string {
  const digits = phone.replace(/[^\d]/g, '');
  return `+${digits}`;
}

const isPrivateFromHuman = (chat: TgChat | undefined, from: TgUser | undefined): from is TgUser =>
  chat?.type === 'private' && from !== undefined && !from.is_bot;

function stickerMime(sticker: NonNullable<TgMessage['sticker']>): string {
  if (sticker.is_animated) return 'application/x-tgsticker';
  if (sticker.is_video) return 'video/webm';
  return 'image/webp';
}

function mediaOf(m: TgMessage): InboundMedia | undefined {
  const size = (f: TgFile) => (f.file_size !== undefined ? { sizeBytes: f.file_size } : {});
  if (m.photo?.length) {
    // Telegram lists the sizes smallest first; the last one is the original resolution.
    const largest = m.photo.reduce((a, b) => (b.width * b.height >= a.width * a.height ? b : a));
    return { kind: 'image', ref: largest.file_id, mimeType: 'image/jpeg', ...size(largest) };
  }
  // An animation (GIF) message also carries `document`: read it first.
  if (m.animation) {
    const a = m.animation;
    return {
      kind: 'video',
      ref: a.file_id,
      mimeType: a.mime_type ?? 'video/mp4',
      ...size(a),
      ...(a.file_name ? { fileName: a.file_name } : {}),
    };
  }
  if (m.document) {
    const d = m.document;
    return {
      kind: 'document',
      ref: d.file_id,
      ...(d.mime_type ? { mimeType: d.mime_type } : {}),
      ...size(d),
      ...(d.file_name ? { fileName: d.file_name } : {}),
    };
  }
  if (m.sticker)
    return { kind: 'sticker', ref: m.sticker.file_id, mimeType: stickerMime(m.sticker), ...size(m.sticker) };
  // a voice note's length, for the transcription's cap (bot/engine/voice.ts)
  const duration = (f: { duration?: number }) => (f.duration !== undefined ? { durationSeconds: f.duration } : {});
  if (m.voice)
    return {
      kind: 'audio',
      ref: m.voice.file_id,
      mimeType: m.voice.mime_type ?? 'audio/ogg',
      ...size(m.voice),
      ...duration(m.voice),
    };
  if (m.audio) {
    const a = m.audio;
    return {
      kind: 'audio',
      ref: a.file_id,
      mimeType: a.mime_type ?? 'audio/mpeg',
      ...size(a),
      ...duration(a),
      ...(a.file_name ? { fileName: a.file_name } : {}),
    };
  }
  if (m.video) {
    const v = m.video;
    return {
      kind: 'video',
      ref: v.file_id,
      mimeType: v.mime_type ?? 'video/mp4',
      ...size(v),
      ...(v.file_name ? { fileName: v.file_name } : {}),
    };
  }
  if (m.video_note) return { kind: 'video', ref: m.video_note.file_id, mimeType: 'video/mp4', ...size(m.video_note) };
  return undefined;
}

/** When Telegram says the message was sent, if that is a real moment. */
function sentAtOf(unixSeconds: number): { sentAt?: string } {
  const at = new Date(unixSeconds * 1000);
  return unixSeconds > 0 && Number.isFinite(at.getTime()) ? { sentAt: at.toISOString() } : {};
}

function normalizeMessage(m: TgMessage, channelAccountId: string): InboundMessage | null {
  if (!isPrivateFromHuman(m.chat, m.from)) return null;
  const from = m.from;
  const displayName = displayNameOf(from);
  const base = {
    channelAccountId,
    externalId: `${m.chat.id}:${m.message_id}`,
    chatId: String(m.chat.id),
    sender: { externalId: String(from.id), ...(displayName ? { displayName } : {}) },
    ...sentAtOf(m.date),
  };

  if (m.contact) {
    const phone = plusPhone(m.contact.phone_number);
    const name = displayNameOf(m.contact);
    // Only a contact card of the sender himself proves his number (Telegram's "share my number" button);
    // anyone can forward someone else's card.
    const own = m.contact.user_id !== undefined && m.contact.user_id === from.id && phone.length > 4;
    return {
      ...base,
      sender: { ...base.sender, ...(own ? { phone } : {}) },
      kind: 'contact',
      contact: { phone, ...(name ? { name } : {}) },
    };
  }
  if (m.venue) {
    const { location, title, address } = m.venue;
    return {
      ...base,
      kind: 'location',
      location: {
        latitude: location.latitude,
        longitude: location.longitude,
        ...(title ? { name: title } : {}),
        ...(address ? { address } : {}),
      },
    };
  }
  if (m.location) {
    return { ...base, kind: 'location', location: { latitude: m.location.latitude, longitude: m.location.longitude } };
  }
  const media = mediaOf(m);
  if (media) return { ...base, kind: 'media', media, ...(m.caption ? { text: m.caption } : {}) };
  if (typeof m.text === 'string') return { ...base, kind: 'text', text: m.text };
  // Polls, dice, games…: answered with "I understand written messages".
  return { ...base, kind: 'unsupported' };
}

function normalizeCallback(q: TgCallbackQuery, channelAccountId: string): InboundMessage | null {
  const chat = q.message?.chat;
  if (!chat || !isPrivateFromHuman(chat, q.from) || typeof q.data !== 'string' || q.data === '') return null;
  const displayName = displayNameOf(q.from);
  const base = {
    channelAccountId,
    externalId: `cb:${q.id}`,
    chatId: String(chat.id),
    sender: { externalId: String(q.from.id), ...(displayName ? { displayName } : {}) },
  };
  const numbered = q.data.match(NUMBERED_CALLBACK);
  if (numbered) return { ...base, kind: 'text', text: numbered[1]! };
  return { ...base, kind: 'choice', choiceId: q.data };
}

/**
 * One Bot API update as Nova's inbound message, or null when Nova ignores it: edits, channel posts,
 * groups, bots, and update kinds it does not ask for.
 */
export function normalizeTelegramUpdate(raw: TgUpdate | unknown, channelAccountId: string): InboundMessage | null {
  const parsed = updateSchema.safeParse(raw);
  if (!parsed.success) return null;
  const update: TgUpdate = parsed.data;
  if (update.message) return normalizeMessage(update.message, channelAccountId);
  if (update.callback_query) return normalizeCallback(update.callback_query, channelAccountId);
  return null;
}

/** Whether a value looks like a Bot API update (the webhook's body is untrusted until the secret matched). */
export function isTelegramUpdate(value: unknown): value is TgUpdate {
  return (
    typeof value === 'object' && value !== null && Number.isSafeInteger((value as { update_id?: unknown }).update_id)
  );
}
