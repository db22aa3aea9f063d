// The requests module never files a request for another organization's customer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRequestsQueries } from '../../core/requests/requests.queries.ts';
import { createRequestsService } from '../../core/requests/requests.service.ts';
import { unwrap } from '../../core/shared/result.ts';
import type { Scope } from '../../core/shared/scope.ts';
import { recordingJobs } from '../support/recording-jobs.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-db.ts';

let t: TestDatabase;
let ours: Scope;
let theirs: Scope;
let ourCustomerId: string;
let requests: ReturnType<typeof createRequestsService>;
const jobs = recordingJobs();
const enqueued = jobs.enqueued;

beforeAll(async () => {
  t = await createTestDatabase();
  const org = await t.db.organization.create({ data: { name: 'a', slug: 'scope-req-a' } });
  const other = await t.db.organization.create({ data: { name: 'b', slug: 'scope-req-b' } });
  const user = await t.db.user.create({ data: { organizationId: org.id, phone: '+966500000001', name: 'a' } });
  const otherUser = await t.db.user.create({ data: { organizationId: other.id, phone: '+966500000002', name: 'b' } });
  ours = { organizationId: org.id, userId: user.id, role: 'broker' };
  theirs = { organizationId: other.id, userId: otherUser.id, role: 'broker' };
  ourCustomerId = (await t.db.customer.create({ data: { organizationId: org.id, name: 'خالد' } })).id;
  requests = createRequestsService({ db: t.db, jobs });
});
afterAll(async () => {
  await t?.drop();
});

describe('a request for a customer', () => {
  it('is filed for a customer of the same organization, and matching is queued', async () => {
    enqueued.length = 0;
    const { id } = unwrap(await requests.create(ours, { type: 'sale', cities: ['Riyadh'], customerId: ourCustomerId }));
    const request = await t.db.request.findUniqueOrThrow({ where: { id } });
    expect(request.organizationId).toBe(ours.organizationId);
    expect(request.customerId).toBe(ourCustomerId);
    expect(enqueued).toEqual([`matching.run:${JSON.stringify({ kind: 'request', id })}`]);
  });

  it('is refused for another organization’s customer: no request is stored and nothing is queued', async () => {
    enqueued.length = 0;
    const refused = await requests.create(theirs, { type: 'sale', cities: ['Riyadh'], customerId: ourCustomerId });
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error.code).toBe('REQUEST.CUSTOMER_NOT_FOUND');
    expect(await t.db.request.count({ where: { organizationId: theirs.organizationId } })).toBe(0);
    expect(await t.db.request.count({ where: { customerId: ourCustomerId } })).toBe(1);
    expect(enqueued).toEqual([]);
  });
});

describe('adding to a request (a client\'s next message: "budget 60k, al malqa")', () => {
  it('replaces the given districts and ranges, keeps the rest, and queues matching again', async () => {
    const { id } = unwrap(
      await requests.create(ours, { type: 'rent', cities: ['Riyadh'], propertyTypes: ['apartment'], areaMin: 120 }),
    );
    enqueued.length = 0;
    unwrap(await requests.refine(ours, id, { districts: ['الملقا'], priceMax: 60_000 }));
    const request = await t.db.request.findUniqueOrThrow({ where: { id } });
    expect([request.type, request.cities, request.propertyTypes, request.areaMin]).toEqual([
      'rent',
      ['Riyadh'],
      ['apartment'],
      120,
    ]);
    expect([request.districts, request.priceMax]).toEqual([['الملقا'], 60_000]);
    expect(request.summary).toMatchObject({ districts: ['الملقا'], priceMax: 60_000, cities: ['Riyadh'] });
    expect(enqueued).toEqual([`matching.run:${JSON.stringify({ kind: 'request', id })}`]);
  });

  it('corrects the deal and the property type, dropping a budget of the other deal unless a new one comes', async () => {
    const { id } = unwrap(
      await requests.create(ours, { type: 'sale', propertyTypes: ['villa'], cities: ['Riyadh'], priceMax: 3_000_000 }),
    );
    unwrap(await requests.refine(ours, id, { type: 'rent', propertyTypes: ['apartment'] }));
    const corrected = await t.db.request.findUniqueOrThrow({ where: { id } });
    expect([corrected.type, corrected.propertyTypes, corrected.priceMax]).toEqual(['rent', ['apartment'], null]);
    expect(corrected.summary).toMatchObject({ type: 'rent', propertyTypes: ['apartment'] });

    unwrap(await requests.refine(ours, id, { type: 'sale', priceMax: 900_000 }));
    const back = await t.db.request.findUniqueOrThrow({ where: { id } });
    expect([back.type, back.priceMax]).toEqual(['sale', 900_000]);
    // the same deal again keeps the budget
    unwrap(await requests.refine(ours, id, { type: 'sale', districts: ['النرجس'] }));
    expect((await t.db.request.findUniqueOrThrow({ where: { id } })).priceMax).toBe(900_000);
  });

  it('refuses a range that the merged request inverts, and changes nothing', async () => {
    const { id } = unwrap(await requests.create(ours, { type: 'sale', cities: ['Riyadh'], priceMin: 900_000 }));
    enqueued.length = 0;
    const refused = await requests.refine(ours, id, { priceMax: 500_000 });
    expect(refused.ok ? 'ok' : refused.error.code).toBe('REQUEST.INVALID_RANGE');
    expect((await t.db.request.findUniqueOrThrow({ where: { id } })).priceMax).toBeNull();
    expect(enqueued).toEqual([]);
  });

  it("is refused for another organization's request, which stays as it was", async () => {
    const { id } = unwrap(await requests.create(ours, { type: 'sale', cities: ['Riyadh'] }));
    const refused = await requests.refine(theirs, id, { priceMax: 1 });
    expect(refused.ok ? 'ok' : refused.error.code).toBe('REQUEST.NOT_FOUND');
    expect((await t.db.request.findUniqueOrThrow({ where: { id } })).priceMax).toBeNull();
  });
});

