// Reads of a broker's smart matches. A match belongs to the broker of its request, in the organization
// it was made for; the other office's private details are never read here (see accept in
// matching.service.ts, the one place they are revealed).

import { type DbTx, Prisma } from '../db/client.ts';
import {
  inOrder,
  keyExpr,
  keysetAfter,
  keysetOrder,
  type PageRequest,
  type SortColumn,
  toPage,
} from '../shared/keyset.ts';
import { fitsInt4 } from '../shared/limits.ts';
import type { Scope } from '../shared/scope.ts';
import { visibleSql } from '../shared/visible-sql.ts';
import type { MatchedFeature } from './score.ts';

export interface MatchSummary {
  id: string;
  score: number;
  matched: MatchedFeature[];
  offer: { propertyType: string; listingType: string; city: string; district: string | null; price: number };
  customerName: string | null;
}

/** The acting broker's matches in his organization (a scope without a member: the office's). */
export const ownMatches = (scope: Scope) => ({
  organizationId: scope.organizationId,
  ...(scope.userId ? { brokerId: scope.userId } : {}),
});

const SUMMARY = {
  id: true,
  score: true,
  matchedFeatures: true,
  offer: { select: { propertyType: true, listingType: true, city: true, district: true, price: true } },
  request: { select: { customer: { select: { name: true } } } },
} as const;

function toSummary(row: {
  id: string;
  score: number;
  matchedFeatures: unknown;
  offer: MatchSummary['offer'];
  request: { customer: { name: string } | null };
}): MatchSummary {
  return {
    id: row.id,
    score: row.score,
    // written by the matching run from scoreMatch's result
    matched: row.matchedFeatures as MatchedFeature[],
    offer: row.offer,
    customerName: row.request.customer?.name ?? null,
  };
}

export const MATCH_SORTS = {
  createdAt: { column: 'created_at', kind: 'timestamp' },
  score: { column: 'score', kind: 'int' },
} as const satisfies Record<string, SortColumn>;
export type MatchSort = keyof typeof MATCH_SORTS;
export const MATCH_STATUSES = ['pending', 'accepted', 'rejected', 'expired'] as const;

export interface MatchFilters {
  status?: Array<(typeof MATCH_STATUSES)[number]>;
  /** of these brokers (within those the scope sees) */
  brokerIds?: string[];
  minScore?: number;
  offerId?: string;
  requestId?: string;
  createdFrom?: Date;
  createdTo?: Date;
}

/** A match as the lists of the admin API show it: the facts of the offer, never the other side's contacts. */
const LISTED = {
  id: true,
  score: true,
  matchedFeatures: true,
  status: true,
  brokerId: true,
  offerId: true,
  requestId: true,
  notifiedAt: true,
  respondedAt: true,
  createdAt: true,
  updatedAt: true,
  offer: {
    select: {
      organizationId: true,
      propertyType: true,
      listingType: true,
      city: true,
      district: true,
      price: true,
      area: true,
      bedrooms: true,
    },
  },
  request: { select: { organizationId: true, customerId: true } },
} as const;

