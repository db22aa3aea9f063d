/**
 * Smart-match score (algorithm v1): how well an offer (a listing) fits a client's request, 0..100.
 *
 * Points per feature (they add up to 100):
 *
 * | feature         | points | when                                                                 |
 * |-----------------|-------:|----------------------------------------------------------------------|
 * | `city`          |     25 | the offer's city is one of the request's cities                      |
 * | `district`      |  20/10 | 20 when the offer's district is one of the request's districts, 10    |
 * |                 |        | when it is *nearby* one of them (`options.nearby`)                    |
 * | `property_type` |     20 | the offer's type is one of the request's types                       |
 * | `category`      |     10 | residential/commercial equal                                         |
 * | `price`         |     15 | `priceMin ≤ price ≤ priceMax`, a missing bound is open               |
 * | `area`          |     10 | `areaMin ≤ area ≤ areaMax`, a missing bound is open                  |
 *
 * A match is `score ≥ MATCH_THRESHOLD` (50). Semantics chosen where the design leaves room:
 *
 * - **A criterion the request does not restrict earns its points** (`basis: 'unrestricted'`): no cities,
 *   no districts, no property types, no category, or neither bound of a range. A client who says "any
 *   district" should not rank lower than one who listed a district the offer happens to be in. So a
 *   request restricting nothing scores 100 against every offer of its listing type.
 * - **A restricted criterion the offer cannot show earns nothing**: the request lists districts but the
 *   offer has none; the request has an area range but the offer has no area; the request names a
 *   category but the offer has none.
 * - **Ranges are inclusive**; `priceMin === priceMax` matches that exact price only; bounds given the
 *   wrong way round (`min > max`) are read as the range between them; `null` is the same as missing.
 * - **Listing type is a hard filter**: sale vs rent is never a match: score 0, no features,
 *   `excludedBy: 'listing_type'`.
 * - **City is a hard filter too, by default**: when the request lists cities and the offer is in none
 *   of them the result is score 0, `excludedBy: 'city'`. Without this, a villa in Jeddah with the right
 *   type, budget and size would score 55 ("a match") for a client who only wants Riyadh, which no broker
 *   wants to be notified about. `options.cityIsHardFilter: false` gives the purely additive reading
 *   (the city then just earns 0 points).
 * - **District points need the city**: district names repeat across cities (there is a "الروضة" in
 *   dozens of them), so a district only counts when the city criterion is met (matched or unrestricted).
 * - Values are compared as given: cities, districts and types are canonical values already (city
 *   `name_en`, district `name_ar` without "حي "), prices whole SAR integers, areas m².
 *
 * `matched` lists, in the table's order, every feature that earned points and how; `score` is exactly
 * the sum of their points (so always an integer in 0..100); `missed` lists the features that earned none.
 */

export const SCORE_ALGORITHM_VERSION = 'v1';
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

/** How a feature earned its points: an exact value, a nearby district, inside a range, or no restriction. */
export type MatchBasis = 'exact' | 'nearby' | 'in_range' | 'unrestricted';

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

export type MatchExclusion = 'listing_type' | 'city';

export interface MatchResult {
  /** Integer 0..100, the sum of `matched[].points`. */
  readonly score: number;
  readonly matched: MatchedFeature[];
  /** Features that earned no points (empty when the offer is excluded). */
  readonly missed: MatchFeatureName[];
  readonly isMatch: boolean;
  /** Set when a hard filter ruled the offer out before scoring. */
  readonly excludedBy: MatchExclusion | null;
  readonly version: typeof SCORE_ALGORITHM_VERSION;
}

const given = (value: number | null | undefined): value is number => value !== null && value !== undefined;

/** `'unrestricted'` without bounds, `'in_range'` inside them, `null` outside or when the value is unknown. */
function rangeBasis(value: number | null | undefined, min?: number | null, max?: number | null): MatchBasis | null {
  if (!given(min) && !given(max)) return 'unrestricted';
  if (!given(value) || Number.isNaN(value)) return null;
  const lo = given(min) && given(max) ? Math.min(min, max) : min;
  const hi = given(min) && given(max) ? Math.max(min, max) : max;
  if (given(lo) && value < lo) return null;
  if (given(hi) && value > hi) return null;
  return 'in_range';
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

function exclusion(offer: MatchOffer, request: MatchRequest, options: ScoreOptions): MatchExclusion | null {
  if (offer.listingType !== request.listingType) return 'listing_type';
  const cityIsHardFilter = options.cityIsHardFilter ?? true;
  if (cityIsHardFilter && request.cities.length > 0 && !request.cities.includes(offer.city)) return 'city';
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
  const award = (feature: MatchFeatureName, points: number, basis: MatchBasis | null) => {
    if (basis) matched.push({ feature, points, basis });
    else missed.push(feature);
  };

  const cityBasis: MatchBasis | null =
    request.cities.length === 0 ? 'unrestricted' : request.cities.includes(offer.city) ? 'exact' : null;
  award('city', MATCH_POINTS.city, cityBasis);

  const district = offer.district ?? null;
  if (request.districts.length === 0) award('district', MATCH_POINTS.district, 'unrestricted');
  else if (cityBasis === null || district === null) award('district', 0, null);
  else if (request.districts.includes(district)) award('district', MATCH_POINTS.district, 'exact');
  else if (request.districts.some((d) => isNearby(options.nearby, district, d, offer.city))) {
    award('district', MATCH_POINTS.nearbyDistrict, 'nearby');
  } else award('district', 0, null);

  const typeBasis: MatchBasis | null =
    request.propertyTypes.length === 0
      ? 'unrestricted'
      : request.propertyTypes.includes(offer.propertyType)
        ? 'exact'
        : null;
  award('property_type', MATCH_POINTS.property_type, typeBasis);

  const categoryBasis: MatchBasis | null = !request.category
    ? 'unrestricted'
    : offer.category === request.category
      ? 'exact'
      : null;
  award('category', MATCH_POINTS.category, categoryBasis);

  award('price', MATCH_POINTS.price, rangeBasis(offer.price, request.priceMin, request.priceMax));
  award('area', MATCH_POINTS.area, rangeBasis(offer.area, request.areaMin, request.areaMax));

  const score = matched.reduce((sum, f) => sum + f.points, 0);
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
 * before scoring them: the same listing type and, when the city is a hard filter, one of `cities`
 * (`null`: any city). Nothing else is necessary: an offer missing any single soft feature can still
 * reach the threshold.
 */
export interface OfferCandidateFilter {
  readonly listingType: ListingType;
  readonly cities: readonly string[] | null;
}

export function offerCandidateFilter(request: MatchRequest, options: ScoreOptions = {}): OfferCandidateFilter {
  const cityIsHardFilter = options.cityIsHardFilter ?? true;
  return {
    listingType: request.listingType,
    cities: cityIsHardFilter && request.cities.length > 0 ? [...request.cities] : null,
  };
}

/**
 * The reverse, for a new offer: requests with its listing type and, when the city is a hard filter,
 * whose cities are empty or include `city` (`null`: any request of that listing type).
 */
export interface RequestCandidateFilter {
  readonly listingType: ListingType;
  readonly city: string | null;
}

export function requestCandidateFilter(offer: MatchOffer, options: ScoreOptions = {}): RequestCandidateFilter {
  const cityIsHardFilter = options.cityIsHardFilter ?? true;
  return { listingType: offer.listingType, city: cityIsHardFilter ? offer.city : null };
}
