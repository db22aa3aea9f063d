// Photos sent in a chat: fetched from the channel, checked (type and size), re-encoded (below) and kept
// through the storage port. The checks answer in the user's language and leave the dialog where it was.
//
// Re-encoding: a phone's photo carries EXIF metadata, often the GPS position where it was taken (a
// homeowner's house, her home), the phone's model and serial numbers. Every accepted photo is decoded
// and written again as a JPEG with no metadata at all: turned upright first (EXIF orientation), scaled
// down to PHOTO_MAX_SIDE pixels on its longer side, transparency flattened on white. JPEG rather than
// WebP because the WhatsApp Cloud API sends images as JPEG or PNG only (WebP is for stickers there).
// A file that does not decode as an image is refused as unsupported.
import { randomUUID } from 'node:crypto';
import { err, ok, type Result } from '../core/shared/result.ts';
import type { MediaLinks } from '../core/storage/media-links.ts';
import { type Storage, storageKey } from '../core/storage/storage.ts';
import type { ChannelAdapter, ChannelKind, InboundMedia } from './types.ts';

export const MAX_PHOTO_BYTES = 5 * 1024 * 1024;
export const PHOTO_TYPES: ReadonlySet<string> = new Set(['image/jpeg', 'image/png', 'image/webp']);
/** the longer side of a stored photo, in pixels: plenty for a phone's screen */
export const PHOTO_MAX_SIDE = 2048;
/** larger images are refused before decoding (a small file can unpack into a huge bitmap) */
const MAX_INPUT_PIXELS = 50_000_000;
const JPEG_QUALITY = 82;
/**
 * sharp (libvips: about 29 MB of a process's memory) loads with the first photo, not at start: most
 * processes never re-encode one. A library that cannot load throws here, not as "not an image".
 */
let sharpLoaded: Promise<typeof import('sharp').default> | undefined;
const loadSharp = () => (sharpLoaded ??= import('sharp').then((module) => module.default));

export type MediaFetcher = (ref: string) => Promise<{ bytes: Uint8Array; mimeType: string }>;

export interface SavedPhoto {
  storageKey: string;
  mimeType: string;
  sizeBytes: number;
}

export type PhotoErrorCode = 'PHOTO.UNSUPPORTED' | 'PHOTO.TOO_LARGE' | 'PHOTO.UNAVAILABLE';

/**
 * Voice notes taken for transcription (bot/engine/voice.ts): at most this many bytes and seconds. A
 * WhatsApp or Telegram voice note (Opus) of three minutes is well under a megabyte; the size cap is for
 * other audio files, the length cap for what a transcription costs.
 */
export const MAX_AUDIO_BYTES = 10 * 1024 * 1024;
export const MAX_AUDIO_SECONDS = 180;

export type AudioErrorCode = 'AUDIO.UNSUPPORTED' | 'AUDIO.TOO_LARGE' | 'AUDIO.TOO_LONG' | 'AUDIO.UNAVAILABLE';

export interface FetchedAudio {
  bytes: Uint8Array;
  /** without parameters ("audio/ogg", not "audio/ogg; codecs=opus") */
  mimeType: string;
  /** a name whose extension says the format (the transcription service reads it) */
  fileName: string;
}

const AUDIO_EXTENSIONS: Record<string, string> = {
  'audio/ogg': 'ogg',
  'audio/opus': 'ogg',
  'application/ogg': 'ogg',
  'audio/mpeg': 'mp3',
  'audio/mp3': 'mp3',
  'audio/mp4': 'm4a',
  'audio/m4a': 'm4a',
  'audio/x-m4a': 'm4a',
  'audio/aac': 'm4a',
  'audio/wav': 'wav',
  'audio/x-wav': 'wav',
  'audio/wave': 'wav',
  'audio/webm': 'webm',
  'audio/flac': 'flac',
  'audio/amr': 'amr',
};
const bareMime = (mime: string | undefined) => mime?.split(';')[0]?.trim().toLowerCase() ?? '';

/** `data:` URLs carry their bytes: the in-memory channel and tests send photos that way. */
export const dataUrlFetcher: MediaFetcher = async (ref) => {
  const match = ref.match(/^data:([\w/+.-]+);base64,(.*)$/s);
  if (!match) throw new Error('not a data URL');
  return { mimeType: match[1]!, bytes: Buffer.from(match[2]!, 'base64') };
};

/**
 * A received photo written again as a JPEG without metadata (EXIF, GPS, XMP, ICC), upright and at most
 * PHOTO_MAX_SIDE on its longer side; null when the bytes are not an image sharp can read.
 */
export async function reencodePhoto(bytes: Uint8Array): Promise<{ bytes: Buffer; mimeType: 'image/jpeg' } | null> {
  const sharp = await loadSharp();
  try {
    const out = await sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS })
      .autoOrient()
      .resize({ width: PHOTO_MAX_SIDE, height: PHOTO_MAX_SIDE, fit: 'inside', withoutEnlargement: true })
      .flatten({ background: '#ffffff' })
      // no keepMetadata()/withMetadata(): sharp writes none of the input's metadata
      .jpeg({ quality: JPEG_QUALITY })
      .toBuffer();
    return { bytes: out, mimeType: 'image/jpeg' };
  } catch {
    return null;
  }
}

export interface MediaDeps {
  storage: Storage;
  /** by channel kind; channels register theirs when they start */
  fetchers: Partial<Record<ChannelKind, MediaFetcher>>;
}

