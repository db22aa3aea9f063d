// maskPhonesInText: every phone number written in a message, in any spelling, is masked for a reader
// who may not read it; prices, dates and reference numbers are left alone.
import { describe, expect, it } from 'vitest';
import { maskPhonesInText } from '../../../core/teams/privacy.ts';

describe('maskPhonesInText', () => {
  it('masks local, international and Arabic-Indic spellings to the same mask', () => {
    expect(maskPhonesInText('عميل جديد أحمد 0551234567 يبي شقة')).toBe('عميل جديد أحمد +9665•••••567 يبي شقة');
    expect(maskPhonesInText('call +966 55 123 4567 now')).toBe('call +9665•••••567 now');
    expect(maskPhonesInText('رقمه ٠٥٥١٢٣٤٥٦٧ تمام')).toBe('رقمه +9665•••••567 تمام');
  });

  it('masks every number of a message and keeps the rest as written', () => {
    expect(maskPhonesInText('0551234567 أو 0559876543')).toBe('+9665•••••567 أو +9665•••••543');
  });

  it('leaves prices, dates and reference numbers alone', () => {
    const text = 'ميزانيته 800000 والعقار رقم 12 يوم 2026-11-23';
    expect(maskPhonesInText(text)).toBe(text);
  });
});
