// The scheduling module never finds, offers, books, changes or lists another organization's
// appointments, brokers or properties.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore } from '../../core/core.ts';
import { createInlineJobQueue } from '../../core/jobs/inline.queue.ts';
import type { AvailabilityCommand } from '../../core/scheduling/working-hours.ts';
import { ManualClock } from '../../core/shared/clock.ts';
import { silentLogger } from '../../core/shared/logger.ts';
import { unwrap } from '../../core/shared/result.ts';
import type { Scope } from '../../core/shared/scope.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-db.ts';

let t: TestDatabase;
let ours: Scope;
let theirs: Scope;
let broker: string;
let theirBroker: string;
let propertyId: string;
let upcomingId: string;
let finishedId: string;
let appointments: ReturnType<typeof createCore>['appointments'];
const clock = new ManualClock('2026-11-22T07:00:00Z'); // Sunday 10:00 in Riyadh
const MONDAY_10 = new Date('2026-11-23T07:00:00Z');

beforeAll(async () => {
  t = await createTestDatabase();
  const org = await t.db.organization.create({ data: { name: 'a', slug: 'scope-appt-a' } });
  const other = await t.db.organization.create({ data: { name: 'b', slug: 'scope-appt-b' } });
  broker = (await t.db.user.create({ data: { organizationId: org.id, phone: '+966500000001', name: 'a' } })).id;
  theirBroker = (await t.db.user.create({ data: { organizationId: other.id, phone: '+966500000002', name: 'b' } })).id;
  ours = { organizationId: org.id, userId: broker, role: 'broker' };
  theirs = { organizationId: other.id, userId: theirBroker, role: 'owner' };
  const core = createCore({ db: t.db, clock, jobs: createInlineJobQueue({}, clock), logger: silentLogger });
  appointments = core.appointments;
  const hours: Extract<AvailabilityCommand, { kind: 'hours' }> = {
    kind: 'hours',
    weekdays: [0, 1, 2, 3, 4, 5, 6],
    intervals: [{ start: '09:00', end: '21:00' }],
  };
  unwrap(await appointments.setWorkingHours(ours, hours));
  unwrap(await appointments.setWorkingHours(theirs, hours));
  propertyId = (
    await t.db.property.create({
      data: {
        organizationId: org.id,
        refNumber: 1,
        title: 'فيلا',
        propertyType: 'villa',
        listingType: 'sale',
        city: 'Riyadh',
        price: 1_000_000,
        status: 'active',
        userId: broker,
      },
    })
  ).id;
  upcomingId = unwrap(
    await inTransaction((a) =>
      a.book(ours, { userId: broker, startsAt: MONDAY_10, actor: 'broker', title: 'معاينة', propertyId }),
    ),
  ).id;
  finishedId = (
    await t.db.appointment.create({
      data: {
        organizationId: org.id,
        userId: broker,
        title: 'معاينة أمس',
        startsAt: new Date('2026-11-21T07:00:00Z'),
        endsAt: new Date('2026-11-21T08:00:00Z'),
        durationMinutes: 60,
      },
    })
  ).id;
});
afterAll(async () => {
  await t?.drop();
});

/** Booking and rescheduling write under a savepoint: they run in a transaction, as in a chat turn. */
const inTransaction = <T>(work: (a: typeof appointments) => Promise<T>) =>
  t.db.$transaction((tx) =>
    work(createCore({ db: tx, clock, jobs: createInlineJobQueue({}, clock), logger: silentLogger }).appointments),
  );

const statusOf = async (id: string) => (await t.db.appointment.findUniqueOrThrow({ where: { id } })).status;

