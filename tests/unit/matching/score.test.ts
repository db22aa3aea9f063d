import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  isCandidate,
  MATCH_POINTS,
  MATCH_THRESHOLD,
  type MatchOffer,
  type MatchRequest,
  offerCandidateFilter,
  requestCandidateFilter,
  SCORE_ALGORITHM_VERSION,
  type ScoreOptions,
  scoreMatch,
} from '../../../core/matching/score.ts';

// The design documents' example: a villa in Riyadh / النرجس for 2,300,000 SAR, 450 m².
const villa: MatchOffer = {
  city: 'Riyadh',
  district: 'النرجس',
  propertyType: 'villa',
  category: 'residential',
  price: 2_300_000,
  area: 450,
  listingType: 'sale',
};
const villaRequest: MatchRequest = {
  cities: ['Riyadh'],
  districts: ['النرجس'],
  propertyTypes: ['villa'],
  category: 'residential',
  priceMin: 2_000_000,
  priceMax: 2_500_000,
  areaMin: 400,
  areaMax: 500,
  listingType: 'sale',
};
const open: MatchRequest = { cities: [], districts: [], propertyTypes: [], listingType: 'sale' };
const points = (r: ReturnType<typeof scoreMatch>) => Object.fromEntries(r.matched.map((f) => [f.feature, f.points]));

