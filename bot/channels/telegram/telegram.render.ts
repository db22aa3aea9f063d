// OutboundMessage → the Bot API calls that show it, in order. Pure: the channel adds chat_id and runs
// them. Plain text only (no parse_mode), so nothing in a reply needs escaping.
import type { Choice, OutboundMessage } from '../../types.ts';

/** Telegram's limits (https://core.telegram.org/bots/api#sendmessage). */
export const TG_LIMITS = {
  text: 4096,
  caption: 1024,
  callbackDataBytes: 64,
  buttonsPerRow: 3,
  shortLabel: 20,
} as const;

export interface TgInlineKeyboard {
  inline_keyboard: Array<Array<{ text: string; callback_data: string }>>;
}

export interface TgContactKeyboard {
  keyboard: Array<Array<{ text: string; request_contact: true }>>;
  one_time_keyboard: true;
  resize_keyboard: true;
}

export type TgReplyMarkup = TgInlineKeyboard | TgContactKeyboard;

/** A file the channel uploads itself (the message names a stored file, not a URL Telegram can fetch). */
export interface TgUpload {
  storageKey: string;
  fileName?: string;
  mimeType?: string;
}

export type TgCall =
  | { method: 'sendMessage'; payload: { text: string; reply_markup?: TgReplyMarkup } }
  | {
      method: 'sendPhoto';
      payload: { photo?: string; caption?: string; reply_markup?: TgReplyMarkup };
      upload?: TgUpload;
    }
  | {
      method: 'sendDocument';
      payload: { document?: string; caption?: string; reply_markup?: TgReplyMarkup };
      upload?: TgUpload;
    }
  | { method: 'sendLocation'; payload: { latitude: number; longitude: number } };

const ARABIC = /[\u0600-\u06FF]/;
export const SHARE_CONTACT_LABEL = { ar: '📱 شارك رقمي', en: '📱 Share my number' } as const;

const byteLength = (s: string) => Buffer.byteLength(s, 'utf8');

/**
 * The callback_data of each choice: its id, or `#n` (1-based) when the id does not fit Telegram's
 * 64 bytes. Nova's ids ('confirm', 'cancel', UUIDs) fit; `#n` arrives back as the typed number n, which
 * the engine resolves against the choices it offered (see NUMBERED_CALLBACK in telegram.normalize.ts).
 */
export function callbackDataOf(choice: Choice, index: number): string {
  const id = choice.id;
  if (id !== '' && byteLength(id) <= TG_LIMITS.callbackDataBytes && !/^#\d+$/.test(id)) return id;
  return `#${index + 1}`;
}

function buttonText(label: string): string {
  const chars = [...label.trim()];
  if (chars.length === 0) return '•';
  return chars.length > 64 ? `${chars.slice(0, 63).join('')}…` : chars.join('');
}

/** Short labels side by side (up to three), otherwise one button per row so that none is cut. */
export function inlineKeyboard(choices: Choice[]): TgInlineKeyboard {
  const buttons = choices.map((c, i) => ({ text: buttonText(c.label), callback_data: callbackDataOf(c, i) }));
  const short =
    buttons.length <= TG_LIMITS.buttonsPerRow && buttons.every((b) => [...b.text].length <= TG_LIMITS.shortLabel);
  return { inline_keyboard: short ? [buttons] : buttons.map((b) => [b]) };
}

export function contactKeyboard(text: string): TgContactKeyboard {
  const label = ARABIC.test(text) || !/[A-Za-z]/.test(text) ? SHARE_CONTACT_LABEL.ar : SHARE_CONTACT_LABEL.en;
  return { keyboard: [[{ text: label, request_contact: true }]], one_time_keyboard: true, resize_keyboard: true };
}

/** Cuts at most `limit` UTF-16 units without splitting a surrogate pair. */
function hardCut(s: string, limit: number): number {
  let cut = limit;
  const code = s.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut -= 1;
  return cut;
}

/** Splits a text into pieces of at most `limit` UTF-16 units, at line breaks when it can, else at spaces. */
export function splitText(text: string, limit: number = TG_LIMITS.text): string[] {
  if (text.length <= limit) return [text];
  const pieces: string[] = [];
  let current = '';
  const flush = () => {
    if (current.trim() !== '') pieces.push(current);
    current = '';
  };
  for (let line of text.split('\n')) {
    const joined = current === '' ? line : `${current}\n${line}`;
    if (joined.length <= limit) {
      current = joined;
      continue;
    }
    flush();
    while (line.length > limit) {
      const space = line.lastIndexOf(' ', limit);
      const cut = space > limit / 2 ? space : hardCut(line, limit);
      pieces.push(line.slice(0, cut));
      line = line.slice(cut).replace(/^ /, '');
    }
    current = line;
  }
  flush();
  return pieces;
}

/**
 * The calls for one message: the media (its caption is the text when it fits), else the text in
 * pieces of at most 4096 characters; the choices as an inline keyboard on the last piece (or the
 * contact-request keyboard, in which case choices are numbered in the text: a message has one
 * keyboard); then the location.
 */
export function renderTelegram(message: OutboundMessage): TgCall[] {
  const calls: TgCall[] = [];
  const choices = message.choices ?? [];
  let text = message.text ?? '';
  let markup: TgReplyMarkup | undefined;
  if (message.requestContact) {
    markup = contactKeyboard(text);
    if (choices.length) text = `${text}\n\n${choices.map((c, i) => `${i + 1}. ${c.label}`).join('\n')}`;
  } else if (choices.length) {
    markup = inlineKeyboard(choices);
  }
  const withMarkup = <T extends object>(payload: T) => (markup ? { ...payload, reply_markup: markup } : payload);

  let textSent = false;
  const media = message.media;
  if (media && (media.url || media.storageKey)) {
    const fits = text.trim() !== '' && text.length <= TG_LIMITS.caption;
    // The keyboard goes on the last message that carries the text.
    const caption = fits ? { caption: text } : {};
    const payloadMarkup = fits || text.trim() === '' ? withMarkup({}) : {};
    const upload: TgUpload | undefined =
      !media.url && media.storageKey
        ? {
            storageKey: media.storageKey,
            ...(media.fileName ? { fileName: media.fileName } : {}),
            ...(media.mimeType ? { mimeType: media.mimeType } : {}),
          }
        : undefined;
    if (media.kind === 'image') {
      calls.push({
        method: 'sendPhoto',
        payload: { ...(media.url ? { photo: media.url } : {}), ...caption, ...payloadMarkup },
        ...(upload ? { upload } : {}),
      });
    } else {
      calls.push({
        method: 'sendDocument',
        payload: { ...(media.url ? { document: media.url } : {}), ...caption, ...payloadMarkup },
        ...(upload ? { upload } : {}),
      });
    }
    textSent = fits || text.trim() === '';
    if (textSent) markup = undefined;
  }

  if (!textSent) {
    // A keyboard needs a message to sit on; Telegram refuses an empty text.
    if (text.trim() === '' && markup) text = '⬇️';
    if (text.trim() !== '') {
      const pieces = splitText(text);
      pieces.forEach((piece, i) => {
        calls.push({
          method: 'sendMessage',
          payload: i === pieces.length - 1 ? withMarkup({ text: piece }) : { text: piece },
        });
      });
    }
  }

  if (message.location) {
    calls.push({
      method: 'sendLocation',
      payload: { latitude: message.location.latitude, longitude: message.location.longitude },
    });
  }
  return calls;
}
