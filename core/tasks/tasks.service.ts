// Tasks and their chat reminders. A task with a time of day gets a reminder at that time, sent to the
// chat the broker used; a task with only a date is listed for that day. A member adds tasks with
// tasks.create (for someone else: tasks.assign, to someone he sees) and completes the ones he sees with
// tasks.edit; both are audited (the title is free text and stays out of the audit row).
import { audit } from '../audit/audit.ts';
import type { DbTx } from '../db/client.ts';
import type { RemindersService } from '../notifications/reminders.service.ts';
import type { Clock } from '../shared/clock.ts';
import { err, ok, type Result } from '../shared/result.ts';
import type { Scope } from '../shared/scope.ts';
import { actingMember, authorize, sees, visibleWhere } from '../teams/authorize.ts';

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
}

export type TaskErrorCode = 'TASK.INVALID_INPUT' | 'TASK.IN_PAST' | 'TASK.NOT_FOUND';

export function createTasksService({ db, clock, reminders }: { db: DbTx; clock: Clock; reminders: RemindersService }) {
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
        },
      });
      return ok({ id: task.id, title: task.title, dueAt: task.dueAt });
    },

    async complete(scope: Scope, taskId: string): Promise<Result<{ id: string; title: string }, TaskErrorCode>> {
      authorize(scope, 'tasks', 'edit', 'task.complete');
      const task = await db.task.findFirst({
        where: { id: taskId, organizationId: scope.organizationId, ...visibleWhere(scope, 'assignedToId') },
      });
      if (!task) return err('TASK.NOT_FOUND');
      await db.task.updateMany({
        where: { id: task.id, organizationId: scope.organizationId },
        data: { status: 'done', completedAt: clock.now() },
      });
      await reminders.cancel(scope, { taskId: task.id });
      await audit(db, scope, { action: 'task.completed', entityType: 'task', entityId: task.id });
      return ok({ id: task.id, title: task.title });
    },
  };
}

export type TasksService = ReturnType<typeof createTasksService>;
