// /webhooks: the office's outgoing webhooks (docs/webhooks.md). Endpoints (URL, events, enabled), their
// signing secret shown once (on create and rotate), the delivery log and redelivery. Core decides who
// may: the settings module (owner, admin and managers by default).
import { WEBHOOK_EVENTS } from '../../../core/webhooks/events.ts';
import {
  DELIVERY_SORT_COLUMNS,
  DELIVERY_STATUSES,
  type EndpointWithSecret,
  type WebhookDeliveryView,
  type WebhookEndpointView,
} from '../../../core/webhooks/webhooks.types.ts';
import { answer, defineResource, failure, fromResult, operation } from '../kit.ts';
import { IdParams, iso, isoOrNull, pageOf, pageQuery, sortQuery, Timestamp, z } from '../schemas.ts';

const EventName = z.enum(WEBHOOK_EVENTS).openapi({ example: 'customer.created' });

const Endpoint = z
  .object({
    id: z.uuid(),
    url: z.string().openapi({ example: 'https://crm.example.com/hooks/nova' }),
    events: z.array(EventName),
    enabled: z.boolean(),
    description: z.string().nullable(),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .openapi('WebhookEndpoint');

const EndpointWithSecretSchema = Endpoint.extend({
  secret: z.string().openapi({
    description: 'the signing secret: shown this once (on create and rotate), never again',
    example: 'whsec_…',
  }),
}).openapi('WebhookEndpointWithSecret');

const url = z
  .string()
  .min(1)
  .max(2_048)
  .openapi({ description: 'http or https; where events are POSTed', example: 'https://crm.example.com/hooks/nova' });
const events = z
  .array(EventName)
  .min(1)
  .openapi({ description: 'the events to receive', example: ['customer.created', 'appointment.booked'] });
const description = z.string().trim().max(200);

const NewEndpointBody = z
  .object({ url, events, description: description.optional(), enabled: z.boolean().default(true) })
  .openapi('NewWebhookEndpoint');

const EndpointPatchBody = z
  .object({
    url: url.optional(),
    events: events.optional(),
    description: description.nullable().optional(),
    enabled: z.boolean().optional().openapi({ description: 'false: no new events (waiting deliveries fail)' }),
  })
  .openapi('WebhookEndpointPatch');

const Delivery = z
  .object({
    id: z.uuid().openapi({ description: 'also the X-Nova-Delivery header of its requests' }),
    endpointId: z.uuid(),
    event: EventName,
    eventId: z.uuid().openapi({ description: "the payload's id: the same for every endpoint and redelivery" }),
    status: z.enum(DELIVERY_STATUSES),
    attempts: z.number().int().openapi({ description: 'attempts made in the current round' }),
    lastStatusCode: z.number().int().nullable().openapi({ description: "the receiver's last HTTP status" }),
    lastError: z.string().nullable().openapi({ example: 'HTTP 500' }),
    nextAttemptAt: Timestamp.nullable(),
    deliveredAt: Timestamp.nullable(),
    createdAt: Timestamp,
    payload: z.record(z.string(), z.unknown()).openapi({ description: 'the JSON body POSTed' }),
  })
  .openapi('WebhookDelivery');

const DeliveriesQuery = z.object({
  ...pageQuery,
  sort: sortQuery(['createdAt'], '-createdAt'),
  endpointId: z.uuid().optional(),
  status: z.enum(DELIVERY_STATUSES).optional(),
  event: EventName.optional(),
});

const endpointJson = (e: WebhookEndpointView) => ({
  id: e.id,
  url: e.url,
  events: e.events,
  enabled: e.enabled,
  description: e.description,
  createdAt: iso(e.createdAt),
  updatedAt: iso(e.updatedAt),
});

const withSecretJson = (e: EndpointWithSecret) => ({ ...endpointJson(e.endpoint), secret: e.secret });

const deliveryJson = (d: WebhookDeliveryView) => ({
  id: d.id,
  endpointId: d.endpointId,
  event: d.event as (typeof WEBHOOK_EVENTS)[number],
  eventId: d.eventId,
  status: d.status,
  attempts: d.attempts,
  lastStatusCode: d.lastStatusCode,
  lastError: d.lastError,
  nextAttemptAt: isoOrNull(d.nextAttemptAt),
  deliveredAt: isoOrNull(d.deliveredAt),
  createdAt: iso(d.createdAt),
  payload: (d.payload ?? {}) as Record<string, unknown>,
});

const version = (e: WebhookEndpointView) => ({ id: e.id, updatedAt: e.updatedAt });

export const webhooksResource = defineResource(
  'webhooks',
  "The office's outgoing webhooks: endpoints, their signing secrets, the delivery log (owner and managers).",
  [
    operation({
      operationId: 'listWebhookEndpoints',
      method: 'get',
      path: '/webhooks/endpoints',
      summary: "List the office's webhook endpoints",
      success: {
        status: 200,
        description: 'the endpoints, oldest first (never their secrets)',
        schema: z.object({ items: z.array(Endpoint) }),
      },
      handler: async ({ core, scope }) =>
        answer({ items: (await core.webhooks.listEndpoints(scope)).map(endpointJson) }),
    }),
    operation({
      operationId: 'createWebhookEndpoint',
      method: 'post',
      path: '/webhooks/endpoints',
      summary: 'Register a webhook endpoint',
      description: 'The answer holds the signing secret, once: store it now. Events are POSTed signed with it.',
      body: NewEndpointBody,
      success: { status: 201, description: 'the endpoint, with its secret', schema: EndpointWithSecretSchema },
      errors: ['WEBHOOK.INVALID_INPUT', 'WEBHOOK.INVALID_URL', 'WEBHOOK.TOO_MANY'],
      handler: async ({ write, scope, body }) =>
        fromResult(await write((core) => core.webhooks.createEndpoint(scope, body)), withSecretJson, {
          version: (e) => version(e.endpoint),
        }),
    }),
    operation({
      operationId: 'getWebhookEndpoint',
      method: 'get',
      path: '/webhooks/endpoints/{id}',
      summary: 'Get a webhook endpoint',
      params: IdParams,
      success: { status: 200, description: 'the endpoint (without its secret)', schema: Endpoint },
      errors: ['WEBHOOK.NOT_FOUND'],
      handler: async ({ core, scope, params }) =>
        fromResult(await core.webhooks.getEndpoint(scope, params.id), endpointJson, { version }),
    }),
    operation({
      operationId: 'updateWebhookEndpoint',
      method: 'patch',
      path: '/webhooks/endpoints/{id}',
      summary: 'Change a webhook endpoint',
      description: 'Its URL, events, description, or enabled. A disabled endpoint gets no new events.',
      params: IdParams,
      body: EndpointPatchBody,
      ifMatch: true,
      success: { status: 200, description: 'the endpoint as changed', schema: Endpoint },
      errors: ['WEBHOOK.NOT_FOUND', 'WEBHOOK.INVALID_INPUT', 'WEBHOOK.INVALID_URL'],
      handler: async ({ write, scope, params, body, ifMatch }) =>
        fromResult(
          await write(async (core) => {
            const current = await core.webhooks.getEndpoint(scope, params.id);
            if (!current.ok) return current;
            ifMatch(version(current.value));
            return core.webhooks.updateEndpoint(scope, params.id, body);
          }),
          endpointJson,
          { version },
        ),
    }),
    operation({
      operationId: 'deleteWebhookEndpoint',
      method: 'delete',
      path: '/webhooks/endpoints/{id}',
      summary: 'Delete a webhook endpoint',
      description: 'Its delivery log goes with it.',
      params: IdParams,
      success: { status: 204, description: 'deleted' },
      errors: ['WEBHOOK.NOT_FOUND'],
      handler: async ({ write, scope, params }) => {
        const done = await write((core) => core.webhooks.deleteEndpoint(scope, params.id));
        return done.ok ? answer(null, { status: 204 }) : failure(done.error.code, done.error.details);
      },
    }),
    operation({
      operationId: 'rotateWebhookSecret',
      method: 'post',
      path: '/webhooks/endpoints/{id}/rotate-secret',
      summary: "Replace a webhook endpoint's signing secret",
      description:
        'The answer holds the new secret, once. The old one stops at once: every request from now on, retries included, is signed with the new one.',
      params: IdParams,
      success: { status: 200, description: 'the endpoint, with its new secret', schema: EndpointWithSecretSchema },
      errors: ['WEBHOOK.NOT_FOUND'],
      handler: async ({ write, scope, params }) =>
        fromResult(await write((core) => core.webhooks.rotateSecret(scope, params.id)), withSecretJson),
    }),
    operation({
      operationId: 'listWebhookDeliveries',
      method: 'get',
      path: '/webhooks/deliveries',
      summary: 'The delivery log',
      description: 'Newest first by default; filter by endpoint, status and event.',
      query: DeliveriesQuery,
      success: { status: 200, description: 'a page of deliveries', schema: pageOf(Delivery, 'WebhookDeliveryPage') },
      errors: ['WEBHOOK.INVALID_INPUT'],
      handler: async ({ core, scope, query, pageRequest, pageAnswer }) => {
        const page = pageRequest(query, DELIVERY_SORT_COLUMNS);
        const result = await core.webhooks.listDeliveries(
          scope,
          { endpointId: query.endpointId, status: query.status, event: query.event },
          page,
        );
        return result.ok
          ? pageAnswer(query, result.value, deliveryJson)
          : failure(result.error.code, result.error.details);
      },
    }),
    operation({
      operationId: 'getWebhookDelivery',
      method: 'get',
      path: '/webhooks/deliveries/{id}',
      summary: 'Get a delivery',
      params: IdParams,
      success: { status: 200, description: 'the delivery, with its payload', schema: Delivery },
      errors: ['WEBHOOK.DELIVERY_NOT_FOUND'],
      handler: async ({ core, scope, params }) =>
        fromResult(await core.webhooks.getDelivery(scope, params.id), deliveryJson),
    }),
    operation({
      operationId: 'redeliverWebhookDelivery',
      method: 'post',
      path: '/webhooks/deliveries/{id}/redeliver',
      summary: 'Send a delivery again',
      description:
        'The same delivery id, event id and payload, signed anew, with a fresh round of attempts; whatever its status. The endpoint must be enabled.',
      params: IdParams,
      success: { status: 202, description: 'queued: the delivery, pending', schema: Delivery },
      errors: ['WEBHOOK.DELIVERY_NOT_FOUND', 'WEBHOOK.ENDPOINT_DISABLED'],
      handler: async ({ write, scope, params }) =>
        fromResult(await write((core) => core.webhooks.redeliver(scope, params.id)), deliveryJson, { status: 202 }),
    }),
  ],
);
