// Once per test run: a template database migrated from prisma/migrations. Each integration test file
// clones it (CREATE DATABASE … TEMPLATE, ~100 ms) into a database of its own and drops it after,
// so files run in parallel and the developer's databases are never touched.
import { randomBytes } from 'node:crypto';
import type { TestProject } from 'vitest/node';
import { migrate } from '../../core/db/migrator.ts';
import { adminUrl, dropDatabase, testDatabaseUrl } from './pg.ts';
import { ensureTestBuild } from './test-build.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    templateDatabase: string;
  }
}

// The integration and e2e projects share one template: their setups run in the same process (each
// with its own copy of this module, hence globalThis), and the schema engine's WebAssembly module must
// not migrate twice at once.
type SharedTemplate = { name: string; ready: Promise<void>; users: number };
// …and the compiled Nova the CLI tests start (tests/support/test-build.ts), built while the template migrates.
const holder = globalThis as { novaTestTemplate?: SharedTemplate };

// Nova without REDIS_URL runs its queues on PostgreSQL. The suite runs on Redis (CI starts one) unless
// REDIS_URL says where: every Nova a test starts in a child process inherits it. The tests of the
// PostgreSQL backend ask for it themselves (tests/support/nova.ts, tests/e2e/embedded.test.ts).
process.env.REDIS_URL ??= 'redis://127.0.0.1:6379';

export default async function setup(project: TestProject) {
  if (!holder.novaTestTemplate) {
    const name = `nova_test_tpl_${randomBytes(4).toString('hex')}`;
    const ready = Promise.all([migrate(testDatabaseUrl(name)), ensureTestBuild()]).then(() => undefined);
    holder.novaTestTemplate = { name, ready, users: 0 };
  }
  const shared = holder.novaTestTemplate;
  shared.users += 1;
  await shared.ready;
  project.provide('templateDatabase', shared.name);
  return async () => {
    shared.users -= 1;
    if (shared.users === 0) {
      holder.novaTestTemplate = undefined;
      await dropDatabase(adminUrl(), shared.name);
    }
  };
}
