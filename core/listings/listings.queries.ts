// Reads of listings and the brokers' marketplace. An organization sees its own properties in full;
// of other offices it sees only shared offers, and only their summaries (the owner's contact is
// revealed by acceptOffer in listings.service.ts, never here). Within the office, the owner's phone is
// shown to his broker and the office's managers only (core/teams/privacy.ts), never to a contact.

import type { DbTx } from '../db/client.ts';
import { fitsInt4 } from '../shared/limits.ts';
import type { Scope } from '../shared/scope.ts';
import { actingMember } from '../teams/authorize.ts';
import { maskPhone, shownPhone } from '../teams/privacy.ts';
import { type ListingSearch, monthlyRange, type OfferSummary } from './listings.types.ts';

/** The filters a listing and a marketplace offer share (type of deal and property, place). */
function listingFilters(f: ListingSearch) {
  return {
    ...(f.listingType ? { listingType: f.listingType } : {}),
    ...(f.propertyType ? { propertyType: f.propertyType as 'villa' } : {}),
    ...(f.city ? { city: f.city } : {}),
    ...(f.district ? { district: f.district } : {}),
  };
}

/** A property's filters: the shared ones and its price, a monthly rent's by its month (priceFilter). */
function propertyFilters(f: ListingSearch) {
  return { ...listingFilters(f), ...(f.priceMin || f.priceMax ? priceFilter(f.priceMin, f.priceMax) : {}) };
}

/** An offer's filters: the shared ones and its price, already stated as requests state theirs (comparablePrice). */
function offerFilters(f: ListingSearch) {
  return {
    ...listingFilters(f),
    ...(f.priceMin || f.priceMax ? { price: { gte: f.priceMin, lte: f.priceMax } } : {}),
  };
}

/**
 * A price range stated as requests state theirs (a rent by the year): a property rented by the month is
 * compared by its month's share of the range (comparablePrice's inverse), any other by its price.
 */
function priceFilter(min?: number, max?: number) {
  const range = { gte: min, lte: max };
  return {
    AND: [
      {
        OR: [
          { rentPeriod: null, price: range },
          { rentPeriod: { in: ['yearly' as const, 'daily' as const] }, price: range },
          { listingType: 'sale' as const, price: range },
          { listingType: 'rent' as const, rentPeriod: 'monthly' as const, price: monthlyRange(min, max) },
        ],
      },
    ],
  };
}

