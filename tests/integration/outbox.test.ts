// The outbox against adapters that say "later", "never" or "skip": nothing is dropped, nothing sent
// twice, and a permanent refusal does not retry forever.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mapRegistry } from '../../bot/engine/outbox.ts';
import { type ChannelAdapter, type OutboundMessage, RetryLaterError } from '../../bot/types.ts';
import { startTestNova, type TestNova } from '../support/nova.ts';

const adapters = mapRegistry();
const sent: Array<{ chatId: string; text: string; key: string }> = [];
let behaviour: (message: OutboundMessage, attempt: number) => Promise<{ externalId?: string; skipped?: string }>;
const attempts = new Map<string, number>();

const fake: ChannelAdapter = {
  kind: 'telegram',
  capabilities: { maxChoices: 0, media: false, documents: false, location: false },
  async send(chatId, message, { idempotencyKey }) {
    const n = (attempts.get(idempotencyKey) ?? 0) + 1;
    attempts.set(idempotencyKey, n);
    const result = await behaviour(message, n);
    if (!result.skipped) sent.push({ chatId, text: message.text, key: idempotencyKey });
    return result;
  },
};

let nova: TestNova;
let accountId: string;
beforeAll(async () => {
  nova = await startTestNova({ adapters });
  const account = await nova.db.channelAccount.create({
    data: { organizationId: nova.organizationId, kind: 'telegram', externalId: 'fake-bot' },
  });
  accountId = account.id;
  adapters.set(accountId, fake);
});
afterAll(async () => {
  await nova?.close();
});

/** A row written but not queued (as if its job were waiting behind a paced one). */
async function written(text: string, payload: object, chatId = '43') {
  return nova.db.outboundMessage.create({
    data: {
      organizationId: nova.organizationId,
      channelAccountId: accountId,
      chatId,
      idempotencyKey: `t:${text}`,
      payload: payload as object,
    },
  });
}
const asNotice = (text: string) => ({ text, notification: { kind: 'notice', params: [text] } });

async function outbound(text: string) {
  const row = await nova.db.outboundMessage.create({
    data: {
      organizationId: nova.organizationId,
      channelAccountId: accountId,
      chatId: '42',
      idempotencyKey: `t:${text}`,
      payload: { text },
    },
  });
  await nova.runtime.jobs.enqueue('outbound.send', { outboundId: row.id }, { jobId: `outbound-${row.id}` });
  return row.id;
}

async function until(check: () => Promise<boolean>) {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > 15_000) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('outbox', () => {
  it('sends again after a "retry later" and delivers exactly once', async () => {
    behaviour = async (_m, n) => {
      if (n === 1) throw new RetryLaterError(100);
      return { externalId: 'x1' };
    };
    const id = await outbound('later');
    await until(async () => (await nova.db.outboundMessage.findUniqueOrThrow({ where: { id } })).status === 'sent');
    expect(sent.filter((s) => s.text === 'later')).toHaveLength(1);
    expect(attempts.get('t:later')).toBe(2);
  });

  it('fails a permanently refused message at once', async () => {
    behaviour = async () => {
      throw Object.assign(new Error('recipient not on WhatsApp'), { permanent: true });
    };
    const id = await outbound('never');
    await until(async () => (await nova.db.outboundMessage.findUniqueOrThrow({ where: { id } })).status === 'failed');
    await new Promise((r) => setTimeout(r, 300));
    expect(attempts.get('t:never')).toBe(1);
    expect((await nova.db.outboundMessage.findUniqueOrThrow({ where: { id } })).lastError).toContain('not on WhatsApp');
  });

  it('records a deliberately skipped message as cancelled with the reason', async () => {
    behaviour = async () => ({ skipped: 'outside the window' });
    const id = await outbound('skip');
    await until(
      async () => (await nova.db.outboundMessage.findUniqueOrThrow({ where: { id } })).status === 'cancelled',
    );
    expect((await nova.db.outboundMessage.findUniqueOrThrow({ where: { id } })).lastError).toBe(
      'skipped: outside the window',
    );
  });
});

