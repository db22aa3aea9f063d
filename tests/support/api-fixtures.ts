// The fixtures of the generated matrix (tests/e2e/api-matrix.test.ts), which runs EVERY operation of
// openapi.json four times: without a token (401), as the owner of another office with office A's ids
// (404 when the path names an id, and office A unchanged either way), as an observer of office A on
// writes (403, unchanged), and as office A's owner (the documented 2xx).
//
// Each operation needs an entry here, keyed by its operationId (the matrix fails on an operation
// without one): the path params, query and body that make the owner's call succeed. They are functions
// of the world: two offices, office A's members, and the rows the setups created in office A (w.ids).
//
// To add a resource: push a setup that creates the rows your operations need (store their ids in w.ids
// under names of yours), and add one fixture per operation. An operation that uses its target up
// (delete, revoke, cancel, accept) creates a fresh target in its own `params`: they are computed once
// per operation, before its four calls.
import { randomUUID } from 'node:crypto';
import { systemScope } from '../../core/shared/scope.ts';
import type { TestApi, TestMember, TestOffice } from './api.ts';
import { crmFixtures, crmSetup } from './api-fixtures.crm.ts';
import { officeFixtures, officeSetup } from './api-fixtures.office.ts';

export interface World {
  api: TestApi;
  /** the office whose ids every call names */
  a: TestOffice;
  /** the other office: its owner calls with office A's ids */
  b: TestOffice;
  /** office A's members besides its owner */
  manager: TestMember;
  broker: TestMember;
  observer: TestMember;
  /** ids of office A's rows, by the names the setups gave them */
  ids: Record<string, string>;
}

export interface OperationFixture {
  /** path params, e.g. { id: w.ids.customer } */
  params?: (w: World) => Record<string, string> | Promise<Record<string, string>>;
  /** the query string's values */
  query?: (w: World) => Record<string, string> | Promise<Record<string, string>>;
  /** a valid JSON body */
  body?: (w: World) => unknown | Promise<unknown>;
  /** a valid multipart body instead (uploads); a new FormData per call */
  form?: (w: World) => FormData | Promise<FormData>;
  /** extra request headers of the owner's call */
  headers?: (w: World) => Record<string, string> | Promise<Record<string, string>>;
  /**
   * A write an observer may do (his own notification read, say): the observer's call is then expected
   * to succeed instead of a 403. Say why in a comment.
   */
  observerMay?: true;
}

export type Setup = (w: World) => Promise<void>;

/** Rows of office A the operations work on; each resource adds its own (one line). */
export const setups: Setup[] = [];

