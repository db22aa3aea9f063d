// Reads of seekers' requests for lists (the admin API): a page of the office's requests the scope sees,
// filtered, in a keyset order (core/shared/keyset.ts). A member sees the requests he or his teams filed,
// and the ones filed for (or by) customers he sees; the owner and managers see all.
import { type DbTx, Prisma, sql } from '../db/client.ts';
import {
  inOrder,
  keyExpr,
  keysetAfter,
  keysetOrder,
  type Page,
  type PageRequest,
  type SortColumn,
  toPage,
} from '../shared/keyset.ts';
import type { Scope } from '../shared/scope.ts';
import { narrowUsers } from '../teams/authorize.ts';

export const REQUEST_SORTS = {
  createdAt: { column: 'created_at', kind: 'timestamp' },
  updatedAt: { column: 'updated_at', kind: 'timestamp' },
} as const satisfies Record<string, SortColumn>;
export type RequestSort = keyof typeof REQUEST_SORTS;

export const MARKET_STATUSES = ['draft', 'active', 'paused', 'closed', 'expired'] as const;
export type MarketStatus = (typeof MARKET_STATUSES)[number];

export interface RequestFilters {
  status?: MarketStatus[];
  type?: 'sale' | 'rent';
  city?: string;
  propertyType?: string;
  /** a price range overlapping this one (SAR) */
  priceMin?: number;
  priceMax?: number;
  customerId?: string;
  /** filed by these members (within those the scope sees) */
  brokerIds?: string[];
  createdFrom?: Date;
  createdTo?: Date;
}

const REQUEST_SELECT = {
  id: true,
  customerId: true,
  userId: true,
  type: true,
  propertyTypes: true,
  category: true,
  cities: true,
  districts: true,
  priceMin: true,
  priceMax: true,
  areaMin: true,
  areaMax: true,
  bedroomsMin: true,
  bathroomsMin: true,
  urgency: true,
  status: true,
  isShared: true,
  expiresAt: true,
  createdAt: true,
  updatedAt: true,
} as const;

const ids = (list: readonly string[]) => Prisma.join(list.map((u) => Prisma.sql`${u}::uuid`));

/** The requests of `r` the scope sees: filed by its users, or by nobody for a customer it sees. */
function visibleRequestsSql(scope: Scope, brokerIds?: string[]): Prisma.Sql {
  const requested = brokerIds?.length ? brokerIds : undefined;
  const users = narrowUsers(scope, requested);
  if (requested)
    return users === 'all' || users.length
      ? Prisma.sql` AND r.user_id IN (${ids(users === 'all' ? requested : users)})`
      : Prisma.sql` AND false`;
  if (users === 'all') return Prisma.empty;
  const seesCustomer = users.length
    ? Prisma.sql`(c.assigned_to_id IN (${ids(users)}) OR c.assigned_to_id IS NULL)`
    : Prisma.sql`c.assigned_to_id IS NULL`;
  const ownUsers = users.length ? Prisma.sql`r.user_id IN (${ids(users)}) OR ` : Prisma.empty;
  return Prisma.sql` AND (${ownUsers}(r.user_id IS NULL AND (r.customer_id IS NULL OR EXISTS (
    SELECT 1 FROM customers c WHERE c.id = r.customer_id AND ${seesCustomer}))))`;
}

function filtersSql(scope: Scope, f: RequestFilters): Prisma.Sql {
  const parts: Prisma.Sql[] = [visibleRequestsSql(scope, f.brokerIds)];
  if (f.status?.length) parts.push(Prisma.sql` AND r.status::text IN (${Prisma.join(f.status)})`);
  if (f.type) parts.push(Prisma.sql` AND r.type::text = ${f.type}`);
  if (f.city) parts.push(Prisma.sql` AND ${f.city}::text = ANY(r.cities)`);
  if (f.propertyType) parts.push(Prisma.sql` AND ${f.propertyType}::text = ANY(r.property_types::text[])`);
  if (f.priceMin !== undefined || f.priceMax !== undefined)
    parts.push(Prisma.sql` AND (r.price_min IS NOT NULL OR r.price_max IS NOT NULL)`);
  if (f.priceMin !== undefined) parts.push(Prisma.sql` AND (r.price_max IS NULL OR r.price_max >= ${f.priceMin}::int)`);
  if (f.priceMax !== undefined) parts.push(Prisma.sql` AND (r.price_min IS NULL OR r.price_min <= ${f.priceMax}::int)`);
  if (f.customerId) parts.push(Prisma.sql` AND r.customer_id = ${f.customerId}::uuid`);
  if (f.createdFrom) parts.push(Prisma.sql` AND r.created_at >= ${f.createdFrom}::timestamptz`);
  if (f.createdTo) parts.push(Prisma.sql` AND r.created_at < ${f.createdTo}::timestamptz`);
  return Prisma.join(parts, '');
}

