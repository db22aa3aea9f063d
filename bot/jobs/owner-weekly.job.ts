// The weekly note to homeowners (issue 16): on Sunday, the first day of the Saudi week, each owner with a
// listing on the market (or paused) hears what the past seven days brought it: new matching requests,
// viewings held, and viewings booked for the coming week. A job scheduler runs `owners.tick` every hour
// (bot/engine/runtime.ts); on Sunday between 10:00 and 21:00 in an office's own time zone it queues one
// `owners.office` job for that office, which writes one note per owner, once: the outbound key is
// `owner-weekly:<customerId>:<Sunday>`, so a second tick, a second worker or a job run again writes
// nothing new.
//
// Nova writes first here, so two rules hold. Quiet hours: the note is written as `initiated`
// (core/notifications/notify.ts holds it until they end). WhatsApp Cloud's 24-hour customer-service
// window: an owner whose last message on WhatsApp Cloud is older than the window gets no note that week
// (a weekly summary is not worth a paid template); on channels without that rule (WhatsApp Web,
// Telegram, the web chat) the note is written whenever he has written to us once. The message still
// carries its `notification` (kind `notice`), so that a note held by quiet hours past the window's end
// goes as the notice template if one is configured, or is dropped by the channel, never sent as free text.
import { TZDate } from '@date-fns/tz';
import { createCore } from '../../core/core.ts';
import { createDeferredQueue } from '../../core/jobs/deferred.queue.ts';
import { localDateOf } from '../../core/shared/local-time.ts';
import { systemScope } from '../../core/shared/scope.ts';
import { CUSTOMER_SERVICE_WINDOW_MS } from '../channels/whatsapp-cloud/cloud.channel.ts';
import { weeklyNoteText } from '../features/listings/owner.texts.ts';
import type { BackgroundDeps } from './reminders.job.ts';

const WEEK_MS = 7 * 86_400_000;
/** Sunday, from 10:00 until 21:00 local time (well outside the default quiet hours). */
const NOTE_DAY = 0;
const NOTE_FROM_HOUR = 10;
const NOTE_UNTIL_HOUR = 21;

/** The Sunday (a local date) whose note is due at `now` in `tz`, or undefined outside its hours. */
export function weeklyNoteDue(now: Date, tz: string): string | undefined {
  const local = new TZDate(now.getTime(), tz);
  const hour = local.getHours();
  if (local.getDay() !== NOTE_DAY || hour < NOTE_FROM_HOUR || hour >= NOTE_UNTIL_HOUR) return undefined;
  return localDateOf(now, tz);
}

/**
 * Whether Nova may write first to this chat now: on WhatsApp Cloud only inside the 24-hour window (the
 * same margin as the channel's); elsewhere whenever the owner has written to us.
 */
export function mayWriteFirst(chat: { channelKind: string; lastInboundAt: Date | null }, now: Date): boolean {
  if (!chat.lastInboundAt) return false;
  if (chat.channelKind !== 'whatsapp_cloud') return true;
  return now.getTime() - chat.lastInboundAt.getTime() < CUSTOMER_SERVICE_WINDOW_MS;
}

export const ownerNoteKey = (customerId: string, week: string) => `owner-weekly:${customerId}:${week}`;

export function createOwnerWeekly({ db, clock, jobs, logger }: BackgroundDeps) {
  return {
    /** Queues the offices whose weekly note is due now. Returns how many. */
    async tick(): Promise<number> {
      const core = createCore({ db, clock, jobs, logger });
      const now = clock.now();
      // One office job per office and hour at most: a job lost now is queued again next hour.
      const hour = Math.floor(Date.now() / 3_600_000);
      let queued = 0;
      for (const office of await core.organizations.list()) {
        const week = weeklyNoteDue(now, office.timeZone);
        if (!week) continue;
        await jobs.enqueue(
          'owners.office',
          { organizationId: office.id, week },
          { jobId: `owners-office-${office.id}-${week}-${hour}` },
        );
        queued += 1;
      }
      return queued;
    },

    /** Writes the office's notes of that Sunday, once per owner. Returns how many were written now. */
    async office({ organizationId, week }: { organizationId: string; week: string }): Promise<number> {
      const deferred = createDeferredQueue();
      const written = await db.$transaction(
        async (tx) => {
          const core = createCore({ db: tx, clock, jobs: deferred.queue, logger });
          const office = await tx.organization.findUnique({
            where: { id: organizationId },
            select: { timeZone: true },
          });
          const now = clock.now();
          // A job that waited past the day (a backlog, a worker down) leaves that week alone.
          if (!office || weeklyNoteDue(now, office.timeZone) !== week) return 0;
          const scope = systemScope(organizationId);
          const owners = await core.listings.ownersWeek(scope, { from: new Date(now.getTime() - WEEK_MS), to: now });
          let count = 0;
          for (const owner of owners) {
            if (!mayWriteFirst(owner.contact, now)) continue;
            const lang = owner.contact.language === 'en' ? 'en' : 'ar';
            const note = weeklyNoteText(lang, owner);
            await core.notifications.notify(
              scope,
              {
                channelAccountId: owner.contact.channelAccountId,
                chatId: owner.contact.chatId,
                contactId: owner.contact.id,
              },
              { text: note.text, notification: { kind: 'notice', params: [note.line] } },
              ownerNoteKey(owner.customerId, week),
              { initiated: true },
            );
            count += 1;
          }
          return count;
        },
        { timeout: 30_000 },
      );
      await deferred.flush(jobs).catch((error) => logger.warn({ err: error }, 'send not queued'));
      return written;
    },
  };
}