describe('appointments of another organization', () => {
  it('are not found by id', async () => {
    expect((await appointments.get(ours, upcomingId))?.title).toBe('معاينة');
    expect(await appointments.get(theirs, upcomingId)).toBeNull();
  });

  it('are not listed, even for every broker or by their broker’s id', async () => {
    expect((await appointments.list(ours, { userIds: 'all' })).map((a) => a.id)).toEqual([upcomingId]);
    expect(await appointments.list(theirs, { userIds: 'all' })).toEqual([]);
    expect(await appointments.list(theirs, { userIds: [broker] })).toEqual([]);
  });

  it('are not awaiting an outcome', async () => {
    expect((await appointments.awaitingOutcome(ours, broker)).map((a) => a.id)).toEqual([finishedId]);
    expect(await appointments.awaitingOutcome(theirs, broker)).toEqual([]);
  });

  it('cannot be cancelled', async () => {
    const done = await appointments.cancel(theirs, { id: upcomingId, reason: 'x' });
    expect(!done.ok && done.error.code).toBe('APPOINTMENT.NOT_FOUND');
    expect(await statusOf(upcomingId)).toBe('scheduled');
  });

  it('cannot be rescheduled', async () => {
    const moved = await inTransaction((a) =>
      a.reschedule(theirs, { id: upcomingId, startsAt: new Date('2026-11-23T09:00:00Z'), actor: 'broker' }),
    );
    expect(!moved.ok && moved.error.code).toBe('APPOINTMENT.NOT_FOUND');
    const row = await t.db.appointment.findUniqueOrThrow({ where: { id: upcomingId } });
    expect(row.startsAt.toISOString()).toBe(MONDAY_10.toISOString());
  });

  it('cannot be confirmed, and ours can (once)', async () => {
    const refused = await appointments.confirm(theirs, { id: upcomingId });
    expect(!refused.ok && refused.error.code).toBe('APPOINTMENT.NOT_FOUND');
    expect(await statusOf(upcomingId)).toBe('scheduled');
    const confirmed = await appointments.confirm(ours, { id: upcomingId });
    expect(confirmed.ok && confirmed.value.status).toBe('confirmed');
    const again = await appointments.confirm(ours, { id: upcomingId });
    expect(again.ok && again.value.status).toBe('confirmed');
    expect(await statusOf(upcomingId)).toBe('confirmed');
  });

  it('get no outcome recorded', async () => {
    const done = await appointments.recordOutcome(theirs, { id: finishedId, outcome: 'no_show' });
    expect(!done.ok && done.error.code).toBe('APPOINTMENT.NOT_FOUND');
    expect(await statusOf(finishedId)).toBe('scheduled');
    expect(await t.db.customerInteraction.count()).toBe(0);
  });
});

describe('brokers of another organization', () => {
  it('have no slots offered', async () => {
    expect((await appointments.offer(ours, { userId: broker, actor: 'client' }))?.slots.length).toBeGreaterThan(0);
    expect(await appointments.offer(theirs, { userId: broker, actor: 'client' })).toBeNull();
  });

  it('cannot be booked', async () => {
    const before = await t.db.appointment.count();
    const booked = await inTransaction((a) =>
      a.book(theirs, { userId: broker, startsAt: new Date('2026-11-24T07:00:00Z'), actor: 'broker', title: 'x' }),
    );
    expect(!booked.ok && booked.error.code).toBe('APPOINTMENT.NOT_FOUND');
    expect(await t.db.appointment.count()).toBe(before);
  });

  it('keep their working hours', async () => {
    const set = await appointments.setWorkingHours(theirs, { kind: 'day_off', weekdays: [1] }, broker);
    expect(!set.ok && set.error.code).toBe('APPOINTMENT.NOT_FOUND');
    const monday = await t.db.workingHours.findUniqueOrThrow({
      where: { userId_weekday: { userId: broker, weekday: 1 } },
    });
    expect(monday.isActive).toBe(true);
  });

  it('get no holiday', async () => {
    const added = await appointments.addHoliday(theirs, { from: '2026-12-01', to: '2026-12-05' }, broker);
    expect(!added.ok && added.error.code).toBe('APPOINTMENT.NOT_FOUND');
    expect(await t.db.holiday.count({ where: { userId: broker } })).toBe(0);
  });

  it('give no calendar feed token', async () => {
    expect(await appointments.feedToken(theirs, broker)).toBeNull();
    expect(await appointments.feedToken(ours, broker)).toMatch(/^[A-Za-z0-9_-]{16,}$/);
  });

  // Issue 18, point 7: another office cannot revoke a broker's feed nor change what it shows.
  it('cannot rotate the calendar feed token nor show client phones', async () => {
    const before = await appointments.feedToken(ours, broker);
    expect(await appointments.rotateFeedToken(theirs, broker)).toBeNull();
    expect(await appointments.setCalendarClientPhones(theirs, broker, true)).toBe(false);
    const row = await t.db.user.findUniqueOrThrow({ where: { id: broker } });
    expect(row.calendarFeedToken).toBe(before);
    expect(row.preferences).toEqual({});
  });
});

describe('properties of another organization', () => {
  it('are not found by reference number or id', async () => {
    expect((await appointments.propertyByRef(ours, 1))?.id).toBe(propertyId);
    expect(await appointments.propertyByRef(theirs, 1)).toBeNull();
    expect((await appointments.propertyById(ours, propertyId))?.refNumber).toBe(1);
    expect(await appointments.propertyById(theirs, propertyId)).toBeNull();
  });
});
