// The teams module never finds another organization's member or broker.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemScope } from '../../core/shared/scope.ts';
import { createTeamsService } from '../../core/teams/teams.service.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-db.ts';

let t: TestDatabase;
let orgId: string;
let otherId: string;
let userId: string;
let service: ReturnType<typeof createTeamsService>;

beforeAll(async () => {
  t = await createTestDatabase();
  orgId = (await t.db.organization.create({ data: { name: 'a', slug: 'scope-team-a' } })).id;
  otherId = (await t.db.organization.create({ data: { name: 'b', slug: 'scope-team-b' } })).id;
  userId = (
    await t.db.user.create({ data: { organizationId: orgId, phone: '+966500000001', name: 'a', role: 'manager' } })
  ).id;
  service = createTeamsService({ db: t.db });
});
afterAll(async () => {
  await t?.drop();
});

describe('members of another organization', () => {
  it('are not found by phone or id', async () => {
    expect((await service.memberByPhone(systemScope(orgId), '+966500000001'))?.userId).toBe(userId);
    expect(await service.memberByPhone(systemScope(otherId), '+966500000001')).toBeNull();
    expect((await service.memberById(systemScope(orgId), userId))?.userId).toBe(userId);
    expect(await service.memberById(systemScope(otherId), userId)).toBeNull();
  });

  it('are never the office broker of another organization', async () => {
    expect((await service.officeBroker(systemScope(orgId)))?.id).toBe(userId);
    expect(await service.officeBroker(systemScope(otherId))).toBeNull();
  });
});
