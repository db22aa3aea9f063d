// Analytics events: one row in analytics_events per domain event, written by the core service that
// makes the change, on the caller's database handle (a chat turn's transaction, a job's), so that an
// event exists exactly when its change committed. One place per event:
//   lead.created       customers.service create
//   request.filed      requests.service create
//   listing.created    listings.service create
//   match.created      matching.service (the matches new to their brokers)
//   viewing.booked / viewing.cancelled / viewing.held / viewing.no_show   appointments.service
//   task.done          tasks.service complete
//   sale.recorded      finance.service recordSale
// Messages in and out are not events: counting them here would add a write to every message (the hot
// path); the nightly job counts inbound_messages and outbound_messages by day instead (nightly.service.ts).
//
// `userId` is the member the event counts for (the lead's broker, the viewing's broker, the seller), not
// necessarily who acted. Properties carry facts only, never personal data: no names, phones, notes or
// free text; ids of the office's own rows and categories are fine.
import { type DbTx, sql } from '../db/client.ts';
import type { Clock } from '../shared/clock.ts';
import type { Scope } from '../shared/scope.ts';

export const ANALYTICS_EVENTS = [
  'lead.created',
  'request.filed',
  'listing.created',
  'match.created',
  'viewing.booked',
  'viewing.cancelled',
  'viewing.held',
  'viewing.no_show',
  'task.done',
  'sale.recorded',
] as const;
export type AnalyticsEventType = (typeof ANALYTICS_EVENTS)[number];

export type AnalyticsValue = string | number | boolean | null | readonly string[];

export interface AnalyticsEvent {
  type: AnalyticsEventType;
  /** the member the event counts for; default: the acting member of the scope */
  userId?: string | null;
  entity?: { type: string; id: string };
  properties?: Record<string, AnalyticsValue>;
}

/** Where services record analytics events; `noAnalytics` where none are wanted (services built alone in tests). */
export interface AnalyticsSink {
  record(scope: Scope, events: AnalyticsEvent | readonly AnalyticsEvent[]): Promise<void>;
}

export const noAnalytics: AnalyticsSink = { record: async () => {} };

export function createAnalyticsEvents({ db, clock }: { db: DbTx; clock: Clock }): AnalyticsSink {
  return {
    async record(scope, events) {
      const list = (Array.isArray(events) ? events : [events]) as readonly AnalyticsEvent[];
      if (list.length === 0) return;
      const occurredAt = clock.now();
      const rows = JSON.stringify(
        list.map((e) => ({
          userId: e.userId === undefined ? (scope.userId ?? null) : e.userId,
          type: e.type,
          entityType: e.entity?.type ?? null,
          entityId: e.entity?.id ?? null,
          properties: e.properties ?? {},
        })),
      );
      // One statement for the batch, straight on pg (core/db/client.ts sql()): turns write a few of
      // these for nearly every message.
      await sql(db)`
        INSERT INTO analytics_events (organization_id, user_id, event_type, entity_type, entity_id, properties, occurred_at)
        SELECT ${scope.organizationId}::uuid, (r->>'userId')::uuid, r->>'type', r->>'entityType',
          (r->>'entityId')::uuid, r->'properties', ${occurredAt}::timestamptz
        FROM jsonb_array_elements(${rows}::jsonb) AS r`;
    },
  };
}
