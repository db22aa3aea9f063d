// Keys derived from the one master secret (NOVA_SECRET_KEY), one per purpose, and sealing of small
// secrets stored in the database (a bot token, a Cloud API token) with AES-256-GCM. A sealed value is
// "v1.<iv>.<tag>.<ciphertext>" in base64url: the version lets the scheme change without a migration.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

export type KeyPurpose =
  | 'auth.jwt'
  | 'auth.otp'
  | 'channel.secrets'
  | 'api.keys'
  | 'webhooks.secrets'
  | 'media.links'
  | 'admin.session';

/** A 32-byte key for one purpose: HKDF-SHA256 over the master secret. */
export function deriveKey(master: string, purpose: KeyPurpose): Buffer {
  return Buffer.from(hkdfSync('sha256', Buffer.from(master, 'utf8'), Buffer.alloc(0), `nova:${purpose}`, 32));
}

export function seal(key: Buffer, plaintext: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return ['v1', iv, cipher.getAuthTag(), body]
    .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
    .join('.');
}

/** The plaintext, or null when the value was sealed under another key or altered. */
export function unseal(key: Buffer, sealed: string): string | null {
  const [version, iv, tag, body] = sealed.split('.');
  if (version !== 'v1' || !iv || !tag || body === undefined) return null;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
  } catch {
    return null;
  }
}
