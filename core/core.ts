// createCore: every domain service, wired over one narrow set of dependencies. No DI container:
// adding a module means adding one line here. A chat turn builds a core over its transaction, so that
// everything a turn does commits or rolls back together.
import { type Ai, disabledAi } from './ai/ai.port.ts';
import { createAnalyticsEvents } from './analytics/events.ts';
import { createReportsQueries } from './analytics/reports.queries.ts';
import { createApiKeysService } from './apikeys/apikeys.service.ts';
import { createChannelAccountsService } from './channels/channel-accounts.service.ts';
import { createContactsService } from './contacts/contacts.service.ts';
import { createCustomersQueries } from './customers/customers.queries.ts';
import { createPrismaCustomersRepo } from './customers/customers.repo.prisma.ts';
import { createCustomersService } from './customers/customers.service.ts';
import type { DbTx } from './db/client.ts';
import { createDigestService } from './digest/digest.service.ts';
import { createFinanceQueries } from './finance/finance.queries.ts';
import { createFinanceService } from './finance/finance.service.ts';
import type { JobQueue } from './jobs/job-map.ts';
import { createClientAlerts } from './listings/client-alerts.service.ts';
import { createListingDescriptions } from './listings/descriptions.service.ts';
import { createListingsQueries } from './listings/listings.queries.ts';
import { createListingsService } from './listings/listings.service.ts';
import { createOwnerListings } from './listings/owner-listings.service.ts';
import { createPropertiesQueries } from './listings/properties.queries.ts';
import { createPropertiesService } from './listings/properties.service.ts';
import { createMatchingQueries } from './matching/matching.queries.ts';
import { createMatchingService } from './matching/matching.service.ts';
import { createNotifier } from './notifications/notify.ts';
import { createRemindersService } from './notifications/reminders.service.ts';
import { createOrganizationsService } from './organizations/organizations.service.ts';
import { createRequestsQueries } from './requests/requests.queries.ts';
import { createRequestsService } from './requests/requests.service.ts';
import { createWorkingHoursService } from './scheduling/appointments.hours.service.ts';
import { createAppointmentsQueries } from './scheduling/appointments.queries.ts';
import { createAppointmentsService } from './scheduling/appointments.service.ts';
import type { Clock } from './shared/clock.ts';
import type { Logger } from './shared/logger.ts';
import { createFollowupsService } from './tasks/followups.service.ts';
import { createTasksQueries } from './tasks/tasks.queries.ts';
import { createTasksService } from './tasks/tasks.service.ts';
import { createMembersService } from './teams/members.service.ts';
import { createTeamsService } from './teams/teams.service.ts';
import { createWebhookEvents } from './webhooks/events.ts';
import { createWebhooksService } from './webhooks/webhooks.service.ts';

export interface CoreDeps {
  db: DbTx;
  clock: Clock;
  jobs: JobQueue;
  logger: Logger;
  /** the key that seals channel accounts' secrets (deriveKey(master, 'channel.secrets')); bin/ gives it */
  channelSecretsKey?: () => Buffer;
  /** the key that seals webhook endpoints' secrets (deriveKey(master, 'webhooks.secrets')); bin/ gives it */
  webhookSecretsKey?: () => Buffer;
  /** the optional AI helper (core/ai/ai.port.ts); absent: disabledAi, Nova works as without a key */
  ai?: Ai;
}

/** A value made on first use, then kept. */
function lazy<T>(make: () => T): () => T {
  let made: { value: T } | undefined;
  return () => {
    made ??= { value: make() };
    return made.value;
  };
}

/** An object whose every property is made by its function on first read, then kept. */
function lazyObject<T extends Record<string, () => unknown>>(makers: T): { readonly [K in keyof T]: ReturnType<T[K]> } {
  const object = {};
  for (const [key, make] of Object.entries(makers)) {
    Object.defineProperty(object, key, { get: lazy(make), enumerable: true });
  }
  return object as { readonly [K in keyof T]: ReturnType<T[K]> };
}

/**
 * Every service over `deps.db`. A chat turn builds one per transaction and reads two or three of its
 * services, so each is made on first use (a getter) rather than all thirty with their closures up front.
 */
export function createCore(deps: CoreDeps) {
  const { db, clock, jobs, logger } = deps;
  const reminders = lazy(() => createRemindersService({ db, jobs, clock }));
  // outgoing webhook events, written in the same transaction as the change (core/webhooks/events.ts)
  const events = lazy(() => createWebhookEvents({ db, jobs, clock, logger }));
  // analytics events, one row per domain event in the same transaction (core/analytics/events.ts)
  const analytics = lazy(() => createAnalyticsEvents({ db, clock }));
  const customersService = lazy(() =>
    createCustomersService({ repo: createPrismaCustomersRepo(db), clock, events: events(), analytics: analytics() }),
  );
  const notifications = lazy(() => createNotifier({ db, jobs, logger, clock }));
  // a customer's follow-up and the task that carries it (core/tasks/followups.service.ts)
  const followups = lazy(() =>
    createFollowupsService({ db, clock, reminders: reminders(), notifications: notifications() }),
  );
  return lazyObject({
    customers: () => ({ ...customersService(), ...createCustomersQueries({ db }) }),
    apiKeys: () => createApiKeysService({ db, clock }),
    contacts: () => createContactsService({ db, customers: customersService() }),
    notifications,
    digest: () => createDigestService({ db, clock }),
    teams: () => createTeamsService({ db }),
    members: () => createMembersService({ db, clock }),
    organizations: () => createOrganizationsService({ db }),
    channelAccounts: () => createChannelAccountsService({ db, secretsKey: deps.channelSecretsKey }),
    reminders,
    tasks: () => ({
      ...createTasksService({ db, clock, reminders: reminders(), analytics: analytics() }),
      ...createTasksQueries({ db, clock }),
      ...followups(),
    }),
    finance: () => ({
      ...createFinanceService({ db, clock, events: events(), followups: followups(), analytics: analytics() }),
      ...createFinanceQueries({ db }),
    }),
    requests: () => ({
      ...createRequestsService({ db, jobs, events: events(), analytics: analytics() }),
      ...createRequestsQueries({ db }),
    }),
    listings: () => ({
      ...createListingsService({ db, jobs, events: events(), analytics: analytics() }),
      ...createListingsQueries({ db }),
      ...createPropertiesService({ db, jobs, clock }),
      ...createPropertiesQueries({ db }),
      ...createClientAlerts({ db, clock }),
      ...createListingDescriptions({ db }),
      ...createOwnerListings({ db, jobs }),
    }),
    reports: () => createReportsQueries({ db, clock }),
    matching: () => ({
      ...createMatchingService({ db, clock, events: events(), analytics: analytics() }),
      ...createMatchingQueries({ db }),
    }),
    appointments: () => ({
      ...createAppointmentsService({
        db,
        clock,
        reminders: reminders(),
        notifications: notifications(),
        events: events(),
        analytics: analytics(),
      }),
      ...createAppointmentsQueries({ db, clock }),
      ...createWorkingHoursService({ db }),
    }),
    webhooks: () => createWebhooksService({ db, jobs, secretsKey: deps.webhookSecretsKey }),
    ai: () => deps.ai ?? disabledAi,
  });
}

export type Core = ReturnType<typeof createCore>;
