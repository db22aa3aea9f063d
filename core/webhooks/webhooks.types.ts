// The webhooks module's shapes: endpoints an office registers, and the delivery log.
import { z } from 'zod';
import type { SortColumn } from '../shared/keyset.ts';
import { WEBHOOK_EVENTS, type WebhookEvent } from './events.ts';
import { MAX_URL_LENGTH } from './url.ts';

export type WebhookErrorCode =
  | 'WEBHOOK.INVALID_INPUT'
  | 'WEBHOOK.INVALID_URL'
  | 'WEBHOOK.TOO_MANY'
  | 'WEBHOOK.NOT_FOUND'
  | 'WEBHOOK.DELIVERY_NOT_FOUND'
  | 'WEBHOOK.ENDPOINT_DISABLED';

/** An office's endpoints at most: each event is written once per endpoint. */
export const MAX_ENDPOINTS_PER_OFFICE = 20;

const events = z
  .array(z.enum(WEBHOOK_EVENTS))
  .min(1)
  .max(WEBHOOK_EVENTS.length)
  .transform((list) => [...new Set(list)]);

export const newEndpointSchema = z.object({
  url: z.string().max(MAX_URL_LENGTH),
  events,
  description: z.string().trim().max(200).optional(),
  enabled: z.boolean().optional(),
});
export type NewEndpoint = z.input<typeof newEndpointSchema>;

export const endpointPatchSchema = z.object({
  url: z.string().max(MAX_URL_LENGTH).optional(),
  events: events.optional(),
  description: z.string().trim().max(200).nullable().optional(),
  enabled: z.boolean().optional(),
});
export type EndpointPatch = z.input<typeof endpointPatchSchema>;

/** An endpoint as read: never its secret. */
export interface WebhookEndpointView {
  id: string;
  url: string;
  events: WebhookEvent[];
  enabled: boolean;
  description: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** An endpoint with its signing secret in clear: returned once, by create and rotate. */
export interface EndpointWithSecret {
  endpoint: WebhookEndpointView;
  secret: string;
}

export const DELIVERY_STATUSES = ['pending', 'delivered', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export interface WebhookDeliveryView {
  id: string;
  endpointId: string;
  event: string;
  eventId: string;
  status: DeliveryStatus;
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  nextAttemptAt: Date | null;
  deliveredAt: Date | null;
  createdAt: Date;
  /** what is (or was) POSTed */
  payload: unknown;
}

/** What the delivery log is filtered by (every filter optional; all of them narrow). */
export const deliveryFilterSchema = z.object({
  endpointId: z.uuid().optional(),
  status: z.enum(DELIVERY_STATUSES).optional(),
  event: z.enum(WEBHOOK_EVENTS).optional(),
});
export type DeliveryFilter = z.input<typeof deliveryFilterSchema>;

/** What pages of the log sort on (with the id as tie-breaker). */
export const DELIVERY_SORTS = ['createdAt'] as const;
export type DeliverySort = (typeof DELIVERY_SORTS)[number];

/** The columns the log's pages sort on (core/shared/keyset.ts). */
export const DELIVERY_SORT_COLUMNS: Record<DeliverySort, SortColumn> = {
  createdAt: { column: 'created_at', kind: 'timestamp' },
};