export function createMedia({ storage, fetchers }: MediaDeps) {
  return {
    async savePhoto(
      organizationId: string,
      channel: ChannelKind,
      media: InboundMedia,
    ): Promise<Result<SavedPhoto, PhotoErrorCode>> {
      if (media.kind !== 'image' && media.kind !== 'document') return err('PHOTO.UNSUPPORTED');
      if (media.mimeType && !PHOTO_TYPES.has(media.mimeType)) return err('PHOTO.UNSUPPORTED');
      if (media.sizeBytes && media.sizeBytes > MAX_PHOTO_BYTES) return err('PHOTO.TOO_LARGE');
      const fetcher = media.ref.startsWith('data:') ? dataUrlFetcher : fetchers[channel];
      if (!fetcher) return err('PHOTO.UNAVAILABLE');
      let file: { bytes: Uint8Array; mimeType: string };
      try {
        file = await fetcher(media.ref);
      } catch {
        return err('PHOTO.UNAVAILABLE');
      }
      if (!PHOTO_TYPES.has(file.mimeType)) return err('PHOTO.UNSUPPORTED');
      if (file.bytes.byteLength > MAX_PHOTO_BYTES) return err('PHOTO.TOO_LARGE');
      const photo = await reencodePhoto(file.bytes);
      if (!photo) return err('PHOTO.UNSUPPORTED');
      const key = storageKey(organizationId, 'property', randomUUID(), photo.mimeType);
      await storage.put(key, photo.bytes, photo.mimeType);
      return ok({ storageKey: key, mimeType: photo.mimeType, sizeBytes: photo.bytes.byteLength });
    },

    /**
     * An image Nova made (a report's chart), kept for sending: a message whose media names the key is
     * what lets the /media route serve it (core/storage/media.queries.ts).
     */
    async saveReportImage(organizationId: string, bytes: Uint8Array, mimeType: 'image/png'): Promise<SavedPhoto> {
      const key = storageKey(organizationId, 'report', randomUUID(), mimeType);
      await storage.put(key, bytes, mimeType);
      return { storageKey: key, mimeType, sizeBytes: bytes.byteLength };
    },

    /** A voice note's bytes, for transcription only: checked (type, size, length), never stored. */
    async fetchAudio(channel: ChannelKind, media: InboundMedia): Promise<Result<FetchedAudio, AudioErrorCode>> {
      if (media.kind !== 'audio') return err('AUDIO.UNSUPPORTED');
      if (media.durationSeconds !== undefined && media.durationSeconds > MAX_AUDIO_SECONDS)
        return err('AUDIO.TOO_LONG');
      if (media.sizeBytes && media.sizeBytes > MAX_AUDIO_BYTES) return err('AUDIO.TOO_LARGE');
      const fetcher = media.ref.startsWith('data:') ? dataUrlFetcher : fetchers[channel];
      if (!fetcher) return err('AUDIO.UNAVAILABLE');
      let file: { bytes: Uint8Array; mimeType: string };
      try {
        file = await fetcher(media.ref);
      } catch {
        return err('AUDIO.UNAVAILABLE');
      }
      if (file.bytes.byteLength > MAX_AUDIO_BYTES) return err('AUDIO.TOO_LARGE');
      if (file.bytes.byteLength === 0) return err('AUDIO.UNAVAILABLE');
      // the file's own type first; a download served as octet-stream keeps the one the message gave
      const fetched = bareMime(file.mimeType);
      const mimeType = AUDIO_EXTENSIONS[fetched] ? fetched : bareMime(media.mimeType);
      const extension = AUDIO_EXTENSIONS[mimeType];
      if (!extension) return err('AUDIO.UNSUPPORTED');
      return ok({ bytes: file.bytes, mimeType, fileName: `voice.${extension}` });
    },
  };
}

export type Media = ReturnType<typeof createMedia>;

/** Channels whose servers fetch a photo by its URL; the others send the stored file itself. */
const FETCHED_BY_URL: ReadonlySet<ChannelKind> = new Set(['whatsapp_cloud', 'telegram']);

/**
 * The adapter with stored photos linked at send time: a message's image with a storage key gets a
 * fresh signed link (core/storage/media-links.ts) on channels that fetch by URL (the WhatsApp Cloud API,
 * Telegram), and no link on the others (WhatsApp Web reads the stored file). Without `links` (no
 * PUBLIC_BASE_URL) no link is made: Telegram uploads the file, the Cloud API sends no photo. Signing
 * here rather than in the reply keeps links out of the database (outbound_messages) and makes every
 * retry of a send carry a link that is valid then.
 */
export function withMediaLinks(adapter: ChannelAdapter, links: Pick<MediaLinks, 'url'> | undefined): ChannelAdapter {
  const byUrl = FETCHED_BY_URL.has(adapter.kind);
  return {
    kind: adapter.kind,
    capabilities: adapter.capabilities,
    send(chatId, message, meta) {
      const media = message.media;
      if (media?.kind !== 'image' || !media.storageKey) return adapter.send(chatId, message, meta);
      const { url: _stored, ...rest } = media;
      const url = byUrl ? links?.url(media.storageKey) : undefined;
      return adapter.send(chatId, { ...message, media: url ? { ...rest, url } : rest }, meta);
    },
    sentRecorded: adapter.sentRecorded?.bind(adapter),
  };
}
