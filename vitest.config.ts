import { defineConfig } from 'vitest/config';

// Two projects: pure unit tests run fully in parallel; integration and e2e tests talk to the real
// PostgreSQL and Redis. Each integration file gets its own database cloned from a migrated template
// (tests/support/global-setup.ts), so they can run in parallel too.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts', 'tests/e2e/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['tests/support/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          pool: 'forks',
        },
      },
    ],
  },
});
