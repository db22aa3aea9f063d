-- Indexes of the smart-matching candidate search (core/matching/matching.repo.prisma.ts), written by hand
-- because the Prisma schema language cannot express expression keys, partial predicates or INCLUDE.
-- (No apostrophes or semicolons inside comments here: the script runner splits statements naively.)
--
-- A new offer looks for the active requests of its listing type whose cities hold the offer city or are
-- empty. An array cannot be a btree key, so the search is split by the position of the offer city in the
-- request cities: first (most requests name one city, and COALESCE with the empty string also keys the
-- requests naming none), second, third, and later (a small remainder tested on the index entry). Each
-- index is read newest first within its key and stops at the cap. Every column the candidate test reads
-- is INCLUDEd, so the scans are index-only and the table is read for the winners only.
--
-- Two sets: across organizations (a shared offer reaches the requests of every organization), and keyed
-- by organization (an unshared offer reaches the requests of its own organization only), where the
-- requests naming several cities are few enough per organization to be tested on the index entry.

CREATE INDEX "requests_match_first_city" ON "requests" ("type", (COALESCE("cities"[1], '')), "created_at")
  INCLUDE ("id", "cities", "property_types", "price_min", "price_max", "area_min", "area_max", "expires_at")
  WHERE "status" = 'active';

CREATE INDEX "requests_match_second_city" ON "requests" ("type", ("cities"[2]), "created_at")
  INCLUDE ("id", "cities", "property_types", "price_min", "price_max", "area_min", "area_max", "expires_at")
  WHERE "status" = 'active' AND cardinality("cities") >= 2;

CREATE INDEX "requests_match_third_city" ON "requests" ("type", ("cities"[3]), "created_at")
  INCLUDE ("id", "cities", "property_types", "price_min", "price_max", "area_min", "area_max", "expires_at")
  WHERE "status" = 'active' AND cardinality("cities") >= 3;

CREATE INDEX "requests_match_more_cities" ON "requests" ("type", "created_at")
  INCLUDE ("id", "cities", "property_types", "price_min", "price_max", "area_min", "area_max", "expires_at")
  WHERE "status" = 'active' AND cardinality("cities") >= 4;

CREATE INDEX "requests_match_org_first_city" ON "requests" ("organization_id", "type", (COALESCE("cities"[1], '')), "created_at")
  INCLUDE ("id", "cities", "property_types", "price_min", "price_max", "area_min", "area_max", "expires_at")
  WHERE "status" = 'active';

CREATE INDEX "requests_match_org_more_cities" ON "requests" ("organization_id", "type", "created_at")
  INCLUDE ("id", "cities", "property_types", "price_min", "price_max", "area_min", "area_max", "expires_at")
  WHERE "status" = 'active' AND cardinality("cities") >= 2;

-- A new or changed request looks for the active offers of its listing type in its cities, of its types and
-- within its budget, in two branches: the offers of its own organization, and the shared offers of the
-- others with room for more brokers. A precise request is served by the offers index on
-- (status, listing_type, city, property_type, price). These two serve a broad one (any city, any type,
-- no budget): read newest first and stopped at the cap, the test done on the index entries.
CREATE INDEX "offers_match_org_newest" ON "offers" ("organization_id", "listing_type", "created_at")
  INCLUDE ("id", "city", "property_type", "price", "area", "expires_at")
  WHERE "status" = 'active';

CREATE INDEX "offers_match_shared_newest" ON "offers" ("listing_type", "created_at")
  INCLUDE ("id", "organization_id", "city", "property_type", "price", "area", "expires_at", "accepted_count", "max_brokers")
  WHERE "status" = 'active' AND "is_shared";

-- The matches of a request (expiring them when the request closes, and the cascade when it is deleted)
-- are found by request: the unique key (offer_id, request_id, broker_id) serves only the offer side.
CREATE INDEX "smart_matches_request_id_idx" ON "smart_matches" ("request_id");
