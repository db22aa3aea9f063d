-- What the Prisma schema language cannot express, written by hand. Forward-only like every migration.
-- (No apostrophes or semicolons inside comments here: the script runner splits statements naively.)

-- Two appointments of one broker that are not cancelled never overlap. The range is half-open
-- ([start, end)), so back-to-back appointments (one ends at 10:00, the next starts at 10:00) are fine.
CREATE EXTENSION IF NOT EXISTS btree_gist;

ALTER TABLE "appointments"
  ADD CONSTRAINT "appointments_ends_after_starts" CHECK ("ends_at" > "starts_at");

ALTER TABLE "appointments"
  ADD CONSTRAINT "appointments_no_overlap"
  EXCLUDE USING gist ("user_id" WITH =, tstzrange("starts_at", "ends_at", '[)') WITH &&)
  WHERE ("status" <> 'cancelled');

-- Sanity of the numbers the product relies on.
ALTER TABLE "smart_matches" ADD CONSTRAINT "smart_matches_score_range" CHECK ("score" BETWEEN 0 AND 100);
ALTER TABLE "properties" ADD CONSTRAINT "properties_price_positive" CHECK ("price" > 0);
ALTER TABLE "properties" ADD CONSTRAINT "properties_area_positive" CHECK ("area" IS NULL OR "area" > 0);
ALTER TABLE "offers" ADD CONSTRAINT "offers_price_positive" CHECK ("price" > 0);
ALTER TABLE "offers" ADD CONSTRAINT "offers_accepted_within_max" CHECK ("accepted_count" BETWEEN 0 AND "max_brokers");
ALTER TABLE "requests" ADD CONSTRAINT "requests_price_range" CHECK ("price_min" IS NULL OR "price_max" IS NULL OR "price_min" <= "price_max");
ALTER TABLE "requests" ADD CONSTRAINT "requests_area_range" CHECK ("area_min" IS NULL OR "area_max" IS NULL OR "area_min" <= "area_max");
ALTER TABLE "working_hours" ADD CONSTRAINT "working_hours_weekday" CHECK ("weekday" BETWEEN 0 AND 6);
ALTER TABLE "holidays" ADD CONSTRAINT "holidays_range" CHECK ("end_date" >= "start_date");
ALTER TABLE "sales" ADD CONSTRAINT "sales_amount_positive" CHECK ("amount" > 0);

-- Due reminders are found by the minute sweep, and only pending ones matter.
CREATE INDEX "reminders_pending_due" ON "reminders" ("due_at") WHERE "status" = 'pending';
-- Outbound messages still to be sent.
CREATE INDEX "outbound_messages_pending" ON "outbound_messages" ("created_at") WHERE "status" IN ('pending', 'sending');
