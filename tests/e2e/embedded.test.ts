// A first run on a machine with nothing but Node: `nova start --embedded` with no DATABASE_URL and no
// REDIS_URL starts its own PostgreSQL (data in .nova/postgres of its working directory), runs the queues
// on it, answers the demo web chat, and on SIGTERM stops that PostgreSQL with itself. Started again in the
// same directory, it finds its data there.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, novaArgs } from '../support/cli.ts';
import { LAYLA } from '../support/nova.ts';

let cwd: string;
const started: ChildProcess[] = [];

beforeAll(async () => {
  cwd = await mkdtemp(path.join(tmpdir(), 'nova-embedded-'));
  // Under root, PostgreSQL runs as the user postgres, which must be able to enter the directory.
  await chmod(cwd, 0o755);
});
afterAll(async () => {
  for (const child of started) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  if (cwd) await rm(cwd, { recursive: true, force: true });
});

/** `nova start` in the temporary directory, with neither DATABASE_URL nor REDIS_URL. */
function start(args: string[], port: number) {
  const child = spawn(process.execPath, novaArgs(['start', ...args]), {
    cwd,
    env: {
      ...process.env,
      DATABASE_URL: '',
      REDIS_URL: '',
      QUEUE_PREFIX: '',
      NOVA_DEMO: '1',
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
    },
  });
  started.push(child);
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, output: () => output, exited };
}

async function until<T>(probe: () => Promise<T | undefined> | T | undefined, what: () => string, timeoutMs = 120_000) {
  const startedAt = Date.now();
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() - startedAt > timeoutMs) throw new Error(`timed out waiting: ${what()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** The embedded server's process id, from its lock file. */
async function postgresPid(): Promise<number> {
  const lock = await readFile(path.join(cwd, '.nova', 'postgres', 'postmaster.pid'), 'utf8');
  return Number(lock.split('\n')[0]);
}

describe('nova start --embedded, with no DATABASE_URL and no REDIS_URL', () => {
  it('runs on its own PostgreSQL, answers the web chat, and stops that PostgreSQL on SIGTERM', async () => {
    const port = await freePort();
    const nova = start(['--embedded'], port);
    await until(
      () => (nova.output().includes('Health:') ? true : nova.child.exitCode !== null ? false : undefined),
      nova.output,
    );
    expect(nova.child.exitCode, nova.output()).toBeNull();
    expect(nova.output()).toMatch(/Database: +embedded PostgreSQL in \.nova\/postgres on 127\.0\.0\.1:\d+/);
    expect(nova.output()).toMatch(/Queues: +PostgreSQL/);
    const pid = await postgresPid();
    expect(alive(pid)).toBe(true);

    const base = `http://127.0.0.1:${port}`;
    const ready = await fetch(`${base}/readyz`);
    expect(await ready.json()).toEqual({ status: 'ready', services: { postgres: 'up', postgres_queue: 'up' } });

    const posted = await fetch(`${base}/chat/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ from: LAYLA, text: 'مرحبا', clientId: randomUUID() }),
    });
    expect(posted.status).toBe(202);
    const replies = await until(
      async () => {
        const res = await fetch(`${base}/chat/api/messages?from=${encodeURIComponent(LAYLA)}&after=0`);
        const body = (await res.json()) as Array<{ text: string }>;
        return body.length ? body : undefined;
      },
      () => 'a reply in the web chat',
      60_000,
    );
    expect(replies[0]!.text).toContain('ليلى');

    nova.child.kill('SIGTERM');
    expect(await nova.exited, nova.output()).toEqual({ code: 0, signal: null });
    expect(nova.output()).toContain('embedded PostgreSQL stopped');
    expect(alive(pid)).toBe(false);
  }, 240_000);

  it('finds its data again when started again in the same directory', async () => {
    const port = await freePort();
    // (--embedded again: without it, the PostgreSQL this machine runs on 127.0.0.1:5432 would win)
    const nova = start(['--embedded'], port);
    await until(
      () => (nova.output().includes('Health:') ? true : nova.child.exitCode !== null ? false : undefined),
      nova.output,
    );
    expect(nova.child.exitCode, nova.output()).toBeNull();
    // The migrations and the demo office are there from the first run.
    expect(nova.output()).not.toContain('creating the embedded PostgreSQL');
    expect(nova.output()).toContain('database is up to date');
    expect(nova.output()).not.toContain('demo organization loaded');
    const pid = await postgresPid();
    const history = await fetch(`http://127.0.0.1:${port}/chat/api/messages?from=${encodeURIComponent(LAYLA)}&after=0`);
    expect(((await history.json()) as unknown[]).length).toBeGreaterThan(0);

    nova.child.kill('SIGINT');
    expect(await nova.exited, nova.output()).toEqual({ code: 0, signal: null });
    expect(alive(pid)).toBe(false);
  }, 240_000);
});
