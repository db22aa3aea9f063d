import { describe, expect, it } from 'vitest';
import { parse } from '../../../bot/language/index.ts';
import { validPhone } from '../../../bot/language/phone.ts';

const now = new Date('2026-11-19T14:00:00+03:00');
const phone = (text: string): string | undefined => parse(text, { now }).entities.phone;

describe('phones', () => {
  it.each([
    ['0551234567', '+966551234567'],
    ['551234567', '+966551234567'],
    ['966551234567', '+966551234567'],
    ['00966551234567', '+966551234567'],
    ['+966551234567', '+966551234567'],
    ['+966 55 123 4567', '+966551234567'],
    ['+966-55-123-4567', '+966551234567'],
    ['055 123 4567', '+966551234567'],
    ['(055) 123-4567', '+966551234567'],
    ['٠٥٥١٢٣٤٥٦٧', '+966551234567'],
    ['۰۵۵۱۲۳۴۵۶۷', '+966551234567'],
    ['+٩٦٦٥٥١٢٣٤٥٦٧', '+966551234567'],
    ['0112345678', '+966112345678'],
    ['+971 50 123 4567', '+971501234567'],
  ])('%s → %s', (text, want) => {
    expect(phone(`عميل جديد ${text}`)).toBe(want);
  });

  it('rejects what is not a valid number instead of guessing', () => {
    expect(phone('عميل جديد 0501234')).toBeUndefined();
    expect(phone('عميل جديد 12345678901')).toBeUndefined();
    expect(phone('عميل جديد 0000000000')).toBeUndefined();
    expect(phone('السعر 1,200,000')).toBeUndefined();
    expect(phone('ابي شقة ٣ غرف ٥ حمامات')).toBeUndefined();
    expect(validPhone('800123456', false)).toBeUndefined();
  });

  it('does not read a phone as a number', () => {
    expect(parse('عميل جديد أحمد 0551234567 ميزانيته مليون', { now }).numbers).toEqual([1_000_000]);
  });

  it('keeps a number of nine digits followed by a money word as money', () => {
    expect(phone('السعر 550000000 ريال')).toBeUndefined();
  });
});
