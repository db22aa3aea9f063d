// Tasks and their chat reminders. A task with a time of day gets a reminder at that time, sent to the
// chat the broker used; a task with only a date is listed for that day. A member adds tasks with
// tasks.create (for someone else: tasks.assign, to someone he sees) and completes the ones he sees with
// tasks.edit; both are audited (the title is free text and stays out of the audit row).
import { type AnalyticsSink, noAnalytics } from '../analytics/events.ts';
import { audit } from '../audit/audit.ts';
import type { DbTx } from '../db/client.ts';
import type { RemindersService } from '../notifications/reminders.service.ts';
import type { Clock } from '../shared/clock.ts';
import { err, ok, type Result } from '../shared/result.ts';
import type { Scope } from '../shared/scope.ts';
import { actingMember, authorize, sees, visibleWhere } from '../teams/authorize.ts';
import { isRepeat, nextOccurrence, type Repeat } from './repeat.ts';

export interface NewTask {
  title: string;
  description?: string;
  type?: string;
  priority?: 'low' | 'medium' | 'high' | 'urgent';
  dueAt?: Date;
  dueDate?: string;
  customerId?: string;
  propertyId?: string;
  appointmentId?: string;
  assignedToId?: string;
  /** the chat identity to remind at dueAt */
  remindContactId?: string;
  /** a reminder that comes again: from dueAt, every day, week or month (core/tasks/repeat.ts) */
  repeat?: Repeat;
}

export type TaskErrorCode = 'TASK.INVALID_INPUT' | 'TASK.IN_PAST' | 'TASK.NOT_FOUND' | 'TASK.CLOSED';

/** What an update may change; `null` clears an optional field. Done goes through complete(). */
export interface TaskChanges {
  title?: string;
  description?: string | null;
  priority?: 'low' | 'medium' | 'high' | 'urgent';
  status?: 'todo' | 'in_progress' | 'review' | 'cancelled';
  dueAt?: Date | null;
  dueDate?: string | null;
  assignedToId?: string;
  /** the chat to remind at the new dueAt when the task has no reminder yet (a snooze in chat) */
  remindContactId?: string;
}

const MAX_COMMENT = 4_000;

