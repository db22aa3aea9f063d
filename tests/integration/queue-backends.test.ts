// The engine on both queue backends, Redis and PostgreSQL (BullMQ's PostgreSQL backend, used when no
// REDIS_URL is set): the same scenarios must hold on each. Messages are answered exactly once and in
// order per chat with about one job per message (the queue carries every turn here: the process does
// not run its own messages' turns outside it, runHere false); a delayed reminder job fires when its delay is over; the
// sweep, on its BullMQ schedule, takes again a message whose job was lost.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInbox, inboundJobId } from '../../bot/engine/inbox.ts';
import type { JobName } from '../../core/jobs/job-map.ts';
import { noMetrics } from '../../core/shared/metrics.ts';
import { LAYLA, startTestNova, type TestNova, type TestQueue } from '../support/nova.ts';
import { ascending, turnsByChat } from '../support/turn-order.ts';

const CHATS = 20;
const PER_CHAT = 10;

/** Jobs of a queue that exist (queued, running or kept finished): none is removed below 1,000 a day. */
async function jobsOf(nova: TestNova, name: JobName): Promise<number> {
  const counts = await nova.runtime.jobs
    .queue(name)
    .getJobCounts('active', 'waiting', 'delayed', 'prioritized', 'completed', 'failed');
  return Object.values(counts).reduce((a, b) => a + b, 0);
}

