// The admin API's resources: one line each. A resource is a file under routes/ (see
// /tmp/tools/api-infra-ready.md and docs/api.md); its operations are registered, documented and tested
// (tests/e2e/api-matrix.test.ts runs every operation of openapi.json) from this list.
import type { Resource } from '../kit.ts';
import { apiKeysResource } from './api-keys.routes.ts';
import { appointmentsResource } from './appointments.routes.ts';
import { channelAccountsResource } from './channel-accounts.routes.ts';
import { conversationsResource } from './conversations.routes.ts';
import { customersResource } from './customers.routes.ts';
import { matchesResource } from './matches.routes.ts';
import { membersResource, teamsResource } from './members.routes.ts';
import { notificationsResource } from './notifications.routes.ts';
import { offersResource } from './offers.routes.ts';
import { propertiesResource } from './properties.routes.ts';
import { reportsResource } from './reports.routes.ts';
import { requestsResource } from './requests.routes.ts';
import { commissionsResource, salesResource } from './sales.routes.ts';
import { tasksResource } from './tasks.routes.ts';
import { webhooksResource } from './webhooks.routes.ts';

// biome-ignore format: one line per resource, so that concurrent additions do not collide
export const resources: Resource[] = [
  apiKeysResource,
  webhooksResource,
  customersResource,
  requestsResource,
  propertiesResource,
  offersResource,
  matchesResource,
  appointmentsResource,
  tasksResource,
  salesResource,
  commissionsResource,
  membersResource,
  teamsResource,
  channelAccountsResource,
  conversationsResource,
  reportsResource,
  notificationsResource,
];
