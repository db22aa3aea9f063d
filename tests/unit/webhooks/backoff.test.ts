// The retry schedule of failed deliveries.
import { describe, expect, it } from 'vitest';
import { DEFAULT_BACKOFF_MS, maxAttempts, retryDelayMs } from '../../../core/webhooks/backoff.ts';

const MIN = 60_000;

describe('webhook retry schedule', () => {
  it('waits 1 min, 5 min, 30 min, 2 h, 6 h, 12 h, 24 h after the 1st … 7th failed attempt', () => {
    expect([1, 2, 3, 4, 5, 6, 7].map((n) => retryDelayMs(n))).toEqual([
      MIN,
      5 * MIN,
      30 * MIN,
      120 * MIN,
      360 * MIN,
      720 * MIN,
      1_440 * MIN,
    ]);
  });

  it('gives 8 attempts in all: none is left after the 8th fails', () => {
    expect(maxAttempts()).toBe(8);
    expect(retryDelayMs(8)).toBeNull();
    expect(retryDelayMs(20)).toBeNull();
  });

  it('grows: each wait is longer than the one before', () => {
    for (let i = 1; i < DEFAULT_BACKOFF_MS.length; i++)
      expect(DEFAULT_BACKOFF_MS[i]!).toBeGreaterThan(DEFAULT_BACKOFF_MS[i - 1]!);
  });

  it('follows a configured schedule (tests shorten it) and has no wait before any attempt was made', () => {
    expect(retryDelayMs(1, [50, 100])).toBe(50);
    expect(retryDelayMs(2, [50, 100])).toBe(100);
    expect(retryDelayMs(3, [50, 100])).toBeNull();
    expect(maxAttempts([50, 100])).toBe(3);
    expect(retryDelayMs(0)).toBeNull();
    expect(retryDelayMs(1.5)).toBeNull();
  });
});
