// A homeowner's own listings, after he listed them (issue 16): what he sees of them («عقاراتي») and what
// he may change himself: the price, pausing, reactivating, withdrawing, and telling us it was sold or
// rented (and by whom). A homeowner is a contact, not a member: every command takes the office's scope
// and the owner (his chat's customer, or the office's customer with his phone), and reaches only a
// property whose owner he is; another owner's listing is "not found". Each change re-runs matching on
// the offers it touches (after the commit: the jobs are the caller's deferred queue), is audited (always:
// no member acts) and noted on the owner's customer record, where his broker sees it.
//
// The property's status carries the owner's view of it: active (on the market), draft (paused by the
// owner: off the market, its offers paused), archived (withdrawn: its offers closed), sold, rented.
// Views are the times a client opened the listing's details in chat (countView, from the search flow).
import { randomUUID } from 'node:crypto';
import { audit } from '../audit/audit.ts';
import type { DbTx } from '../db/client.ts';
import type { JobQueue } from '../jobs/job-map.ts';
import { err, ok, type Result } from '../shared/result.ts';
import type { Scope } from '../shared/scope.ts';
import { priceSchema } from './listings.types.ts';
import { repriceProperty } from './reprice.ts';

/** Who the owner is: his chat's customer and his phone (E.164); either may be missing. */
export interface OwnerRef {
  customerId?: string | null;
  phone?: string | null;
}

export type OwnerStatus = 'active' | 'paused' | 'withdrawn' | 'sold' | 'rented';
/** Who closed the deal, as the owner says: through our broker, another office, or himself. */
export type SoldVia = 'office' | 'other' | 'owner';

export type OwnerChange =
  | { kind: 'price'; price: number }
  | { kind: 'pause' }
  | { kind: 'activate' }
  | { kind: 'withdraw' }
  | { kind: 'closed'; soldVia: SoldVia };

export type OwnerListingErrorCode =
  | 'LISTING.NOT_FOUND'
  | 'LISTING.INVALID_INPUT'
  /** sold or rented (or, for a price, withdrawn): nothing to change */
  | 'LISTING.NOT_ACTIVE'
  /** already so: the same price, paused again, active again */
  | 'LISTING.UNCHANGED';

export interface OwnerListing {
  id: string;
  refNumber: number;
  propertyType: string;
  listingType: 'sale' | 'rent';
  rentPeriod: string | null;
  city: string;
  district: string | null;
  price: number;
  status: OwnerStatus;
  /** the listing's broker */
  brokerId: string | null;
  /** times clients opened its details in chat */
  views: number;
  /** seekers' requests it matches now (pending or accepted smart matches, one per request) */
  matches: number;
  upcomingViewings: number;
  nextViewingAt: Date | null;
  /** viewings held or still marked as booked whose time has passed (not cancelled, not no-shows) */
  pastViewings: number;
}

export interface OwnerChanged {
  refNumber: number;
  brokerId: string | null;
  /** the owner's name on his customer record (what his broker knows him by) */
  ownerName: string | null;
  from: { status: OwnerStatus; price: number };
  to: { status: OwnerStatus; price: number };
  /** offers whose matching runs again */
  offers: number;
}

/** One owner's week, for the weekly note. */
export interface OwnerWeek {
  customerId: string;
  contact: {
    id: string;
    channelAccountId: string;
    chatId: string;
    language: string | null;
    lastInboundAt: Date | null;
    channelKind: string;
  };
  listings: Array<{
    refNumber: number;
    propertyType: string;
    listingType: 'sale' | 'rent';
    district: string | null;
    city: string;
    status: OwnerStatus;
    newMatches: number;
    viewingsHeld: number;
    viewingsAhead: number;
  }>;
}

export const DB_STATUS = {
  active: 'active',
  paused: 'draft',
  withdrawn: 'archived',
  sold: 'sold',
  rented: 'rented',
} as const;

/**
 * A listing moved to a status, by its owner or a member: the property (published only while active) and
 * its offers (paused ones come back on reactivation; a withdrawal or a closed deal closes them), and
 * matching queued again for the offers touched (a live listing is matched again; pending matches of one
 * off the market expire). Returns the offers touched.
 */