async function until<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 60_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe.each<TestQueue>(['redis', 'postgres'])('the engine on the %s queue backend', (queue) => {
  describe('a conversation in many chats', () => {
    let nova: TestNova;
    beforeAll(async () => {
      nova = await startTestNova({ queue, runHere: false });
    });
    afterAll(async () => nova?.close());

    it(`answers ${CHATS} chats × ${PER_CHAT} messages once each, in order per chat, with about one job per message`, async () => {
      expect(nova.runtime.jobs.backend).toBe(queue);
      const phones = Array.from({ length: CHATS }, (_, i) => `+9665577700${String(i).padStart(2, '0')}`);
      for (let n = 0; n < PER_CHAT; n++) {
        await Promise.all(phones.map((phone) => nova.chat.send(phone, n % 2 ? 'شكرا' : 'hi')));
      }
      await nova.chat.settle(120_000);

      const rows = await nova.db.inboundMessage.findMany({
        where: { channelAccountId: nova.account.id },
        select: { id: true, chatId: true, status: true, seq: true },
      });
      expect(rows).toHaveLength(CHATS * PER_CHAT);
      expect(rows.filter((r) => r.status !== 'processed')).toEqual([]);
      // Each message's replies are written by its turn under keys that start with its id: one turn per
      // message, and turns in the order the messages came.
      for (const turns of (await turnsByChat(nova.db, nova.account.id, phones)).values()) {
        expect(turns).toHaveLength(PER_CHAT);
        expect(turns).toEqual(ascending(turns));
      }

      // A job run twice (at-least-once delivery) answers nothing more.
      const before = await nova.db.outboundMessage.count({ where: { channelAccountId: nova.account.id } });
      const [first] = rows;
      await nova.runtime.jobs.enqueue(
        'inbound.process',
        { inboundId: first!.id, chatKey: `${nova.account.id}:${first!.chatId}` },
        { jobId: `${inboundJobId(first!.id)}-again` },
      );
      await nova.chat.settle();
      expect(await nova.db.outboundMessage.count({ where: { channelAccountId: nova.account.id } })).toBe(before);

      const jobs = (await jobsOf(nova, 'inbound.process')) - 1;
      expect(jobs).toBeGreaterThanOrEqual(CHATS * PER_CHAT);
      expect(jobs).toBeLessThanOrEqual(1.1 * CHATS * PER_CHAT);
    }, 180_000);
  });

  describe('a delayed reminder', () => {
    let nova: TestNova;
    beforeAll(async () => {
      // The scheduled sweep would fire a due reminder too: here it runs at start and then once a day.
      nova = await startTestNova({ queue, now: '2026-11-22T09:30:00+03:00', sweepEveryMs: 86_400_000 });
    });
    afterAll(async () => nova?.close());

    it('fires a reminder from a delayed job once its delay is over', async () => {
      const ack = await nova.chat.say(LAYLA, 'remind me to call Ahmed in 2 hours');
      expect(ack[0]!.text).toContain('call Ahmed');
      const reminder = await nova.db.reminder.findFirstOrThrow({ where: { status: 'pending' } });
      const scheduled = `reminder-${reminder.id}-${reminder.dueAt.getTime()}`;
      const reminders = nova.runtime.jobs.queue('reminder.fire');
      expect(await (await reminders.getJob(scheduled))?.getState()).toBe('delayed');

      // The same reminder through a job delayed by a second and a half: it waits, then fires.
      await nova.runtime.jobs.enqueue('reminder.fire', { reminderId: reminder.id }, { jobId: 'soon', delayMs: 1_500 });
      expect(await (await reminders.getJob('soon'))?.getState()).toBe('delayed');
      expect(await nova.runtime.jobs.isQueued?.('reminder.fire', 'soon')).toBe(true);
      nova.clock.set(reminder.dueAt);
      const fired = await until(async () => {
        const replies = await nova.chat.takeReplies();
        return replies.length ? replies : undefined;
      }, 'the reminder');
      expect(fired.map((r) => [r.to, r.text])).toEqual([[LAYLA, '⏰ Reminder: call Ahmed']]);
      await until(
        async () => ((await (await reminders.getJob('soon'))?.getState()) === 'completed' ? true : undefined),
        'the delayed job to complete',
      );
      expect(await nova.db.reminder.findUniqueOrThrow({ where: { id: reminder.id } })).toMatchObject({
        status: 'sent',
      });
    });
  });

  describe('a request its client is still describing', () => {
    let nova: TestNova;
    let matchingQueued = 0;
    beforeAll(async () => {
      nova = await startTestNova({
        queue,
        metrics: {
          ...noMetrics,
          jobQueued: (name) => {
            if (name === 'matching.run') matchingQueued++;
          },
        },
      });
    });
    afterAll(async () => nova?.close());

    it('is matched once, after its last detail, not once a message', async () => {
      const client = '+966557771234';
      for (const text of ['ابي شقة للايجار بالرياض', 'حي الملقا', 'ميزانيتي ٦٠ ألف']) {
        await nova.chat.send(client, text);
      }
      // Not settle(): it would run the waiting matching run at once. Each of the three turns asks
      // for a matching run once it has committed.
      await until(async () => (matchingQueued === 3 ? true : undefined), 'the three turns');
      const request = await nova.db.request.findFirstOrThrow({ where: { customer: { phone: client } } });
      expect(request).toMatchObject({ districts: ['الملقا'], priceMax: 60_000 });

      const matching = nova.runtime.jobs.queue('matching.run');
      const delayed = await matching.getDelayed();
      expect(delayed.map((job) => job.data)).toEqual([{ kind: 'request', id: request.id }]);
      expect(await jobsOf(nova, 'matching.run')).toBe(1);
      await delayed[0]!.promote();
      await until(
        async () => ((await matching.getJobCounts('completed')).completed === 1 ? true : undefined),
        'the matching run',
      );
      expect(await jobsOf(nova, 'matching.run')).toBe(1);
    });
  });

  describe('the sweep', () => {
    let nova: TestNova;
    beforeAll(async () => {
      nova = await startTestNova({ queue, sweepEveryMs: 500 });
    });
    afterAll(async () => nova?.close());

    it('takes again, on its schedule, a message whose job was lost', async () => {
      // A message stored while its job went missing (a Redis flush, a crash between commit and enqueue).
      const lostJobs = createInbox({ db: nova.db, jobs: { async enqueue() {}, async close() {} } });
      const { id } = await lostJobs.accept({
        channelAccountId: nova.account.id,
        externalId: 'lost-job-1',
        chatId: LAYLA,
        sender: { externalId: LAYLA, phone: LAYLA },
        kind: 'text',
        text: 'hi',
      });
      await nova.db.inboundMessage.update({ where: { id }, data: { receivedAt: new Date(Date.now() - 60_000) } });
      expect(await nova.runtime.jobs.isQueued?.('inbound.process', inboundJobId(id))).toBe(false);

      const answered = await until(async () => {
        const row = await nova.db.inboundMessage.findUniqueOrThrow({ where: { id } });
        return row.status === 'processed' ? row : undefined;
      }, 'the sweep to take the message again');
      expect(answered.status).toBe('processed');
      const replies = await nova.db.outboundMessage.findMany({ where: { idempotencyKey: { startsWith: id } } });
      expect(replies.length).toBeGreaterThan(0);
      // The sweep ran as a job of its BullMQ schedule (this test never runs it by hand).
      expect(await jobsOf(nova, 'reminder.sweep')).toBeGreaterThan(1);
    });
  });
});
