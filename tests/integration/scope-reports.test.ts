// The period summary counts only the organization's own data.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createReportsQueries } from '../../core/analytics/reports.queries.ts';
import { systemScope } from '../../core/shared/scope.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-db.ts';

let t: TestDatabase;
let orgId: string;
let otherId: string;
let userId: string;
let service: ReturnType<typeof createReportsQueries>;
const range = { from: new Date('2026-11-01T00:00:00Z'), to: new Date('2026-12-01T00:00:00Z') };

beforeAll(async () => {
  t = await createTestDatabase();
  orgId = (await t.db.organization.create({ data: { name: 'a', slug: 'scope-rep-a' } })).id;
  otherId = (await t.db.organization.create({ data: { name: 'b', slug: 'scope-rep-b' } })).id;
  userId = (await t.db.user.create({ data: { organizationId: orgId, phone: '+966500000001', name: 'a' } })).id;
  await t.db.customer.create({
    data: { organizationId: orgId, name: 'خالد', assignedToId: userId, createdAt: new Date('2026-11-10T10:00:00Z') },
  });
  service = createReportsQueries({ db: t.db });
});
afterAll(async () => {
  await t?.drop();
});

describe('the summary', () => {
  it('does not count another organization’s customers, even for its own users list', async () => {
    expect((await service.summary(systemScope(orgId), 'all', range)).newCustomers).toBe(1);
    expect((await service.summary(systemScope(otherId), 'all', range)).newCustomers).toBe(0);
    expect((await service.summary(systemScope(otherId), [userId], range)).newCustomers).toBe(0);
  });
});
