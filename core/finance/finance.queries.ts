// Reads of the finance module: which of the office's listings a deal is about, and pages of the deals
// and commissions a member sees (his own and his team's; the office's with crm.viewAll).

import { type CommissionStatus, type DbTx, type ListingType, Prisma, type SaleStatus } from '../db/client.ts';
import type { PropertyType } from '../requests/requests.service.ts';
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
import { fitsInt4 } from '../shared/limits.ts';
import type { Scope } from '../shared/scope.ts';
import { andAll, textList, uuidList } from '../shared/sql-filters.ts';
import { narrowUsers } from '../teams/authorize.ts';

/** What a sale message says about the property: its reference number, or where and what it is. */
export interface SoldPropertyHints {
  ref?: number;
  district?: string;
  city?: string;
  propertyType?: PropertyType;
}

export interface SoldProperty {
  id: string;
  /** as stored: in Arabic */
  title: string;
  refNumber: number;
  ownerCustomerId: string | null;
  /** to name it in English */
  propertyType: PropertyType;
  listingType: 'sale' | 'rent';
  city: string;
  district: string | null;
}

/** What pages of deals sort on (with the id as tie-breaker). */
export const SALE_SORTS = {
  closedAt: { column: 'closed_at', kind: 'timestamp' },
  createdAt: { column: 'created_at', kind: 'timestamp' },
  amount: { column: 'amount', kind: 'int' },
} as const satisfies Record<string, SortColumn>;
export type SaleSort = keyof typeof SALE_SORTS;

/** What pages of commissions sort on (with the id as tie-breaker). */
export const COMMISSION_SORTS = {
  createdAt: { column: 'created_at', kind: 'timestamp' },
  amount: { column: 'amount', kind: 'int' },
} as const satisfies Record<string, SortColumn>;
export type CommissionSort = keyof typeof COMMISSION_SORTS;

export interface SaleFilter {
  /** the brokers who closed them, within the ones the scope sees */
  userIds?: string[];
  dealType?: ListingType;
  status?: SaleStatus[];
  customerId?: string;
  propertyId?: string;
  /** closed at or after */
  from?: Date;
  /** closed before */
  to?: Date;
}

export interface CommissionFilter {
  /** the brokers they are owed to, within the ones the scope sees */
  userIds?: string[];
  saleId?: string;
  status?: CommissionStatus[];
  /** created at or after */
  from?: Date;
  /** created before */
  to?: Date;
}

/** What a sale is shown with: its broker, customer and property (names, no phone) and its commissions. */
export const saleInclude = {
  user: { select: { id: true, name: true } },
  customer: { select: { id: true, name: true } },
  property: { select: { id: true, refNumber: true, title: true } },
  commissions: {
    select: { id: true, userId: true, rate: true, amount: true, status: true },
    orderBy: { createdAt: 'asc' },
  },
} as const;

export const commissionInclude = {
  user: { select: { id: true, name: true } },
  sale: { select: { id: true, amount: true, dealType: true, closedAt: true, status: true } },
} as const;

export type SaleDetails = Prisma.SaleGetPayload<{ include: typeof saleInclude }>;
export type CommissionDetails = Prisma.CommissionGetPayload<{ include: typeof commissionInclude }>;

/** The brokers a read is about: those asked for (none: everyone), narrowed to whom the scope sees. */
function brokersWhere(scope: Scope, requested?: string[]) {
  const users = narrowUsers(scope, requested);
  return users === 'all' ? {} : { userId: { in: users } };
}

/** The same, as SQL on `alias.user_id`; undefined when the read covers everyone. */
function brokersSql(scope: Scope, alias: string, requested?: string[]) {
  const users = narrowUsers(scope, requested);
  return users === 'all' ? undefined : Prisma.sql`${Prisma.raw(`${alias}.user_id`)} IN ${uuidList(users)}`;
}

