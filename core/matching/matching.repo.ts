// The matching repository port: loading the subject of a run, finding its candidates, and storing matches.
import type { MatchedFeature, MatchOffer, MatchRequest } from './score.ts';

/** Offer or request lifecycle (`market_status`); only `active` ones are matched. */
export type MarketStatus = 'draft' | 'active' | 'paused' | 'closed' | 'expired';

export interface OfferSubject extends MatchOffer {
  readonly id: string;
  readonly organizationId: string;
  readonly status: MarketStatus;
  readonly isShared: boolean;
  readonly maxBrokers: number;
  readonly acceptedCount: number;
  readonly expiresAt: Date | null;
}

export interface RequestSubject extends MatchRequest {
  readonly id: string;
  readonly organizationId: string;
  readonly status: MarketStatus;
  readonly isShared: boolean;
  /** the broker to notify: the request's user, else the assignee of its customer; null when neither */
  readonly brokerId: string | null;
  readonly expiresAt: Date | null;
}

/** A request that may match an offer, with the broker a match is for. */
export interface RequestCandidate extends MatchRequest {
  readonly id: string;
  /** the request's organization: the organization of the match */
  readonly organizationId: string;
  /** requests.user_id, else customers.assigned_to_id (requests with neither are not candidates) */
  readonly brokerId: string;
  readonly isShared: boolean;
  readonly createdAt: Date;
}

/** An offer that may match a request. */
export interface OfferCandidate extends MatchOffer {
  readonly id: string;
  readonly organizationId: string;
  readonly isShared: boolean;
  readonly createdAt: Date;
}

export interface CandidateScope {
  /** the subject's organization: its own offers or requests are always in scope */
  readonly organizationId: string;
  /**
   * Whether other organizations are in scope too. For an offer: requests of every organization (set it
   * only for a shared offer with room for more brokers). For a request: the shared offers of other
   * organizations that still have room for more brokers.
   */
  readonly includeMarketplace: boolean;
  /** offers or requests past their `expires_at` at this time are left out */
  readonly now: Date;
  /** at most this many candidates, newest first; default and maximum `CANDIDATE_LIMIT` */
  readonly limit?: number;
}

/**
 * The cap on candidates per run. A broker acts on the best few matches of a new listing or request, not
 * on hundreds; the cap bounds the work of one run (rows read, scored, written and notified) whatever the
 * size of the market, which is what keeps a run within its latency budget. Newest first: a recent
 * request or listing is the likeliest to still be live.
 */
export const CANDIDATE_LIMIT = 500;

export interface DistrictNeighborRow {
  readonly organizationId: string;
  readonly city: string;
  readonly district: string;
  readonly nearDistrict: string;
}

/** One scored pair to store: the match is for `brokerId`, in `organizationId` (the request's). */
export interface MatchRow {
  readonly organizationId: string;
  readonly offerId: string;
  readonly requestId: string;
  readonly brokerId: string;
  readonly score: number;
  readonly matched: readonly MatchedFeature[];
  readonly algorithmVersion: string;
}

export interface StoredMatch {
  readonly id: string;
  readonly organizationId: string;
  readonly offerId: string;
  readonly requestId: string;
  readonly brokerId: string;
  readonly score: number;
  readonly matched: MatchedFeature[];
}

export interface MatchingRepo {
  findOffer(id: string): Promise<OfferSubject | null>;
  findRequest(id: string): Promise<RequestSubject | null>;
  /** Active requests the offer may match (see matching.repo.prisma.ts for the exact test). */
  candidateRequestsForOffer(offer: MatchOffer, scope: CandidateScope): Promise<RequestCandidate[]>;
  /** Active offers the request may match. */
  candidateOffersForRequest(request: MatchRequest, scope: CandidateScope): Promise<OfferCandidate[]>;
  /** The nearby-district rows of these organizations in these cities. */
  districtNeighbors(organizationIds: readonly string[], cities: readonly string[]): Promise<DistrictNeighborRow[]>;
  /**
   * Stores the matches: inserts the new ones (pending), refreshes score and features of existing ones
   * without touching their status, and makes expired ones pending again. Returns the matches that are
   * new to their broker: inserted now, or pending again after having expired.
   */
  saveMatches(rows: readonly MatchRow[], now: Date): Promise<StoredMatch[]>;
  /** Expires the pending matches of an offer or a request that stopped being active. */
  expirePending(subject: { offerId: string } | { requestId: string }, now: Date): Promise<number>;
  /**
   * Expires the pending matches of a live offer or request whose pair no longer passes the candidate
   * test (a price, a type, a city or the sharing changed), or whose broker is no longer the request's.
   * `scope` is the one of its candidate search; `current` the pairs this run matched (skipped: they pass).
   * Returns how many expired.
   */
  expireStale(
    subject: { offer: OfferSubject } | { request: RequestSubject },
    scope: CandidateScope,
    current: readonly MatchRow[],
  ): Promise<number>;
}
