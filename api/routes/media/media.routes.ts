// Published photos over HTTP, mounted at /media: GET /media/<storage key>?exp=…&sig=…, the signed,
// expiring links of core/storage/media-links.ts. Channels (the WhatsApp Cloud API, Telegram) fetch the
// links Nova sends them without credentials: the link itself is the credential, and it works until it
// expires (7 days). Only a valid, unexpired signature gets as far as the storage; then the key must also
// be one the database publishes (core/storage/media.queries.ts). Everything refused answers the same
// 404 — no signature, a wrong or expired one, a malformed or unknown key, a path that tries to leave the
// storage directory — so that probing learns nothing, not even whether a key exists.
import { Hono } from 'hono';
import type { MediaReader } from '../../../core/storage/media.queries.ts';
import type { MediaLinks } from '../../../core/storage/media-links.ts';

export interface MediaRoutesDeps {
  reader: Pick<MediaReader, 'photo'>;
  links: Pick<MediaLinks, 'verify' | 'secondsLeft'>;
}

const notFound = { error: 'not_found' } as const;
/** A cache keeps a photo a day at most, and never past its link's expiry. */
const MAX_AGE_SECONDS = 86_400;

export function mediaRoutes(deps: MediaRoutesDeps): Hono {
  const app = new Hono();
  app.get('/:key{.+}', async (c) => {
    const key = c.req.param('key');
    const exp = c.req.query('exp');
    if (!deps.links.verify(key, exp, c.req.query('sig'))) return c.json(notFound, 404);
    const photo = await deps.reader.photo(key);
    if (!photo) return c.json(notFound, 404);
    const maxAge = Math.min(MAX_AGE_SECONDS, deps.links.secondsLeft(exp));
    return new Response(new Uint8Array(photo.bytes), {
      status: 200,
      headers: {
        'content-type': photo.mimeType,
        'content-length': String(photo.bytes.byteLength),
        // A key's bytes never change; a deleted photo may live in a cache until then.
        'cache-control': `public, max-age=${maxAge}`,
        'x-content-type-options': 'nosniff',
        'content-security-policy': "default-src 'none'; sandbox",
        'cross-origin-resource-policy': 'cross-origin',
        'referrer-policy': 'no-referrer',
        'x-robots-tag': 'noindex',
      },
    });
  });
  return app;
}
