import { describe, expect, it } from 'vitest';
import { normalizeArabic } from '../../../bot/language/normalize.ts';
import { asciiDigitCode, hasDigit, toAsciiDigits } from '../../../core/shared/digits.ts';

describe('digits', () => {
  it('reads ASCII, Arabic-Indic and Persian digits as ASCII', () => {
    for (let d = 0; d <= 9; d++) {
      expect(asciiDigitCode(0x30 + d)).toBe(0x30 + d);
      expect(asciiDigitCode(0x0660 + d)).toBe(0x30 + d);
      expect(asciiDigitCode(0x06f0 + d)).toBe(0x30 + d);
    }
  });

  it('says -1 for anything that is not a digit, next to the digit ranges too', () => {
    for (const c of [0x2f, 0x3a, 0x065f, 0x066a, 0x06ef, 0x06fa, 'a'.charCodeAt(0), 'ب'.charCodeAt(0)]) {
      expect(asciiDigitCode(c)).toBe(-1);
    }
  });

  it('rewrites the digits of a text and leaves the rest as it is', () => {
    expect(toAsciiDigits('جوال ٠٥٥١٢٣٤٥٦٧ أو ۰۵۰۹۸۷۶۵۴۳، 12')).toBe('جوال 0551234567 أو 0509876543، 12');
    expect(toAsciiDigits('')).toBe('');
  });

  it('finds a digit in any of the three scripts', () => {
    expect(hasDigit('رقم ٣')).toBe(true);
    expect(hasDigit('رقم ۳')).toBe(true);
    expect(hasDigit('no 3')).toBe(true);
    expect(hasDigit('ثلاثة')).toBe(false);
  });

  it('is what the parser folds digits with', () => {
    expect(normalizeArabic('٠١٢٣٤٥٦٧٨٩ ۰۱۲۳۴۵۶۷۸۹')).toBe('0123456789 0123456789');
  });
});
