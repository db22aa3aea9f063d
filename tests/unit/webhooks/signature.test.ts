// Signing of outgoing webhooks: what a receiver checks (docs/webhooks.md shows the same in Node).
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { REPLAY_WINDOW_SECONDS, signBody, verifySignature } from '../../../core/webhooks/signature.ts';

const secret = 'whsec_test-secret';
const body = JSON.stringify({ id: 'e1', event: 'customer.created', data: { customer: { id: 'c1' } } });
const now = 1_790_000_000;

describe('webhook signatures', () => {
  it('is sha256= and the hex HMAC-SHA256 of "timestamp.body" under the secret', () => {
    const expected = createHmac('sha256', secret).update(`${now}.${body}`).digest('hex');
    expect(signBody(secret, now, body)).toBe(`sha256=${expected}`);
    expect(signBody(secret, now, body)).toMatch(/^sha256=[0-9a-f]{64}$/);
  });

  it('verifies a request signed now, and one a few minutes old within the replay window', () => {
    const signature = signBody(secret, now, body);
    expect(verifySignature({ secret, body, timestamp: String(now), signature, nowSeconds: now })).toBe(true);
    expect(verifySignature({ secret, body, timestamp: now, signature, nowSeconds: now + REPLAY_WINDOW_SECONDS })).toBe(
      true,
    );
  });

  it('refuses a replay older than five minutes even with a valid signature', () => {
    const signature = signBody(secret, now, body);
    expect(verifySignature({ secret, body, timestamp: now, signature, nowSeconds: now + 5 * 60 + 1 })).toBe(false);
    expect(verifySignature({ secret, body, timestamp: now, signature, nowSeconds: now - 5 * 60 - 1 })).toBe(false);
  });

  it('refuses a changed body, a changed timestamp, another secret and malformed headers', () => {
    const signature = signBody(secret, now, body);
    const check = (over: Partial<Parameters<typeof verifySignature>[0]>) =>
      verifySignature({ secret, body, timestamp: now, signature, nowSeconds: now, ...over });
    expect(check({ body: body.replace('c1', 'c2') })).toBe(false);
    expect(check({ timestamp: now - 1 })).toBe(false);
    expect(check({ secret: 'whsec_other' })).toBe(false);
    expect(check({ signature: undefined })).toBe(false);
    expect(check({ signature: 'sha256=abc' })).toBe(false);
    expect(check({ signature: signature.replace('sha256=', 'sha1=') })).toBe(false);
    expect(check({ timestamp: 'yesterday' })).toBe(false);
    expect(check({ timestamp: null })).toBe(false);
  });
});
