// report.summary: the numbers of a period for the users a member may see. A member reads his own and
// his team's figures with analytics.view; the whole office (or users beyond his team) takes
// analytics.viewAll.
import type { DbTx } from '../db/client.ts';
import type { Range } from '../shared/periods.ts';
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

export function createReportsQueries({ db }: { db: DbTx }) {
  return {
    async summary(scope: Scope, users: string[] | 'all', range: Range): Promise<Summary> {
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
    },
  };
}
