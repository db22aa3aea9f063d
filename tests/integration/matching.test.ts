// Smart matching over the real database: candidates found in SQL, scored, stored once per offer, request
// and broker, and reported to each broker once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Prisma } from '../../core/db/client.ts';
import { createPrismaMatchingRepo } from '../../core/matching/matching.repo.prisma.ts';
import { CANDIDATE_LIMIT } from '../../core/matching/matching.repo.ts';
import { createMatchingService } from '../../core/matching/matching.service.ts';
import { ManualClock } from '../../core/shared/clock.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-db.ts';

let t: TestDatabase;
const clock = new ManualClock('2026-11-21T10:00:00Z');
let service: ReturnType<typeof createMatchingService>;
let repo: ReturnType<typeof createPrismaMatchingRepo>;

interface Org {
  id: string;
  broker: string;
  colleague: string;
  /** a customer assigned to the colleague */
  customer: string;
}
let A: Org;
let B: Org;

// Each test works in a city of its own, so the data of one test never becomes a candidate of another.
let cityCounter = 0;
const newCity = () => `Test City ${++cityCounter}`;

async function makeOrg(slug: string, phoneBase: number): Promise<Org> {
  const org = await t.db.organization.create({ data: { name: slug, slug } });
  const broker = await t.db.user.create({
    data: { organizationId: org.id, phone: `+9665000000${phoneBase}`, name: `${slug} broker` },
  });
  const colleague = await t.db.user.create({
    data: { organizationId: org.id, phone: `+9665000000${phoneBase + 1}`, name: `${slug} colleague` },
  });
  const customer = await t.db.customer.create({
    data: { organizationId: org.id, name: `${slug} client`, assignedToId: colleague.id },
  });
  return { id: org.id, broker: broker.id, colleague: colleague.id, customer: customer.id };
}

async function offer(org: Org, city: string, over: Partial<Prisma.OfferUncheckedCreateInput> = {}) {
  return t.db.offer.create({
    data: {
      organizationId: org.id,
      userId: org.broker,
      propertyType: 'villa',
      category: 'residential',
      listingType: 'sale',
      city,
      district: 'النرجس',
      price: 2_300_000,
      area: 450,
      ...over,
    },
  });
}

/** A request of the org's client (no user: its broker is the customer's assignee, the colleague). */
async function request(org: Org, cities: string[], over: Partial<Prisma.RequestUncheckedCreateInput> = {}) {
  return t.db.request.create({
    data: {
      organizationId: org.id,
      customerId: org.customer,
      type: 'sale',
      propertyTypes: ['villa'],
      category: 'residential',
      cities,
      districts: ['النرجس'],
      priceMin: 2_000_000,
      priceMax: 2_500_000,
      areaMin: 400,
      areaMax: 600,
      ...over,
    },
  });
}

const matchesOf = (where: Prisma.SmartMatchWhereInput) => t.db.smartMatch.findMany({ where, orderBy: { id: 'asc' } });
const scope = (org: Org, includeMarketplace = false) => ({
  organizationId: org.id,
  includeMarketplace,
  now: clock.now(),
});

beforeAll(async () => {
  t = await createTestDatabase();
  A = await makeOrg('match-a', 10);
  B = await makeOrg('match-b', 20);
  service = createMatchingService({ db: t.db, clock });
  repo = createPrismaMatchingRepo(t.db);
});
afterAll(async () => {
  await t?.drop();
});

