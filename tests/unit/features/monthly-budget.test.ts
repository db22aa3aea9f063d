// A seeker's budget said a month («ميزانيتي ٥ الاف بالشهر», "5k a month") is compared as a year's rent,
// as listings price rents, and is said back both ways (criteria.ts criteriaFrom, describeCriteria).
import { describe, expect, it } from 'vitest';
import { criteriaFrom, describeCriteria, requestFrom } from '../../../bot/features/shared/criteria.ts';
import { parse } from '../../../bot/language/index.ts';

const now = new Date('2026-11-19T14:00:00+03:00');
const criteriaOf = (text: string) => criteriaFrom(parse(text, { now, role: 'client' }).entities);

describe('a budget said a month', () => {
  it('is twelve months of it for a rent, in the request and the search', () => {
    const c = criteriaOf('ابي شقة للايجار بالرياض ميزانيتي ٦ الاف بالشهر');
    expect(c).toMatchObject({ listingType: 'rent', budgetMax: 72_000, budgetPerMonth: true });
    expect(requestFrom(c).priceMax).toBe(72_000);
    expect(criteriaOf('budget 5k a month')).toMatchObject({ budgetMax: 60_000, budgetPerMonth: true });
    expect(criteriaOf('ابي شقة ايجار شهري بحدود ٣٥٠٠')).toMatchObject({ budgetMax: 42_000 });
  });

  it('is said back as a year and as the month the client said', () => {
    const c = criteriaOf('ابي شقة للايجار بالرياض ميزانيتي ٦ الاف بالشهر');
    expect(describeCriteria('ar', c)).toContain('حتى ٧٢٬٠٠٠ ريال سنوياً (٦٬٠٠٠ ريال شهرياً)');
    expect(describeCriteria('en', c)).toContain('up to SAR 72,000 a year (SAR 6,000 a month)');
  });

  it('leaves a yearly budget, one without a period and a purchase as they were said', () => {
    expect(criteriaOf('ابي شقة للايجار السنوي ب ٥٠ الف')).toMatchObject({ budgetMax: 50_000 });
    expect(criteriaOf('ميزانيتي ٦٠ ألف')).toEqual({ budgetMax: 60_000 });
    const sale = criteriaOf('ابي فيلا للبيع بالشهر ميزانيتي ٥ الاف');
    expect(sale).toMatchObject({ listingType: 'sale', budgetMax: 5_000 });
    expect(sale.budgetPerMonth).toBeUndefined();
  });
});
