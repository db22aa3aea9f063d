// Once per test run: a template database migrated from prisma/migrations. Each integration test file
// clones it (CREATE DATABASE … TEMPLATE, ~100 ms) into a database of its own and drops it after,
// so files run in parallel and the developer's databases are never touched.
import { randomBytes } from 'node:crypto';
import type { TestProject } from 'vitest/node';
import { migrate } from '../../core/db/migrator.ts';
import { adminUrl, dropDatabase, testDatabaseUrl } from './pg.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    templateDatabase: string;
  }
}

export default async function setup(project: TestProject) {
  const name = `nova_test_tpl_${randomBytes(4).toString('hex')}`;
  await migrate(testDatabaseUrl(name));
  project.provide('templateDatabase', name);
  return async () => {
    await dropDatabase(adminUrl(), name);
  };
}
