// report.summary: the numbers of a period for the users a member may see. A member reads his own and
// his team's figures with analytics.view; the whole office (or users beyond his team) takes
// analytics.viewAll. summaryFor() names the period and whose numbers in words (the admin API's
// `period=day|week|month&scope=me|team|office`), in the office's time zone.
import type { DbTx } from '../db/client.ts';
import { type Clock, systemClock } from '../shared/clock.ts';
import { type PeriodName, periodRange, type Range } from '../shared/periods.ts';
import type { Scope } from '../shared/scope.ts';
import { authorizeUsers } from '../teams/authorize.ts';

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

  return {
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
