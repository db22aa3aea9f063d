// The admin API's /members and /teams over a test Nova: the owner and managers read the office with
// phones, a broker his own team without them; adding and removing members (her work moves, her sign-in
// ends); permission rows set with If-Match and what they resolve to, never by a member on himself.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi, type TestMember, type TestOffice } from '../support/api.ts';

let t: TestApi;
let office: TestOffice;
let manager: TestMember;
let saad: TestMember;
let layla: TestMember;
let outsider: TestMember;
let teamId: string;

type Json = Record<string, unknown> & { items?: Array<Record<string, unknown>> };
const json = async (r: Response) => (await r.json()) as Json;

beforeAll(async () => {
  t = await startTestApi();
  office = await t.office('members-api');
  manager = await t.member(office.id, 'manager', 'المدير');
  saad = await t.member(office.id, 'broker', 'سعد');
  layla = await t.member(office.id, 'broker', 'ليلى');
  outsider = await t.member(office.id, 'broker', 'خالد');
  teamId = (await t.db.team.create({ data: { organizationId: office.id, name: 'فريق الشمال', managerId: manager.id } }))
    .id;
  for (const m of [saad, layla]) {
    await t.db.teamMember.create({ data: { organizationId: office.id, teamId, userId: m.id, role: 'broker' } });
  }
});
afterAll(async () => {
  await t?.close();
});

describe('/api/v1/members', () => {
  it('lists the office with phones for a manager, and a broker his own team without them', async () => {
    const all = await json(await t.call('GET', '/api/v1/members?sort=name', undefined, { token: manager.token }));
    expect(all.items!.map((m) => m.name)).toEqual(
      expect.arrayContaining(['المدير', 'سعد', 'ليلى', 'خالد', office.owner.name]),
    );
    expect(all.items!.find((m) => m.id === saad.id)?.phone).toBe(saad.phone);
    const mine = await json(await t.call('GET', '/api/v1/members', undefined, { token: saad.token }));
    expect(new Set(mine.items!.map((m) => m.name))).toEqual(new Set(['سعد', 'ليلى']));
    expect(mine.items!.every((m) => m.phone === null)).toBe(true);
    expect((await t.call('GET', `/api/v1/members/${outsider.id}`, undefined, { token: saad.token })).status).toBe(404);
  });

  it('adds a member to a team; the same phone again is 409, and a manager cannot add an owner (403)', async () => {
    const added = await t.call(
      'POST',
      '/api/v1/members',
      { phone: '0551230001', name: 'ريم', role: 'team_member', team: 'فريق الشمال' },
      { token: manager.token },
    );
    expect(added.status).toBe(201);
    expect(await json(added)).toMatchObject({
      name: 'ريم',
      phone: '+966551230001',
      role: 'team_member',
      status: 'active',
      teams: [{ id: teamId, name: 'فريق الشمال', role: 'broker' }],
    });
    const again = await t.call(
      'POST',
      '/api/v1/members',
      { phone: '+966 55 123 0001', name: 'ريم', role: 'broker' },
      { token: manager.token },
    );
    expect(again.status).toBe(409);
    expect(await json(again)).toMatchObject({ code: 'MEMBER.PHONE_TAKEN' });
    const owner = await t.call(
      'POST',
      '/api/v1/members',
      { phone: '0551230002', name: 'مالك ثاني', role: 'owner' },
      { token: manager.token },
    );
    expect(owner.status).toBe(403);
    expect(await t.db.user.count({ where: { organizationId: office.id, phone: '+966551230002' } })).toBe(0);
  });

  it('removes a member: her customers go to the successor named, and her sign-in ends at once', async () => {
    const leaving = await t.member(office.id, 'broker', 'مغادر');
    const customer = await t.db.customer.create({
      data: { organizationId: office.id, name: 'عميله', assignedToId: leaving.id },
    });
    const removed = await t.call('DELETE', `/api/v1/members/${leaving.id}?to=${outsider.id}`, undefined, {
      token: office.owner.token,
    });
    expect(removed.status).toBe(200);
    expect(await json(removed)).toMatchObject({
      id: leaving.id,
      successor: { id: outsider.id, name: 'خالد' },
      moved: { customers: 1 },
    });
    expect((await t.db.customer.findUniqueOrThrow({ where: { id: customer.id } })).assignedToId).toBe(outsider.id);
    expect((await t.call('GET', '/api/v1/tasks', undefined, { token: leaving.token })).status).toBe(401);
    const self = await t.call('DELETE', `/api/v1/members/${manager.id}`, undefined, { token: manager.token });
    expect(await json(self)).toMatchObject({ code: 'MEMBER.SELF' });
  });
});