describe('matching within an organization', () => {
  it('matches an offer with its client request, for the broker the client is assigned to, with the reasons', async () => {
    const city = newCity();
    const o = await offer(A, city);
    const r = await request(A, [city]);
    const groups = await service.matchOffer(o.id);
    expect(groups).toHaveLength(1);
    const [group] = groups;
    expect(group).toMatchObject({ brokerId: A.colleague, organizationId: A.id });
    expect(group!.matches).toHaveLength(1);
    expect(group!.matches[0]).toMatchObject({ offerId: o.id, requestId: r.id, score: 100 });

    const [stored] = await matchesOf({ offerId: o.id });
    expect(stored).toMatchObject({
      id: group!.matches[0]!.id,
      organizationId: A.id,
      requestId: r.id,
      brokerId: A.colleague,
      score: 100,
      status: 'pending',
      algorithmVersion: 'v2',
    });
    expect(stored!.matchedFeatures).toEqual([
      { feature: 'city', points: 25, basis: 'exact' },
      { feature: 'district', points: 20, basis: 'exact' },
      { feature: 'property_type', points: 20, basis: 'exact' },
      { feature: 'category', points: 10, basis: 'exact' },
      { feature: 'price', points: 15, basis: 'in_range' },
      { feature: 'area', points: 10, basis: 'in_range' },
    ]);
  });

  it('finds the same pair from the request side, and tells the request user rather than the assignee', async () => {
    const city = newCity();
    const o = await offer(A, city, { district: 'الملقا' });
    const r = await request(A, [city], { userId: A.broker });
    const groups = await service.matchRequest(r.id);
    expect(groups).toHaveLength(1);
    expect(groups[0]).toMatchObject({ brokerId: A.broker, organizationId: A.id });
    expect(groups[0]!.matches).toMatchObject([{ offerId: o.id, requestId: r.id, score: 80 }]);
    // The offer side finds the pair too, and it is not news any more.
    expect(await service.matchOffer(o.id)).toEqual([]);
    expect(await matchesOf({ requestId: r.id })).toHaveLength(1);
  });

  it('groups the new matches of one broker, best first', async () => {
    const city = newCity();
    const o = await offer(A, city);
    const best = await request(A, [city]);
    const second = await request(A, [city], { districts: ['العليا'] });
    const other = await request(A, [], { userId: A.broker, districts: [] });
    const groups = await service.matchOffer(o.id);
    const colleague = groups.find((g) => g.brokerId === A.colleague);
    expect(colleague!.matches.map((m) => [m.requestId, m.score])).toEqual([
      [best.id, 100],
      [second.id, 80],
    ]);
    // A request naming no city is a candidate everywhere.
    expect(groups.find((g) => g.brokerId === A.broker)!.matches.map((m) => m.requestId)).toContain(other.id);
    await t.db.request.update({ where: { id: other.id }, data: { status: 'closed' } });
  });

  it('leaves out requests with nobody to tell', async () => {
    const city = newCity();
    const o = await offer(A, city);
    const orphan = await request(A, [city], { customerId: null });
    expect(await service.matchOffer(o.id)).toEqual([]);
    expect(await service.matchRequest(orphan.id)).toEqual([]);
  });
});

describe('matching across organizations', () => {
  it('matches a shared offer with the shared request of another organization, for that broker', async () => {
    const city = newCity();
    const o = await offer(A, city, { isShared: true });
    const r = await request(B, [city], { isShared: true });
    const groups = await service.matchOffer(o.id);
    expect(groups).toEqual([
      {
        brokerId: B.colleague,
        organizationId: B.id,
        matches: [expect.objectContaining({ offerId: o.id, requestId: r.id, score: 100 })],
      },
    ]);
    const [stored] = await matchesOf({ offerId: o.id });
    expect(stored?.organizationId).toBe(B.id);
    expect(await service.matchRequest(r.id)).toEqual([]);
  });

  it('serves a client of another organization from the marketplace whether or not the request is shared', async () => {
    const city = newCity();
    const r = await request(B, [city], { isShared: false });
    const o = await offer(A, city, { isShared: true });
    const groups = await service.matchRequest(r.id);
    expect(groups.map((g) => [g.brokerId, g.organizationId, g.matches.map((m) => m.offerId)])).toEqual([
      [B.colleague, B.id, [o.id]],
    ]);
    // The same pair from the offer side: no news.
    expect(await service.matchOffer(o.id)).toEqual([]);
  });

  it('never crosses with an unshared offer, from either side', async () => {
    const city = newCity();
    const o = await offer(A, city, { isShared: false });
    const r = await request(B, [city], { isShared: true });
    expect(await service.matchOffer(o.id)).toEqual([]);
    expect(await service.matchRequest(r.id)).toEqual([]);
    expect(await matchesOf({ offerId: o.id })).toEqual([]);
  });

  it('stops offering a shared offer to other organizations once it has all its brokers', async () => {
    const city = newCity();
    const own = await request(A, [city]);
    const theirs = await request(B, [city], { isShared: true });
    const o = await offer(A, city, { isShared: true, maxBrokers: 2, acceptedCount: 2 });
    const groups = await service.matchOffer(o.id);
    expect(groups.flatMap((g) => g.matches.map((m) => m.requestId))).toEqual([own.id]);
    expect(await service.matchRequest(theirs.id)).toEqual([]);
  });
});

