// One-time codes: 6 random digits, stored only as an HMAC bound to the code's row and phone, so that a
// copy of the table reveals no code and a hash cannot be moved to another row.
import { createHmac, randomInt, timingSafeEqual } from 'node:crypto';
import { toAsciiDigits } from '../shared/digits.ts';

export const CODE_DIGITS = 6;

/** A uniformly random 6-digit code (leading zeros kept). */
export function newCode(): string {
  return String(randomInt(0, 10 ** CODE_DIGITS)).padStart(CODE_DIGITS, '0');
}

export function hashCode(key: Buffer, codeId: string, target: string, code: string): string {
  return createHmac('sha256', key).update(`otp.v1\0${codeId}\0${target}\0${code}`).digest('base64url');
}

/** Compares two stored hashes in constant time. */
export function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The code as typed («١٢٣ ٤٥٦», "123-456") in ASCII digits, or undefined when it is not 6 digits. */
export function normalizeCode(raw: string): string | undefined {
  const code = toAsciiDigits(raw).replace(/[\s\-.\u200e\u200f]/g, '');
  return new RegExp(`^\\d{${CODE_DIGITS}}$`).test(code) ? code : undefined;
}
