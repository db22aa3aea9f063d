// The admin API's /sales and /commissions over a test Nova: a deal recorded once whatever the retries
// (Idempotency-Key), its commission by the office's tiers, the property sold, commissions per deal and
// per broker, and ids of another office refused (404) with nothing stored.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi, type TestMember, type TestOffice } from '../support/api.ts';

let t: TestApi;
let office: TestOffice;
let other: TestOffice;
let saad: TestMember;
let outsider: TestMember;
let propertyId: string;

type Json = Record<string, unknown> & { items?: Array<Record<string, unknown>> };
const json = async (r: Response) => (await r.json()) as Json;

beforeAll(async () => {
  t = await startTestApi();
  office = await t.office('sales-api');
  other = await t.office('sales-api-other');
  saad = await t.member(office.id, 'broker', 'سعد');
  outsider = await t.member(office.id, 'broker', 'خالد');
  await t.db.commissionTier.create({
    data: { organizationId: office.id, minAmount: 1_000_000, rate: 2, dealType: 'sale' },
  });
  propertyId = (
    await t.db.property.create({
      data: {
        organizationId: office.id,
        refNumber: 1,
        title: 'فيلا النرجس',
        propertyType: 'villa',
        listingType: 'sale',
        city: 'الرياض',
        price: 2_300_000,
        status: 'active',
        userId: saad.id,
      },
    })
  ).id;
});
afterAll(async () => {
  await t?.close();
});

describe('/api/v1/sales', () => {
  let saleId: string;

  it('records a deal once for retries with the same Idempotency-Key, by the office tiers', async () => {
    const body = { amount: 2_300_000, dealType: 'sale', propertyId };
    const headers = { 'idempotency-key': 'deal-nargis-1' };
    const first = await t.call('POST', '/api/v1/sales', body, { token: saad.token, headers });
    expect(first.status).toBe(201);
    const recorded = await json(first);
    expect(recorded).toMatchObject({ amount: 2_300_000, commission: 46_000, ratePercent: 2, created: true });
    saleId = recorded.id as string;
    const retry = await t.call('POST', '/api/v1/sales', body, { token: saad.token, headers });
    expect(retry.status).toBe(201);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect((await json(retry)).id).toBe(saleId);
    expect(await t.db.sale.count({ where: { organizationId: office.id } })).toBe(1);
    expect((await t.db.property.findUniqueOrThrow({ where: { id: propertyId } })).status).toBe('sold');
  });

  it('answers the same deal told again without a key with 200 and created: false', async () => {
    const again = await t.call('POST', '/api/v1/sales', { amount: 2_300_000, propertyId }, { token: saad.token });
    expect(again.status).toBe(200);
    expect(await json(again)).toMatchObject({ id: saleId, created: false });
    expect(await t.db.sale.count({ where: { organizationId: office.id } })).toBe(1);
  });

  it("refuses another office's property or customer with 404 and stores nothing", async () => {
    const theirProperty = await t.db.property.create({
      data: {
        organizationId: other.id,
        refNumber: 1,
        title: 'شقة',
        propertyType: 'apartment',
        listingType: 'rent',
        city: 'جدة',
        price: 50_000,
        status: 'active',
      },
    });
    const theirCustomer = await t.db.customer.create({ data: { organizationId: other.id, name: 'غريب' } });
    const p = await t.call(
      'POST',
      '/api/v1/sales',
      { amount: 50_000, propertyId: theirProperty.id },
      { token: saad.token },
    );
    expect(p.status).toBe(404);
    expect(await json(p)).toMatchObject({ code: 'SALE.PROPERTY_NOT_FOUND' });
    const c = await t.call(
      'POST',
      '/api/v1/sales',
      { amount: 50_000, customerId: theirCustomer.id },
      { token: saad.token },
    );
    expect(await json(c)).toMatchObject({ code: 'SALE.CUSTOMER_NOT_FOUND' });
    expect(await t.db.sale.count()).toBe(1);
    expect((await t.db.property.findUniqueOrThrow({ where: { id: theirProperty.id } })).status).toBe('active');
  });

  it('lists deals and commissions per deal and per broker, each broker his own', async () => {
    await t.call('POST', '/api/v1/sales', { amount: 400_000, dealType: 'sale' }, { token: outsider.token });
    const sale = await json(await t.call('GET', `/api/v1/sales/${saleId}`, undefined, { token: saad.token }));
    expect(sale).toMatchObject({
      broker: { id: saad.id, name: 'سعد' },
      property: { id: propertyId, refNumber: 1 },
      commissions: [{ brokerId: saad.id, ratePercent: 2, amount: 46_000 }],
    });
    const perSale = await json(
      await t.call('GET', `/api/v1/sales/${saleId}/commissions`, undefined, { token: saad.token }),
    );
    expect(perSale.items!.map((c) => c.amount)).toEqual([46_000]);
    const perBroker = await json(
      await t.call('GET', `/api/v1/commissions?broker=${outsider.id}`, undefined, { token: office.owner.token }),
    );
    expect(perBroker.items!.map((c) => c.amount)).toEqual([10_000]);
    // سعد sees his own deals only; خالد's deal is not found for him
    const mine = await json(await t.call('GET', '/api/v1/sales', undefined, { token: saad.token }));
    expect(mine.items!.map((s) => s.id)).toEqual([saleId]);
    const theirs = await json(
      await t.call('GET', '/api/v1/sales?sort=-amount', undefined, { token: office.owner.token }),
    );
    expect(theirs.items!.map((s) => s.amount)).toEqual([2_300_000, 400_000]);
    const outsiderSale = theirs.items![1]!.id as string;
    expect((await t.call('GET', `/api/v1/sales/${outsiderSale}`, undefined, { token: saad.token })).status).toBe(404);
  });
});
