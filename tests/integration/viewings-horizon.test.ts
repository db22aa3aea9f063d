// Issue 11, point 5: the booking horizon (bookingHorizonDays, 14 by default) is enforced with a reason:
// a time past it is neither booked nor moved to (TOO_FAR), and no slot past it is offered. A part of the
// day asked for narrows the slots offered.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore } from '../../core/core.ts';
import { createInlineJobQueue } from '../../core/jobs/inline.queue.ts';
import { ManualClock } from '../../core/shared/clock.ts';
import { silentLogger } from '../../core/shared/logger.ts';
import { unwrap } from '../../core/shared/result.ts';
import type { Scope } from '../../core/shared/scope.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-db.ts';

let t: TestDatabase;
let scope: Scope;
let broker: string;
const clock = new ManualClock('2026-11-22T07:00:00Z'); // Sunday 10:00 in Riyadh
const DAY = 86_400_000;

type CoreDb = Parameters<typeof createCore>[0]['db'];
const core = (db: CoreDb = t.db) =>
  createCore({ db, clock, jobs: createInlineJobQueue({}, clock), logger: silentLogger });
const inTransaction = <T>(work: (a: ReturnType<typeof core>['appointments']) => Promise<T>) =>
  t.db.$transaction((tx) => work(core(tx).appointments));

beforeAll(async () => {
  t = await createTestDatabase();
  const org = await t.db.organization.create({ data: { name: 'h', slug: 'horizon-h', timeZone: 'Asia/Riyadh' } });
  broker = (await t.db.user.create({ data: { organizationId: org.id, phone: '+966500000009', name: 'h' } })).id;
  scope = { organizationId: org.id, userId: broker, role: 'broker' };
  unwrap(
    await core().appointments.setWorkingHours(scope, {
      kind: 'hours',
      weekdays: [0, 1, 2, 3, 4, 5, 6],
      intervals: [
        { start: '09:00', end: '13:00' },
        { start: '16:00', end: '21:00' },
      ],
    }),
  );
});

afterAll(async () => {
  await t?.drop();
});

describe('the booking horizon', () => {
  it('refuses a booking 26 days ahead with TOO_FAR', async () => {
    const far = new Date(clock.now().getTime() + 26 * DAY);
    const booked = await inTransaction((a) =>
      a.book(scope, { userId: broker, startsAt: far, actor: 'broker', title: 'معاينة' }),
    );
    expect(booked.ok).toBe(false);
    if (!booked.ok)
      expect(booked.error).toMatchObject({ code: 'APPOINTMENT.UNAVAILABLE', details: { reason: 'TOO_FAR' } });
    expect(await t.db.appointment.count()).toBe(0);
  });

  it('books inside it, and refuses to move past it', async () => {
    const soon = new Date('2026-11-24T13:00:00Z');
    const booked = unwrap(
      await inTransaction((a) => a.book(scope, { userId: broker, startsAt: soon, actor: 'broker', title: 'معاينة' })),
    );
    const moved = await inTransaction((a) =>
      a.reschedule(scope, { id: booked.id, startsAt: new Date(clock.now().getTime() + 20 * DAY), actor: 'broker' }),
    );
    expect(moved.ok).toBe(false);
  });

  it('offers no slot past it, and says why a time past it cannot be had', async () => {
    const requested = new Date(clock.now().getTime() + 30 * DAY);
    const offer = (await core().appointments.offer(scope, { userId: broker, requested, actor: 'client' }))!;
    expect(offer.reason).toBe('TOO_FAR');
    const limit = clock.now().getTime() + 15 * DAY;
    expect(offer.slots.every((s) => s.start.getTime() <= limit)).toBe(true);
  });
});

describe('a part of the day narrows the offer', () => {
  it('«بكرة العصر» (15:00–18:00) offers the afternoon first, never noon', async () => {
    const offer = (await core().appointments.offer(scope, {
      userId: broker,
      day: '2026-11-23',
      window: { from: 15 * 60, to: 18 * 60 },
      actor: 'client',
    }))!;
    const hours = offer.slots.map((s) => new Date(s.start.getTime() + 3 * 3_600_000).toISOString().slice(11, 16));
    expect(hours[0]).toBe('16:00');
    expect(hours).not.toContain('12:00');
  });
});
