// Tasks and their chat reminders. A task with a time of day gets a reminder at that time, sent to the
// chat the broker used; a task with only a date is listed for that day.
import type { DbTx } from '../db/client.ts';
import type { RemindersService } from '../notifications/reminders.service.ts';
import type { Clock } from '../shared/clock.ts';
import { err, ok, type Result } from '../shared/result.ts';
import type { Scope } from '../shared/scope.ts';

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
      return ok({ id: task.id, title: task.title, dueAt: task.dueAt });
    },

    async complete(scope: Scope, taskId: string): Promise<Result<{ id: string; title: string }, TaskErrorCode>> {
      const task = await db.task.findFirst({ where: { id: taskId, organizationId: scope.organizationId } });
      if (!task) return err('TASK.NOT_FOUND');
      await db.task.updateMany({
        where: { id: task.id, organizationId: scope.organizationId },
        data: { status: 'done', completedAt: clock.now() },
      });
      await reminders.cancel(scope, { taskId: task.id });
      return ok({ id: task.id, title: task.title });
    },
  };
}

export type TasksService = ReturnType<typeof createTasksService>;
