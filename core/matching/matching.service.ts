// Smart matching runs: the `matching.run` job calls matchOffer or matchRequest whenever an offer or a
// request is created or changed. A run loads its subject, asks the repository for candidates (found in
// SQL, see matching.repo.prisma.ts), scores each with scoreMatch using the nearby districts of the
// organization the match is for, stores the matches (one per offer, request and broker) and returns the
// ones that are new, grouped by broker, so the caller tells each broker once ("٣ فرص جديدة").
//
// Idempotent: a repeated run stores nothing new and returns nothing. A match the broker accepted or
// rejected keeps its status; its score and reasons follow the latest offer and request. A subject that is
// no longer active (withdrawn, paused, closed, expired) gets no new matches, and its pending ones expire;
// so do the pending ones of a live subject whose pair stopped matching (a price, a type, the sharing
// changed). An expired match that matches again is pending again, and new to its broker.
//
// The broker answers a match with accept or reject (properties.edit); accepting one across offices
// reveals the other side. Both answers and the reveal are audited.
import { type AnalyticsSink, noAnalytics } from '../analytics/events.ts';
import { audit } from '../audit/audit.ts';
import type { DbTx } from '../db/client.ts';
import type { Clock } from '../shared/clock.ts';
import { err, ok, type Result } from '../shared/result.ts';
import { type Scope, systemScope } from '../shared/scope.ts';
import { authorize } from '../teams/authorize.ts';
import { type EventSink, noEvents } from '../webhooks/events.ts';
import { ownMatches } from './matching.queries.ts';
import { createPrismaMatchingRepo } from './matching.repo.prisma.ts';
import type {
  DistrictNeighborRow,
  MatchingRepo,
  MatchRow,
  OfferSubject,
  RequestSubject,
  StoredMatch,
} from './matching.repo.ts';
import { type MatchedFeature, type MatchOffer, type MatchRequest, type NearbyDistricts, scoreMatch } from './score.ts';

export interface MatchingDeps {
  db: DbTx;
  clock: Clock;
  /** defaults to the Prisma repository over `db` */
  repo?: MatchingRepo;
  /** candidates per run, at most CANDIDATE_LIMIT (the default) */
  candidateLimit?: number;
  /** outgoing webhook events (core/webhooks/events.ts) */
  events?: EventSink;
  /** analytics events (core/analytics/events.ts) */
  analytics?: AnalyticsSink;
}

export interface NewMatch {
  id: string;
  offerId: string;
  requestId: string;
  score: number;
  matched: MatchedFeature[];
}

/** The new matches of one broker, best first. */
export interface BrokerMatches {
  brokerId: string;
  organizationId: string;
  matches: NewMatch[];
}

export type MatchingService = ReturnType<typeof createMatchingService>;

/** The other office's side of an accepted match, revealed to the broker who accepted it. */
export interface RevealedContacts {
  /** the listing's broker and owner, when the offer is another office's */
  listing?: { brokerName?: string; brokerPhone?: string; ownerName?: string; ownerPhone?: string };
  /** the seeker, when the request is another office's */
  client?: { name: string | null; phone: string | null };
}

export type MatchErrorCode = 'MATCH.NOT_FOUND';

const isLive = (subject: OfferSubject | RequestSubject, now: Date) =>
  subject.status === 'active' && (subject.expiresAt === null || subject.expiresAt.getTime() > now.getTime());

/** A shared offer reaches other organizations while brokers can still take it on (max_brokers). */
export const onMarketplace = (offer: Pick<OfferSubject, 'isShared' | 'acceptedCount' | 'maxBrokers'>) =>
  offer.isShared && offer.acceptedCount < offer.maxBrokers;

/** Whether the score of this pair could look at nearby districts (so the neighbor rows are worth loading). */
const needsNeighbors = (offer: MatchOffer, request: MatchRequest) =>
  !!offer.district && request.districts.length > 0 && !request.districts.includes(offer.district);

const key = (city: string, a: string, b: string) => `${city}\u0000${a}\u0000${b}`;

