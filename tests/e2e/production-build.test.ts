// The production build as `npm run build` makes it and the Dockerfile runs it: compiled to JavaScript,
// started with plain `node` from another working directory, it finds its migrations, the gazetteer and
// the Prisma client, serves, and stops on SIGTERM with exit code 0, leaving no process behind.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropRedisPrefix, freePort, ROOT, testQueuePrefix } from '../support/cli.ts';
import { adminUrl, dropDatabase, testDatabaseUrl } from '../support/pg.ts';
import { TEST_BUILD_DIR, TEST_BUILD_NOVA } from '../support/test-build.ts';

// The build the global setup made with `bin/build.mjs` (as `npm run build` does, into another folder).
const outDir = TEST_BUILD_DIR;
const compiled = TEST_BUILD_NOVA;
const databases: string[] = [];
const prefixes: string[] = [];
let cwd: string;

const database = (suffix = '') => {
  const name = `nova_test_build_${randomBytes(4).toString('hex')}${suffix}`;
  databases.push(name);
  return testDatabaseUrl(name);
};
const queuePrefix = () => {
  const prefix = testQueuePrefix();
  prefixes.push(prefix);
  return prefix;
};

beforeAll(async () => {
  cwd = await mkdtemp(path.join(tmpdir(), 'nova-dist-'));
});

afterAll(async () => {
  if (cwd) await rm(cwd, { recursive: true, force: true });
  for (const name of databases) await dropDatabase(adminUrl(), name);
  for (const prefix of prefixes) await dropRedisPrefix(prefix);
});

/** `node <build>/bin/nova.js …` in a directory that is not the project's. */
function node(args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  return spawn(process.execPath, ['--enable-source-maps', compiled, ...args], {
    cwd,
    env: { ...process.env, LOG_LEVEL: 'info', ...env },
  });
}

function collect(child: ChildProcess) {
  let output = '';
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return { output: () => output, exited };
}

async function until(condition: () => boolean, what: () => string, timeoutMs = 90_000) {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting: ${what()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('the compiled build', () => {
  it('holds the files it reads at run time beside the code', () => {
    for (const file of [
      'data/gazetteer/places.json',
      'prisma/schema.prisma',
      'prisma/migrations',
      'package.json',
      'prompts/understand.v1.md',
    ]) {
      expect(existsSync(path.join(ROOT, outDir, file)), file).toBe(true);
    }
  });

  it('migrates a new database and answers a conversation that needs the gazetteer', async () => {
    const script = path.join(cwd, 'scenario.jsonl');
    await writeFile(
      script,
      `${JSON.stringify({ at: '2026-11-22T09:30:00+03:00', from: '+966500000001', text: 'عميل جديد أحمد 0551234567 يبي شقة بالرياض حي الملقا' })}\n`,
    );
    const run = collect(
      node(['chat', '--script', script, '--reset', '--seed', 'demo'], {
        DATABASE_URL: database('_test'),
        QUEUE_PREFIX: queuePrefix(),
        LOG_LEVEL: 'warn',
      }),
    );
    const { code } = await run.exited;
    expect(code, run.output()).toBe(0);
    const reply = JSON.parse(
      run
        .output()
        .split('\n')
        .find((line) => line.startsWith('{"at"')) ?? '{}',
    );
    expect(reply.text).toContain('أضفت العميل أحمد');
    expect(reply.text).toContain('الملقا');
  });

  it('starts, serves, and on SIGTERM exits with code 0 and leaves no process', async () => {
    const port = await freePort();
    const child = node(['start'], { DATABASE_URL: database(), QUEUE_PREFIX: queuePrefix(), PORT: String(port) });
    const run = collect(child);
    try {
      await until(
        () => run.output().includes('Nova is running') || child.exitCode !== null,
        () => run.output(),
      );
      expect(child.exitCode, run.output()).toBeNull();
      const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
      expect(ready.status).toBe(200);
      const media = await fetch(`http://127.0.0.1:${port}/media/00000000-0000-4000-8000-000000000000/property/x.jpg`);
      expect(media.status).toBe(404);
      expect(await media.json()).toEqual({ error: 'not_found' });
    } finally {
      child.kill('SIGTERM');
    }
    const { code, signal } = await run.exited;
    expect({ code, signal }, run.output()).toEqual({ code: 0, signal: null });
    expect(run.output()).toContain('"signal":"SIGTERM"');
    expect(() => process.kill(child.pid!, 0)).toThrow(/ESRCH/);
  });

  it('stops with exit code 0 on SIGTERM through npm start, its script as package.json has it', async () => {
    const script = JSON.parse(await readFile(path.join(ROOT, 'package.json'), 'utf8')).scripts.start as string;
    expect(script).toContain('dist/bin/nova.js');
    // A project of its own whose start script is ours, on the test build instead of dist/ (no prestart).
    const project = await mkdtemp(path.join(tmpdir(), 'nova-npm-start-'));
    await writeFile(
      path.join(project, 'package.json'),
      JSON.stringify({
        name: 'nova-start-check',
        private: true,
        scripts: { start: script.replace('dist/bin/nova.js', compiled) },
      }),
    );
    const port = await freePort();
    const npm = spawn('npm', ['start'], {
      cwd: project,
      env: {
        ...process.env,
        LOG_LEVEL: 'info',
        DATABASE_URL: database(),
        QUEUE_PREFIX: queuePrefix(),
        PORT: String(port),
      },
    });
    const run = collect(npm);
    let novaPid = 0;
    try {
      await until(
        () => run.output().includes('Nova is running') || npm.exitCode !== null,
        () => run.output(),
      );
      expect(npm.exitCode, run.output()).toBeNull();
      // The script execs node: npm's child is Nova itself, with the heap cap in its NODE_OPTIONS.
      novaPid = Number(execFileSync('ps', ['-o', 'pid=', '--ppid', String(npm.pid)], { encoding: 'utf8' }).trim());
      expect(readFileSync(`/proc/${novaPid}/cmdline`, 'utf8')).toContain(compiled);
      expect(readFileSync(`/proc/${novaPid}/environ`, 'utf8')).toMatch(/NODE_OPTIONS=--max-old-space-size=\d+/);
    } finally {
      npm.kill('SIGTERM');
    }
    const { code, signal } = await run.exited;
    expect({ code, signal }, run.output()).toEqual({ code: 0, signal: null });
    expect(run.output()).toContain('"signal":"SIGTERM"');
    expect(() => process.kill(novaPid, 0)).toThrow(/ESRCH/);
    await rm(project, { recursive: true, force: true });
  });
});
