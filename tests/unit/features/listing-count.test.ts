// «كم عقار عندي للبيع؟» is a count, not a new listing (listings.count.ts asksListingCount).
import { describe, expect, it } from 'vitest';
import { asksListingCount } from '../../../bot/features/search/listings.count.ts';

describe('asking how many listings', () => {
  it('reads the count in Gulf Arabic and English, with the deal and whose', () => {
    for (const text of [
      'كم عقار عندي للبيع',
      'كم عقار عندي؟',
      'كم شقة عندي للايجار',
      'كم عدد الاعلانات عندنا',
      'قديش فلل عندي للبيع الحين',
      'how many listings do I have?',
      'how many properties do we have for rent',
    ]) {
      expect(asksListingCount(text), text).toBe(true);
    }
  });

  it('leaves a listing, a price question and a customer count to the others', () => {
    for (const text of [
      'عندي عقار للبيع',
      'كم سعر الفيلا رقم ١',
      'كم عميل عندي',
      'كم عقار عندي للبيع في النرجس ٤٥٠ متر',
      'how many customers do I have',
    ]) {
      expect(asksListingCount(text), text).toBe(false);
    }
  });
});