describe('the latest active request of each customer (a broker asking «وش الطلبات الجديدة؟»)', () => {
  it("gives each customer's newest active request in the organization, none of another's", async () => {
    const queries = createRequestsQueries({ db: t.db });
    const customerId = (await t.db.customer.create({ data: { organizationId: ours.organizationId, name: 'سعود' } })).id;
    const older = unwrap(await requests.create(ours, { type: 'rent', cities: ['Riyadh'], customerId }));
    const newer = unwrap(await requests.create(ours, { type: 'sale', cities: ['Jeddah'], customerId }));
    const paused = unwrap(await requests.create(ours, { type: 'sale', cities: ['Dammam'], customerId }));
    await t.db.request.update({ where: { id: older.id }, data: { createdAt: new Date(Date.now() - 60_000) } });
    await t.db.request.update({ where: { id: paused.id }, data: { status: 'paused' } });

    const latest = await queries.latestActiveOf(ours, [customerId]);
    expect(latest.get(customerId)?.id).toBe(newer.id);
    expect(latest.get(customerId)?.cities).toEqual(['Jeddah']);
    expect((await queries.latestActiveOf(theirs, [customerId])).size).toBe(0);
    expect((await queries.latestActiveOf(ours, [])).size).toBe(0);
  });

  it('lists the newest active requests the member sees, one per customer, newest first (a broker asking «الطلبات»)', async () => {
    const queries = createRequestsQueries({ db: t.db });
    const org = await t.db.organization.create({ data: { name: 'c', slug: 'scope-req-c' } });
    const owner = await t.db.user.create({ data: { organizationId: org.id, phone: '+966500000003', name: 'c' } });
    const scope: Scope = { organizationId: org.id, userId: owner.id, role: 'broker' };
    const a = (await t.db.customer.create({ data: { organizationId: org.id, name: 'أ' } })).id;
    const b = (await t.db.customer.create({ data: { organizationId: org.id, name: 'ب' } })).id;
    const aOld = unwrap(await requests.create(scope, { type: 'rent', cities: ['Riyadh'], customerId: a }));
    const bOnly = unwrap(await requests.create(scope, { type: 'sale', cities: ['Jeddah'], customerId: b }));
    const aNew = unwrap(await requests.create(scope, { type: 'sale', cities: ['Dammam'], customerId: a }));
    const stamp = (id: string, minutesAgo: number) =>
      t.db.request.update({ where: { id }, data: { createdAt: new Date(Date.now() - minutesAgo * 60_000) } });
    await stamp(aOld.id, 30);
    await stamp(bOnly.id, 20);
    await stamp(aNew.id, 10);
    unwrap(await requests.create(scope, { type: 'sale', cities: ['Riyadh'] })); // no customer: not listed

    expect((await queries.latestActive(scope, 10)).map((r) => r.id)).toEqual([aNew.id, bOnly.id]);
    expect((await queries.latestActive(scope, 1)).map((r) => r.id)).toEqual([aNew.id]);
    await t.db.request.update({ where: { id: aNew.id }, data: { status: 'closed' } });
    expect((await queries.latestActive(scope, 10)).map((r) => r.id)).toEqual([bOnly.id, aOld.id]);
    expect(await queries.latestActive(theirs, 10)).not.toContainEqual(expect.objectContaining({ id: bOnly.id }));
  });
});
