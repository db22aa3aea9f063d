// Runs the real `nova` command (compiled, as `npm start` runs it) in a child process, as a user would.
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { TEST_BUILD_NOVA } from './test-build.ts';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * `node` arguments for the `nova` command: the compiled build the global setup made
 * (tests/support/test-build.ts), started in the project's directory as a user would. V8's flags are
 * production's: `nova` sets its own (bin/nova.ts), node's are given only to the benchmarks.
 */
export const novaArgs = (args: string[]) => ['--enable-source-maps', TEST_BUILD_NOVA, ...args];

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runNova(
  args: string[],
  env: NodeJS.ProcessEnv,
  input?: string,
  timeoutMs = 60_000,
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, novaArgs(args), {
      cwd: ROOT,
      env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`nova ${args.join(' ')} timed out`));
    }, timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(input ?? '');
  });
}

/** Starts a long-running verb; resolves once `ready(stdout+stderr)` is true. */
export function startNova(
  args: string[],
  env: NodeJS.ProcessEnv,
  ready: (output: string) => boolean,
  timeoutMs = 60_000,
): Promise<{ child: ChildProcess; output: () => string; stop(): Promise<void> }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, novaArgs(args), {
      cwd: ROOT,
      env: { ...process.env, ...env },
    });
    let output = '';
    const stop = () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null || child.signalCode !== null) return done();
        child.once('close', () => done());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 5_000).unref();
      });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`nova ${args.join(' ')} not ready in time:\n${output}`));
    }, timeoutMs);
    const onData = (d: Buffer) => {
      output += d;
      if (ready(output)) {
        clearTimeout(timer);
        resolve({ child, output: () => output, stop });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('close', (code) => {
      clearTimeout(timer);
      reject(new Error(`nova ${args.join(' ')} exited with ${code}:\n${output}`));
    });
  });
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/**
 * Every process a test starts gets a Redis prefix of its own (never the developer's `nova` queues),
 * and the test deletes its keys afterwards.
 */
export const testQueuePrefix = () => `nova-test-${Math.random().toString(16).slice(2, 10)}`;

export async function dropRedisPrefix(prefix: string, redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379') {
  const { Redis } = await import('ioredis');
  const redis = new Redis(redisUrl);
  try {
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length) await redis.del(...keys);
  } finally {
    await redis.quit();
  }
}
