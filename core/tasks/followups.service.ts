// Follow-ups with a customer are one thing: a customer_followups row (the customer's plan, listed in his
// history) carried by a task (in «مهامي», with a chat reminder at its time). The task decides: completing
// it marks the follow-up done, a new time (a snooze) moves both, cancelling it cancels the follow-up
// (tasks.service.ts keeps them in step by customer_followups.task_id). Planned for a new lead (the next
// morning), seven days after a sale, the day after a viewing held, or by the admin API.
import { audit } from '../audit/audit.ts';
import type { DbTx } from '../db/client.ts';
import type { Notifier } from '../notifications/notify.ts';
import type { RemindersService } from '../notifications/reminders.service.ts';
import type { Clock } from '../shared/clock.ts';
import { err, ok, type Result } from '../shared/result.ts';
import type { Scope } from '../shared/scope.ts';
import { authorize, sees } from '../teams/authorize.ts';

export interface NewFollowup {
  /** none: a task alone (a sale without a customer) */
  customerId?: string;
  dueAt: Date;
  /** call, whatsapp, meeting, … (customer_followups.type) */
  type: string;
  /** the task's type: call, follow_up (default), … */
  taskType?: string;
  /** the task's title, in the member's language; default «متابعة العميل <name>» */
  title?: string;
  notes?: string;
  /** the chat to remind at dueAt; default: the chat the assignee last used */
  remindContactId?: string | null;
  /** default: the acting member */
  assignedToId?: string;
  propertyId?: string;
  /** a viewing's follow-up: planned once per viewing */
  appointmentId?: string;
}

export interface PlannedFollowup {
  taskId: string;
  followupId: string | null;
  dueAt: Date;
  /** false when this viewing's follow-up already existed */
  created: boolean;
}

export type FollowupErrorCode = 'CUSTOMER.NOT_FOUND';

export function createFollowupsService({
  db,
  clock,
  reminders,
  notifications,
}: {
  db: DbTx;
  clock: Clock;
  reminders: RemindersService;
  notifications: Pick<Notifier, 'chatOfMember'>;
}) {
  return {
    /**
     * Plans a follow-up (crm.edit, on a customer the scope sees): its task, the task's reminder when
     * the time is ahead, and the customer's follow-up row tied to the task. A time already past is
     * planned overdue, without a reminder.
     */
    async planFollowup(scope: Scope, input: NewFollowup): Promise<Result<PlannedFollowup, FollowupErrorCode>> {
      authorize(scope, 'crm', 'edit', 'customer.followup');
      const organizationId = scope.organizationId;
      let title = input.title?.trim() || 'متابعة';
      if (input.customerId) {
        const customer = await db.customer.findFirst({
          where: { id: input.customerId, organizationId },
          select: { assignedToId: true, name: true },
        });
        if (!customer || !sees(scope, customer.assignedToId)) return err('CUSTOMER.NOT_FOUND');
        if (!input.title?.trim()) title = `متابعة العميل ${customer.name}`;
      }
      if (input.appointmentId) {
        const existing = await db.task.findFirst({
          where: { organizationId, appointmentId: input.appointmentId, followups: { some: {} } },
          select: { id: true, dueAt: true, followups: { select: { id: true }, take: 1 } },
        });
        if (existing) {
          return ok({
            taskId: existing.id,
            followupId: existing.followups[0]?.id ?? null,
            dueAt: existing.dueAt ?? input.dueAt,
            created: false,
          });
        }
      }
      const assignee = input.assignedToId ?? scope.userId ?? null;
      const task = await db.task.create({
        data: {
          organizationId,
          createdById: scope.userId ?? null,
          assignedToId: assignee,
          title: title.slice(0, 300),
          type: input.taskType ?? 'follow_up',
          priority: 'medium',
          dueAt: input.dueAt,
          customerId: input.customerId,
          propertyId: input.propertyId,
          appointmentId: input.appointmentId,
        },
        select: { id: true },
      });
      if (input.dueAt.getTime() > clock.now().getTime() && assignee) {
        const contactId =
          input.remindContactId ?? (await notifications.chatOfMember(scope, assignee))?.contactId ?? null;
        if (contactId) {
          await reminders.schedule(scope, {
            kind: 'task',
            dueAt: input.dueAt,
            dedupeKey: `task:${task.id}`,
            contactId,
            userId: assignee,
            taskId: task.id,
          });
        }
      }
      const followup = input.customerId
        ? await db.customerFollowup.create({
            data: {
              organizationId,
              customerId: input.customerId,
              userId: assignee,
              dueAt: input.dueAt,
              type: input.type,
              notes: input.notes,
              taskId: task.id,
            },
            select: { id: true },
          })
        : null;
      await audit(db, scope, {
        action: 'customer.followup_scheduled',
        entityType: input.customerId ? 'customer' : 'task',
        entityId: input.customerId ?? task.id,
        details: { type: input.type, dueAt: input.dueAt.toISOString(), taskId: task.id },
      });
      return ok({ taskId: task.id, followupId: followup?.id ?? null, dueAt: input.dueAt, created: true });
    },
  };
}

export type FollowupsService = ReturnType<typeof createFollowupsService>;
