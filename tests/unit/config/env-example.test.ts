// .env.example is the operator's list of settings: exactly the variables core/config/env.ts reads, each
// with a comment, and valid as it stands (a fresh `cp .env.example .env` must start). A variable added
// to the schema without a line here (or a line left for a variable that is gone) fails this test.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseEnv } from 'node:util';
import { describe, expect, it } from 'vitest';
import { unknownNovaVariables } from '../../../bin/environment.ts';
import { defaultQueuePrefix, ENV_VARIABLES, loadConfig } from '../../../core/config/env.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const text = readFileSync(path.join(ROOT, '.env.example'), 'utf8');
const lines = text.split('\n');

/** A variable's line, set (`NAME=value`) or left at its default (`# NAME=value`). */
const ENTRY = /^(?:#\s?)?([A-Z][A-Z0-9_]*)=/;
const entries = lines.flatMap((line, index) => {
  const match = ENTRY.exec(line);
  return match ? [{ name: match[1]!, index, commented: line.startsWith('#') }] : [];
});

describe('.env.example', () => {
  it('lists exactly the variables core/config/env.ts reads', () => {
    const listed = entries.map((e) => e.name);
    const missing = ENV_VARIABLES.filter((name) => !listed.includes(name));
    const unread = listed.filter((name) => !ENV_VARIABLES.includes(name));
    expect({ missing, unread }).toEqual({ missing: [], unread: [] });
  });

  it('lists each variable once', () => {
    const names = entries.map((e) => e.name);
    expect(names.filter((name, i) => names.indexOf(name) !== i)).toEqual([]);
  });

  it('has a comment saying what each variable is for, right above it', () => {
    const uncommented = entries
      .filter(({ index }) => {
        const above = lines[index - 1] ?? '';
        return !above.startsWith('#') || ENTRY.test(above) || above.replace(/^#\s*/, '').length < 10;
      })
      .map((e) => e.name);
    expect(uncommented).toEqual([]);
  });

  it('is a valid configuration as it stands, and with every line uncommented', () => {
    expect(() => loadConfig(parseEnv(text))).not.toThrow();
    const uncommented = lines.map((line) => (ENTRY.test(line) ? line.replace(/^#\s?/, '') : line)).join('\n');
    const all = parseEnv(uncommented);
    expect(Object.keys(all).sort()).toEqual([...ENV_VARIABLES].sort());
    expect(() => loadConfig(all)).not.toThrow();
  });

  it('shows the defaults the schema applies', () => {
    const defaults = loadConfig({});
    const shown = parseEnv(lines.map((line) => (ENTRY.test(line) ? line.replace(/^#\s?/, '') : line)).join('\n'));
    for (const [name, value] of Object.entries(shown)) {
      if (value === '' || name === 'NOVA_DEMO' || name === 'WHATSAPP_WEB_ENABLED') continue;
      expect(String(defaults[name as keyof typeof defaults]), name).toBe(value);
    }
  });
});

describe('unknown NOVA_* variables', () => {
  it('names the NOVA_* variables that nothing reads, and only those', () => {
    expect(
      unknownNovaVariables({
        NOVA_SECRET: 'x',
        NOVA_SECRET_KEY: 'y'.repeat(32),
        NOVA_DEFAULT_ORG: 'nova-demo',
        NOVA_DEMOO: '1',
        PATH: '/bin',
        DATABASE_URL: 'postgresql://x/y',
      }),
    ).toEqual(['NOVA_DEMOO', 'NOVA_SECRET']);
  });
});

describe('the default queue prefix', () => {
  it('differs between databases and is stable for one database', () => {
    const a = loadConfig({ DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/nova_a' }).QUEUE_PREFIX;
    const b = loadConfig({ DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/nova_b' }).QUEUE_PREFIX;
    expect(a).toBe('nova:nova_a');
    expect(b).toBe('nova:nova_b');
    expect(loadConfig({}).QUEUE_PREFIX).toBe(defaultQueuePrefix('postgresql://postgres@127.0.0.1:5432/nova'));
  });

  it('is QUEUE_PREFIX when set', () => {
    expect(loadConfig({ QUEUE_PREFIX: 'shared', DATABASE_URL: 'postgresql://h/x' }).QUEUE_PREFIX).toBe('shared');
    expect(loadConfig({ QUEUE_PREFIX: '', DATABASE_URL: 'postgresql://h/x' }).QUEUE_PREFIX).toBe('nova:x');
  });
});
