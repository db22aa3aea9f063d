// The REGA licence given after a broker's listing was saved (issue 11: confirming saves at once, the
// licence is asked after): kept on the property and its offer, shared on request, and never on another
// organization's property.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createListingsService } from '../../core/listings/listings.service.ts';
import { unwrap } from '../../core/shared/result.ts';
import type { Scope } from '../../core/shared/scope.ts';
import { recordingJobs } from '../support/recording-jobs.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-db.ts';

let t: TestDatabase;
let ours: Scope;
let theirs: Scope;
let listings: ReturnType<typeof createListingsService>;
const jobs = recordingJobs();
const enqueued = jobs.enqueued;

async function member(slug: string, phone: string): Promise<Scope> {
  const org = await t.db.organization.create({ data: { name: slug, slug } });
  const user = await t.db.user.create({ data: { organizationId: org.id, phone, name: slug } });
  return { organizationId: org.id, userId: user.id, role: 'broker' };
}

beforeAll(async () => {
  t = await createTestDatabase();
  ours = await member('licence-a', '+966500000011');
  theirs = await member('licence-b', '+966500000012');
  listings = createListingsService({ db: t.db, jobs });
});
afterAll(async () => {
  await t?.drop();
});

const apartment = {
  listingType: 'rent' as const,
  propertyType: 'apartment' as const,
  city: 'Jeddah',
  district: 'الروضة',
  area: 140,
  price: 45_000,
};

describe('addAdLicence', () => {
  it('keeps the licence on the property and its offer, and shares the offer when asked', async () => {
    const saved = unwrap(await listings.create(ours, apartment));
    expect(saved.shared).toBe(false);
    const done = unwrap(await listings.addAdLicence(ours, saved.propertyId, { licence: '7200012345', share: true }));
    expect(done.shared).toBe(true);
    const property = await t.db.property.findUniqueOrThrow({ where: { id: saved.propertyId } });
    expect(property.regaAdLicenseNumber).toBe('7200012345');
    const offer = await t.db.offer.findUniqueOrThrow({ where: { id: saved.offerId } });
    expect(offer.isShared).toBe(true);
    expect((offer.summary as { regaAdLicenseNumber?: string }).regaAdLicenseNumber).toBe('7200012345');
    expect(enqueued.some((j) => j.includes(saved.offerId))).toBe(true);
  });

  it('keeps it private when not shared, and refuses a malformed licence', async () => {
    const saved = unwrap(await listings.create(ours, apartment));
    expect(unwrap(await listings.addAdLicence(ours, saved.propertyId, { licence: '1234567', share: false }))).toEqual({
      shared: false,
    });
    const offer = await t.db.offer.findUniqueOrThrow({ where: { id: saved.offerId } });
    expect(offer.isShared).toBe(false);
    const bad = await listings.addAdLicence(ours, saved.propertyId, { licence: '12a', share: true });
    expect(bad.ok).toBe(false);
  });

  it("does not find nor change another organization's property", async () => {
    const saved = unwrap(await listings.create(ours, apartment));
    const done = await listings.addAdLicence(theirs, saved.propertyId, { licence: '7200099999', share: true });
    expect(done.ok ? 'ok' : done.error.code).toBe('LISTING.NOT_FOUND');
    const property = await t.db.property.findUniqueOrThrow({ where: { id: saved.propertyId } });
    expect(property.regaAdLicenseNumber).toBeNull();
    const offer = await t.db.offer.findUniqueOrThrow({ where: { id: saved.offerId } });
    expect(offer.isShared).toBe(false);
  });
});
