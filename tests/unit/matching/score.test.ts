import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  isCandidate,
  MATCH_POINTS,
  MATCH_THRESHOLD,
  type MatchOffer,
  type MatchRequest,
  NEAR_RANGE,
  nearBounds,
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
    expect(SCORE_ALGORITHM_VERSION).toBe('v2');
    expect(MATCH_THRESHOLD).toBe(50);
    expect(NEAR_RANGE).toBe(0.2);
    const { nearbyDistrict: _, ...full } = MATCH_POINTS;
    expect(Object.values(full).reduce((a, b) => a + b, 0)).toBe(100);
  });

  it('scores the design example 100 with every feature matched', () => {
    expect(scoreMatch(villa, villaRequest)).toEqual({
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
      version: 'v2',
    });
  });

  it('issue 11: scores and cites only the criteria the request states, normalised over them', () => {
    const cityAndType: MatchRequest = {
      cities: ['Riyadh'],
      districts: [],
      propertyTypes: ['villa'],
      listingType: 'sale',
    };
    const result = scoreMatch(villa, cityAndType);
    expect(result.matched.map((f) => f.feature)).toEqual(['city', 'property_type']);
    expect(result.missed).toEqual([]);
    expect(result.score).toBe(100);
    // city 25 + type 20 + price 15 earned of 80 stated (no district, category or area on the offer)
    const bare: MatchOffer = { city: 'Riyadh', propertyType: 'villa', price: 2_300_000, listingType: 'sale' };
    const partial = scoreMatch(bare, villaRequest);
    expect(partial.missed).toEqual(['district', 'category', 'area']);
    expect(partial.score).toBe(60);
  });

  it('issue 11: a request naming neither a place nor a type matches nothing', () => {
    expect(scoreMatch(villa, open)).toMatchObject({ score: 0, isMatch: false, excludedBy: 'unspecified' });
    const budgetOnly = { ...open, priceMin: 2_000_000, priceMax: 2_500_000 };
    expect(scoreMatch(villa, budgetOnly).excludedBy).toBe('unspecified');
  });

  it('issue 11: the property type is a filter when stated', () => {
    const apartment: MatchRequest = { ...villaRequest, districts: ['الملقا'], propertyTypes: ['apartment'] };
    expect(scoreMatch(villa, apartment)).toMatchObject({ score: 0, isMatch: false, excludedBy: 'property_type' });
  });

  it('issue 11: districts without a city are a place filter (no Jeddah land for a الملقا request)', () => {
    const malqaLand: MatchRequest = { cities: [], districts: ['الملقا'], propertyTypes: ['land'], listingType: 'sale' };
    const jeddahLand: MatchOffer = { ...villa, city: 'Jeddah', district: 'ابحر الشمالية', propertyType: 'land' };
    expect(scoreMatch(jeddahLand, malqaLand).excludedBy).toBe('district');
    const riyadhLand = { ...jeddahLand, city: 'Riyadh', district: 'الملقا' };
    expect(scoreMatch(riyadhLand, malqaLand)).toMatchObject({ score: 100, excludedBy: null });
    const near = new Map([['الملقا', ['النرجس']]]);
    expect(scoreMatch({ ...riyadhLand, district: 'النرجس' }, malqaLand, { nearby: near })).toMatchObject({ score: 75 });
  });

  it('issue 11: a price or area near the range earns partial credit, beyond it none', () => {
    const dearer = scoreMatch({ ...villa, price: 2_750_000 }, villaRequest); // 10% over 2,500,000
    expect(dearer.matched.find((f) => f.feature === 'price')).toEqual({
      feature: 'price',
      points: 7.5,
      basis: 'near_range',
    });
    expect(dearer.score).toBe(93);
    const cheaper = scoreMatch({ ...villa, price: 1_800_000 }, villaRequest); // 10% under 2,000,000
    expect(points(cheaper)).toMatchObject({ price: 7.5 });
    expect(scoreMatch({ ...villa, price: 3_000_001 }, villaRequest).excludedBy).toBe('price');
    const smaller = scoreMatch({ ...villa, area: 360 }, villaRequest); // 10% under 400 m²
    expect(points(smaller)).toMatchObject({ area: 5 });
    expect(scoreMatch({ ...villa, area: 300 }, villaRequest).excludedBy).toBe('area');
    expect(nearBounds(2_000_000, 2_500_000)).toEqual([1_600_000, 3_000_000]);
    expect(nearBounds(null, null)).toEqual([null, null]);
  });

  it('reads one bound as open, bounds inclusive, and reversed bounds as the range between them', () => {
    expect(points(scoreMatch(villa, { ...villaRequest, priceMin: undefined }))).toMatchObject({ price: 15 });
    expect(points(scoreMatch(villa, { ...villaRequest, priceMax: 2_300_000, priceMin: null }))).toMatchObject({
      price: 15,
    });
    expect(scoreMatch({ ...villa, price: 2_000_000 }, villaRequest).score).toBe(100);
    expect(scoreMatch({ ...villa, price: 2_500_000 }, villaRequest).score).toBe(100);
    expect(scoreMatch(villa, { ...villaRequest, priceMin: 2_500_000, priceMax: 2_000_000 }).score).toBe(100);
    const noRanges = { ...villaRequest, priceMin: null, priceMax: null, areaMin: null, areaMax: null };
    expect(scoreMatch(villa, noRanges).matched.map((f) => f.feature)).not.toContain('price');
  });

  it('excludes an offer in another city by default', () => {
    const jeddah = { ...villa, city: 'Jeddah' };
    expect(scoreMatch(jeddah, villaRequest)).toEqual({
      score: 0,
      matched: [],
      missed: [],
      isMatch: false,
      excludedBy: 'city',
      version: 'v2',
    });
    expect(scoreMatch(jeddah, { ...villaRequest, cities: ['Riyadh', 'Jeddah'], districts: [] }).score).toBe(100);
  });

  it('scores another city additively when the city is not a hard filter, without district points', () => {
    const result = scoreMatch({ ...villa, city: 'Jeddah' }, villaRequest, { cityIsHardFilter: false });
    expect(result.excludedBy).toBeNull();
    expect(points(result)).toEqual({ property_type: 20, category: 10, price: 15, area: 10 });
    expect(result.missed).toEqual(['city', 'district']);
    expect(result.score).toBe(55);
  });

  it('gives half the district points for a nearby district, from a map read both ways or from a function', () => {
    const inMalqa = { ...villa, district: 'الملقا' };
    const map = new Map([['النرجس', new Set(['الملقا', 'الياسمين'])]]);
    const viaMap = scoreMatch(inMalqa, villaRequest, { nearby: map });
    expect(viaMap.matched[1]).toEqual({ feature: 'district', points: 10, basis: 'nearby' });
    expect(viaMap.score).toBe(90);
    expect(points(scoreMatch(villa, { ...villaRequest, districts: ['الملقا'] }, { nearby: map }))).toMatchObject({
      district: 10,
    });
    const calls: string[][] = [];
    const fn: ScoreOptions['nearby'] = (offerDistrict, requested, city) => {
      calls.push([offerDistrict, requested, city]);
      return requested === 'النرجس';
    };
    expect(points(scoreMatch(inMalqa, villaRequest, { nearby: fn }))).toMatchObject({ district: 10 });
    expect(calls).toEqual([['الملقا', 'النرجس', 'Riyadh']]);
    const both = { ...villaRequest, districts: ['الملقا', 'النرجس'] };
    expect(scoreMatch(villa, both, { nearby: map }).matched[1]).toMatchObject({ points: 20, basis: 'exact' });
    expect(scoreMatch({ ...villa, district: 'حطين' }, villaRequest, { nearby: map }).missed).toEqual(['district']);
  });

  it('never matches across listing types (sale vs rent), whatever else fits', () => {
    const rent = scoreMatch({ ...villa, listingType: 'rent' }, villaRequest);
    expect(rent).toMatchObject({ score: 0, matched: [], isMatch: false, excludedBy: 'listing_type' });
  });

  it('puts the threshold at exactly 50', () => {
    // stated: city 25, district 20, category 10, price 15, area 10 = 80; earned city 25 + price 15 = 40
    const request = { ...villaRequest, districts: ['الملقا'], propertyTypes: [], category: 'commercial' as const };
    const noArea = { ...villa, area: null };
    expect(scoreMatch(noArea, request)).toMatchObject({ score: 50, isMatch: true });
    expect(scoreMatch({ ...noArea, price: 2_750_000 }, request)).toMatchObject({ score: 41, isMatch: false });
  });
});

