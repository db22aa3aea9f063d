// /offers: the office's own offers (what carries each property to the market, with the summary other
// offices see when it is shared), and pausing, closing or reopening one.
import { OFFER_SORTS, OFFER_STATUSES, type OfferRow } from '../../../core/listings/properties.queries.ts';
import { PROPERTY_TYPES } from '../../../core/requests/requests.service.ts';
import { authorize } from '../../../core/teams/authorize.ts';
import { defineResource, failure, fromResult, operation } from '../kit.ts';
import { ProblemError } from '../problems.ts';
import { csv, IdParams, iso, isoOrNull, pageOf, pageQuery, sortQuery, Timestamp, z } from '../schemas.ts';

const Offer = z
  .object({
    id: z.uuid(),
    propertyId: z.uuid().nullable(),
    brokerId: z.uuid().nullable(),
    propertyType: z.enum(PROPERTY_TYPES),
    category: z.enum(['residential', 'commercial']),
    listingType: z.enum(['sale', 'rent']),
    city: z.string(),
    district: z.string().nullable(),
    price: z.number().int().openapi({
      description:
        'SAR, as requests state theirs: a rent by the year (a monthly rent is twelve months of it; the summary keeps the listed price and rentPeriod)',
    }),
    area: z.number().int().nullable(),
    bedrooms: z.number().int().nullable(),
    bathrooms: z.number().int().nullable(),
    summary: z.record(z.string(), z.unknown()).openapi({ description: 'what other offices see when it is shared' }),
    shared: z.boolean(),
    maxBrokers: z.number().int(),
    acceptedCount: z.number().int(),
    status: z.enum(OFFER_STATUSES),
    expiresAt: Timestamp.nullable(),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .openapi('Offer');

const offerJson = (o: OfferRow) => ({
  id: o.id,
  propertyId: o.propertyId,
  brokerId: o.userId,
  propertyType: o.propertyType,
  category: o.category,
  listingType: o.listingType,
  city: o.city,
  district: o.district,
  price: o.price,
  area: o.area,
  bedrooms: o.bedrooms,
  bathrooms: o.bathrooms,
  summary: (o.summary ?? {}) as Record<string, unknown>,
  shared: o.isShared,
  maxBrokers: o.maxBrokers,
  acceptedCount: o.acceptedCount,
  status: o.status,
  expiresAt: isoOrNull(o.expiresAt),
  createdAt: iso(o.createdAt),
  updatedAt: iso(o.updatedAt),
});

const ListQuery = z.object({
  ...pageQuery,
  sort: sortQuery(['createdAt', 'updatedAt', 'price'] as const, '-createdAt'),
  status: csv(z.enum(OFFER_STATUSES)).optional().openapi({ description: 'comma-separated' }),
  listingType: z.enum(['sale', 'rent']).optional(),
  propertyType: csv(z.enum(PROPERTY_TYPES)).optional(),
  city: z.string().trim().min(1).max(100).optional(),
  district: z.string().trim().min(1).max(100).optional(),
  priceMin: z.coerce.number().int().min(0).max(2_000_000_000).optional(),
  priceMax: z.coerce.number().int().min(0).max(2_000_000_000).optional(),
  brokerId: csv(z.uuid()).optional(),
  shared: z.enum(['true', 'false']).optional(),
  propertyId: z.uuid().optional(),
  createdFrom: z.iso.datetime().optional(),
  createdTo: z.iso.datetime().optional(),
});

export const offersResource = defineResource('offers', "The office's own offers on the market.", [
  operation({
    operationId: 'listOffers',
    method: 'get',
    path: '/offers',
    summary: "List the office's offers",
    query: ListQuery,
    success: { status: 200, description: 'a page of offers', schema: pageOf(Offer, 'OfferPage') },
    handler: async ({ core, scope, query, pageRequest, pageAnswer }) => {
      const page = await core.listings.offersPage(
        scope,
        {
          status: query.status,
          listingType: query.listingType,
          propertyTypes: query.propertyType,
          city: query.city,
          district: query.district,
          priceMin: query.priceMin,
          priceMax: query.priceMax,
          brokerIds: query.brokerId,
          shared: query.shared === undefined ? undefined : query.shared === 'true',
          propertyId: query.propertyId,
          createdFrom: query.createdFrom ? new Date(query.createdFrom) : undefined,
          createdTo: query.createdTo ? new Date(query.createdTo) : undefined,
        },
        pageRequest(query, OFFER_SORTS),
      );
      return pageAnswer(query, page, offerJson);
    },
  }),
  operation({
    operationId: 'getOffer',
    method: 'get',
    path: '/offers/{id}',
    summary: 'Get an offer',
    params: IdParams,
    success: { status: 200, description: 'the offer', schema: Offer },
    errors: ['OFFER.NOT_FOUND'],
    handler: async ({ core, scope, params }) => {
      const row = await core.listings.offer(scope, params.id);
      return row ? fromResult({ ok: true, value: row }, offerJson, { version: (o) => o }) : failure('OFFER.NOT_FOUND');
    },
  }),
  operation({
    operationId: 'setOfferStatus',
    method: 'put',
    path: '/offers/{id}/status',
    summary: 'Pause, close or reopen an offer',
    description: 'Matching runs again: the pending matches of an offer no longer active expire.',
    params: IdParams,
    body: z.object({ status: z.enum(['active', 'paused', 'closed']) }).openapi('OfferStatusChange'),
    ifMatch: true,
    success: { status: 200, description: 'the offer', schema: Offer },
    errors: ['OFFER.NOT_FOUND'],
    handler: async ({ write, scope, params, body, ifMatch }) =>
      fromResult(
        await write(async (core) => {
          authorize(scope, 'properties', 'edit', 'offer.status');
          const current = await core.listings.offer(scope, params.id);
          if (!current) throw new ProblemError('OFFER.NOT_FOUND');
          ifMatch(current);
          const done = await core.listings.setOfferStatus(scope, params.id, body.status);
          if (!done.ok) return done;
          return { ok: true as const, value: (await core.listings.offer(scope, params.id))! };
        }),
        offerJson,
        { version: (o) => o },
      ),
  }),
]);
