// A client's budget without its unit («الميزانية ٢ ونص», «ميزانيتي ٦٠»), read as people here say prices.
import { describe, expect, it } from 'vitest';
import { spokenBudget, withSpokenBudget } from '../../../bot/features/shared/spoken-budget.ts';

describe('spokenBudget', () => {
  it('reads a purchase’s bare amount under 100 in millions and under 1,000 in thousands, «ونص» and «وربع» included', () => {
    expect(spokenBudget('الميزانيه ٢ ونص', 'sale')).toBe(2_500_000);
    expect(spokenBudget('الميزانية: ٣', 'sale')).toBe(3_000_000);
    expect(spokenBudget('ميزانيتي 1.2', 'sale')).toBe(1_200_000);
    expect(spokenBudget('ميزانيتي ١ وربع', 'sale')).toBe(1_250_000);
    expect(spokenBudget('ميزانيتي ٨٠٠', 'sale')).toBe(800_000);
    expect(spokenBudget('my budget is 900', 'sale')).toBe(900_000);
  });

  it('reads a rent’s bare amount from 10 to 999 in thousands (a year’s rent)', () => {
    expect(spokenBudget('ميزانيتي ٦٠', 'rent')).toBe(60_000);
    expect(spokenBudget('budget 45', 'rent')).toBe(45_000);
    expect(spokenBudget('ميزانيتي ٥', 'rent')).toBeUndefined();
  });

  it('takes the unit said after «ونص», which the parser reads as half past', () => {
    expect(spokenBudget('الميزانية ٢ ونص مليون', 'sale')).toBe(2_500_000);
    expect(spokenBudget('ميزانيتي ٧ ونص الف', 'rent')).toBe(7_500);
  });

  it('leaves an amount with its unit, a month, a plausible amount or no budget word to the parser', () => {
    expect(spokenBudget('ميزانيتي ٦٠ الف', 'rent')).toBeUndefined();
    expect(spokenBudget('الميزانية ٢ مليون', 'sale')).toBeUndefined();
    expect(spokenBudget('ميزانيتي ٣ ونص بالشهر', 'rent')).toBeUndefined();
    expect(spokenBudget('ميزانيته ١٥٠٠', 'rent')).toBeUndefined();
    expect(spokenBudget('بكرة الساعة ٢ ونص', 'sale')).toBeUndefined();
    expect(spokenBudget('العقار ٢', 'sale')).toBeUndefined();
  });
});

describe('withSpokenBudget', () => {
  it('replaces a missing or implausible budget for the criteria’s deal, or the deal given; keeps a plausible one', () => {
    expect(withSpokenBudget({ listingType: 'rent' as const }, 'ميزانيتها ٤٥')).toEqual({
      listingType: 'rent',
      budgetMax: 45_000,
    });
    expect(withSpokenBudget({ listingType: 'sale' as const, budgetMax: 800 }, 'ميزانيتي ٨٠٠').budgetMax).toBe(800_000);
    expect(withSpokenBudget<{ budgetMax?: number }>({}, 'الميزانيه ٢ ونص', 'sale').budgetMax).toBe(2_500_000);
    expect(withSpokenBudget({}, 'الميزانيه ٢ ونص')).toEqual({});
    expect(withSpokenBudget({ listingType: 'sale' as const, budgetMax: 2_000_000 }, 'ميزانيتي ٢').budgetMax).toBe(
      2_000_000,
    );
  });
});
