// The operator's token for machine-facing admin URLs (metrics, the WhatsApp QR code):
// `Authorization: Bearer <ADMIN_TOKEN>`. An empty ADMIN_TOKEN opens nothing; digests are compared so
// that the time taken says nothing of the token.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';

const digest = (value: string) => createHash('sha256').update(value).digest();

export function adminTokenGuard(adminToken: string | undefined): MiddlewareHandler {
  const expected = adminToken ? digest(adminToken) : undefined;
  return async (c, next) => {
    const given = c.req
      .header('authorization')
      ?.match(/^Bearer\s+(.+)$/i)?.[1]
      ?.trim();
    if (!expected || !given || !timingSafeEqual(digest(given), expected)) {
      return c.json({ error: 'unauthorized' }, 401, { 'www-authenticate': 'Bearer', 'cache-control': 'no-store' });
    }
    await next();
  };
}
