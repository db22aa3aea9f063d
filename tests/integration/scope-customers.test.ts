// The customers module never finds or changes another organization's customer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCustomersQueries } from '../../core/customers/customers.queries.ts';
import { createPrismaCustomersRepo } from '../../core/customers/customers.repo.prisma.ts';
import { createCustomersService } from '../../core/customers/customers.service.ts';
import { ManualClock } from '../../core/shared/clock.ts';
import { unwrap } from '../../core/shared/result.ts';
import type { Scope } from '../../core/shared/scope.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-db.ts';

let t: TestDatabase;
let ours: Scope;
let theirs: Scope;
let customerId: string;
let service: ReturnType<typeof createCustomersService>;
const clock = new ManualClock('2026-11-21T10:00:00Z');

beforeAll(async () => {
  t = await createTestDatabase();
  const org = await t.db.organization.create({ data: { name: 'a', slug: 'scope-cust-a' } });
  const other = await t.db.organization.create({ data: { name: 'b', slug: 'scope-cust-b' } });
  const user = await t.db.user.create({ data: { organizationId: org.id, phone: '+966500000001', name: 'a' } });
  const otherUser = await t.db.user.create({ data: { organizationId: other.id, phone: '+966500000002', name: 'b' } });
  ours = { organizationId: org.id, userId: user.id, role: 'broker' };
  theirs = { organizationId: other.id, userId: otherUser.id, role: 'owner' };
  service = createCustomersService({ repo: createPrismaCustomersRepo(t.db), clock });
  customerId = unwrap(await service.create(ours, { name: 'خالد', phone: '0551234567' })).id;
  unwrap(await service.addNote(ours, customerId, 'يفضل الشمال'));
});
afterAll(async () => {
  await t?.drop();
});

describe('customers of another organization', () => {
  it('are not found by id, phone or name', async () => {
    expect(unwrap(await service.get(ours, customerId)).name).toBe('خالد');
    expect(await service.get(theirs, customerId)).toMatchObject({ ok: false, error: { code: 'CUSTOMER.NOT_FOUND' } });
    expect(await service.findByPhone(theirs, '0551234567')).toBeNull();
    expect(await service.search(theirs, { text: 'خالد' })).toEqual([]);
  });

  it('cannot be updated or given a note', async () => {
    const updated = await service.update(theirs, customerId, { status: 'lost' });
    expect(!updated.ok && updated.error.code).toBe('CUSTOMER.NOT_FOUND');
    const noted = await service.addNote(theirs, customerId, 'not theirs');
    expect(!noted.ok && noted.error.code).toBe('CUSTOMER.NOT_FOUND');
    const row = await t.db.customer.findUniqueOrThrow({ where: { id: customerId } });
    expect(row.status).toBe('new');
    expect(await t.db.customerActivity.count({ where: { customerId, description: 'not theirs' } })).toBe(0);
  });

  it('are not counted for the other organization («كم عميل عندي»)', async () => {
    const queries = createCustomersQueries({ db: t.db });
    const counts = await queries.statusCounts(ours);
    expect(Object.values(counts).reduce((a, b) => a + (b ?? 0), 0)).toBeGreaterThan(0);
    expect(await queries.statusCounts(theirs)).toEqual({});
    expect(await queries.statusCounts(ours, ['00000000-0000-0000-0000-000000000000'])).toEqual({});
  });

  it('show no activity to the other organization', async () => {
    expect((await service.recentActivity(ours, customerId)).map((a) => a.description)).toContain('يفضل الشمال');
    expect(await service.recentActivity(theirs, customerId)).toEqual([]);
  });

  it('get no follow-up or interaction from the other organization', async () => {
    const dueAt = new Date('2026-11-22T07:00:00Z');
    const followup = await service.scheduleFollowup(theirs, { customerId, dueAt, type: 'call' });
    expect(!followup.ok && followup.error.code).toBe('CUSTOMER.NOT_FOUND');
    const call = await service.logInteraction(theirs, { customerId, type: 'call', summary: 'x', occurredAt: dueAt });
    expect(!call.ok && call.error.code).toBe('CUSTOMER.NOT_FOUND');
    expect(await t.db.customerFollowup.count({ where: { customerId } })).toBe(0);
    expect(await t.db.customerInteraction.count({ where: { customerId } })).toBe(0);

    expect((await t.db.customer.findUniqueOrThrow({ where: { id: customerId } })).status).toBe('new');
    unwrap(await service.scheduleFollowup(ours, { customerId, dueAt, type: 'call' }));
    unwrap(await service.logInteraction(ours, { customerId, type: 'call', summary: 'x', occurredAt: dueAt }));
    // reached: a customer still new is contacted now (the other office's try changed nothing above)
    expect((await t.db.customer.findUniqueOrThrow({ where: { id: customerId } })).status).toBe('contacted');
    expect(await t.db.customerFollowup.count({ where: { customerId, organizationId: ours.organizationId } })).toBe(1);
    expect(await t.db.customerInteraction.count({ where: { customerId, organizationId: ours.organizationId } })).toBe(
      1,
    );
  });
});