describe('nearby districts', () => {
  it('gives the nearby points with the district_neighbors rows of the organization the match is for', async () => {
    const city = newCity();
    const o = await offer(A, city, { district: 'الصحافة', isShared: true });
    const rA = await request(A, [city], { districts: ['الياسمين'] });
    const rB = await request(B, [city], { districts: ['الياسمين'] });
    // Organization A says الياسمين is near الصحافة (one row, read both ways), B says nothing.
    await t.db.districtNeighbor.create({
      data: { organizationId: A.id, city, district: 'الياسمين', nearDistrict: 'الصحافة' },
    });
    // The same names in another city do not count.
    await t.db.districtNeighbor.create({
      data: { organizationId: B.id, city: 'Elsewhere', district: 'الياسمين', nearDistrict: 'الصحافة' },
    });
    const groups = await service.matchOffer(o.id);
    const byRequest = new Map(groups.flatMap((g) => g.matches).map((m) => [m.requestId, m]));
    expect(byRequest.get(rA.id)?.score).toBe(90);
    expect(byRequest.get(rA.id)?.matched).toContainEqual({ feature: 'district', points: 10, basis: 'nearby' });
    expect(byRequest.get(rB.id)?.score).toBe(80);
    expect(byRequest.get(rB.id)?.matched.map((f) => f.feature)).not.toContain('district');
  });
});

