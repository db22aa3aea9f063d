/**
 * Smart-match score (algorithm v2): how well an offer (a listing) fits a client's request, 0..100.
 *
 * The design documents' weights:
 *
 * | feature         | points | earned when                                                          |
 * |-----------------|-------:|----------------------------------------------------------------------|
 * | `city`          |     25 | the offer's city is one of the request's cities                      |
 * | `district`      |  20/10 | 20 when the offer's district is one of the request's, 10 when it is   |
 * |                 |        | *nearby* one of them (`options.nearby`)                               |
 * | `property_type` |     20 | the offer's type is one of the request's types                       |
 * | `category`      |     10 | residential/commercial equal                                         |
 * | `price`         |     15 | inside `priceMin..priceMax`; partial credit near the range (below)    |
 * | `area`          |     10 | inside `areaMin..areaMax`; partial credit near the range (below)      |
 *
 * **Only what the request states is scored** (issue 11: a villa buyer was sent Jeddah land at "100%"
 * because every criterion the request left open earned its points and was cited). The score is the
 * points earned over the points of the *stated* criteria, as a percentage (rounded): a request that
 * states city, type and price scores out of 60. A match is `score ≥ MATCH_THRESHOLD` (50). `matched`
 * lists only stated criteria that earned points, so the reasons a broker reads are all true.
 *
 * Hard filters (score 0, `excludedBy`):
 * - `listing_type`: sale vs rent never match;
 * - `unspecified`: a request stating neither a place (city or district) nor a property type matches
 *   nothing: "anything for sale" is not a client's wish, and Nova asks for them instead;
 * - `city`: the request states cities and the offer is in none of them (`cityIsHardFilter: false` makes
 *   the city only earn 0 points);
 * - `property_type`: the request states types and the offer is none of them;
 * - `district`: the request states districts but no city, and the offer is in none of them nor nearby
 *   one: a district names a place in one city, so "land in الملقا" is never land in Jeddah.
 *
 * - `price` / `area`: the request states a range and the offer's price (or its known area) lies beyond
 *   `NEAR_RANGE` of it.
 *
 * Partial credit: a price or an area outside the range but within `NEAR_RANGE` (20%) of the bound it
 * misses earns points falling linearly from full at the bound to none at 20% beyond it (a budget of
 * 2,000,000 gives 2,200,000 half the price points); the basis is then `near_range`.
 *
 * Other rules kept from v1: district points need the city (names repeat across cities); ranges are
 * inclusive; bounds the wrong way round are read as the range between them; `null` is missing; a stated
 * criterion the offer cannot show (no district, no area, no category) earns nothing.
 */

export const SCORE_ALGORITHM_VERSION = 'v2';
/** How far beyond a price or area bound partial credit reaches (a fraction of the bound). */
export const NEAR_RANGE = 0.2;
export const MATCH_THRESHOLD = 50;

export const MATCH_POINTS = {
  city: 25,
  district: 20,
  nearbyDistrict: 10,
  property_type: 20,
  category: 10,
  price: 15,
  area: 10,
} as const;

export type ListingType = 'sale' | 'rent';
export type PropertyCategory = 'residential' | 'commercial';
export type MatchFeatureName = 'city' | 'district' | 'property_type' | 'category' | 'price' | 'area';

/** How a feature earned its points: an exact value, a nearby district, inside a range, or near it. */
export type MatchBasis = 'exact' | 'nearby' | 'in_range' | 'near_range';

export interface MatchedFeature {
  readonly feature: MatchFeatureName;
  readonly points: number;
  readonly basis: MatchBasis;
}

export interface MatchOffer {
  readonly city: string;
  readonly district?: string | null;
  readonly propertyType: string;
  readonly category?: PropertyCategory | null;
  /** Whole SAR. */
  readonly price: number;
  /** m². */
  readonly area?: number | null;
  readonly listingType: ListingType;
}

export interface MatchRequest {
  readonly cities: readonly string[];
  readonly districts: readonly string[];
  readonly propertyTypes: readonly string[];
  readonly category?: PropertyCategory | null;
  readonly priceMin?: number | null;
  readonly priceMax?: number | null;
  readonly areaMin?: number | null;
  readonly areaMax?: number | null;
  readonly listingType: ListingType;
}

/**
 * Which districts count as nearby: a predicate, or a map from a district to its nearby districts (read
 * both ways: `A → {B}` makes B nearby A and A nearby B).
 */
export type NearbyDistricts =
  | ((offerDistrict: string, requestedDistrict: string, city: string) => boolean)
  | ReadonlyMap<string, ReadonlySet<string> | readonly string[]>;

