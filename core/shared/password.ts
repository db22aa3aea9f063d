// Password hashing with Node's scrypt (memory-hard, no native addon to build): "scrypt$N$r$p$salt$hash".
import { randomBytes, type ScryptOptions, scrypt as scryptCb, timingSafeEqual } from 'node:crypto';

const scrypt = (password: string, salt: Buffer, keylen: number, options: ScryptOptions) =>
  new Promise<Buffer>((resolve, reject) =>
    scryptCb(password, salt, keylen, options, (error, key) => (error ? reject(error) : resolve(key))),
  );

// OWASP Password Storage Cheat Sheet: scrypt with N=2^17, r=8, p=1 at least (128 MiB, ~0.3 s here).
// The parameters are stored in each hash, so hashes made with older ones (N=2^14) still verify.
const PARAMS = { N: 2 ** 17, r: 8, p: 1 };
/** scrypt needs 128·N·r bytes; a stored hash may ask for 256 MiB at most (a damaged row must not exhaust memory) */
const MAX_MEMORY = 256 * 1024 * 1024;
/** Node refuses more than `maxmem` (32 MiB by default) */
const maxmem = (N: number, r: number) => 128 * N * r + 1024 * 1024;

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, 32, { ...PARAMS, maxmem: maxmem(PARAMS.N, PARAMS.r) });
  return ['scrypt', PARAMS.N, PARAMS.r, PARAMS.p, salt.toString('base64'), key.toString('base64')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [kind, n, r, p, salt, hash] = stored.split('$');
  if (kind !== 'scrypt' || !salt || !hash) return false;
  const [N, R, P] = [Number(n), Number(r), Number(p)];
  if (![N, R, P].every(Number.isSafeInteger) || N < 2 || R < 1 || P < 1 || P > 16) return false;
  if (128 * N * R > MAX_MEMORY) return false;
  const expected = Buffer.from(hash, 'base64');
  if (expected.length < 16) return false;
  const key = await scrypt(password, Buffer.from(salt, 'base64'), expected.length, {
    N,
    r: R,
    p: P,
    maxmem: maxmem(N, R),
  });
  return timingSafeEqual(key, expected);
}

/** A readable random password for demo accounts. */
export function randomPassword(): string {
  return randomBytes(9).toString('base64url');
}