describe('outbox order', () => {
  it('has the sweep queue one send per chat, its first waiting row, and that send takes the rest in order', async () => {
    behaviour = async (message) => ({ externalId: message.text });
    const rows = [
      await written('s1', { text: 's1' }, '61'),
      await written('s2', { text: 's2' }, '61'),
      await written('s3', { text: 's3' }, '61'),
    ];
    const ids = rows.map((r) => r.id);
    // Lost jobs: the rows waited past the sweep's staleness (30 s).
    await nova.db.outboundMessage.updateMany({
      where: { id: { in: ids } },
      data: { updatedAt: new Date(Date.now() - 60_000) },
    });
    await nova.runtime.sweep.run();
    const queued = (
      await nova.runtime.jobs.queue('outbound.send').getJobs(['waiting', 'active', 'completed', 'delayed'])
    )
      .map((job) => (job.data as { outboundId: string }).outboundId)
      .filter((id) => ids.includes(id));
    expect(queued).toEqual([ids[0]]);
    await until(
      async () => (await nova.db.outboundMessage.count({ where: { id: { in: ids }, status: 'sent' } })) === 3,
    );
    expect(sent.filter((s) => s.chatId === '61').map((s) => s.text)).toEqual(['s1', 's2', 's3']);
  });

  it('sends the messages of one chat in the order they were written, even when the first is slow', async () => {
    const order: string[] = [];
    behaviour = async (message) => {
      if (message.text === 'first') await new Promise((r) => setTimeout(r, 300));
      order.push(message.text);
      return { externalId: message.text };
    };
    const ids = [await outbound('first'), await outbound('second'), await outbound('third')];
    await until(
      async () => (await nova.db.outboundMessage.count({ where: { id: { in: ids }, status: 'sent' } })) === 3,
    );
    expect(order).toEqual(['first', 'second', 'third']);
  });

  it.each([
    ['naming its channel account (claimed in its first statement)', true],
    ['of the older shape (the row read first)', false],
  ])(
    'sends a row whose earlier row is being ended at that moment, once that ends, not leaving it to the sweep: a job %s',
    async (_shape, named) => {
      behaviour = async (message) => ({ externalId: message.text });
      const chat = named ? '71' : '72';
      // The earlier row is another job's (sending); that job is ending it right now, in a statement whose
      // snapshot did not see the later row (finish() reads the chat's next row in the same statement).
      const earlier = await written(`e1-${chat}`, { text: 'e1' }, chat);
      const later = await written(`e2-${chat}`, { text: 'e2' }, chat);
      await nova.db.outboundMessage.update({ where: { id: earlier.id }, data: { status: 'sending' } });
      let ending!: () => void;
      const ended = new Promise<void>((resolve) => {
        ending = resolve;
      });
      const finishing = nova.db.$transaction(async (tx) => {
        await tx.outboundMessage.update({ where: { id: earlier.id }, data: { status: 'sent', sentAt: new Date() } });
        await ended;
      });
      await new Promise((r) => setTimeout(r, 100));
      const job = named ? { outboundId: later.id, channelAccountId: accountId } : { outboundId: later.id };
      const send = nova.runtime.handlers['outbound.send']!(job, { attempt: 1 });
      await new Promise((r) => setTimeout(r, 300));
      ending();
      await finishing;
      await send;
      expect((await nova.db.outboundMessage.findUniqueOrThrow({ where: { id: later.id } })).status).toBe('sent');
      expect(sent.filter((s) => s.chatId === chat).map((s) => s.text)).toEqual(['e2']);
    },
  );

  it('sends the notices waiting for one recipient as one message, up to the first that is not a plain notice', async () => {
    behaviour = async () => ({ externalId: 'batched' });
    const first = await written('n1', asNotice('عميل جديد: أحمد'));
    const second = await written('n2', asNotice('عرض جديد: فيلا بالملقا'));
    const third = await written('n3', asNotice('حجز معاينة بكرة ١٠ الصبح'));
    const question = await written('q4', { ...asNotice('اعتمد العرض؟'), choices: [{ id: 'ok', label: 'نعم' }] });
    const last = await written('n5', asNotice('طلب جديد'));
    await nova.runtime.jobs.enqueue('outbound.send', { outboundId: first.id }, { jobId: `outbound-${first.id}` });
    await until(
      async () => (await nova.db.outboundMessage.findUniqueOrThrow({ where: { id: last.id } })).status === 'sent',
    );
    const toChat = sent.filter((s) => s.key.startsWith('t:n') || s.key.startsWith('t:q'));
    expect(toChat.map((s) => s.text)).toEqual([
      'عميل جديد: أحمد\n\nعرض جديد: فيلا بالملقا\n\nحجز معاينة بكرة ١٠ الصبح',
      'اعتمد العرض؟\n\n1. نعم', // this fake channel has no buttons: a numbered list
      'طلب جديد',
    ]);
    const rows = await nova.db.outboundMessage.findMany({
      where: { id: { in: [first.id, second.id, third.id, question.id, last.id] } },
      orderBy: { seq: 'asc' },
    });
    expect(rows.map((r) => [r.status, r.lastError])).toEqual([
      ['sent', null],
      ['cancelled', `merged into ${first.id}`],
      ['cancelled', `merged into ${first.id}`],
      ['sent', null],
      ['sent', null],
    ]);
  });
});
