// The admin API's /reports/summary over a test Nova: a manager reads the office's numbers, a broker his
// own and his team's but not the office's (403 AUTH.FORBIDDEN); the period is the office's day, week or
// month, and the figures count what happened in it for whom was asked.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi, type TestMember, type TestOffice } from '../support/api.ts';

let t: TestApi;
let office: TestOffice;
let manager: TestMember;
let saad: TestMember;
let layla: TestMember;
let outsider: TestMember;

type Json = Record<string, unknown>;
const summary = async (as: TestMember, query: string) => {
  const res = await t.call('GET', `/api/v1/reports/summary?${query}`, undefined, { token: as.token });
  return { status: res.status, body: (await res.json()) as Json };
};

beforeAll(async () => {
  t = await startTestApi();
  office = await t.office('reports-api');
  manager = await t.member(office.id, 'manager', 'المدير');
  saad = await t.member(office.id, 'broker', 'سعد');
  layla = await t.member(office.id, 'broker', 'ليلى');
  outsider = await t.member(office.id, 'broker', 'خالد');
  const db = t.db;
  const team = await db.team.create({ data: { organizationId: office.id, name: 'الفريق' } });
  for (const m of [saad, layla]) {
    await db.teamMember.create({ data: { organizationId: office.id, teamId: team.id, userId: m.id, role: 'broker' } });
  }
  // deals this month (the clock reads 2026-11-22): one each, and one of last month
  const deal = (userId: string, amount: number, closedAt: string) =>
    db.sale.create({ data: { organizationId: office.id, userId, amount, closedAt: new Date(closedAt) } });
  await deal(saad.id, 1_000_000, '2026-11-10T10:00:00Z');
  await deal(layla.id, 500_000, '2026-11-21T10:00:00Z');
  await deal(outsider.id, 700_000, '2026-11-05T10:00:00Z');
  await deal(saad.id, 9_000_000, '2026-10-30T10:00:00Z');
});
afterAll(async () => {
  await t?.close();
});

describe('/api/v1/reports/summary', () => {
  it("gives a manager the office's month: every broker's deals, in the office's time zone", async () => {
    const { status, body } = await summary(manager, 'period=month&scope=office');
    expect(status).toBe(200);
    expect(body).toMatchObject({
      period: 'month',
      scope: 'office',
      timeZone: 'Asia/Riyadh',
      from: '2026-10-31T21:00:00.000Z',
      to: '2026-11-30T21:00:00.000Z',
      members: null,
      sales: 3,
      salesAmount: 2_200_000,
    });
  });

  it("refuses a broker the office's numbers with 403 AUTH.FORBIDDEN", async () => {
    const { status, body } = await summary(saad, 'period=month&scope=office');
    expect(status).toBe(403);
    expect(body).toMatchObject({ type: 'urn:nova:problem:AUTH.FORBIDDEN', code: 'AUTH.FORBIDDEN' });
  });

  it("gives a broker his own and his team's numbers", async () => {
    const me = await summary(saad, 'period=month&scope=me');
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ scope: 'me', members: 1, sales: 1, salesAmount: 1_000_000 });
    const team = await summary(saad, 'period=month&scope=team');
    expect(team.body).toMatchObject({ scope: 'team', members: 2, sales: 2, salesAmount: 1_500_000 });
    const alone = await summary(outsider, 'period=month&scope=team');
    expect(alone.body).toMatchObject({ members: 1, sales: 1, salesAmount: 700_000 });
  });

  it('counts only the period asked for: today, this week from Sunday', async () => {
    expect((await summary(layla, 'period=week&scope=me')).body).toMatchObject({
      from: '2026-11-21T21:00:00.000Z',
      sales: 0,
    });
    expect((await summary(manager, 'period=day&scope=office')).body).toMatchObject({ sales: 0 });
    const bad = await summary(manager, 'period=year');
    expect(bad.status).toBe(400);
  });
});
