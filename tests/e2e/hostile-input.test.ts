// Issue 18's failures, each reproduced through the whole engine: an unstorable message (NUL, a lone
// surrogate, bidi controls) no longer blocks its chat or the messages behind it; two jobs never send one
// reply; the sweep comes back by itself after the queue's keys are lost.
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptEach } from '../../bot/engine/inbox.ts';
import { createOutbox, mapRegistry, SEND_LEASE_MS, UNSURE_SEND_WAIT_MS } from '../../bot/engine/outbox.ts';
import { type ChannelAdapter, type InboundMessage, UnsureSendError } from '../../bot/types.ts';
import type { JobQueue } from '../../core/jobs/job-map.ts';
import { silentLogger } from '../../core/shared/logger.ts';
import { SAAD, startTestNova, type TestNova } from '../support/nova.ts';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
let nova: TestNova;
beforeAll(async () => {
  // Redis: a test below deletes the queue's Redis keys.
  nova = await startTestNova({ now: '2026-11-22T09:30:00+03:00', sweepEveryMs: 500, queue: 'redis' });
});
afterAll(async () => {
  await nova?.close();
});

async function until(check: () => Promise<boolean>, what: string) {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > 30_000) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const inbound = (externalId: string, from: string, text: string, name?: string): InboundMessage => ({
  channelAccountId: nova.account.id,
  externalId,
  chatId: from,
  sender: { externalId: from, phone: from, displayName: name },
  kind: 'text',
  text,
});

describe('a message PostgreSQL would refuse', () => {
  it('is stored without NUL and lone surrogates, answered, and the chat goes on', async () => {
    const client = '+966555550101';
    const poison = 'مرحبا\u0000 ابي شقة\uD800 بالرياض';
    const result = await acceptEach(
      nova.runtime.inbox,
      [inbound('poison-1', client, poison, '\u202Eأبو\u0000 فهد\u202C'), inbound('after-1', client, 'شكرا')],
      silentLogger,
    );
    expect(result).toEqual({ stored: 2, quarantined: 0 });
    await nova.chat.settle();
    const rows = await nova.db.inboundMessage.findMany({
      where: { externalId: { in: ['poison-1', 'after-1'] } },
      orderBy: { seq: 'asc' },
    });
    expect(rows.map((r) => r.status)).toEqual(['processed', 'processed']);
    const stored = rows[0]!.payload as unknown as InboundMessage;
    expect(stored.text).toBe('مرحبا ابي شقة بالرياض');
    expect(stored.sender.displayName).toBe('أبو فهد');
    const contact = await nova.db.contact.findFirstOrThrow({ where: { phone: client } });
    expect(contact.displayName).toBe('أبو فهد');
    const replies = await nova.chat.takeReplies();
    expect(replies.filter((r) => r.to === client).length).toBeGreaterThanOrEqual(2);
  });

  it('a message the database refuses for another reason is quarantined and the batch goes on', async () => {
    const refusing = {
      async accept(message: InboundMessage) {
        if (message.externalId === 'bad') throw Object.assign(new Error('invalid input'), { code: '22021' });
        return nova.runtime.inbox.accept(message);
      },
    };
    const result = await acceptEach(
      refusing,
      [inbound('bad', '+966555550102', 'x'), inbound('good', '+966555550102', 'مرحبا')],
      silentLogger,
    );
    expect(result).toEqual({ stored: 1, quarantined: 1 });
    expect(await nova.db.inboundMessage.count({ where: { externalId: 'good' } })).toBe(1);
  });

  it('a batch whose one-statement insert is refused is stored one by one, and only the bad message is quarantined', async () => {
    const refusing = {
      async acceptMany(): Promise<{ stored: number; duplicates: number }> {
        throw Object.assign(new Error('invalid byte sequence'), { code: '22021' });
      },
      async accept(message: InboundMessage) {
        if (message.externalId === 'bad-2') throw Object.assign(new Error('invalid input'), { code: '22021' });
        return nova.runtime.inbox.accept(message);
      },
    };
    const result = await acceptEach(
      refusing,
      [
        inbound('good-2a', '+966555550104', 'مرحبا'),
        inbound('bad-2', '+966555550104', 'x'),
        inbound('good-2b', '+966555550104', 'شكرا'),
      ],
      silentLogger,
    );
    expect(result).toEqual({ stored: 2, quarantined: 1 });
    const rows = await nova.db.inboundMessage.findMany({
      where: { externalId: { in: ['good-2a', 'bad-2', 'good-2b'] } },
      orderBy: { seq: 'asc' },
    });
    expect(rows.map((r) => r.externalId)).toEqual(['good-2a', 'good-2b']);
  });

  it('stores a batch of one account in one statement, in order, and a repeated batch not twice', async () => {
    const batch = Array.from({ length: 50 }, (_, i) =>
      inbound(`batch-${i}`, `+9665555502${String(i % 5).padStart(2, '0')}`, `رسالة ${i}`),
    );
    expect(await acceptEach(nova.runtime.inbox, batch, silentLogger)).toEqual({ stored: 50, quarantined: 0 });
    expect(await nova.runtime.inbox.acceptMany(batch)).toEqual({ stored: 0, duplicates: 50 });
    const rows = await nova.db.inboundMessage.findMany({
      where: { externalId: { startsWith: 'batch-' } },
      orderBy: { seq: 'asc' },
      select: { externalId: true },
    });
    expect(rows.map((r) => r.externalId)).toEqual(batch.map((m) => m.externalId));
    await nova.chat.settle();
  });

  it('an unreachable database stops the batch, so that the channel delivers it again', async () => {
    const away = {
      async accept(): Promise<{ id: string; duplicate: boolean }> {
        throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
      },
    };
    await expect(acceptEach(away, [inbound('x', '+966555550103', 'x')], silentLogger)).rejects.toThrow(/ECONNREFUSED/);
  });
});

