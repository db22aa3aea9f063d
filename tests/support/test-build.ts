// The compiled Nova the tests' child processes run: `bin/build.mjs` into .nova/test-build, once per
// test run and only when the sources changed since the last one. A `nova` started through tsx spends
// twice the CPU loading its modules (about 5 s against 2.5 s), and the suite starts about sixty of them;
// the build also is what `npm start` and the Dockerfile run, so the CLI tests cover it. Without the
// type check (`--no-check`, ten seconds less before the first test): `npm run typecheck`, a CI step, does.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Relative to the project (bin/build.mjs builds only inside it). */
export const TEST_BUILD_DIR = path.join('.nova', 'test-build');
/** The compiled `nova` command. */
export const TEST_BUILD_NOVA = path.join(ROOT, TEST_BUILD_DIR, 'bin', 'nova.js');

/** Builds .nova/test-build when it is missing or older than the sources; rejects with tsc's output. */
export function ensureTestBuild(): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/build.mjs', '--out-dir', TEST_BUILD_DIR, '--if-stale', '--no-check'], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`the test build failed (exit ${code}):\n${output}`)),
    );
  });
}