export function createTasksService({
  db,
  clock,
  reminders,
  analytics = noAnalytics,
}: {
  db: DbTx;
  clock: Clock;
  reminders: RemindersService;
  /** analytics events (core/analytics/events.ts) */
  analytics?: AnalyticsSink;
}) {
  const findVisible = (scope: Scope, taskId: string) =>
    db.task.findFirst({
      where: { id: taskId, organizationId: scope.organizationId, ...visibleWhere(scope, 'assignedToId') },
    });

  /** The first id of the input that is no row of the scope's office (another office's: not linked). */
  async function foreignReference(
    scope: Scope,
    input: Pick<NewTask, 'assignedToId' | 'customerId' | 'propertyId' | 'appointmentId'>,
  ): Promise<string | null> {
    const organizationId = scope.organizationId;
    const checks = [
      ['assignedToId', input.assignedToId, (id: string) => db.user.count({ where: { id, organizationId } })],
      ['customerId', input.customerId, (id: string) => db.customer.count({ where: { id, organizationId } })],
      ['propertyId', input.propertyId, (id: string) => db.property.count({ where: { id, organizationId } })],
      ['appointmentId', input.appointmentId, (id: string) => db.appointment.count({ where: { id, organizationId } })],
    ] as const;
    for (const [field, id, count] of checks) if (id && (await count(id)) === 0) return field;
    return null;
  }

  return {
    async create(
      scope: Scope,
      input: NewTask,
    ): Promise<Result<{ id: string; title: string; dueAt: Date | null }, TaskErrorCode>> {
      authorize(scope, 'tasks', 'create', 'task.create');
      const member = actingMember(scope);
      if (member && input.assignedToId && input.assignedToId !== member.userId) {
        authorize(scope, 'tasks', 'assign', 'task.assign');
        if (!sees(scope, input.assignedToId)) authorize(scope, 'tasks', 'viewAll', 'task.assign');
      }
      const title = input.title.trim().slice(0, 300);
      if (!title) return err('TASK.INVALID_INPUT', { field: 'title' });
      if (input.dueAt && input.dueAt.getTime() < clock.now().getTime() - 60_000) return err('TASK.IN_PAST');
      // a repeat needs a first time to count from
      if (input.repeat && (!isRepeat(input.repeat) || !input.dueAt))
        return err('TASK.INVALID_INPUT', { field: 'repeat' });
      const foreign = await foreignReference(scope, input);
      if (foreign) return err('TASK.INVALID_INPUT', { field: foreign });
      const task = await db.task.create({
        data: {
          organizationId: scope.organizationId,
          createdById: scope.userId,
          assignedToId: input.assignedToId ?? scope.userId,
          title,
          description: input.description,
          type: input.type ?? (input.remindContactId ? 'reminder' : 'other'),
          priority: input.priority ?? 'medium',
          dueAt: input.dueAt,
          ...(input.repeat ? { repeat: input.repeat, repeatFrom: input.dueAt } : {}),
          dueDate: input.dueDate ? new Date(`${input.dueDate}T00:00:00Z`) : input.dueAt ? undefined : undefined,
          customerId: input.customerId,
          propertyId: input.propertyId,
          appointmentId: input.appointmentId,
        },
      });
      if (input.dueAt && input.remindContactId) {
        await reminders.schedule(scope, {
          kind: 'task',
          dueAt: input.dueAt,
          dedupeKey: `task:${task.id}`,
          contactId: input.remindContactId,
          userId: task.assignedToId,
          taskId: task.id,
        });
      }
      await audit(db, scope, {
        action: 'task.created',
        entityType: 'task',
        entityId: task.id,
        details: {
          type: task.type,
          assignedToId: task.assignedToId,
          customerId: task.customerId,
          dueAt: task.dueAt?.toISOString() ?? null,
          repeat: task.repeat,
        },
      });
      return ok({ id: task.id, title: task.title, dueAt: task.dueAt });
    },

    /**
     * After a repeating task's reminder fired (to `fired.contactId`, for `fired.userId`): the task moves
     * on to its next time and its reminder is armed for it, in the same chat. Returns that time; null for
     * a task that does not repeat (or is closed). Runs in the firing's transaction, so a reminder fires
     * once and is re-armed once.
     */
    async repeatAfterFiring(
      scope: Scope,
      taskId: string,
      fired: { contactId: string; userId: string | null },
    ): Promise<Date | null> {
      const task = await db.task.findFirst({
        where: { id: taskId, organizationId: scope.organizationId },
        select: { id: true, repeat: true, repeatFrom: true, status: true, assignedToId: true },
      });
      if (!task || !isRepeat(task.repeat) || !task.repeatFrom) return null;
      if (task.status === 'done' || task.status === 'cancelled') return null;
      const office = await db.organization.findUniqueOrThrow({
        where: { id: scope.organizationId },
        select: { timeZone: true },
      });
      const next = nextOccurrence(task.repeatFrom, task.repeat, clock.now(), office.timeZone);
      await db.task.updateMany({ where: { id: task.id, organizationId: scope.organizationId }, data: { dueAt: next } });
      await reminders.schedule(scope, {
        kind: 'task',
        dueAt: next,
        dedupeKey: `task:${task.id}`,
        contactId: fired.contactId,
        userId: fired.userId ?? task.assignedToId,
        taskId: task.id,
      });
      return next;
    },

    async complete(
      scope: Scope,
      taskId: string,
    ): Promise<Result<{ id: string; title: string; repeats?: { repeat: Repeat; next: Date | null } }, TaskErrorCode>> {
      authorize(scope, 'tasks', 'edit', 'task.complete');
      const task = await db.task.findFirst({
        where: { id: taskId, organizationId: scope.organizationId, ...visibleWhere(scope, 'assignedToId') },
      });
      if (!task) return err('TASK.NOT_FOUND');
      const now = clock.now();
      // a repeating reminder is done for this time: it stays open and keeps coming (cancelling it stops it)
      const repeating =
        isRepeat(task.repeat) && task.status !== 'done' && task.status !== 'cancelled' ? task.repeat : undefined;
      if (!repeating) {
        await db.task.updateMany({
          where: { id: task.id, organizationId: scope.organizationId },
          data: { status: 'done', completedAt: now },
        });
        // the customer's follow-up this task carries is done with it (followups.service.ts)
        await db.customerFollowup.updateMany({
          where: { organizationId: scope.organizationId, taskId: task.id, status: 'pending' },
          data: { status: 'done', completedAt: now },
        });
        await reminders.cancel(scope, { taskId: task.id });
      }
      await audit(db, scope, {
        action: 'task.completed',
        entityType: 'task',
        entityId: task.id,
        ...(repeating ? { details: { repeat: repeating } } : {}),
      });
      if (task.status !== 'done') {
        await analytics.record(scope, {
          type: 'task.done',
          userId: task.assignedToId ?? scope.userId ?? null,
          entity: { type: 'task', id: task.id },
          properties: { taskType: task.type, priority: task.priority },
        });
      }
      return ok({
        id: task.id,
        title: task.title,
        ...(repeating ? { repeats: { repeat: repeating, next: task.dueAt } } : {}),
      });
    },

    /**
     * Changes a task the scope sees (tasks.edit; giving it to someone else takes tasks.assign, and
     * someone the scope sees, else tasks.viewAll). A done task is closed: only its status may reopen
     * it. A new due time moves its pending reminder; a cleared one cancels it.
     */
    async update(scope: Scope, taskId: string, changes: TaskChanges): Promise<Result<{ id: string }, TaskErrorCode>> {
      authorize(scope, 'tasks', 'edit', 'task.update');
      const task = await findVisible(scope, taskId);
      if (!task) return err('TASK.NOT_FOUND');
      if (changes.assignedToId !== undefined && changes.assignedToId !== task.assignedToId) {
        authorize(scope, 'tasks', 'assign', 'task.assign');
        if (!sees(scope, changes.assignedToId)) authorize(scope, 'tasks', 'viewAll', 'task.assign');
        const assignee = await db.user.findFirst({
          where: {
            id: changes.assignedToId,
            organizationId: scope.organizationId,
            status: { in: ['active', 'pending'] },
          },
          select: { id: true },
        });
        if (!assignee) return err('TASK.INVALID_INPUT', { field: 'assignedToId' });
      }
      const title = changes.title?.trim().slice(0, 300);
      if (changes.title !== undefined && !title) return err('TASK.INVALID_INPUT', { field: 'title' });
      if (changes.dueAt && changes.dueAt.getTime() < clock.now().getTime() - 60_000) return err('TASK.IN_PAST');
      const fields = (Object.keys(changes) as Array<keyof TaskChanges>).filter(
        (k) => changes[k] !== undefined && k !== 'remindContactId',
      );
      if (task.status === 'done' && fields.some((k) => k !== 'status')) return err('TASK.CLOSED');
      const data = {
        ...(title !== undefined ? { title } : {}),
        ...(changes.description !== undefined ? { description: changes.description?.slice(0, 4_000) ?? null } : {}),
        ...(changes.priority ? { priority: changes.priority } : {}),
        ...(changes.status ? { status: changes.status, completedAt: null } : {}),
        ...(changes.dueAt !== undefined ? { dueAt: changes.dueAt } : {}),
        ...(changes.dueDate !== undefined
          ? { dueDate: changes.dueDate ? new Date(`${changes.dueDate}T00:00:00Z`) : null }
          : {}),
        ...(changes.assignedToId !== undefined ? { assignedToId: changes.assignedToId } : {}),
      };
      await db.task.updateMany({ where: { id: task.id, organizationId: scope.organizationId }, data });
      const closes = changes.status === 'cancelled' || changes.dueAt === null;
      if (closes) await reminders.cancel(scope, { taskId: task.id });
      else if (changes.dueAt) {
        // A new time re-arms the task's reminder, pending or already sent (a snooze after it fired),
        // in the chat it was for; a task without one is reminded in the chat the change came from.
        const current = await db.reminder.findFirst({
          where: { organizationId: scope.organizationId, dedupeKey: `task:${task.id}` },
          select: { contactId: true, userId: true },
        });
        const contactId = current?.contactId ?? changes.remindContactId;
        if (contactId) {
          await reminders.schedule(scope, {
            kind: 'task',
            dueAt: changes.dueAt,
            dedupeKey: `task:${task.id}`,
            contactId,
            userId: changes.assignedToId ?? current?.userId ?? task.assignedToId,
            taskId: task.id,
          });
        }
      } else if (changes.assignedToId) {
        // the pending reminder follows the task to its new assignee's row
        const pending = await db.reminder.findFirst({
          where: { organizationId: scope.organizationId, taskId: task.id, status: 'pending' },
          select: { contactId: true, dueAt: true },
        });
        if (pending) {
          await reminders.schedule(scope, {
            kind: 'task',
            dueAt: pending.dueAt,
            dedupeKey: `task:${task.id}`,
            contactId: pending.contactId,
            userId: changes.assignedToId,
            taskId: task.id,
          });
        }
      }
      // the customer's follow-up this task carries keeps in step: its time, cancelled, reopened
      const followup = {
        ...(changes.dueAt ? { dueAt: changes.dueAt } : {}),
        ...(changes.assignedToId ? { userId: changes.assignedToId } : {}),
        ...(changes.status === 'cancelled'
          ? { status: 'cancelled' as const }
          : changes.status
            ? { status: 'pending' as const, completedAt: null }
            : {}),
      };
      if (Object.keys(followup).length) {
        await db.customerFollowup.updateMany({
          where: { organizationId: scope.organizationId, taskId: task.id },
          data: followup,
        });
      }
      await audit(db, scope, {
        action: 'task.updated',
        entityType: 'task',
        entityId: task.id,
        details: {
          fields,
          status: changes.status ?? null,
          assignedToId: changes.assignedToId ?? null,
        },
      });
      return ok({ id: task.id });
    },

    /** Adds a comment to a task the scope sees (tasks.edit); the text stays out of the audit row. */
    async addComment(
      scope: Scope,
      taskId: string,
      body: string,
    ): Promise<
      Result<
        { id: string; taskId: string; body: string; createdAt: Date; user: { id: string; name: string } | null },
        TaskErrorCode
      >
    > {
      authorize(scope, 'tasks', 'edit', 'task.comment');
      const text = body.trim();
      if (!text || text.length > MAX_COMMENT) return err('TASK.INVALID_INPUT', { field: 'body' });
      const task = await findVisible(scope, taskId);
      if (!task) return err('TASK.NOT_FOUND');
      const comment = await db.taskComment.create({
        data: { organizationId: scope.organizationId, taskId: task.id, userId: scope.userId ?? null, body: text },
        select: { id: true, taskId: true, body: true, createdAt: true, user: { select: { id: true, name: true } } },
      });
      await audit(db, scope, { action: 'task.commented', entityType: 'task', entityId: task.id });
      return ok(comment);
    },
  };
}

export type TasksService = ReturnType<typeof createTasksService>;
