// core's members service on real PostgreSQL: who may add and remove whom, another office's member is
// never found, a removal refused when her viewings would overlap the successor's (nothing moves), the
// reminders of what moved follow the successor, an invited member joins on her first message only, and
// a removed member can be added back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore } from '../../core/core.ts';
import { createDeferredQueue } from '../../core/jobs/deferred.queue.ts';
import { ManualClock } from '../../core/shared/clock.ts';
import { silentLogger } from '../../core/shared/logger.ts';
import { type Scope, systemScope } from '../../core/shared/scope.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-db.ts';

let database: TestDatabase;
let core: ReturnType<typeof createCore>;
const clock = new ManualClock('2026-11-22T09:00:00+03:00');
const offices = { a: '', b: '' };
const cli = (organizationId: string): Scope => ({ ...systemScope(organizationId), via: 'cli' });
const as = (organizationId: string, userId: string, role: 'owner' | 'manager' | 'broker'): Scope => ({
  organizationId,
  userId,
  role,
  via: 'telegram',
});

beforeAll(async () => {
  database = await createTestDatabase();
  core = createCore({ db: database.db, clock, jobs: createDeferredQueue().queue, logger: silentLogger });
  for (const [key, name, phone] of [
    ['a', 'Office A', '0551000001'],
    ['b', 'Office B', '0551000002'],
  ] as const) {
    const created = await core.organizations.create({ name, owner: { phone, name: `Owner ${key}` } });
    if (!created.ok) throw new Error(created.error.code);
    offices[key] = created.value.organizationId;
  }
});
afterAll(async () => {
  await database?.drop();
});

const user = (organizationId: string, phone: string) =>
  database.db.user.findUniqueOrThrow({ where: { organizationId_phone: { organizationId, phone } } });
const add = async (organizationId: string, phone: string, name: string, role: 'manager' | 'broker' | 'owner') => {
  const added = await core.members.add(cli(organizationId), { phone, name, role });
  if (!added.ok) throw new Error(added.error.code);
  return added.value.userId;
};

describe('who may change the team', () => {
  it('a broker may not add; a manager may add a broker but not an owner, nor remove one', async () => {
    const managerId = await add(offices.a, '0552000001', 'Manager', 'manager');
    const brokerId = await add(offices.a, '0552000002', 'Broker', 'broker');
    const owner = await user(offices.a, '+966551000001');
    const byBroker = await core.members.add(as(offices.a, brokerId, 'broker'), {
      phone: '0552000003',
      name: 'X',
      role: 'broker',
    });
    expect(byBroker).toMatchObject({ ok: false, error: { code: 'MEMBER.FORBIDDEN' } });
    const manager = as(offices.a, managerId, 'manager');
    expect(await core.members.add(manager, { phone: '0552000003', name: 'X', role: 'owner' })).toMatchObject({
      ok: false,
      error: { code: 'MEMBER.FORBIDDEN' },
    });
    expect(await core.members.remove(manager, { userId: owner.id })).toMatchObject({
      ok: false,
      error: { code: 'MEMBER.FORBIDDEN' },
    });
    expect(await core.members.remove(manager, { userId: managerId })).toMatchObject({
      ok: false,
      error: { code: 'MEMBER.SELF' },
    });
    expect(
      await core.members.remove({ organizationId: offices.a, role: 'contact' }, { userId: brokerId }),
    ).toMatchObject({
      ok: false,
      error: { code: 'MEMBER.FORBIDDEN' },
    });
  });

  it('never finds another office’s member, and lists only its own', async () => {
    const broker = await user(offices.a, '+966552000002');
    expect(await core.members.remove(cli(offices.b), { userId: broker.id })).toMatchObject({
      ok: false,
      error: { code: 'MEMBER.NOT_FOUND' },
    });
    expect(await core.members.remove(cli(offices.b), { phone: '0552000002' })).toMatchObject({
      ok: false,
      error: { code: 'MEMBER.NOT_FOUND' },
    });
    expect((await core.members.list(cli(offices.b))).map((m) => m.name)).toEqual(['Owner b']);
    expect(await core.members.findByName(cli(offices.b), 'Broker')).toEqual([]);
    expect((await user(offices.a, '+966552000002')).status).toBe('active');
  });
});

