// The minute sweep: whatever a lost or failed job missed is queued again. Reminders due by the clock
// are fired; inbound messages and outbound sends that sat too long are retried. Every job it queues is
// idempotent, so queueing one twice is harmless.
import type { Db } from '../../core/db/client.ts';
import type { JobQueue } from '../../core/jobs/job-map.ts';
import type { Clock } from '../../core/shared/clock.ts';
import { systemClock } from '../../core/shared/clock.ts';
import { SEND_LEASE_MS } from './outbox.ts';

/** How long an inbound message or an outbound send may wait before the sweep takes it again. */
export const STALE_AFTER_MS = 30_000;

export function createSweep({ db, jobs, clock }: { db: Db; jobs: JobQueue; clock: Clock }) {
  return {
    async run(options: { staleAfterMs?: number } = {}): Promise<{ reminders: number; chats: number; sends: number }> {
      const stamp = Date.now();
      const due = await db.reminder.findMany({
        where: { status: 'pending', dueAt: { lte: clock.now() } },
        select: { id: true },
        orderBy: { dueAt: 'asc' },
        take: 1_000,
      });
      for (const r of due)
        await jobs.enqueue('reminder.fire', { reminderId: r.id }, { jobId: `reminder-${r.id}-sweep-${stamp}` });

      // Staleness is measured in real time, not the business clock: it is about lost jobs.
      const staleBefore = new Date(systemClock.now().getTime() - (options.staleAfterMs ?? STALE_AFTER_MS));
      const chats = await db.inboundMessage.findMany({
        where: { status: { in: ['received', 'processing'] }, receivedAt: { lt: staleBefore } },
        distinct: ['channelAccountId', 'chatId'],
        select: { id: true, channelAccountId: true, chatId: true },
        take: 1_000,
      });
      for (const c of chats) {
        const chatKey = `${c.channelAccountId}:${c.chatId}`;
        await jobs.enqueue(
          'inbound.process',
          { inboundId: c.id, chatKey },
          { jobId: `inbound-sweep-${c.id}-${stamp}` },
        );
      }
      // A row being sent is another job's until its lease expires (outbox.ts): only then is it taken again.
      const leaseExpired = new Date(systemClock.now().getTime() - Math.max(SEND_LEASE_MS, options.staleAfterMs ?? 0));
      const sends = await db.outboundMessage.findMany({
        where: {
          OR: [
            { status: 'pending', updatedAt: { lt: staleBefore } },
            { status: 'sending', updatedAt: { lt: leaseExpired } },
          ],
        },
        select: { id: true },
        take: 1_000,
      });
      for (const s of sends)
        await jobs.enqueue('outbound.send', { outboundId: s.id }, { jobId: `outbound-sweep-${s.id}-${stamp}` });
      return { reminders: due.length, chats: chats.length, sends: sends.length };
    },
  };
}