describe('storing matches', () => {
  it('is idempotent: a second run creates and changes nothing', async () => {
    const city = newCity();
    const o = await offer(A, city);
    await request(A, [city]);
    await request(A, [city], { userId: A.broker });
    const first = await service.matchOffer(o.id);
    expect(first.flatMap((g) => g.matches)).toHaveLength(2);
    const before = await matchesOf({ offerId: o.id });
    clock.advance(60_000);
    expect(await service.matchOffer(o.id)).toEqual([]);
    expect(await matchesOf({ offerId: o.id })).toEqual(before);
  });

  it('keeps a match the broker accepted or rejected, refreshing only its score and reasons', async () => {
    const city = newCity();
    const o = await offer(A, city);
    const r1 = await request(A, [city]);
    const r2 = await request(A, [city], { userId: A.broker });
    await service.matchOffer(o.id);
    await t.db.smartMatch.updateMany({ where: { requestId: r1.id }, data: { status: 'accepted' } });
    await t.db.smartMatch.updateMany({ where: { requestId: r2.id }, data: { status: 'rejected' } });
    // The offer moves to another district: both matches score less, neither comes back as news.
    await t.db.offer.update({ where: { id: o.id }, data: { district: 'العارض' } });
    clock.advance(60_000);
    expect(await service.matchOffer(o.id)).toEqual([]);
    const stored = await matchesOf({ offerId: o.id });
    expect(stored.map((m) => [m.requestId === r1.id ? 'r1' : 'r2', m.status, m.score]).sort()).toEqual([
      ['r1', 'accepted', 80],
      ['r2', 'rejected', 80],
    ]);
    expect(stored.every((m) => m.updatedAt.getTime() === clock.now().getTime())).toBe(true);
  });

  it('creates no match for a closed offer or request, expires the pending ones, and revives them on reopening', async () => {
    const city = newCity();
    const o = await offer(A, city);
    const r = await request(A, [city]);
    await t.db.offer.update({ where: { id: o.id }, data: { status: 'closed' } });
    expect(await service.matchOffer(o.id)).toEqual([]);
    expect(await service.matchRequest(r.id)).toEqual([]);
    expect(await matchesOf({ requestId: r.id })).toEqual([]);

    await t.db.offer.update({ where: { id: o.id }, data: { status: 'active' } });
    expect((await service.matchRequest(r.id)).flatMap((g) => g.matches)).toHaveLength(1);
    await t.db.request.update({ where: { id: r.id }, data: { status: 'paused' } });
    expect(await service.matchRequest(r.id)).toEqual([]);
    expect((await matchesOf({ requestId: r.id })).map((m) => m.status)).toEqual(['expired']);
    // Not a candidate of the offer while paused.
    expect(await service.matchOffer(o.id)).toEqual([]);

    await t.db.request.update({ where: { id: r.id }, data: { status: 'active' } });
    const revived = await service.matchOffer(o.id);
    expect(revived.flatMap((g) => g.matches.map((m) => m.requestId))).toEqual([r.id]);
    expect((await matchesOf({ requestId: r.id })).map((m) => m.status)).toEqual(['pending']);
  });

  it('expires a pending match whose pair stops matching, and brings it back when it matches again', async () => {
    const city = newCity();
    const o = await offer(A, city, { isShared: true });
    const own = await request(A, [city]);
    const accepted = await request(A, [city], { userId: A.broker });
    const theirs = await request(B, [city]);
    expect((await service.matchOffer(o.id)).flatMap((g) => g.matches)).toHaveLength(3);
    await t.db.smartMatch.updateMany({ where: { requestId: accepted.id }, data: { status: 'accepted' } });
    const statusOf = async (r: { id: string }) => (await matchesOf({ requestId: r.id })).map((m) => m.status);

    // Above every budget: the pending matches expire, the accepted one stays.
    await t.db.offer.update({ where: { id: o.id }, data: { price: 9_000_000 } });
    expect(await service.matchOffer(o.id)).toEqual([]);
    expect([await statusOf(own), await statusOf(accepted), await statusOf(theirs)]).toEqual([
      ['expired'],
      ['accepted'],
      ['expired'],
    ]);

    // Back in budget but no longer shared: only the own client matches again, as news.
    await t.db.offer.update({ where: { id: o.id }, data: { price: 2_300_000, isShared: false } });
    const again = await service.matchOffer(o.id);
    expect(again.flatMap((g) => g.matches.map((m) => m.requestId))).toEqual([own.id]);
    expect([await statusOf(own), await statusOf(theirs)]).toEqual([['pending'], ['expired']]);

    // From the request side: a budget well below the price (beyond the 20% of partial credit) expires it.
    await t.db.request.update({ where: { id: own.id }, data: { priceMin: 1_000_000, priceMax: 1_800_000 } });
    expect(await service.matchRequest(own.id)).toEqual([]);
    expect(await statusOf(own)).toEqual(['expired']);
    for (const r of [own, accepted, theirs])
      await t.db.request.update({ where: { id: r.id }, data: { status: 'closed' } });
  });

  it('moves a match to the new broker when the client is reassigned', async () => {
    const city = newCity();
    const o = await offer(A, city);
    const r = await request(A, [city]);
    expect((await service.matchRequest(r.id)).map((g) => g.brokerId)).toEqual([A.colleague]);
    const customer = await t.db.customer.create({
      data: { organizationId: A.id, name: 'reassigned client', assignedToId: A.colleague },
    });
    await t.db.request.update({ where: { id: r.id }, data: { customerId: customer.id } });
    await t.db.customer.update({ where: { id: customer.id }, data: { assignedToId: A.broker } });
    const moved = await service.matchRequest(r.id);
    expect(moved.map((g) => [g.brokerId, g.matches.map((m) => m.offerId)])).toEqual([[A.broker, [o.id]]]);
    const stored = await matchesOf({ requestId: r.id });
    expect(stored.map((m) => [m.brokerId, m.status]).sort()).toEqual(
      [
        [A.broker, 'pending'],
        [A.colleague, 'expired'],
      ].sort(),
    );
    // The offer side agrees: nothing new, nothing changed.
    expect(await service.matchOffer(o.id)).toEqual([]);
    expect((await matchesOf({ requestId: r.id })).map((m) => m.status).sort()).toEqual(['expired', 'pending']);
  });

  it('treats an offer or a request past its expiry as closed', async () => {
    const city = newCity();
    const past = new Date(clock.now().getTime() - 1000);
    const o = await offer(A, city);
    const r = await request(A, [city], { expiresAt: past });
    expect(await service.matchOffer(o.id)).toEqual([]);
    expect(await service.matchRequest(r.id)).toEqual([]);
    const o2 = await offer(A, city, { expiresAt: past });
    const r2 = await request(A, [city]);
    expect((await service.matchRequest(r2.id)).flatMap((g) => g.matches.map((m) => m.offerId))).toEqual([o.id]);
    expect(await service.matchOffer(o2.id)).toEqual([]);
  });
});

