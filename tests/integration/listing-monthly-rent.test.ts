// A rent listed by the month («شقة مفروشة ٤٬٥٠٠ شهرياً») against requests whose rent budgets are a
// year's (a client's «٤ آلاف بالشهر» is stored as 48,000, criteria.ts): its offer carries twelve months
// of the rent, so matching and the marketplace compare like with like, while the property and the
// offer's texts keep the listed price; a search of the office's listings compares it by its month.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createListingsQueries } from '../../core/listings/listings.queries.ts';
import { createListingsService } from '../../core/listings/listings.service.ts';
import type { NewListing } from '../../core/listings/listings.types.ts';
import { createMatchingService } from '../../core/matching/matching.service.ts';
import { ManualClock } from '../../core/shared/clock.ts';
import { unwrap } from '../../core/shared/result.ts';
import type { Scope } from '../../core/shared/scope.ts';
import { recordingJobs } from '../support/recording-jobs.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-db.ts';

let t: TestDatabase;
let broker: Scope;
let listings: ReturnType<typeof createListingsService>;
let queries: ReturnType<typeof createListingsQueries>;
let matching: ReturnType<typeof createMatchingService>;
let customerId: string;
const clock = new ManualClock('2026-12-06T10:00:00Z');

const furnished = (over: Partial<NewListing> = {}): NewListing => ({
  listingType: 'rent',
  rentPeriod: 'monthly',
  propertyType: 'apartment',
  city: 'Riyadh',
  district: 'الملقا',
  area: 120,
  price: 4_500,
  ...over,
});

/** A client's rent request in the city with a year's budget ceiling. */
const rentRequest = (city: string, priceMax: number) =>
  t.db.request.create({
    data: {
      organizationId: broker.organizationId,
      customerId,
      userId: broker.userId,
      type: 'rent',
      propertyTypes: ['apartment'],
      category: 'residential',
      cities: [city],
      districts: ['الملقا'],
      priceMax,
    },
  });

beforeAll(async () => {
  t = await createTestDatabase();
  const org = await t.db.organization.create({ data: { name: 'monthly', slug: 'monthly-rent' } });
  const user = await t.db.user.create({ data: { organizationId: org.id, phone: '+966500000031', name: 'b' } });
  broker = { organizationId: org.id, userId: user.id, role: 'broker' };
  customerId = (await t.db.customer.create({ data: { organizationId: org.id, name: 'نوف', assignedToId: user.id } }))
    .id;
  listings = createListingsService({ db: t.db, jobs: recordingJobs() });
  queries = createListingsQueries({ db: t.db });
  matching = createMatchingService({ db: t.db, clock });
});
afterAll(async () => {
  await t?.drop();
});

describe('a rent listed by the month', () => {
  it('gives its offer twelve months of the rent and keeps the listed price and period in the texts', async () => {
    const listed = unwrap(await listings.create(broker, furnished({ city: 'Monthly City 1' })));
    const property = await t.db.property.findUniqueOrThrow({ where: { id: listed.propertyId } });
    expect(property).toMatchObject({ price: 4_500, rentPeriod: 'monthly' });
    const offer = await t.db.offer.findUniqueOrThrow({ where: { id: listed.offerId } });
    expect(offer.price).toBe(54_000);
    expect(offer.summary).toMatchObject({ price: 4_500, rentPeriod: 'monthly' });
    expect(offer.fullDetails).toMatchObject({ price: 4_500, rentPeriod: 'monthly' });
  });

  it('keeps a yearly rent and a sale as listed', async () => {
    const yearly = unwrap(await listings.create(broker, furnished({ rentPeriod: 'yearly', price: 60_000 })));
    expect((await t.db.offer.findUniqueOrThrow({ where: { id: yearly.offerId } })).price).toBe(60_000);
    const sale = unwrap(
      await listings.create(broker, furnished({ listingType: 'sale', rentPeriod: undefined, price: 900_000 })),
    );
    expect((await t.db.offer.findUniqueOrThrow({ where: { id: sale.offerId } })).price).toBe(900_000);
  });

  it('is matched with a request whose year covers twelve months of it, not with one whose year does not', async () => {
    const city = 'Monthly City 2';
    const fits = await rentRequest(city, 60_000);
    const short = await rentRequest(city, 40_000);
    const listed = unwrap(await listings.create(broker, furnished({ city })));
    await matching.matchOffer(listed.offerId);
    const matched = await t.db.smartMatch.findMany({ where: { offerId: listed.offerId }, select: { requestId: true } });
    expect(matched.map((m) => m.requestId)).toEqual([fits.id]);
    expect(matched.map((m) => m.requestId)).not.toContain(short.id);
  });

  it('carries a new monthly price to its offer as a year, the texts as listed', async () => {
    const listed = unwrap(await listings.create(broker, furnished({ city: 'Monthly City 3' })));
    unwrap(await listings.reprice(broker, listed.refNumber, 5_000));
    const offer = await t.db.offer.findUniqueOrThrow({ where: { id: listed.offerId } });
    expect(offer.price).toBe(60_000);
    expect(offer.summary).toMatchObject({ price: 5_000 });
    expect((await t.db.property.findUniqueOrThrow({ where: { id: listed.propertyId } })).price).toBe(5_000);
  });

  it("is found by a search whose year's range holds twelve months of it, and not by one whose range does not", async () => {
    const city = 'Monthly City 4';
    const monthly = unwrap(await listings.create(broker, furnished({ city })));
    const yearly = unwrap(await listings.create(broker, furnished({ city, rentPeriod: 'yearly', price: 50_000 })));
    const found = async (priceMin: number | undefined, priceMax: number) =>
      (await queries.search(broker, { city, listingType: 'rent', priceMin, priceMax })).map((p) => p.id).sort();
    expect(await found(undefined, 60_000)).toEqual([monthly.propertyId, yearly.propertyId].sort());
    expect(await found(undefined, 52_000)).toEqual([yearly.propertyId]);
    expect(await found(53_000, 70_000)).toEqual([monthly.propertyId]);
    const client = await queries.publicSearch(broker, { city, listingType: 'rent', priceMax: 52_000 });
    expect(client.items.map((p) => p.id)).toEqual([yearly.propertyId]);
    expect(client.total).toBe(1);
  });
});