/** A channel without buttons or media, as the outbox's tests need it. */
const PLAIN_CHANNEL = {
  kind: 'telegram' as const,
  capabilities: { maxChoices: 0, media: false, documents: false, location: false },
};

/**
 * A Telegram account of its own with one reply waiting to be sent, and outboxes that send it through
 * a given adapter (each outbox as another process would have it).
 */
async function waitingReply(bot: string, chatId: string, text = 'مرحبا') {
  const account = await nova.db.channelAccount.create({
    data: { organizationId: nova.organizationId, kind: 'telegram', externalId: bot },
  });
  const row = await nova.db.outboundMessage.create({
    data: {
      organizationId: nova.organizationId,
      channelAccountId: account.id,
      chatId,
      idempotencyKey: `${bot}:1`,
      payload: { text },
    },
  });
  const outboxWith = (adapter: ChannelAdapter, jobs: JobQueue = nova.runtime.jobs) => {
    const adapters = mapRegistry();
    adapters.set(account.id, adapter);
    return createOutbox({ db: nova.db, clock: nova.clock, jobs, adapters });
  };
  return { row, outboxWith };
}

describe('a reply is sent once', () => {
  it('two send jobs for one row send it once: the second finds it claimed', async () => {
    let sends = 0;
    let release!: () => void;
    const slow: ChannelAdapter = {
      ...PLAIN_CHANNEL,
      async send() {
        sends += 1;
        await new Promise<void>((resolve) => {
          release = resolve;
        });
        return { externalId: `m${sends}` };
      },
    };
    const { row, outboxWith } = await waitingReply('claim-bot', '7');
    const outbox = outboxWith(slow);
    const first = outbox.send(row.id);
    await until(async () => sends === 1, 'the first send');
    await outbox.send(row.id); // a duplicate job, or the sweep's, while the first is sending
    release();
    await first;
    expect(sends).toBe(1);
    const after = await nova.db.outboundMessage.findUniqueOrThrow({ where: { id: row.id } });
    expect(after).toMatchObject({ status: 'sent', attempts: 1, externalId: 'm1' });
  });
});

