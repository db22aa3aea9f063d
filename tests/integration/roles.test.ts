// Roles enforced in core, on a real database: an observer's writes are refused for every command
// family and nothing is written; a team member never deletes or assigns; a broker does not reach a
// colleague's customer outside his team but the manager does; every member's change is audited with
// its channel; contacts' phones are masked for whoever is not their broker or a manager.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Core, createCore } from '../../core/core.ts';
import { createInlineJobQueue } from '../../core/jobs/inline.queue.ts';
import { ManualClock } from '../../core/shared/clock.ts';
import { silentLogger } from '../../core/shared/logger.ts';
import { unwrap } from '../../core/shared/result.ts';
import { memberScope, type Scope, systemScope, type Via } from '../../core/shared/scope.ts';
import { ForbiddenError } from '../../core/teams/authorize.ts';
import { MODULES } from '../../core/teams/permissions.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-db.ts';

let t: TestDatabase;
const clock = new ManualClock('2026-11-22T07:00:00Z'); // Sunday 10:00 in Riyadh
const jobs = createInlineJobQueue({}, clock);
const MONDAY_10 = new Date('2026-11-23T07:00:00Z');
const MONDAY_12 = new Date('2026-11-23T09:00:00Z');
const TUESDAY_10 = new Date('2026-11-24T07:00:00Z');

const PHONES = {
  khalid: '+966551000001', // Layla's (b1) customer
  fahad: '+966551000002', // Omar's (b2, another team) customer
  salman: '+966551000003', // the team member's customer
  nasser: '+966551000004', // the manager's customer, owner of his listing
};

let orgId: string;
const ids = {} as Record<'manager' | 'b1' | 'tm' | 'b2' | 'observer', string>;
const scopes = {} as Record<'manager' | 'b1' | 'tm' | 'b2' | 'observer', Scope>;
const customers = {} as Record<'khalid' | 'fahad' | 'salman' | 'nasser', string>;
let propertyId: string;
let offerId: string;
let appointmentId: string;
let taskId: string;
let matchId: string;

/** Every core call runs in a transaction, as in a chat turn (booking writes under a savepoint). */
const inTx = <T>(work: (core: Core) => Promise<T>) =>
  t.db.$transaction((tx) => work(createCore({ db: tx, clock, jobs, logger: silentLogger })));

async function scopeOf(userId: string, via: Via): Promise<Scope> {
  const member = await inTx((core) => core.teams.memberById(systemScope(orgId), userId));
  if (!member) throw new Error('no member');
  return memberScope({ ...member, via });
}

const hours = {
  kind: 'hours' as const,
  weekdays: [0, 1, 2, 3, 4, 5, 6] as const,
  intervals: [{ start: '09:00', end: '21:00' }],
};

