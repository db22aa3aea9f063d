// Reads of the tasks module: a broker's open tasks by day, period or lateness, and one task. A member
// reads the tasks of the users he sees, whatever users the caller asks for.
import type { DbTx } from '../db/client.ts';
import type { Clock } from '../shared/clock.ts';
import type { Range } from '../shared/periods.ts';
import type { Scope } from '../shared/scope.ts';
import { narrowUsers, visibleWhere } from '../teams/authorize.ts';

export function createTasksQueries({ db, clock }: { db: DbTx; clock: Clock }) {
  return {
    /** Open tasks of these users (within the ones the scope sees): due in the range, or overdue, or all open ones. */
    async list(
      scope: Scope,
      assignedTo: string[] | 'all',
      filter: { range?: Range; localDay?: string; overdue?: boolean } = {},
    ) {
      const now = clock.now();
      const users = narrowUsers(scope, assignedTo);
      const due = filter.overdue
        ? { OR: [{ dueAt: { lt: now } }, { dueDate: { lt: new Date(`${filter.localDay}T00:00:00Z`) } }] }
        : filter.range
          ? {
              OR: [
                { dueAt: { gte: filter.range.from, lt: filter.range.to } },
                ...(filter.localDay ? [{ dueDate: new Date(`${filter.localDay}T00:00:00Z`) }] : []),
              ],
            }
          : {};
      return db.task.findMany({
        where: {
          organizationId: scope.organizationId,
          status: { in: ['todo', 'in_progress', 'review'] },
          ...(users === 'all' ? {} : { assignedToId: { in: users } }),
          ...due,
        },
        orderBy: [
          { dueAt: { sort: 'asc', nulls: 'last' } },
          { dueDate: { sort: 'asc', nulls: 'last' } },
          { createdAt: 'asc' },
        ],
        take: 20,
        include: { customer: { select: { name: true } } },
      });
    },

    async get(scope: Scope, taskId: string) {
      return db.task.findFirst({
        where: { id: taskId, organizationId: scope.organizationId, ...visibleWhere(scope, 'assignedToId') },
      });
    },
  };
}

export type TasksQueries = ReturnType<typeof createTasksQueries>;
