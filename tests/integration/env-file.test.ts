// `nova` reads a .env file from its working directory before any configuration, under the real
// environment (which wins), and names each unknown NOVA_* variable once, never its value.
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, novaArgs } from '../support/cli.ts';

let dir: string;
let deadPort: number;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'nova-env-'));
  deadPort = await freePort();
});
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Runs `nova migrate` in `cwd` with exactly `env` (plus PATH), as an operator's shell would. */
function migrate(cwd: string, env: Record<string, string>) {
  return new Promise<{ code: number | null; stderr: string }>((resolve, reject) => {
    const child = spawn(process.execPath, novaArgs(['migrate']), {
      cwd,
      env: { PATH: process.env.PATH ?? '', ...env },
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`nova migrate timed out:\n${stderr}`));
    }, 60_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    });
  });
}

describe('.env', () => {
  it('is read from the working directory, and names an unknown NOVA_* variable without its value', async () => {
    const cwd = path.join(dir, 'read');
    await mkdir(cwd);
    await writeFile(path.join(cwd, '.env'), 'DATABASE_URL=not-a-url\nNOVA_SECRET=hunter2-typo\n');
    const { code, stderr } = await migrate(cwd, {});
    expect(code).toBe(1);
    expect(stderr).toContain('nova: warning: NOVA_SECRET is not a Nova setting');
    expect(stderr).toContain('invalid DATABASE_URL');
    expect(stderr).not.toContain('hunter2');
  });

  it('gives way to a variable set in the real environment', async () => {
    const cwd = path.join(dir, 'wins');
    await mkdir(cwd);
    await writeFile(path.join(cwd, '.env'), 'DATABASE_URL=not-a-url\n');
    const { code, stderr } = await migrate(cwd, { DATABASE_URL: `postgresql://postgres@127.0.0.1:${deadPort}/nova_x` });
    expect(code).toBe(1);
    expect(stderr.trim()).toMatch(new RegExp(`^nova: cannot migrate .*: connection refused at 127.0.0.1:${deadPort}$`));
  });

  it('may be missing, and is not read under NODE_ENV=test', async () => {
    const cwd = path.join(dir, 'test-mode');
    await mkdir(cwd);
    const env = { DATABASE_URL: `postgresql://postgres@127.0.0.1:${deadPort}/nova_x`, NOVA_DEMOO: '1' };
    const missing = await migrate(cwd, env);
    const lines = missing.stderr.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toBe('nova: warning: NOVA_DEMOO is not a Nova setting and is ignored (see .env.example)');
    expect(lines[1]).toMatch(/connection refused/);
    await writeFile(path.join(cwd, '.env'), 'NOVA_FROM_FILE=1\n');
    const read = await migrate(cwd, env);
    expect(read.stderr).toContain('NOVA_FROM_FILE is not a Nova setting');
    const testMode = await migrate(cwd, { ...env, NODE_ENV: 'test' });
    expect(testMode.stderr).toContain('connection refused');
    expect(testMode.stderr).not.toContain('NOVA_FROM_FILE');
  });
});