beforeAll(async () => {
  t = await createTestDatabase();
  orgId = (await t.db.organization.create({ data: { name: 'مكتب الأدوار', slug: 'roles-a' } })).id;
  const user = async (phone: string, name: string, role: 'manager' | 'broker' | 'team_member' | 'observer') =>
    (await t.db.user.create({ data: { organizationId: orgId, phone, name, role } })).id;
  ids.manager = await user('+966500000001', 'سعد', 'manager');
  ids.b1 = await user('+966500000002', 'ليلى', 'broker');
  ids.tm = await user('+966500000003', 'ريم', 'team_member');
  ids.b2 = await user('+966500000004', 'عمر', 'broker');
  ids.observer = await user('+966500000005', 'مراقب', 'observer');
  // Saad's team: Layla, Reem (a team member) and the observer; Omar has a team of his own.
  const team1 = await t.db.team.create({ data: { organizationId: orgId, name: 'فريق سعد', managerId: ids.manager } });
  const team2 = await t.db.team.create({ data: { organizationId: orgId, name: 'فريق عمر', managerId: ids.b2 } });
  for (const [userId, teamId, role] of [
    [ids.manager, team1.id, 'manager'],
    [ids.b1, team1.id, 'broker'],
    [ids.tm, team1.id, 'broker'],
    [ids.observer, team1.id, 'observer'],
    [ids.b2, team2.id, 'broker'],
  ] as const) {
    const member = await t.db.teamMember.create({ data: { organizationId: orgId, teamId, userId, role } });
    if (userId === ids.observer) {
      // rows that say "everything": an observer still never writes
      for (const module of MODULES) {
        await t.db.permission.create({
          data: {
            organizationId: orgId,
            teamMemberId: member.id,
            module,
            canView: true,
            canCreate: true,
            canEdit: true,
            canDelete: true,
            canExport: true,
            canPublish: true,
            canAssign: true,
            canViewAll: true,
          },
        });
      }
    }
  }
  scopes.manager = await scopeOf(ids.manager, 'web');
  scopes.b1 = await scopeOf(ids.b1, 'telegram');
  scopes.tm = await scopeOf(ids.tm, 'whatsapp_cloud');
  scopes.b2 = await scopeOf(ids.b2, 'telegram');
  scopes.observer = await scopeOf(ids.observer, 'whatsapp_web');

  // The manager hands each broker a customer (crm.assign) and keeps one, the owner of his listing.
  const give = (name: string, phone: string, assignedToId: string) =>
    inTx(async (core) => unwrap(await core.customers.create(scopes.manager, { name, phone, assignedToId })).id);
  customers.khalid = await give('خالد', PHONES.khalid, ids.b1);
  customers.fahad = await give('فهد', PHONES.fahad, ids.b2);
  customers.salman = await give('سلمان', PHONES.salman, ids.tm);
  customers.nasser = await give('ناصر', PHONES.nasser, ids.manager);
  const listed = await inTx(async (core) =>
    unwrap(
      await core.listings.create(scopes.manager, {
        listingType: 'sale',
        propertyType: 'villa',
        city: 'Riyadh',
        district: 'النرجس',
        area: 450,
        price: 2_300_000,
        ownerCustomerId: customers.nasser,
      }),
    ),
  );
  propertyId = listed.propertyId;
  offerId = listed.offerId;
  for (const who of ['manager', 'b1'] as const) {
    await inTx(async (core) =>
      unwrap(await core.appointments.setWorkingHours(scopes[who], { ...hours, weekdays: [...hours.weekdays] })),
    );
  }
  appointmentId = await inTx(
    async (core) =>
      unwrap(
        await core.appointments.book(scopes.manager, {
          userId: ids.manager,
          startsAt: MONDAY_10,
          actor: 'broker',
          title: 'معاينة فيلا النرجس',
          customerId: customers.nasser,
          propertyId,
        }),
      ).id,
  );
  taskId = await inTx(
    async (core) => unwrap(await core.tasks.create(scopes.b1, { title: 'اتصل على خالد', dueAt: TUESDAY_10 })).id,
  );
  const requestId = await inTx(
    async (core) =>
      unwrap(await core.requests.create(scopes.b1, { type: 'sale', cities: ['Riyadh'], customerId: customers.khalid }))
        .id,
  );
  matchId = (
    await t.db.smartMatch.create({
      data: { organizationId: orgId, offerId, requestId, brokerId: ids.b1, score: 80, matchedFeatures: [] },
    })
  ).id;
});
afterAll(async () => {
  await t?.drop();
});

