// report.summary: the numbers of a period for the users a member may see. A member reads his own and
// his team's figures with analytics.view; the whole office (or users beyond his team) takes
// analytics.viewAll. summaryFor() names the period and whose numbers in words (the admin API's
// `period=day|week|month&scope=me|team|office`), in the office's time zone.
import type { DbTx } from '../db/client.ts';
import { type Clock, systemClock } from '../shared/clock.ts';
import { addLocalDays, dayNumberOf, type LocalDate, localDateOf } from '../shared/local-time.ts';
import { type PeriodName, periodRange, type Range } from '../shared/periods.ts';
import type { Scope } from '../shared/scope.ts';
import { authorizeUsers } from '../teams/authorize.ts';
import { createStatsQueries, type Figures, sumFigures } from './stats.queries.ts';

export interface Summary {
  newCustomers: number;
  requests: number;
  offers: number;
  appointments: number;
  tasksDone: number;
  sales: number;
  salesAmount: number;
  commission: number;
}

export type SummaryPeriod = 'day' | 'week' | 'month';
/** me: the member alone; team: he and the members of his teams (and of the teams he runs); office: everyone */
export type SummaryOf = 'me' | 'team' | 'office';

const PERIODS: Record<SummaryPeriod, PeriodName> = { day: 'today', week: 'this_week', month: 'this_month' };

export interface SummaryReport extends Summary {
  period: SummaryPeriod;
  of: SummaryOf;
  from: Date;
  to: Date;
  timeZone: string;
  /** how many members the figures cover; null for the whole office */
  members: number | null;
}

/** One week of a monthly report (from Sunday, cut at the month's edges): its deals and commission. */
export interface ReportWeek {
  /** first and last local day */
  start: LocalDate;
  end: LocalDate;
  deals: number;
  /** SAR */
  salesAmount: number;
  /** SAR */
  commission: number;
}

/** One member's line of the team's leaderboard. */
export interface LeaderboardRow {
  userId: string;
  name: string;
  deals: number;
  /** SAR */
  commission: number;
  viewingsHeld: number;
  newLeads: number;
}

export interface MonthlyReport {
  from: Date;
  to: Date;
  timeZone: string;
  /** the figures of the users asked for (core/analytics/stats.queries.ts) */
  figures: Figures;
  weeks: ReportWeek[];
  /** the members asked for, best first (deals, then commission); absent when none was asked for */
  leaderboard?: LeaderboardRow[];
}

/** The weeks (Sunday to Saturday) of a range of local days, cut at its edges. */
export function weeksOf(first: LocalDate, last: LocalDate): Array<{ start: LocalDate; end: LocalDate }> {
  const weeks: Array<{ start: LocalDate; end: LocalDate }> = [];
  let start = first;
  while (dayNumberOf(start) <= dayNumberOf(last)) {
    const weekday = (((dayNumberOf(start) + 4) % 7) + 7) % 7;
    const saturday = addLocalDays(start, 6 - weekday);
    const end = dayNumberOf(saturday) < dayNumberOf(last) ? saturday : last;
    weeks.push({ start, end });
    start = addLocalDays(end, 1);
  }
  return weeks;
}

