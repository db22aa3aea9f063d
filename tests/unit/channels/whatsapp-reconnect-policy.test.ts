// When the WhatsApp Web connection closes: reconnect (with backoff and jitter) or stop.
import { describe, expect, it } from 'vitest';
import {
  backoffDelay,
  CloseCode,
  closeCodeOf,
  decideReconnect,
} from '../../../bot/channels/whatsapp/reconnect-policy.ts';

const low = () => 0;
const high = () => 0.999999;

describe('decideReconnect', () => {
  it('stops and asks for a new pairing when logged out (401)', () => {
    expect(decideReconnect(CloseCode.loggedOut, 1, low)).toEqual({ action: 'stop_logged_out', delayMs: 0 });
  });

  it('stops when another client took the session (440), rather than fight it', () => {
    expect(decideReconnect(CloseCode.connectionReplaced, 3, low)).toEqual({ action: 'stop_replaced', delayMs: 0 });
  });

  it('stops when WhatsApp refuses the number (403)', () => {
    expect(decideReconnect(CloseCode.forbidden, 1, low)).toEqual({ action: 'stop_forbidden', delayMs: 0 });
  });

  it('reconnects at once when a restart is required (515, right after pairing), whatever the attempt', () => {
    expect(decideReconnect(CloseCode.restartRequired, 1, high)).toEqual({ action: 'reconnect', delayMs: 0 });
    expect(decideReconnect(CloseCode.restartRequired, 9, high)).toEqual({ action: 'reconnect', delayMs: 0 });
  });

  it.each([
    ['timedOut / connectionLost', 408],
    ['connectionClosed', 428],
    ['multideviceMismatch', 411],
    ['badSession', 500],
    ['unavailableService', 503],
    ['no code', undefined],
  ])('reconnects with backoff on %s', (_name, code) => {
    expect(decideReconnect(code, 1, low)).toEqual({ action: 'reconnect', delayMs: 500 });
    expect(decideReconnect(code, 1, high)).toEqual({ action: 'reconnect', delayMs: 1_000 });
  });
});

describe('backoffDelay', () => {
  it('doubles each attempt from 1 s, the jitter within [half, whole] of the step', () => {
    expect([1, 2, 3, 4, 5, 6].map((a) => backoffDelay(a, high))).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 32_000]);
    expect([1, 2, 3, 4, 5, 6].map((a) => backoffDelay(a, low))).toEqual([500, 1_000, 2_000, 4_000, 8_000, 16_000]);
    expect(backoffDelay(3, () => 0.5)).toBe(3_000);
  });

  it('is capped at 60 s however many attempts failed', () => {
    expect(backoffDelay(7, high)).toBe(60_000);
    expect(backoffDelay(50, high)).toBe(60_000);
    expect(backoffDelay(10_000, low)).toBe(30_000);
  });

  it('stays within its bounds for any random value', () => {
    for (let attempt = 1; attempt <= 12; attempt++) {
      for (const r of [0, 0.1, 0.37, 0.5, 0.73, 0.99, 1, -1, 2]) {
        const delay = backoffDelay(attempt, () => r);
        const step = Math.min(60_000, 1_000 * 2 ** (attempt - 1));
        expect(delay).toBeGreaterThanOrEqual(step / 2);
        expect(delay).toBeLessThanOrEqual(step);
      }
    }
  });

  it('takes other bounds', () => {
    expect(backoffDelay(1, high, { baseMs: 200, maxMs: 1_000 })).toBe(200);
    expect(backoffDelay(9, high, { baseMs: 200, maxMs: 1_000 })).toBe(1_000);
  });
});

describe('closeCodeOf', () => {
  it('reads the status code of a Boom error, or of a plain error that carries one', () => {
    expect(closeCodeOf({ output: { statusCode: 515 } })).toBe(515);
    expect(closeCodeOf(Object.assign(new Error('x'), { statusCode: 401 }))).toBe(401);
    expect(closeCodeOf(new Error('socket hang up'))).toBeUndefined();
    expect(closeCodeOf(undefined)).toBeUndefined();
  });

  it('agrees with the DisconnectReason table of the installed Baileys', async () => {
    const { DisconnectReason } = await import('@whiskeysockets/baileys');
    for (const [name, code] of Object.entries(CloseCode)) {
      expect(DisconnectReason[name as keyof typeof DisconnectReason], name).toBe(code);
    }
    expect(DisconnectReason.connectionLost).toBe(CloseCode.timedOut);
  });
});