export function createMatchingQueries({ db }: { db: DbTx }) {
  async function listed(scope: Scope, ids: readonly string[]) {
    if (!ids.length) return [];
    const rows = await db.smartMatch.findMany({
      where: { id: { in: [...ids] }, organizationId: scope.organizationId },
      select: LISTED,
    });
    return inOrder(
      ids,
      rows.map(({ offer: { organizationId: offerOrg, ...offer }, request, ...m }) => ({
        ...m,
        matched: m.matchedFeatures as unknown as MatchedFeature[],
        offer: { ...offer, ownOffice: offerOrg === scope.organizationId },
        // the seeker is named only when he is this office's customer
        customerId: request.organizationId === scope.organizationId ? request.customerId : null,
      })),
    );
  }

  return {
    /** A page of the matches of the brokers the scope sees (his own for a broker). */
    async page(scope: Scope, f: MatchFilters, req: PageRequest<MatchSort>) {
      const sort = MATCH_SORTS[req.sort];
      const parts: Prisma.Sql[] = [visibleSql(scope, 'm.broker_id', f.brokerIds)];
      if (f.status?.length) parts.push(Prisma.sql` AND m.status::text IN (${Prisma.join(f.status)})`);
      if (f.minScore !== undefined) parts.push(Prisma.sql` AND m.score >= ${f.minScore}::int`);
      if (f.offerId) parts.push(Prisma.sql` AND m.offer_id = ${f.offerId}::uuid`);
      if (f.requestId) parts.push(Prisma.sql` AND m.request_id = ${f.requestId}::uuid`);
      if (f.createdFrom) parts.push(Prisma.sql` AND m.created_at >= ${f.createdFrom}::timestamptz`);
      if (f.createdTo) parts.push(Prisma.sql` AND m.created_at < ${f.createdTo}::timestamptz`);
      const keys = await db.$queryRaw<Array<{ id: string; k: unknown }>>`
        SELECT m.id, ${keyExpr(sort, 'm')} AS k FROM smart_matches m
        WHERE m.organization_id = ${scope.organizationId}::uuid${Prisma.join(parts, '')}${keysetAfter(sort, req.direction, 'm', req.after)}
        ${keysetOrder(sort, req.direction, 'm')} LIMIT ${req.limit + 1}`;
      const page = toPage(keys, req.limit);
      return {
        items: await listed(
          scope,
          page.items.map((r) => r.id),
        ),
        next: page.next,
      };
    },

    /** One match of a broker the scope sees; null otherwise. */
    async match(scope: Scope, id: string) {
      const found = await db.$queryRaw<Array<{ id: string }>>`
        SELECT m.id FROM smart_matches m
        WHERE m.organization_id = ${scope.organizationId}::uuid AND m.id = ${id}::uuid${visibleSql(scope, 'm.broker_id')}`;
      return found.length ? ((await listed(scope, [id]))[0] ?? null) : null;
    },

    /** The newest pending matches, best first within the same moment. */
    async pending(scope: Scope, limit = 10): Promise<MatchSummary[]> {
      const rows = await db.smartMatch.findMany({
        where: { ...ownMatches(scope), status: 'pending' },
        orderBy: [{ createdAt: 'desc' }, { score: 'desc' }],
        take: limit,
        select: SUMMARY,
      });
      return rows.map(toSummary);
    },

    /**
     * The matches of these customers' requests the scope sees that are still open (pending, or taken on
     * and not yet closed), best first: "what fits Majed?".
     */
    async forCustomers(scope: Scope, customerIds: readonly string[], limit = 10): Promise<MatchSummary[]> {
      if (customerIds.length === 0) return [];
      const rows = await db.smartMatch.findMany({
        where: {
          ...ownMatches(scope),
          status: { in: ['pending', 'accepted'] },
          request: { customerId: { in: [...customerIds] } },
        },
        orderBy: [{ score: 'desc' }, { createdAt: 'desc' }],
        take: limit,
        select: SUMMARY,
      });
      return rows.map(toSummary);
    },

    /** The open matches of the listing with this reference number, best first: «مين يناسب العقار ١؟». */
    async forProperty(scope: Scope, refNumber: number, limit = 10): Promise<MatchSummary[]> {
      if (!fitsInt4(refNumber)) return [];
      const rows = await db.smartMatch.findMany({
        where: {
          ...ownMatches(scope),
          status: { in: ['pending', 'accepted'] },
          offer: { property: { refNumber, organizationId: scope.organizationId } },
        },
        orderBy: [{ score: 'desc' }, { createdAt: 'desc' }],
        take: limit,
        select: SUMMARY,
      });
      return rows.map(toSummary);
    },

    /** These matches of the organization, in the order of `ids` (the ones found). */
    async summaries(scope: Scope, ids: readonly string[]): Promise<MatchSummary[]> {
      const rows = await db.smartMatch.findMany({
        where: { id: { in: [...ids] }, organizationId: scope.organizationId },
        select: SUMMARY,
      });
      const byId = new Map(rows.map((row) => [row.id, toSummary(row)]));
      return ids.flatMap((id) => byId.get(id) ?? []);
    },

    async get(scope: Scope, matchId: string): Promise<MatchSummary | null> {
      const row = await db.smartMatch.findFirst({ where: { id: matchId, ...ownMatches(scope) }, select: SUMMARY });
      return row ? toSummary(row) : null;
    },
  };
}

export type MatchingQueries = ReturnType<typeof createMatchingQueries>;
export type ListedMatch = NonNullable<Awaited<ReturnType<MatchingQueries['match']>>>;
