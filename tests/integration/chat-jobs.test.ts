// One chat, one consumer: a backlog is drained by the chats' holders without polling. A job that
// finds its chat busy ends (the holder takes its message), and the sweep adds nothing for a chat whose
// job is still queued, so the jobs created stay about one per message (issue 17).
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queueName } from '../../core/jobs/bullmq.queue.ts';
import { startTestNova, type TestNova } from '../support/nova.ts';
import { ascending, turnsByChat } from '../support/turn-order.ts';

const CHATS = 10;
const PER_CHAT = 100;
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

let nova: TestNova;
beforeAll(async () => {
  // Redis: the jobs added are counted from BullMQ's Redis event stream (both backends: queue-backends.test.ts).
  nova = await startTestNova({ workers: false, queue: 'redis' });
});
afterAll(async () => nova?.close());

/** Jobs ever added to the inbound queue, from BullMQ's event stream (kept up to 10,000 events). */
async function inboundJobsAdded(prefix: string): Promise<number> {
  const redis = new Redis(REDIS_URL);
  try {
    const events = await redis.xrange(`${prefix}:${queueName('inbound.process')}:events`, '-', '+');
    return events.filter(([, fields]) => fields[0] === 'event' && fields[1] === 'added').length;
  } finally {
    await redis.quit();
  }
}

describe('a message that broke its worker five times', () => {
  it('is given up with an apology and a reference, and the chat moves on', async () => {
    const phone = '+966558880099';
    const { id } = await nova.chat.send(phone, 'hi');
    await nova.db.inboundMessage.update({
      where: { id },
      data: { attempts: 5, status: 'processing', claimedAt: new Date(Date.now() - 60_000) },
    });
    await nova.runtime.handlers['inbound.process']!(
      { inboundId: id, chatKey: `${nova.account.id}:${phone}` },
      { attempt: 1 },
    );
    expect(await nova.db.inboundMessage.findUnique({ where: { id } })).toMatchObject({ status: 'failed', attempts: 5 });
    const replies = await nova.db.outboundMessage.findMany({ where: { chatId: phone } });
    expect(replies.map((r) => r.idempotencyKey)).toEqual([`${id}:error:0`]);
    expect((replies[0]!.payload as { text: string }).text).toMatch(/[0-9a-f]{8}/);
  });
});

describe('a backlog of chats', () => {
  it('drains 1,000 messages in 10 chats, in order, with no more than 1,100 jobs, while the sweep runs', async () => {
    const phones = Array.from({ length: CHATS }, (_, i) => `+9665588800${String(i).padStart(2, '0')}`);
    for (let n = 0; n < PER_CHAT; n++) {
      for (const phone of phones) await nova.chat.send(phone, n % 2 ? 'شكرا' : 'hi');
    }
    // (one more job: the given-up message's, above)
    expect(await inboundJobsAdded(nova.queuePrefix)).toBe(CHATS * PER_CHAT + 1);

    await nova.runtime.startWorkers({ concurrency: 4 });
    // The sweep runs again and again during the drain, with every message counting as stale: it must
    // not queue a second job for a chat whose job is still waiting.
    let draining = true;
    const sweeping = (async () => {
      while (draining) {
        await nova.runtime.sweep.run({ staleAfterMs: 0 });
        await new Promise((r) => setTimeout(r, 100));
      }
    })();
    await nova.chat.settle(240_000);
    draining = false;
    await sweeping;

    const rows = await nova.db.inboundMessage.findMany({
      where: { channelAccountId: nova.account.id, chatId: { in: phones } },
      select: { status: true },
    });
    expect(rows).toHaveLength(CHATS * PER_CHAT);
    expect(rows.filter((r) => r.status !== 'processed' && r.status !== 'ignored')).toEqual([]);
    // In order per chat: replies are written in the turn, under keys that start with the message's
    // id; read in the order they were written, their messages' arrival order only goes up.
    for (const turns of (await turnsByChat(nova.db, nova.account.id, phones)).values()) {
      expect(turns).toHaveLength(PER_CHAT);
      expect(turns).toEqual(ascending(turns));
    }
    const added = await inboundJobsAdded(nova.queuePrefix);
    expect(added - 1).toBeGreaterThanOrEqual(CHATS * PER_CHAT);
    expect(added - 1).toBeLessThanOrEqual(1.1 * CHATS * PER_CHAT);
  }, 300_000);
});
