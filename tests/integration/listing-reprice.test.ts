// A member's new price for a listing («غير سعر العقار ٤ الى ٦٥ الف», listings.service.ts reprice): the
// property and its offers carry it, matching runs again, the change is audited; another organization's
// listing, a colleague's outside his team, one off the market or an unchanged price change nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createListingsService } from '../../core/listings/listings.service.ts';
import type { NewListing } from '../../core/listings/listings.types.ts';
import { unwrap } from '../../core/shared/result.ts';
import type { Scope } from '../../core/shared/scope.ts';
import { ForbiddenError } from '../../core/teams/authorize.ts';
import { brokerScopes } from '../support/broker-scopes.ts';
import { recordingJobs } from '../support/recording-jobs.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-db.ts';

let t: TestDatabase;
let broker: Scope;
let colleague: Scope;
let stranger: Scope;
let listings: ReturnType<typeof createListingsService>;
const jobs = recordingJobs();
const enqueued = jobs.enqueued;
const apartment: NewListing = {
  listingType: 'rent',
  propertyType: 'apartment',
  city: 'Riyadh',
  district: 'الملقا',
  area: 180,
  price: 65_000,
};

beforeAll(async () => {
  t = await createTestDatabase();
  ({ broker, colleague, stranger } = await brokerScopes(t, 'reprice', 11));
  listings = createListingsService({ db: t.db, jobs });
});
afterAll(async () => {
  await t?.drop();
});

describe('a member repricing a listing', () => {
  it('sets the price on the property and its offers, queues matching for them and audits both prices', async () => {
    const listed = unwrap(await listings.create(broker, apartment));
    enqueued.length = 0;
    const done = unwrap(await listings.reprice(broker, listed.refNumber, 60_000));
    expect(done).toMatchObject({ refNumber: listed.refNumber, from: 65_000, to: 60_000 });
    expect((await t.db.property.findUniqueOrThrow({ where: { id: listed.propertyId } })).price).toBe(60_000);
    const offer = await t.db.offer.findUniqueOrThrow({ where: { id: listed.offerId } });
    expect(offer.price).toBe(60_000);
    expect((offer.summary as { price: number }).price).toBe(60_000);
    expect((offer.fullDetails as { price: number }).price).toBe(60_000);
    expect(enqueued).toEqual([`matching.run:${JSON.stringify({ kind: 'offer', id: listed.offerId })}`]);
    const audited = await t.db.auditLog.findFirstOrThrow({
      where: { entityId: listed.propertyId, action: 'property.price_changed' },
    });
    expect(audited.details).toMatchObject({ by: 'member', from: 65_000, to: 60_000 });
  });

  it('finds no listing of another organization, nor a colleague’s he does not see', async () => {
    const listed = unwrap(await listings.create(broker, { ...apartment, district: 'العليا' }));
    expect(await listings.reprice(stranger, listed.refNumber, 50_000)).toMatchObject({
      ok: false,
      error: { code: 'LISTING.NOT_FOUND' },
    });
    expect(await listings.reprice(colleague, listed.refNumber, 50_000)).toMatchObject({
      ok: false,
      error: { code: 'LISTING.NOT_FOUND' },
    });
    expect((await t.db.property.findUniqueOrThrow({ where: { id: listed.propertyId } })).price).toBe(65_000);
  });

  it('leaves a sold listing, an unchanged price and no price at all as they were', async () => {
    const listed = unwrap(await listings.create(broker, { ...apartment, district: 'النخيل' }));
    expect(await listings.reprice(broker, listed.refNumber, 65_000)).toMatchObject({
      error: { code: 'LISTING.UNCHANGED' },
    });
    expect(await listings.reprice(broker, listed.refNumber, 0)).toMatchObject({
      error: { code: 'LISTING.INVALID_INPUT' },
    });
    await t.db.property.update({ where: { id: listed.propertyId }, data: { status: 'rented' } });
    expect(await listings.reprice(broker, listed.refNumber, 55_000)).toMatchObject({
      error: { code: 'LISTING.NOT_ACTIVE' },
    });
    expect((await t.db.property.findUniqueOrThrow({ where: { id: listed.propertyId } })).price).toBe(65_000);
  });

  it('is refused to an observer, who may not edit listings', async () => {
    const listed = unwrap(await listings.create(broker, { ...apartment, district: 'حطين' }));
    const observer: Scope = { ...broker, role: 'observer' };
    await expect(listings.reprice(observer, listed.refNumber, 50_000)).rejects.toBeInstanceOf(ForbiddenError);
  });
});