describe('/api/v1/members/{id}/permissions', () => {
  const row = (module: string, on: string[]) => ({
    module,
    canView: true,
    canCreate: on.includes('create'),
    canEdit: on.includes('edit'),
    canDelete: on.includes('delete'),
    canExport: on.includes('export'),
    canPublish: false,
    canAssign: false,
    canViewAll: on.includes('viewAll'),
  });

  it("sets a broker's rows with the ETag read, and the matrix follows; a stale ETag is 412", async () => {
    const read = await t.call('GET', `/api/v1/members/${layla.id}/permissions`, undefined, { token: manager.token });
    expect(read.status).toBe(200);
    const before = await json(read);
    expect(before).toMatchObject({ role: 'broker', memberships: [{ teamId, rows: [] }] });
    expect((before.matrix as Record<string, Record<string, boolean>>).crm!.delete).toBe(false);
    const etag = read.headers.get('etag')!;

    const set = await t.call(
      'PUT',
      `/api/v1/members/${layla.id}/permissions`,
      { rows: [row('crm', ['create', 'edit', 'delete', 'export'])] },
      { token: manager.token, headers: { 'if-match': etag } },
    );
    expect(set.status).toBe(200);
    const after = await json(set);
    expect((after.matrix as Record<string, Record<string, boolean>>).crm).toMatchObject({ delete: true, export: true });
    expect(after.effective).toEqual([row('crm', ['create', 'edit', 'delete', 'export'])]);

    const stale = await t.call(
      'PUT',
      `/api/v1/members/${layla.id}/permissions`,
      { rows: [] },
      { token: manager.token, headers: { 'if-match': etag } },
    );
    expect(stale.status).toBe(412);
    expect(await t.db.permission.count({ where: { organizationId: office.id } })).toBe(1);
    // and the rows apply at once: ليلى may now delete a customer
    const customer = await t.db.customer.create({
      data: { organizationId: office.id, name: 'للحذف', assignedToId: layla.id },
    });
    expect((await t.call('DELETE', `/api/v1/customers/${customer.id}`, undefined, { token: layla.token })).status).toBe(
      200,
    );
  });

  it("never lets a member set his own rows, nor a broker anyone's; a broker reads only his own", async () => {
    await t.db.teamMember.create({ data: { organizationId: office.id, teamId, userId: manager.id, role: 'manager' } });
    const own = await t.call(
      'PUT',
      `/api/v1/members/${manager.id}/permissions`,
      { rows: [] },
      { token: manager.token },
    );
    expect(own.status).toBe(409);
    expect(await json(own)).toMatchObject({ code: 'MEMBER.SELF' });
    const byBroker = await t.call(
      'PUT',
      `/api/v1/members/${layla.id}/permissions`,
      { rows: [row('crm', ['viewAll'])] },
      { token: saad.token },
    );
    expect(byBroker.status).toBe(403);
    expect(
      (await t.call('GET', `/api/v1/members/${saad.id}/permissions`, undefined, { token: saad.token })).status,
    ).toBe(200);
    expect(
      (await t.call('GET', `/api/v1/members/${layla.id}/permissions`, undefined, { token: saad.token })).status,
    ).toBe(403);
  });
});

describe('/api/v1/teams', () => {
  it('lists the teams with their manager and members', async () => {
    const teams = await json(await t.call('GET', '/api/v1/teams', undefined, { token: manager.token }));
    const north = teams.items!.find((x) => x.id === teamId)!;
    expect(north).toMatchObject({ name: 'فريق الشمال', manager: { id: manager.id, name: 'المدير' } });
    expect((north.members as Array<{ name: string }>).map((m) => m.name)).toEqual(
      expect.arrayContaining(['سعد', 'ليلى', 'ريم']),
    );
  });
});
