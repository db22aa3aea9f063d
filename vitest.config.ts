import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import LongestFirstSequencer from './tests/support/sequencer.ts';

// Two projects: pure unit tests (features over a fake core included) need nothing running; the
// services project holds the integration tests (core and channels on the real PostgreSQL and Redis)
// and the e2e tests (whole conversations, the CLI, the browser). Each of its files gets its own
// database cloned from a migrated template (tests/support/global-setup.ts), so they run in parallel too.
//
// Integration and e2e are one project, not two, because vitest reuses a worker only for a file of the
// same project as the one it just ran: with two, every switch between them in the queue started a new
// worker that imported the whole runtime again (seconds of CPU each, tens of switches a run).
//
// Workers: vitest's default is one fewer than the cores, which on a 2-core machine is one worker and
// every file in turn. Integration and e2e files spend most of their time waiting on PostgreSQL, Redis
// and child processes, so twice the cores keeps both busy. TEST_WORKERS overrides (not a NOVA_*
// name: nova warns about unknown ones, and the CLI tests' nova inherits the environment).
const workers = Number(process.env.TEST_WORKERS) || Math.max(2, availableParallelism() * 2);

const realServices = {
  environment: 'node' as const,
  globalSetup: ['tests/support/global-setup.ts'],
  testTimeout: 60_000,
  hookTimeout: 120_000,
  pool: 'forks' as const,
  // A worker keeps its module graph from file to file (importing the runtime was seconds per file);
  // each file still has its own database, queue prefix and runtime.
  isolate: false,
};

export default defineConfig({
  test: {
    maxWorkers: workers,
    // The longest files start first, so that none of them is left running alone at the end; the unit
    // files come last, all together.
    sequence: { sequencer: LongestFirstSequencer },
    projects: [
      // Pure logic: one module graph per worker instead of one per file (imports were most of their
      // time). Processes, not threads: native addons (sharp, resvg) in worker threads crashed vitest
      // with a segmentation fault at exit, after every test had passed.
      {
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts'],
          environment: 'node',
          pool: 'forks',
          isolate: false,
          // Property tests are seconds of CPU: with the other projects' workers on the same two
          // cores, vitest's 5 s default made them fail for the load, not the code.
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'services',
          include: ['tests/integration/**/*.test.ts', 'tests/e2e/**/*.test.ts'],
          ...realServices,
        },
      },
    ],
  },
});
