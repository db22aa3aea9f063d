// Fires reminders: a due, pending reminder becomes an outbound message to its contact, once (row lock
// and status in one transaction; the outbound idempotency key is the reminder's id and due time, so
// that a reminder moved after it fired, a snooze, fires again).

import { createCore } from '../../core/core.ts';
import type { Db } from '../../core/db/client.ts';
import { createDeferredQueue } from '../../core/jobs/deferred.queue.ts';
import type { JobQueue } from '../../core/jobs/job-map.ts';
import { ASKED_FOR_REMINDER_KINDS } from '../../core/notifications/daily-rhythm.ts';
import type { Clock } from '../../core/shared/clock.ts';
import type { Logger } from '../../core/shared/logger.ts';
import { systemScope } from '../../core/shared/scope.ts';
import { formatDateTime, formatNumber, formatPhoneForChat, formatTime, type Lang } from '../render/format.ts';
import { repeatLabel } from '../render/repeat.ts';
import { t } from '../render/texts.ts';
import type { OutboundMessage } from '../types.ts';

interface ReminderRow {
  kind: string;
  payload: unknown;
  task: { title: string; status: string; repeat?: string | null } | null;
}

/** What a reminder says; kinds added by later modules (appointments) register here. */
export function renderReminder(row: ReminderRow, lang: Lang, now?: Date): OutboundMessage | null {
  // Appointment reminders carry their facts in the payload (rewritten by a reschedule); a cancel
  // cancels the rows themselves, so a cancelled viewing never gets here.
  if (row.kind === 'appointment' || row.kind === 'appointment_followup') {
    const p = (row.payload ?? {}) as {
      appointmentId?: string;
      startsAt?: string;
      timeZone?: string;
      role?: 'client' | 'broker';
      offsetMinutes?: number;
      propertyRef?: number | null;
      propertyTitle?: string | null;
      title?: string;
      mapsUrl?: string | null;
      customerName?: string | null;
      customerPhone?: string | null;
      brokerName?: string;
      brokerPhone?: string;
      /** the next morning's question, when the broker has not told the outcome yet */
      nextDay?: boolean;
    };
    if (!p.startsAt || !p.appointmentId) return null;
    const start = new Date(p.startsAt);
    const tz = p.timeZone ?? 'Asia/Riyadh';
    const when = formatDateTime(start, lang, tz);
    const ref = p.propertyRef
      ? t(lang, `العقار ${formatNumber(p.propertyRef, 'ar')}`, `property #${p.propertyRef}`)
      : '';
    if (row.kind === 'appointment_followup') {
      const who = p.customerName ? t(lang, ` مع ${p.customerName}`, ` with ${p.customerName}`) : '';
      const text = p.nextDay
        ? t(
            lang,
            `👋 كيف كانت المعاينة${who}؟ ${ref ? `(${ref}، ${when})` : `(${when})`} ما وصلتني نتيجتها.\nاختر، أو اكتب مثلاً: «تمت المعاينة: العميل مهتم» أو «ما حضر للمعاينة».`,
            `👋 How did the viewing${who} go? ${ref ? `(${ref}, ${when})` : `(${when})`} I have no outcome for it yet.\nPick one, or write e.g. "viewing done: the client is interested" or "no-show to the viewing".`,
          )
        : t(
            lang,
            `👋 كيف كانت المعاينة${who}${ref ? ` (${ref})` : ''} ${when}؟\nاختر، أو اكتب مثلاً: «تمت المعاينة: العميل مهتم» أو «ما حضر للمعاينة».`,
            `👋 How did the viewing${who}${ref ? ` (${ref})` : ''} on ${when} go?\nPick one, or write e.g. "viewing done: the client is interested" or "no-show to the viewing".`,
          );
      return {
        text,
        choices: [
          { id: `outcome:${p.appointmentId}:done`, label: t(lang, '✅ تمت المعاينة', '✅ Viewing done') },
          {
            id: `outcome:${p.appointmentId}:no_show`,
            label: t(lang, '❌ ما حضر للمعاينة', '❌ No-show at the viewing'),
          },
          {
            id: `outcome:${p.appointmentId}:note`,
            label: t(lang, '📝 تعليق على المعاينة', '📝 Comment on the viewing'),
          },
        ],
        notification: { kind: 'appointment', params: [p.customerName ?? '', when] },
      };
    }
    // A reminder fired late (the process was down) must not say "in 2 hours" about a viewing that
    // already began: once the start has passed it is dropped; before that, a late one says the time
    // really left ("بعد ٢٠ دقيقة", "اليوم ٥:٠٠ م") instead of its offset.
    const dueAt = start.getTime() - (p.offsetMinutes ?? 0) * 60_000;
    if (now && now.getTime() >= start.getTime()) return null;
    const late = now && now.getTime() - dueAt > 5 * 60_000 ? now : undefined;
    // The day-before reminder fired only hours before the start would come together with the
    // short one (default offsets 1440 and 120 minutes): the short one says it.
    if (late && (p.offsetMinutes ?? 0) > 180 && start.getTime() - late.getTime() < 180 * 60_000) return null;
    const hours = (p.offsetMinutes ?? 0) / 60;
    const inTime = late
      ? timeLeft(lang, start, late, tz)
      : hours >= 24 && hours % 24 === 0
        ? t(
            lang,
            hours === 24 ? 'بكرة' : `بعد ${formatNumber(hours / 24, 'ar')} أيام`,
            hours === 24 ? 'tomorrow' : `in ${hours / 24} days`,
          )
        : hours >= 1 && Number.isInteger(hours)
          ? t(
              lang,
              hours === 1 ? 'بعد ساعة' : hours === 2 ? 'بعد ساعتين' : `بعد ${formatNumber(hours, 'ar')} ساعات`,
              `in ${hours} hour${hours === 1 ? '' : 's'}`,
            )
          : t(lang, `بعد ${formatNumber(p.offsetMinutes ?? 0, 'ar')} دقيقة`, `in ${p.offsetMinutes ?? 0} minutes`);
    const map = p.mapsUrl ? `\n📍 ${p.mapsUrl}` : '';
    const text =
      p.role === 'broker'
        ? t(
            lang,
            `⏰ تذكير: عندك معاينة ${inTime}${p.customerName ? ` مع ${p.customerName}` : ''}${p.customerPhone ? ` (${formatPhoneForChat(p.customerPhone, 'ar')})` : ''}${ref ? ` — ${ref}` : ''}\n🗓 ${when}${map}`,
            `⏰ Reminder: viewing ${inTime}${p.customerName ? ` with ${p.customerName}` : ''}${p.customerPhone ? ` (${formatPhoneForChat(p.customerPhone, 'en')})` : ''}${ref ? ` — ${ref}` : ''}\n🗓 ${when}${map}`,
          )
        : t(
            lang,
            `⏰ تذكير بموعد معاينتك ${inTime}${ref ? `: ${ref}${p.propertyTitle ? ` (${p.propertyTitle})` : ''}` : ''}\n🗓 ${when}${map}${p.brokerName ? `\n👤 الوسيط: ${p.brokerName} ${formatPhoneForChat(p.brokerPhone ?? '', 'ar')}` : ''}`,
            `⏰ Reminder: your viewing is ${inTime}${ref ? `: ${ref}${p.propertyTitle ? ` (${p.propertyTitle})` : ''}` : ''}\n🗓 ${when}${map}${p.brokerName ? `\n👤 Broker: ${p.brokerName} ${formatPhoneForChat(p.brokerPhone ?? '', 'en')}` : ''}`,
          );
    return { text, notification: { kind: 'appointment', params: [p.title ?? '', when] } };
  }
  if (row.kind === 'task') {
    if (!row.task || row.task.status === 'done' || row.task.status === 'cancelled') return null;
    const again = repeatLabel(lang, row.task.repeat);
    return {
      text: t(
        lang,
        `⏰ تذكير: ${row.task.title}${again ? ` (${again})` : ''}`,
        `⏰ Reminder: ${row.task.title}${again ? ` (${again})` : ''}`,
      ),
      notification: { kind: 'reminder', params: [row.task.title] },
    };
  }
  const text = (row.payload as { text?: string })?.text;
  return text ? { text } : null;
}