describe('scoreMatch', () => {
  it('exports its version, threshold and weights (which add up to 100)', () => {
    expect(SCORE_ALGORITHM_VERSION).toBe('v1');
    expect(MATCH_THRESHOLD).toBe(50);
    const { nearbyDistrict: _, ...full } = MATCH_POINTS;
    expect(Object.values(full).reduce((a, b) => a + b, 0)).toBe(100);
  });

  it('scores the design example 100 with every feature matched', () => {
    const result = scoreMatch(villa, villaRequest);
    expect(result).toEqual({
      score: 100,
      matched: [
        { feature: 'city', points: 25, basis: 'exact' },
        { feature: 'district', points: 20, basis: 'exact' },
        { feature: 'property_type', points: 20, basis: 'exact' },
        { feature: 'category', points: 10, basis: 'exact' },
        { feature: 'price', points: 15, basis: 'in_range' },
        { feature: 'area', points: 10, basis: 'in_range' },
      ],
      missed: [],
      isMatch: true,
      excludedBy: null,
      version: 'v1',
    });
  });

  it('scores the villa low for an apartment request in Riyadh / الملقا', () => {
    const apartment: MatchRequest = {
      cities: ['Riyadh'],
      districts: ['الملقا'],
      propertyTypes: ['apartment'],
      category: 'residential',
      priceMin: 800_000,
      priceMax: 1_200_000,
      areaMin: 120,
      areaMax: 200,
      listingType: 'sale',
    };
    const result = scoreMatch(villa, apartment);
    expect(result.score).toBe(35);
    expect(points(result)).toEqual({ city: 25, category: 10 });
    expect(result.missed).toEqual(['district', 'property_type', 'price', 'area']);
    expect(result.isMatch).toBe(false);
  });

  it('gives the points of a criterion the request leaves open', () => {
    const result = scoreMatch(villa, open);
    expect(result.score).toBe(100);
    expect(result.matched.every((f) => f.basis === 'unrestricted')).toBe(true);
    expect(scoreMatch(villa, { ...villaRequest, districts: [] }).matched[1]).toEqual({
      feature: 'district',
      points: 20,
      basis: 'unrestricted',
    });
    expect(scoreMatch(villa, { ...villaRequest, category: null }).score).toBe(100);
  });

  it('treats a missing bound as open and an empty range as unrestricted', () => {
    expect(points(scoreMatch(villa, { ...villaRequest, priceMin: undefined }))).toMatchObject({ price: 15 });
    expect(points(scoreMatch(villa, { ...villaRequest, priceMax: null, priceMin: 2_400_000 }))).not.toHaveProperty(
      'price',
    );
    expect(points(scoreMatch(villa, { ...villaRequest, priceMax: 2_300_000, priceMin: null }))).toMatchObject({
      price: 15,
    });
    expect(points(scoreMatch(villa, { ...villaRequest, areaMin: 451 }))).not.toHaveProperty('area');
    expect(points(scoreMatch(villa, { ...villaRequest, areaMax: null }))).toMatchObject({ area: 10 });
    const noRanges = scoreMatch(villa, {
      ...villaRequest,
      priceMin: null,
      priceMax: null,
      areaMin: null,
      areaMax: null,
    });
    expect(noRanges.matched.slice(-2)).toEqual([
      { feature: 'price', points: 15, basis: 'unrestricted' },
      { feature: 'area', points: 10, basis: 'unrestricted' },
    ]);
  });

  it('matches only the exact price on a zero-width range, bounds inclusive', () => {
    const exact = { ...villaRequest, priceMin: 2_300_000, priceMax: 2_300_000 };
    expect(points(scoreMatch(villa, exact))).toMatchObject({ price: 15 });
    expect(scoreMatch({ ...villa, price: 2_300_001 }, exact).missed).toEqual(['price']);
    expect(scoreMatch({ ...villa, price: 2_299_999 }, exact).missed).toEqual(['price']);
    expect(scoreMatch({ ...villa, price: 2_000_000 }, villaRequest).score).toBe(100);
    expect(scoreMatch({ ...villa, price: 2_500_000 }, villaRequest).score).toBe(100);
  });

  it('reads reversed bounds as the range between them', () => {
    expect(scoreMatch(villa, { ...villaRequest, priceMin: 2_500_000, priceMax: 2_000_000 }).score).toBe(100);
  });

  it('gives nothing for a restricted criterion the offer cannot show', () => {
    const bare: MatchOffer = { city: 'Riyadh', propertyType: 'villa', price: 2_300_000, listingType: 'sale' };
    const result = scoreMatch(bare, villaRequest);
    expect(result.missed).toEqual(['district', 'category', 'area']);
    expect(result.score).toBe(25 + 20 + 15);
    expect(scoreMatch(bare, open).score).toBe(100);
  });

  it('excludes an offer in another city by default', () => {
    const jeddah = { ...villa, city: 'Jeddah' };
    expect(scoreMatch(jeddah, villaRequest)).toEqual({
      score: 0,
      matched: [],
      missed: [],
      isMatch: false,
      excludedBy: 'city',
      version: 'v1',
    });
    expect(scoreMatch(jeddah, { ...villaRequest, cities: ['Riyadh', 'Jeddah'], districts: [] }).score).toBe(100);
    expect(scoreMatch(jeddah, { ...villaRequest, cities: [] }).score).toBe(100); // any city, النرجس named
  });

  it('scores another city additively when the city is not a hard filter, without district points', () => {
    const result = scoreMatch({ ...villa, city: 'Jeddah' }, villaRequest, { cityIsHardFilter: false });
    expect(result.excludedBy).toBeNull();
    expect(points(result)).toEqual({ property_type: 20, category: 10, price: 15, area: 10 });
    expect(result.missed).toEqual(['city', 'district']); // same district name, other city: no points
    expect(result.score).toBe(55);
  });

  it('gives 10 points for a nearby district, from a map read both ways or from a function', () => {
    const inMalqa = { ...villa, district: 'الملقا' };
    const map = new Map([['النرجس', new Set(['الملقا', 'الياسمين'])]]);
    const viaMap = scoreMatch(inMalqa, villaRequest, { nearby: map });
    expect(viaMap.matched[1]).toEqual({ feature: 'district', points: 10, basis: 'nearby' });
    expect(viaMap.score).toBe(90);
    const reverse = scoreMatch(villa, { ...villaRequest, districts: ['الملقا'] }, { nearby: map });
    expect(points(reverse)).toMatchObject({ district: 10 });
    const arrays = new Map([['الملقا', ['النرجس']]]);
    expect(points(scoreMatch(inMalqa, villaRequest, { nearby: arrays }))).toMatchObject({ district: 10 });
    const calls: string[][] = [];
    const fn: ScoreOptions['nearby'] = (offerDistrict, requested, city) => {
      calls.push([offerDistrict, requested, city]);
      return requested === 'النرجس';
    };
    expect(points(scoreMatch(inMalqa, villaRequest, { nearby: fn }))).toMatchObject({ district: 10 });
    expect(calls).toEqual([['الملقا', 'النرجس', 'Riyadh']]);
  });

  it('prefers an exact district over a nearby one and gives nothing without a nearby relation', () => {
    const map = new Map([['النرجس', new Set(['الملقا'])]]);
    const both = { ...villaRequest, districts: ['الملقا', 'النرجس'] };
    expect(scoreMatch(villa, both, { nearby: map }).matched[1]).toMatchObject({ points: 20, basis: 'exact' });
    expect(scoreMatch({ ...villa, district: 'الملقا' }, villaRequest).missed).toEqual(['district']);
    expect(scoreMatch({ ...villa, district: 'حطين' }, villaRequest, { nearby: map }).missed).toEqual(['district']);
  });

  it('never matches across listing types (sale vs rent), whatever else fits', () => {
    const rent = scoreMatch({ ...villa, listingType: 'rent' }, villaRequest);
    expect(rent).toMatchObject({ score: 0, matched: [], isMatch: false, excludedBy: 'listing_type' });
    expect(scoreMatch(villa, { ...open, listingType: 'rent' }).excludedBy).toBe('listing_type');
  });

  it('puts the threshold at exactly 50', () => {
    // city 25 + category 10 + price 15 = 50
    const request = { ...villaRequest, districts: ['الملقا'], propertyTypes: ['apartment'], areaMax: 100 };
    expect(scoreMatch(villa, request)).toMatchObject({ score: 50, isMatch: true });
    expect(scoreMatch({ ...villa, category: 'commercial' }, request)).toMatchObject({ score: 40, isMatch: false });
  });
});