describe('the cap', () => {
  it('matches the newest requests up to the cap', async () => {
    const city = newCity();
    const base = clock.now().getTime() - 3_600_000;
    const requests: Array<{ id: string }> = [];
    for (let i = 0; i < 7; i++) {
      // Spread over the three branches of the search: one city, no city, several cities.
      const cities = i % 3 === 0 ? [city] : i % 3 === 1 ? [] : ['Somewhere', city];
      requests.push(await request(A, cities, { createdAt: new Date(base + i * 1000), userId: A.broker }));
    }
    const o = await offer(A, city);
    const capped = createMatchingService({ db: t.db, clock, candidateLimit: 4 });
    const groups = await capped.matchOffer(o.id);
    const matched = groups.flatMap((g) => g.matches.map((m) => m.requestId));
    expect(matched.sort()).toEqual(
      requests
        .slice(3)
        .map((r) => r.id)
        .sort(),
    );
    // The candidate query returns them newest first.
    const candidates = await repo.candidateRequestsForOffer(o, { ...scope(A), limit: 4 });
    expect(candidates.map((c) => c.id)).toEqual(
      requests
        .slice(3)
        .reverse()
        .map((r) => r.id),
    );
    // Never more than CANDIDATE_LIMIT, whatever is asked.
    const all = await repo.candidateRequestsForOffer(o, { ...scope(A), limit: CANDIDATE_LIMIT * 10 });
    expect(all.length).toBeLessThanOrEqual(CANDIDATE_LIMIT);
    for (const r of requests) await t.db.request.update({ where: { id: r.id }, data: { status: 'closed' } });
  });
});