export function createRequestsQueries({ db }: { db: DbTx }) {
  return {
    async page(scope: Scope, f: RequestFilters, req: PageRequest<RequestSort>) {
      const sort = REQUEST_SORTS[req.sort];
      const keys = await db.$queryRaw<Array<{ id: string; k: unknown }>>`
        SELECT r.id, ${keyExpr(sort, 'r')} AS k FROM requests r
        WHERE r.organization_id = ${scope.organizationId}::uuid${filtersSql(scope, f)}${keysetAfter(sort, req.direction, 'r', req.after)}
        ${keysetOrder(sort, req.direction, 'r')} LIMIT ${req.limit + 1}`;
      const page = toPage(keys, req.limit);
      const list = page.items.map((r) => r.id);
      const rows = list.length
        ? await db.request.findMany({
            where: { id: { in: list }, organizationId: scope.organizationId },
            select: REQUEST_SELECT,
          })
        : [];
      return { items: inOrder(list, rows), next: page.next } satisfies Page<(typeof rows)[number]>;
    },

    /**
     * The latest active request of each of these customers that the scope sees, by customer (a broker
     * asking «وش الطلبات الجديدة؟» is shown what each of his customers asked).
     */
    async latestActiveOf(scope: Scope, customerIds: readonly string[]) {
      const latest = customerIds.length
        ? await db.$queryRaw<Array<{ id: string }>>`
            SELECT DISTINCT ON (r.customer_id) r.id::text AS id FROM requests r
            WHERE r.organization_id = ${scope.organizationId}::uuid AND r.status = 'active'
              AND r.customer_id IN (${ids(customerIds)})${visibleRequestsSql(scope)}
            ORDER BY r.customer_id, r.created_at DESC`
        : [];
      const rows = latest.length
        ? await db.request.findMany({
            where: { id: { in: latest.map((r) => r.id) }, organizationId: scope.organizationId },
            select: REQUEST_SELECT,
          })
        : [];
      return new Map(rows.map((r) => [r.customerId ?? '', r]));
    },

    /**
     * The newest active requests the scope sees, one per customer (his latest), newest first: a broker
     * asking «وش عندي طلبات؟», "show me the requests".
     */
    async latestActive(scope: Scope, limit: number) {
      const latest = await db.$queryRaw<Array<{ id: string }>>`
        SELECT x.id::text AS id FROM (
          SELECT DISTINCT ON (r.customer_id) r.id, r.created_at FROM requests r
          WHERE r.organization_id = ${scope.organizationId}::uuid AND r.status = 'active'
            AND r.customer_id IS NOT NULL${visibleRequestsSql(scope)}
          ORDER BY r.customer_id, r.created_at DESC) x
        ORDER BY x.created_at DESC, x.id LIMIT ${limit}`;
      const list = latest.map((r) => r.id);
      const rows = list.length
        ? await db.request.findMany({
            where: { id: { in: list }, organizationId: scope.organizationId },
            select: REQUEST_SELECT,
          })
        : [];
      return inOrder(list, rows);
    },

    /** One request the scope sees; null otherwise (like one that does not exist). */
    async get(scope: Scope, id: string) {
      // The visibility test is SQL of its own; a scope that sees every request (the office's owner, a
      // client's own turn, the system) needs only the read below.
      const visible = visibleRequestsSql(scope);
      if (visible !== Prisma.empty) {
        const found = await db.$queryRaw<Array<{ id: string }>>`
          SELECT r.id FROM requests r
          WHERE r.organization_id = ${scope.organizationId}::uuid AND r.id = ${id}::uuid${visible}`;
        if (!found.length) return null;
      }
      // Straight on pg (sql()): a client's every addition to his request reads it. The columns are
      // REQUEST_SELECT's, named and typed as Prisma gives them (enums as text).
      const [row] = await sql(db)<Prisma.RequestGetPayload<{ select: typeof REQUEST_SELECT }>>`
        SELECT id::text, customer_id::text AS "customerId", user_id::text AS "userId", type::text,
          property_types::text[] AS "propertyTypes", category::text, cities, districts,
          price_min AS "priceMin", price_max AS "priceMax", area_min AS "areaMin", area_max AS "areaMax",
          bedrooms_min AS "bedroomsMin", bathrooms_min AS "bathroomsMin", urgency::text, status::text,
          is_shared AS "isShared", expires_at AS "expiresAt", created_at AS "createdAt", updated_at AS "updatedAt"
        FROM requests WHERE id = ${id}::uuid AND organization_id = ${scope.organizationId}::uuid`;
      return row ?? null;
    },
  };
}

export type RequestsQueries = ReturnType<typeof createRequestsQueries>;
export type RequestRow = NonNullable<Awaited<ReturnType<RequestsQueries['get']>>>;