/** What the refused commands could have changed. */
async function snapshot() {
  const count = async (table: keyof typeof t.db & string) =>
    (t.db as unknown as Record<string, { count(): Promise<number> }>)[table]!.count();
  const tables = [
    'customer',
    'customerActivity',
    'customerFollowup',
    'customerInteraction',
    'request',
    'property',
    'offer',
    'offerAcceptance',
    'appointment',
    'task',
    'sale',
    'commission',
    'workingHours',
    'holiday',
    'reminder',
    'auditLog',
  ] as const;
  const counts = Object.fromEntries(await Promise.all(tables.map(async (x) => [x, await count(x)])));
  return {
    counts,
    customers: await t.db.customer.findMany({
      orderBy: { id: 'asc' },
      select: { id: true, status: true, assignedToId: true },
    }),
    offers: await t.db.offer.findMany({ select: { id: true, status: true, isShared: true } }),
    appointments: await t.db.appointment.findMany({ select: { id: true, status: true, startsAt: true } }),
    tasks: await t.db.task.findMany({ select: { id: true, status: true } }),
    matches: await t.db.smartMatch.findMany({ select: { id: true, status: true } }),
    users: await t.db.user.findMany({
      orderBy: { id: 'asc' },
      select: { id: true, calendarFeedToken: true, preferences: true },
    }),
  };
}

describe('an observer (even with rows that allow everything)', () => {
  it('is refused every write, in every command family, and nothing is written', async () => {
    const o = scopes.observer;
    const before = await snapshot();
    const refused: Array<[string, (core: Core) => Promise<unknown>]> = [
      ['customers.create', (c) => c.customers.create(o, { name: 'سالم', phone: '0557778899' })],
      ['customers.update', (c) => c.customers.update(o, customers.khalid, { status: 'lost' })],
      ['customers.remove', (c) => c.customers.remove(o, customers.khalid)],
      ['customers.addNote', (c) => c.customers.addNote(o, customers.khalid, 'ملاحظة')],
      [
        'customers.scheduleFollowup',
        (c) => c.customers.scheduleFollowup(o, { customerId: customers.khalid, dueAt: TUESDAY_10, type: 'call' }),
      ],
      [
        'customers.logInteraction',
        (c) =>
          c.customers.logInteraction(o, {
            customerId: customers.khalid,
            type: 'call',
            summary: 'x',
            occurredAt: MONDAY_10,
          }),
      ],
      ['requests.create', (c) => c.requests.create(o, { type: 'rent', cities: ['Riyadh'] })],
      [
        'listings.create',
        (c) =>
          c.listings.create(o, {
            listingType: 'rent',
            propertyType: 'apartment',
            city: 'Riyadh',
            district: 'الملقا',
            area: 120,
            price: 50_000,
          }),
      ],
      ['listings.addAdLicence', (c) => c.listings.addAdLicence(o, propertyId, { licence: '1234567', share: true })],
      ['listings.withdraw', (c) => c.listings.withdraw(o, propertyId, MONDAY_10)],
      ['listings.acceptOffer', (c) => c.listings.acceptOffer(o, offerId)],
      ['matching.accept', (c) => c.matching.accept(o, matchId)],
      ['matching.reject', (c) => c.matching.reject(o, matchId)],
      [
        'appointments.book',
        (c) => c.appointments.book(o, { userId: ids.manager, startsAt: MONDAY_12, actor: 'broker', title: 'x' }),
      ],
      ['appointments.cancel', (c) => c.appointments.cancel(o, { id: appointmentId })],
      [
        'appointments.reschedule',
        (c) => c.appointments.reschedule(o, { id: appointmentId, startsAt: MONDAY_12, actor: 'broker' }),
      ],
      [
        'appointments.recordOutcome',
        (c) => c.appointments.recordOutcome(o, { id: appointmentId, outcome: 'completed' }),
      ],
      [
        'appointments.setWorkingHours',
        (c) => c.appointments.setWorkingHours(o, { ...hours, weekdays: [...hours.weekdays] }),
      ],
      ['appointments.addHoliday', (c) => c.appointments.addHoliday(o, { from: '2026-12-01', to: '2026-12-05' })],
      ['appointments.rotateFeedToken', (c) => c.appointments.rotateFeedToken(o, ids.observer)],
      ['appointments.setCalendarClientPhones', (c) => c.appointments.setCalendarClientPhones(o, ids.observer, true)],
      ['tasks.create', (c) => c.tasks.create(o, { title: 'مهمة' })],
      ['tasks.complete', (c) => c.tasks.complete(o, taskId)],
      [
        'finance.recordSale',
        (c) =>
          c.finance.recordSale(o, {
            amount: 900_000,
            dealType: 'sale',
            customerId: customers.khalid,
            idempotencyKey: 'sale:observer',
          }),
      ],
    ];
    for (const [name, command] of refused) {
      await expect(inTx(command), name).rejects.toBeInstanceOf(ForbiddenError);
    }
    expect(await snapshot()).toEqual(before);
  });

  it('still reads: the office’s customers (his rows allow viewAll) and a report', async () => {
    const all = await inTx((core) => core.customers.search(scopes.observer, {}));
    expect(all.map((c) => c.id).sort()).toEqual(Object.values(customers).sort());
    await expect(
      inTx((core) => core.reports.summary(scopes.observer, 'all', { from: MONDAY_10, to: TUESDAY_10 })),
    ).resolves.toBeDefined();
  });
});

