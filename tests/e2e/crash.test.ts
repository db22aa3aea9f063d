// A worker killed (SIGKILL) in the middle of a turn: after a restart the message is processed and
// answered exactly once, and nothing of the killed turn remains.
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNova } from '../support/cli.ts';
import { SAAD, startTestNova, type TestNova } from '../support/nova.ts';

let nova: TestNova;
const children: ChildProcess[] = [];
beforeAll(async () => {
  // Redis, as the `nova worker` this test starts (REDIS_URL: tests/support/global-setup.ts).
  nova = await startTestNova({ workers: false, queue: 'redis' });
});
afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  await nova?.close();
});

function worker(extraEnv: Record<string, string> = {}) {
  return startNova(
    ['worker'],
    { DATABASE_URL: nova.databaseUrl, QUEUE_PREFIX: nova.queuePrefix, LOG_LEVEL: 'info', ...extraEnv },
    (out) => out.includes('workers started'),
  ).then((w) => {
    children.push(w.child);
    return w;
  });
}

async function until<T>(probe: () => Promise<T | undefined | null | false>, timeoutMs = 45_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() - started > timeoutMs) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('a worker killed mid-turn', () => {
  it('leaves nothing half-done, and the restarted worker answers exactly once', async () => {
    const slow = await worker({ NOVA_TEST_TURN_DELAY_MS: '5000' });
    const { id } = await nova.chat.send(SAAD, 'عميل جديد سامي 0552223344 يبي شقة بالرياض');
    // The turn has claimed the message and is inside its transaction (held there by the test hook).
    await until(async () => (await nova.db.inboundMessage.findUnique({ where: { id } }))?.status === 'processing');
    await new Promise((r) => setTimeout(r, 1_000));
    slow.child.kill('SIGKILL');
    await new Promise((r) => slow.child.once('close', r));

    expect(await nova.db.customer.count({ where: { phone: '+966552223344' } })).toBe(0);
    expect(await nova.db.outboundMessage.count({ where: { chatId: SAAD } })).toBe(0);
    expect(await nova.db.inboundMessage.findUnique({ where: { id } })).toMatchObject({
      status: 'processing',
      attempts: 1,
    });

    const restarted = await worker();
    try {
      const processed = await until(async () => {
        const row = await nova.db.inboundMessage.findUnique({ where: { id } });
        return row?.status === 'processed' ? row : undefined;
      });
      expect(processed.attempts).toBe(2);
      await until(async () => (await nova.db.outboundMessage.count({ where: { chatId: SAAD, status: 'sent' } })) > 0);
      // Give a duplicate every chance to appear (the killed worker's job comes back as stalled).
      await new Promise((r) => setTimeout(r, 1_500));
      const replies = await nova.db.outboundMessage.findMany({ where: { chatId: SAAD } });
      expect(replies).toHaveLength(1);
      expect((replies[0]!.payload as { text: string }).text).toContain('أضفت العميل سامي');
      expect(await nova.db.customer.count({ where: { phone: '+966552223344' } })).toBe(1);
      expect(await nova.db.request.count({ where: { customer: { phone: '+966552223344' } } })).toBe(1);
    } finally {
      await restarted.stop();
    }
  });
});
