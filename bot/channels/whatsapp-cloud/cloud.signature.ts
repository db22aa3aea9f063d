// Meta signs every webhook POST with the app secret: X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the
// raw body>. The check runs over the bytes exactly as received (re-serialised JSON would differ) and
// compares in constant time, so a forger learns nothing from how long a refusal takes.
import { createHmac, timingSafeEqual } from 'node:crypto';

const SIGNATURE = /^sha256=([0-9a-f]{64})$/i;

export function signCloudPayload(appSecret: string, rawBody: Buffer | string): string {
  return `sha256=${createHmac('sha256', appSecret).update(rawBody).digest('hex')}`;
}

/** True only when the header is a well-formed sha256 signature of exactly these bytes. */
export function verifyCloudSignature(
  appSecret: string,
  rawBody: Buffer | string,
  header: string | undefined | null,
): boolean {
  if (!appSecret || !header) return false;
  const match = SIGNATURE.exec(header.trim());
  if (!match) return false;
  const given = Buffer.from(match[1]!, 'hex');
  const expected = createHmac('sha256', appSecret).update(rawBody).digest();
  return given.length === expected.length && timingSafeEqual(given, expected);
}
