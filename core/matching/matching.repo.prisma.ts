// Prisma adapter of the matching repository: candidates are found in SQL, on indexes, never by loading a
// market into memory and scoring every pair.
//
// The candidate test is one predicate, the same from both sides, so that a pair found when its offer is
// created is found again when its request changes (and the other way round). An offer O and a request R
// are candidates when all of these hold:
//
// - both are `active` and not past `expires_at`; same listing type (`offers.listing_type = requests.type`);
// - city: R names no city, or O's city is one of R's (the score's hard filter);
// - type: R names no property type, or O's type is one of R's;
// - R names a place (city or district) or a property type (else it matches nothing);
// - price: O's price is within R's range widened by NEAR_RANGE (partial credit), a missing bound open;
// - area: O has no area, or its area is within R's range widened the same way (open bounds again);
// - scope: the same organization, or O is shared on the marketplace and still has room for brokers
//   (`accepted_count < max_brokers`). The match is for R's broker, in R's organization: what crosses the
//   organization boundary is the offer's marketplace summary, never the request. So a broker's client is
//   served by the marketplace whether or not the request itself is shared.
//
// District and category are left to the score, which also drops the near misses that stay below the
// threshold: the score ranks candidates and says why.
//
// How the searches meet their latency budget (one offer against 1,000,000 requests in under 100 ms at
// p95, see docs/benchmarks/matching.md): every search is a UNION ALL of branches, each an index-only scan
// of a partial index (migration 20261121090000_matching_indexes) read newest first and stopped at the
// cap, the type, price, area and expiry tests being evaluated on the index entries. Only the winners are
// then read from the table. For an offer there is one branch per position of its city in the request
// cities (an array cannot be a btree key): first (COALESCE(cities[1], '') also keys "no city"), second,
// third, later, keyed by organization for an unshared offer. For a request, one branch for its own
// organization and one for the marketplace; the planner picks per branch between the precise offers
// index (status, listing_type, city, property_type, price) and the newest-first ones.

import type { DbTx } from '../db/client.ts';
import { Prisma } from '../db/client.ts';
import {
  CANDIDATE_LIMIT,
  type CandidateScope,
  type MarketStatus,
  type MatchingRepo,
  type OfferCandidate,
  type RequestCandidate,
  type StoredMatch,
} from './matching.repo.ts';
import {
  isSpecific,
  type ListingType,
  type MatchedFeature,
  type MatchOffer,
  type MatchRequest,
  NEAR_RANGE,
  nearBounds,
  type PropertyCategory,
} from './score.ts';

const limitOf = (scope: CandidateScope) =>
  Math.max(1, Math.min(Math.trunc(scope.limit ?? CANDIDATE_LIMIT), CANDIDATE_LIMIT));

const given = (n: number | null | undefined): n is number => n !== null && n !== undefined;

interface RequestRow {
  id: string;
  organization_id: string;
  broker_id: string | null;
  type: ListingType;
  property_types: string[];
  category: PropertyCategory | null;
  cities: string[];
  districts: string[];
  price_min: number | null;
  price_max: number | null;
  area_min: number | null;
  area_max: number | null;
  is_shared: boolean;
  created_at: Date;
}

interface OfferRow {
  id: string;
  organization_id: string;
  property_type: string;
  category: PropertyCategory | null;
  listing_type: ListingType;
  city: string;
  district: string | null;
  price: number;
  area: number | null;
  is_shared: boolean;
  created_at: Date;
}

interface StoredRow {
  id: string;
  organization_id: string;
  offer_id: string;
  request_id: string;
  broker_id: string;
  score: number;
  matched_features: MatchedFeature[];
}

const toStored = (r: StoredRow): StoredMatch => ({
  id: r.id,
  organizationId: r.organization_id,
  offerId: r.offer_id,
  requestId: r.request_id,
  brokerId: r.broker_id,
  score: r.score,
  matched: r.matched_features,
});

/** The rows to store as one JSON parameter, read back with jsonb_to_recordset (one round trip for all). */
const RECORDSET = Prisma.sql`v(organization_id uuid, offer_id uuid, request_id uuid, broker_id uuid, score int,
  matched_features jsonb, algorithm_version text)`;

