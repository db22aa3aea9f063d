import { describe, expect, it } from 'vitest';
import { parse } from '../../../bot/language/index.ts';
import type { Entities, Role } from '../../../bot/language/types.ts';

const now = new Date('2026-11-19T14:00:00+03:00');
const ents = (text: string, role: Role = 'client'): Entities => parse(text, { now, role }).entities;
const pick = (e: Entities, ...keys: (keyof Entities)[]): Partial<Entities> =>
  Object.fromEntries(keys.filter((k) => e[k] !== undefined).map((k) => [k, e[k]]));
const MONEY: (keyof Entities)[] = ['price', 'budget_min', 'budget_max'];
const AREA: (keyof Entities)[] = ['area', 'area_min', 'area_max'];

describe('money for seekers', () => {
  it.each([
    ['ابي شقة ميزانيتي ٨٠٠ ألف', { budget_max: 800_000 }],
    ['ابي شقة بحدود مليون', { budget_max: 1_000_000 }],
    ['ابي فيلا تحت ٣ مليون', { budget_max: 3_000_000 }],
    ['ابي فيلا أقل من ٣ مليون', { budget_max: 3_000_000 }],
    ['ابي فيلا ما يتعدى ٢ مليون', { budget_max: 2_000_000 }],
    ['I want a villa up to 2M', { budget_max: 2_000_000 }],
    ['I want a villa under 900k', { budget_max: 900_000 }],
    ['يبغا دور للايجار بجده حي السامر ب ٤٠ك', { budget_max: 40_000 }],
    ['ابي فيلا فوق ٤ مليون', { budget_min: 4_000_000 }],
    ['ابي فيلا أكثر من ٤ مليون', { budget_min: 4_000_000 }],
    ['ابي فيلا من ٣ مليون وطالع', { budget_min: 3_000_000 }],
    ['I want a villa above 4M', { budget_min: 4_000_000 }],
    ['I want a villa over 4 million', { budget_min: 4_000_000 }],
    ['ابي فيلا بين ٢ و ٣ مليون', { budget_min: 2_000_000, budget_max: 3_000_000 }],
    ['ابي شقة بين ٧٠٠ و٩٠٠ ألف', { budget_min: 700_000, budget_max: 900_000 }],
    ['ابي شقة من ٤٠ الف الى ٦٠ الف', { budget_min: 40_000, budget_max: 60_000 }],
    ['ابي شقة من ٤٠ إلى ٦٠ ألف', { budget_min: 40_000, budget_max: 60_000 }],
    ['ابي شقة ٤٠-٦٠ ألف', { budget_min: 40_000, budget_max: 60_000 }],
    ['I want an apartment 40k-60k', { budget_min: 40_000, budget_max: 60_000 }],
    ['I want a villa between 2M and 3M', { budget_min: 2_000_000, budget_max: 3_000_000 }],
    ['ابي أرض بين مليون ومليون ونص', { budget_min: 1_000_000, budget_max: 1_500_000 }],
    ['ابي أرض بين ٩٠٠ ومليون', { budget_min: 900_000, budget_max: 1_000_000 }],
    ['ابي شقة بـ ٥٠٠ ألف', { budget_max: 500_000 }],
    ['ابي شقة ٥٠٠ ألف', { budget_max: 500_000 }],
    ['ابي شقة بـ 500,000 ريال', { budget_max: 500_000 }],
  ])('%s', (text, want) => {
    expect(pick(ents(text), ...MONEY)).toEqual(want);
  });
});

