import { describe, expect, it } from 'vitest';
import { toE164 } from '../../../core/shared/phone.ts';

describe('toE164', () => {
  it.each([
    ['0551234567'],
    ['551234567'],
    ['966551234567'],
    ['00966551234567'],
    ['+966551234567'],
    ['+966 55 123 4567'],
    ['+966-55-123-4567'],
    ['055-123-4567'],
    ['٠٥٥١٢٣٤٥٦٧'],
    ['۰۵۵۱۲۳۴۵۶۷'],
    ['(055) 123 4567'],
  ])('reads the Saudi mobile %s as +966551234567', (raw) => {
    expect(toE164(raw)).toBe('+966551234567');
  });

  it('keeps foreign numbers given with their country code', () => {
    expect(toE164('+44 20 7946 0958')).toBe('+442079460958');
  });

  it.each([['12345'], ['0551234'], ['05512345678901'], ['hello'], [''], ['+966 00 000 0000']])(
    'rejects %j rather than guessing',
    (raw) => {
      expect(toE164(raw)).toBeUndefined();
    },
  );

  it('answers the same for a number read again, with the default country part of the question, past the cache size', () => {
    const numbers = Array.from({ length: 6_000 }, (_, i) => `055${String(1_000_000 + i)}`);
    const first = numbers.map((n) => toE164(n));
    expect(first[0]).toBe('+966551000000');
    expect(numbers.map((n) => toE164(n))).toEqual(first);
    expect(toE164('0551234567', 'SA')).toBe('+966551234567');
    expect(toE164('2079460958', 'GB')).toBe('+442079460958');
    expect(toE164('2079460958', 'SA')).toBeUndefined();
  });
});
