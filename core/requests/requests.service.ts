// Seekers' requests (what a client wants), filed by a broker for a customer of his office or by the
// client himself; each new request queues a matching run.
import type { DbTx } from '../db/client.ts';
import type { JobQueue } from '../jobs/job-map.ts';
import { err, ok, type Result } from '../shared/result.ts';
import type { Scope } from '../shared/scope.ts';

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

export type RequestErrorCode = 'REQUEST.INVALID_RANGE' | 'REQUEST.CUSTOMER_NOT_FOUND';

export function createRequestsService({ db, jobs }: { db: DbTx; jobs: JobQueue }) {
  return {
    async create(scope: Scope, input: NewRequest): Promise<Result<{ id: string }, RequestErrorCode>> {
      const inverted = (a?: number, b?: number) => a !== undefined && b !== undefined && a > b;
      if (inverted(input.priceMin, input.priceMax) || inverted(input.areaMin, input.areaMax))
        return err('REQUEST.INVALID_RANGE');
      // The seeker must be a customer of this office: another office's customer is not found.
      if (input.customerId) {
        const customer = await db.customer.findFirst({
          where: { id: input.customerId, organizationId: scope.organizationId },
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
      const request = await db.request.create({
        data: {
          organizationId: scope.organizationId,
          userId: scope.userId,
          customerId: input.customerId,
          ...wanted,
          urgency: input.urgency ?? 'normal',
          isShared: input.share ?? false,
          summary: wanted,
        },
      });
      await jobs.enqueue('matching.run', { kind: 'request', id: request.id }, { jobId: `match-request-${request.id}` });
      return ok({ id: request.id });
    },
  };
}
