-- An offer's price is what matching compares with requests, whose rent budgets are a year's: an offer
-- of a property rented by the month holds twelve months of its rent (core/listings/listings.types.ts
-- comparablePrice), and its summary and full details keep the listed price with its period. Offers
-- written before held the monthly figure and matched any yearly budget above it.
UPDATE "offers" o
SET "price" = LEAST(o."price"::bigint * 12, 2000000000)::int,
    "summary" = o."summary" || '{"rentPeriod": "monthly"}'::jsonb,
    "full_details" = o."full_details" || '{"rentPeriod": "monthly"}'::jsonb
FROM "properties" p
WHERE o."property_id" = p."id" AND p."listing_type" = 'rent' AND p."rent_period" = 'monthly'
  AND o."price" = p."price";
