-- Indexes of the customers list of the admin API (GET /api/v1/customers, core/customers/customers.queries.ts
-- page) and of the customer search of the chat, written by hand like the matching indexes (the trigram
-- index needs an operator class the Prisma schema language cannot name). Measured by bench/api (see
-- docs/benchmarks/api.md): without them a page of 50 of an office with 100,000 customers is a sequential
-- scan and a sort of the whole office.
-- (No apostrophes or semicolons inside comments here: the script runner splits statements naively.)
--
-- A page is read newest first (or oldest first) in the order (created_at, id) or (updated_at, id), and the
-- next page starts after the last row seen: both orders walk an index of the office and stop after the page.
-- A page sorted by name uses customers_organization_id_name_idx (ties by id are sorted incrementally).

CREATE INDEX "customers_organization_id_created_at_id_idx" ON "customers" ("organization_id", "created_at", "id");

CREATE INDEX "customers_organization_id_updated_at_id_idx" ON "customers" ("organization_id", "updated_at", "id");

-- The search on a part of the name (search_name LIKE %text%, the folded name) finds its rows through
-- trigrams instead of reading every customer of the office: a rare name is found at once, a common one
-- is still read in the order of the page. pg_trgm ships with PostgreSQL (contrib) and is a trusted
-- extension: the owner of the database may create it.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE INDEX "customers_search_name_trgm_idx" ON "customers" USING gin ("search_name" gin_trgm_ops);
