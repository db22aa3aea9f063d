// Commands on listings and the brokers' marketplace: a property with its reference number per
// organization and the offer that carries it (summary for other brokers, full details for the owner's
// side), photos, withdrawing it from the market, and accepting another office's shared offer within
// its max_brokers, which reveals the owner's contact and writes it to the audit log. Reads are in
// listings.queries.ts.
//
// A member lists with properties.create (and properties.publish to share on the marketplace), changes a
// listing with properties.edit; every change is audited (core/audit/audit.ts).
import { type AnalyticsSink, noAnalytics } from '../analytics/events.ts';
import { audit } from '../audit/audit.ts';
import type { DbTx } from '../db/client.ts';
import type { JobQueue } from '../jobs/job-map.ts';
import { COMMERCIAL_TYPES } from '../requests/requests.service.ts';
import { fitsInt4 } from '../shared/limits.ts';
import { err, ok, type Result } from '../shared/result.ts';
import type { Scope } from '../shared/scope.ts';
import { authorize, sees } from '../teams/authorize.ts';
import { type EventSink, noEvents } from '../webhooks/events.ts';
import {
  comparablePrice,
  type ListingErrorCode,
  type MarketErrorCode,
  type NewListing,
  newListingSchema,
  type OfferFullDetails,
  type OfferSummary,
  priceSchema,
} from './listings.types.ts';
import { DB_STATUS, moveListing, nextOwnerStatus, type OwnerStatus, ownerStatusOf } from './owner-listings.service.ts';
import { repriceProperty } from './reprice.ts';

const TYPE_AR: Record<string, string> = {
  apartment: 'شقة',
  villa: 'فيلا',
  land: 'أرض',
  floor: 'دور',
  building: 'عمارة',
  duplex: 'دوبلكس',
  townhouse: 'تاون هاوس',
  rest_house: 'استراحة',
  chalet: 'شاليه',
  farm: 'مزرعة',
  shop: 'محل',
  office: 'مكتب',
  warehouse: 'مستودع',
  showroom: 'معرض',
  palace: 'قصر',
};

export function listingTitle(l: { propertyType: string; listingType: string; district?: string | null }) {
  return `${TYPE_AR[l.propertyType] ?? l.propertyType} ${l.listingType === 'rent' ? 'للإيجار' : 'للبيع'}${l.district ? ` في ${l.district}` : ''}`;
}

