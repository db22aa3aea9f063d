// Seekers' requests (what a client wants), filed by a broker for a customer of his office or by the
// client himself; each new or changed request queues a matching run. A member files it with crm.create, for a
// customer he sees; the change is audited.
import { z } from 'zod';
import { type AnalyticsSink, noAnalytics } from '../analytics/events.ts';
import { audit } from '../audit/audit.ts';
import { type DbTx, sql } from '../db/client.ts';
import type { JobQueue } from '../jobs/job-map.ts';
import { systemClock } from '../shared/clock.ts';
import { MAX_AREA_M2, MAX_SAR } from '../shared/limits.ts';
import { err, ok, type Result } from '../shared/result.ts';
import type { Scope } from '../shared/scope.ts';
import { authorize, visibleWhere } from '../teams/authorize.ts';
import { type EventSink, noEvents } from '../webhooks/events.ts';
import { createRequestsQueries, type RequestRow } from './requests.queries.ts';

export const PROPERTY_TYPES = [
  'apartment',
  'villa',
  'land',
  'floor',
  'building',
  'duplex',
  'townhouse',
  'rest_house',
  'chalet',
  'farm',
  'shop',
  'office',
  'warehouse',
  'showroom',
  'palace',
] as const;
export type PropertyType = (typeof PROPERTY_TYPES)[number];
export const isPropertyType = (value: string | undefined): value is PropertyType =>
  value !== undefined && (PROPERTY_TYPES as readonly string[]).includes(value);
export const COMMERCIAL_TYPES: readonly PropertyType[] = ['shop', 'office', 'warehouse', 'showroom', 'building'];

export interface NewRequest {
  customerId?: string;
  type: 'sale' | 'rent';
  propertyTypes?: PropertyType[];
  cities?: string[];
  districts?: string[];
  priceMin?: number;
  priceMax?: number;
  areaMin?: number;
  areaMax?: number;
  bedroomsMin?: number;
  bathroomsMin?: number;
  urgency?: 'low' | 'normal' | 'high' | 'urgent';
  /** shared with other brokers as a summary (no client contact) */
  share?: boolean;
}

export type RequestErrorCode =
  | 'REQUEST.INVALID_RANGE'
  | 'REQUEST.CUSTOMER_NOT_FOUND'
  | 'REQUEST.AMOUNT_TOO_LARGE'
  | 'REQUEST.INVALID_INPUT';

/** What a later message may add to a request: where in its city, and the ranges. */
export interface RequestRefinement {
  /** buy or rent, corrected («لا، ايجار»): a budget given for the other deal is dropped unless one comes with it */
  type?: 'sale' | 'rent';
  /** the property types, corrected («بدل الشقة فيلا») */
  propertyTypes?: PropertyType[];
  districts?: string[];
  priceMin?: number;
  priceMax?: number;
  areaMin?: number;
  areaMax?: number;
  bedroomsMin?: number;
}

/** What changing a request may answer besides: it is not one the scope sees. */
export type RequestUpdateErrorCode = 'REQUEST.NOT_FOUND';

const sar = z.number().int().min(0);
const area = z.number().int().min(0);
const place = z.string().trim().min(1).max(100);
/**
 * What a request may carry: whole SAR and m² within their int4 columns (a bigger number failed the turn),
 * known property types only (a forged choice id once reached this as a type), bounded lists.
 */
export const newRequestSchema = z.object({
  customerId: z.uuid().optional(),
  type: z.enum(['sale', 'rent']),
  propertyTypes: z.array(z.enum(PROPERTY_TYPES)).max(PROPERTY_TYPES.length).optional(),
  cities: z.array(place).max(20).optional(),
  districts: z.array(place).max(50).optional(),
  priceMin: sar.optional(),
  priceMax: sar.optional(),
  areaMin: area.optional(),
  areaMax: area.optional(),
  bedroomsMin: z.number().int().min(0).max(99).optional(),
  bathroomsMin: z.number().int().min(0).max(99).optional(),
  urgency: z.enum(['low', 'normal', 'high', 'urgent']).optional(),
  share: z.boolean().optional(),
});

/** A request as filed or as refined: bounded amounts, the schema, and ranges the right way round. */
function validRequest(raw: NewRequest): Result<z.infer<typeof newRequestSchema>, RequestErrorCode> {
  if (tooLarge(raw)) return err('REQUEST.AMOUNT_TOO_LARGE');
  const parsed = newRequestSchema.safeParse(raw);
  if (!parsed.success) return err('REQUEST.INVALID_INPUT');
  const r = parsed.data;
  const inverted = (a?: number, b?: number) => a !== undefined && b !== undefined && a > b;
  if (inverted(r.priceMin, r.priceMax) || inverted(r.areaMin, r.areaMax)) return err('REQUEST.INVALID_RANGE');
  return ok(r);
}

