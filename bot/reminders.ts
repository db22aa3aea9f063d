// Fires reminders: a due, pending reminder becomes an outbound message to its contact, once (row lock
// and status in one transaction; the outbound idempotency key is the reminder's id).
import type { Db } from '../core/db/client.ts';
import type { JobQueue } from '../core/jobs/job-map.ts';
import type { Clock } from '../core/shared/clock.ts';
import type { Logger } from '../core/shared/logger.ts';
import type { Lang } from './render/format.ts';
import { t } from './render/texts.ts';
import type { OutboundMessage } from './types.ts';

interface ReminderRow {
  kind: string;
  payload: unknown;
  task: { title: string; status: string } | null;
}

/** What a reminder says; kinds added by later modules (appointments) register here. */
export function renderReminder(row: ReminderRow, lang: Lang): OutboundMessage | null {
  if (row.kind === 'task') {
    if (!row.task || row.task.status === 'done' || row.task.status === 'cancelled') return null;
    return {
      text: t(lang, `⏰ تذكير: ${row.task.title}`, `⏰ Reminder: ${row.task.title}`),
      notification: { kind: 'reminder', params: [row.task.title] },
    };
  }
  const text = (row.payload as { text?: string })?.text;
  return text ? { text } : null;
}

export function createReminderFirer({
  db,
  clock,
  jobs,
  logger,
}: {
  db: Db;
  clock: Clock;
  jobs: JobQueue;
  logger: Logger;
}) {
  return {
    async fire(reminderId: string): Promise<void> {
      const outboundId = await db.$transaction(async (tx) => {
        const locked = await tx.$queryRaw<Array<{ id: string }>>`
          SELECT id FROM reminders WHERE id = ${reminderId}::uuid AND status = 'pending' AND due_at <= ${clock.now()}
          FOR UPDATE SKIP LOCKED`;
        if (locked.length === 0) return null;
        const row = await tx.reminder.findUniqueOrThrow({
          where: { id: reminderId },
          include: { contact: { select: { id: true, channelAccountId: true, language: true, externalId: true } } },
        });
        const task = row.taskId
          ? await tx.task.findUnique({ where: { id: row.taskId }, select: { title: true, status: true } })
          : null;
        const message = row.contact
          ? renderReminder({ ...row, task }, row.contact.language === 'en' ? 'en' : 'ar')
          : null;
        if (!message || !row.contact) {
          await tx.reminder.update({ where: { id: row.id }, data: { status: 'cancelled', firedAt: clock.now() } });
          return null;
        }
        const out = await tx.outboundMessage.create({
          data: {
            organizationId: row.organizationId,
            channelAccountId: row.contact.channelAccountId,
            contactId: row.contact.id,
            // Private chats: the chat id is the contact's id on the channel.
            chatId: row.contact.externalId,
            idempotencyKey: `reminder:${row.id}`,
            payload: message as unknown as object,
          },
          select: { id: true },
        });
        await tx.reminder.update({
          where: { id: row.id },
          data: { status: 'sent', firedAt: clock.now(), attempts: { increment: 1 } },
        });
        return out.id;
      });
      if (outboundId) {
        await jobs
          .enqueue('outbound.send', { outboundId }, { jobId: `outbound-${outboundId}` })
          .catch((error) => logger.warn({ err: error, outboundId }, 'send not queued; the sweep will catch up'));
      }
    },
  };
}