/**
 * The test of a request (alias `r`) against an offer, all but the city (the branches below express it
 * in the form the indexes need). Every column read here is in the INCLUDE list of the requests_match_*
 * indexes: keep them in step.
 */
function requestTest(offer: MatchOffer, scope: CandidateScope): Prisma.Sql {
  return Prisma.sql`r.status = 'active'
    AND r.type = ${offer.listingType}::listing_type
    AND (r.property_types = '{}' OR r.property_types @> ARRAY[${offer.propertyType}::property_type])
    AND (r.property_types <> '{}' OR r.cities <> '{}' OR r.districts <> '{}')
    AND (r.price_min IS NULL OR r.price_min <= ${Math.floor(offer.price / (1 - NEAR_RANGE))}::int)
    AND (r.price_max IS NULL OR r.price_max >= ${Math.ceil(offer.price / (1 + NEAR_RANGE))}::int)
    ${
      given(offer.area)
        ? Prisma.sql`AND (r.area_min IS NULL OR r.area_min <= ${Math.floor(offer.area / (1 - NEAR_RANGE))}::int)
                     AND (r.area_max IS NULL OR r.area_max >= ${Math.ceil(offer.area / (1 + NEAR_RANGE))}::int)`
        : Prisma.empty
    }
    AND (r.expires_at IS NULL OR r.expires_at > ${scope.now}::timestamptz)
    ${scope.includeMarketplace ? Prisma.empty : Prisma.sql`AND r.organization_id = ${scope.organizationId}::uuid`}`;
}

/** The candidate requests of an offer (exported for the benchmark's EXPLAIN). */
export function candidateRequestsSql(offer: MatchOffer, scope: CandidateScope): Prisma.Sql {
  const limit = limitOf(scope);
  const test = requestTest(offer, scope);
  const city = Prisma.sql`${offer.city}::text`;
  // A branch per position of the offer city in the request cities (see the migration
  // 20261121090000_matching_indexes): the branches never overlap, so no request comes twice. The
  // expressions and the partial-index predicates are written exactly as in the indexes so that the
  // planner matches them.
  const branch = (cities: Prisma.Sql) =>
    Prisma.sql`(SELECT r.id, r.created_at FROM requests r WHERE ${test} AND ${cities}
                ORDER BY r.created_at DESC LIMIT ${limit})`;
  const first = branch(Prisma.sql`COALESCE(r.cities[1], '') = ${city}`);
  const none = branch(Prisma.sql`COALESCE(r.cities[1], '') = ''`);
  const later = scope.includeMarketplace
    ? Prisma.sql`${branch(Prisma.sql`cardinality(r.cities) >= 2 AND r.cities[2] = ${city} AND r.cities[1] <> ${city}`)}
        UNION ALL
        ${branch(
          Prisma.sql`cardinality(r.cities) >= 3 AND r.cities[3] = ${city}
                     AND r.cities[1] <> ${city} AND r.cities[2] <> ${city}`,
        )}
        UNION ALL
        ${branch(
          Prisma.sql`cardinality(r.cities) >= 4 AND r.cities[1] <> ${city} AND r.cities[2] <> ${city}
                     AND r.cities[3] <> ${city} AND r.cities @> ARRAY[${city}]`,
        )}`
    : branch(Prisma.sql`cardinality(r.cities) >= 2 AND r.cities[1] <> ${city} AND r.cities @> ARRAY[${city}]`);
  return Prisma.sql`
    WITH picked AS (
      ${first}
      UNION ALL
      ${none}
      UNION ALL
      ${later}
    ), newest AS (
      SELECT id, created_at FROM picked ORDER BY created_at DESC, id DESC LIMIT ${limit}
    )
    -- The assignee of the client is looked up only for the requests without a user (COALESCE stops early).
    SELECT r.id, r.organization_id,
           COALESCE(r.user_id, (SELECT c.assigned_to_id FROM customers c WHERE c.id = r.customer_id)) AS broker_id,
           r.type::text AS type, r.property_types::text[] AS property_types, r.category::text AS category,
           r.cities, r.districts, r.price_min, r.price_max, r.area_min, r.area_max, r.is_shared, r.created_at
    FROM newest n
    JOIN requests r ON r.id = n.id
    ORDER BY n.created_at DESC, n.id DESC`;
}

