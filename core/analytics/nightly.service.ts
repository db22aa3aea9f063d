// The nightly statistics: for each office, the figures of its previous local day (in the office's time
// zone) written to user_stats (per member and day), analytics_snapshots (day, week and month, for the
// office and for each member) and financial_stats (the same periods, money only). The week (from Sunday)
// and the month are counted from their first day through the day computed, so the rows of the running
// week and month are rewritten each night and complete after their last day.
//
// Scheduled as one BullMQ job scheduler (`analytics.nightly`, hourly: bot/engine/runtime.ts) whose run
// fans out one `analytics.office` job per office whose previous local day has no statistics yet, once
// the office's local time is past NIGHTLY_HOUR. A lost hour is caught up by the next one. Idempotent:
// every row is an upsert on its unique key (user_stats (user_id, date); the partial unique indexes of
// migration 20261202121000_analytics_stats_keys), so a second run, a second worker or a retried job
// leaves the same rows.
//
// Messages in and out are counted here from inbound_messages and outbound_messages (office rows only),
// not recorded as analytics events: that would be a write per message on the hot path.
import { TZDate } from '@date-fns/tz';
import type { Db } from '../db/client.ts';
import { Prisma } from '../db/client.ts';
import type { JobQueue } from '../jobs/job-map.ts';
import type { Clock } from '../shared/clock.ts';
import { addLocalDays, dayNumberOf, type LocalDate, localDateOf } from '../shared/local-time.ts';
import type { Logger } from '../shared/logger.ts';
import { dayRange, type Range } from '../shared/periods.ts';
import { createStatsQueries, emptyFigures, type Figures, type OfficeFigures } from './stats.queries.ts';

/** The local hour from which an office's previous day is computed (late turns of the day are in by then). */
export const NIGHTLY_HOUR = 1;

export type StatPeriodType = 'day' | 'week' | 'month';

export interface StatPeriod {
  type: StatPeriodType;
  /** first local day of the period */
  start: LocalDate;
  /** last local day of the whole period (the week's Saturday, the month's last day) */
  end: LocalDate;
}

/** The day, its week (from Sunday) and its month. */
export function statPeriods(date: LocalDate): StatPeriod[] {
  // 1970-01-01 was a Thursday: day number + 4 is 0 on Sundays (mod 7)
  const weekday = (((dayNumberOf(date) + 4) % 7) + 7) % 7;
  const weekStart = addLocalDays(date, -weekday);
  const monthStart = `${date.slice(0, 8)}01`;
  const [y, m] = date.split('-').map(Number) as [number, number];
  const nextMonth = m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
  return [
    { type: 'day', start: date, end: date },
    { type: 'week', start: weekStart, end: addLocalDays(weekStart, 6) },
    { type: 'month', start: monthStart, end: addLocalDays(nextMonth, -1) },
  ];
}

/** The day an office's nightly run computes at `now`: its previous local day, or null before NIGHTLY_HOUR. */
export function nightlyDate(now: Date, tz: string): LocalDate | null {
  if (new TZDate(now.getTime(), tz).getHours() < NIGHTLY_HOUR) return null;
  return addLocalDays(localDateOf(now, tz), -1);
}

export const officeJobId = (organizationId: string, date: LocalDate) => `analytics-${organizationId}-${date}`;

export interface NightlyDeps {
  db: Db;
  clock: Clock;
  jobs: JobQueue;
  logger?: Logger;
}

/** What one office's run wrote. */
export interface OfficeRun {
  organizationId: string;
  date: LocalDate;
  members: number;
}

const dateSql = (d: LocalDate) => Prisma.sql`${d}::date`;

