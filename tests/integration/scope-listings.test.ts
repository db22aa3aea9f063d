// The listings module never finds, changes or reveals another organization's property or offer
// beyond what the marketplace shares: a summary of a shared offer, the owner's contact only to the
// broker who takes it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createListingsQueries } from '../../core/listings/listings.queries.ts';
import { createListingsService } from '../../core/listings/listings.service.ts';
import type { NewListing } from '../../core/listings/listings.types.ts';
import { unwrap } from '../../core/shared/result.ts';
import type { Scope } from '../../core/shared/scope.ts';
import { recordingJobs } from '../support/recording-jobs.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-db.ts';

let t: TestDatabase;
let ours: Scope;
let theirs: Scope;
let third: Scope;
let listings: ReturnType<typeof createListingsService>;
let queries: ReturnType<typeof createListingsQueries>;
let ownerId: string;
let theirCustomerId: string;
/** our listing shared on the marketplace, and one kept private */
let shared: { propertyId: string; offerId: string; refNumber: number };
let kept: { propertyId: string; offerId: string; refNumber: number };
const jobs = recordingJobs();
const enqueued = jobs.enqueued;

const villa: NewListing = {
  listingType: 'sale',
  propertyType: 'villa',
  city: 'Riyadh',
  district: 'النرجس',
  area: 450,
  price: 2_300_000,
};

async function member(slug: string, phone: string): Promise<Scope> {
  const org = await t.db.organization.create({ data: { name: slug, slug } });
  const user = await t.db.user.create({ data: { organizationId: org.id, phone, name: slug } });
  return { organizationId: org.id, userId: user.id, role: 'broker' };
}

beforeAll(async () => {
  t = await createTestDatabase();
  ours = await member('scope-lst-a', '+966500000001');
  theirs = await member('scope-lst-b', '+966500000002');
  third = await member('scope-lst-c', '+966500000003');
  listings = createListingsService({ db: t.db, jobs });
  queries = createListingsQueries({ db: t.db });
  ownerId = (
    await t.db.customer.create({
      data: { organizationId: ours.organizationId, name: 'المالك', phone: '+966551110000' },
    })
  ).id;
  theirCustomerId = (
    await t.db.customer.create({
      data: { organizationId: theirs.organizationId, name: 'عميلهم', phone: '+966552220000' },
    })
  ).id;
  shared = unwrap(
    await listings.create(ours, { ...villa, ownerCustomerId: ownerId, regaAdLicenseNumber: '1234567', share: true }),
  );
  kept = unwrap(await listings.create(ours, { ...villa, district: 'الملقا', ownerCustomerId: ownerId }));
});
afterAll(async () => {
  await t?.drop();
});

describe('a property of another organization', () => {
  it('is not found by its reference number', async () => {
    expect((await queries.byRef(ours, shared.refNumber))?.id).toBe(shared.propertyId);
    expect(await queries.byRef(theirs, shared.refNumber)).toBeNull();
  });

  it('shows no details, owner included', async () => {
    expect((await queries.propertyDetails(ours, kept.propertyId))?.ownerCustomer?.phone).toBe('+966551110000');
    expect(await queries.propertyDetails(theirs, kept.propertyId)).toBeNull();
  });

  it('is not among the search results', async () => {
    expect((await queries.search(ours, { city: 'Riyadh' })).map((p) => p.id).sort()).toEqual(
      [shared.propertyId, kept.propertyId].sort(),
    );
    expect(await queries.search(theirs, { city: 'Riyadh' })).toEqual([]);
  });

  it('cannot be withdrawn: its offers stay active and no matching run is queued', async () => {
    enqueued.length = 0;
    expect(await listings.withdraw(theirs, kept.propertyId, new Date('2026-11-21T10:00:00Z'))).toBe(0);
    const offer = await t.db.offer.findUniqueOrThrow({ where: { id: kept.offerId } });
    expect(offer.status).toBe('active');
    expect(enqueued).toEqual([]);
  });
});

describe('a new listing', () => {
  it('refuses another organization’s customer as its owner, and keeps no trace of it', async () => {
    const properties = await t.db.property.count({ where: { organizationId: ours.organizationId } });
    const offers = await t.db.offer.count({ where: { organizationId: ours.organizationId } });
    const refused = await listings.create(ours, { ...villa, ownerCustomerId: theirCustomerId });
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error.code).toBe('LISTING.OWNER_NOT_FOUND');
    expect(await t.db.property.count({ where: { organizationId: ours.organizationId } })).toBe(properties);
    expect(await t.db.offer.count({ where: { organizationId: ours.organizationId } })).toBe(offers);
  });
});

describe('the marketplace', () => {
  it('lists another office’s shared offers as summaries, never its private ones or the office’s own', async () => {
    const seen = await queries.searchMarketplace(theirs, { city: 'Riyadh' });
    expect(seen.map((o) => o.id)).toEqual([shared.offerId]);
    expect(JSON.stringify(seen)).not.toContain('+966551110000');
    expect(await queries.searchMarketplace(ours, { city: 'Riyadh' })).toEqual([]);
  });

  it('shows the detail of a shared offer to another office only, without the owner', async () => {
    const offer = await queries.marketplaceOffer(theirs, shared.offerId);
    expect(offer?.id).toBe(shared.offerId);
    expect(JSON.stringify(offer)).not.toContain('+966551110000');
    expect(await queries.marketplaceOffer(theirs, kept.offerId)).toBeNull();
    expect(await queries.marketplaceOffer(ours, shared.offerId)).toBeNull();
  });

  it('does not let another office take a private offer: nothing is counted, recorded or revealed', async () => {
    const refused = await listings.acceptOffer(theirs, kept.offerId);
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error.code).toBe('MARKET.NOT_SHARED');
    const offer = await t.db.offer.findUniqueOrThrow({ where: { id: kept.offerId } });
    expect(offer.acceptedCount).toBe(0);
    expect(await t.db.offerAcceptance.count({ where: { offerId: kept.offerId } })).toBe(0);
    expect(await t.db.auditLog.count({ where: { entityId: kept.offerId } })).toBe(0);
  });

  it('does not let an office take its own offer', async () => {
    const refused = await listings.acceptOffer(ours, shared.offerId);
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error.code).toBe('MARKET.OWN_OFFER');
    expect(await t.db.offerAcceptance.count({ where: { offerId: shared.offerId } })).toBe(0);
  });

  it('reveals the owner to the office that takes a shared offer, and tells a third office nothing of it', async () => {
    const taken = unwrap(await listings.acceptOffer(theirs, shared.offerId));
    expect(taken.fullDetails.ownerPhone).toBe('+966551110000');
    const acceptance = await t.db.offerAcceptance.findFirstOrThrow({ where: { offerId: shared.offerId } });
    expect(acceptance.organizationId).toBe(theirs.organizationId);
    expect((await queries.marketplaceOffer(theirs, shared.offerId))?.acceptances).toEqual([
      { brokerId: theirs.userId },
    ]);
    expect((await queries.marketplaceOffer(third, shared.offerId))?.acceptances).toEqual([]);
  });
});
