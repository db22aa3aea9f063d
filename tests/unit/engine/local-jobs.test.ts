// runLocallyFirst: a job of a kind the process runs itself runs here, at most `atOnce` at a time, with up
// to `waiting` more waiting here in order; the rest, a delayed job, a job before start() and one that
// fails here go to the queue as they were asked, and so do those still waiting when the process stops.
import { describe, expect, it } from 'vitest';
import { runLocallyFirst } from '../../../bot/engine/local-jobs.ts';
import type { EnqueueOptions, JobHandlers, JobName, JobQueue } from '../../../core/jobs/job-map.ts';
import { silentLogger } from '../../../core/shared/logger.ts';

function fixture(handlers: JobHandlers) {
  const queued: Array<{ name: JobName; data: unknown; options?: EnqueueOptions }> = [];
  const queue: JobQueue = {
    async enqueue(name, data, options) {
      queued.push({ name, data, options });
    },
    async close() {},
  };
  const local = runLocallyFirst({ jobs: queue, handlers: () => handlers, logger: silentLogger });
  return { queued, local };
}

/** A promise and its resolve, to hold a job running. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((r) => {
    open = r;
  });
  return { open, opened };
}

describe('runLocallyFirst', () => {
  it('queues everything before start(), and after drain()', async () => {
    const ran: string[] = [];
    const { queued, local } = fixture({ 'outbound.send': async ({ outboundId }) => void ran.push(outboundId) });
    await local.enqueue('outbound.send', { outboundId: 'a' });
    local.start({ 'outbound.send': { atOnce: 4 } });
    await local.drain();
    await local.enqueue('outbound.send', { outboundId: 'b' });
    expect(ran).toEqual([]);
    expect(queued.map((q) => q.data)).toEqual([{ outboundId: 'a' }, { outboundId: 'b' }]);
  });

  it('runs a started kind here without queueing it, and counts it', async () => {
    const ran: string[] = [];
    const { queued, local } = fixture({ 'outbound.send': async ({ outboundId }) => void ran.push(outboundId) });
    local.start({ 'outbound.send': { atOnce: 4 } });
    await local.enqueue('outbound.send', { outboundId: 'a' }, { jobId: 'outbound-a' });
    await local.drain();
    expect(ran).toEqual(['a']);
    expect(queued).toEqual([]);
    expect(local.ran('outbound.send')).toBe(1);
  });

  it('queues a kind it was not given, and a delayed job of a kind it was', async () => {
    const { queued, local } = fixture({ 'outbound.send': async () => {}, 'matching.run': async () => {} });
    local.start({ 'outbound.send': { atOnce: 4 } });
    await local.enqueue('matching.run', { kind: 'offer', id: 'o1' });
    await local.enqueue('outbound.send', { outboundId: 'later' }, { delayMs: 1_000, jobId: 'outbound-later' });
    await local.drain();
    expect(queued.map((q) => q.name)).toEqual(['matching.run', 'outbound.send']);
    expect(queued[1]!.options).toEqual({ delayMs: 1_000, jobId: 'outbound-later' });
    expect(local.ran('outbound.send')).toBe(0);
  });

  it('runs at most its limit at once and queues the rest', async () => {
    const held = gate();
    const { queued, local } = fixture({ 'inbound.process': async () => held.opened });
    local.start({ 'inbound.process': { atOnce: 2 } });
    for (const id of ['m1', 'm2', 'm3']) await local.enqueue('inbound.process', { inboundId: id, chatKey: `c:${id}` });
    expect(local.running('inbound.process')).toBe(2);
    expect(queued.map((q) => (q.data as { inboundId: string }).inboundId)).toEqual(['m3']);
    held.open();
    await local.drain();
    expect(local.running('inbound.process')).toBe(0);
  });

  it('lets `waiting` jobs wait here for a free place, in order, and queues the rest', async () => {
    const held = gate();
    const order: string[] = [];
    const { queued, local } = fixture({
      'inbound.process': async ({ inboundId }) => {
        order.push(inboundId);
        await held.opened;
      },
    });
    local.start({ 'inbound.process': { atOnce: 1, waiting: 2 } });
    for (const id of ['m1', 'm2', 'm3', 'm4'])
      await local.enqueue('inbound.process', { inboundId: id, chatKey: `c:${id}` });
    expect(order).toEqual(['m1']);
    expect(queued.map((q) => (q.data as { inboundId: string }).inboundId)).toEqual(['m4']);
    held.open();
    await new Promise((r) => setTimeout(r, 10));
    expect(order).toEqual(['m1', 'm2', 'm3']);
    await local.drain();
  });

  it('hands the jobs still waiting here to the queue when the process stops', async () => {
    const held = gate();
    const { queued, local } = fixture({ 'inbound.process': async () => held.opened });
    local.start({ 'inbound.process': { atOnce: 1, waiting: 5 } });
    for (const id of ['m1', 'm2', 'm3']) await local.enqueue('inbound.process', { inboundId: id, chatKey: `c:${id}` });
    const drained = local.drain();
    held.open();
    await drained;
    expect(queued.map((q) => (q.data as { inboundId: string }).inboundId)).toEqual(['m2', 'm3']);
    expect(local.ran('inbound.process')).toBe(1);
  });

  it('queues a job that failed here, with the options it was asked with', async () => {
    const { queued, local } = fixture({
      'outbound.send': async () => {
        throw new Error('no adapter for this account in this process');
      },
    });
    local.start({ 'outbound.send': { atOnce: 4 } });
    await local.enqueue('outbound.send', { outboundId: 'x' }, { jobId: 'outbound-x' });
    await local.drain();
    expect(queued).toEqual([{ name: 'outbound.send', data: { outboundId: 'x' }, options: { jobId: 'outbound-x' } }]);
  });

  it('drain() waits for the jobs running here', async () => {
    const held = gate();
    let finished = false;
    const { local } = fixture({
      'outbound.send': async () => {
        await held.opened;
        finished = true;
      },
    });
    local.start({ 'outbound.send': { atOnce: 4 } });
    await local.enqueue('outbound.send', { outboundId: 'a' });
    const drained = local.drain();
    held.open();
    await drained;
    expect(finished).toBe(true);
  });
});

describe('runLocallyFirst when a job never ends', () => {
  it('drain() returns after its bound, leaving the stuck job to the sweep', async () => {
    const { local } = fixture({ 'outbound.send': () => new Promise<void>(() => {}) });
    local.start({ 'outbound.send': { atOnce: 1 } });
    await local.enqueue('outbound.send', { outboundId: 'stuck' });
    // (without the bound this would wait forever, and the test time out)
    await local.drain(50);
    expect(local.running('outbound.send')).toBe(1);
  });
});

describe('runLocallyFirst and a queue that refuses', () => {
  it('lets the caller see the failure of a job it queues, as the queue itself would', async () => {
    const refusing: JobQueue = {
      enqueue: async () => {
        throw new Error('queue away');
      },
      close: async () => {},
    };
    const local = runLocallyFirst({ jobs: refusing, handlers: () => ({}), logger: silentLogger });
    local.start({ 'outbound.send': { atOnce: 1 } });
    await expect(local.enqueue('matching.run', { kind: 'offer', id: 'o' })).rejects.toThrow('queue away');
    // a kind it runs, but has no handler for here: the queue's, and its failure the caller's too
    await expect(local.enqueue('outbound.send', { outboundId: 'x' })).rejects.toThrow('queue away');
  });
});
