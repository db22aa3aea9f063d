// API keys as strings: `nova_` and 32 random bytes in base64url (43 characters). Only a SHA-256 of the
// key is stored (a key carries 256 random bits, so a fast hash is enough: nothing to brute-force), and
// its first characters (the prefix) to tell keys apart in lists. Pure, so that it has plain unit tests.
import { createHash, randomBytes } from 'node:crypto';

export const API_KEY_PREFIX = 'nova_';
/** `nova_` then 43 base64url characters */
export const API_KEY_PATTERN = /^nova_[A-Za-z0-9_-]{43}$/;
/** characters of the key shown in lists (`nova_` and 8 more) */
const SHOWN = API_KEY_PREFIX.length + 8;

export const looksLikeApiKey = (token: string) => token.startsWith(API_KEY_PREFIX);

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

export function newApiKey(bytes: Buffer = randomBytes(32)): { key: string; prefix: string; hash: string } {
  const key = `${API_KEY_PREFIX}${bytes.toString('base64url')}`;
  return { key, prefix: key.slice(0, SHOWN), hash: hashApiKey(key) };
}
