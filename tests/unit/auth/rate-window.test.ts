// The fixed-window rule behind rate_limits: counted inside a window, a new window after it ends, and
// how long a refused caller must wait.
import { describe, expect, it } from 'vitest';
import { LIMITS } from '../../../core/auth/auth.types.ts';
import { hitWindow, type RateWindow, verdict } from '../../../core/auth/rate-window.ts';

const t0 = new Date('2026-12-01T09:00:00Z');
const at = (ms: number) => new Date(t0.getTime() + ms);
const WINDOW = 15 * 60_000;

function hits(times: number[], limit: number) {
  let window: RateWindow | null = null;
  return times.map((ms) => {
    window = hitWindow(window, at(ms), WINDOW);
    return verdict(window, limit, at(ms));
  });
}

describe('fixed windows', () => {
  it('allow the limit, refuse the next with the seconds left in the window', () => {
    const answers = hits([0, 1_000, 2_000, 3_000], 3);
    expect(answers.map((a) => a.allowed)).toEqual([true, true, true, false]);
    expect(answers.map((a) => a.remaining)).toEqual([2, 1, 0, 0]);
    expect(answers[3]!.retryAfterSeconds).toBe((WINDOW - 3_000) / 1000);
    expect(answers[0]!.retryAfterSeconds).toBe(0);
  });

  it('start afresh once the window has ended', () => {
    const answers = hits([0, 1, 2, 3, WINDOW, WINDOW + 1], 3);
    expect(answers.map((a) => a.allowed)).toEqual([true, true, true, false, true, true]);
  });

  it('keep the window where it started (fixed, not sliding)', () => {
    let window = hitWindow(null, at(0), WINDOW);
    window = hitWindow(window, at(WINDOW - 1), WINDOW);
    expect(window).toEqual({ count: 2, windowEnds: at(WINDOW) });
  });

  it('ask a refused caller to wait at least one second', () => {
    const window = { count: 5, windowEnds: at(200) };
    expect(verdict(window, 3, at(0)).retryAfterSeconds).toBe(1);
  });

  it('are set to the sign-in limits of the docs', () => {
    expect(LIMITS.otpRequestPerPhone).toMatchObject({ limit: 3, windowMs: 15 * 60_000 });
    expect(LIMITS.otpRequestPerIp).toMatchObject({ limit: 20, windowMs: 3_600_000 });
    expect(LIMITS.otpVerifyPerIp).toMatchObject({ limit: 30, windowMs: 15 * 60_000 });
  });
});
