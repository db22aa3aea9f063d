// When the web chat offers the demo identities without sign-in (bin/http.ts demoModeOf).
import { describe, expect, it } from 'vitest';
import { demoModeOf } from '../../../bin/http.ts';

describe('demo mode', () => {
  it('is never on in production, and NOVA_DEMO=1 there stops Nova', () => {
    expect(demoModeOf({ NODE_ENV: 'production', NOVA_DEMO: false }, undefined, true)).toBe(false);
    expect(() => demoModeOf({ NODE_ENV: 'production', NOVA_DEMO: true }, '1', true)).toThrow(/NOVA_DEMO=1 is refused/);
  });

  it('follows NOVA_DEMO when it is set', () => {
    expect(demoModeOf({ NODE_ENV: 'development', NOVA_DEMO: true }, '1', false)).toBe(true);
    expect(demoModeOf({ NODE_ENV: 'development', NOVA_DEMO: false }, '0', true)).toBe(false);
    expect(demoModeOf({ NODE_ENV: 'test', NOVA_DEMO: false }, 'false', true)).toBe(false);
  });

  it('is on, when NOVA_DEMO is unset, only for a database that npm start filled with the demo office', () => {
    expect(demoModeOf({ NODE_ENV: 'development', NOVA_DEMO: false }, undefined, true)).toBe(true);
    expect(demoModeOf({ NODE_ENV: 'development', NOVA_DEMO: false }, '', true)).toBe(true);
    expect(demoModeOf({ NODE_ENV: 'development', NOVA_DEMO: false }, undefined, false)).toBe(false);
  });
});
