// The morning digest's jobs. A job scheduler runs `digest.tick` every minute (bot/engine/runtime.ts):
// it finds the offices whose digest hour has come in their own time zone (daily-rhythm.ts) and that
// still have members without today's digest, and queues one `digest.office` job for each; that job
// queues one `digest.broker` job per such member. A member's digest is written once per local day: the
// broker job takes an advisory lock on its key and looks for the outbound row `digest:<userId>:<date>`
// in the same transaction that writes it, so a restart, a lost job run again or a second worker never
// sends two. Whatever a lost job missed is found again by the next tick (PostgreSQL is the truth).
import { createCore } from '../../core/core.ts';
import { createDigestService } from '../../core/digest/digest.service.ts';
import { createDeferredQueue } from '../../core/jobs/deferred.queue.ts';
import { digestDueDate, digestKey } from '../../core/notifications/daily-rhythm.ts';
import { createNotifier } from '../../core/notifications/notify.ts';
import { localDateOf } from '../../core/shared/local-time.ts';
import { systemScope } from '../../core/shared/scope.ts';
import { digestMessage } from '../features/digest/digest.texts.ts';
import type { BackgroundDeps } from './reminders.job.ts';

export type DigestOutcome = 'sent' | 'done_already' | 'not_due' | 'not_a_recipient' | 'no_chat';

export function createDigestRunner({ db, clock, jobs, logger }: BackgroundDeps) {
  const core = createCore({ db, clock, jobs, logger });
  return {
    /** Queues the offices whose digest is due and not yet written for every member. Returns how many. */
    async tick(): Promise<number> {
      const due = await core.digest.dueOffices(clock.now());
      if (due.length === 0) return 0;
      const waiting = await core.digest.membersWithoutDigest(due);
      const offices = new Map(waiting.map((w) => [w.organizationId, w.date]));
      // An office job per tick while members wait: a lost one is queued again a minute later. Ids are
      // not reused (a finished job's id would keep the next one out): a repeat costs one claim each.
      const stamp = Date.now();
      for (const [organizationId, date] of offices)
        await jobs.enqueue(
          'digest.office',
          { organizationId, date },
          { jobId: `digest-office-${organizationId}-${date}-${stamp}` },
        );
      return offices.size;
    },

    /** Queues one job per member of the office still without the day's digest. Returns how many. */
    async office({ organizationId, date }: { organizationId: string; date: string }): Promise<number> {
      const scope = systemScope(organizationId);
      const office = await core.digest.office(scope);
      // A job that waited past its hour (a backlog, a worker down) leaves the day alone.
      if (!office || digestDueDate(clock.now(), office.timeZone, office.settings) !== date) return 0;
      const members = await core.digest.membersWithoutDigest([{ organizationId, date }]);
      const stamp = Date.now();
      for (const m of members)
        await jobs.enqueue('digest.broker', m, { jobId: `digest-${m.userId}-${date}-${stamp}`, attempts: 3 });
      return members.length;
    },

    /** Writes one member's digest of the day, once. */
    async broker({
      organizationId,
      userId,
      date,
    }: {
      organizationId: string;
      userId: string;
      date: string;
    }): Promise<DigestOutcome> {
      const deferred = createDeferredQueue();
      const outcome = await db.$transaction(
        async (tx): Promise<DigestOutcome> => {
          // Only the two services it needs: a whole core per member costs more than his statements.
          const digest = createDigestService({ db: tx, clock });
          const notifier = createNotifier({ db: tx, jobs: deferred.queue, logger, clock });
          const scope = systemScope(organizationId);
          const member = await digest.lockAndLoad(scope, userId, date);
          if (!member) return 'not_a_recipient';
          // Today's digest, today only: a job run after midnight says nothing about yesterday.
          if (localDateOf(clock.now(), member.timeZone) !== date) return 'not_due';
          const chat = member.chat;
          // A member who never wrote to Nova has no chat to write to: skipped, not queued (a digest read
          // days later, on his first message, would be stale).
          if (!chat) return 'no_chat';
          const key = digestKey(userId, date);
          const facts = await digest.facts(
            scope,
            userId,
            { date, timeZone: member.timeZone, settings: member.settings },
            { key },
          );
          if (facts.written) return 'done_already';
          const message = digestMessage({
            facts,
            name: member.name,
            lang: chat.lang,
            tz: member.timeZone,
            now: clock.now(),
            goneQuietDays: member.settings.goneQuietDays,
          });
          await notifier.notify(scope, chat, message, key, {
            initiated: true,
            office: { timeZone: member.timeZone, quietHours: member.settings.quietHours },
          });
          return 'sent';
        },
        { timeout: 30_000, maxWait: 10_000 },
      );
      await deferred
        .flush(jobs)
        .catch((error) => logger.warn({ err: error, userId }, 'digest send not queued; the sweep will catch up'));
      return outcome;
    },
  };
}

export type DigestRunner = ReturnType<typeof createDigestRunner>;