/** Per organization, the nearby test score.ts expects, read both ways and within the city. */
function nearbyByOrganization(
  rows: readonly DistrictNeighborRow[],
): (organizationId: string) => NearbyDistricts | undefined {
  const pairs = new Map<string, Set<string>>();
  for (const row of rows) {
    let set = pairs.get(row.organizationId);
    if (!set) {
      set = new Set();
      pairs.set(row.organizationId, set);
    }
    set.add(key(row.city, row.district, row.nearDistrict));
  }
  return (organizationId) => {
    const set = pairs.get(organizationId);
    if (!set) return undefined;
    return (offerDistrict, requested, city) =>
      set.has(key(city, requested, offerDistrict)) || set.has(key(city, offerDistrict, requested));
  };
}

/** Groups the new matches by broker; brokers with the best match first, each broker's matches best first. */
function byBroker(stored: readonly StoredMatch[]): BrokerMatches[] {
  const groups = new Map<string, BrokerMatches>();
  const sorted = [...stored].sort((a, b) => b.score - a.score || a.id.localeCompare(b.id));
  for (const m of sorted) {
    let group = groups.get(m.brokerId);
    if (!group) {
      group = { brokerId: m.brokerId, organizationId: m.organizationId, matches: [] };
      groups.set(m.brokerId, group);
    }
    group.matches.push({ id: m.id, offerId: m.offerId, requestId: m.requestId, score: m.score, matched: m.matched });
  }
  return [...groups.values()];
}

