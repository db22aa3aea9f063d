// Photos sent in a chat: fetched from the channel, checked (type and size) and kept through the storage
// port. The checks answer in the user's language and leave the dialog where it was.
import { randomUUID } from 'node:crypto';
import { err, ok, type Result } from '../core/shared/result.ts';
import { type Storage, storageKey } from '../core/storage/storage.ts';
import type { ChannelKind, InboundMedia } from './types.ts';

export const MAX_PHOTO_BYTES = 5 * 1024 * 1024;
export const PHOTO_TYPES: ReadonlySet<string> = new Set(['image/jpeg', 'image/png', 'image/webp']);

export type MediaFetcher = (ref: string) => Promise<{ bytes: Uint8Array; mimeType: string }>;

export interface SavedPhoto {
  storageKey: string;
  mimeType: string;
  sizeBytes: number;
}

export type PhotoErrorCode = 'PHOTO.UNSUPPORTED' | 'PHOTO.TOO_LARGE' | 'PHOTO.UNAVAILABLE';

/** `data:` URLs carry their bytes: the in-memory channel and tests send photos that way. */
export const dataUrlFetcher: MediaFetcher = async (ref) => {
  const match = ref.match(/^data:([\w/+.-]+);base64,(.*)$/s);
  if (!match) throw new Error('not a data URL');
  return { mimeType: match[1]!, bytes: Buffer.from(match[2]!, 'base64') };
};

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
      const key = storageKey(organizationId, 'property', randomUUID(), file.mimeType);
      await storage.put(key, file.bytes, file.mimeType);
      return ok({ storageKey: key, mimeType: file.mimeType, sizeBytes: file.bytes.byteLength });
    },
  };
}

export type Media = ReturnType<typeof createMedia>;