/** An amount or an area beyond what any deal has (and what its column holds). */
function tooLarge(input: NewRequest): boolean {
  const money = [input.priceMin, input.priceMax].some((v) => v !== undefined && v > MAX_SAR);
  return money || [input.areaMin, input.areaMax].some((v) => v !== undefined && v > MAX_AREA_M2);
}

/**
 * A request is matched once its client (or broker) has stopped describing it for a while: «ابي شقة
 * للايجار بالرياض», «حي الملقا», «ميزانيتي ٦٠ ألف» are one run, and the broker hears of the matches of
 * the whole request instead of three alerts, the first for every rental of the city.
 */
export const MATCH_QUIET_MS = 10_000;

const matchingOf = (requestId: string) => ({ debounce: { key: `request-${requestId}`, ms: MATCH_QUIET_MS } });

export function createRequestsService({
  db,
  jobs,
  events = noEvents,
  analytics = noAnalytics,
}: {
  db: DbTx;
  jobs: JobQueue;
  events?: EventSink;
  /** analytics events (core/analytics/events.ts) */
  analytics?: AnalyticsSink;
}) {
  return {
    async create(scope: Scope, raw: NewRequest): Promise<Result<{ id: string }, RequestErrorCode>> {
      authorize(scope, 'crm', 'create', 'request.create');
      const valid = validRequest(raw);
      if (!valid.ok) return valid;
      const input = valid.value;
      // The seeker must be a customer of this office that the member sees: another office's customer
      // (or another team's) is not found.
      if (input.customerId) {
        const customer = await db.customer.findFirst({
          where: { id: input.customerId, organizationId: scope.organizationId, ...visibleWhere(scope, 'assignedToId') },
          select: { id: true },
        });
        if (!customer) return err('REQUEST.CUSTOMER_NOT_FOUND');
      }
      // What is wanted, without who wants it: the request's marketplace summary too.
      const wanted = {
        type: input.type,
        propertyTypes: input.propertyTypes ?? [],
        cities: input.cities ?? [],
        districts: input.districts ?? [],
        priceMin: input.priceMin,
        priceMax: input.priceMax,
        areaMin: input.areaMin,
        areaMax: input.areaMax,
        bedroomsMin: input.bedroomsMin,
        bathroomsMin: input.bathroomsMin,
      };
      // sql(): a new client's first message files one. The other columns take their defaults.
      const now = systemClock.now();
      const [request] = await sql(db)<Pick<RequestRow, 'id' | 'customerId' | 'userId' | 'urgency' | 'isShared'>>`
        INSERT INTO requests (organization_id, user_id, customer_id, type, property_types, cities, districts,
          price_min, price_max, area_min, area_max, bedrooms_min, bathrooms_min, urgency, is_shared, summary,
          created_at, updated_at)
        VALUES (${scope.organizationId}::uuid, ${scope.userId ?? null}::uuid, ${input.customerId ?? null}::uuid,
          ${wanted.type}::listing_type, ${wanted.propertyTypes}::property_type[], ${wanted.cities}::text[],
          ${wanted.districts}::text[], ${wanted.priceMin ?? null}::int, ${wanted.priceMax ?? null}::int,
          ${wanted.areaMin ?? null}::int, ${wanted.areaMax ?? null}::int, ${wanted.bedroomsMin ?? null}::int,
          ${wanted.bathroomsMin ?? null}::int, ${input.urgency ?? 'normal'}::urgency, ${input.share ?? false}::boolean,
          ${JSON.stringify(wanted)}::jsonb, ${now}::timestamptz, ${now}::timestamptz)
        RETURNING id::text, customer_id::text AS "customerId", user_id::text AS "userId", urgency::text,
          is_shared AS "isShared"`;
      if (!request) throw new Error('request not written');
      await audit(db, scope, {
        action: 'request.created',
        entityType: 'request',
        entityId: request.id,
        details: { type: input.type, customerId: input.customerId ?? null, shared: request.isShared },
      });
      await events.emit(scope, 'request.created', {
        request: {
          id: request.id,
          customerId: request.customerId,
          brokerId: request.userId,
          type: input.type,
          propertyTypes: wanted.propertyTypes,
          cities: wanted.cities,
          districts: wanted.districts,
          priceMin: input.priceMin ?? null,
          priceMax: input.priceMax ?? null,
          areaMin: input.areaMin ?? null,
          areaMax: input.areaMax ?? null,
          bedroomsMin: input.bedroomsMin ?? null,
          bathroomsMin: input.bathroomsMin ?? null,
          urgency: request.urgency,
          shared: request.isShared,
        },
      });
      await analytics.record(scope, {
        type: 'request.filed',
        userId: request.userId,
        entity: { type: 'request', id: request.id },
        properties: {
          type: input.type,
          propertyTypes: wanted.propertyTypes,
          cities: wanted.cities,
          urgency: request.urgency,
          shared: request.isShared,
          byClient: scope.role === 'contact',
        },
      });
      await jobs.enqueue('matching.run', { kind: 'request', id: request.id }, matchingOf(request.id));
      return ok({ id: request.id });
    },

    /**
     * Adds to what a request asks (districts, budget, area, bedrooms): the given fields replace the
     * request's, the rest stay. Ranges are checked against the merged request, and matching runs again.
     */
    async refine(
      scope: Scope,
      id: string,
      changes: RequestRefinement,
      /** the request as `get(scope, id)` returned it in this transaction, when the caller has read it */
      read?: RequestRow,
    ): Promise<Result<{ id: string }, RequestErrorCode | RequestUpdateErrorCode>> {
      authorize(scope, 'crm', 'edit', 'request.update');
      const found = read?.id === id ? read : await createRequestsQueries({ db }).get(scope, id);
      if (!found) return err('REQUEST.NOT_FOUND');
      const defined = Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined));
      // a year's rent is not a purchase price, nor the other way round
      const dealChanged = changes.type !== undefined && changes.type !== found.type;
      const keepPrice = !dealChanged || changes.priceMin !== undefined || changes.priceMax !== undefined;
      const merged = {
        type: found.type,
        propertyTypes: found.propertyTypes,
        districts: found.districts,
        priceMin: keepPrice ? (found.priceMin ?? undefined) : undefined,
        priceMax: keepPrice ? (found.priceMax ?? undefined) : undefined,
        areaMin: found.areaMin ?? undefined,
        areaMax: found.areaMax ?? undefined,
        bedroomsMin: found.bedroomsMin ?? undefined,
        ...defined,
      };
      const valid = validRequest(merged);
      if (!valid.ok) return valid;
      const m = valid.value;
      const data = {
        type: m.type,
        propertyTypes: m.propertyTypes ?? [],
        districts: m.districts ?? [],
        priceMin: m.priceMin ?? null,
        priceMax: m.priceMax ?? null,
        areaMin: m.areaMin ?? null,
        areaMax: m.areaMax ?? null,
        bedroomsMin: m.bedroomsMin ?? null,
      };
      // The marketplace summary is what is wanted, as create() writes it.
      const summary = {
        type: m.type,
        propertyTypes: data.propertyTypes,
        cities: found.cities,
        districts: data.districts,
        priceMin: m.priceMin,
        priceMax: m.priceMax,
        areaMin: m.areaMin,
        areaMax: m.areaMax,
        bedroomsMin: m.bedroomsMin,
        bathroomsMin: found.bathroomsMin ?? undefined,
      };
      // sql(): a client's every addition to his request writes it
      await sql(db)`
        UPDATE requests SET type = ${data.type}::listing_type, property_types = ${data.propertyTypes}::property_type[],
          districts = ${data.districts}::text[], price_min = ${data.priceMin}::int, price_max = ${data.priceMax}::int,
          area_min = ${data.areaMin}::int, area_max = ${data.areaMax}::int, bedrooms_min = ${data.bedroomsMin}::int,
          summary = ${JSON.stringify(summary)}::jsonb, updated_at = ${systemClock.now()}::timestamptz
        WHERE id = ${id}::uuid AND organization_id = ${scope.organizationId}::uuid`;
      await audit(db, scope, {
        action: 'request.refined',
        entityType: 'request',
        entityId: id,
        details: { fields: Object.keys(defined) },
      });
      await jobs.enqueue('matching.run', { kind: 'request', id }, matchingOf(id));
      return ok({ id });
    },

    /**
     * Pauses, closes or reopens a request, or changes its urgency (crm.edit), for a request the scope sees.
     * Matching runs again: a request no longer active has its pending matches expired, a reopened one is
     * matched anew.
     */
    async update(
      scope: Scope,
      id: string,
      input: { status?: 'active' | 'paused' | 'closed'; urgency?: 'low' | 'normal' | 'high' | 'urgent' },
    ): Promise<Result<{ id: string }, RequestUpdateErrorCode>> {
      authorize(scope, 'crm', 'edit', 'request.update');
      const found = await createRequestsQueries({ db }).get(scope, id);
      if (!found) return err('REQUEST.NOT_FOUND');
      const data = {
        ...(input.status ? { status: input.status } : {}),
        ...(input.urgency ? { urgency: input.urgency } : {}),
      };
      if (!Object.keys(data).length) return ok({ id });
      await db.request.updateMany({ where: { id, organizationId: scope.organizationId }, data });
      await audit(db, scope, {
        action: 'request.updated',
        entityType: 'request',
        entityId: id,
        details: { fields: Object.keys(data), status: input.status },
      });
      if (input.status && input.status !== found.status) {
        await jobs.enqueue('matching.run', { kind: 'request', id }, matchingOf(id));
      }
      return ok({ id });
    },
  };
}
