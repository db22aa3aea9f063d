// Reads of the tasks module: a broker's open tasks by day, period or lateness, one task, pages of tasks
// and of a task's comments (the admin API). A member reads the tasks of the users he sees (and the
// office's unassigned ones), whatever users the caller asks for.
import { type DbTx, Prisma, type TaskPriority, type TaskStatus } from '../db/client.ts';
import type { Clock } from '../shared/clock.ts';
import {
  inOrder,
  keyExpr,
  keysetAfter,
  keysetOrder,
  type Page,
  type PageRequest,
  type SortColumn,
  toPage,
} from '../shared/keyset.ts';
import type { Range } from '../shared/periods.ts';
import type { Scope } from '../shared/scope.ts';
import { andAll, containsPattern, textList, uuidList } from '../shared/sql-filters.ts';
import { narrowUsers, visibleWhere } from '../teams/authorize.ts';

/** What a page of tasks is filtered by (every filter optional; all of them narrow). */
export interface TaskFilter {
  /** assignees, within the ones the scope sees */
  assignedTo?: string[];
  status?: TaskStatus[];
  priority?: TaskPriority[];
  customerId?: string;
  propertyId?: string;
  /** due (dueAt, else dueDate) at or after */
  dueFrom?: Date;
  /** due before */
  dueTo?: Date;
  /** words of the title, any case */
  q?: string;
}

/** What pages of tasks sort on (with the id as tie-breaker). */
export const TASK_SORTS = {
  createdAt: { column: 'created_at', kind: 'timestamp' },
  title: { column: 'title', kind: 'text' },
} as const satisfies Record<string, SortColumn>;
export type TaskSort = keyof typeof TASK_SORTS;

const COMMENT_SORT: SortColumn = { column: 'created_at', kind: 'timestamp' };

/** What a task is shown with: its assignee, its creator and its customer (names only). */
export const taskInclude = {
  assignedTo: { select: { id: true, name: true } },
  createdBy: { select: { id: true, name: true } },
  customer: { select: { id: true, name: true } },
  _count: { select: { comments: true } },
} as const;

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

    /** One task the scope sees, with its people and its number of comments; null otherwise. */
    async details(scope: Scope, taskId: string) {
      return db.task.findFirst({
        where: { id: taskId, organizationId: scope.organizationId, ...visibleWhere(scope, 'assignedToId') },
        include: taskInclude,
      });
    },

    /**
     * One page of the tasks the scope sees (his users' and the office's unassigned ones), in the page's
     * order then by id, so that inserts never shift the next page.
     */
    async page(scope: Scope, filter: TaskFilter, page: PageRequest<TaskSort>) {
      const sort = TASK_SORTS[page.sort];
      const users = filter.assignedTo ? narrowUsers(scope, filter.assignedTo) : 'all';
      const visible = narrowUsers(scope);
      const q = filter.q?.trim();
      const due = Prisma.sql`COALESCE(t.due_at, t.due_date::timestamp AT TIME ZONE 'UTC')`;
      const keys = await db.$queryRaw<Array<{ id: string; k: unknown }>>`
        SELECT t.id::text AS id, ${keyExpr(sort, 't')} AS k
        FROM tasks t
        WHERE t.organization_id = ${scope.organizationId}::uuid${andAll([
          visible !== 'all' && Prisma.sql`(t.assigned_to_id IN ${uuidList(visible)} OR t.assigned_to_id IS NULL)`,
          users !== 'all' && Prisma.sql`t.assigned_to_id IN ${uuidList(users)}`,
          filter.status?.length && Prisma.sql`t.status::text IN ${textList(filter.status)}`,
          filter.priority?.length && Prisma.sql`t.priority::text IN ${textList(filter.priority)}`,
          filter.customerId && Prisma.sql`t.customer_id = ${filter.customerId}::uuid`,
          filter.propertyId && Prisma.sql`t.property_id = ${filter.propertyId}::uuid`,
          filter.dueFrom && Prisma.sql`${due} >= ${filter.dueFrom}`,
          filter.dueTo && Prisma.sql`${due} < ${filter.dueTo}`,
          q && Prisma.sql`t.title ILIKE ${containsPattern(q)}`,
        ])}${keysetAfter(sort, page.direction, 't', page.after)}
        ${keysetOrder(sort, page.direction, 't')}
        LIMIT ${page.limit + 1}`;
      const { items, next } = toPage(keys, page.limit);
      const ids = items.map((r) => r.id);
      const rows = await db.task.findMany({
        where: { id: { in: ids }, organizationId: scope.organizationId },
        include: taskInclude,
      });
      return { items: inOrder(ids, rows), next };
    },

    /** One page of the comments of a task the scope sees, oldest first; null when it is not one it sees. */
    async comments(scope: Scope, taskId: string, page: Omit<PageRequest, 'sort'>) {
      const task = await db.task.findFirst({
        where: { id: taskId, organizationId: scope.organizationId, ...visibleWhere(scope, 'assignedToId') },
        select: { id: true },
      });
      if (!task) return null;
      const keys = await db.$queryRaw<Array<{ id: string; k: unknown }>>`
        SELECT c.id::text AS id, ${keyExpr(COMMENT_SORT, 'c')} AS k
        FROM task_comments c
        WHERE c.organization_id = ${scope.organizationId}::uuid AND c.task_id = ${task.id}::uuid
          ${keysetAfter(COMMENT_SORT, page.direction, 'c', page.after)}
        ${keysetOrder(COMMENT_SORT, page.direction, 'c')}
        LIMIT ${page.limit + 1}`;
      const { items, next } = toPage(keys, page.limit);
      const ids = items.map((r) => r.id);
      const rows = await db.taskComment.findMany({
        where: { id: { in: ids }, organizationId: scope.organizationId },
        include: { user: { select: { id: true, name: true } } },
      });
      return { items: inOrder(ids, rows), next } satisfies Page<(typeof rows)[number]>;
    },
  };
}

export type TasksQueries = ReturnType<typeof createTasksQueries>;