/** When a viewing is, said from `now`: "بعد ٢٠ دقيقة", "اليوم ٥:٠٠ م", "بكرة ٥:٠٠ م". */
function timeLeft(lang: Lang, start: Date, now: Date, tz: string): string {
  const minutes = Math.max(1, Math.round((start.getTime() - now.getTime()) / 60_000));
  if (minutes < 60) return t(lang, `بعد ${formatNumber(minutes, 'ar')} دقيقة`, `in ${minutes} minutes`);
  const day = (d: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: tz }).format(d);
  const time = formatTime(start, lang, tz);
  if (day(start) === day(now)) return t(lang, `اليوم ${time}`, `today at ${time}`);
  if (day(start) === day(new Date(now.getTime() + 86_400_000))) return t(lang, `بكرة ${time}`, `tomorrow at ${time}`);
  return t(lang, `يوم ${formatDateTime(start, 'ar', tz)}`, `on ${formatDateTime(start, 'en', tz)}`);
}

/** What the background jobs (reminders, matching) need. */
export interface BackgroundDeps {
  db: Db;
  clock: Clock;
  jobs: JobQueue;
  logger: Logger;
}

export function createReminderFirer({ db, clock, jobs, logger }: BackgroundDeps) {
  return {
    async fire(reminderId: string): Promise<void> {
      const deferred = createDeferredQueue();
      await db.$transaction(async (tx) => {
        const core = createCore({ db: tx, clock, jobs: deferred.queue, logger });
        const row = await core.reminders.takeDue(reminderId);
        if (!row) return;
        const scope = systemScope(row.organizationId);
        const message = row.contact
          ? renderReminder(row, row.contact.language === 'en' ? 'en' : 'ar', clock.now())
          : null;
        if (!message || !row.contact) {
          await core.reminders.settle(scope, row.id, 'cancelled');
          return;
        }
        // Private chats: the chat id is the contact's id on the channel.
        const recipient = {
          channelAccountId: row.contact.channelAccountId,
          chatId: row.contact.externalId,
          contactId: row.contact.id,
          // a member's chat: the reminder is also kept in his notifications
          userId: row.contact.userId,
        };
        // a reminder the user asked for goes out at its time; Nova's own (after a viewing) waits out quiet hours
        // once per firing: a snoozed or moved reminder (the same row, a new time) fires again
        await core.notifications.notify(scope, recipient, message, `reminder:${row.id}:${row.dueAt.getTime()}`, {
          initiated: !ASKED_FOR_REMINDER_KINDS.has(row.kind),
        });
        await core.reminders.settle(scope, row.id, 'sent');
        // a repeating reminder is armed again for its next time, in the same chat (the task moves on with it)
        if (row.kind === 'task' && row.taskId && row.task?.repeat) {
          await core.tasks.repeatAfterFiring(scope, row.taskId, { contactId: row.contact.id, userId: row.userId });
        }
      });
      await deferred
        .flush(jobs)
        .catch((error) => logger.warn({ err: error, reminderId }, 'send not queued; the sweep will catch up'));
    },
  };
}
