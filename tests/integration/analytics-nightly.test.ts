// The nightly statistics on a real PostgreSQL: a day of activity in the demo office, done through the core
// services on a controllable clock, becomes analytics events as it happens, then user_stats,
// analytics_snapshots and financial_stats for that local day when the job runs; a second run leaves the
// same rows.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNightlyStats, statPeriods } from '../../core/analytics/nightly.service.ts';
import { createCore } from '../../core/core.ts';
import type { JobQueue } from '../../core/jobs/job-map.ts';
import { ManualClock } from '../../core/shared/clock.ts';
import { silentLogger } from '../../core/shared/logger.ts';
import { memberScope } from '../../core/shared/scope.ts';
import { DEMO, DEMO_ORG_SLUG, seedDemo } from '../../prisma/seed.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-db.ts';

let t: TestDatabase;
let orgId: string;
let saadId: string;
let laylaId: string;
const clock = new ManualClock('2026-11-23T11:00:00+03:00');
const queued: Array<{ name: string; data: unknown; jobId?: string }> = [];
const jobs: JobQueue = {
  enqueue: async (name, data, options) => void queued.push({ name, data, jobId: options?.jobId }),
  close: async () => {},
};
const ok = <T>(r: { ok: true; value: T } | { ok: false; error: unknown }): T => {
  if (!r.ok) throw new Error(`expected ok: ${JSON.stringify(r.error)}`);
  return r.value;
};

beforeAll(async () => {
  t = await createTestDatabase();
  await seedDemo(t.db, { password: 'demo-password' });
  const org = await t.db.organization.findUniqueOrThrow({ where: { slug: DEMO_ORG_SLUG } });
  orgId = org.id;
  const users = await t.db.user.findMany({ where: { organizationId: orgId } });
  saadId = users.find((u) => u.phone === DEMO.saad.phone)!.id;
  laylaId = users.find((u) => u.phone === DEMO.layla.phone)!.id;
  const core = createCore({ db: t.db, clock, jobs, logger: silentLogger });
  const saad = memberScope({ organizationId: orgId, userId: saadId, role: 'manager' });
  const layla = memberScope({ organizationId: orgId, userId: laylaId, role: 'broker' });
  /** rows whose created_at the database sets (now()) get the clock's time, as in production */
  const backdate = async (table: 'requests' | 'properties' | 'appointments' | 'smart_matches', id: string) =>
    t.db.$executeRawUnsafe(`UPDATE ${table} SET created_at = $1 WHERE id = $2::uuid`, clock.now(), id);

  // Monday 23 November: one lead (in the week and the month of the 24th, not in its day)
  ok(await core.customers.create(layla, { name: 'عميل الاثنين', phone: '0550000001', source: 'instagram' }));

  // Tuesday 24 November, the day the job computes
  clock.set('2026-11-24T10:00:00+03:00');
  const a = ok(await core.customers.create(saad, { name: 'أبو فهد', phone: '0550000002', source: 'whatsapp' }));
  const b = ok(await core.customers.create(layla, { name: 'نورة', phone: '0550000003', source: 'referral' }));
  ok(await core.customers.create(layla, { name: 'خالد', phone: '0550000004' }));
  const request = ok(
    await core.requests.create(layla, { customerId: b.id, type: 'sale', propertyTypes: ['villa'], cities: ['Riyadh'] }),
  );
  await backdate('requests', request.id);
  const listing = ok(
    await core.listings.create(saad, {
      listingType: 'sale',
      propertyType: 'villa',
      city: 'Riyadh',
      district: 'الملقا',
      area: 400,
      price: 2_000_000,
    }),
  );
  await backdate('properties', listing.propertyId);
  const matches = await core.matching.matchOffer(listing.offerId);
  for (const m of matches.flatMap((g) => g.matches)) await backdate('smart_matches', m.id);
  for (const [hour, outcome] of [
    ['17:00', 'completed'],
    ['18:00', 'no_show'],
  ] as const) {
    // booking writes under a savepoint: inside a transaction, as a chat turn does
    const viewing = await t.db.$transaction(async (tx) => {
      const turn = createCore({ db: tx, clock, jobs, logger: silentLogger });
      return ok(
        await turn.appointments.book(layla, {
          userId: laylaId,
          startsAt: new Date(`2026-11-24T${hour}:00+03:00`),
          actor: 'broker',
          customerId: b.id,
          title: 'معاينة',
        }),
      );
    });
    await backdate('appointments', viewing.id);
    ok(await core.appointments.recordOutcome(layla, { id: viewing.id, outcome }));
  }
  const task = ok(await core.tasks.create(saad, { title: 'اتصل بأبو فهد' }));
  ok(await core.tasks.complete(saad, task.id));
  ok(
    await core.finance.recordSale(saad, {
      amount: 1_000_000,
      dealType: 'sale',
      customerId: a.id,
      idempotencyKey: 'nightly-test-sale',
    }),
  );
  // messages of the day (and one of the next): counted from the message tables
  const account = await t.db.channelAccount.findFirstOrThrow({ where: { organizationId: orgId, kind: 'web' } });
  for (const [i, at] of [
    '2026-11-24T08:00:00Z',
    '2026-11-24T09:00:00Z',
    '2026-11-24T20:00:00Z',
    '2026-11-25T08:00:00Z',
  ].entries()) {
    await t.db.inboundMessage.create({
      data: {
        organizationId: orgId,
        channelAccountId: account.id,
        externalId: `in-${i}`,
        chatId: 'c',
        payload: {},
        receivedAt: new Date(at),
      },
    });
  }
  for (const [i, at] of ['2026-11-24T08:01:00Z', '2026-11-24T09:01:00Z'].entries()) {
    await t.db.outboundMessage.create({
      data: {
        organizationId: orgId,
        channelAccountId: account.id,
        idempotencyKey: `out-${i}`,
        chatId: 'c',
        payload: {},
        createdAt: new Date(at),
      },
    });
  }

  // Wednesday 25 November: not in the 24th
  clock.set('2026-11-25T09:00:00+03:00');
  ok(await core.customers.create(layla, { name: 'عميل الأربعاء', phone: '0550000005', source: 'whatsapp' }));
  // another office's lead on the 24th never counts here
  const other = await t.db.organization.create({ data: { name: 'مكتب آخر', slug: 'nightly-other' } });
  await t.db.customer.create({
    data: { organizationId: other.id, name: 'x', source: 'whatsapp', createdAt: new Date('2026-11-24T10:00:00+03:00') },
  });
});
afterAll(async () => {
  await t?.drop();
});