export function createListingsQueries({ db }: { db: DbTx }) {
  return {
    async byRef(scope: Scope, refNumber: number) {
      // a reference number beyond int4 is no property (and would fail the query)
      if (!fitsInt4(refNumber)) return null;
      return db.property.findFirst({
        where: { organizationId: scope.organizationId, refNumber },
        include: { images: { orderBy: { sortOrder: 'asc' } } },
      });
    },

    /**
     * One property of the organization with its photos and its owner's contact: the owner's phone in
     * full for his broker (the listing's, or the one the owner is assigned to) and the office's managers,
     * masked for other members and for contacts.
     */
    async propertyDetails(scope: Scope, propertyId: string) {
      const property = await db.property.findFirst({
        where: { id: propertyId, organizationId: scope.organizationId },
        include: {
          images: { orderBy: { sortOrder: 'asc' } },
          ownerCustomer: { select: { name: true, phone: true, assignedToId: true } },
        },
      });
      if (!property?.ownerCustomer) return property;
      const { assignedToId, phone, name } = property.ownerCustomer;
      const shown =
        actingMember(scope) || !phone
          ? shownPhone(scope, phone, [assignedToId, property.userId])
          : scope.role === 'system'
            ? phone
            : maskPhone(phone);
      return { ...property, ownerCustomer: { name, phone: shown } };
    },

    /**
     * How many active listings the organization has, by deal (of the given brokers with `userIds`, of
     * one property type with `propertyType`): «كم عقار عندي للبيع».
     */
    async activeCounts(scope: Scope, f: { userIds?: string[]; propertyType?: string } = {}) {
      const rows = await db.property.groupBy({
        by: ['listingType'],
        where: {
          organizationId: scope.organizationId,
          status: 'active',
          ...(f.userIds ? { userId: { in: f.userIds } } : {}),
          ...(f.propertyType ? { propertyType: f.propertyType as 'villa' } : {}),
        },
        _count: { _all: true },
      });
      const of = (deal: 'sale' | 'rent') => rows.find((r) => r.listingType === deal)?._count._all ?? 0;
      return { sale: of('sale'), rent: of('rent') };
    },

    /** The organization's active listings matching the filters (of one broker with `userId`), newest first. */
    async search(scope: Scope, f: ListingSearch & { userId?: string }) {
      return db.property.findMany({
        where: {
          organizationId: scope.organizationId,
          status: 'active',
          ...(f.userId ? { userId: f.userId } : {}),
          ...propertyFilters(f),
          ...(f.areaMin ? { area: { gte: f.areaMin } } : {}),
          ...(f.bedroomsMin ? { bedrooms: { gte: f.bedroomsMin } } : {}),
        },
        orderBy: [{ createdAt: 'desc' }, { refNumber: 'desc' }],
        take: f.limit ?? 10,
        include: { _count: { select: { images: true } } },
      });
    },

    /**
     * What a client may see of the organization's active listings: a page of them (newest first) and
     * how many match in all, so that the chat can offer «المزيد». Only public facts are selected: the
     * owner's contact never leaves the office through this query.
     */
    async publicSearch(scope: Scope, f: ListingSearch & { offset?: number }) {
      const where = {
        organizationId: scope.organizationId,
        status: 'active' as const,
        ...propertyFilters(f),
        ...(f.areaMin ? { area: { gte: f.areaMin } } : {}),
        ...(f.bedroomsMin ? { bedrooms: { gte: f.bedroomsMin } } : {}),
      };
      // One after the other: the queries share the turn's transaction.
      const items = await db.property.findMany({
        where,
        orderBy: [{ createdAt: 'desc' }, { refNumber: 'desc' }],
        skip: f.offset ?? 0,
        take: f.limit ?? 5,
        select: {
          id: true,
          refNumber: true,
          title: true,
          listingType: true,
          propertyType: true,
          city: true,
          district: true,
          area: true,
          price: true,
          rentPeriod: true,
          bedrooms: true,
        },
      });
      const total = await db.property.count({ where });
      return { items, total };
    },

    /** A client's requests still open, newest first ("وش صار على طلبي؟"), with how many matches each has. */
    async clientRequests(scope: Scope, customerId: string) {
      return db.request.findMany({
        where: { organizationId: scope.organizationId, customerId, status: 'active' },
        orderBy: { createdAt: 'desc' },
        take: 5,
        select: {
          id: true,
          type: true,
          propertyTypes: true,
          cities: true,
          districts: true,
          priceMax: true,
          createdAt: true,
          _count: { select: { smartMatches: true } },
        },
      });
    },

    /** Shared offers of other organizations matching the filters: summaries only. */
    async searchMarketplace(scope: Scope, f: ListingSearch) {
      const offers = await db.offer.findMany({
        where: {
          organizationId: { not: scope.organizationId },
          isShared: true,
          status: 'active',
          ...offerFilters(f),
        },
        orderBy: { createdAt: 'desc' },
        take: f.limit ?? 5,
        select: { id: true, summary: true, price: true, maxBrokers: true, acceptedCount: true },
      });
      // Summaries are JSON written by listings.service create() in this shape.
      return offers.map((o) => ({ ...o, summary: o.summary as unknown as OfferSummary }));
    },

    /**
     * A shared offer of another office, as its summary: the marketplace is where one office sees
     * another's offers, so the scope's own offers are not found here.
     */
    async marketplaceOffer(scope: Scope, offerId: string) {
      const offer = await db.offer.findFirst({
        where: { id: offerId, isShared: true, organizationId: { not: scope.organizationId } },
        select: {
          id: true,
          summary: true,
          maxBrokers: true,
          acceptedCount: true,
          acceptances: { where: { organizationId: scope.organizationId }, select: { brokerId: true } },
        },
      });
      return offer && { ...offer, summary: offer.summary as unknown as OfferSummary };
    },
  };
}

export type ListingsQueries = ReturnType<typeof createListingsQueries>;