export function createFinanceQueries({ db }: { db: DbTx }) {
  return {
    /** One page of the deals the scope sees (closed by brokers it sees), in the page's order then by id. */
    async sales(scope: Scope, filter: SaleFilter, page: PageRequest<SaleSort>): Promise<Page<SaleDetails>> {
      const sort = SALE_SORTS[page.sort];
      const keys = await db.$queryRaw<Array<{ id: string; k: unknown }>>`
        SELECT s.id::text AS id, ${keyExpr(sort, 's')} AS k
        FROM sales s
        WHERE s.organization_id = ${scope.organizationId}::uuid${andAll([
          brokersSql(scope, 's', filter.userIds),
          filter.dealType && Prisma.sql`s.deal_type::text = ${filter.dealType}`,
          filter.status?.length && Prisma.sql`s.status::text IN ${textList(filter.status)}`,
          filter.customerId && Prisma.sql`s.customer_id = ${filter.customerId}::uuid`,
          filter.propertyId && Prisma.sql`s.property_id = ${filter.propertyId}::uuid`,
          filter.from && Prisma.sql`s.closed_at >= ${filter.from}`,
          filter.to && Prisma.sql`s.closed_at < ${filter.to}`,
        ])}${keysetAfter(sort, page.direction, 's', page.after)}
        ${keysetOrder(sort, page.direction, 's')}
        LIMIT ${page.limit + 1}`;
      const { items, next } = toPage(keys, page.limit);
      const ids = items.map((r) => r.id);
      const rows = await db.sale.findMany({
        where: { id: { in: ids }, organizationId: scope.organizationId },
        include: saleInclude,
      });
      return { items: inOrder(ids, rows), next };
    },

    /** One deal the scope sees (closed by a broker it sees), or null. */
    async sale(scope: Scope, saleId: string) {
      return db.sale.findFirst({
        where: { id: saleId, organizationId: scope.organizationId, ...brokersWhere(scope) },
        include: saleInclude,
      });
    },

    /** One page of the commissions the scope sees (owed to brokers it sees), in the page's order then by id. */
    async commissions(
      scope: Scope,
      filter: CommissionFilter,
      page: PageRequest<CommissionSort>,
    ): Promise<Page<CommissionDetails>> {
      const sort = COMMISSION_SORTS[page.sort];
      const keys = await db.$queryRaw<Array<{ id: string; k: unknown }>>`
        SELECT m.id::text AS id, ${keyExpr(sort, 'm')} AS k
        FROM commissions m
        WHERE m.organization_id = ${scope.organizationId}::uuid${andAll([
          brokersSql(scope, 'm', filter.userIds),
          filter.saleId && Prisma.sql`m.sale_id = ${filter.saleId}::uuid`,
          filter.status?.length && Prisma.sql`m.status::text IN ${textList(filter.status)}`,
          filter.from && Prisma.sql`m.created_at >= ${filter.from}`,
          filter.to && Prisma.sql`m.created_at < ${filter.to}`,
        ])}${keysetAfter(sort, page.direction, 'm', page.after)}
        ${keysetOrder(sort, page.direction, 'm')}
        LIMIT ${page.limit + 1}`;
      const { items, next } = toPage(keys, page.limit);
      const ids = items.map((r) => r.id);
      const rows = await db.commission.findMany({
        where: { id: { in: ids }, organizationId: scope.organizationId },
        include: commissionInclude,
      });
      return { items: inOrder(ids, rows), next };
    },

    /**
     * The office's active listing the sale is about: the one with that reference number, else the only
     * one at that place of that type. Null when none or several fit (a guess would close the wrong one).
     */
    async soldProperty(scope: Scope, hints: SoldPropertyHints): Promise<SoldProperty | null> {
      const active = await this.findSold(scope, hints, ['active']);
      if (active) return active;
      // "بعنا فيلا النرجس" again after it was recorded: the listing already sold is the one meant, so
      // that the sale is recognised as recorded instead of stored twice
      return this.findSold(scope, hints, ['sold', 'rented']);
    },

    async findSold(
      scope: Scope,
      hints: SoldPropertyHints,
      statuses: Array<'active' | 'sold' | 'rented'>,
    ): Promise<SoldProperty | null> {
      const where = { organizationId: scope.organizationId, status: { in: statuses } };
      const select = {
        id: true,
        title: true,
        refNumber: true,
        ownerCustomerId: true,
        propertyType: true,
        listingType: true,
        city: true,
        district: true,
      };
      // a reference number beyond int4 is no property (and would fail the query)
      if (hints.ref)
        return fitsInt4(hints.ref)
          ? db.property.findFirst({ where: { ...where, refNumber: hints.ref }, select })
          : null;
      if (!hints.district && !hints.propertyType && !hints.city) return null;
      const found = await db.property.findMany({
        where: {
          ...where,
          ...(hints.district ? { district: hints.district } : {}),
          ...(hints.city ? { city: hints.city } : {}),
          ...(hints.propertyType ? { propertyType: hints.propertyType } : {}),
        },
        take: 2,
        select,
      });
      return found.length === 1 ? found[0]! : null;
    },
  };
}

export type FinanceQueries = ReturnType<typeof createFinanceQueries>;
