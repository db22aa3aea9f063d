// Match alerts to clients: a client whose request matches one of the office's own active listings is
// told of it in his chat («برسل لك العقارات المناسبة» is a promise). Paced (at most
// CLIENT_ALERTS_PER_DAY a day per chat) and stoppable («وقف التنبيهات»): the choice is kept on the
// client's requests (`contact_preferences.alerts`), so that a new request of his starts with alerts on
// and an old one never wakes them again.
import type { DbTx } from '../db/client.ts';
import type { Clock } from '../shared/clock.ts';
import type { Scope } from '../shared/scope.ts';

export const CLIENT_ALERTS_PER_DAY = 3;
/** The idempotency key prefix of a client's match alert (the pacing counts these). */
export const CLIENT_ALERT_KEY = 'client-match:';

const DAY_MS = 86_400_000;

export interface ClientAlert {
  requestId: string;
  contact: { id: string; channelAccountId: string; externalId: string; language: string | null };
  property: {
    id: string;
    refNumber: number;
    propertyType: string;
    listingType: string;
    city: string;
    district: string | null;
    price: number;
    rentPeriod: string | null;
    area: number | null;
  };
}

const alertsOff = (prefs: unknown) =>
  typeof prefs === 'object' && prefs !== null && (prefs as { alerts?: unknown }).alerts === false;

export function createClientAlerts({ db, clock }: { db: DbTx; clock: Clock }) {
  return {
    /**
     * The alerts to send for these matches: one per (client chat, listing), only for a request of a
     * client with a chat, of the listing's own office (a shared offer of another office is never shown to
     * its clients), an active listing, alerts not stopped, and within the day's pace.
     */
    async clientAlertsFor(scope: Scope, matchIds: string[]): Promise<ClientAlert[]> {
      if (matchIds.length === 0) return [];
      const matches = await db.smartMatch.findMany({
        where: { id: { in: matchIds }, organizationId: scope.organizationId },
        orderBy: { score: 'desc' },
        select: {
          request: {
            select: { id: true, organizationId: true, customerId: true, contactPreferences: true, status: true },
          },
          offer: { select: { organizationId: true, propertyId: true } },
        },
      });
      const out: ClientAlert[] = [];
      const sentToday = new Map<string, number>();
      const seen = new Set<string>();
      for (const m of matches) {
        const { request, offer } = m;
        if (!request.customerId || request.status !== 'active' || alertsOff(request.contactPreferences)) continue;
        if (offer.organizationId !== request.organizationId || !offer.propertyId) continue;
        const property = await db.property.findFirst({
          where: { id: offer.propertyId, organizationId: request.organizationId, status: 'active' },
          select: {
            id: true,
            refNumber: true,
            propertyType: true,
            listingType: true,
            city: true,
            district: true,
            price: true,
            rentPeriod: true,
            area: true,
          },
        });
        if (!property) continue;
        const contact = await db.contact.findFirst({
          where: { organizationId: request.organizationId, customerId: request.customerId, userId: null },
          orderBy: { lastInboundAt: { sort: 'desc', nulls: 'last' } },
          select: { id: true, channelAccountId: true, externalId: true, language: true },
        });
        if (!contact || seen.has(`${contact.id}:${property.id}`)) continue;
        seen.add(`${contact.id}:${property.id}`);
        let count = sentToday.get(contact.id);
        if (count === undefined) {
          count = await db.outboundMessage.count({
            where: {
              contactId: contact.id,
              idempotencyKey: { startsWith: CLIENT_ALERT_KEY },
              createdAt: { gt: new Date(clock.now().getTime() - DAY_MS) },
            },
          });
        }
        if (count >= CLIENT_ALERTS_PER_DAY) continue;
        sentToday.set(contact.id, count + 1);
        out.push({ requestId: request.id, contact, property });
      }
      return out;
    },

    /**
     * The one listing the client was alerted to lately (within `withinMs`), by its reference number: what
     * «ابي اشوفها» («I want to see it») names. Null when there was none, or several (then he is asked).
     */
    async lastAlertedRef(scope: Scope, contactId: string, withinMs = 3 * DAY_MS): Promise<number | null> {
      const alerts = await db.outboundMessage.findMany({
        where: {
          organizationId: scope.organizationId,
          contactId,
          idempotencyKey: { startsWith: CLIENT_ALERT_KEY },
          status: 'sent', // one he has seen, by the business clock
          sentAt: { gt: new Date(clock.now().getTime() - withinMs) },
        },
        select: { idempotencyKey: true },
        take: CLIENT_ALERTS_PER_DAY * 3 + 1,
      });
      // the key is client-match:<request id>:<property id>
      const properties = new Set(alerts.map((a) => a.idempotencyKey.slice(a.idempotencyKey.lastIndexOf(':') + 1)));
      if (properties.size !== 1) return null;
      const [propertyId] = properties;
      const property = await db.property.findFirst({
        where: { id: propertyId, organizationId: scope.organizationId, status: 'active' },
        select: { refNumber: true },
      });
      return property?.refNumber ?? null;
    },

    /** «وقف التنبيهات» / «شغل التنبيهات»: on every open request of the client; how many requests. */
    async setClientAlerts(scope: Scope, customerId: string, on: boolean): Promise<number> {
      const requests = await db.request.findMany({
        where: { organizationId: scope.organizationId, customerId, status: 'active' },
        select: { id: true, contactPreferences: true },
      });
      for (const r of requests) {
        const prefs =
          typeof r.contactPreferences === 'object' &&
          r.contactPreferences !== null &&
          !Array.isArray(r.contactPreferences)
            ? r.contactPreferences
            : {};
        await db.request.update({ where: { id: r.id }, data: { contactPreferences: { ...prefs, alerts: on } } });
      }
      return requests.length;
    },
  };
}