/**
 * The test of an offer (alias `o`) against a request, all but the organization scope. Every column read
 * here is in the INCLUDE list of the offers_match_* indexes: keep them in step.
 */
function offerTest(request: MatchRequest, scope: CandidateScope): Prisma.Sql {
  // price and area near the range earn partial points (score.ts), so they are candidates too
  const [priceLo, priceHi] = nearBounds(request.priceMin, request.priceMax);
  const [areaLo, areaHi] = nearBounds(request.areaMin, request.areaMax);
  const and = (condition: boolean, sql: () => Prisma.Sql) => (condition ? sql() : Prisma.empty);
  // a request naming neither a place nor a type matches nothing
  if (!isSpecific(request)) return Prisma.sql`FALSE`;
  return Prisma.sql`o.status = 'active'
    AND o.listing_type = ${request.listingType}::listing_type
    ${and(request.cities.length > 0, () => Prisma.sql`AND o.city = ANY(${[...request.cities]}::text[])`)}
    ${and(
      request.propertyTypes.length > 0,
      () => Prisma.sql`AND o.property_type = ANY(${[...request.propertyTypes]}::property_type[])`,
    )}
    ${and(priceLo !== null, () => Prisma.sql`AND o.price >= ${priceLo}::int`)}
    ${and(priceHi !== null, () => Prisma.sql`AND o.price <= ${priceHi}::int`)}
    ${and(areaLo !== null, () => Prisma.sql`AND (o.area IS NULL OR o.area >= ${areaLo}::int)`)}
    ${and(areaHi !== null, () => Prisma.sql`AND (o.area IS NULL OR o.area <= ${areaHi}::int)`)}
    AND (o.expires_at IS NULL OR o.expires_at > ${scope.now}::timestamptz)`;
}

/** The candidate offers of a request (exported for the benchmark's EXPLAIN). */
export function candidateOffersSql(request: MatchRequest, scope: CandidateScope): Prisma.Sql {
  const limit = limitOf(scope);
  const test = offerTest(request, scope);
  const org = Prisma.sql`${scope.organizationId}::uuid`;
  // Two branches, each newest first and capped: the planner picks per branch between the precise index
  // (status, listing_type, city, property_type, price) and the newest-first ones of the migration.
  const own = Prisma.sql`(SELECT o.id, o.created_at FROM offers o WHERE ${test} AND o.organization_id = ${org}
                          ORDER BY o.created_at DESC LIMIT ${limit})`;
  const market = Prisma.sql`(SELECT o.id, o.created_at FROM offers o
                             WHERE ${test} AND o.is_shared AND o.accepted_count < o.max_brokers
                               AND o.organization_id <> ${org}
                             ORDER BY o.created_at DESC LIMIT ${limit})`;
  return Prisma.sql`
    WITH picked AS (
      ${own}
      ${scope.includeMarketplace ? Prisma.sql`UNION ALL ${market}` : Prisma.empty}
    ), newest AS (
      SELECT id, created_at FROM picked ORDER BY created_at DESC, id DESC LIMIT ${limit}
    )
    SELECT o.id, o.organization_id, o.property_type::text AS property_type, o.category::text AS category,
           o.listing_type::text AS listing_type, o.city, o.district, o.price, o.area, o.is_shared, o.created_at
    FROM newest n
    JOIN offers o ON o.id = n.id
    ORDER BY n.created_at DESC, n.id DESC`;
}

