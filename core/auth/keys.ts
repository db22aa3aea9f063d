// The keys of sign-in, all derived from the one master secret (NOVA_SECRET_KEY): one per purpose, so
// that a key leaked from one use opens nothing else.
import { hkdfSync } from 'node:crypto';
import { deriveKey } from '../shared/secrets.ts';

export interface AuthKeys {
  /** HS256 key of access tokens */
  jwt: Buffer;
  /** HMAC key of stored one-time codes */
  otp: Buffer;
  /** HMAC key of rate_limits keys (phones and addresses are not stored as such) */
  rate: Buffer;
  /** HMAC key of the public page's visitor cookie */
  visitor: Buffer;
}

const subKey = (key: Buffer, label: string) =>
  Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), `nova:${label}`, 32));

export function authKeys(master: string): AuthKeys {
  const jwt = deriveKey(master, 'auth.jwt');
  const otp = deriveKey(master, 'auth.otp');
  return { jwt, otp, rate: subKey(otp, 'auth.rate-limit'), visitor: subKey(jwt, 'web.visitor') };
}
