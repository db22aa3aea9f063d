// The admin API's /appointments over a test Nova (real PostgreSQL): free slots never offer a booked
// time, a taken slot is a 409 problem (also when two bookings race), a viewing is closed with its
// outcome, If-Match guards a move, and a broker lists only his own and his team's viewings (the client's
// phone masked unless he is its broker) while a manager lists the office's.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi, type TestMember, type TestOffice } from '../support/api.ts';

let t: TestApi;
let office: TestOffice;
let manager: TestMember;
let saad: TestMember;
let layla: TestMember;
let outsider: TestMember;
let customerId: string;
const CUSTOMER_PHONE = '+966551112233';

type Json = Record<string, unknown> & { items?: Array<Record<string, unknown>> };
const json = async (r: Response) => (await r.json()) as Json;

// The test clock reads Sunday 2026-11-22 09:00 in Riyadh. Monday the 23rd, 09:00–13:00 Riyadh time:
const MONDAY = { from: '2026-11-23T09:00:00+03:00', to: '2026-11-23T13:00:00+03:00' };

beforeAll(async () => {
  t = await startTestApi();
  office = await t.office('appts-api');
  manager = await t.member(office.id, 'manager', 'المدير');
  saad = await t.member(office.id, 'broker', 'سعد');
  layla = await t.member(office.id, 'broker', 'ليلى');
  outsider = await t.member(office.id, 'broker', 'خالد');
  const db = t.db;
  // سعد and ليلى are one team; خالد works alone
  const team = await db.team.create({ data: { organizationId: office.id, name: 'الفريق', managerId: manager.id } });
  for (const m of [saad, layla]) {
    await db.teamMember.create({ data: { organizationId: office.id, teamId: team.id, userId: m.id, role: 'broker' } });
  }
  for (const m of [saad, layla, outsider]) {
    for (const weekday of [0, 1, 2, 3, 4, 6]) {
      await db.workingHours.create({
        data: { organizationId: office.id, userId: m.id, weekday, startTime: '09:00', endTime: '13:00' },
      });
    }
  }
  customerId = (
    await db.customer.create({
      data: { organizationId: office.id, name: 'أبو فهد', phone: CUSTOMER_PHONE, assignedToId: saad.id },
    })
  ).id;
});
afterAll(async () => {
  await t?.close();
});

const slotsOf = async (broker: TestMember, as: TestMember = broker) => {
  const res = await t.call(
    'GET',
    `/api/v1/appointments/slots?broker=${broker.id}&from=${encodeURIComponent(MONDAY.from)}&to=${encodeURIComponent(MONDAY.to)}`,
    undefined,
    { token: as.token },
  );
  expect(res.status).toBe(200);
  return ((await json(res)).slots as Array<{ start: string }>).map((s) => s.start);
};

const book = (as: TestMember, broker: TestMember, startsAt: string, extra: Record<string, unknown> = {}) =>
  t.call(
    'POST',
    '/api/v1/appointments',
    { brokerId: broker.id, startsAt, title: 'معاينة', ...extra },
    { token: as.token },
  );

