// A member pausing, withdrawing or bringing back a listing by its number («وقف العقار ٢», «اسحب العقار
// ٣», «رجع العقار ٢»; listings.service.ts setListingStatus): the property and its offers move as a
// homeowner's do, matching runs again, the move is audited; another office's listing, a colleague's he
// does not see, one sold and a move to where it already is change nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createListingsService } from '../../core/listings/listings.service.ts';
import type { NewListing } from '../../core/listings/listings.types.ts';
import { unwrap } from '../../core/shared/result.ts';
import type { Scope } from '../../core/shared/scope.ts';
import { brokerScopes } from '../support/broker-scopes.ts';
import { recordingJobs } from '../support/recording-jobs.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-db.ts';

let t: TestDatabase;
let broker: Scope;
let colleague: Scope;
let stranger: Scope;
let listings: ReturnType<typeof createListingsService>;
const jobs = recordingJobs();
const villa: NewListing = {
  listingType: 'sale',
  propertyType: 'villa',
  city: 'Riyadh',
  district: 'النرجس',
  area: 450,
  price: 2_300_000,
};

const stateOf = async (propertyId: string) => {
  const property = await t.db.property.findUniqueOrThrow({ where: { id: propertyId } });
  const offers = await t.db.offer.findMany({ where: { propertyId }, select: { status: true } });
  return { status: property.status, published: property.isPublished, offers: offers.map((o) => o.status) };
};

beforeAll(async () => {
  t = await createTestDatabase();
  ({ broker, colleague, stranger } = await brokerScopes(t, 'listing-status', 51));
  listings = createListingsService({ db: t.db, jobs });
});
afterAll(async () => {
  await t?.drop();
});

describe('a member moving a listing by its number', () => {
  it('pauses it, brings it back and withdraws it, with its offers, matching again and an audit row each time', async () => {
    const listed = unwrap(await listings.create(broker, villa));
    jobs.enqueued.length = 0;
    expect(unwrap(await listings.setListingStatus(broker, listed.refNumber, 'pause'))).toMatchObject({
      from: 'active',
      to: 'paused',
    });
    expect(await stateOf(listed.propertyId)).toEqual({ status: 'draft', published: false, offers: ['paused'] });
    expect(jobs.enqueued).toEqual([`matching.run:${JSON.stringify({ kind: 'offer', id: listed.offerId })}`]);

    unwrap(await listings.setListingStatus(broker, listed.refNumber, 'activate'));
    expect(await stateOf(listed.propertyId)).toEqual({ status: 'active', published: true, offers: ['active'] });

    unwrap(await listings.setListingStatus(broker, listed.refNumber, 'withdraw'));
    expect(await stateOf(listed.propertyId)).toEqual({ status: 'archived', published: false, offers: ['closed'] });

    const audited = await t.db.auditLog.findMany({
      where: { entityId: listed.propertyId, action: 'property.status_changed' },
      orderBy: { createdAt: 'asc' },
    });
    expect(audited.map((a) => a.details)).toEqual([
      { by: 'member', from: 'active', to: 'draft', offers: 1 },
      { by: 'member', from: 'draft', to: 'active', offers: 1 },
      { by: 'member', from: 'active', to: 'archived', offers: 1 },
    ]);
  });

  it('says so when it is already there, and leaves a sold one as it is', async () => {
    const listed = unwrap(await listings.create(broker, { ...villa, district: 'الملقا' }));
    expect(await listings.setListingStatus(broker, listed.refNumber, 'activate')).toMatchObject({
      error: { code: 'LISTING.UNCHANGED' },
    });
    await t.db.property.update({ where: { id: listed.propertyId }, data: { status: 'sold' } });
    expect(await listings.setListingStatus(broker, listed.refNumber, 'activate')).toMatchObject({
      error: { code: 'LISTING.NOT_ACTIVE' },
    });
    expect((await stateOf(listed.propertyId)).status).toBe('sold');
  });

  it('finds no listing of another office, nor a colleague’s he does not see', async () => {
    const listed = unwrap(await listings.create(broker, { ...villa, district: 'العليا' }));
    for (const scope of [stranger, colleague]) {
      expect(await listings.setListingStatus(scope, listed.refNumber, 'pause')).toMatchObject({
        error: { code: 'LISTING.NOT_FOUND' },
      });
    }
    expect(await listings.setListingStatus(broker, 2 ** 40, 'pause')).toMatchObject({
      error: { code: 'LISTING.NOT_FOUND' },
    });
    expect((await stateOf(listed.propertyId)).status).toBe('active');
  });
});