export function createListingsService({
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
    async create(
      scope: Scope,
      input: NewListing,
    ): Promise<Result<{ propertyId: string; offerId: string; refNumber: number; shared: boolean }, ListingErrorCode>> {
      authorize(scope, 'properties', 'create', 'property.list');
      if (input.share) authorize(scope, 'properties', 'publish', 'property.publish');
      const parsed = newListingSchema.safeParse(input);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        return err('LISTING.INVALID_INPUT', { field: issue?.path.join('.'), message: issue?.message });
      }
      const l = parsed.data;
      // The owner must be a customer of this office: another office's customer is not found.
      const owner = l.ownerCustomerId
        ? await db.customer.findFirst({
            where: { id: l.ownerCustomerId, organizationId: scope.organizationId },
            select: { name: true, phone: true },
          })
        : null;
      if (l.ownerCustomerId && !owner) return err('LISTING.OWNER_NOT_FOUND');
      // The reference number comes from the organization's counter, under its row lock.
      const [counter] = await db.$queryRaw<Array<{ ref: number }>>`
        UPDATE organizations SET next_property_ref = next_property_ref + 1 WHERE id = ${scope.organizationId}::uuid
        RETURNING next_property_ref - 1 AS ref`;
      if (!counter) return err('LISTING.NOT_FOUND');
      const category = COMMERCIAL_TYPES.includes(l.propertyType) ? 'commercial' : 'residential';
      const title = listingTitle(l);
      // The facts a property, its offer and the offer's marketplace summary all carry.
      const facts = {
        propertyType: l.propertyType,
        listingType: l.listingType,
        city: l.city,
        district: l.district,
        price: l.price,
        area: l.area,
        bedrooms: l.bedrooms,
        bathrooms: l.bathrooms,
      };
      const property = await db.property.create({
        data: {
          organizationId: scope.organizationId,
          refNumber: counter.ref,
          userId: scope.userId,
          ownerCustomerId: l.ownerCustomerId,
          title,
          description: l.description,
          ...facts,
          category,
          rentPeriod: l.rentPeriod,
          age: l.age,
          streetWidth: l.streetWidth,
          facing: l.facing,
          features: l.features ?? [],
          status: 'active',
          isPublished: true,
          regaAdLicenseNumber: l.regaAdLicenseNumber,
          source: l.source,
          images: {
            create: l.images.map((image, i) => ({
              organizationId: scope.organizationId,
              storageKey: image.storageKey,
              mimeType: image.mimeType,
              sizeBytes: image.sizeBytes,
              sortOrder: i,
              isCover: i === 0,
            })),
          },
        },
      });
      // A listing is shared on the marketplace only with a REGA advertising licence.
      const shared = Boolean(l.share && l.regaAdLicenseNumber);
      const summary: OfferSummary = {
        title,
        ...facts,
        ...(l.listingType === 'rent' && l.rentPeriod ? { rentPeriod: l.rentPeriod } : {}),
        regaAdLicenseNumber: l.regaAdLicenseNumber,
        photos: l.images.length,
      };
      const broker = scope.userId
        ? await db.user.findFirst({
            where: { id: scope.userId, organizationId: scope.organizationId },
            select: { name: true, phone: true },
          })
        : null;
      const offer = await db.offer.create({
        data: {
          organizationId: scope.organizationId,
          userId: scope.userId,
          propertyId: property.id,
          ...facts,
          // the offer is what matching compares with requests: its price as theirs are stated
          price: comparablePrice(l.price, l.listingType, l.rentPeriod),
          category,
          isShared: shared,
          summary,
          fullDetails: {
            ...summary,
            refNumber: property.refNumber,
            ownerName: owner?.name,
            ownerPhone: owner?.phone,
            brokerName: broker?.name,
            brokerPhone: broker?.phone,
          },
        },
      });
      await audit(db, scope, {
        action: 'property.listed',
        entityType: 'property',
        entityId: property.id,
        details: {
          refNumber: property.refNumber,
          offerId: offer.id,
          propertyType: l.propertyType,
          listingType: l.listingType,
          shared,
          ownerCustomerId: l.ownerCustomerId ?? null,
        },
      });
      await events.emit(scope, 'property.listed', {
        property: {
          id: property.id,
          refNumber: property.refNumber,
          offerId: offer.id,
          brokerId: property.userId,
          ownerCustomerId: property.ownerCustomerId,
          propertyType: l.propertyType,
          listingType: l.listingType,
          city: l.city,
          district: l.district ?? null,
          price: l.price,
          area: l.area ?? null,
          bedrooms: l.bedrooms ?? null,
          bathrooms: l.bathrooms ?? null,
          shared,
        },
      });
      await analytics.record(scope, {
        type: 'listing.created',
        userId: property.userId,
        entity: { type: 'property', id: property.id },
        properties: {
          propertyType: l.propertyType,
          listingType: l.listingType,
          city: l.city,
          price: l.price,
          shared,
          byOwner: scope.role === 'contact',
        },
      });
      await jobs.enqueue('matching.run', { kind: 'offer', id: offer.id }, { jobId: `match-offer-${offer.id}` });
      return ok({ propertyId: property.id, offerId: offer.id, refNumber: property.refNumber, shared });
    },

    /**
     * The REGA advertising licence given after a listing was saved (a broker confirms first and is
     * asked for it then): kept on the property and its offers, and with `share` the active offer goes
     * on the marketplace, which needs the licence.
     */
    async addAdLicence(
      scope: Scope,
      propertyId: string,
      input: { licence: string; share: boolean },
    ): Promise<Result<{ shared: boolean }, ListingErrorCode>> {
      authorize(scope, 'properties', 'edit', 'property.licence');
      if (input.share) authorize(scope, 'properties', 'publish', 'property.publish');
      if (!/^\d{6,12}$/.test(input.licence)) return err('LISTING.INVALID_INPUT', { field: 'regaAdLicenseNumber' });
      const property = await db.property.findFirst({
        where: { id: propertyId, organizationId: scope.organizationId },
        select: { id: true },
      });
      if (!property) return err('LISTING.NOT_FOUND');
      await db.property.update({ where: { id: property.id }, data: { regaAdLicenseNumber: input.licence } });
      const offers = await db.offer.findMany({
        where: { organizationId: scope.organizationId, propertyId, status: 'active' },
        select: { id: true, summary: true, fullDetails: true },
      });
      for (const offer of offers) {
        const withLicence = (json: unknown) => ({ ...(json as object), regaAdLicenseNumber: input.licence });
        await db.offer.update({
          where: { id: offer.id },
          data: {
            isShared: input.share,
            summary: withLicence(offer.summary),
            fullDetails: withLicence(offer.fullDetails),
          },
        });
        if (input.share) {
          await jobs.enqueue(
            'matching.run',
            { kind: 'offer', id: offer.id },
            { jobId: `match-offer-${offer.id}-shared` },
          );
        }
      }
      await audit(db, scope, {
        action: 'property.licence_added',
        entityType: 'property',
        entityId: property.id,
        details: { shared: input.share && offers.length > 0, offers: offers.length },
      });
      return ok({ shared: input.share && offers.length > 0 });
    },

    /**
     * A member's new price for a listing of the office, by its reference number («غير سعر العقار ٤ الى
     * ٦٥ الف»): his own, or one of a broker he sees; a live one (draft or active), not one sold or
     * rented. Its offers carry the price and matching runs again (reprice.ts); audited with both prices.
     */
    async reprice(
      scope: Scope,
      refNumber: number,
      price: number,
    ): Promise<Result<{ propertyId: string; refNumber: number; from: number; to: number }, RepriceErrorCode>> {
      authorize(scope, 'properties', 'edit', 'property.price');
      if (!priceSchema.safeParse(price).success) return err('LISTING.INVALID_INPUT', { field: 'price' });
      const property = await db.property.findFirst({
        where: { organizationId: scope.organizationId, refNumber },
        select: {
          id: true,
          refNumber: true,
          price: true,
          status: true,
          userId: true,
          listingType: true,
          rentPeriod: true,
        },
      });
      if (!property || !sees(scope, property.userId)) return err('LISTING.NOT_FOUND');
      if (property.status !== 'active' && property.status !== 'draft') return err('LISTING.NOT_ACTIVE');
      if (property.price === price) return err('LISTING.UNCHANGED');
      const offers = await repriceProperty(db, jobs, scope, property, price, 'member');
      await audit(db, scope, {
        action: 'property.price_changed',
        entityType: 'property',
        entityId: property.id,
        details: { by: 'member', from: property.price, to: price, offers: offers.length },
        always: true,
      });
      return ok({ propertyId: property.id, refNumber: property.refNumber, from: property.price, to: price });
    },

    /**
     * A member pauses, withdraws or reactivates a listing of the office by its reference number («وقف
     * العقار ٢», «اسحب العقار ٣», «رجع العقار ٢»): his own, or one of a broker he sees; not one sold or
     * rented. The same moves as a homeowner's (owner-listings.service.ts moveListing); audited.
     */
    async setListingStatus(
      scope: Scope,
      refNumber: number,
      change: 'pause' | 'activate' | 'withdraw',
    ): Promise<Result<{ refNumber: number; from: OwnerStatus; to: OwnerStatus }, RepriceErrorCode>> {
      authorize(scope, 'properties', 'edit', 'property.status');
      if (!fitsInt4(refNumber)) return err('LISTING.NOT_FOUND');
      const property = await db.property.findFirst({
        where: { organizationId: scope.organizationId, refNumber },
        select: { id: true, refNumber: true, status: true, userId: true, listingType: true },
      });
      if (!property || !sees(scope, property.userId)) return err('LISTING.NOT_FOUND');
      const from = ownerStatusOf(property.status);
      const to = nextOwnerStatus(from, { kind: change }, property.listingType);
      if (to === 'LISTING.NOT_ACTIVE' || to === 'LISTING.UNCHANGED') return err(to);
      const offers = await moveListing(db, jobs, scope, property.id, to, `member-${change}`);
      await audit(db, scope, {
        action: 'property.status_changed',
        entityType: 'property',
        entityId: property.id,
        details: { by: 'member', from: DB_STATUS[from], to: DB_STATUS[to], offers: offers.length },
        always: true,
      });
      return ok({ refNumber: property.refNumber, from, to });
    },

    /**
     * A sold or rented property leaves the market: its offers close (other offices can no longer take
     * them) and matching runs again for them, which expires their pending matches.
     */
    async withdraw(scope: Scope, propertyId: string, at: Date) {
      authorize(scope, 'properties', 'edit', 'property.withdraw');
      const offers = await db.offer.findMany({
        where: { organizationId: scope.organizationId, propertyId, status: 'active' },
        select: { id: true },
      });
      await db.offer.updateMany({ where: { id: { in: offers.map((o) => o.id) } }, data: { status: 'closed' } });
      for (const offer of offers) {
        await jobs.enqueue(
          'matching.run',
          { kind: 'offer', id: offer.id },
          { jobId: `match-offer-${offer.id}-${at.getTime()}` },
        );
      }
      if (offers.length > 0) {
        await audit(db, scope, {
          action: 'property.withdrawn',
          entityType: 'property',
          entityId: propertyId,
          details: { offers: offers.length },
        });
      }
      return offers.length;
    },

    /**
     * A broker of another organization takes a shared offer: at most max_brokers of them (an atomic
     * conditional update). Only then is the owner's contact revealed, and the reveal is audited.
     */
    async acceptOffer(
      scope: Scope,
      offerId: string,
    ): Promise<Result<{ fullDetails: OfferFullDetails; already: boolean }, MarketErrorCode>> {
      authorize(scope, 'properties', 'edit', 'marketplace.accept');
      const brokerId = scope.userId;
      if (!brokerId) throw new Error('acceptOffer needs the accepting broker in its scope');
      const offer = await db.offer.findUnique({
        where: { id: offerId },
        select: { organizationId: true, isShared: true, status: true, fullDetails: true },
      });
      if (!offer?.isShared || offer.status !== 'active') return err('MARKET.NOT_SHARED');
      if (offer.organizationId === scope.organizationId) return err('MARKET.OWN_OFFER');
      const existing = await db.offerAcceptance.findUnique({
        where: { offerId_brokerId: { offerId, brokerId } },
      });
      if (!existing) {
        const taken = await db.$executeRaw`
          UPDATE offers SET accepted_count = accepted_count + 1, updated_at = now()
          WHERE id = ${offerId}::uuid AND accepted_count < max_brokers`;
        if (taken === 0) return err('MARKET.FULL');
        await db.offerAcceptance.create({
          data: { offerId, organizationId: scope.organizationId, brokerId },
        });
      }
      await audit(db, scope, {
        action: 'marketplace.contact_revealed',
        entityType: 'offer',
        entityId: offerId,
        details: { ownerOrganizationId: offer.organizationId, via: 'offer_acceptance' },
        always: true,
      });
      return ok({ fullDetails: offer.fullDetails as OfferFullDetails, already: Boolean(existing) });
    },
  };
}

export type ListingsService = ReturnType<typeof createListingsService>;

export type RepriceErrorCode =
  | 'LISTING.INVALID_INPUT'
  | 'LISTING.NOT_FOUND'
  | 'LISTING.NOT_ACTIVE'
  | 'LISTING.UNCHANGED';