describe('a send that may have gone out is not sent again at once', () => {
  it('a send with no answer stays claimed until its wait ends, then goes out again', async () => {
    let sends = 0;
    const unsure: ChannelAdapter = {
      ...PLAIN_CHANNEL,
      async send() {
        sends += 1;
        if (sends === 1) throw new UnsureSendError('no answer in time (TimeoutError)');
        return { externalId: `m${sends}` };
      },
    };
    const { row, outboxWith } = await waitingReply('unsure-bot', '8');
    // The jobs the outbox queues for later, kept here rather than left in the shared queue.
    const queued: Array<{ outboundId: string; delayMs?: number }> = [];
    const jobs: JobQueue = {
      async enqueue(_name, data, options) {
        queued.push({ outboundId: (data as { outboundId: string }).outboundId, delayMs: options?.delayMs });
      },
      async close() {},
    };
    const outbox = outboxWith(unsure, jobs);
    await outbox.send(row.id);
    expect(queued).toEqual([{ outboundId: row.id, delayMs: UNSURE_SEND_WAIT_MS + 1_000 }]);
    const held = await nova.db.outboundMessage.findUniqueOrThrow({ where: { id: row.id } });
    expect(held).toMatchObject({ status: 'sending', attempts: 1, lastError: expect.stringContaining('TimeoutError') });
    // Its lease now ends UNSURE_SEND_WAIT_MS from now, not SEND_LEASE_MS.
    const leaseEnds = held.updatedAt.getTime() + SEND_LEASE_MS;
    expect(Math.abs(leaseEnds - (Date.now() + UNSURE_SEND_WAIT_MS))).toBeLessThan(10_000);
    await outbox.send(row.id); // the queue's retry, or the sweep's, before the wait ends
    expect(sends).toBe(1);
    // The wait is over and no delivery status came: it goes out again, once.
    await nova.db.outboundMessage.update({
      where: { id: row.id },
      data: { updatedAt: new Date(Date.now() - SEND_LEASE_MS - 1_000) },
    });
    await outbox.send(row.id);
    expect(sends).toBe(2);
    expect(await nova.db.outboundMessage.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({
      status: 'sent',
      attempts: 2,
      externalId: 'm2',
    });
  });

  it('a message cut between its parts resumes after the parts already out, in another process', async () => {
    const shown: number[] = [];
    // Two processes' adapters: the first dies (throws) after its first part; the second knows only the row.
    const adapter = (dies: boolean): ChannelAdapter => ({
      ...PLAIN_CHANNEL,
      async send(_chat, _message, meta) {
        for (let part = meta.partsSent ?? 0; part < 3; part++) {
          if (dies && part === 1) throw new Error('process killed');
          shown.push(part);
          if (part < 2) await meta.onPartSent?.(part + 1);
        }
        return { externalId: 'last' };
      },
    });
    const { row, outboxWith } = await waitingReply('parts-bot', '9', 'صورة ثم نص');
    await expect(outboxWith(adapter(true)).send(row.id)).rejects.toThrow('process killed');
    expect(await nova.db.outboundMessage.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({
      status: 'pending',
      partsSent: 1,
    });
    await outboxWith(adapter(false)).send(row.id);
    expect(shown).toEqual([0, 1, 2]);
    expect((await nova.db.outboundMessage.findUniqueOrThrow({ where: { id: row.id } })).status).toBe('sent');
  });
});

describe('the sweep survives the loss of the queue', () => {
  it('a reminder due after the queue lost its keys fires without a restart', async () => {
    await nova.chat.say(SAAD, 'ذكرني بعد ساعة أتصل بالبنك');
    const redis = new Redis(REDIS_URL);
    try {
      const keys = await redis.keys(`${nova.queuePrefix}:*`);
      expect(keys.length).toBeGreaterThan(0);
      await redis.del(...keys); // the delayed reminder job and the sweep's schedule are gone
    } finally {
      await redis.quit();
    }
    nova.clock.set('2026-11-22T10:31:00+03:00');
    const task = await nova.db.task.findFirstOrThrow({ where: { title: { contains: 'البنك' } } });
    await until(
      async () => (await nova.db.reminder.count({ where: { status: 'sent', taskId: task.id } })) === 1,
      'the reminder',
    );
    await until(async () => (await nova.chat.takeReplies()).some((r) => r.text.includes('أتصل بالبنك')), 'its message');
  });
});

describe('what a client sends cannot poison its dialog', () => {
  it('a choice id that was not offered is refused, and the question still waits for its answer', async () => {
    const asked = await nova.chat.say(SAAD, 'سجل طلب للايجار بالرياض');
    expect(asked.at(-1)?.choices?.map((c) => c.id)).toContain('villa');
    const forged = await nova.chat.say(SAAD, 'فيلا', { kind: 'choice', choiceId: "villa'; DROP TABLE requests;--" });
    expect(forged.map((r) => r.text).join('\n')).toContain('هذا الخيار ما عاد متاح');
    const before = await nova.db.request.count();
    const filed = await nova.chat.say(SAAD, 'فيلا', { kind: 'choice', choiceId: 'villa' });
    expect(filed.map((r) => r.text).join('\n')).toContain('سجلت الطلب');
    expect(await nova.db.request.count()).toBe(before + 1);
  });

  it("a refused choice is answered in the chat's language", async () => {
    const client = '+966555550177';
    await nova.chat.say(client, 'hello, I am looking for an apartment to rent in Riyadh');
    const forged = await nova.chat.say(client, '', { kind: 'choice', choiceId: 'x:1 OR 1=1' });
    expect(forged.map((r) => r.text).join('\n')).toMatch(/no longer available/);
  });

  it('an amount no column holds gets a clear answer, and the deal is recorded once it is right', async () => {
    const asked = await nova.chat.say(SAAD, 'تم بيع فيلا النرجس');
    expect(asked.map((r) => r.text).join('\n')).toMatch(/المبلغ|كم/);
    const huge = await nova.chat.say(SAAD, '99999999999');
    expect(huge.map((r) => r.text).join('\n')).toContain('المبلغ كبير جداً');
    const right = await nova.chat.say(SAAD, 'بمليونين');
    expect(right.map((r) => r.text).join('\n')).toMatch(/٢٬?٠٠٠٬?٠٠٠|2,000,000/);
  });

  it('a reference number no column holds names no property, and the turn does not fail', async () => {
    const r = await nova.chat.say(SAAD, 'خلصت مهمة 99999999999');
    expect(r.map((x) => x.text).join('\n')).not.toMatch(/خلل|error/i);
    const sale = await nova.chat.say(SAAD, 'تم بيع العقار رقم 99999999999 بمليون');
    expect(sale.map((x) => x.text).join('\n')).not.toMatch(/خلل|error/i);
  });
});
