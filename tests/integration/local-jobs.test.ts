// A process with workers runs the turns of the messages it stores and the sends of the replies it writes
// itself, outside the queue, while it has room (bot/engine/local-jobs.ts): no job is queued for them,
// and every message is still answered once, in order per chat. A send that fails here becomes the
// queued job it would have been, and its message arrives once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mapRegistry } from '../../bot/engine/outbox.ts';
import type { ChannelAdapter } from '../../bot/types.ts';
import type { JobName } from '../../core/jobs/job-map.ts';
import { createNotifier } from '../../core/notifications/notify.ts';
import { startTestNova, type TestNova } from '../support/nova.ts';
import { ascending, turnsByChat } from '../support/turn-order.ts';

const adapters = mapRegistry();
const delivered: string[] = [];
let failNext = 0;
const fake: ChannelAdapter = {
  kind: 'telegram',
  capabilities: { maxChoices: 0, media: false, documents: false, location: false },
  async send(_chatId, message) {
    if (failNext > 0) {
      failNext -= 1;
      throw new Error('the channel is away for a moment');
    }
    delivered.push(message.text);
    return { externalId: `ext-${delivered.length}` };
  },
};

let nova: TestNova;
let accountId: string;
beforeAll(async () => {
  nova = await startTestNova({ adapters });
  const account = await nova.db.channelAccount.create({
    data: { organizationId: nova.organizationId, kind: 'telegram', externalId: 'local-jobs-bot' },
  });
  accountId = account.id;
  adapters.set(accountId, fake);
});
afterAll(async () => nova?.close());

/** Jobs of a queue that exist in any state (none is removed below 1,000 a day). */
async function jobsOf(name: JobName): Promise<number> {
  const counts = await nova.runtime.jobs
    .queue(name)
    .getJobCounts('active', 'waiting', 'delayed', 'prioritized', 'completed', 'failed');
  return Object.values(counts).reduce((a, b) => a + b, 0);
}

describe('work the process runs itself', () => {
  it('answers 5 chats × 6 messages once each, in order, without a queued turn while it has room', async () => {
    const phones = Array.from({ length: 5 }, (_, i) => `+9665566600${i}`);
    const before = nova.runtime.local.ran('inbound.process');
    // Five messages at a time: fewer than the workers' concurrency (8), so each one's turn runs here.
    for (let n = 0; n < 6; n++) {
      await Promise.all(phones.map((phone) => nova.chat.send(phone, n % 2 ? 'شكرا' : 'hi')));
      await nova.chat.settle(60_000);
    }
    const rows = await nova.db.inboundMessage.findMany({
      where: { channelAccountId: nova.account.id, chatId: { in: phones } },
      select: { status: true },
    });
    expect(rows.filter((r) => r.status !== 'processed')).toEqual([]);
    for (const turns of (await turnsByChat(nova.db, nova.account.id, phones)).values()) {
      expect(turns).toHaveLength(6);
      expect(turns).toEqual(ascending(turns));
    }
    expect(nova.runtime.local.ran('inbound.process')).toBe(before + 30);
    expect(await jobsOf('inbound.process')).toBe(0);
  });

  it('lets the turns of a burst wait here for a free place, and answers each message once', async () => {
    const phones = Array.from({ length: 12 }, (_, i) => `+96655667${String(i).padStart(2, '0')}`);
    for (let n = 0; n < 3; n++) await Promise.all(phones.map((phone) => nova.chat.send(phone, 'hi')));
    await nova.chat.settle(60_000);
    const rows = await nova.db.inboundMessage.findMany({
      where: { channelAccountId: nova.account.id, chatId: { in: phones } },
      select: { status: true },
    });
    expect(rows).toHaveLength(36);
    expect(rows.filter((r) => r.status !== 'processed')).toEqual([]);
    // 12 messages at a time against 8 turns here: the others waited here (startWorkers' localBacklog) for a
    // free place. No message's own job went round the queue; the only queued ones may be the looks again
    // at a head another turn had just claimed (turn-runner.ts: jobs named `…-claimed-…`), how many
    // depends on timing.
    const queued = await nova.runtime.jobs
      .queue('inbound.process')
      .getJobs(['active', 'waiting', 'delayed', 'prioritized', 'completed', 'failed']);
    expect(queued.filter((job) => !job.id?.includes('-claimed-')).map((job) => job.id)).toEqual([]);
  });

  it('sends a reply it wrote from here, once, without a send job', async () => {
    const notifier = createNotifier({ db: nova.db, jobs: nova.runtime.local });
    const scope = { organizationId: nova.organizationId };
    const before = nova.runtime.local.ran('outbound.send');
    const id = await notifier.notify(scope, { channelAccountId: accountId, chatId: '7' }, { text: 'here' }, 'local:1');
    await nova.chat.settle(15_000);
    expect(delivered.filter((t) => t === 'here')).toHaveLength(1);
    expect(nova.runtime.local.ran('outbound.send')).toBe(before + 1);
    expect(await jobsOf('outbound.send')).toBe(0);
    expect((await nova.db.outboundMessage.findUniqueOrThrow({ where: { id } })).status).toBe('sent');
  });

  it('hands a send that failed here to the queue, which sends it once', async () => {
    const notifier = createNotifier({ db: nova.db, jobs: nova.runtime.local });
    const scope = { organizationId: nova.organizationId };
    failNext = 1;
    const id = await notifier.notify(scope, { channelAccountId: accountId, chatId: '8' }, { text: 'again' }, 'local:2');
    await nova.chat.settle(30_000);
    expect(failNext).toBe(0);
    expect(delivered.filter((t) => t === 'again')).toHaveLength(1);
    expect(await jobsOf('outbound.send')).toBe(1);
    expect((await nova.db.outboundMessage.findUniqueOrThrow({ where: { id } })).status).toBe('sent');
  });
});
