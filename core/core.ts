// createCore: every domain service, wired over one narrow set of dependencies. No DI container:
// adding a module means adding one line here. A chat turn builds a core over its transaction, so that
// everything a turn does commits or rolls back together.
import { createReportsService } from './analytics/reports.service.ts';
import { createContactsService } from './contacts/contacts.service.ts';
import { createPrismaCustomersRepo } from './customers/customers.repo.prisma.ts';
import { createCustomersService } from './customers/customers.service.ts';
import type { DbTx } from './db/client.ts';
import { createFinanceService } from './finance/finance.service.ts';
import type { JobQueue } from './jobs/job-map.ts';
import { createListingsService } from './listings/listings.service.ts';
import { createNotifier } from './notifications/notify.ts';
import { createRemindersService } from './notifications/reminders.service.ts';
import { createRequestsService } from './requests/requests.service.ts';
import { createAppointmentsService } from './scheduling/appointments.service.ts';
import type { Clock } from './shared/clock.ts';
import type { Logger } from './shared/logger.ts';
import { createTasksService } from './tasks/tasks.service.ts';
import { createTeamsService } from './teams/teams.service.ts';

export interface CoreDeps {
  db: DbTx;
  clock: Clock;
  jobs: JobQueue;
  logger: Logger;
}

export function createCore(deps: CoreDeps) {
  const { db, clock, jobs, logger } = deps;
  const reminders = createRemindersService({ db, jobs, clock });
  const customers = createCustomersService({ repo: createPrismaCustomersRepo(db), clock });
  return {
    customers,
    contacts: createContactsService({ db, customers }),
    notifications: createNotifier({ db, jobs, logger }),
    teams: createTeamsService({ db }),
    reminders,
    tasks: createTasksService({ db, clock, reminders }),
    finance: createFinanceService({ db, clock }),
    requests: createRequestsService({ db, jobs }),
    listings: createListingsService({ db, jobs }),
    reports: createReportsService({ db }),
    appointments: createAppointmentsService({ db, clock, reminders }),
  };
}

export type Core = ReturnType<typeof createCore>;
