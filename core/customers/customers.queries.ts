// Reads of customers for lists (the admin API): a page of the customers the scope sees, with filters,
// in a keyset order (core/shared/keyset.ts), and a customer's history (activities, interactions,
// follow-ups). Visibility and privacy are those of customers.service.ts: a member reaches the customers
// assigned to the users he sees (or to nobody); the phone is masked unless he is the customer's broker
// or sees the whole office (core/teams/privacy.ts). A customer he does not see is null, like a
// customer that does not exist.
import { type DbTx, Prisma } from '../db/client.ts';
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
import { toE164 } from '../shared/phone.ts';
import type { Scope } from '../shared/scope.ts';
import { foldForSearch } from '../shared/text.ts';
import { visibleSql } from '../shared/visible-sql.ts';
import { sees } from '../teams/authorize.ts';
import { shownPhone } from '../teams/privacy.ts';
import type { Customer, CustomerCategory, CustomerStatus } from './customers.types.ts';

export const CUSTOMER_SORTS = {
  createdAt: { column: 'created_at', kind: 'timestamp' },
  updatedAt: { column: 'updated_at', kind: 'timestamp' },
  name: { column: 'name', kind: 'text' },
} as const satisfies Record<string, SortColumn>;
export type CustomerSort = keyof typeof CUSTOMER_SORTS;

export interface CustomerFilters {
  status?: CustomerStatus[];
  category?: CustomerCategory[];
  /** assigned to these members (within those the scope sees) */
  assignedToIds?: string[];
  /** a preferred city */
  city?: string;
  /** a wanted property type */
  propertyType?: string;
  /** a budget overlapping this range (SAR) */
  budgetMin?: number;
  budgetMax?: number;
  createdFrom?: Date;
  createdTo?: Date;
  /** a phone (any spelling: exact match) or a part of the name (any spelling of the Arabic letters) */
  q?: string;
}

const HISTORY_SORTS = {
  createdAt: { column: 'created_at', kind: 'timestamp' },
} as const satisfies Record<string, SortColumn>;

const likeEscape = (s: string) => s.replace(/[\\%_]/g, (m) => `\\${m}`);

/** The customer as the scope may read him: the phone masked unless he is the scope's to call. */
export function presentCustomer(scope: Scope, c: Customer): Customer {
  const phone = shownPhone(scope, c.phone, [c.assignedToId]);
  return phone === c.phone ? c : { ...c, phone };
}