describe('candidate filters', () => {
  it('describe the hard filters for a repository query, both ways', () => {
    expect(offerCandidateFilter(villaRequest)).toEqual({
      listingType: 'sale',
      cities: ['Riyadh'],
      propertyTypes: ['villa'],
      none: false,
    });
    expect(offerCandidateFilter(open)).toEqual({ listingType: 'sale', cities: null, propertyTypes: null, none: true });
    expect(offerCandidateFilter(villaRequest, { cityIsHardFilter: false }).cities).toBeNull();
    expect(requestCandidateFilter(villa)).toEqual({ listingType: 'sale', city: 'Riyadh', propertyType: 'villa' });
    expect(requestCandidateFilter(villa, { cityIsHardFilter: false }).city).toBeNull();
  });

  it('isCandidate follows the hard filters', () => {
    expect(isCandidate(villa, villaRequest)).toBe(true);
    expect(isCandidate({ ...villa, city: 'Jeddah' }, villaRequest)).toBe(false);
    expect(isCandidate({ ...villa, city: 'Jeddah' }, villaRequest, { cityIsHardFilter: false })).toBe(true);
    expect(isCandidate({ ...villa, listingType: 'rent' }, villaRequest)).toBe(false);
    expect(isCandidate(villa, open)).toBe(false);
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
  const statedOf = (r: MatchRequest) =>
    [
      r.cities.length > 0 && 'city',
      r.districts.length > 0 && 'district',
      r.propertyTypes.length > 0 && 'property_type',
      !!r.category && 'category',
      (r.priceMin != null || r.priceMax != null) && 'price',
      (r.areaMin != null || r.areaMax != null) && 'area',
    ].filter(Boolean);

  it('is an integer in 0..100 with isMatch ⇔ score ≥ 50, over exactly the stated criteria', () => {
    fc.assert(
      fc.property(offer, request, options, (o, r, opts) => {
        const result = scoreMatch(o, r, opts);
        expect(Number.isInteger(result.score)).toBe(true);
        expect(result.score).toBeGreaterThanOrEqual(0);
        expect(result.score).toBeLessThanOrEqual(100);
        expect(result.isMatch).toBe(result.score >= MATCH_THRESHOLD);
        const features = [...result.matched.map((f) => f.feature), ...result.missed];
        expect(new Set(features).size).toBe(features.length);
        if (result.excludedBy) expect(features).toEqual([]);
        else expect(new Set(features)).toEqual(new Set(statedOf(r)));
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
          expect(filter.none).toBe(false);
          expect(o.listingType).toBe(filter.listingType);
          if (filter.cities) expect(filter.cities).toContain(o.city);
          if (filter.propertyTypes) expect(filter.propertyTypes).toContain(o.propertyType);
          const [lo, hi] = nearBounds(r.priceMin, r.priceMax);
          if (lo !== null) expect(o.price).toBeGreaterThanOrEqual(lo);
          if (hi !== null) expect(o.price).toBeLessThanOrEqual(hi);
        }
      }),
      { numRuns: 2_000 },
    );
  });
});