/** Every statistics row of the demo office, in a stable order, ids included. */
async function rows() {
  const where = { organizationId: orgId };
  return {
    userStats: await t.db.userStats.findMany({ where, orderBy: [{ date: 'asc' }, { userId: 'asc' }] }),
    snapshots: await t.db.analyticsSnapshot.findMany({
      where,
      orderBy: [{ periodType: 'asc' }, { periodStart: 'asc' }, { userId: 'asc' }],
    }),
    financial: await t.db.financialStats.findMany({
      where,
      orderBy: [{ periodStart: 'asc' }, { periodEnd: 'asc' }, { userId: 'asc' }],
    }),
  };
}

describe('analytics events', () => {
  it('are written by the services for every domain event, with no personal data', async () => {
    const events = await t.db.analyticsEvent.findMany({ where: { organizationId: orgId } });
    const count = (type: string) => events.filter((e) => e.eventType === type).length;
    expect(count('lead.created')).toBe(5);
    expect(count('request.filed')).toBe(1);
    expect(count('listing.created')).toBe(1);
    expect(count('match.created')).toBeGreaterThanOrEqual(1);
    expect(count('viewing.booked')).toBe(2);
    expect(count('viewing.held')).toBe(1);
    expect(count('viewing.no_show')).toBe(1);
    expect(count('task.done')).toBe(1);
    expect(count('sale.recorded')).toBe(1);
    const sale = events.find((e) => e.eventType === 'sale.recorded')!;
    expect(sale.userId).toBe(saadId);
    expect(sale.properties).toMatchObject({ amount: 1_000_000, commission: 25_000, dealType: 'sale' });
    expect(sale.occurredAt.toISOString()).toBe('2026-11-24T07:00:00.000Z');
    const text = JSON.stringify(events.map((e) => e.properties));
    for (const personal of ['أبو فهد', 'نورة', 'خالد', '0550000002', '+966550000002'])
      expect(text).not.toContain(personal);
  });
});