describe('candidates are found in SQL', () => {
  it('returns for an offer only the requests that can match it', async () => {
    const city = newCity();
    const o = await offer(A, city);
    const ok = {
      oneCity: await request(A, [city]),
      anyCity: await request(A, [], { districts: [] }),
      severalCities: await request(A, ['Elsewhere', city]),
      anyType: await request(A, [city], { propertyTypes: [] }),
      openPrice: await request(A, [city], { priceMin: null, priceMax: null }),
      onlyMax: await request(A, [city], { priceMin: null, priceMax: 2_300_000 }),
      otherDistrict: await request(A, [city], { districts: ['العليا'] }),
      openArea: await request(A, [city], { areaMin: null, areaMax: null }),
    };
    const never = {
      otherCity: await request(A, [`${city} (elsewhere)`]),
      otherCities: await request(A, ['Elsewhere', 'Nowhere']),
      rent: await request(A, [city], { type: 'rent' }),
      otherType: await request(A, [city], { propertyTypes: ['apartment', 'land'] }),
      // issue 11: a price within 20% of the range earns partial credit, so «too cheap» is now beyond that
      tooCheap: await request(A, [city], { priceMin: 1_000_000, priceMax: 1_800_000 }),
      tooDear: await request(A, [city], { priceMin: 3_000_000, priceMax: null }),
      tooSmall: await request(A, [city], { areaMin: 600, areaMax: null }),
      closed: await request(A, [city], { status: 'closed' }),
      otherOrg: await request(B, [city], { isShared: true }),
    };
    const ids = (await repo.candidateRequestsForOffer(o, scope(A))).map((c) => c.id);
    for (const [name, r] of Object.entries(ok)) expect(ids, name).toContain(r.id);
    for (const [name, r] of Object.entries(never)) expect(ids, name).not.toContain(r.id);
    // With the marketplace, the other organization is in.
    const marketplace = (await repo.candidateRequestsForOffer(o, scope(A, true))).map((c) => c.id);
    expect(marketplace).toContain(never.otherOrg.id);
    expect(marketplace).not.toContain(never.otherCity.id);
    // An offer without an area is not held to an area range.
    const noArea = await offer(A, city, { area: null });
    expect((await repo.candidateRequestsForOffer(noArea, scope(A))).map((c) => c.id)).toContain(never.tooSmall.id);
    // The candidate knows its broker and its organization.
    const candidate = (await repo.candidateRequestsForOffer(o, scope(A))).find((c) => c.id === ok.oneCity.id);
    expect(candidate).toMatchObject({ brokerId: A.colleague, organizationId: A.id, propertyTypes: ['villa'] });
    for (const r of [...Object.values(ok), ...Object.values(never)]) {
      await t.db.request.update({ where: { id: r.id }, data: { status: 'closed' } });
    }
  });

  it('finds the offer city in any position of the request cities, once, within and across organizations', async () => {
    const city = newCity();
    const o = await offer(A, city, { isShared: true });
    const positions = [
      [city],
      ['Elsewhere', city],
      ['Elsewhere', 'Nowhere', city],
      ['Elsewhere', 'Nowhere', 'Somewhere', city],
      [city, 'Elsewhere', 'Nowhere', 'Somewhere'],
    ];
    for (const org of [A, B]) {
      const made: Array<{ id: string }> = [];
      for (const cities of positions) made.push(await request(org, cities, { userId: org.broker }));
      for (const includeMarketplace of org === A ? [false, true] : [true]) {
        const ids = (await repo.candidateRequestsForOffer(o, scope(A, includeMarketplace))).map((c) => c.id);
        expect(ids.filter((id) => made.some((r) => r.id === id)).sort()).toEqual(made.map((r) => r.id).sort());
        expect(new Set(ids).size).toBe(ids.length);
      }
      for (const r of made) await t.db.request.update({ where: { id: r.id }, data: { status: 'closed' } });
    }
  });

  it('returns for a request only the offers that can match it', async () => {
    const city = newCity();
    const r = await request(A, [city, `${city} 2`], { propertyTypes: ['villa', 'duplex'] });
    const ok = {
      exact: await offer(A, city),
      secondCity: await offer(A, `${city} 2`, { propertyType: 'duplex' }),
      noArea: await offer(A, city, { area: null }),
      shared: await offer(B, city, { isShared: true }),
      lowest: await offer(A, city, { price: 2_000_000 }),
    };
    const never = {
      otherCity: await offer(A, `${city} 3`),
      otherType: await offer(A, city, { propertyType: 'apartment' }),
      rent: await offer(A, city, { listingType: 'rent' }),
      tooDear: await offer(A, city, { price: 3_100_000 }),
      tooLarge: await offer(A, city, { area: 800 }),
      paused: await offer(A, city, { status: 'paused' }),
      unshared: await offer(B, city, { isShared: false }),
      full: await offer(B, city, { isShared: true, maxBrokers: 1, acceptedCount: 1 }),
    };
    const subject = (await repo.findRequest(r.id))!;
    const ids = (await repo.candidateOffersForRequest(subject, scope(A, true))).map((c) => c.id);
    for (const [name, o] of Object.entries(ok)) expect(ids, name).toContain(o.id);
    for (const [name, o] of Object.entries(never)) expect(ids, name).not.toContain(o.id);
    // A request naming only a district (no city, type or price range) takes any offer of its listing type
    // in scope (the score then keeps those in that district).
    const open = await request(A, [], {
      propertyTypes: [],
      priceMin: null,
      priceMax: null,
      areaMin: null,
      areaMax: null,
    });
    const openIds = (await repo.candidateOffersForRequest((await repo.findRequest(open.id))!, scope(A))).map(
      (c) => c.id,
    );
    expect(openIds).toEqual(expect.arrayContaining([never.otherCity.id, never.otherType.id, never.tooDear.id]));
    expect(openIds).not.toContain(never.rent.id);
    expect(openIds).not.toContain(ok.shared.id);
    // issue 11: a request naming neither a place nor a type matches nothing
    const vague = await request(A, [], { propertyTypes: [], districts: [], priceMin: null, priceMax: null });
    expect(await repo.candidateOffersForRequest((await repo.findRequest(vague.id))!, scope(A))).toEqual([]);
    await t.db.request.update({ where: { id: vague.id }, data: { status: 'closed' } });
    for (const o of [...Object.values(ok), ...Object.values(never)]) {
      await t.db.offer.update({ where: { id: o.id }, data: { status: 'closed' } });
    }
    await t.db.request.updateMany({ where: { id: { in: [r.id, open.id] } }, data: { status: 'closed' } });
  });
});