export function createNightlyStats({ db, clock, jobs, logger }: NightlyDeps) {
  const stats = createStatsQueries({ db });

  /** The statistics of one office for one local day; the same rows however often it runs. */
  async function runOffice(organizationId: string, date: LocalDate): Promise<OfficeRun | null> {
    const org = await db.organization.findUnique({ where: { id: organizationId }, select: { timeZone: true } });
    if (!org) return null;
    const tz = org.timeZone;
    const periods = statPeriods(date);
    const toDate = (p: StatPeriod): Range => ({ from: dayRange(p.start, tz).from, to: dayRange(date, tz).to });
    const [day, week, month] = await Promise.all(
      periods.map((p) => stats.officeFigures(organizationId, toDate(p), { pipeline: p.type === 'day' })),
    );
    // the pipeline is the state of now, the same for the three periods: read once
    for (const f of [week!, month!]) {
      f.office.pipeline = day!.office.pipeline;
      for (const [userId, member] of f.byMember)
        member.pipeline = day!.byMember.get(userId)?.pipeline ?? member.pipeline;
    }
    const figures: Record<StatPeriodType, OfficeFigures> = { day: day!, week: week!, month: month! };
    const officeExtras = await Promise.all(
      periods.map(async (p) => {
        const range = toDate(p);
        const [messages, events] = await Promise.all([
          stats.messages(organizationId, range),
          stats.eventCounts(organizationId, range),
        ]);
        return { messagesIn: messages.inbound, messagesOut: messages.outbound, events };
      }),
    );

    // Every active member gets his rows (zeros too: "nothing that day" is a figure), and so does anyone
    // who has figures in the month (a member who left since).
    const active = await db.user.findMany({
      where: { organizationId, status: 'active' },
      select: { id: true },
    });
    const memberIds = new Set([...active.map((u) => u.id), ...month!.byMember.keys()]);
    const existing = await db.user.findMany({
      where: { organizationId, id: { in: [...memberIds] } },
      select: { id: true },
    });
    const members = existing.map((u) => u.id).sort();
    const of = (p: StatPeriodType, userId: string): Figures => figures[p].byMember.get(userId) ?? emptyFigures();
    const through = { through: date };

    const userStats = members.map((userId) => {
      const f = of('day', userId);
      return Prisma.sql`(${organizationId}::uuid, ${userId}::uuid, ${dateSql(date)}, ${f.newLeads}, ${f.listings},
        ${f.viewingsHeld}, ${f.tasksDone}, ${f.deals}, ${f.salesAmount}, ${f.commission})`;
    });
    const officeSnapshots = periods.map(
      (p, i) =>
        Prisma.sql`(${organizationId}::uuid, NULL::uuid, ${p.type}, ${dateSql(p.start)},
          ${JSON.stringify({ ...figures[p.type].office, ...officeExtras[i], ...through })}::jsonb)`,
    );
    const memberSnapshots = periods.flatMap((p) =>
      members.map(
        (userId) =>
          Prisma.sql`(${organizationId}::uuid, ${userId}::uuid, ${p.type}, ${dateSql(p.start)},
            ${JSON.stringify({ ...of(p.type, userId), ...through })}::jsonb)`,
      ),
    );
    const money = (f: Figures, p: StatPeriod, userId: string | null) =>
      Prisma.sql`(${organizationId}::uuid, ${userId}::uuid, ${dateSql(p.start)}, ${dateSql(p.end)},
        ${f.salesAmount}, ${f.commission}, ${f.commissionPaid}, ${f.deals})`;
    const officeMoney = periods.map((p) => money(figures[p.type].office, p, null));
    const memberMoney = periods.flatMap((p) => members.map((userId) => money(of(p.type, userId), p, userId)));

    const writes = [
      db.$executeRaw`
        INSERT INTO analytics_snapshots (organization_id, user_id, period_type, period_start, metrics)
        VALUES ${Prisma.join(officeSnapshots)}
        ON CONFLICT (organization_id, period_type, period_start) WHERE user_id IS NULL
        DO UPDATE SET metrics = EXCLUDED.metrics`,
      db.$executeRaw`
        INSERT INTO financial_stats (organization_id, user_id, period_start, period_end,
          total_sales, total_commission, total_paid, deals_count)
        VALUES ${Prisma.join(officeMoney)}
        ON CONFLICT (organization_id, period_start, period_end) WHERE user_id IS NULL
        DO UPDATE SET total_sales = EXCLUDED.total_sales, total_commission = EXCLUDED.total_commission,
          total_paid = EXCLUDED.total_paid, deals_count = EXCLUDED.deals_count`,
    ];
    if (members.length > 0) {
      writes.push(
        db.$executeRaw`
          INSERT INTO user_stats (organization_id, user_id, date, customers_added, properties_added,
            appointments_held, tasks_completed, deals_closed, revenue, commission)
          VALUES ${Prisma.join(userStats)}
          ON CONFLICT (user_id, date) DO UPDATE SET customers_added = EXCLUDED.customers_added,
            properties_added = EXCLUDED.properties_added, appointments_held = EXCLUDED.appointments_held,
            tasks_completed = EXCLUDED.tasks_completed, deals_closed = EXCLUDED.deals_closed,
            revenue = EXCLUDED.revenue, commission = EXCLUDED.commission`,
        db.$executeRaw`
          INSERT INTO analytics_snapshots (organization_id, user_id, period_type, period_start, metrics)
          VALUES ${Prisma.join(memberSnapshots)}
          ON CONFLICT (organization_id, user_id, period_type, period_start) WHERE user_id IS NOT NULL
          DO UPDATE SET metrics = EXCLUDED.metrics`,
        db.$executeRaw`
          INSERT INTO financial_stats (organization_id, user_id, period_start, period_end,
            total_sales, total_commission, total_paid, deals_count)
          VALUES ${Prisma.join(memberMoney)}
          ON CONFLICT (organization_id, user_id, period_start, period_end) WHERE user_id IS NOT NULL
          DO UPDATE SET total_sales = EXCLUDED.total_sales, total_commission = EXCLUDED.total_commission,
            total_paid = EXCLUDED.total_paid, deals_count = EXCLUDED.deals_count`,
      );
    }
    // one office's rows change together
    await db.$transaction(writes);
    return { organizationId, date, members: members.length };
  }

  return {
    runOffice,

    /**
     * The scheduler's run: one `analytics.office` job per office whose previous local day is over
     * (past NIGHTLY_HOUR there) and has no statistics yet. Returns the offices queued.
     */
    async fanOut(): Promise<Array<{ organizationId: string; date: LocalDate }>> {
      const now = clock.now();
      const offices = await db.organization.findMany({ select: { id: true, timeZone: true } });
      const due = offices.flatMap((o) => {
        const date = nightlyDate(now, o.timeZone);
        return date ? [{ organizationId: o.id, date }] : [];
      });
      if (due.length === 0) return [];
      const dates = [...new Set(due.map((d) => d.date))];
      const done = await db.analyticsSnapshot.findMany({
        where: {
          userId: null,
          periodType: 'day',
          periodStart: { in: dates.map((d) => new Date(`${d}T00:00:00Z`)) },
          organizationId: { in: due.map((d) => d.organizationId) },
        },
        select: { organizationId: true, periodStart: true },
      });
      const doneKeys = new Set(done.map((r) => `${r.organizationId} ${r.periodStart.toISOString().slice(0, 10)}`));
      const queued = due.filter((d) => !doneKeys.has(`${d.organizationId} ${d.date}`));
      for (const d of queued) {
        await jobs.enqueue('analytics.office', d, { jobId: officeJobId(d.organizationId, d.date) });
      }
      if (queued.length) logger?.info({ offices: queued.length }, 'nightly statistics queued');
      return queued;
    },
  };
}

export type NightlyStats = ReturnType<typeof createNightlyStats>;
