// OutboundMessage → the Baileys message contents to send, in order. Pure. Buttons and lists are unreliable
// on WhatsApp Web (WhatsApp drops or hides them for linked devices), so this channel declares no choices
// and they go out as a numbered list in the text: "2" then picks the second.
import type { AnyMessageContent } from '@whiskeysockets/baileys';
import { type ChannelCapabilities, fitToChannel, type OutboundMessage } from '../../types.ts';

export const WHATSAPP_WEB_CAPABILITIES: ChannelCapabilities = {
  maxChoices: 0,
  media: true,
  documents: true,
  location: true,
};

/** Longest caption sent with an image or document; a longer text follows the media as its own message. */
export const MAX_CAPTION = 1024;
/** WhatsApp refuses texts longer than this (65 536 characters); longer ones are split at line breaks. */
export const MAX_TEXT = 60_000;

export interface RenderOptions {
  /**
   * Where Nova keeps a stored file (OutboundMessage.media.storageKey): an http(s) URL or a local path,
   * both of which Baileys reads. Without it (or when it answers undefined) a media message without a URL
   * goes out as its text alone.
   */
  mediaSource?: (storageKey: string) => string | undefined;
}

const MIME_BY_EXTENSION: Record<string, string> = {
  pdf: 'application/pdf',
  doc: 'application/msword',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xls: 'application/vnd.ms-excel',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  ppt: 'application/vnd.ms-powerpoint',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  txt: 'text/plain',
  csv: 'text/csv',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  zip: 'application/zip',
};

export function renderWhatsAppMessage(input: OutboundMessage, options: RenderOptions = {}): AnyMessageContent[] {
  const message = fitToChannel(input, WHATSAPP_WEB_CAPABILITIES);
  const text = message.text ?? '';
  const parts: AnyMessageContent[] = [];
  let textSent = false;

  const media = message.media;
  const source = media
    ? (media.url ?? (media.storageKey ? options.mediaSource?.(media.storageKey) : undefined))
    : undefined;
  if (media && source) {
    const caption = text.trim().length > 0 && text.length <= MAX_CAPTION ? text : undefined;
    if (media.kind === 'image') {
      parts.push({
        image: { url: source },
        ...(caption ? { caption } : {}),
        ...(media.mimeType ? { mimetype: media.mimeType } : {}),
      });
    } else {
      const fileName = media.fileName ?? fileNameOf(source);
      parts.push({
        document: { url: source },
        mimetype: media.mimeType ?? mimeOf(fileName) ?? 'application/octet-stream',
        ...(fileName ? { fileName } : {}),
        ...(caption ? { caption } : {}),
      });
    }
    textSent = caption !== undefined;
  }

  if (!textSent && text.trim().length > 0) {
    for (const chunk of splitText(text, MAX_TEXT)) parts.push({ text: chunk });
  }

  if (message.location) {
    const { latitude, longitude, name } = message.location;
    parts.push({ location: { degreesLatitude: latitude, degreesLongitude: longitude, ...(name ? { name } : {}) } });
  }
  return parts;
}

/** Splits a long text at line breaks (or hard at `max` when a line is longer). */
export function splitText(text: string, max: number): string[] {
  if (text.length <= max) return [text];
  const chunks: string[] = [];
  let rest = text;
  while (rest.length > max) {
    const cut = rest.lastIndexOf('\n', max);
    const at = cut > max / 2 ? cut : max;
    chunks.push(rest.slice(0, at));
    rest = rest.slice(at).replace(/^\n/, '');
  }
  if (rest.length > 0) chunks.push(rest);
  return chunks;
}

function fileNameOf(source: string): string | undefined {
  const path = source.split(/[?#]/)[0] ?? '';
  const last = path.slice(path.lastIndexOf('/') + 1);
  let name = last;
  try {
    name = decodeURIComponent(last);
  } catch {
    // a malformed escape: keep the name as written
  }
  return name.includes('.') ? name : undefined;
}

function mimeOf(fileName: string | undefined): string | undefined {
  const extension = fileName?.split('.').pop()?.toLowerCase();
  return extension ? MIME_BY_EXTENSION[extension] : undefined;
}
