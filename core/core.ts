// createCore: every domain service, wired over one narrow set of dependencies. No DI container:
// adding a module means adding one line here.
import { createPrismaCustomersRepo } from './customers/customers.repo.prisma.ts';
import { createCustomersService } from './customers/customers.service.ts';
import type { Db } from './db/client.ts';
import type { JobQueue } from './jobs/job-map.ts';
import type { Clock } from './shared/clock.ts';
import type { Logger } from './shared/logger.ts';

export interface CoreDeps {
  db: Db;
  clock: Clock;
  jobs: JobQueue;
  logger: Logger;
}

export function createCore(deps: CoreDeps) {
  return {
    customers: createCustomersService({ repo: createPrismaCustomersRepo(deps.db), clock: deps.clock }),
  };
}

export type Core = ReturnType<typeof createCore>;
