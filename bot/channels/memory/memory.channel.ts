// The in-memory channel: a chat driven by code, for tests and the scenario runner. Messages go in
// through the real inbox and queues; replies are the outbound rows of the chat (this channel is
// delivered by the database). `settle()` waits until every queued turn, send and due reminder is done,
// and runs a matching run that waits for quiet at once.
import type { JobName } from '../../../core/jobs/job-map.ts';
import type { Runtime } from '../../engine/runtime.ts';
import type { Choice, InboundMessage, OutboundMessage } from '../../types.ts';

export interface Reply {
  seq: bigint;
  to: string;
  text: string;
  choices?: Choice[];
  message: OutboundMessage;
}

const BUSY_QUEUES: Array<[JobName, Array<'active' | 'waiting' | 'delayed' | 'prioritized'>]> = [
  ['inbound.process', ['active', 'waiting', 'delayed', 'prioritized']],
  ['outbound.send', ['active', 'waiting', 'delayed', 'prioritized']],
  ['matching.run', ['active', 'waiting', 'delayed', 'prioritized']],
  // Reminder jobs wait (delayed) until their time: only running ones count as work in progress.
  ['reminder.fire', ['active', 'waiting', 'prioritized']],
  ['digest.office', ['active', 'waiting', 'delayed', 'prioritized']],
  ['digest.broker', ['active', 'waiting', 'delayed', 'prioritized']],
  ['owners.office', ['active', 'waiting', 'delayed', 'prioritized']],
];

export function createMemoryChannel(runtime: Runtime, channelAccountId: string) {
  let counter = 0;
  let lastSeq = 0n;
  /** rows written held by quiet hours: given by takeReplies once the sweep released them */
  const held = new Set<string>();
  const { db } = runtime;

  async function busy(): Promise<boolean> {
    const [inbound, outbound] = await Promise.all([
      db.inboundMessage.count({ where: { channelAccountId, status: { in: ['received', 'processing'] } } }),
      // A message held by quiet hours is not work in progress: the sweep releases it at their end (runDue).
      db.outboundMessage.count({
        where: { channelAccountId, status: { in: ['pending', 'sending'] }, notBefore: null },
      }),
    ]);
    if (inbound || outbound) return true;
    // A request's matching run waits for its chat to go quiet (MATCH_QUIET_MS): settling is that quiet.
    for (const job of await runtime.jobs.queue('matching.run').getDelayed()) {
      await job.promote().catch(() => {}); // it may have started meanwhile
    }
    for (const [name, states] of BUSY_QUEUES) {
      const counts = await runtime.jobs.queue(name).getJobCounts(...states);
      if (Object.values(counts).some((n) => n > 0)) return true;
    }
    return false;
  }

  return {
    channelAccountId,
    /** Sends a message as `from` (an E.164 phone). Returns the inbox row id and whether it was a repeat. */
    async send(from: string, text: string, extra: Partial<InboundMessage> & { name?: string } = {}) {
      const { name, ...rest } = extra;
      return runtime.inbox.accept({
        channelAccountId,
        externalId: rest.externalId ?? `mem-${Date.now()}-${++counter}`,
        chatId: from,
        sender: { externalId: from, phone: from, displayName: name },
        kind: 'text',
        text,
        ...rest,
      });
    },

    /** Waits until nothing is queued or running for this channel (twice in a row, to be sure). */
    async settle(timeoutMs = 30_000) {
      const started = Date.now();
      let quiet = 0;
      while (quiet < 2) {
        if (Date.now() - started > timeoutMs) throw new Error('memory channel did not settle in time');
        quiet = (await busy()) ? 0 : quiet + 1;
        await new Promise((r) => setTimeout(r, 15));
      }
    },

    /** Fires whatever is due by the runtime's clock (reminders, held messages, the morning digest), then settles. */
    async runDue() {
      await runtime.sweep.run();
      await runtime.digest.tick();
      await this.settle();
    },

    /**
     * Every reply sent on this channel after the last call, in order (to any chat). A message held by
     * quiet hours comes with the call after its release, as it is sent then.
     */
    async takeReplies(): Promise<Reply[]> {
      const rows = await db.outboundMessage.findMany({
        where: { channelAccountId, seq: { gt: lastSeq } },
        orderBy: { seq: 'asc' },
      });
      if (rows.length) lastSeq = rows.at(-1)!.seq;
      const released = held.size
        ? await db.outboundMessage.findMany({ where: { id: { in: [...held] }, notBefore: null } })
        : [];
      for (const row of released) held.delete(row.id);
      const fresh = rows.filter((row) => {
        if (row.notBefore === null) return true;
        held.add(row.id);
        return false;
      });
      return [...released, ...fresh]
        .sort((a, b) => (a.seq < b.seq ? -1 : a.seq > b.seq ? 1 : 0))
        .map((row) => {
          const message = row.payload as unknown as OutboundMessage;
          return { seq: row.seq, to: row.chatId, text: message.text, choices: message.choices, message };
        });
    },

    /** Sends, settles, and returns the replies to `from`. */
    async say(from: string, text: string, extra?: Partial<InboundMessage> & { name?: string }) {
      await this.send(from, text, extra);
      await this.settle();
      return (await this.takeReplies()).filter((r) => r.to === from);
    },
  };
}

export type MemoryChannel = ReturnType<typeof createMemoryChannel>;