export async function moveListing(
  db: DbTx,
  jobs: JobQueue,
  scope: Scope,
  propertyId: string,
  to: OwnerStatus,
  why: string,
): Promise<string[]> {
  await db.property.updateMany({
    where: { id: propertyId, organizationId: scope.organizationId },
    data: { status: DB_STATUS[to], isPublished: to === 'active' },
  });
  const [fromOffers, toOffer] =
    to === 'active'
      ? [['paused', 'closed'] as const, 'active' as const]
      : to === 'paused'
        ? [['active'] as const, 'paused' as const]
        : [['active', 'paused'] as const, 'closed' as const];
  const touched = await db.offer.findMany({
    where: { organizationId: scope.organizationId, propertyId, status: { in: [...fromOffers] } },
    select: { id: true },
  });
  const offers = touched.map((o) => o.id);
  await db.offer.updateMany({ where: { id: { in: offers } }, data: { status: toOffer } });
  for (const id of offers) {
    await jobs.enqueue('matching.run', { kind: 'offer', id }, { jobId: `match-offer-${id}-${why}-${randomUUID()}` });
  }
  return offers;
}

export function ownerStatusOf(status: string): OwnerStatus {
  switch (status) {
    case 'active':
      return 'active';
    case 'sold':
      return 'sold';
    case 'rented':
      return 'rented';
    case 'archived':
      return 'withdrawn';
    default:
      return 'paused';
  }
}

/**
 * The status a change leads to from the present one, or why it cannot. Pure: the rules of what an owner
 * may do with his listing.
 */
export function nextOwnerStatus(
  from: OwnerStatus,
  change: OwnerChange,
  listingType: 'sale' | 'rent',
): OwnerStatus | 'LISTING.NOT_ACTIVE' | 'LISTING.UNCHANGED' {
  const closed = from === 'sold' || from === 'rented';
  switch (change.kind) {
    case 'price':
      return closed || from === 'withdrawn' ? 'LISTING.NOT_ACTIVE' : from;
    case 'pause':
      if (closed || from === 'withdrawn') return 'LISTING.NOT_ACTIVE';
      return from === 'paused' ? 'LISTING.UNCHANGED' : 'paused';
    case 'activate':
      if (closed) return 'LISTING.NOT_ACTIVE';
      return from === 'active' ? 'LISTING.UNCHANGED' : 'active';
    case 'withdraw':
      if (closed) return 'LISTING.NOT_ACTIVE';
      return from === 'withdrawn' ? 'LISTING.UNCHANGED' : 'withdrawn';
    case 'closed':
      if (closed) return 'LISTING.UNCHANGED';
      return listingType === 'rent' ? 'rented' : 'sold';
  }
}

/** A matching pair that still counts for the owner. */
const LIVE_MATCH = ['pending', 'accepted'] as const;

