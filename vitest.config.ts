import { defineConfig } from 'vitest/config';

// Three projects: pure unit tests (features over a fake core included) run fully in parallel;
// integration tests talk to the real PostgreSQL and Redis; e2e tests run whole conversations, the CLI
// and the browser. Each integration or e2e file gets its own database cloned from a migrated template
// (tests/support/global-setup.ts), so they run in parallel too.
const realServices = {
  environment: 'node' as const,
  globalSetup: ['tests/support/global-setup.ts'],
  testTimeout: 60_000,
  hookTimeout: 120_000,
  pool: 'forks' as const,
};

export default defineConfig({
  test: {
    projects: [
      { test: { name: 'unit', include: ['tests/unit/**/*.test.ts'], environment: 'node' } },
      { test: { name: 'integration', include: ['tests/integration/**/*.test.ts'], ...realServices } },
      { test: { name: 'e2e', include: ['tests/e2e/**/*.test.ts'], ...realServices } },
    ],
  },
});