export interface ScoreOptions {
  /** Nearby districts; none by default. */
  readonly nearby?: NearbyDistricts;
  /** Whether an offer outside the request's cities is excluded outright; default `true`. */
  readonly cityIsHardFilter?: boolean;
}

export type MatchExclusion = 'listing_type' | 'unspecified' | 'city' | 'property_type' | 'district' | 'price' | 'area';

export interface MatchResult {
  /** Integer 0..100: the points of `matched` over the points of the stated criteria, in percent. */
  readonly score: number;
  readonly matched: MatchedFeature[];
  /** Stated features that earned no points (empty when the offer is excluded). */
  readonly missed: MatchFeatureName[];
  readonly isMatch: boolean;
  /** Set when a hard filter ruled the offer out before scoring. */
  readonly excludedBy: MatchExclusion | null;
  readonly version: typeof SCORE_ALGORITHM_VERSION;
}

const given = (value: number | null | undefined): value is number => value !== null && value !== undefined;

/** The range's stated bounds, [low, high], read the right way round; null when neither is given. */
function rangeOf(min?: number | null, max?: number | null): [number | null, number | null] | null {
  if (!given(min) && !given(max)) return null;
  if (given(min) && given(max)) return [Math.min(min, max), Math.max(min, max)];
  return [given(min) ? min : null, given(max) ? max : null];
}

/** Points of a value against a stated range: full inside, falling to 0 at NEAR_RANGE beyond a bound. */
function rangePoints(
  value: number | null | undefined,
  range: [number | null, number | null],
  points: number,
): { points: number; basis: MatchBasis } | null {
  if (!given(value) || Number.isNaN(value)) return null;
  const [lo, hi] = range;
  let miss = 0;
  if (lo !== null && value < lo) miss = (lo - value) / Math.max(lo * NEAR_RANGE, 1);
  else if (hi !== null && value > hi) miss = (value - hi) / Math.max(hi * NEAR_RANGE, 1);
  if (miss === 0) return { points, basis: 'in_range' };
  const earned = Math.round(points * (1 - miss) * 10) / 10;
  return earned > 0 ? { points: earned, basis: 'near_range' } : null;
}

function isNearby(nearby: NearbyDistricts | undefined, offerDistrict: string, requested: string, city: string) {
  if (!nearby) return false;
  if (typeof nearby === 'function') return nearby(offerDistrict, requested, city);
  const has = (from: string, to: string) => {
    const list = nearby.get(from);
    if (!list) return false;
    return 'has' in list ? list.has(to) : list.includes(to);
  };
  return has(requested, offerDistrict) || has(offerDistrict, requested);
}

/** The request names a place (city or district) or a property type: without either it matches nothing. */
export function isSpecific(request: Pick<MatchRequest, 'cities' | 'districts' | 'propertyTypes'>): boolean {
  return request.cities.length > 0 || request.districts.length > 0 || request.propertyTypes.length > 0;
}

function exclusion(offer: MatchOffer, request: MatchRequest, options: ScoreOptions): MatchExclusion | null {
  if (offer.listingType !== request.listingType) return 'listing_type';
  if (!isSpecific(request)) return 'unspecified';
  const cityIsHardFilter = options.cityIsHardFilter ?? true;
  if (cityIsHardFilter && request.cities.length > 0 && !request.cities.includes(offer.city)) return 'city';
  if (request.propertyTypes.length > 0 && !request.propertyTypes.includes(offer.propertyType)) {
    return 'property_type';
  }
  if (request.cities.length === 0 && request.districts.length > 0) {
    const d = offer.district ?? null;
    const near = d !== null && request.districts.some((r) => r === d || isNearby(options.nearby, d, r, offer.city));
    if (!near) return 'district';
  }
  // beyond the near range a stated price or area rules the offer out (as v1's candidate search did):
  // else city and type alone would make a 9,000,000 villa an 85% match for a 2,000,000 budget
  const price = rangeOf(request.priceMin, request.priceMax);
  if (price && !rangePoints(offer.price, price, 100)) return 'price';
  const area = rangeOf(request.areaMin, request.areaMax);
  if (area && given(offer.area) && !rangePoints(offer.area, area, 100)) return 'area';
  return null;
}

