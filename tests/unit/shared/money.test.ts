import { describe, expect, it } from 'vitest';
import { applyRate, assertSar, formatSar, percentToBasisPoints } from '../../../core/shared/money.ts';

describe('money in whole SAR', () => {
  it('applies 2.5% to 2,300,000 exactly', () => {
    expect(applyRate(2_300_000, percentToBasisPoints('2.5'))).toBe(57_500);
  });

  it('rounds half up to the riyal', () => {
    expect(applyRate(1_001, 250)).toBe(25); // 25.025
    expect(applyRate(1_020, 250)).toBe(26); // 25.5
  });

  it('refuses fractions and negatives', () => {
    expect(() => assertSar(10.5)).toThrow(RangeError);
    expect(() => assertSar(-1)).toThrow(RangeError);
    expect(assertSar(0)).toBe(0);
  });

  it('formats in Arabic and English', () => {
    expect(formatSar(65_000, 'en')).toBe('SAR 65,000');
    expect(formatSar(65_000, 'ar')).toBe('٦٥٬٠٠٠ ريال');
  });
});
