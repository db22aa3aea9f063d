// /matches: smart matches between the office's requests and offers (its own, or shared by other offices).
// A match is its broker's to answer: accepting one across offices reveals the other side's contacts to
// him (and only then), and the reveal is audited; the list shows the offer's facts, never contacts.
import { type ListedMatch, MATCH_SORTS, MATCH_STATUSES } from '../../../core/matching/matching.queries.ts';
import { authorize } from '../../../core/teams/authorize.ts';
import { answer, defineResource, failure, fromResult, operation } from '../kit.ts';
import { csv, IdParams, iso, isoOrNull, pageOf, pageQuery, sortQuery, Timestamp, z } from '../schemas.ts';

const Match = z
  .object({
    id: z.uuid(),
    score: z.number().int().openapi({ description: '0–100' }),
    matchedFeatures: z.array(z.object({ feature: z.string(), points: z.number(), basis: z.string() })),
    status: z.enum(MATCH_STATUSES),
    brokerId: z.uuid(),
    offerId: z.uuid(),
    requestId: z.uuid(),
    customerId: z.uuid().nullable().openapi({ description: "the seeker, when he is this office's customer" }),
    offer: z.object({
      ownOffice: z.boolean().openapi({ description: "false: another office's shared offer" }),
      propertyType: z.string(),
      listingType: z.string(),
      city: z.string(),
      district: z.string().nullable(),
      price: z.number().int(),
      area: z.number().int().nullable(),
      bedrooms: z.number().int().nullable(),
    }),
    notifiedAt: Timestamp.nullable(),
    respondedAt: Timestamp.nullable(),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .openapi('Match');

const matchJson = (m: ListedMatch) => ({
  id: m.id,
  score: m.score,
  matchedFeatures: m.matched.map((f) => ({ feature: f.feature, points: f.points, basis: String(f.basis) })),
  status: m.status,
  brokerId: m.brokerId,
  offerId: m.offerId,
  requestId: m.requestId,
  customerId: m.customerId,
  offer: m.offer,
  notifiedAt: isoOrNull(m.notifiedAt),
  respondedAt: isoOrNull(m.respondedAt),
  createdAt: iso(m.createdAt),
  updatedAt: iso(m.updatedAt),
});

const Revealed = z
  .object({
    match: Match,
    revealed: z
      .object({
        listing: z
          .object({
            brokerName: z.string().optional(),
            brokerPhone: z.string().optional(),
            ownerName: z.string().optional(),
            ownerPhone: z.string().optional(),
          })
          .optional(),
        client: z.object({ name: z.string().nullable(), phone: z.string().nullable() }).optional(),
      })
      .openapi({ description: "the other office's side, revealed by accepting (empty when both sides are yours)" }),
  })
  .openapi('AcceptedMatch');

const ListQuery = z.object({
  ...pageQuery,
  sort: sortQuery(['createdAt', 'score'] as const, '-createdAt'),
  status: csv(z.enum(MATCH_STATUSES)).optional().openapi({ description: 'comma-separated' }),
  brokerId: csv(z.uuid()).optional(),
  minScore: z.coerce.number().int().min(0).max(100).optional(),
  offerId: z.uuid().optional(),
  requestId: z.uuid().optional(),
  createdFrom: z.iso.datetime().optional(),
  createdTo: z.iso.datetime().optional(),
});

export const matchesResource = defineResource('matches', 'Smart matches of requests and offers.', [
  operation({
    operationId: 'listMatches',
    method: 'get',
    path: '/matches',
    summary: 'List matches',
    description: "Yours as a broker; your teams' as a manager; the office's as its owner.",
    query: ListQuery,
    success: { status: 200, description: 'a page of matches', schema: pageOf(Match, 'MatchPage') },
    handler: async ({ core, scope, query, pageRequest, pageAnswer }) => {
      const page = await core.matching.page(
        scope,
        {
          status: query.status,
          brokerIds: query.brokerId,
          minScore: query.minScore,
          offerId: query.offerId,
          requestId: query.requestId,
          createdFrom: query.createdFrom ? new Date(query.createdFrom) : undefined,
          createdTo: query.createdTo ? new Date(query.createdTo) : undefined,
        },
        pageRequest(query, MATCH_SORTS),
      );
      return pageAnswer(query, page, matchJson);
    },
  }),
  operation({
    operationId: 'getMatch',
    method: 'get',
    path: '/matches/{id}',
    summary: 'Get a match',
    params: IdParams,
    success: { status: 200, description: 'the match', schema: Match },
    errors: ['MATCH.NOT_FOUND'],
    handler: async ({ core, scope, params }) => {
      const m = await core.matching.match(scope, params.id);
      return m ? answer(matchJson(m), { version: m }) : failure('MATCH.NOT_FOUND');
    },
  }),
  operation({
    operationId: 'acceptMatch',
    method: 'post',
    path: '/matches/{id}/accept',
    summary: 'Accept a match (its broker)',
    description: "Across offices, the other side's contacts are revealed now, once, and the reveal is audited.",
    params: IdParams,
    success: { status: 200, description: 'accepted', schema: Revealed },
    errors: ['MATCH.NOT_FOUND'],
    handler: async ({ write, scope, params }) =>
      fromResult(
        await write(async (core) => {
          authorize(scope, 'properties', 'edit', 'match.accept');
          const revealed = await core.matching.accept(scope, params.id);
          if (!revealed.ok) return revealed;
          const m = await core.matching.match(scope, params.id);
          return { ok: true as const, value: { match: m!, revealed: revealed.value } };
        }),
        (v) => ({ match: matchJson(v.match), revealed: v.revealed }),
      ),
  }),
  operation({
    operationId: 'rejectMatch',
    method: 'post',
    path: '/matches/{id}/reject',
    summary: 'Reject a match (its broker)',
    params: IdParams,
    success: { status: 200, description: 'rejected', schema: Match },
    errors: ['MATCH.NOT_FOUND'],
    handler: async ({ write, scope, params }) =>
      fromResult(
        await write(async (core) => {
          const done = await core.matching.reject(scope, params.id);
          if (!done.ok) return done;
          return { ok: true as const, value: (await core.matching.match(scope, params.id))! };
        }),
        matchJson,
        { version: (m) => m },
      ),
  }),
]);