describe('a team member', () => {
  it('works his team’s customers: adds his own, changes a teammate’s', async () => {
    const own = await inTx(async (core) =>
      unwrap(await core.customers.create(scopes.tm, { name: 'بدر', phone: '0551000009' })),
    );
    expect(own.assignedToId).toBe(ids.tm);
    const changed = await inTx(async (core) =>
      unwrap(await core.customers.update(scopes.tm, customers.khalid, { status: 'contacted' })),
    );
    expect(changed.status).toBe('contacted');
  });

  it('never deletes nor assigns, and nothing changes', async () => {
    const before = await snapshot();
    await expect(inTx((core) => core.customers.remove(scopes.tm, customers.salman))).rejects.toMatchObject({
      action: 'delete',
    });
    await expect(
      inTx((core) => core.customers.update(scopes.tm, customers.salman, { assignedToId: ids.b1 })),
    ).rejects.toMatchObject({ action: 'assign' });
    await expect(
      inTx((core) => core.customers.create(scopes.tm, { name: 'زياد', phone: '0551000010', assignedToId: ids.b1 })),
    ).rejects.toMatchObject({ action: 'assign' });
    await expect(
      inTx((core) => core.tasks.create(scopes.tm, { title: 'لليلى', assignedToId: ids.b1 })),
    ).rejects.toMatchObject({ action: 'assign' });
    expect(await snapshot()).toEqual(before);
  });
});

