// Seekers' requests (what a client wants). Issue 5 adds matching and the marketplace; here a request is
// filed for a customer from a broker's message.
import type { DbTx } from '../db/client.ts';
import type { JobQueue } from '../jobs/job-map.ts';
import { err, ok, type Result } from '../shared/result.ts';

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

export type RequestErrorCode = 'REQUEST.INVALID_RANGE';

export function createRequestsService({ db, jobs }: { db: DbTx; jobs: JobQueue }) {
  return {
    async create(
      scope: { organizationId: string; userId?: string },
      input: NewRequest,
    ): Promise<Result<{ id: string }, RequestErrorCode>> {
      const inverted = (a?: number, b?: number) => a !== undefined && b !== undefined && a > b;
      if (inverted(input.priceMin, input.priceMax) || inverted(input.areaMin, input.areaMax))
        return err('REQUEST.INVALID_RANGE');
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