export function createOwnerListings({ db, jobs }: { db: DbTx; jobs: JobQueue }) {
  /** The office's customers the owner is: his chat's customer, and the one with his phone. */
  async function ownerCustomerIds(scope: Scope, owner: OwnerRef): Promise<string[]> {
    const ids = new Set<string>();
    if (owner.customerId) ids.add(owner.customerId);
    if (owner.phone) {
      const byPhone = await db.customer.findMany({
        where: { organizationId: scope.organizationId, phone: owner.phone },
        select: { id: true },
      });
      for (const c of byPhone) ids.add(c.id);
    }
    return [...ids];
  }

  return {
    /** The owner's listings, newest first, with their views, matches and viewings. */
    async ownerListings(scope: Scope, owner: OwnerRef, now: Date): Promise<OwnerListing[]> {
      const customers = await ownerCustomerIds(scope, owner);
      if (customers.length === 0) return [];
      const properties = await db.property.findMany({
        where: { organizationId: scope.organizationId, ownerCustomerId: { in: customers } },
        orderBy: [{ createdAt: 'desc' }, { refNumber: 'desc' }],
        take: 20,
        select: {
          id: true,
          refNumber: true,
          propertyType: true,
          listingType: true,
          rentPeriod: true,
          city: true,
          district: true,
          price: true,
          status: true,
          userId: true,
          viewsCount: true,
        },
      });
      if (properties.length === 0) return [];
      const ids = properties.map((p) => p.id);
      // One after the other: the queries share the turn's transaction.
      const matches = await db.$queryRaw<Array<{ property_id: string; n: number }>>`
        SELECT o.property_id::text AS property_id, count(DISTINCT m.request_id)::int AS n
        FROM smart_matches m JOIN offers o ON o.id = m.offer_id
        WHERE o.organization_id = ${scope.organizationId}::uuid
          AND o.property_id = ANY(${ids}::uuid[])
          AND m.status::text = ANY(${[...LIVE_MATCH]}::text[])
        GROUP BY o.property_id`;
      const viewings = await db.appointment.findMany({
        where: {
          organizationId: scope.organizationId,
          propertyId: { in: ids },
          status: { notIn: ['cancelled', 'no_show'] },
        },
        select: { propertyId: true, startsAt: true },
        orderBy: { startsAt: 'asc' },
      });
      return properties.map((p) => {
        const own = viewings.filter((v) => v.propertyId === p.id);
        const ahead = own.filter((v) => v.startsAt.getTime() >= now.getTime());
        return {
          id: p.id,
          refNumber: p.refNumber,
          propertyType: p.propertyType,
          listingType: p.listingType,
          rentPeriod: p.rentPeriod,
          city: p.city,
          district: p.district,
          price: p.price,
          status: ownerStatusOf(p.status),
          brokerId: p.userId,
          views: p.viewsCount,
          matches: matches.find((m) => m.property_id === p.id)?.n ?? 0,
          upcomingViewings: ahead.length,
          nextViewingAt: ahead[0]?.startsAt ?? null,
          pastViewings: own.length - ahead.length,
        };
      });
    },

    /**
     * The owner's change to one of his listings: the property and its offers follow, matching runs again
     * on the offers touched, and the change is audited and noted on his customer record.
     */
    async ownerChange(
      scope: Scope,
      owner: OwnerRef,
      propertyId: string,
      change: OwnerChange,
      now: Date,
    ): Promise<Result<OwnerChanged, OwnerListingErrorCode>> {
      if (change.kind === 'price' && !priceSchema.safeParse(change.price).success) {
        return err('LISTING.INVALID_INPUT', { field: 'price' });
      }
      const customers = await ownerCustomerIds(scope, owner);
      if (customers.length === 0) return err('LISTING.NOT_FOUND');
      const property = await db.property.findFirst({
        where: { id: propertyId, organizationId: scope.organizationId, ownerCustomerId: { in: customers } },
        select: {
          id: true,
          refNumber: true,
          status: true,
          price: true,
          listingType: true,
          rentPeriod: true,
          userId: true,
          ownerCustomerId: true,
          ownerCustomer: { select: { name: true } },
        },
      });
      if (!property) return err('LISTING.NOT_FOUND');
      const from = ownerStatusOf(property.status);
      const to = nextOwnerStatus(from, change, property.listingType);
      if (to === 'LISTING.NOT_ACTIVE' || to === 'LISTING.UNCHANGED') return err(to, { status: from });
      const price = change.kind === 'price' ? change.price : property.price;
      if (change.kind === 'price' && price === property.price) return err('LISTING.UNCHANGED', { status: from });

      let offers: string[] = [];
      if (change.kind === 'price') {
        offers = await repriceProperty(db, jobs, scope, property, price, 'owner');
      } else {
        offers = await moveListing(db, jobs, scope, property.id, to, `owner-${change.kind}`);
      }
      const soldVia = change.kind === 'closed' ? change.soldVia : undefined;
      await audit(db, scope, {
        action: change.kind === 'price' ? 'property.price_changed' : 'property.status_changed',
        entityType: 'property',
        entityId: property.id,
        details: {
          by: 'owner',
          ...(change.kind === 'price'
            ? { from: property.price, to: price }
            : { from: DB_STATUS[from], to: DB_STATUS[to], soldVia }),
          offers: offers.length,
        },
        always: true,
      });
      if (property.ownerCustomerId) {
        await db.customerActivity.create({
          data: {
            organizationId: scope.organizationId,
            customerId: property.ownerCustomerId,
            type: change.kind === 'price' ? 'updated' : 'status_change',
            description:
              change.kind === 'price'
                ? `owner changed the price of property ${property.refNumber}`
                : `owner set property ${property.refNumber} to ${to}${soldVia ? ` (closed via ${soldVia})` : ''}`,
            metadata: {
              propertyId: property.id,
              refNumber: property.refNumber,
              by: 'owner',
              ...(change.kind === 'price' ? { from: property.price, to: price } : { from, to }),
              ...(soldVia ? { soldVia } : {}),
            },
            createdAt: now,
          },
        });
      }
      return ok({
        refNumber: property.refNumber,
        brokerId: property.userId,
        ownerName: property.ownerCustomer?.name ?? null,
        from: { status: from, price: property.price },
        to: { status: to, price },
        offers: offers.length,
      });
    },

    /**
     * A client opened the listing's details: one more view. A raw update, so that the property's
     * updated_at (its ETag in the API) stays as it was.
     */
    async countView(scope: Scope, propertyId: string): Promise<void> {
      await db.$executeRaw`
        UPDATE properties SET views_count = views_count + 1
        WHERE id = ${propertyId}::uuid AND organization_id = ${scope.organizationId}::uuid AND status = 'active'`;
    },

    /**
     * The weekly note's facts: every owner of the office with a listing on the market or paused, the chat
     * he last wrote from (an owner who never wrote is not written to first), and per listing the new
     * matches and the viewings held in [from, to), and those booked in the week after `to`.
     */
    async ownersWeek(scope: Scope, window: { from: Date; to: Date }): Promise<OwnerWeek[]> {
      const properties = await db.property.findMany({
        where: {
          organizationId: scope.organizationId,
          status: { in: ['active', 'draft'] },
          ownerCustomerId: { not: null },
        },
        orderBy: { refNumber: 'asc' },
        select: {
          id: true,
          refNumber: true,
          propertyType: true,
          listingType: true,
          district: true,
          city: true,
          status: true,
          ownerCustomerId: true,
          ownerCustomer: { select: { phone: true, status: true } },
        },
      });
      // an owner the office deleted (status inactive, a soft delete) is not written to
      const live = properties.filter((p) => p.ownerCustomerId && p.ownerCustomer?.status !== 'inactive');
      if (live.length === 0) return [];
      const ids = live.map((p) => p.id);
      const matches = await db.$queryRaw<Array<{ property_id: string; n: number }>>`
        SELECT o.property_id::text AS property_id, count(DISTINCT m.request_id)::int AS n
        FROM smart_matches m JOIN offers o ON o.id = m.offer_id
        WHERE o.organization_id = ${scope.organizationId}::uuid
          AND o.property_id = ANY(${ids}::uuid[])
          AND m.status::text = ANY(${[...LIVE_MATCH]}::text[])
          AND m.created_at >= ${window.from} AND m.created_at < ${window.to}
        GROUP BY o.property_id`;
      const weekAfter = new Date(window.to.getTime() + 7 * 86_400_000);
      const viewings = await db.appointment.findMany({
        where: {
          organizationId: scope.organizationId,
          propertyId: { in: ids },
          status: { notIn: ['cancelled', 'no_show'] },
          startsAt: { gte: window.from, lt: weekAfter },
        },
        select: { propertyId: true, startsAt: true },
      });
      const owners = new Map<string, OwnerWeek['listings']>();
      for (const p of live) {
        const own = viewings.filter((v) => v.propertyId === p.id);
        const held = own.filter((v) => v.startsAt.getTime() < window.to.getTime()).length;
        const list = owners.get(p.ownerCustomerId!) ?? [];
        list.push({
          refNumber: p.refNumber,
          propertyType: p.propertyType,
          listingType: p.listingType,
          district: p.district,
          city: p.city,
          status: ownerStatusOf(p.status),
          newMatches: matches.find((m) => m.property_id === p.id)?.n ?? 0,
          viewingsHeld: held,
          viewingsAhead: own.length - held,
        });
        owners.set(p.ownerCustomerId!, list);
      }
      const out: OwnerWeek[] = [];
      for (const [customerId, listings] of owners) {
        const phone = live.find((p) => p.ownerCustomerId === customerId)?.ownerCustomer?.phone;
        // His chat: linked to his customer, or with his phone; never a member's.
        const contact = await db.contact.findFirst({
          where: {
            organizationId: scope.organizationId,
            userId: null,
            OR: [{ customerId }, ...(phone ? [{ phone }] : [])],
          },
          orderBy: { lastInboundAt: { sort: 'desc', nulls: 'last' } },
          select: {
            id: true,
            channelAccountId: true,
            externalId: true,
            language: true,
            lastInboundAt: true,
            channelAccount: { select: { kind: true, isEnabled: true } },
          },
        });
        if (!contact?.lastInboundAt || !contact.channelAccount.isEnabled) continue;
        out.push({
          customerId,
          contact: {
            id: contact.id,
            channelAccountId: contact.channelAccountId,
            chatId: contact.externalId,
            language: contact.language,
            lastInboundAt: contact.lastInboundAt,
            channelKind: contact.channelAccount.kind,
          },
          listings,
        });
      }
      return out;
    },
  };
}

export type OwnerListings = ReturnType<typeof createOwnerListings>;
