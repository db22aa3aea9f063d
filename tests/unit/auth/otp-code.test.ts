// One-time codes: six random digits, stored as an HMAC bound to the code's row and phone.
import { describe, expect, it } from 'vitest';
import { authKeys } from '../../../core/auth/keys.ts';
import { hashCode, newCode, normalizeCode, sameHash } from '../../../core/auth/otp-code.ts';

const key = authKeys('a master secret of at least thirty-two characters').otp;
const other = authKeys('another master secret of thirty-two characters!').otp;
const ID = '0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0';

describe('codes', () => {
  it('are six digits, leading zeros kept, and vary', () => {
    const codes = Array.from({ length: 2_000 }, newCode);
    for (const code of codes) expect(code).toMatch(/^\d{6}$/);
    expect(new Set(codes).size).toBeGreaterThan(1_900);
    // every digit shows up in every position
    for (let position = 0; position < 6; position++) expect(new Set(codes.map((c) => c[position])).size).toBe(10);
  });

  it('are stored as an HMAC that depends on the key, the row, the phone and the code', () => {
    const stored = hashCode(key, ID, '+966500000001', '123456');
    expect(stored).not.toContain('123456');
    expect(stored).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(hashCode(key, ID, '+966500000001', '123456')).toBe(stored);
    expect(hashCode(key, ID, '+966500000001', '123457')).not.toBe(stored);
    expect(hashCode(key, ID, '+966500000002', '123456')).not.toBe(stored);
    expect(hashCode(key, '1f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0', '+966500000001', '123456')).not.toBe(stored);
    expect(hashCode(other, ID, '+966500000001', '123456')).not.toBe(stored);
    expect(sameHash(stored, hashCode(key, ID, '+966500000001', '123456'))).toBe(true);
    expect(sameHash(stored, hashCode(key, ID, '+966500000001', '000000'))).toBe(false);
    expect(sameHash(stored, 'short')).toBe(false);
  });

  it('are read in any digits and spacing, and refused when not six digits', () => {
    expect(normalizeCode('١٢٣٤٥٦')).toBe('123456');
    expect(normalizeCode(' 123 456 ')).toBe('123456');
    expect(normalizeCode('123-456')).toBe('123456');
    expect(normalizeCode('۰۱۲۳۴۵')).toBe('012345');
    expect(normalizeCode('12345')).toBeUndefined();
    expect(normalizeCode('1234567')).toBeUndefined();
    expect(normalizeCode('12a456')).toBeUndefined();
    expect(normalizeCode('')).toBeUndefined();
  });
});