/** Scores an offer against a request (see the module comment for the rules). Pure and total. */
export function scoreMatch(offer: MatchOffer, request: MatchRequest, options: ScoreOptions = {}): MatchResult {
  const excludedBy = exclusion(offer, request, options);
  if (excludedBy) {
    return { score: 0, matched: [], missed: [], isMatch: false, excludedBy, version: SCORE_ALGORITHM_VERSION };
  }
  const matched: MatchedFeature[] = [];
  const missed: MatchFeatureName[] = [];
  let stated = 0;
  const award = (feature: MatchFeatureName, full: number, got: { points: number; basis: MatchBasis } | null) => {
    stated += full;
    if (got) matched.push({ feature, points: got.points, basis: got.basis });
    else missed.push(feature);
  };

  let cityMet = request.cities.length === 0;
  if (request.cities.length > 0) {
    cityMet = request.cities.includes(offer.city);
    award('city', MATCH_POINTS.city, cityMet ? { points: MATCH_POINTS.city, basis: 'exact' } : null);
  }

  const district = offer.district ?? null;
  if (request.districts.length > 0) {
    let got: { points: number; basis: MatchBasis } | null = null;
    if (cityMet && district !== null) {
      if (request.districts.includes(district)) got = { points: MATCH_POINTS.district, basis: 'exact' };
      else if (request.districts.some((d) => isNearby(options.nearby, district, d, offer.city))) {
        got = { points: MATCH_POINTS.nearbyDistrict, basis: 'nearby' };
      }
    }
    award('district', MATCH_POINTS.district, got);
  }

  if (request.propertyTypes.length > 0) {
    const exact = request.propertyTypes.includes(offer.propertyType);
    award(
      'property_type',
      MATCH_POINTS.property_type,
      exact ? { points: MATCH_POINTS.property_type, basis: 'exact' } : null,
    );
  }

  if (request.category) {
    const exact = offer.category === request.category;
    award('category', MATCH_POINTS.category, exact ? { points: MATCH_POINTS.category, basis: 'exact' } : null);
  }

  const price = rangeOf(request.priceMin, request.priceMax);
  if (price) award('price', MATCH_POINTS.price, rangePoints(offer.price, price, MATCH_POINTS.price));
  const area = rangeOf(request.areaMin, request.areaMax);
  if (area) award('area', MATCH_POINTS.area, rangePoints(offer.area, area, MATCH_POINTS.area));

  const earned = matched.reduce((sum, f) => sum + f.points, 0);
  const score = stated > 0 ? Math.round((100 * earned) / stated) : 0;
  return {
    score,
    matched,
    missed,
    isMatch: score >= MATCH_THRESHOLD,
    excludedBy: null,
    version: SCORE_ALGORITHM_VERSION,
  };
}

/** Whether an offer passes the hard filters; every match passes, so this is safe to pre-filter with. */
export function isCandidate(offer: MatchOffer, request: MatchRequest, options: ScoreOptions = {}): boolean {
  return exclusion(offer, request, options) === null;
}

/**
 * Conditions every matching offer meets, for a repository to narrow the offers it loads for a request
 * before scoring them: the same listing type, one of `cities` (`null`: any city) when the city is a hard
 * filter, one of `propertyTypes` (`null`: any), price and area within NEAR_RANGE of the request's bounds;
 * `none` when the request is not specific (it matches nothing).
 */
export interface OfferCandidateFilter {
  readonly listingType: ListingType;
  readonly cities: readonly string[] | null;
  readonly propertyTypes: readonly string[] | null;
  readonly none: boolean;
}

export function offerCandidateFilter(request: MatchRequest, options: ScoreOptions = {}): OfferCandidateFilter {
  const cityIsHardFilter = options.cityIsHardFilter ?? true;
  return {
    listingType: request.listingType,
    cities: cityIsHardFilter && request.cities.length > 0 ? [...request.cities] : null,
    propertyTypes: request.propertyTypes.length > 0 ? [...request.propertyTypes] : null,
    none: !isSpecific(request),
  };
}

/**
 * The reverse, for a new offer: specific requests with its listing type, whose cities (when the city is
 * a hard filter) and types are empty or include the offer's (`city: null`: any request's cities).
 */
export interface RequestCandidateFilter {
  readonly listingType: ListingType;
  readonly city: string | null;
  readonly propertyType: string;
}

export function requestCandidateFilter(offer: MatchOffer, options: ScoreOptions = {}): RequestCandidateFilter {
  const cityIsHardFilter = options.cityIsHardFilter ?? true;
  return {
    listingType: offer.listingType,
    city: cityIsHardFilter ? offer.city : null,
    propertyType: offer.propertyType,
  };
}

/** The widest price or area a range accepts with partial credit: [low, high] (null: open). */
export function nearBounds(min?: number | null, max?: number | null): [number | null, number | null] {
  const range = rangeOf(min, max);
  if (!range) return [null, null];
  const [lo, hi] = range;
  return [
    lo === null ? null : Math.floor(lo * (1 - NEAR_RANGE)),
    hi === null ? null : Math.ceil(hi * (1 + NEAR_RANGE)),
  ];
}
