import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../core/config/env.ts';

describe('loadConfig', () => {
  it('has defaults that work with PostgreSQL and Redis on localhost', () => {
    const cfg = loadConfig({});
    expect(cfg.DATABASE_URL).toBe('postgresql://postgres@127.0.0.1:5432/nova');
    expect(cfg.REDIS_URL).toBe('redis://127.0.0.1:6379');
    expect(cfg.PORT).toBe(3000);
  });

  it('names the bad variable in one line', () => {
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x/y' })).toThrow(/^invalid DATABASE_URL: /);
    expect(() => loadConfig({ DATABASE_URL: 'postgresql://localhost' })).toThrow(/DATABASE_URL/);
    expect(() => loadConfig({ REDIS_URL: 'http://x' })).toThrow(/^invalid REDIS_URL/);
    expect(() => loadConfig({ PORT: '99999' })).toThrow(ConfigError);
    expect(() => loadConfig({ PORT: 'abc' })).toThrow(/^invalid PORT[^\n]*$/);
  });
});