describe('/api/v1/appointments', () => {
  it('offers the working hours as free slots, and never a time once it is booked', async () => {
    expect(await slotsOf(saad)).toEqual([
      '2026-11-23T06:00:00.000Z',
      '2026-11-23T07:00:00.000Z',
      '2026-11-23T08:00:00.000Z',
      '2026-11-23T09:00:00.000Z',
    ]);
    const booked = await book(saad, saad, '2026-11-23T10:00:00+03:00', { customerId });
    expect(booked.status).toBe(201);
    expect(await json(booked)).toMatchObject({ status: 'scheduled', startsAt: '2026-11-23T07:00:00.000Z' });
    const after = await slotsOf(saad, manager);
    expect(after).not.toContain('2026-11-23T07:00:00.000Z');
    expect(after).toEqual(['2026-11-23T06:00:00.000Z', '2026-11-23T08:00:00.000Z', '2026-11-23T09:00:00.000Z']);
  });

  it('answers 409 APPOINTMENT.SLOT_TAKEN as a problem for a taken slot, and stores nothing', async () => {
    const again = await book(manager, saad, '2026-11-23T10:00:00+03:00');
    expect(again.status).toBe(409);
    expect(again.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await json(again)).toMatchObject({ type: 'urn:nova:problem:APPOINTMENT.SLOT_TAKEN', status: 409 });
    expect(
      await t.db.appointment.count({ where: { userId: saad.id, startsAt: new Date('2026-11-23T07:00:00Z') } }),
    ).toBe(1);
    // a time outside the hours says why
    const late = await book(saad, saad, '2026-11-23T20:00:00+03:00');
    expect(late.status).toBe(409);
    expect(await json(late)).toMatchObject({ code: 'APPOINTMENT.UNAVAILABLE', details: { reason: 'OUTSIDE_HOURS' } });
  });

  it('books one of two bookings of the same time that race, and refuses the other with 409', async () => {
    const at = '2026-11-23T12:00:00+03:00';
    const answers = await Promise.all([book(saad, saad, at), book(manager, saad, at)]);
    expect(answers.map((r) => r.status).sort()).toEqual([201, 409]);
    expect(await t.db.appointment.count({ where: { userId: saad.id, startsAt: new Date(at) } })).toBe(1);
  });

  it('closes a viewing with its outcome and logs it on the customer; a cancelled one has none (409)', async () => {
    const booked = await json(await book(layla, layla, '2026-11-23T09:00:00+03:00', { customerId }));
    const done = await t.call(
      'POST',
      `/api/v1/appointments/${booked.id}/complete`,
      { outcome: 'no_show', note: 'ما حضر' },
      { token: layla.token },
    );
    expect(done.status).toBe(200);
    expect(await json(done)).toMatchObject({ status: 'no_show', outcome: 'no_show', notes: 'ما حضر' });
    const interaction = await t.db.customerInteraction.findFirstOrThrow({
      where: { appointmentId: booked.id as string },
    });
    expect(interaction).toMatchObject({ type: 'viewing', outcome: 'no_show', customerId });

    const other = await json(await book(layla, layla, '2026-11-23T10:00:00+03:00'));
    const cancelled = await t.call(
      'POST',
      `/api/v1/appointments/${other.id}/cancel`,
      { reason: 'ظرف' },
      { token: layla.token },
    );
    expect(await json(cancelled)).toMatchObject({ status: 'cancelled', cancelReason: 'ظرف' });
    const late = await t.call(
      'POST',
      `/api/v1/appointments/${other.id}/complete`,
      { outcome: 'completed' },
      { token: layla.token },
    );
    expect(late.status).toBe(409);
    expect(await json(late)).toMatchObject({ code: 'APPOINTMENT.NOT_ACTIVE' });
  });

  it('moves a viewing only with the current ETag as If-Match (412 when stale)', async () => {
    const booked = await book(outsider, outsider, '2026-11-23T09:00:00+03:00');
    const etag = booked.headers.get('etag')!;
    const id = (await json(booked)).id as string;
    const read = await t.call('GET', `/api/v1/appointments/${id}`, undefined, { token: outsider.token });
    expect(read.headers.get('etag')).toBe(etag);
    const moved = await t.call(
      'POST',
      `/api/v1/appointments/${id}/reschedule`,
      { startsAt: '2026-11-23T11:00:00+03:00' },
      { token: outsider.token, headers: { 'if-match': etag } },
    );
    expect(moved.status).toBe(200);
    expect(moved.headers.get('etag')).not.toBe(etag);
    const stale = await t.call(
      'POST',
      `/api/v1/appointments/${id}/reschedule`,
      { startsAt: '2026-11-23T12:00:00+03:00' },
      { token: outsider.token, headers: { 'if-match': etag } },
    );
    expect(stale.status).toBe(412);
    const row = await t.db.appointment.findUniqueOrThrow({ where: { id } });
    expect(row.startsAt.toISOString()).toBe('2026-11-23T08:00:00.000Z');
  });

  it("lists a broker's own and his team's viewings only; a manager lists the office's", async () => {
    const list = async (as: TestMember) => {
      const res = await t.call('GET', '/api/v1/appointments?limit=100', undefined, { token: as.token });
      expect(res.status).toBe(200);
      return (await json(res)).items!;
    };
    const brokersIn = (items: Array<Record<string, unknown>>) =>
      new Set(items.map((a) => (a.broker as { name: string }).name));
    expect(brokersIn(await list(saad))).toEqual(new Set(['سعد', 'ليلى']));
    expect(brokersIn(await list(outsider))).toEqual(new Set(['خالد']));
    expect(brokersIn(await list(manager))).toEqual(new Set(['سعد', 'ليلى', 'خالد']));
    // asking for another team's broker gives nothing, and his viewing is not found
    const theirs = await t.call('GET', `/api/v1/appointments?broker=${outsider.id}`, undefined, { token: saad.token });
    expect((await json(theirs)).items).toEqual([]);
    const one = (await list(outsider))[0]!;
    expect((await t.call('GET', `/api/v1/appointments/${one.id}`, undefined, { token: saad.token })).status).toBe(404);
  });

  it("shows the client's phone to his broker and the manager, masked to a teammate", async () => {
    const phoneAs = async (as: TestMember) => {
      // سعد's viewing of his client (ليلى had one of her own with him, where she is the broker)
      const url = `/api/v1/appointments?customerId=${customerId}&broker=${saad.id}`;
      const items = (await json(await t.call('GET', url, undefined, { token: as.token }))).items!;
      return (items[0]!.customer as { phone: string }).phone;
    };
    expect(await phoneAs(saad)).toBe(CUSTOMER_PHONE);
    expect(await phoneAs(manager)).toBe(CUSTOMER_PHONE);
    expect(await phoneAs(layla)).toBe('+9665•••••233');
  });

  it('pages chronologically by cursor without repeating or skipping', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `/api/v1/appointments?limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const page = await json(await t.call('GET', url, undefined, { token: manager.token }));
      seen.push(...page.items!.map((a) => a.startsAt as string));
      cursor = page.nextCursor as string | null;
    } while (cursor);
    expect(seen.length).toBe(await t.db.appointment.count({ where: { organizationId: office.id } }));
    expect([...seen].sort()).toEqual(seen);
  });
});