export function createReportsQueries({ db, clock = systemClock }: { db: DbTx; clock?: Clock }) {
  /** The member and his teammates (his teams' members and those of the teams he manages). */
  async function teamOf(scope: Scope, userId: string): Promise<string[]> {
    const rows = await db.teamMember.findMany({
      where: {
        organizationId: scope.organizationId,
        team: { OR: [{ members: { some: { userId } } }, { managerId: userId }] },
      },
      select: { userId: true },
    });
    return [...new Set([userId, ...rows.map((r) => r.userId)])];
  }

  async function summary(scope: Scope, users: string[] | 'all', range: Range): Promise<Summary> {
    authorizeUsers(scope, users, 'analytics', 'report.view');
    const { organizationId } = scope;
    const inRange = { gte: range.from, lt: range.to };
    const by = <K extends string>(key: K) => (users === 'all' ? {} : { [key]: { in: users } });
    const [newCustomers, requests, offers, appointments, tasksDone, sales, commission] = await Promise.all([
      db.customer.count({ where: { organizationId, createdAt: inRange, ...by('assignedToId') } }),
      db.request.count({ where: { organizationId, createdAt: inRange, ...by('userId') } }),
      db.offer.count({ where: { organizationId, createdAt: inRange, ...by('userId') } }),
      db.appointment.count({
        where: { organizationId, startsAt: inRange, status: { not: 'cancelled' }, ...by('userId') },
      }),
      db.task.count({ where: { organizationId, status: 'done', completedAt: inRange, ...by('assignedToId') } }),
      db.sale.aggregate({
        where: { organizationId, closedAt: inRange, status: 'completed', ...by('userId') },
        _count: true,
        _sum: { amount: true },
      }),
      db.commission.aggregate({
        where: { organizationId, sale: { closedAt: inRange, status: 'completed' }, ...by('userId') },
        _sum: { amount: true },
      }),
    ]);
    return {
      newCustomers,
      requests,
      offers,
      appointments,
      tasksDone,
      sales: sales._count,
      salesAmount: sales._sum.amount ?? 0,
      commission: commission._sum.amount ?? 0,
    };
  }

  /**
   * The figures a monthly report draws for `users` in `range` (a month, in the office's time zone): the
   * totals, deals and commission by week, and with `leaderboard` one line per member named there ('all':
   * every active member but observers). Refused (ForbiddenError) beyond what the scope may see.
   */
  async function monthly(
    scope: Scope,
    input: { users: string[] | 'all'; range: Range; leaderboard?: readonly string[] | 'all' },
  ): Promise<MonthlyReport> {
    const { users, range } = input;
    authorizeUsers(scope, users, 'analytics', 'report.view');
    if (input.leaderboard) authorizeUsers(scope, input.leaderboard as string[] | 'all', 'analytics', 'report.view');
    const { organizationId } = scope;
    const org = await db.organization.findUniqueOrThrow({ where: { id: organizationId }, select: { timeZone: true } });
    const tz = org.timeZone;
    const stats = createStatsQueries({ db });
    const inRange = { gte: range.from, lt: range.to };
    const byUser = users === 'all' ? {} : { userId: { in: users } };
    const [office, sales, commissions] = await Promise.all([
      stats.officeFigures(organizationId, range),
      db.sale.findMany({
        where: { organizationId, status: 'completed', closedAt: inRange, ...byUser },
        select: { closedAt: true, amount: true },
      }),
      db.commission.findMany({
        where: { organizationId, sale: { status: 'completed', closedAt: inRange }, ...byUser },
        select: { amount: true, sale: { select: { closedAt: true } } },
      }),
    ]);
    const figures = users === 'all' ? office.office : sumFigures(users.flatMap((id) => office.byMember.get(id) ?? []));
    const weeks: ReportWeek[] = weeksOf(
      localDateOf(range.from, tz),
      localDateOf(new Date(range.to.getTime() - 1), tz),
    ).map((w) => ({ ...w, deals: 0, salesAmount: 0, commission: 0 }));
    const weekOf = (instant: Date) => {
      const day = localDateOf(instant, tz);
      return weeks.find((w) => w.start <= day && day <= w.end);
    };
    for (const s of sales) {
      const week = weekOf(s.closedAt);
      if (week) {
        week.deals += 1;
        week.salesAmount += s.amount;
      }
    }
    for (const c of commissions) {
      const week = weekOf(c.sale.closedAt);
      if (week) week.commission += c.amount;
    }
    let leaderboard: LeaderboardRow[] | undefined;
    if (input.leaderboard) {
      const members = await db.user.findMany({
        where: {
          organizationId,
          ...(input.leaderboard === 'all'
            ? { status: 'active', role: { not: 'observer' } }
            : { id: { in: [...input.leaderboard] } }),
        },
        select: { id: true, name: true },
      });
      leaderboard = members
        .map((m) => {
          const f = office.byMember.get(m.id);
          return {
            userId: m.id,
            name: m.name,
            deals: f?.deals ?? 0,
            commission: f?.commission ?? 0,
            viewingsHeld: f?.viewingsHeld ?? 0,
            newLeads: f?.newLeads ?? 0,
          };
        })
        .sort(
          (a, b) =>
            b.deals - a.deals ||
            b.commission - a.commission ||
            b.viewingsHeld - a.viewingsHeld ||
            b.newLeads - a.newLeads ||
            a.name.localeCompare(b.name, 'ar'),
        );
    }
    return { from: range.from, to: range.to, timeZone: tz, figures, weeks, ...(leaderboard ? { leaderboard } : {}) };
  }

  return {
    monthly,

    /**
     * The current day, week (from Sunday) or month in the office's time zone, for the acting member,
     * his team or the office; refused (ForbiddenError) beyond what he may see, like summary().
     */
    async summaryFor(scope: Scope, input: { period: SummaryPeriod; of: SummaryOf }): Promise<SummaryReport> {
      const userId = scope.userId;
      if (!userId && input.of !== 'office') throw new Error('a report on "me" or "team" needs an acting member');
      const users =
        input.of === 'office' ? ('all' as const) : input.of === 'me' ? [userId!] : await teamOf(scope, userId!);
      // refused before anything else is read
      authorizeUsers(scope, users, 'analytics', 'report.view');
      const org = await db.organization.findUniqueOrThrow({
        where: { id: scope.organizationId },
        select: { timeZone: true },
      });
      const range = periodRange(PERIODS[input.period], clock.now(), org.timeZone);
      const figures = await summary(scope, users, range);
      return {
        period: input.period,
        of: input.of,
        from: range.from,
        to: range.to,
        timeZone: org.timeZone,
        members: users === 'all' ? null : users.length,
        ...figures,
      };
    },

    summary,
  };
}
