// Reminders are rows with a due time (PostgreSQL is the truth). A BullMQ delayed job fires each one
// on time; the minute sweep fires whatever a lost job missed. Scheduling is idempotent by dedupe key.
import type { DbTx } from '../db/client.ts';
import type { JobQueue } from '../jobs/job-map.ts';
import type { Clock } from '../shared/clock.ts';

export interface ScheduleReminder {
  organizationId: string;
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
    async schedule(input: ScheduleReminder) {
      const data = {
        organizationId: input.organizationId,
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
        update: { ...data, status: 'pending', firedAt: null },
      });
      await enqueue(reminder.id, reminder.dueAt);
      return reminder;
    },

    async cancel(where: { dedupeKeyPrefix?: string; appointmentId?: string; taskId?: string }, organizationId: string) {
      const { count } = await db.reminder.updateMany({
        where: {
          organizationId,
          status: 'pending',
          ...(where.dedupeKeyPrefix ? { dedupeKey: { startsWith: where.dedupeKeyPrefix } } : {}),
          ...(where.appointmentId ? { appointmentId: where.appointmentId } : {}),
          ...(where.taskId ? { taskId: where.taskId } : {}),
        },
        data: { status: 'cancelled' },
      });
      return count;
    },

    /** Pending reminders due by now (the sweep). */
    async due(limit = 500) {
      return db.reminder.findMany({
        where: { status: 'pending', dueAt: { lte: clock.now() } },
        orderBy: { dueAt: 'asc' },
        take: limit,
        select: { id: true },
      });
    },
  };
}

export type RemindersService = ReturnType<typeof createRemindersService>;