export function createMatchingService({
  db,
  clock,
  repo = createPrismaMatchingRepo(db),
  candidateLimit,
  events = noEvents,
  analytics = noAnalytics,
}: MatchingDeps) {
  /** match.created to each organization's webhooks: the matches new to their brokers (an expired one matching again too). */
  async function announce(saved: readonly StoredMatch[]) {
    const byOrganization = new Map<string, StoredMatch[]>();
    for (const m of saved) byOrganization.set(m.organizationId, [...(byOrganization.get(m.organizationId) ?? []), m]);
    for (const [organizationId, matches] of byOrganization) {
      await events.emit(
        systemScope(organizationId),
        'match.created',
        matches.map((m) => ({
          match: {
            id: m.id,
            offerId: m.offerId,
            requestId: m.requestId,
            brokerId: m.brokerId,
            score: m.score,
            matchedFeatures: m.matched.map((f) => ({ feature: f.feature, points: f.points, basis: f.basis })),
          },
        })),
      );
      await analytics.record(
        systemScope(organizationId),
        matches.map((m) => ({
          type: 'match.created' as const,
          userId: m.brokerId,
          entity: { type: 'smart_match', id: m.id },
          properties: { score: m.score, offerId: m.offerId, requestId: m.requestId },
        })),
      );
    }
  }

  async function neighbors(pairs: ReadonlyArray<{ offer: MatchOffer; request: MatchRequest; organizationId: string }>) {
    const organizations = new Set<string>();
    const cities = new Set<string>();
    for (const p of pairs) {
      if (!needsNeighbors(p.offer, p.request)) continue;
      organizations.add(p.organizationId);
      cities.add(p.offer.city);
    }
    const rows = organizations.size ? await repo.districtNeighbors([...organizations], [...cities]) : [];
    return nearbyByOrganization(rows);
  }

  async function score(
    pairs: ReadonlyArray<{
      offer: MatchOffer & { id: string };
      request: MatchRequest & { id: string };
      organizationId: string;
      brokerId: string;
    }>,
  ): Promise<MatchRow[]> {
    const nearby = await neighbors(pairs);
    const rows: MatchRow[] = [];
    for (const p of pairs) {
      const result = scoreMatch(p.offer, p.request, { nearby: nearby(p.organizationId) });
      if (!result.isMatch) continue;
      rows.push({
        organizationId: p.organizationId,
        offerId: p.offer.id,
        requestId: p.request.id,
        brokerId: p.brokerId,
        score: result.score,
        matched: result.matched,
        algorithmVersion: result.version,
      });
    }
    return rows;
  }

  /** Records the broker's answer; null when the match is not his. */
  async function respond(scope: Scope, matchId: string, status: 'accepted' | 'rejected') {
    const match = await db.smartMatch.findFirst({
      where: { id: matchId, ...ownMatches(scope) },
      include: {
        offer: { select: { organizationId: true, fullDetails: true } },
        request: { select: { organizationId: true, customer: { select: { name: true, phone: true } } } },
      },
    });
    if (!match) return null;
    await db.smartMatch.updateMany({
      where: { id: match.id, organizationId: scope.organizationId },
      data: { status, respondedAt: clock.now() },
    });
    await audit(db, scope, {
      action: status === 'accepted' ? 'match.accepted' : 'match.rejected',
      entityType: 'smart_match',
      entityId: match.id,
      details: { offerId: match.offerId, requestId: match.requestId },
    });
    return match;
  }

  async function auditReveal(scope: Scope, entityType: 'offer' | 'request', entityId: string, matchId: string) {
    await audit(db, scope, {
      action: 'marketplace.contact_revealed',
      entityType,
      entityId,
      details: { via: 'smart_match', matchId },
      always: true,
    });
  }

  return {
    /** Matches one offer against the requests in its scope; returns the new matches by broker. */
    async matchOffer(offerId: string): Promise<BrokerMatches[]> {
      const offer = await repo.findOffer(offerId);
      if (!offer) return [];
      const now = clock.now();
      if (!isLive(offer, now)) {
        await repo.expirePending({ offerId }, now);
        return [];
      }
      const scope = { organizationId: offer.organizationId, includeMarketplace: onMarketplace(offer), now };
      const candidates = await repo.candidateRequestsForOffer(offer, { ...scope, limit: candidateLimit });
      const rows = await score(
        candidates.map((request) => ({
          offer,
          request,
          organizationId: request.organizationId,
          brokerId: request.brokerId,
        })),
      );
      const saved = await repo.saveMatches(rows, now);
      await announce(saved);
      await repo.expireStale({ offer }, scope, rows);
      return byBroker(saved);
    },

    /**
     * The broker takes the match on. Another office's side (its listing's broker and owner, or its
     * client) stays private in the marketplace until now; it is revealed, and the reveal audited.
     */
    async accept(scope: Scope, matchId: string): Promise<Result<RevealedContacts, MatchErrorCode>> {
      authorize(scope, 'properties', 'edit', 'match.accept');
      const match = await respond(scope, matchId, 'accepted');
      if (!match) return err('MATCH.NOT_FOUND');
      const revealed: RevealedContacts = {};
      if (match.offer.organizationId !== scope.organizationId) {
        revealed.listing = match.offer.fullDetails as RevealedContacts['listing'];
        await auditReveal(scope, 'offer', match.offerId, match.id);
      }
      if (match.request.organizationId !== scope.organizationId) {
        revealed.client = { name: match.request.customer?.name ?? null, phone: match.request.customer?.phone ?? null };
        await auditReveal(scope, 'request', match.requestId, match.id);
      }
      return ok(revealed);
    },

    /** The broker was told of these matches (a match alert is announced once). */
    async markNotified(scope: Scope, matchIds: readonly string[]): Promise<void> {
      await db.smartMatch.updateMany({
        where: { id: { in: [...matchIds] }, organizationId: scope.organizationId },
        data: { notifiedAt: clock.now() },
      });
    },

    async reject(scope: Scope, matchId: string): Promise<Result<true, MatchErrorCode>> {
      authorize(scope, 'properties', 'edit', 'match.reject');
      return (await respond(scope, matchId, 'rejected')) ? ok(true) : err('MATCH.NOT_FOUND');
    },

    /** Matches one request against the offers in its scope; returns the new matches (of its broker). */
    async matchRequest(requestId: string): Promise<BrokerMatches[]> {
      const request = await repo.findRequest(requestId);
      if (!request) return [];
      const now = clock.now();
      if (!isLive(request, now)) {
        await repo.expirePending({ requestId }, now);
        return [];
      }
      const brokerId = request.brokerId;
      // Nobody to tell: the request has neither a broker nor a customer assigned to one.
      if (!brokerId) {
        await repo.expirePending({ requestId }, now);
        return [];
      }
      const scope = { organizationId: request.organizationId, includeMarketplace: true, now };
      const candidates = await repo.candidateOffersForRequest(request, { ...scope, limit: candidateLimit });
      const rows = await score(
        candidates.map((offer) => ({ offer, request, organizationId: request.organizationId, brokerId })),
      );
      const saved = await repo.saveMatches(rows, now);
      await announce(saved);
      await repo.expireStale({ request }, scope, rows);
      return byBroker(saved);
    },
  };
}
