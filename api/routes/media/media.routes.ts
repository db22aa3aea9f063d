// Published photos over HTTP, mounted at /media: GET /media/<storage key>. Nova sends listing photos as
// `${PUBLIC_BASE_URL}/media/<key>` links, and channels (the WhatsApp Cloud API, Telegram) fetch them
// without credentials, so the route is public and the unguessable key is the credential (see
// core/storage/media.queries.ts for which keys are served). Anything not served answers 404, the same
// for a malformed key, an unknown one or a path that tries to leave the storage directory.
import { Hono } from 'hono';
import type { MediaReader } from '../../../core/storage/media.queries.ts';

export interface MediaRoutesDeps {
  reader: Pick<MediaReader, 'photo'>;
}

const notFound = { error: 'not_found' } as const;

export function mediaRoutes(deps: MediaRoutesDeps): Hono {
  const app = new Hono();
  app.get('/:key{.+}', async (c) => {
    const photo = await deps.reader.photo(c.req.param('key'));
    if (!photo) return c.json(notFound, 404);
    return new Response(new Uint8Array(photo.bytes), {
      status: 200,
      headers: {
        'content-type': photo.mimeType,
        'content-length': String(photo.bytes.byteLength),
        // A key's bytes never change; a deleted photo may live a day longer in a cache.
        'cache-control': 'public, max-age=86400',
        'x-content-type-options': 'nosniff',
        'content-security-policy': "default-src 'none'; sandbox",
        'cross-origin-resource-policy': 'cross-origin',
        'x-robots-tag': 'noindex',
      },
    });
  });
  return app;
}
