// Outgoing webhook events: what happened in an office, written with the change that caused it.
//
// emit() runs on the caller's database handle (a chat turn's transaction, a job's): one statement
// writes a webhook_deliveries row per enabled endpoint of the office subscribed to the event, so the
// event exists exactly when the change committed. The delivery jobs go through the JobQueue port,
// which inside a turn or a job is the deferred queue, flushed after commit; the minute sweep queues
// whatever a lost job missed (deliver.ts).
//
// Payloads carry ids and facts, and for customer.created the customer's name and phone: they are the
// office's own data going to an endpoint the office's owner or a manager registered (a CRM sync needs
// them). No other personal data (no notes, no free text, no other office's contact details).
import { randomUUID } from 'node:crypto';
import { type DbTx, sql } from '../db/client.ts';
import type { JobQueue } from '../jobs/job-map.ts';
import { type Clock, systemClock } from '../shared/clock.ts';
import type { Logger } from '../shared/logger.ts';
import type { Scope } from '../shared/scope.ts';

export const WEBHOOK_EVENTS = [
  'customer.created',
  'request.created',
  'match.created',
  'appointment.booked',
  'appointment.cancelled',
  'appointment.completed',
  'sale.recorded',
  'property.listed',
] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

export const isWebhookEvent = (value: unknown): value is WebhookEvent =>
  typeof value === 'string' && (WEBHOOK_EVENTS as readonly string[]).includes(value);

type Iso = string;

export interface AppointmentEventData {
  appointment: {
    id: string;
    brokerId: string;
    customerId: string | null;
    propertyId: string | null;
    type: string;
    status: string;
    startsAt: Iso;
    endsAt: Iso;
    /** a client booked it in his own chat (rather than a member) */
    bookedByClient: boolean;
  };
}

/** The `data` of each event. */
export interface EventData {
  'customer.created': {
    customer: {
      id: string;
      name: string;
      /** E.164, or null */
      phone: string | null;
      category: string;
      status: string;
      source: string | null;
      assignedToId: string | null;
      createdById: string | null;
    };
  };
  'request.created': {
    request: {
      id: string;
      customerId: string | null;
      brokerId: string | null;
      type: 'sale' | 'rent';
      propertyTypes: string[];
      cities: string[];
      districts: string[];
      priceMin: number | null;
      priceMax: number | null;
      areaMin: number | null;
      areaMax: number | null;
      bedroomsMin: number | null;
      bathroomsMin: number | null;
      urgency: string;
      shared: boolean;
    };
  };
  'match.created': {
    match: {
      id: string;
      offerId: string;
      requestId: string;
      brokerId: string;
      /** 0–100 */
      score: number;
      /** what matched: city, district, property_type, category, price, area; how, and for how many points */
      matchedFeatures: Array<{ feature: string; points: number; basis: string }>;
    };
  };
  'appointment.booked': AppointmentEventData;
  'appointment.cancelled': AppointmentEventData;
  'appointment.completed': AppointmentEventData;
  'sale.recorded': {
    sale: {
      id: string;
      brokerId: string;
      customerId: string | null;
      propertyId: string | null;
      dealType: 'sale' | 'rent';
      /** SAR */
      amount: number;
      /** SAR */
      commission: number;
      ratePercent: number;
      closedAt: Iso;
    };
  };
  'property.listed': {
    property: {
      id: string;
      refNumber: number;
      offerId: string;
      brokerId: string | null;
      ownerCustomerId: string | null;
      propertyType: string;
      listingType: string;
      city: string;
      district: string | null;
      /** SAR */
      price: number;
      area: number | null;
      bedrooms: number | null;
      bathrooms: number | null;
      shared: boolean;
    };
  };
}

/** What is POSTed: the envelope around an event's data. */
export interface WebhookPayload<N extends WebhookEvent = WebhookEvent> {
  /** the event's id: the same for every endpoint, and across redeliveries (receivers dedupe by it) */
  id: string;
  event: N;
  occurredAt: Iso;
  office: { id: string; slug: string };
  data: EventData[N];
}

/** Where services tell of events; `noEvents` where none are wanted (services built alone in tests). */
export interface EventSink {
  emit<N extends WebhookEvent>(scope: Scope, name: N, data: EventData[N] | readonly EventData[N][]): Promise<void>;
}

export const noEvents: EventSink = { emit: async () => {} };

/** The BullMQ job id of a delivery's attempt due at `dueAt`: one per schedule, so the sweep can ask for it. */
export const deliveryJobId = (deliveryId: string, dueAt: Date) => `webhook-${deliveryId}-${dueAt.getTime()}`;

export interface WebhookEventsDeps {
  db: DbTx;
  jobs: JobQueue;
  /** the business clock: occurredAt */
  clock: Clock;
  /** real time, the one BullMQ delays and the sweep use: when the first attempt is due */
  realClock?: Clock;
  logger?: Logger;
}

export function createWebhookEvents({
  db,
  jobs,
  clock,
  realClock = systemClock,
  logger,
}: WebhookEventsDeps): EventSink {
  return {
    async emit(scope, name, data) {
      const list = (Array.isArray(data) ? data : [data]) as readonly object[];
      if (list.length === 0) return;
      const occurredAt = clock.now().toISOString();
      const dueAt = realClock.now();
      const items = JSON.stringify(list.map((d) => ({ eventId: randomUUID(), data: d })));
      // One statement: every event × every enabled endpoint of the office that wants it. The envelope
      // is built here so that the office's slug needs no read of its own. Straight on pg (sql()): turns
      // emit nearly every message.
      const rows = await sql(db)<{ id: string }>`
        INSERT INTO webhook_deliveries (organization_id, endpoint_id, event, event_id, payload, next_attempt_at)
        SELECT e.organization_id, e.id, ${name}, (item->>'eventId')::uuid,
          jsonb_build_object(
            'id', item->>'eventId',
            'event', ${name}::text,
            'occurredAt', ${occurredAt}::text,
            'office', jsonb_build_object('id', o.id::text, 'slug', o.slug),
            'data', item->'data'),
          ${dueAt}::timestamptz
        FROM webhook_endpoints e
        JOIN organizations o ON o.id = e.organization_id
        CROSS JOIN jsonb_array_elements(${items}::jsonb) AS item
        WHERE e.organization_id = ${scope.organizationId}::uuid AND e.is_enabled AND ${name} = ANY(e.events)
        ON CONFLICT (endpoint_id, event_id) DO NOTHING
        RETURNING id::text AS id`;
      for (const row of rows) {
        await jobs
          .enqueue('webhook.deliver', { deliveryId: row.id }, { jobId: deliveryJobId(row.id, dueAt) })
          .catch((error) =>
            logger?.warn({ err: error, deliveryId: row.id }, 'webhook delivery not queued; the sweep will catch up'),
          );
      }
    },
  };
}
