// Signing of outgoing webhooks. Each request carries X-Nova-Timestamp (Unix seconds) and
// X-Nova-Signature: sha256=<hex HMAC-SHA256(secret, timestamp + "." + body)>. Signing the timestamp
// with the body lets a receiver refuse a captured request replayed later: the timestamp cannot be
// changed without the secret. Pure: docs/webhooks.md shows the same check for receivers.
import { createHmac, timingSafeEqual } from 'node:crypto';

/** How old a timestamp a receiver should accept (docs/webhooks.md); also the tolerance of verify(). */
export const REPLAY_WINDOW_SECONDS = 5 * 60;

/** The X-Nova-Signature value of `body` sent at `timestamp` (Unix seconds). */
export function signBody(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/**
 * What a receiver checks: the signature matches the body and the timestamp, and the timestamp is within
 * `toleranceSeconds` of `nowSeconds` (either way: a receiver's clock may be behind).
 */
export function verifySignature(input: {
  secret: string;
  body: string;
  timestamp: string | number | null | undefined;
  signature: string | null | undefined;
  nowSeconds: number;
  toleranceSeconds?: number;
}): boolean {
  const timestamp = Number(input.timestamp);
  if (!Number.isInteger(timestamp) || !input.signature) return false;
  if (Math.abs(input.nowSeconds - timestamp) > (input.toleranceSeconds ?? REPLAY_WINDOW_SECONDS)) return false;
  const expected = Buffer.from(signBody(input.secret, timestamp, input.body));
  const given = Buffer.from(input.signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
