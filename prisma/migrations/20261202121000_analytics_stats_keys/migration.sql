-- Keys of the nightly statistics (core/analytics/nightly.service.ts), written by hand because the Prisma
-- schema language cannot express partial unique indexes. A row of an office has no user_id and a row of a
-- member has one: each kind has its own unique index, so that the nightly job upserts (INSERT ... ON
-- CONFLICT ... DO UPDATE) and running it twice for the same day leaves the same rows.
-- (No apostrophes or semicolons inside comments here: the script runner splits statements naively.)

CREATE UNIQUE INDEX "analytics_snapshots_office_period_key" ON "analytics_snapshots" ("organization_id", "period_type", "period_start")
  WHERE "user_id" IS NULL;

CREATE UNIQUE INDEX "analytics_snapshots_member_period_key" ON "analytics_snapshots" ("organization_id", "user_id", "period_type", "period_start")
  WHERE "user_id" IS NOT NULL;

CREATE UNIQUE INDEX "financial_stats_office_period_key" ON "financial_stats" ("organization_id", "period_start", "period_end")
  WHERE "user_id" IS NULL;

CREATE UNIQUE INDEX "financial_stats_member_period_key" ON "financial_stats" ("organization_id", "user_id", "period_start", "period_end")
  WHERE "user_id" IS NOT NULL;

-- The nightly count of messages in and out of an office per local day reads a range of one office:
-- without these it would read every message of the day of every office, once per office.
CREATE INDEX "inbound_messages_organization_id_received_at_idx" ON "inbound_messages" ("organization_id", "received_at");

CREATE INDEX "outbound_messages_organization_id_created_at_idx" ON "outbound_messages" ("organization_id", "created_at");