describe('the nightly job', () => {
  it('knows the day, week (from Sunday) and month of a day', () => {
    expect(statPeriods('2026-11-24')).toEqual([
      { type: 'day', start: '2026-11-24', end: '2026-11-24' },
      { type: 'week', start: '2026-11-22', end: '2026-11-28' },
      { type: 'month', start: '2026-11-01', end: '2026-11-30' },
    ]);
  });

  it('queues an office once its previous local day is over, and not before 01:00 there', async () => {
    const nightly = createNightlyStats({ db: t.db, clock, jobs });
    clock.set('2026-11-25T00:30:00+03:00');
    expect(await nightly.fanOut()).toEqual([]);
    clock.set('2026-11-25T02:00:00+03:00');
    const due = await nightly.fanOut();
    expect(due).toContainEqual({ organizationId: orgId, date: '2026-11-24' });
    expect(queued.filter((j) => j.name === 'analytics.office').map((j) => j.jobId)).toContain(
      `analytics-${orgId}-2026-11-24`,
    );
  });

  it('fills user_stats, analytics_snapshots and financial_stats for that day, and a second run changes nothing', async () => {
    const nightly = createNightlyStats({ db: t.db, clock, jobs });
    expect(await nightly.runOffice(orgId, '2026-11-24')).toEqual({
      organizationId: orgId,
      date: '2026-11-24',
      members: 2,
    });
    const first = await rows();

    // user_stats: one row per member for the day
    expect(first.userStats).toHaveLength(2);
    const stat = (userId: string) => first.userStats.find((r) => r.userId === userId)!;
    expect(stat(saadId)).toMatchObject({
      customersAdded: 1,
      propertiesAdded: 1,
      appointmentsHeld: 0,
      tasksCompleted: 1,
      dealsClosed: 1,
      revenue: 1_000_000,
      commission: 25_000,
    });
    expect(stat(laylaId)).toMatchObject({ customersAdded: 2, appointmentsHeld: 1, dealsClosed: 0, commission: 0 });
    expect(stat(saadId).date.toISOString().slice(0, 10)).toBe('2026-11-24');

    // analytics_snapshots: day, week and month for the office and for each member
    expect(first.snapshots).toHaveLength(3 * 3);
    const snapshot = (type: string, userId: string | null) =>
      first.snapshots.find((s) => s.periodType === type && s.userId === userId)!.metrics as Record<string, unknown>;
    expect(snapshot('day', null)).toMatchObject({
      newLeads: 3,
      leadsBySource: { whatsapp: 1, referral: 1, unknown: 1 },
      requests: 1,
      listings: 1,
      viewings: 2,
      viewingsHeld: 1,
      viewingsNoShow: 1,
      tasksDone: 1,
      deals: 1,
      salesAmount: 1_000_000,
      commission: 25_000,
      messagesIn: 3,
      messagesOut: 2,
      through: '2026-11-24',
    });
    expect((snapshot('day', null).events as Record<string, number>)['lead.created']).toBe(3);
    expect(snapshot('day', null).matches).toBeGreaterThanOrEqual(1);
    // the pipeline: the office's customers by status (the sale closed Abu Fahd)
    expect(snapshot('day', null).pipeline).toMatchObject({ new: 4, closed: 1 });
    expect(snapshot('week', null)).toMatchObject({ newLeads: 4, leadsBySource: { instagram: 1 } });
    expect(snapshot('month', null)).toMatchObject({ newLeads: 4, deals: 1, messagesIn: 3 });
    expect(snapshot('day', laylaId)).toMatchObject({ newLeads: 2, viewingsHeld: 1, viewingsNoShow: 1, deals: 0 });
    expect(snapshot('week', laylaId)).toMatchObject({ newLeads: 3 });
    const starts = first.snapshots
      .filter((s) => s.userId === null)
      .map((s) => [s.periodType, s.periodStart.toISOString().slice(0, 10)]);
    expect(starts).toEqual([
      ['day', '2026-11-24'],
      ['month', '2026-11-01'],
      ['week', '2026-11-22'],
    ]);

    // financial_stats: the day, the week and the month, for the office and each member
    expect(first.financial).toHaveLength(3 * 3);
    const month = first.financial.find(
      (f) => f.userId === null && f.periodStart.toISOString().startsWith('2026-11-01'),
    )!;
    expect(month).toMatchObject({ totalSales: 1_000_000, totalCommission: 25_000, totalPaid: 0, dealsCount: 1 });
    expect(month.periodEnd.toISOString().slice(0, 10)).toBe('2026-11-30');
    const laylaMonth = first.financial.find(
      (f) => f.userId === laylaId && f.periodStart.toISOString().startsWith('2026-11-01'),
    )!;
    expect(laylaMonth).toMatchObject({ totalSales: 0, dealsCount: 0 });

    // idempotent: the same rows, ids included
    await nightly.runOffice(orgId, '2026-11-24');
    expect(await rows()).toEqual(first);
    // and the day is not queued again
    queued.length = 0;
    expect((await nightly.fanOut()).filter((d) => d.organizationId === orgId)).toEqual([]);
  });
});
