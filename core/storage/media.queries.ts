// Photos Nova has sent by link (`${PUBLIC_BASE_URL}/media/<key>`, bot/features/shared/helpers.ts): a
// channel such as the WhatsApp Cloud API fetches the link itself. The route is public on purpose, and
// the key is its credential: `<organization id>/property/<random uuid>.<ext>` (storage.ts), 122 random
// bits that cannot be guessed or listed. A key is served only when the database knows it, within the
// organization the key names, as a property image or as the media of an outbound message; anything
// else (a file that is not a published photo, a malformed key, a key of the wrong office) is null, so
// that probing learns nothing.
import type { DbTx } from '../db/client.ts';
import type { Storage } from './storage.ts';

/** The organization's uuid, then plain path segments: no '.', '..', '%' or backslash can get through. */
const KEY_RE =
  /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\/(?:[A-Za-z0-9_-]+\/)*[A-Za-z0-9_-]+(?:\.[A-Za-z0-9]{1,8})?$/;
const MAX_KEY_LENGTH = 300;

/** What the route may send as an image; anything else stored under a published key is not served. */
export const SERVED_IMAGE_TYPES: ReadonlySet<string> = new Set(['image/jpeg', 'image/png', 'image/webp']);

/** The organization a well-formed key belongs to, or null for anything that is not a storage key of ours. */
export function organizationOfKey(key: string): string | null {
  if (key.length > MAX_KEY_LENGTH) return null;
  return KEY_RE.exec(key)?.[1] ?? null;
}

export function createMediaReader({ db, storage }: { db: DbTx; storage: Pick<Storage, 'get'> }) {
  return {
    /** The published photo under `key`, or null. */
    async photo(key: string): Promise<{ bytes: Uint8Array; mimeType: string } | null> {
      const organizationId = organizationOfKey(key);
      if (!organizationId) return null;
      const image = await db.propertyImage.findFirst({
        where: { organizationId, storageKey: key },
        select: { id: true },
      });
      // The outbound check reads message payloads: it runs only for a file that exists, which a
      // random probe never names.
      const file = await storage.get(key);
      if (!file || !SERVED_IMAGE_TYPES.has(file.mimeType)) return null;
      if (image) return file;
      const sent = await db.outboundMessage.findFirst({
        where: { organizationId, payload: { path: ['media', 'storageKey'], equals: key } },
        select: { id: true },
      });
      return sent ? file : null;
    },
  };
}

export type MediaReader = ReturnType<typeof createMediaReader>;
