// Passwords (optional for members): scrypt at OWASP's parameters, and hashes made with the older ones
// still verify because each hash carries its parameters.
import { randomBytes, scryptSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from '../../../core/shared/password.ts';

// scrypt at these parameters takes a few hundred milliseconds of CPU per hash by design; on a loaded
// machine three of them can pass vitest's default 5 s, so the cases get more room (no time is asserted).
const SCRYPT_ROOM_MS = 60_000;

describe('password hashes', () => {
  it(
    'use scrypt with N=2^17, r=8, p=1 and verify only the right password',
    async () => {
      const stored = await hashPassword('correct horse');
      expect(stored.split('$').slice(0, 4)).toEqual(['scrypt', '131072', '8', '1']);
      expect(await verifyPassword('correct horse', stored)).toBe(true);
      expect(await verifyPassword('correct hors', stored)).toBe(false);
    },
    SCRYPT_ROOM_MS,
  );

  it(
    'made with the former parameters (N=2^14) still verify',
    async () => {
      const salt = randomBytes(16);
      const key = scryptSync('demo-password', salt, 32, { N: 16_384, r: 8, p: 1 });
      const old = ['scrypt', 16_384, 8, 1, salt.toString('base64'), key.toString('base64')].join('$');
      expect(await verifyPassword('demo-password', old)).toBe(true);
      expect(await verifyPassword('other', old)).toBe(false);
    },
    SCRYPT_ROOM_MS,
  );

  it('that are damaged or ask for absurd memory are refused, not computed', async () => {
    const salt = randomBytes(16).toString('base64');
    const hash = randomBytes(32).toString('base64');
    for (const stored of [
      '',
      'bcrypt$x',
      `scrypt$abc$8$1$${salt}$${hash}`,
      `scrypt$1073741824$8$1$${salt}$${hash}`,
      `scrypt$131072$64$1$${salt}$${hash}`,
      `scrypt$16384$8$1$${salt}$`,
    ])
      expect(await verifyPassword('x', stored)).toBe(false);
  });
});