export function createPrismaMatchingRepo(db: DbTx): MatchingRepo {
  return {
    async findOffer(id) {
      const o = await db.offer.findUnique({ where: { id } });
      if (!o) return null;
      return {
        id: o.id,
        organizationId: o.organizationId,
        status: o.status as MarketStatus,
        isShared: o.isShared,
        maxBrokers: o.maxBrokers,
        acceptedCount: o.acceptedCount,
        expiresAt: o.expiresAt,
        city: o.city,
        district: o.district,
        propertyType: o.propertyType,
        category: o.category,
        price: o.price,
        area: o.area,
        listingType: o.listingType,
      };
    },

    async findRequest(id) {
      const r = await db.request.findUnique({
        where: { id },
        include: { customer: { select: { assignedToId: true } } },
      });
      if (!r) return null;
      return {
        id: r.id,
        organizationId: r.organizationId,
        status: r.status as MarketStatus,
        isShared: r.isShared,
        brokerId: r.userId ?? r.customer?.assignedToId ?? null,
        expiresAt: r.expiresAt,
        cities: r.cities,
        districts: r.districts,
        propertyTypes: r.propertyTypes,
        category: r.category,
        priceMin: r.priceMin,
        priceMax: r.priceMax,
        areaMin: r.areaMin,
        areaMax: r.areaMax,
        listingType: r.type,
      };
    },

    async candidateRequestsForOffer(offer, scope) {
      const rows = await db.$queryRaw<RequestRow[]>(candidateRequestsSql(offer, scope));
      // A request with neither a user nor a client assigned to one has nobody to tell: not a candidate.
      return rows.flatMap((r): RequestCandidate[] =>
        r.broker_id === null
          ? []
          : [
              {
                id: r.id,
                organizationId: r.organization_id,
                brokerId: r.broker_id,
                isShared: r.is_shared,
                createdAt: r.created_at,
                listingType: r.type,
                cities: r.cities,
                districts: r.districts,
                propertyTypes: r.property_types,
                category: r.category,
                priceMin: r.price_min,
                priceMax: r.price_max,
                areaMin: r.area_min,
                areaMax: r.area_max,
              },
            ],
      );
    },

    async candidateOffersForRequest(request, scope) {
      const rows = await db.$queryRaw<OfferRow[]>(candidateOffersSql(request, scope));
      return rows.map(
        (o): OfferCandidate => ({
          id: o.id,
          organizationId: o.organization_id,
          isShared: o.is_shared,
          createdAt: o.created_at,
          listingType: o.listing_type,
          city: o.city,
          district: o.district,
          propertyType: o.property_type,
          category: o.category,
          price: o.price,
          area: o.area,
        }),
      );
    },

    async districtNeighbors(organizationIds, cities) {
      if (organizationIds.length === 0 || cities.length === 0) return [];
      return db.districtNeighbor.findMany({
        where: { organizationId: { in: [...organizationIds] }, city: { in: [...cities] } },
        select: { organizationId: true, city: true, district: true, nearDistrict: true },
      });
    },

    async saveMatches(rows, now) {
      if (rows.length === 0) return [];
      // Sorted by the unique key so that two runs storing overlapping pairs lock them in the same order.
      const sorted = [...rows].sort(
        (a, b) =>
          a.offerId.localeCompare(b.offerId) ||
          a.requestId.localeCompare(b.requestId) ||
          a.brokerId.localeCompare(b.brokerId),
      );
      const json = JSON.stringify(
        sorted.map((r) => ({
          organization_id: r.organizationId,
          offer_id: r.offerId,
          request_id: r.requestId,
          broker_id: r.brokerId,
          score: r.score,
          matched_features: r.matched,
          algorithm_version: r.algorithmVersion,
        })),
      );
      // DO NOTHING returns exactly the rows this statement inserted, even when another run races us to
      // the same pair: the broker hears of a match once.
      const inserted = await db.$queryRaw<StoredRow[]>`
        INSERT INTO smart_matches (organization_id, offer_id, request_id, broker_id, score, matched_features,
                                   algorithm_version, created_at, updated_at)
        SELECT v.organization_id, v.offer_id, v.request_id, v.broker_id, v.score, v.matched_features,
               v.algorithm_version, ${now}::timestamptz, ${now}::timestamptz
        FROM jsonb_to_recordset(${json}::jsonb) AS ${RECORDSET}
        ORDER BY v.offer_id, v.request_id, v.broker_id
        ON CONFLICT (offer_id, request_id, broker_id) DO NOTHING
        RETURNING id, organization_id, offer_id, request_id, broker_id, score, matched_features`;
      if (inserted.length === rows.length) return inserted.map(toStored);
      // The pairs that existed: refresh score and reasons (status untouched: an accepted or rejected match
      // stays so), and bring expired ones back as pending: they are news again. Unchanged rows are not
      // written, so a repeated run writes nothing.
      const revived = await db.$queryRaw<StoredRow[]>`
        WITH v AS (SELECT * FROM jsonb_to_recordset(${json}::jsonb) AS ${RECORDSET}),
        refreshed AS (
          UPDATE smart_matches sm
          SET score = v.score, matched_features = v.matched_features, algorithm_version = v.algorithm_version,
              updated_at = ${now}::timestamptz
          FROM v
          WHERE sm.offer_id = v.offer_id AND sm.request_id = v.request_id AND sm.broker_id = v.broker_id
            AND sm.status <> 'expired'
            AND (sm.score <> v.score OR sm.matched_features <> v.matched_features
                 OR sm.algorithm_version <> v.algorithm_version)
          RETURNING sm.id
        ), revived AS (
          UPDATE smart_matches sm
          SET status = 'pending', notified_at = NULL, responded_at = NULL, score = v.score,
              matched_features = v.matched_features, algorithm_version = v.algorithm_version,
              updated_at = ${now}::timestamptz
          FROM v
          WHERE sm.offer_id = v.offer_id AND sm.request_id = v.request_id AND sm.broker_id = v.broker_id
            AND sm.status = 'expired'
          RETURNING sm.id, sm.organization_id, sm.offer_id, sm.request_id, sm.broker_id, sm.score,
                    sm.matched_features
        )
        SELECT * FROM revived`;
      return [...inserted, ...revived].map(toStored);
    },

    async expirePending(subject, now) {
      const where = 'offerId' in subject ? { offerId: subject.offerId } : { requestId: subject.requestId };
      const { count } = await db.smartMatch.updateMany({
        where: { ...where, status: 'pending' },
        data: { status: 'expired', updatedAt: now },
      });
      return count;
    },

    async expireStale(subject, scope, current) {
      // The same test as the candidate search, read the other way: a pending match whose pair fails it
      // (or whose broker is no longer the one of the request) expires. The pairs this run just matched
      // pass by construction: when they are all the subject has (always on a first run), nothing is
      // read. Beyond the cap is not stale: this test is not capped.
      const isOffer = 'offer' in subject;
      const where = isOffer ? { offerId: subject.offer.id } : { requestId: subject.request.id };
      // Plain lookups by offer or request (no status test, which tempts the planner into the broker index).
      if ((await db.smartMatch.count({ where })) === current.length) return 0;
      const key = (m: { offerId: string; requestId: string; brokerId: string }) =>
        `${m.offerId} ${m.requestId} ${m.brokerId}`;
      const fresh = new Set(current.map(key));
      const all = await db.smartMatch.findMany({
        where,
        select: { id: true, offerId: true, requestId: true, brokerId: true, status: true },
      });
      const others = all.filter((m) => m.status === 'pending' && !fresh.has(key(m))).map((m) => m.id);
      if (others.length === 0) return 0;
      const stale = isOffer
        ? Prisma.sql`NOT EXISTS (
            SELECT 1 FROM requests r
            WHERE r.id = sm.request_id AND ${requestTest(subject.offer, scope)}
              AND (r.cities = '{}' OR r.cities @> ARRAY[${subject.offer.city}::text])
              AND sm.broker_id = COALESCE(r.user_id,
                    (SELECT c.assigned_to_id FROM customers c WHERE c.id = r.customer_id)))`
        : Prisma.sql`(sm.broker_id IS DISTINCT FROM ${subject.request.brokerId}::uuid OR NOT EXISTS (
            SELECT 1 FROM offers o
            WHERE o.id = sm.offer_id AND ${offerTest(subject.request, scope)}
              AND (o.organization_id = ${scope.organizationId}::uuid
                   ${scope.includeMarketplace ? Prisma.sql`OR (o.is_shared AND o.accepted_count < o.max_brokers)` : Prisma.empty})))`;
      return db.$executeRaw`
        UPDATE smart_matches sm SET status = 'expired', updated_at = ${scope.now}::timestamptz
        WHERE sm.id = ANY(${others}::uuid[]) AND sm.status = 'pending' AND ${stale}`;
    },
  };
}
