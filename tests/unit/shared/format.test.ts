import { describe, expect, it } from 'vitest';
import { districtLabel, formatDateTime, formatMoney, formatPercent, placeLabel } from '../../../bot/render/format.ts';

describe('formatting for the chat', () => {
  const monday4pm = new Date('2026-11-23T13:00:00Z'); // 16:00 in Riyadh

  it('writes Arabic times with the weekday in Asia/Riyadh', () => {
    expect(formatDateTime(monday4pm, 'ar', 'Asia/Riyadh')).toBe('الاثنين ٢٣ نوفمبر، ٤:٠٠ م');
    expect(formatDateTime(new Date('2026-11-23T06:30:00Z'), 'ar', 'Asia/Riyadh')).toBe('الاثنين ٢٣ نوفمبر، ٩:٣٠ ص');
  });

  it('writes English times with the weekday', () => {
    expect(formatDateTime(monday4pm, 'en', 'Asia/Riyadh')).toBe('Monday 23 November, 4:00 pm');
  });

  it('writes money in whole riyals', () => {
    expect(formatMoney(2_300_000, 'ar')).toBe('٢٬٣٠٠٬٠٠٠ ريال');
    expect(formatMoney(57_500, 'en')).toBe('SAR 57,500');
    expect(formatPercent(2.5, 'ar')).toBe('٢٫٥٪');
  });
});

describe('places in the reply language', () => {
  it('names a district stored in Arabic by its English name in English, and keeps Arabic as is', () => {
    expect(placeLabel('الملقا', 'Riyadh', 'en')).toBe('Al Malqa, Riyadh');
    expect(placeLabel('الملقا', 'Riyadh', 'ar')).toBe('الملقا، الرياض');
    expect(districtLabel('الشاطئ', 'Jeddah', 'en')).toMatch(/^[A-Za-z' -]+$/);
  });

  it('keeps a district the gazetteer does not know as written, and leaves out what is missing', () => {
    expect(districtLabel('حي ابو سعد الجديد', 'Riyadh', 'en')).toBe('حي ابو سعد الجديد');
    expect(placeLabel(null, 'Jeddah', 'en')).toBe('Jeddah');
    expect(placeLabel('الملقا', null, 'en')).toBe('Al Malqa');
    expect(placeLabel(undefined, undefined, 'ar')).toBe('');
  });
});
