// The customers service over the real database: the vertical slice later modules copy.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrismaCustomersRepo } from '../../core/customers/customers.repo.prisma.ts';
import { createCustomersService } from '../../core/customers/customers.service.ts';
import { ManualClock } from '../../core/shared/clock.ts';
import { unwrap } from '../../core/shared/result.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-db.ts';

let t: TestDatabase;
let scope: { organizationId: string; userId: string };
let otherScope: { organizationId: string; userId: string };
let service: ReturnType<typeof createCustomersService>;
const clock = new ManualClock('2026-11-21T10:00:00Z');

beforeAll(async () => {
  t = await createTestDatabase();
  const org = await t.db.organization.create({ data: { name: 'o', slug: 'c1' } });
  const other = await t.db.organization.create({ data: { name: 'o2', slug: 'c2' } });
  const user = await t.db.user.create({ data: { organizationId: org.id, phone: '+966500000001', name: 'سعد' } });
  const otherUser = await t.db.user.create({ data: { organizationId: other.id, phone: '+966500000009', name: 'x' } });
  scope = { organizationId: org.id, userId: user.id };
  otherScope = { organizationId: other.id, userId: otherUser.id };
  service = createCustomersService({ repo: createPrismaCustomersRepo(t.db), clock });
});
afterAll(async () => {
  await t?.drop();
});

describe('customers service', () => {
  it('creates a customer with the phone in E.164 and logs the creation', async () => {
    const created = unwrap(
      await service.create(scope, {
        name: 'أحمد الغامدي',
        phone: '0551234567',
        budgetMax: 800_000,
        preferredCities: ['Riyadh'],
      }),
    );
    expect(created.phone).toBe('+966551234567');
    expect(created.assignedToId).toBe(scope.userId);
    const log = await t.db.customerActivity.findMany({ where: { customerId: created.id } });
    expect(log.map((a) => a.type)).toEqual(['created']);
  });

  it('finds it by any spelling of the phone', async () => {
    for (const spelling of [
      '+966551234567',
      '966551234567',
      '00966551234567',
      '055 123 4567',
      '٠٥٥١٢٣٤٥٦٧',
      '551234567',
    ]) {
      const found = await service.findByPhone(scope, spelling);
      expect(found?.name, spelling).toBe('أحمد الغامدي');
    }
    expect(await service.findByPhone(scope, 'not a phone')).toBeUndefined();
  });

  it('finds it by name whatever the letter forms', async () => {
    const found = await service.search(scope, { text: 'احمد' });
    expect(found.map((c) => c.name)).toEqual(['أحمد الغامدي']);
    expect(await service.search(scope, { text: 'الغامدى' })).toHaveLength(1);
  });

  it('refuses a second customer with the same phone and points at the first', async () => {
    const existing = await service.findByPhone(scope, '0551234567');
    const again = await service.create(scope, { name: 'Ahmed', phone: '+966 55 123 4567' });
    expect(again.ok).toBe(false);
    if (!again.ok) {
      expect(again.error.code).toBe('CUSTOMER.DUPLICATE_PHONE');
      expect(again.error.details?.existingId).toBe(existing?.id);
    }
  });

  it('rejects an invalid phone and an inverted budget', async () => {
    const badPhone = await service.create(scope, { name: 'x', phone: '12345' });
    expect(!badPhone.ok && badPhone.error.code).toBe('CUSTOMER.INVALID_PHONE');
    const badBudget = await service.create(scope, { name: 'x', budgetMin: 900, budgetMax: 100 });
    expect(!badBudget.ok && badBudget.error.code).toBe('CUSTOMER.INVALID_INPUT');
  });

  it('updates status and phone, logging the change', async () => {
    const customer = (await service.findByPhone(scope, '0551234567'))!;
    const updated = unwrap(await service.update(scope, customer.id, { status: 'interested', phone: '0561234567' }));
    expect(updated.status).toBe('interested');
    expect(updated.phone).toBe('+966561234567');
    const types = (await t.db.customerActivity.findMany({ where: { customerId: customer.id } })).map((a) => a.type);
    expect(types).toContain('status_change');
  });

  it('keeps organizations apart', async () => {
    const customer = (await service.findByPhone(scope, '0561234567'))!;
    expect(await service.findByPhone(otherScope, '0561234567')).toBeNull();
    expect(await service.search(otherScope, { text: 'احمد' })).toEqual([]);
    const foreign = await service.update(otherScope, customer.id, { status: 'lost' });
    expect(!foreign.ok && foreign.error.code).toBe('CUSTOMER.NOT_FOUND');
    // and the same phone is a different customer in another organization
    expect((await service.create(otherScope, { name: 'أحمد', phone: '0561234567' })).ok).toBe(true);
  });
});