describe('a broker and a colleague’s customer', () => {
  it('outside his team: not found, not listed, not changed, no request filed for him', async () => {
    const b1 = scopes.b1;
    const got = await inTx((core) => core.customers.get(b1, customers.fahad));
    expect(got).toMatchObject({ ok: false, error: { code: 'CUSTOMER.NOT_FOUND' } });
    expect(await inTx((core) => core.customers.findByPhone(b1, PHONES.fahad))).toBeNull();
    expect(await inTx((core) => core.customers.search(b1, { text: 'فهد' }))).toEqual([]);
    expect(await inTx((core) => core.customers.search(b1, { assignedToIds: [ids.b2] }))).toEqual([]);
    expect(await inTx((core) => core.customers.recentActivity(b1, customers.fahad))).toEqual([]);
    const updated = await inTx((core) => core.customers.update(b1, customers.fahad, { status: 'lost' }));
    expect(!updated.ok && updated.error.code).toBe('CUSTOMER.NOT_FOUND');
    const noted = await inTx((core) => core.customers.addNote(b1, customers.fahad, 'ليس له'));
    expect(!noted.ok && noted.error.code).toBe('CUSTOMER.NOT_FOUND');
    const request = await inTx((core) => core.requests.create(b1, { type: 'sale', customerId: customers.fahad }));
    expect(!request.ok && request.error.code).toBe('REQUEST.CUSTOMER_NOT_FOUND');
    expect((await t.db.customer.findUniqueOrThrow({ where: { id: customers.fahad } })).status).toBe('new');
  });

  it('inside his team: found (the team member’s customer)', async () => {
    const got = await inTx((core) => core.customers.get(scopes.b1, customers.salman));
    expect(got.ok && got.value.name).toBe('سلمان');
  });

  it('his manager (who sees the office) reaches it, with the phone', async () => {
    const got = await inTx(async (core) => unwrap(await core.customers.get(scopes.manager, customers.fahad)));
    expect(got.phone).toBe(PHONES.fahad);
    expect((await inTx((core) => core.customers.search(scopes.manager, { text: 'فهد' }))).map((c) => c.id)).toEqual([
      customers.fahad,
    ]);
  });

  it('his colleague’s tasks and viewings are not listed for him, whatever users he asks for', async () => {
    await inTx(async (core) => unwrap(await core.tasks.create(scopes.b2, { title: 'مهمة عمر', dueAt: TUESDAY_10 })));
    const tasks = await inTx((core) => core.tasks.list(scopes.b1, 'all'));
    expect(tasks.map((x) => x.assignedToId)).not.toContain(ids.b2);
    expect(await inTx((core) => core.tasks.list(scopes.b1, [ids.b2]))).toEqual([]);
    expect((await inTx((core) => core.tasks.list(scopes.manager, 'all'))).map((x) => x.assignedToId)).toContain(ids.b2);
    expect(await inTx((core) => core.appointments.list(scopes.b2, { userIds: [ids.manager] }))).toEqual([]);
  });

  it('deletes no customer (a broker’s default), even his own', async () => {
    await expect(inTx((core) => core.customers.remove(scopes.b1, customers.khalid))).rejects.toBeInstanceOf(
      ForbiddenError,
    );
  });

  it('reads his own and his team’s figures; the office’s or another team’s are refused', async () => {
    const range = { from: new Date('2026-11-01T00:00:00Z'), to: new Date('2026-12-01T00:00:00Z') };
    await expect(inTx((core) => core.reports.summary(scopes.b1, [ids.b1, ids.tm], range))).resolves.toBeDefined();
    await expect(inTx((core) => core.reports.summary(scopes.b1, 'all', range))).rejects.toMatchObject({
      action: 'viewAll',
    });
    await expect(inTx((core) => core.reports.summary(scopes.b1, [ids.b2], range))).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    await expect(inTx((core) => core.reports.summary(scopes.manager, 'all', range))).resolves.toBeDefined();
  });
});

describe('the audit log', () => {
  it('has a row per member change: who, what, which entity, from which channel', async () => {
    const b1 = scopes.b1;
    const created = await inTx(async (core) =>
      unwrap(await core.customers.create(b1, { name: 'منيرة', phone: '0551000020' })),
    );
    const request = await inTx(async (core) =>
      unwrap(await core.requests.create(b1, { type: 'rent', cities: ['Riyadh'], customerId: created.id })),
    );
    const booked = await inTx(async (core) =>
      unwrap(
        await core.appointments.book(b1, {
          userId: ids.b1,
          startsAt: MONDAY_12,
          actor: 'broker',
          title: 'معاينة',
          customerId: created.id,
        }),
      ),
    );
    await inTx(async (core) => unwrap(await core.tasks.complete(b1, taskId)));
    const sale = await inTx(async (core) =>
      unwrap(
        await core.finance.recordSale(b1, {
          amount: 900_000,
          dealType: 'sale',
          customerId: created.id,
          idempotencyKey: 'sale:audit',
        }),
      ),
    );
    const row = (action: string, entityId: string) =>
      t.db.auditLog.findFirst({ where: { organizationId: orgId, action, entityId } });
    expect(await row('customer.created', created.id)).toMatchObject({
      userId: ids.b1,
      channel: 'telegram',
      entityType: 'customer',
    });
    expect(await row('request.created', request.id)).toMatchObject({
      userId: ids.b1,
      channel: 'telegram',
      entityType: 'request',
    });
    expect(await row('appointment.booked', booked.id)).toMatchObject({ userId: ids.b1, channel: 'telegram' });
    expect(await row('task.completed', taskId)).toMatchObject({
      userId: ids.b1,
      channel: 'telegram',
      entityType: 'task',
    });
    expect(await row('sale.recorded', sale.saleId)).toMatchObject({
      userId: ids.b1,
      channel: 'telegram',
      details: { amount: 900_000 },
    });
    // the manager's changes, from the web chat
    expect(await row('customer.assigned', customers.fahad)).toMatchObject({
      userId: ids.manager,
      channel: 'web',
      details: { to: ids.b2 },
    });
    expect(await row('property.listed', propertyId)).toMatchObject({ userId: ids.manager, channel: 'web' });
    expect(await row('appointment.booked', appointmentId)).toMatchObject({ userId: ids.manager, channel: 'web' });
    // the team member's, from WhatsApp
    expect(await row('customer.updated', customers.khalid)).toMatchObject({
      userId: ids.tm,
      channel: 'whatsapp_cloud',
      details: { fields: ['status'] },
    });
  });

  it('holds no personal data: no phone, no name, no free text', async () => {
    const rows = await t.db.auditLog.findMany({ where: { organizationId: orgId } });
    expect(rows.length).toBeGreaterThan(10);
    const text = JSON.stringify(rows.map((r) => r.details));
    for (const phone of [...Object.values(PHONES), '0551000020', '+966551000020'])
      expect(text).not.toContain(phone.slice(-9));
    for (const word of ['خالد', 'فهد', 'ناصر', 'منيرة', 'اتصل', 'معاينة', 'النرجس']) expect(text).not.toContain(word);
  });
});

