// The finance module never finds, sells or closes another organization's listing or customer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFinanceQueries } from '../../core/finance/finance.queries.ts';
import { createFinanceService } from '../../core/finance/finance.service.ts';
import { ManualClock } from '../../core/shared/clock.ts';
import type { Scope } from '../../core/shared/scope.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-db.ts';

let t: TestDatabase;
let ours: Scope;
let theirs: Scope;
let propertyId: string;
let customerId: string;
let finance: ReturnType<typeof createFinanceService>;
let queries: ReturnType<typeof createFinanceQueries>;
const clock = new ManualClock('2026-11-21T10:00:00Z');

beforeAll(async () => {
  t = await createTestDatabase();
  const org = await t.db.organization.create({ data: { name: 'a', slug: 'scope-fin-a' } });
  const other = await t.db.organization.create({ data: { name: 'b', slug: 'scope-fin-b' } });
  const user = await t.db.user.create({ data: { organizationId: org.id, phone: '+966500000001', name: 'a' } });
  const otherUser = await t.db.user.create({ data: { organizationId: other.id, phone: '+966500000002', name: 'b' } });
  ours = { organizationId: org.id, userId: user.id, role: 'broker' };
  theirs = { organizationId: other.id, userId: otherUser.id, role: 'owner' };
  const property = await t.db.property.create({
    data: {
      organizationId: org.id,
      refNumber: 7,
      title: 'فيلا النرجس',
      propertyType: 'villa',
      listingType: 'sale',
      city: 'Riyadh',
      district: 'النرجس',
      price: 2_300_000,
      status: 'active',
    },
  });
  propertyId = property.id;
  customerId = (await t.db.customer.create({ data: { organizationId: org.id, name: 'خالد' } })).id;
  finance = createFinanceService({ db: t.db, clock });
  queries = createFinanceQueries({ db: t.db });
});
afterAll(async () => {
  await t?.drop();
});

describe('the property a sale is about', () => {
  it('is found among the organization’s own listings only', async () => {
    expect((await queries.soldProperty(ours, { ref: 7 }))?.id).toBe(propertyId);
    expect((await queries.soldProperty(ours, { district: 'النرجس', propertyType: 'villa' }))?.id).toBe(propertyId);
    expect(await queries.soldProperty(theirs, { ref: 7 })).toBeNull();
    expect(await queries.soldProperty(theirs, { district: 'النرجس', propertyType: 'villa' })).toBeNull();
  });
});

describe('a sale recorded by another organization', () => {
  it('is refused (our ids are not found): it neither marks our listing sold nor closes our customer', async () => {
    const sale = await finance.recordSale(theirs, {
      amount: 2_300_000,
      dealType: 'sale',
      propertyId,
      customerId,
      idempotencyKey: 'sale:theirs',
    });
    expect(!sale.ok && sale.error.code).toBe('SALE.PROPERTY_NOT_FOUND');
    const byCustomer = await finance.recordSale(theirs, {
      amount: 2_300_000,
      dealType: 'sale',
      customerId,
      idempotencyKey: 'sale:theirs:2',
    });
    expect(!byCustomer.ok && byCustomer.error.code).toBe('SALE.CUSTOMER_NOT_FOUND');
    expect(await t.db.sale.count()).toBe(0);
    expect((await t.db.property.findUniqueOrThrow({ where: { id: propertyId } })).status).toBe('active');
    expect((await t.db.customer.findUniqueOrThrow({ where: { id: customerId } })).status).toBe('new');
  });
});
