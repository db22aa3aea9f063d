// Our own conversation cases (tests/conversations/*.jsonl, the format of ../shared/conversations/FORMAT.md),
// scored by the shared scorer through `nova chat --cases`: every case must pass. They say what the
// public dev cases say with other words, names, places, amounts and times, and more.
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../support/cli.ts';

const SCORER = path.resolve(ROOT, '../shared/conversations/score.mjs');
const CASES = path.join(ROOT, 'tests/conversations');

function score(files: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [SCORER, '--project', ROOT, '--jobs', '2', ...files], {
      cwd: ROOT,
      env: { ...process.env, LOG_LEVEL: 'silent' },
    });
    let output = '';
    child.stdout.on('data', (d) => {
      output += d;
    });
    child.stderr.on('data', (d) => {
      output += d;
    });
    child.on('close', (code) => resolve({ code, output }));
  });
}

describe('our conversation cases', () => {
  it('all pass', async () => {
    const files = readdirSync(CASES)
      .filter((f) => f.endsWith('.jsonl'))
      .map((f) => path.join(CASES, f));
    expect(files.length).toBeGreaterThan(0);
    const { code, output } = await score(files);
    expect(code, output).toBe(0);
    const summary = output.match(/cases=(\d+) passed=(\d+)/);
    expect(summary, output).not.toBeNull();
    const [, cases, passed] = summary!;
    expect(Number(cases)).toBeGreaterThan(0);
    // On a failure the scorer's lines name each failed check and what it saw.
    expect(
      Number(passed),
      output
        .split('\n')
        .filter((l) => !l.startsWith('[score]'))
        .join('\n'),
    ).toBe(Number(cases));
  }, 600_000);
});