describe('removing a member', () => {
  it('is refused, moving nothing, when her coming viewings overlap the successor’s', async () => {
    const layla = await add(offices.a, '0553000001', 'Layla', 'broker');
    const owner = await user(offices.a, '+966551000001');
    const at = (hour: number) => new Date(`2026-11-23T${String(hour).padStart(2, '0')}:00:00+03:00`);
    const viewing = (userId: string, from: number) => ({
      organizationId: offices.a,
      userId,
      title: 'viewing',
      startsAt: at(from),
      endsAt: at(from + 1),
      durationMinutes: 60,
    });
    await database.db.appointment.create({ data: viewing(layla, 10) });
    await database.db.appointment.create({ data: viewing(owner.id, 10) });
    await database.db.customer.create({ data: { organizationId: offices.a, name: 'C', assignedToId: layla } });
    const refused = await core.members.remove(cli(offices.a), { userId: layla, to: { userId: owner.id } });
    expect(refused).toMatchObject({ ok: false, error: { code: 'MEMBER.APPOINTMENT_CLASH', details: { count: 1 } } });
    expect(await database.db.customer.count({ where: { assignedToId: layla } })).toBe(1);
    expect((await database.db.user.findUniqueOrThrow({ where: { id: layla } })).status).toBe('active');
  });

  it('sends the reminders of what moved to the successor’s chat, and names him to the client', async () => {
    const sara = await add(offices.a, '0553000002', 'Sara', 'broker');
    const manager = await user(offices.a, '+966552000001');
    const account = await database.db.channelAccount.findFirstOrThrow({
      where: { organizationId: offices.a, kind: 'web' },
    });
    const chat = (externalId: string, userId: string | null) =>
      database.db.contact.create({
        data: { organizationId: offices.a, channelAccountId: account.id, externalId, userId },
      });
    const saraChat = await chat('+966553000002', sara);
    const owner = await user(offices.a, '+966551000001');
    const ownerChat = await chat('+966551000001', owner.id);
    const clientChat = await chat('+966559999999', null);
    const startsAt = new Date('2026-11-25T17:00:00+03:00');
    const appointment = await database.db.appointment.create({
      data: {
        organizationId: offices.a,
        userId: sara,
        title: 'viewing',
        startsAt,
        endsAt: new Date(startsAt.getTime() + 3_600_000),
        durationMinutes: 60,
      },
    });
    const task = await database.db.task.create({
      data: { organizationId: offices.a, title: 'call', assignedToId: sara },
    });
    const reminder = (
      key: string,
      data: { kind: string; contactId: string; appointmentId?: string; taskId?: string; payload?: object },
    ) =>
      database.db.reminder.create({
        data: { organizationId: offices.a, dueAt: startsAt, dedupeKey: key, userId: sara, ...data },
      });
    const forBroker = await reminder('b', {
      kind: 'appointment',
      contactId: saraChat.id,
      appointmentId: appointment.id,
      payload: { role: 'broker', brokerName: 'Sara' },
    });
    const forClient = await reminder('c', {
      kind: 'appointment',
      contactId: clientChat.id,
      appointmentId: appointment.id,
      payload: { role: 'client', brokerName: 'Sara', brokerPhone: '+966553000002' },
    });
    const forTask = await reminder('t', { kind: 'task', contactId: saraChat.id, taskId: task.id });

    const removed = await core.members.remove(as(offices.a, manager.id, 'manager'), { userId: sara });
    expect(removed.ok).toBe(true);
    if (!removed.ok) return;
    // her team is the default team, which the owner manages: he takes over, not the manager who asked
    const successor = removed.value.successor;
    expect(successor).toEqual({ id: owner.id, name: 'Owner a' });
    const rows = await database.db.reminder.findMany({
      where: { id: { in: [forBroker.id, forClient.id, forTask.id] } },
    });
    const byId = new Map(rows.map((r) => [r.id, r]));
    expect(byId.get(forBroker.id)).toMatchObject({ contactId: ownerChat.id, userId: owner.id, status: 'pending' });
    expect(byId.get(forTask.id)).toMatchObject({ contactId: ownerChat.id, userId: owner.id, status: 'pending' });
    expect(removed.value.moved).toMatchObject({ appointments: 1, tasks: 1, reminders: 2, remindersDropped: 0 });
    expect(byId.get(forClient.id)).toMatchObject({ contactId: clientChat.id, status: 'pending' });
    expect(byId.get(forClient.id)!.payload).toMatchObject({ role: 'client', brokerName: successor.name });
    // her chat is a stranger's now
    expect(await database.db.contact.findUniqueOrThrow({ where: { id: saraChat.id } })).toMatchObject({
      userId: null,
      role: 'unknown',
    });
  });

  it('a removed member can be added back, active again', async () => {
    const sara = await user(offices.a, '+966553000002');
    expect(sara.status).toBe('inactive');
    const again = await core.members.add(cli(offices.a), { phone: '0553000002', name: 'Sara', role: 'broker' });
    expect(again).toMatchObject({ ok: true, value: { userId: sara.id, readded: true, status: 'active' } });
  });
});

describe('joining on the first message', () => {
  it('makes an invited member active, once; nobody else changes', async () => {
    const owner = await user(offices.a, '+966551000001');
    const invited = await core.members.add(as(offices.a, owner.id, 'owner'), {
      phone: '0554000001',
      name: 'Noura',
      role: 'broker',
      status: 'pending',
    });
    expect(invited).toMatchObject({ ok: true, value: { status: 'pending' } });
    const contact = { organizationId: offices.a, role: 'contact' as const, via: 'whatsapp_cloud' as const };
    // the same phone writing to another office joins nothing there
    expect(
      await core.members.joinOnFirstMessage({ ...contact, organizationId: offices.b }, '+966554000001'),
    ).toBeNull();
    expect(await core.members.joinOnFirstMessage(contact, '0554000001')).toMatchObject({
      name: 'Noura',
      role: 'broker',
      officeName: 'Office A',
    });
    expect((await user(offices.a, '+966554000001')).status).toBe('active');
    expect(await core.members.joinOnFirstMessage(contact, '0554000001')).toBeNull();
    expect(await core.members.joinOnFirstMessage(contact, '+966551000001')).toBeNull();
    const joined = await database.db.auditLog.findFirstOrThrow({ where: { action: 'member.joined' } });
    expect(joined).toMatchObject({ channel: 'whatsapp_cloud', organizationId: offices.a });
  });
});
