// Reminders are rows with a due time (PostgreSQL is the truth). A BullMQ delayed job fires each one
// on time; the minute sweep fires whatever a lost job missed. Scheduling is idempotent by dedupe key.
import type { DbTx } from '../db/client.ts';
import type { JobQueue } from '../jobs/job-map.ts';
import type { Clock } from '../shared/clock.ts';
import type { Scope } from '../shared/scope.ts';

export interface ScheduleReminder {
  kind: string;
  dueAt: Date;
  dedupeKey: string;
  contactId?: string | null;
  userId?: string | null;
  taskId?: string | null;
  appointmentId?: string | null;
  payload?: Record<string, unknown>;
}

export function createRemindersService({ db, jobs, clock }: { db: DbTx; jobs: JobQueue; clock: Clock }) {
  const enqueue = async (id: string, dueAt: Date) => {
    await jobs.enqueue(
      'reminder.fire',
      { reminderId: id },
      { jobId: `reminder-${id}-${dueAt.getTime()}`, delayMs: dueAt.getTime() - clock.now().getTime() },
    );
  };
  return {
    /** Creates the reminder, or moves a pending one with the same key to the new time. */
    async schedule(scope: Scope, input: ScheduleReminder) {
      const data = {
        organizationId: scope.organizationId,
        kind: input.kind,
        dueAt: input.dueAt,
        contactId: input.contactId ?? null,
        userId: input.userId ?? null,
        taskId: input.taskId ?? null,
        appointmentId: input.appointmentId ?? null,
        payload: (input.payload ?? {}) as object,
      };
      const reminder = await db.reminder.upsert({
        where: { dedupeKey: input.dedupeKey },
        create: { ...data, dedupeKey: input.dedupeKey },
        // fired_at stays: when it last fired (a snooze re-arms a sent reminder; "it" is still its task)
        update: { ...data, status: 'pending' },
      });
      await enqueue(reminder.id, reminder.dueAt);
      return reminder;
    },

    async cancel(scope: Scope, where: { dedupeKeyPrefix?: string; appointmentId?: string; taskId?: string }) {
      const { count } = await db.reminder.updateMany({
        where: {
          organizationId: scope.organizationId,
          status: 'pending',
          ...(where.dedupeKeyPrefix ? { dedupeKey: { startsWith: where.dedupeKeyPrefix } } : {}),
          ...(where.appointmentId ? { appointmentId: where.appointmentId } : {}),
          ...(where.taskId ? { taskId: where.taskId } : {}),
        },
        data: { status: 'cancelled' },
      });
      return count;
    },

    /**
     * Takes a due, pending reminder for firing: its row is locked until the transaction ends (a second
     * firer skips it), with what its message needs. Null when it is not due, not pending, or taken.
     * Nova's own work: the reminder's organization is on its row.
     */
    async takeDue(reminderId: string) {
      const locked = await db.$queryRaw<Array<{ id: string }>>`
        SELECT id FROM reminders WHERE id = ${reminderId}::uuid AND status = 'pending' AND due_at <= ${clock.now()}
        FOR UPDATE SKIP LOCKED`;
      if (locked.length === 0) return null;
      const row = await db.reminder.findUniqueOrThrow({
        where: { id: reminderId },
        include: {
          contact: { select: { id: true, channelAccountId: true, language: true, externalId: true, userId: true } },
        },
      });
      const task = row.taskId
        ? await db.task.findFirst({
            where: { id: row.taskId, organizationId: row.organizationId },
            select: { title: true, status: true, repeat: true },
          })
        : null;
      return { ...row, task };
    },

    /**
     * The last reminder this chat got since `since` (its task or viewing): what "snooze it" and «تم»
     * are about right after one; still so once snoozed (pending again, fired_at kept). One row by the
     * (contact_id, fired_at) index.
     */
    async lastSentTo(scope: Scope, contactId: string, since: Date) {
      return db.reminder.findFirst({
        where: {
          organizationId: scope.organizationId,
          contactId,
          status: { in: ['sent', 'pending'] },
          firedAt: { gte: since },
        },
        orderBy: { firedAt: 'desc' },
        select: { kind: true, taskId: true, appointmentId: true, firedAt: true },
      });
    },

    /** Marks a taken reminder sent (its message written) or cancelled (nothing left to say). */
    async settle(scope: Scope, reminderId: string, outcome: 'sent' | 'cancelled') {
      await db.reminder.updateMany({
        where: { id: reminderId, organizationId: scope.organizationId },
        data:
          outcome === 'sent'
            ? { status: 'sent', firedAt: clock.now(), attempts: { increment: 1 } }
            : { status: 'cancelled', firedAt: clock.now() },
      });
    },
  };
}

export type RemindersService = ReturnType<typeof createRemindersService>;
