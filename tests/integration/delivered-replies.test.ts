// A channel the outbox row itself delivers (web chat, console, the test channel) needs no send job: the
// turn writes its replies sent (core/notifications/notify.ts, `delivered`). A channel with an adapter
// (Telegram here) still gets its row waiting and a send job.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { JobName } from '../../core/jobs/job-map.ts';
import { createNotifier } from '../../core/notifications/notify.ts';
import { SAAD, startTestNova, type TestNova } from '../support/nova.ts';

let nova: TestNova;
beforeAll(async () => {
  nova = await startTestNova();
});
afterAll(async () => {
  await nova?.close();
});

describe('replies on a channel the row delivers', () => {
  it('are written sent in the turn, and no send job is queued for them', async () => {
    const enqueue = vi.spyOn(nova.runtime.jobs, 'enqueue');
    const turnsBefore = nova.runtime.local.ran('inbound.process');
    const sendsBefore = nova.runtime.local.ran('outbound.send');
    const replies = await nova.chat.say(SAAD, 'وش مواعيدي بكرة؟');
    expect(replies.length).toBeGreaterThan(0);
    const rows = await nova.db.outboundMessage.findMany({
      where: { channelAccountId: nova.account.id, chatId: SAAD },
      select: { status: true, sentAt: true },
    });
    expect(rows.length).toBe(replies.length);
    for (const row of rows) {
      expect(row.status).toBe('sent');
      expect(row.sentAt).toEqual(nova.clock.now());
    }
    // The turn ran (in this process, local-jobs.ts), and no send was asked for: none here, none queued.
    expect(nova.runtime.local.ran('inbound.process')).toBe(turnsBefore + 1);
    expect(nova.runtime.local.ran('outbound.send')).toBe(sendsBefore);
    const queued = enqueue.mock.calls.map(([name]) => name as JobName);
    expect(queued).not.toContain('outbound.send');
    enqueue.mockRestore();
  });

  it('are written waiting when quiet hours hold them, and a channel with an adapter still gets its send job', async () => {
    const telegram = await nova.db.channelAccount.create({
      data: { organizationId: nova.organizationId, kind: 'telegram', externalId: 'delivered-test-bot' },
    });
    const notifier = createNotifier({ db: nova.db, jobs: nova.runtime.jobs, clock: nova.clock });
    const enqueue = vi.spyOn(nova.runtime.jobs, 'enqueue');
    const scope = { organizationId: nova.organizationId };
    const web = { channelAccountId: nova.account.id, chatId: 'delivered-web' };
    // 09:00 in Riyadh (the test clock): outside quiet hours, so only `delivered` decides
    const sentId = await notifier.notify(scope, web, { text: 'a' }, 'delivered:a', { delivered: true });
    const heldId = await notifier.notify(scope, web, { text: 'b' }, 'delivered:b', {
      delivered: true,
      initiated: true,
      // quiet from 08:00 to 12:00 (minutes of the day): the notice waits until noon
      office: { timeZone: 'Asia/Riyadh', quietHours: { start: 8 * 60, end: 12 * 60 } },
    });
    const waitingId = await notifier.notify(
      scope,
      { channelAccountId: telegram.id, chatId: '42' },
      { text: 'c' },
      'delivered:c',
    );
    const status = async (id: string) =>
      nova.db.outboundMessage.findUniqueOrThrow({ where: { id }, select: { status: true, notBefore: true } });
    expect(await status(sentId)).toEqual({ status: 'sent', notBefore: null });
    expect((await status(heldId)).status).toBe('pending');
    expect((await status(heldId)).notBefore).not.toBeNull();
    expect(await status(waitingId)).toEqual({ status: 'pending', notBefore: null });
    expect(enqueue.mock.calls.map(([name, data]) => [name, (data as { outboundId?: string }).outboundId])).toEqual([
      ['outbound.send', waitingId],
    ]);
    enqueue.mockRestore();
  });
});