describe('candidate filters', () => {
  it('describe the hard filters for a repository query, both ways', () => {
    expect(offerCandidateFilter(villaRequest)).toEqual({ listingType: 'sale', cities: ['Riyadh'] });
    expect(offerCandidateFilter(open)).toEqual({ listingType: 'sale', cities: null });
    expect(offerCandidateFilter(villaRequest, { cityIsHardFilter: false })).toEqual({
      listingType: 'sale',
      cities: null,
    });
    expect(requestCandidateFilter(villa)).toEqual({ listingType: 'sale', city: 'Riyadh' });
    expect(requestCandidateFilter(villa, { cityIsHardFilter: false })).toEqual({ listingType: 'sale', city: null });
  });

  it('isCandidate follows the hard filters', () => {
    expect(isCandidate(villa, villaRequest)).toBe(true);
    expect(isCandidate({ ...villa, city: 'Jeddah' }, villaRequest)).toBe(false);
    expect(isCandidate({ ...villa, city: 'Jeddah' }, villaRequest, { cityIsHardFilter: false })).toBe(true);
    expect(isCandidate({ ...villa, listingType: 'rent' }, villaRequest)).toBe(false);
  });
});

describe('scoreMatch properties', () => {
  const cities = ['Riyadh', 'Jeddah', 'Al Khobar'];
  const districts = ['النرجس', 'الملقا', 'الياسمين', 'حطين'];
  const types = ['villa', 'apartment', 'land', 'office'];
  const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
  const amount = fc.integer({ min: 0, max: 5_000_000 });
  const offer = fc.record({
    city: fc.constantFrom(...cities),
    district: fc.option(fc.constantFrom(...districts), { nil: null }),
    propertyType: fc.constantFrom(...types),
    category: maybe(fc.constantFrom('residential' as const, 'commercial' as const)),
    price: amount,
    area: maybe(fc.integer({ min: 0, max: 2_000 })),
    listingType: fc.constantFrom('sale' as const, 'rent' as const),
  });
  const request = fc.record({
    cities: fc.subarray(cities),
    districts: fc.subarray(districts),
    propertyTypes: fc.subarray(types),
    category: maybe(fc.constantFrom('residential' as const, 'commercial' as const)),
    priceMin: maybe(amount),
    priceMax: maybe(amount),
    areaMin: maybe(fc.integer({ min: 0, max: 2_000 })),
    areaMax: maybe(fc.integer({ min: 0, max: 2_000 })),
    listingType: fc.constantFrom('sale' as const, 'rent' as const),
  });
  const options = fc.record({
    nearby: fc.constantFrom(undefined, new Map([['النرجس', new Set(['الملقا', 'الياسمين'])]])),
    cityIsHardFilter: fc.boolean(),
  });

  it('is an integer in 0..100 equal to the sum of the matched points, with isMatch ⇔ score ≥ 50', () => {
    fc.assert(
      fc.property(offer, request, options, (o, r, opts) => {
        const result = scoreMatch(o, r, opts);
        expect(Number.isInteger(result.score)).toBe(true);
        expect(result.score).toBeGreaterThanOrEqual(0);
        expect(result.score).toBeLessThanOrEqual(100);
        expect(result.score).toBe(result.matched.reduce((sum, f) => sum + f.points, 0));
        expect(result.isMatch).toBe(result.score >= MATCH_THRESHOLD);
        const features = [...result.matched.map((f) => f.feature), ...result.missed];
        expect(new Set(features).size).toBe(features.length);
        expect(features.length).toBe(result.excludedBy ? 0 : 6);
      }),
      { numRuns: 2_000 },
    );
  });

  it('never matches what the candidate filters would drop, and never across listing types', () => {
    fc.assert(
      fc.property(offer, request, options, (o, r, opts) => {
        const result = scoreMatch(o, r, opts);
        if (!isCandidate(o, r, opts)) expect(result).toMatchObject({ score: 0, isMatch: false });
        if (o.listingType !== r.listingType) expect(result.excludedBy).toBe('listing_type');
        const filter = offerCandidateFilter(r, opts);
        if (result.isMatch) {
          expect(o.listingType).toBe(filter.listingType);
          if (filter.cities) expect(filter.cities).toContain(o.city);
        }
      }),
      { numRuns: 2_000 },
    );
  });

  it('does not lower the score when the request drops a restriction', () => {
    fc.assert(
      fc.property(offer, request, options, (o, r, opts) => {
        const before = scoreMatch(o, r, opts).score;
        for (const relaxed of [
          { ...r, districts: [] },
          { ...r, propertyTypes: [] },
          { ...r, category: undefined },
          { ...r, priceMin: undefined, priceMax: undefined },
          { ...r, areaMin: undefined, areaMax: undefined },
        ]) {
          expect(scoreMatch(o, relaxed, opts).score).toBeGreaterThanOrEqual(before);
        }
      }),
      { numRuns: 1_000 },
    );
  });
});