describe('edges of ranges', () => {
  it.each([
    ['ابي شقة بين ٩٠٠ ألف و٧٠٠ ألف', { budget_min: 700_000, budget_max: 900_000 }],
    ['ابي شقة بين ٥٠٠ ألف ومليون', { budget_min: 500_000, budget_max: 1_000_000 }],
    ['ابي شقة من ٥٠٠ الف لين مليون', { budget_min: 500_000, budget_max: 1_000_000 }],
    ['I want a flat from 400k to 600k', { budget_min: 400_000, budget_max: 600_000 }],
    ['I want a villa 1M - 1.5M', { budget_min: 1_000_000, budget_max: 1_500_000 }],
    ['ابي فيلا ٢-٣ مليون', { budget_min: 2_000_000, budget_max: 3_000_000 }],
    ['ابي فيلا بين ١.٥ و٢ مليون', { budget_min: 1_500_000, budget_max: 2_000_000 }],
    ['ابي فيلا بين ٣ و٣.٥ مليون', { budget_min: 3_000_000, budget_max: 3_500_000 }],
    ['ابي شقة ٣ غرف و٢ حمام بحدود ٤٠٠ ألف', { budget_max: 400_000 }],
  ])('%s', (text, want) => {
    expect(pick(ents(text), ...MONEY)).toEqual(want);
  });

  it('a range of rooms gives its minimum; "و" without بين is no range', () => {
    expect(pick(ents('ابي شقة ٣-٤ غرف'), 'bedrooms')).toEqual({ bedrooms: 3 });
    expect(pick(ents('ابي شقة من ٣ الى ٤ غرف'), 'bedrooms')).toEqual({ bedrooms: 3 });
    expect(pick(ents('ابي شقة ٣ غرف و٢ حمام'), 'bedrooms', 'bathrooms')).toEqual({ bedrooms: 3, bathrooms: 2 });
  });
});

describe('money for offers and sales', () => {
  it.each([
    ['عندي فيلا للبيع بسعر ٢ مليون و٣٠٠ ألف', { price: 2_300_000 }],
    ['عندي شقة للإيجار بـ ٤٥ ألف سنوي', { price: 45_000 }],
    ['عندي أرض للبيع ٨٠٠ م٢ ٣.٢ مليون', { price: 3_200_000 }],
    ['تم بيع الفيلا بمليون و٢٠٠', { price: 1_200_000 }],
    ['sold the villa for 1.8 million', { price: 1_800_000 }],
  ])('%s', (text, want) => {
    expect(pick(ents(text, 'owner'), ...MONEY)).toEqual(want);
  });
});

describe('areas', () => {
  it.each([
    ['عندي فيلا للبيع مساحتها ٤٥٠ متر', 'owner', { area: 450 }],
    ['عندي أرض للبيع ١٢٠٠م', 'owner', { area: 1200 }],
    ['عندي أرض للبيع ٨٠٠ م٢', 'owner', { area: 800 }],
    ['I have land for sale, 900 sqm', 'owner', { area: 900 }],
    ['I have land for sale 450m²', 'owner', { area: 450 }],
    ['عندي أرض للبيع ٢٠ في ٣٠', 'owner', { area: 600 }],
    ['ابي مكتب مساحته ١٠٠ متر', 'client', { area_min: 100 }],
    ['ابي أرض ٦٠٠ متر وطالع', 'client', { area_min: 600 }],
    ['ابي شقة تحت ٢٠٠ متر', 'client', { area_max: 200 }],
    ['ابي أرض من ٥٠٠ إلى ٧٠٠ متر', 'client', { area_min: 500, area_max: 700 }],
    ['I need an office 200-300 sqm', 'client', { area_min: 200, area_max: 300 }],
  ] as [string, Role, Partial<Entities>][])('%s', (text, role, want) => {
    expect(pick(ents(text, role), ...AREA)).toEqual(want);
  });
});

describe('bedrooms and bathrooms', () => {
  it.each([
    ['ابي شقة ٣ غرف', { bedrooms: 3 }],
    ['ابي شقة ثلاث غرف وحمامين', { bedrooms: 3, bathrooms: 2 }],
    ['ابي شقة غرفتين وصالة', { bedrooms: 2 }],
    ['ابي فيلا ٥ غرف نوم و٤ دورات مياه', { bedrooms: 5, bathrooms: 4 }],
    ['I need a 3 bedroom apartment', { bedrooms: 3 }],
    ['I need a 3-bedroom, 2 bath flat', { bedrooms: 3, bathrooms: 2 }],
    ['I need a 2BR flat', { bedrooms: 2 }],
  ])('%s', (text, want) => {
    expect(pick(ents(text), 'bedrooms', 'bathrooms')).toEqual(want);
  });
});
