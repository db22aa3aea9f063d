import { describe, expect, it } from 'vitest';
import { createInlineJobQueue } from '../../../core/jobs/inline.queue.ts';
import { ManualClock } from '../../../core/shared/clock.ts';

describe('inline job queue', () => {
  it('runs due jobs in order, delayed ones only when the clock reaches them', async () => {
    const clock = new ManualClock('2026-11-21T10:00:00Z');
    const seen: string[] = [];
    const queue = createInlineJobQueue({ 'system.ping': async ({ token }) => void seen.push(token) }, clock);
    await queue.enqueue('system.ping', { token: 'later' }, { delayMs: 60_000 });
    await queue.enqueue('system.ping', { token: 'a' });
    await queue.enqueue('system.ping', { token: 'b' });
    expect(await queue.drain()).toBe(2);
    expect(seen).toEqual(['a', 'b']);
    clock.advance(60_000);
    expect(await queue.drain()).toBe(1);
    expect(seen).toEqual(['a', 'b', 'later']);
  });

  it('does not add a job twice under the same job id', async () => {
    const clock = new ManualClock('2026-11-21T10:00:00Z');
    let runs = 0;
    const queue = createInlineJobQueue({ 'system.ping': async () => void runs++ }, clock);
    await queue.enqueue('system.ping', { token: 'x' }, { jobId: 'same' });
    await queue.enqueue('system.ping', { token: 'x' }, { jobId: 'same' });
    await queue.drain();
    expect(runs).toBe(1);
  });
});