export const fixtures: Record<string, OperationFixture> = {
  // appointments, tasks, sales, members, teams, channel accounts, conversations, reports
  ...officeFixtures,
  // requests, properties, offers, matches
  ...crmFixtures,
  // api-keys (owner only)
  listApiKeys: {},
  createApiKey: { body: (w) => ({ name: 'matrix key', memberId: w.broker.id, readOnly: true }) },
  getApiKey: { params: (w) => ({ id: w.ids.apiKey! }) },
  revokeApiKey: { params: async (w) => ({ id: (await w.api.apiKey(w.broker)).id }) },
  // customers
  listCustomers: { query: () => ({ limit: '5', sort: '-createdAt' }) },
  createCustomer: {
    body: (w) => ({ name: 'عميل المصفوفة', phone: randomPhone(), category: 'buyer', assignedToId: w.broker.id }),
  },
  getCustomer: { params: (w) => ({ id: w.ids.customer! }) },
  updateCustomer: { params: (w) => ({ id: w.ids.customer! }), body: () => ({ status: 'contacted', isVip: true }) },
  deleteCustomer: { params: async (w) => ({ id: await newCustomer(w) }) },
  assignCustomer: { params: (w) => ({ id: w.ids.customer! }), body: (w) => ({ assigneeId: w.broker.id }) },
  listCustomerActivities: { params: (w) => ({ id: w.ids.customer! }) },
  listCustomerNotes: { params: (w) => ({ id: w.ids.customer! }) },
  addCustomerNote: { params: (w) => ({ id: w.ids.customer! }), body: () => ({ text: 'يبي فيلا قريبة من المدارس' }) },
  listCustomerInteractions: { params: (w) => ({ id: w.ids.customer! }) },
  logCustomerInteraction: {
    params: (w) => ({ id: w.ids.customer! }),
    body: () => ({ type: 'call', summary: 'اتصال أول', occurredAt: '2026-11-22T05:00:00.000Z' }),
  },
  listCustomerFollowups: { params: (w) => ({ id: w.ids.customer! }) },
  scheduleCustomerFollowup: {
    params: (w) => ({ id: w.ids.customer! }),
    body: () => ({ dueAt: '2026-11-23T06:00:00.000Z', type: 'call' }),
  },
  // webhooks (settings: owner and managers)
  listWebhookEndpoints: {},
  createWebhookEndpoint: { body: () => ({ url: 'http://127.0.0.1:9/matrix', events: ['sale.recorded'] }) },
  getWebhookEndpoint: { params: (w) => ({ id: w.ids.webhookEndpoint! }) },
  updateWebhookEndpoint: { params: (w) => ({ id: w.ids.webhookEndpoint! }), body: () => ({ description: 'matrix' }) },
  deleteWebhookEndpoint: { params: async (w) => ({ id: await newWebhookEndpoint(w) }) },
  rotateWebhookSecret: { params: (w) => ({ id: w.ids.webhookEndpoint! }) },
  listWebhookDeliveries: { query: () => ({ status: 'failed', limit: '10' }) },
  getWebhookDelivery: { params: (w) => ({ id: w.ids.webhookDelivery! }) },
  redeliverWebhookDelivery: { params: (w) => ({ id: w.ids.webhookDelivery! }) },
  // notifications: the caller's own; an observer reads and marks his own too (observerMay)
  listNotifications: { query: () => ({ unread: 'true', limit: '5' }) },
  markNotificationRead: { params: (w) => ({ id: w.ids.notification! }), observerMay: true },
  markAllNotificationsRead: { observerMay: true },
};

setups.push(async (w) => {
  w.ids.apiKey = (await w.api.apiKey(w.manager, true)).id;
  w.ids.customer = await newCustomer(w, 'أبو فهد');
});

let phones = 0;
/** A Saudi mobile number no other fixture uses. */
export function randomPhone(): string {
  return `+96659${String(process.pid % 1000).padStart(3, '0')}${String(++phones).padStart(4, '0')}`;
}

/** A customer of office A, assigned to its broker. */
export async function newCustomer(w: World, name = 'عميل'): Promise<string> {
  const c = await w.api.db.customer.create({
    data: { organizationId: w.a.id, name, searchName: name, phone: randomPhone(), assignedToId: w.broker.id },
  });
  return c.id;
}

/** A webhook endpoint of office A (its secret sealed as the API seals it). */
async function newWebhookEndpoint(w: World): Promise<string> {
  const created = await w.api.api.core.webhooks.createEndpoint(systemScope(w.a.id), {
    url: 'http://127.0.0.1:9/matrix',
    events: ['sale.recorded'],
  });
  if (!created.ok) throw new Error(created.error.code);
  return created.value.endpoint.id;
}

setups.push(async (w) => {
  w.ids.webhookEndpoint = await newWebhookEndpoint(w);
  const delivery = await w.api.db.webhookDelivery.create({
    data: {
      organizationId: w.a.id,
      endpointId: w.ids.webhookEndpoint,
      event: 'sale.recorded',
      eventId: randomUUID(),
      payload: { event: 'sale.recorded', data: {} },
      status: 'failed',
      attempts: 8,
      lastStatusCode: 500,
      lastError: 'HTTP 500',
    },
  });
  w.ids.webhookDelivery = delivery.id;
});

// a reminder Nova told office A's owner
setups.push(async (w) => {
  const n = await w.api.db.notification.create({
    data: {
      organizationId: w.a.id,
      userId: w.a.owner.id,
      title: '⏰ تذكير',
      message: '⏰ تذكير: اتصل بأبو فهد',
      type: 'reminder',
    },
  });
  w.ids.notification = n.id;
});

// the office's working resources (api-fixtures.office.ts), after the customer above
setups.push((w) => officeSetup(w));

// requests, properties, offers, matches (api-fixtures.crm.ts), after the customer above
setups.push((w) => crmSetup(w));
