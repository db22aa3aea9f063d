// The minute sweep: whatever a lost or failed job missed is queued again. Reminders due by the clock
// are fired; inbound messages and outbound sends that sat too long are retried. Every job it queues is
// idempotent, so queueing one twice is harmless.
import type { Db } from '../../core/db/client.ts';
import type { JobQueue } from '../../core/jobs/job-map.ts';
import type { Clock } from '../../core/shared/clock.ts';
import { systemClock } from '../../core/shared/clock.ts';
import { requeueDueDeliveries } from '../../core/webhooks/deliver.ts';
import { inboundJobId } from './inbox.ts';
import { SEND_LEASE_MS } from './outbox.ts';

/** How long an inbound message or an outbound send may wait before the sweep takes it again. */
export const STALE_AFTER_MS = 30_000;

export function createSweep({ db, jobs, clock }: { db: Db; jobs: JobQueue; clock: Clock }) {
  return {
    async run(
      options: { staleAfterMs?: number } = {},
    ): Promise<{ reminders: number; chats: number; sends: number; webhooks: number; released: number }> {
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
      // The oldest waiting message of each stale chat, and whether a worker holds the chat now (its
      // advisory lock, turn-runner.ts; a dead worker's lock went with its connection). A chat whose
      // job still waits in the queue (a backlog, not a loss) or whose holder is alive is left alone:
      // that is what keeps queued jobs about one per message. Only a lost job or a dead holder is
      // replaced.
      const chats = await db.$queryRaw<
        Array<{ id: string; channel_account_id: string; chat_id: string; held: boolean }>
      >`
        SELECT DISTINCT ON (m.channel_account_id, m.chat_id) m.id, m.channel_account_id, m.chat_id,
          EXISTS (
            SELECT 1 FROM pg_locks l
            WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
              AND ((l.classid::bigint << 32) | l.objid::bigint)
                = hashtextextended(m.channel_account_id::text || ':' || m.chat_id, 0)
          ) AS held
        FROM inbound_messages m
        WHERE m.status IN ('received', 'processing') AND m.received_at < ${staleBefore}
        ORDER BY m.channel_account_id, m.chat_id, m.seq
        LIMIT 1000`;
      let requeued = 0;
      for (const c of chats) {
        if (c.held) continue;
        if (await jobs.isQueued?.('inbound.process', inboundJobId(c.id))) continue;
        requeued += 1;
        await jobs.enqueue(
          'inbound.process',
          { inboundId: c.id, chatKey: `${c.channel_account_id}:${c.chat_id}` },
          { jobId: `${inboundJobId(c.id)}-sweep-${stamp}` },
        );
      }
      // Messages Nova wrote first in quiet hours (notify's `initiated`) whose hold has ended, by the business
      // clock: released once (not_before cleared), then sent like any other row.
      const released = await db.$queryRaw<Array<{ id: string; channel_account_id: string }>>`
        UPDATE outbound_messages SET not_before = NULL, updated_at = now()
        WHERE status = 'pending' AND not_before <= ${clock.now()}
        RETURNING id::text AS id, channel_account_id::text AS channel_account_id`;
      for (const r of released)
        await jobs.enqueue(
          'outbound.send',
          { outboundId: r.id, channelAccountId: r.channel_account_id },
          { jobId: `outbound-${r.id}-released` },
        );
      // A row being sent is another job's until its lease expires (outbox.ts): only then is it taken again.
      // One row per chat, its first: whoever sends it goes on to the chat's next rows (outbox.ts), so the
      // rows behind it (a broker's notices waiting for the channel's pace) need no job each minute. A row
      // still held by quiet hours is not lost: it waits for the release above.
      const leaseExpired = new Date(systemClock.now().getTime() - Math.max(SEND_LEASE_MS, options.staleAfterMs ?? 0));
      const sends = await db.$queryRaw<Array<{ id: string; channel_account_id: string }>>`
        SELECT DISTINCT ON (channel_account_id, chat_id) id::text AS id, channel_account_id::text AS channel_account_id
        FROM outbound_messages
        WHERE (status = 'pending' AND not_before IS NULL AND updated_at < ${staleBefore})
          OR (status = 'sending' AND updated_at < ${leaseExpired})
        ORDER BY channel_account_id, chat_id, seq
        LIMIT 1000`;
      for (const s of sends)
        await jobs.enqueue(
          'outbound.send',
          { outboundId: s.id, channelAccountId: s.channel_account_id },
          { jobId: `outbound-sweep-${s.id}-${stamp}` },
        );
      // Outgoing webhook deliveries due (real time, like their retries) whose job was lost.
      const webhooks = await requeueDueDeliveries({ db, jobs }, systemClock.now());
      return { reminders: due.length, chats: requeued, sends: sends.length, webhooks, released: released.length };
    },
  };
}
