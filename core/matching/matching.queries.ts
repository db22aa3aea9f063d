// Reads of a broker's smart matches. A match belongs to the broker of its request, in the organization
// it was made for; the other office's private details are never read here (see accept in
// matching.service.ts, the one place they are revealed).
import type { DbTx } from '../db/client.ts';
import type { Scope } from '../shared/scope.ts';
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

export function createMatchingQueries({ db }: { db: DbTx }) {
  return {
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