describe('contacts’ phones', () => {
  const masked = (phone: string) => `${phone.slice(0, 5)}•••••${phone.slice(-3)}`;

  it('of a customer: in full for his broker and the manager, masked for a teammate and an observer', async () => {
    const phoneFor = async (scope: Scope, id: string) =>
      inTx(async (core) => unwrap(await core.customers.get(scope, id)).phone);
    expect(await phoneFor(scopes.b1, customers.khalid)).toBe(PHONES.khalid);
    expect(await phoneFor(scopes.manager, customers.khalid)).toBe(PHONES.khalid);
    expect(await phoneFor(scopes.tm, customers.khalid)).toBe(masked(PHONES.khalid));
    expect(await phoneFor(scopes.b1, customers.salman)).toBe(masked(PHONES.salman));
    expect(await phoneFor(scopes.observer, customers.khalid)).toBe(masked(PHONES.khalid));
    const listed = await inTx((core) => core.customers.search(scopes.tm, {}));
    expect(listed.find((c) => c.id === customers.khalid)?.phone).toBe(masked(PHONES.khalid));
    expect(listed.find((c) => c.id === customers.salman)?.phone).toBe(PHONES.salman);
  });

  it('of a listing’s owner: for the listing’s broker and managers only', async () => {
    const ownerPhone = async (scope: Scope) =>
      (await inTx((core) => core.listings.propertyDetails(scope, propertyId)))?.ownerCustomer?.phone;
    expect(await ownerPhone(scopes.manager)).toBe(PHONES.nasser);
    expect(await ownerPhone(scopes.b1)).toBe(masked(PHONES.nasser));
    expect(await ownerPhone(scopes.observer)).toBe(masked(PHONES.nasser));
  });

  it('of a viewing’s client: for his broker, masked in a teammate’s list of the team’s viewings', async () => {
    const clientPhone = async (scope: Scope) =>
      (await inTx((core) => core.appointments.list(scope, { userIds: [ids.manager] }))).find(
        (a) => a.id === appointmentId,
      )?.customer?.phone;
    expect(await clientPhone(scopes.manager)).toBe(PHONES.nasser);
    expect(await clientPhone(scopes.b1)).toBe(masked(PHONES.nasser));
    const one = await inTx((core) => core.appointments.get(scopes.tm, appointmentId));
    expect(one?.customer?.phone).toBe(masked(PHONES.nasser));
  });
});
