// Commands on an office's own listings beyond listing them (listings.service.ts): publishing on the
// marketplace and withdrawing from it, the property's status (a sold or rented property leaves the
// market), its photos, and pausing or closing one of its offers. Each is authorized first (properties.
// publish or properties.edit), reaches only the office's own rows, is audited, and asks matching to run
// again on the offers it changes (after the commit: the jobs are the caller's deferred queue).
import { randomUUID } from 'node:crypto';
import { audit } from '../audit/audit.ts';
import type { DbTx } from '../db/client.ts';
import type { JobQueue } from '../jobs/job-map.ts';
import type { Clock } from '../shared/clock.ts';
import { err, ok, type Result } from '../shared/result.ts';
import type { Scope } from '../shared/scope.ts';
import { storageKey } from '../storage/storage.ts';
import { authorize } from '../teams/authorize.ts';
import type { ListingErrorCode } from './listings.types.ts';
import type { OfferStatus, PropertyStatus } from './properties.queries.ts';

export type PropertyErrorCode =
  | ListingErrorCode
  /** publishing on the marketplace needs the REGA advertising licence number */
  | 'LISTING.LICENCE_REQUIRED'
  /** a sold, rented or archived property is not published */
  | 'LISTING.NOT_ACTIVE'
  | 'LISTING.TOO_MANY_IMAGES'
  | 'OFFER.NOT_FOUND';

export const MAX_IMAGES = 20;
export const IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;

