// /requests: what seekers want (filed by a broker for a customer, or by the client himself). A new
// request is matched against the listings (a job after the commit); pausing or closing one expires its
// pending matches.
import { MARKET_STATUSES, REQUEST_SORTS, type RequestRow } from '../../../core/requests/requests.queries.ts';
import { PROPERTY_TYPES } from '../../../core/requests/requests.service.ts';
import { authorize } from '../../../core/teams/authorize.ts';
import { defineResource, failure, fromResult, operation } from '../kit.ts';
import { ProblemError } from '../problems.ts';
import { csv, IdParams, iso, isoOrNull, pageOf, pageQuery, sortQuery, Timestamp, z } from '../schemas.ts';

const URGENCIES = ['low', 'normal', 'high', 'urgent'] as const;
const amount = z.number().int().min(0).max(2_000_000_000);
const place = z.string().trim().min(1).max(100);

const Request = z
  .object({
    id: z.uuid(),
    customerId: z.uuid().nullable(),
    brokerId: z.uuid().nullable().openapi({ description: 'the member who filed it' }),
    type: z.enum(['sale', 'rent']),
    propertyTypes: z.array(z.enum(PROPERTY_TYPES)),
    category: z.enum(['residential', 'commercial']).nullable(),
    cities: z.array(z.string()),
    districts: z.array(z.string()),
    priceMin: z.number().int().nullable().openapi({ description: 'SAR' }),
    priceMax: z.number().int().nullable().openapi({ description: 'SAR' }),
    areaMin: z.number().int().nullable().openapi({ description: 'm²' }),
    areaMax: z.number().int().nullable(),
    bedroomsMin: z.number().int().nullable(),
    bathroomsMin: z.number().int().nullable(),
    urgency: z.enum(URGENCIES),
    status: z.enum(MARKET_STATUSES),
    shared: z.boolean().openapi({ description: 'offered to other offices as a summary (no client contact)' }),
    expiresAt: Timestamp.nullable(),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .openapi('Request');

const requestJson = (r: RequestRow) => ({
  id: r.id,
  customerId: r.customerId,
  brokerId: r.userId,
  type: r.type,
  propertyTypes: r.propertyTypes,
  category: r.category,
  cities: r.cities,
  districts: r.districts,
  priceMin: r.priceMin,
  priceMax: r.priceMax,
  areaMin: r.areaMin,
  areaMax: r.areaMax,
  bedroomsMin: r.bedroomsMin,
  bathroomsMin: r.bathroomsMin,
  urgency: r.urgency,
  status: r.status,
  shared: r.isShared,
  expiresAt: isoOrNull(r.expiresAt),
  createdAt: iso(r.createdAt),
  updatedAt: iso(r.updatedAt),
});

const NewRequest = z
  .object({
    customerId: z.uuid().optional().openapi({ description: 'the seeker: a customer of the office you see' }),
    type: z.enum(['sale', 'rent']),
    propertyTypes: z.array(z.enum(PROPERTY_TYPES)).max(PROPERTY_TYPES.length).optional(),
    cities: z
      .array(place)
      .max(20)
      .optional()
      .openapi({ example: ['الرياض'] }),
    districts: z
      .array(place)
      .max(50)
      .optional()
      .openapi({ example: ['الملقا'] }),
    priceMin: amount.optional(),
    priceMax: amount.optional(),
    areaMin: amount.optional(),
    areaMax: amount.optional(),
    bedroomsMin: z.number().int().min(0).max(99).optional(),
    bathroomsMin: z.number().int().min(0).max(99).optional(),
    urgency: z.enum(URGENCIES).optional(),
    share: z.boolean().optional().openapi({ description: 'offer it to other offices as a summary' }),
  })
  .openapi('NewRequest');

const RequestPatch = z
  .object({ status: z.enum(['active', 'paused', 'closed']).optional(), urgency: z.enum(URGENCIES).optional() })
  .strict()
  .openapi('RequestPatch');

const ListQuery = z.object({
  ...pageQuery,
  sort: sortQuery(['createdAt', 'updatedAt'] as const, '-createdAt'),
  status: csv(z.enum(MARKET_STATUSES)).optional().openapi({ description: 'comma-separated' }),
  type: z.enum(['sale', 'rent']).optional(),
  city: z.string().trim().min(1).max(100).optional(),
  propertyType: z.enum(PROPERTY_TYPES).optional(),
  priceMin: z.coerce
    .number()
    .int()
    .min(0)
    .max(2_000_000_000)
    .optional()
    .openapi({ description: 'a wanted price range overlapping this one (SAR)' }),
  priceMax: z.coerce.number().int().min(0).max(2_000_000_000).optional(),
  customerId: z.uuid().optional(),
  brokerId: csv(z.uuid()).optional().openapi({ description: 'filed by these members, comma-separated' }),
  createdFrom: z.iso.datetime().optional(),
  createdTo: z.iso.datetime().optional(),
});

export const requestsResource = defineResource('requests', "Seekers' requests: what clients want.", [
  operation({
    operationId: 'listRequests',
    method: 'get',
    path: '/requests',
    summary: 'List requests',
    query: ListQuery,
    success: { status: 200, description: 'a page of requests', schema: pageOf(Request, 'RequestPage') },
    handler: async ({ core, scope, query, pageRequest, pageAnswer }) => {
      const page = await core.requests.page(
        scope,
        {
          status: query.status,
          type: query.type,
          city: query.city,
          propertyType: query.propertyType,
          priceMin: query.priceMin,
          priceMax: query.priceMax,
          customerId: query.customerId,
          brokerIds: query.brokerId,
          createdFrom: query.createdFrom ? new Date(query.createdFrom) : undefined,
          createdTo: query.createdTo ? new Date(query.createdTo) : undefined,
        },
        pageRequest(query, REQUEST_SORTS),
      );
      return pageAnswer(query, page, requestJson);
    },
  }),
  operation({
    operationId: 'createRequest',
    method: 'post',
    path: '/requests',
    summary: 'File a request',
    description: 'Matching runs on it after the commit (new matches reach the broker and the match.created webhook).',
    body: NewRequest,
    success: { status: 201, description: 'the request', schema: Request },
    errors: [
      'REQUEST.INVALID_INPUT',
      'REQUEST.INVALID_RANGE',
      'REQUEST.AMOUNT_TOO_LARGE',
      'REQUEST.CUSTOMER_NOT_FOUND',
    ],
    handler: async ({ write, scope, body }) => {
      const created = await write(async (core) => {
        const made = await core.requests.create(scope, body);
        if (!made.ok) return made;
        const row = await core.requests.get(scope, made.value.id);
        if (!row) throw new Error('a request just filed is not visible to its broker');
        return { ok: true as const, value: row };
      });
      return fromResult(created, requestJson, { version: (r) => r });
    },
  }),
  operation({
    operationId: 'getRequest',
    method: 'get',
    path: '/requests/{id}',
    summary: 'Get a request',
    params: IdParams,
    success: { status: 200, description: 'the request', schema: Request },
    errors: ['REQUEST.NOT_FOUND'],
    handler: async ({ core, scope, params }) => {
      const row = await core.requests.get(scope, params.id);
      return row
        ? fromResult({ ok: true, value: row }, requestJson, { version: (r) => r })
        : failure('REQUEST.NOT_FOUND');
    },
  }),
  operation({
    operationId: 'updateRequest',
    method: 'patch',
    path: '/requests/{id}',
    summary: 'Pause, close or reopen a request; change its urgency',
    params: IdParams,
    body: RequestPatch,
    ifMatch: true,
    success: { status: 200, description: 'the request', schema: Request },
    errors: ['REQUEST.NOT_FOUND'],
    handler: async ({ write, scope, params, body, ifMatch }) => {
      const updated = await write(async (core) => {
        authorize(scope, 'crm', 'edit', 'request.update');
        const current = await core.requests.get(scope, params.id);
        if (!current) throw new ProblemError('REQUEST.NOT_FOUND');
        ifMatch(current);
        const done = await core.requests.update(scope, params.id, body);
        if (!done.ok) return done;
        return { ok: true as const, value: (await core.requests.get(scope, params.id))! };
      });
      return fromResult(updated, requestJson, { version: (r) => r });
    },
  }),
]);
