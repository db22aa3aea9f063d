// The public page's visitor cookie: a random id signed by this server; any other value is nobody.
import { describe, expect, it } from 'vitest';
import { authKeys } from '../../../core/auth/keys.ts';
import { newVisitorId, signVisitor, verifyVisitor } from '../../../core/auth/visitor.ts';

const key = authKeys('a master secret of at least thirty-two characters').visitor;
const other = authKeys('another master secret of thirty-two characters!').visitor;

describe('visitor ids', () => {
  it('are random and come back from their signed cookie', () => {
    const ids = new Set(Array.from({ length: 100 }, newVisitorId));
    expect(ids.size).toBe(100);
    const id = newVisitorId();
    expect(verifyVisitor(key, signVisitor(key, id))).toBe(id);
  });

  it('are refused when the cookie was signed elsewhere, altered or made up', () => {
    const id = newVisitorId();
    const cookie = signVisitor(key, id);
    expect(verifyVisitor(other, cookie)).toBeNull();
    const otherId = newVisitorId();
    expect(verifyVisitor(key, `${otherId}${cookie.slice(id.length)}`)).toBeNull();
    expect(verifyVisitor(key, `${cookie}x`)).toBeNull();
    for (const junk of [undefined, '', '.', id, 'a.b', `${id}.`]) expect(verifyVisitor(key, junk)).toBeNull();
  });

  it('use keys that differ by purpose', () => {
    const keys = authKeys('a master secret of at least thirty-two characters');
    const all = [keys.jwt, keys.otp, keys.rate, keys.visitor].map((k) => k.toString('hex'));
    expect(new Set(all).size).toBe(4);
  });
});
