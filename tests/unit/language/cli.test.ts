// Runs the real command line: node --import tsx bin/nova.ts parse, JSON lines in and out.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { handleLine } from '../../../bin/commands/parse.ts';

const root = fileURLToPath(new URL('../../../', import.meta.url));

function runCli(input: string): { stdout: string; stderr: string; status: number | null } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'bin/nova.ts', 'parse'], {
    cwd: root,
    input,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { stdout: r.stdout, stderr: r.stderr, status: r.status };
}

describe('nova parse (command line)', () => {
  it('answers each line in order, echoes ids, skips empty lines, reports bad lines without a stack trace', () => {
    const input = [
      JSON.stringify({ id: 'a', text: 'احجز معاينة مع أحمد بكرة الساعة ٥', now: '2026-11-19T14:00:00+03:00' }),
      '',
      'this is not json',
      JSON.stringify({ id: 7, text: 'أبي شقة بالرياض', now: '2026-11-19T14:00:00+03:00', role: 'client' }),
      JSON.stringify({ id: 'bad-role', text: 'هلا', role: 'admin' }),
      JSON.stringify({ id: 'bad-now', text: 'هلا', now: 'yesterday-ish' }),
      JSON.stringify({ id: 'no-text' }),
      '   ',
      JSON.stringify({ id: 'last', text: 'hi' }),
    ].join('\n');
    const { stdout, stderr, status } = runCli(`${input}\n`);
    expect(status).toBe(0);
    expect(stderr).not.toMatch(/at .*\.ts:\d+/);
    const lines = stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => l.id)).toEqual(['a', null, 7, 'bad-role', 'bad-now', 'no-text', 'last']);
    expect(lines[0]).toMatchObject({
      intent: 'appointment.create',
      entities: { name: 'أحمد', datetime: '2026-11-20T17:00:00+03:00' },
    });
    expect(lines[1]?.error).toMatch(/JSON/);
    expect(lines[2]).toMatchObject({
      intent: 'request.create',
      entities: { property_type: 'apartment', city: 'Riyadh' },
    });
    expect(lines[3]?.error).toMatch(/role/);
    expect(lines[4]?.error).toMatch(/now/);
    expect(lines[5]?.error).toMatch(/text/);
    expect(lines[6]).toMatchObject({ intent: 'greeting', entities: {}, language: 'en' });
    for (const l of lines)
      if (!l.error) expect(Object.keys(l)).toEqual(expect.arrayContaining(['numbers', 'confidence']));
    // keys with no value are left out, never null
    expect(stdout).not.toMatch(/:null[,}](?!.*"error")/);
  }, 60_000);
});

describe('handleLine', () => {
  it('uses the current time when now is missing, and never returns null entities', () => {
    const fixed = new Date('2026-11-19T14:00:00+03:00');
    const out = JSON.parse(handleLine(JSON.stringify({ id: 'x', text: 'بكرة' }), () => fixed));
    expect(out).toMatchObject({ id: 'x', intent: 'unknown', entities: { date: '2026-11-20' } });
    expect(JSON.parse(handleLine('[1,2]')).error).toBeDefined();
    expect(JSON.parse(handleLine('{"id": {"a": 1}, "text": "x"}'))).toMatchObject({ id: null });
    expect(JSON.parse(handleLine('{"id": "t", "text": "x", "tz": "Mars/Base"}')).error).toMatch(/tz/);
  });
});
