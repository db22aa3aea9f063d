// Signed, expiring links to stored photos: `<base>/media/<key>?exp=<unix seconds>&sig=<base64url>`, the
// signature an HMAC-SHA256 over the key and the expiry with a key derived from NOVA_SECRET_KEY
// (deriveKey(…, 'media.links')). A link names one photo until it expires; a changed key, expiry or
// signature, or an expired link, opens nothing. Changing NOVA_SECRET_KEY voids every link.
//
// The expiry is rounded up to the next hour, so that one photo sent several times within an hour has one
// URL (a channel's servers may cache what they fetched by URL).
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Clock } from '../shared/clock.ts';

/** How long a link works: 7 days (see docs/operations.md, "Media links", for the trade-off). */
export const MEDIA_LINK_TTL_SECONDS = 7 * 24 * 3600;

const HOUR = 3600;
const SIG_RE = /^[A-Za-z0-9_-]{43}$/;
const EXP_RE = /^[0-9]{1,12}$/;

/** The signature of a link to `storageKey` that expires at `exp` (unix seconds). */
export function mediaLinkSignature(key: Uint8Array, storageKey: string, exp: number): string {
  return createHmac('sha256', key).update(`media:${storageKey}\n${exp}`).digest('base64url');
}

/** When a link made at `nowSeconds` expires: `ttl` later, rounded up to the hour. */
export function mediaLinkExpiry(nowSeconds: number, ttlSeconds = MEDIA_LINK_TTL_SECONDS): number {
  return Math.ceil((nowSeconds + ttlSeconds) / HOUR) * HOUR;
}

/**
 * Whether `exp` and `sig` (as they came in the query, unparsed) make a valid, unexpired link to
 * `storageKey` at `nowSeconds`.
 */
export function verifyMediaLink(
  key: Uint8Array,
  storageKey: string,
  exp: string | undefined,
  sig: string | undefined,
  nowSeconds: number,
): boolean {
  if (!exp || !sig || !EXP_RE.test(exp) || !SIG_RE.test(sig)) return false;
  const expiry = Number(exp);
  if (expiry <= nowSeconds) return false;
  // compared as text: two spellings of one base64url value (its last character's spare bits) differ
  const expected = Buffer.from(mediaLinkSignature(key, storageKey, expiry));
  return timingSafeEqual(Buffer.from(sig), expected);
}

export interface MediaLinks {
  /** the signed URL of a stored photo, valid MEDIA_LINK_TTL_SECONDS (rounded up to the hour) */
  url(storageKey: string): string;
  /** whether a request's `exp` and `sig` open `storageKey` now */
  verify(storageKey: string, exp: string | undefined, sig: string | undefined): boolean;
  /** seconds until `exp` (for the cache lifetime of what the link serves); 0 when past or malformed */
  secondsLeft(exp: string | undefined): number;
}

export function createMediaLinks(deps: {
  key: Uint8Array;
  clock: Clock;
  /** the server's public URL (PUBLIC_BASE_URL); links are `${baseUrl}/media/<key>?…` */
  baseUrl?: string;
  ttlSeconds?: number;
}): MediaLinks {
  const base = deps.baseUrl?.replace(/\/+$/, '') ?? '';
  const nowSeconds = () => Math.floor(deps.clock.now().getTime() / 1000);
  return {
    url(storageKey) {
      const exp = mediaLinkExpiry(nowSeconds(), deps.ttlSeconds);
      // Keys are ours (organization/kind/uuid.ext): path segments that need no escaping.
      return `${base}/media/${storageKey}?exp=${exp}&sig=${mediaLinkSignature(deps.key, storageKey, exp)}`;
    },
    verify: (storageKey, exp, sig) => verifyMediaLink(deps.key, storageKey, exp, sig, nowSeconds()),
    secondsLeft(exp) {
      if (!exp || !EXP_RE.test(exp)) return 0;
      return Math.max(0, Number(exp) - nowSeconds());
    },
  };
}