export function createPropertiesService({ db, jobs, clock }: { db: DbTx; jobs: JobQueue; clock: Clock }) {
  const rematch = (offerIds: readonly string[], why: string) =>
    Promise.all(
      offerIds.map((id) =>
        jobs.enqueue('matching.run', { kind: 'offer', id }, { jobId: `match-offer-${id}-${why}-${randomUUID()}` }),
      ),
    );

  const own = (scope: Scope, id: string) =>
    db.property.findFirst({
      where: { id, organizationId: scope.organizationId },
      select: { id: true, status: true, isPublished: true, regaAdLicenseNumber: true },
    });

  return {
    /** On the marketplace: the property is published and its active offers shared (needs the licence). */
    async publish(scope: Scope, propertyId: string): Promise<Result<{ offers: number }, PropertyErrorCode>> {
      authorize(scope, 'properties', 'publish', 'property.publish');
      const property = await own(scope, propertyId);
      if (!property) return err('LISTING.NOT_FOUND');
      if (property.status !== 'active') return err('LISTING.NOT_ACTIVE', { status: property.status });
      if (!property.regaAdLicenseNumber) return err('LISTING.LICENCE_REQUIRED');
      await db.property.updateMany({
        where: { id: propertyId, organizationId: scope.organizationId },
        data: { isPublished: true },
      });
      const offers = await db.offer.findMany({
        where: { organizationId: scope.organizationId, propertyId, status: 'active' },
        select: { id: true },
      });
      await db.offer.updateMany({ where: { id: { in: offers.map((o) => o.id) } }, data: { isShared: true } });
      await audit(db, scope, {
        action: 'property.published',
        entityType: 'property',
        entityId: propertyId,
        details: { offers: offers.length },
      });
      await rematch(
        offers.map((o) => o.id),
        'published',
      );
      return ok({ offers: offers.length });
    },

    /** Off the marketplace: the property unpublished, its offers no longer shared with other offices. */
    async unpublish(scope: Scope, propertyId: string): Promise<Result<{ offers: number }, PropertyErrorCode>> {
      authorize(scope, 'properties', 'publish', 'property.unpublish');
      const property = await own(scope, propertyId);
      if (!property) return err('LISTING.NOT_FOUND');
      await db.property.updateMany({
        where: { id: propertyId, organizationId: scope.organizationId },
        data: { isPublished: false },
      });
      const offers = await db.offer.findMany({
        where: { organizationId: scope.organizationId, propertyId, isShared: true },
        select: { id: true },
      });
      await db.offer.updateMany({ where: { id: { in: offers.map((o) => o.id) } }, data: { isShared: false } });
      await audit(db, scope, {
        action: 'property.unpublished',
        entityType: 'property',
        entityId: propertyId,
        details: { offers: offers.length },
      });
      await rematch(
        offers.map((o) => o.id),
        'unpublished',
      );
      return ok({ offers: offers.length });
    },

    /**
     * The property's status. Leaving `active` (sold, rented, archived, back to draft) closes its active
     * offers and unpublishes it; coming back to `active` reopens its paused or closed offers.
     */
    async setStatus(
      scope: Scope,
      propertyId: string,
      status: PropertyStatus,
    ): Promise<Result<{ offers: number }, PropertyErrorCode>> {
      authorize(scope, 'properties', 'edit', 'property.status');
      const property = await own(scope, propertyId);
      if (!property) return err('LISTING.NOT_FOUND');
      if (property.status === status) return ok({ offers: 0 });
      const active = status === 'active';
      await db.property.updateMany({
        where: { id: propertyId, organizationId: scope.organizationId },
        data: { status, ...(active ? {} : { isPublished: false }) },
      });
      const offers = await db.offer.findMany({
        where: {
          organizationId: scope.organizationId,
          propertyId,
          status: active ? { in: ['paused', 'closed'] } : 'active',
        },
        select: { id: true },
      });
      await db.offer.updateMany({
        where: { id: { in: offers.map((o) => o.id) } },
        data: { status: active ? 'active' : 'closed' },
      });
      await audit(db, scope, {
        action: 'property.status_changed',
        entityType: 'property',
        entityId: propertyId,
        details: { from: property.status, to: status, offers: offers.length },
      });
      await rematch(
        offers.map((o) => o.id),
        `status-${status}`,
      );
      return ok({ offers: offers.length });
    },

    /**
     * A new photo of the property: its row and the storage key to write the bytes under (the caller
     * writes them in the same transaction, so that a failed write leaves no row). The first is the cover.
     */
    async addImage(
      scope: Scope,
      propertyId: string,
      image: { mimeType: (typeof IMAGE_TYPES)[number]; sizeBytes: number },
    ): Promise<Result<{ id: string; storageKey: string; sortOrder: number; isCover: boolean }, PropertyErrorCode>> {
      authorize(scope, 'properties', 'edit', 'property.image');
      const property = await own(scope, propertyId);
      if (!property) return err('LISTING.NOT_FOUND');
      const count = await db.propertyImage.count({ where: { propertyId, organizationId: scope.organizationId } });
      if (count >= MAX_IMAGES) return err('LISTING.TOO_MANY_IMAGES', { max: MAX_IMAGES });
      const last = await db.propertyImage.findFirst({
        where: { propertyId, organizationId: scope.organizationId },
        orderBy: { sortOrder: 'desc' },
        select: { sortOrder: true },
      });
      const key = storageKey(scope.organizationId, 'property', randomUUID(), image.mimeType);
      const row = await db.propertyImage.create({
        data: {
          organizationId: scope.organizationId,
          propertyId,
          storageKey: key,
          mimeType: image.mimeType,
          sizeBytes: image.sizeBytes,
          sortOrder: (last?.sortOrder ?? -1) + 1,
          isCover: count === 0,
        },
        select: { id: true, storageKey: true, sortOrder: true, isCover: true },
      });
      // the property changed (its ETag follows its updated_at)
      await db.property.updateMany({
        where: { id: propertyId, organizationId: scope.organizationId },
        data: { updatedAt: clock.now() },
      });
      await audit(db, scope, {
        action: 'property.image_added',
        entityType: 'property',
        entityId: propertyId,
        details: { imageId: row.id, mimeType: image.mimeType, sizeBytes: image.sizeBytes },
      });
      return ok(row);
    },

    /** Pauses, closes or reopens one of the office's offers. */
    async setOfferStatus(
      scope: Scope,
      offerId: string,
      status: Extract<OfferStatus, 'active' | 'paused' | 'closed'>,
    ): Promise<Result<{ id: string }, PropertyErrorCode>> {
      authorize(scope, 'properties', 'edit', 'offer.status');
      const offer = await db.offer.findFirst({
        where: { id: offerId, organizationId: scope.organizationId },
        select: { id: true, status: true },
      });
      if (!offer) return err('OFFER.NOT_FOUND');
      if (offer.status === status) return ok({ id: offerId });
      await db.offer.updateMany({ where: { id: offerId, organizationId: scope.organizationId }, data: { status } });
      await audit(db, scope, {
        action: 'offer.status_changed',
        entityType: 'offer',
        entityId: offerId,
        details: { from: offer.status, to: status },
      });
      await rematch([offerId], `status-${status}`);
      return ok({ id: offerId });
    },
  };
}

export type PropertiesService = ReturnType<typeof createPropertiesService>;