export function createCustomersQueries({ db }: { db: DbTx }) {
  function filtersSql(scope: Scope, f: CustomerFilters): Prisma.Sql {
    const parts: Prisma.Sql[] = [visibleSql(scope, 'c.assigned_to_id', f.assignedToIds)];
    // a deleted customer (status inactive, a soft delete) is listed only when asked for by status
    if (f.status?.length) {
      // compared as the enum, not as text: the planner then knows how many rows a status holds (as
      // text it guesses 0.5% and, with a name search, reads every match by trigram instead of the page)
      parts.push(Prisma.sql` AND c.status IN (${Prisma.join(f.status.map((s) => Prisma.sql`${s}::customer_status`))})`);
    } else parts.push(Prisma.sql` AND c.status <> 'inactive'::customer_status`);
    if (f.category?.length) {
      parts.push(
        Prisma.sql` AND c.category IN (${Prisma.join(f.category.map((k) => Prisma.sql`${k}::customer_category`))})`,
      );
    }
    if (f.city) parts.push(Prisma.sql` AND ${f.city}::text = ANY(c.preferred_cities)`);
    if (f.propertyType) parts.push(Prisma.sql` AND ${f.propertyType}::text = ANY(c.property_types)`);
    if (f.budgetMin !== undefined || f.budgetMax !== undefined) {
      // a customer without any budget is not in a budget range
      parts.push(Prisma.sql` AND (c.budget_min IS NOT NULL OR c.budget_max IS NOT NULL)`);
    }
    if (f.budgetMin !== undefined) {
      parts.push(Prisma.sql` AND (c.budget_max IS NULL OR c.budget_max >= ${f.budgetMin}::int)`);
    }
    if (f.budgetMax !== undefined) {
      parts.push(Prisma.sql` AND (c.budget_min IS NULL OR c.budget_min <= ${f.budgetMax}::int)`);
    }
    if (f.createdFrom) parts.push(Prisma.sql` AND c.created_at >= ${f.createdFrom}::timestamptz`);
    if (f.createdTo) parts.push(Prisma.sql` AND c.created_at < ${f.createdTo}::timestamptz`);
    const q = f.q?.trim();
    if (q) {
      const phone = /\d{6,}/.test(q.replace(/[\s-]/g, '')) ? toE164(q) : undefined;
      if (phone) parts.push(Prisma.sql` AND c.phone = ${phone}`);
      else parts.push(Prisma.sql` AND c.search_name LIKE ${`%${likeEscape(foldForSearch(q))}%`}`);
    }
    return Prisma.join(parts, '');
  }

  /** A customer of the organization the scope sees (null otherwise), as the scope may read him. */
  async function visible(scope: Scope, id: string): Promise<Customer | null> {
    const found = (await db.customer.findFirst({
      where: { id, organizationId: scope.organizationId },
    })) as Customer | null;
    return found && sees(scope, found.assignedToId) ? found : null;
  }

  return {
    /**
     * How many customers the scope sees, by status («كم عميل عندي»), of `assignedToIds` when given (a
     * broker's own); deleted ones (inactive) left out.
     */
    async statusCounts(scope: Scope, assignedToIds?: string[]): Promise<Partial<Record<CustomerStatus, number>>> {
      const rows = await db.$queryRaw<Array<{ status: CustomerStatus; n: number }>>`
        SELECT c.status::text AS status, count(*)::int AS n FROM customers c
        WHERE c.organization_id = ${scope.organizationId}::uuid${filtersSql(scope, { assignedToIds })}
        GROUP BY c.status`;
      return Object.fromEntries(rows.map((r) => [r.status, r.n]));
    },

    /** A page of the customers the scope sees, filtered, in the requested order. */
    async page(scope: Scope, f: CustomerFilters, req: PageRequest<CustomerSort>): Promise<Page<Customer>> {
      const sort = CUSTOMER_SORTS[req.sort];
      const keys = await db.$queryRaw<Array<{ id: string; k: unknown }>>`
        SELECT c.id, ${keyExpr(sort, 'c')} AS k FROM customers c
        WHERE c.organization_id = ${scope.organizationId}::uuid${filtersSql(scope, f)}${keysetAfter(sort, req.direction, 'c', req.after)}
        ${keysetOrder(sort, req.direction, 'c')} LIMIT ${req.limit + 1}`;
      const page = toPage(keys, req.limit);
      const ids = page.items.map((r) => r.id);
      const rows = ids.length
        ? ((await db.customer.findMany({
            where: { id: { in: ids }, organizationId: scope.organizationId },
          })) as Customer[])
        : [];
      return { items: inOrder(ids, rows).map((c) => presentCustomer(scope, c)), next: page.next };
    },

    /** Whether `userId` is an active member of the organization (an assignee must be). */
    async isActiveMember(scope: Scope, userId: string): Promise<boolean> {
      const user = await db.user.findFirst({
        where: { id: userId, organizationId: scope.organizationId, status: 'active' },
        select: { id: true },
      });
      return user !== null;
    },

    /** The customer's activity log (newest first by default); null when the scope does not see him. */
    async activities(scope: Scope, customerId: string, req: PageRequest<'createdAt'>, type?: string) {
      if (!(await visible(scope, customerId))) return null;
      const sort = HISTORY_SORTS[req.sort];
      const keys = await db.$queryRaw<Array<{ id: string; k: unknown }>>`
        SELECT c.id, ${keyExpr(sort, 'c')} AS k FROM customer_activities c
        WHERE c.organization_id = ${scope.organizationId}::uuid AND c.customer_id = ${customerId}::uuid
          ${type ? Prisma.sql`AND c.type = ${type}` : Prisma.empty}${keysetAfter(sort, req.direction, 'c', req.after)}
        ${keysetOrder(sort, req.direction, 'c')} LIMIT ${req.limit + 1}`;
      const page = toPage(keys, req.limit);
      const ids = page.items.map((r) => r.id);
      const rows = await db.customerActivity.findMany({
        where: { id: { in: ids }, organizationId: scope.organizationId },
        select: { id: true, type: true, description: true, userId: true, createdAt: true },
      });
      return { items: inOrder(ids, rows), next: page.next };
    },

    /** Contacts that happened with the customer; null when the scope does not see him. */
    async interactions(scope: Scope, customerId: string, req: PageRequest<'createdAt'>) {
      if (!(await visible(scope, customerId))) return null;
      const sort = HISTORY_SORTS[req.sort];
      const keys = await db.$queryRaw<Array<{ id: string; k: unknown }>>`
        SELECT c.id, ${keyExpr(sort, 'c')} AS k FROM customer_interactions c
        WHERE c.organization_id = ${scope.organizationId}::uuid AND c.customer_id = ${customerId}::uuid
          ${keysetAfter(sort, req.direction, 'c', req.after)}
        ${keysetOrder(sort, req.direction, 'c')} LIMIT ${req.limit + 1}`;
      const page = toPage(keys, req.limit);
      const ids = page.items.map((r) => r.id);
      const rows = await db.customerInteraction.findMany({
        where: { id: { in: ids }, organizationId: scope.organizationId },
        select: {
          id: true,
          type: true,
          direction: true,
          summary: true,
          outcome: true,
          durationMinutes: true,
          occurredAt: true,
          userId: true,
          createdAt: true,
        },
      });
      return { items: inOrder(ids, rows), next: page.next };
    },

    /**
     * The customer's follow-ups still to do, soonest first, with the task that carries each (his details
     * in chat); empty when the scope does not see him.
     */
    async pendingFollowups(scope: Scope, customerId: string, limit = 3) {
      if (!(await visible(scope, customerId))) return [];
      return db.customerFollowup.findMany({
        where: { organizationId: scope.organizationId, customerId, status: 'pending' },
        orderBy: [{ dueAt: 'asc' }, { id: 'asc' }],
        take: limit,
        select: { id: true, dueAt: true, type: true, task: { select: { id: true, title: true } } },
      });
    },

    /** The customer's latest contact that happened (a call, a viewing's outcome); null when none or not seen. */
    async lastInteraction(scope: Scope, customerId: string) {
      if (!(await visible(scope, customerId))) return null;
      return db.customerInteraction.findFirst({
        where: { organizationId: scope.organizationId, customerId },
        orderBy: [{ occurredAt: 'desc' }, { id: 'desc' }],
        select: { type: true, outcome: true, summary: true, occurredAt: true },
      });
    },

    /** Planned contacts with the customer; null when the scope does not see him. */
    async followups(scope: Scope, customerId: string, req: PageRequest<'createdAt'>) {
      if (!(await visible(scope, customerId))) return null;
      const sort = HISTORY_SORTS[req.sort];
      const keys = await db.$queryRaw<Array<{ id: string; k: unknown }>>`
        SELECT c.id, ${keyExpr(sort, 'c')} AS k FROM customer_followups c
        WHERE c.organization_id = ${scope.organizationId}::uuid AND c.customer_id = ${customerId}::uuid
          ${keysetAfter(sort, req.direction, 'c', req.after)}
        ${keysetOrder(sort, req.direction, 'c')} LIMIT ${req.limit + 1}`;
      const page = toPage(keys, req.limit);
      const ids = page.items.map((r) => r.id);
      const rows = await db.customerFollowup.findMany({
        where: { id: { in: ids }, organizationId: scope.organizationId },
        select: {
          id: true,
          type: true,
          dueAt: true,
          notes: true,
          status: true,
          completedAt: true,
          userId: true,
          taskId: true,
          createdAt: true,
        },
      });
      return { items: inOrder(ids, rows), next: page.next };
    },
  };
}

export type CustomersQueries = ReturnType<typeof createCustomersQueries>;
