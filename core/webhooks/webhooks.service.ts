// Outgoing webhooks of an office: the endpoints its owner or a manager registers (URL, events, a
// signing secret shown once), the delivery log, and redelivery. Events are written by the services
// that make the changes (events.ts); deliveries are sent by the webhook.deliver job (deliver.ts).
//
// Everything here needs the settings module: creating an endpoint settings.create, reading endpoints
// and the log, changing an endpoint, rotating its secret and redelivering settings.edit, deleting one
// settings.delete. By default that is the owner, an admin and managers (docs/roles.md). Reads need edit
// too: an endpoint's URL may carry an integration's token, and the log holds customers' names and
// phones (customer.created). The secret is stored sealed (core/shared/secrets.ts) under the key bin/
// derives for 'webhooks.secrets'; every change is audited without the URL or the secret.
import { randomBytes } from 'node:crypto';
import { audit } from '../audit/audit.ts';
import { type DbTx, Prisma } from '../db/client.ts';
import type { JobQueue } from '../jobs/job-map.ts';
import { type Clock, systemClock } from '../shared/clock.ts';
import {
  inOrder,
  keyExpr,
  keysetAfter,
  keysetOrder,
  type Page,
  type PageRequest,
  toPage,
  validPosition,
} from '../shared/keyset.ts';
import { err, ok, type Result } from '../shared/result.ts';
import type { Scope } from '../shared/scope.ts';
import { seal } from '../shared/secrets.ts';
import { authorize } from '../teams/authorize.ts';
import { deliveryJobId, isWebhookEvent } from './events.ts';
import { checkEndpointUrl } from './url.ts';
import {
  DELIVERY_SORT_COLUMNS,
  type DeliveryFilter,
  type DeliverySort,
  type DeliveryStatus,
  deliveryFilterSchema,
  type EndpointPatch,
  type EndpointWithSecret,
  endpointPatchSchema,
  MAX_ENDPOINTS_PER_OFFICE,
  type NewEndpoint,
  newEndpointSchema,
  type WebhookDeliveryView,
  type WebhookEndpointView,
  type WebhookErrorCode,
} from './webhooks.types.ts';

export interface WebhooksDeps {
  db: DbTx;
  jobs: JobQueue;
  /** the key that seals endpoints' secrets (deriveKey(master, 'webhooks.secrets')); asked only when sealing */
  secretsKey?: () => Buffer;
  /** real time, the one delivery jobs are scheduled in (events.ts) */
  realClock?: Clock;
}

type WebhookResult<T> = Promise<Result<T, WebhookErrorCode>>;

const DEFAULT_PAGE = 20;
const MAX_PAGE = 100;

/** A new signing secret: 32 random bytes, with a prefix that says what it is when seen in a config. */
export const newSigningSecret = () => `whsec_${randomBytes(32).toString('base64url')}`;

const endpointSelect = {
  id: true,
  url: true,
  events: true,
  isEnabled: true,
  description: true,
  createdAt: true,
  updatedAt: true,
} as const;

type EndpointRow = {
  id: string;
  url: string;
  events: string[];
  isEnabled: boolean;
  description: string | null;
  createdAt: Date;
  updatedAt: Date;
};

const view = (row: EndpointRow): WebhookEndpointView => ({
  id: row.id,
  url: row.url,
  events: row.events.filter(isWebhookEvent),
  enabled: row.isEnabled,
  description: row.description,
  createdAt: row.createdAt,
  updatedAt: row.updatedAt,
});

const deliverySelect = {
  id: true,
  endpointId: true,
  event: true,
  eventId: true,
  status: true,
  attempts: true,
  lastStatusCode: true,
  lastError: true,
  nextAttemptAt: true,
  deliveredAt: true,
  createdAt: true,
  payload: true,
} as const;

const deliveryView = (row: WebhookDeliveryView & { status: string }): WebhookDeliveryView => ({
  ...row,
  status: row.status as DeliveryStatus,
});

const invalid = (field: string) => err('WEBHOOK.INVALID_INPUT' as const, { field });

export function createWebhooksService({ db, jobs, secretsKey, realClock = systemClock }: WebhooksDeps) {
  function sealSecret(secret: string): string {
    if (!secretsKey) throw new Error('webhooks need the secrets key (bin/ derives it from NOVA_SECRET_KEY)');
    return seal(secretsKey(), secret);
  }

  async function findEndpoint(scope: Scope, id: string) {
    if (!isUuid(id)) return null;
    return db.webhookEndpoint.findFirst({
      where: { id, organizationId: scope.organizationId },
      select: endpointSelect,
    });
  }

  return {
    /** Registers an endpoint; its signing secret is returned here and never again. */
    async createEndpoint(scope: Scope, input: NewEndpoint): WebhookResult<EndpointWithSecret> {
      authorize(scope, 'settings', 'create', 'webhook.create');
      const parsed = newEndpointSchema.safeParse(input);
      if (!parsed.success) return invalid(parsed.error.issues[0]?.path.join('.') ?? '');
      const url = checkEndpointUrl(parsed.data.url);
      if (!url.ok) return err('WEBHOOK.INVALID_URL', { reason: url.reason });
      const count = await db.webhookEndpoint.count({ where: { organizationId: scope.organizationId } });
      if (count >= MAX_ENDPOINTS_PER_OFFICE) return err('WEBHOOK.TOO_MANY', { max: MAX_ENDPOINTS_PER_OFFICE });
      const secret = newSigningSecret();
      const row = await db.webhookEndpoint.create({
        data: {
          organizationId: scope.organizationId,
          url: url.url,
          events: parsed.data.events,
          description: parsed.data.description || null,
          isEnabled: parsed.data.enabled ?? true,
          sealedSecret: sealSecret(secret),
        },
        select: endpointSelect,
      });
      await audit(db, scope, {
        action: 'webhook.endpoint_created',
        entityType: 'webhook_endpoint',
        entityId: row.id,
        details: { events: row.events, enabled: row.isEnabled },
      });
      return ok({ endpoint: view(row), secret });
    },

    async listEndpoints(scope: Scope): Promise<WebhookEndpointView[]> {
      authorize(scope, 'settings', 'edit', 'webhook.list');
      const rows = await db.webhookEndpoint.findMany({
        where: { organizationId: scope.organizationId },
        orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
        select: endpointSelect,
      });
      return rows.map(view);
    },

    async getEndpoint(scope: Scope, id: string): WebhookResult<WebhookEndpointView> {
      authorize(scope, 'settings', 'edit', 'webhook.list');
      const row = await findEndpoint(scope, id);
      return row ? ok(view(row)) : err('WEBHOOK.NOT_FOUND');
    },

    /**
     * Changes the URL, the events, the description, or enables/disables the endpoint. A disabled endpoint
     * gets no new events, and its deliveries still waiting fail at their next attempt.
     */
    async updateEndpoint(scope: Scope, id: string, input: EndpointPatch): WebhookResult<WebhookEndpointView> {
      authorize(scope, 'settings', 'edit', 'webhook.update');
      const parsed = endpointPatchSchema.safeParse(input);
      if (!parsed.success) return invalid(parsed.error.issues[0]?.path.join('.') ?? '');
      const patch = parsed.data;
      let url: string | undefined;
      if (patch.url !== undefined) {
        const checked = checkEndpointUrl(patch.url);
        if (!checked.ok) return err('WEBHOOK.INVALID_URL', { reason: checked.reason });
        url = checked.url;
      }
      const found = await findEndpoint(scope, id);
      if (!found) return err('WEBHOOK.NOT_FOUND');
      const row = await db.webhookEndpoint.update({
        where: { id: found.id },
        data: {
          ...(url !== undefined ? { url } : {}),
          ...(patch.events !== undefined ? { events: patch.events } : {}),
          ...(patch.description !== undefined ? { description: patch.description || null } : {}),
          ...(patch.enabled !== undefined ? { isEnabled: patch.enabled } : {}),
        },
        select: endpointSelect,
      });
      await audit(db, scope, {
        action: 'webhook.endpoint_updated',
        entityType: 'webhook_endpoint',
        entityId: row.id,
        details: { fields: Object.keys(patch).filter((k) => patch[k as keyof typeof patch] !== undefined) },
      });
      return ok(view(row));
    },

    /** Deletes the endpoint and its delivery log. */
    async deleteEndpoint(scope: Scope, id: string): WebhookResult<true> {
      authorize(scope, 'settings', 'delete', 'webhook.delete');
      const found = await findEndpoint(scope, id);
      if (!found) return err('WEBHOOK.NOT_FOUND');
      await db.webhookEndpoint.deleteMany({ where: { id: found.id, organizationId: scope.organizationId } });
      await audit(db, scope, {
        action: 'webhook.endpoint_deleted',
        entityType: 'webhook_endpoint',
        entityId: found.id,
      });
      return ok(true);
    },

    /**
     * A new signing secret, returned once; the old one stops at once (deliveries from now on, retries
     * included, are signed with the new one).
     */
    async rotateSecret(scope: Scope, id: string): WebhookResult<EndpointWithSecret> {
      authorize(scope, 'settings', 'edit', 'webhook.rotate');
      const found = await findEndpoint(scope, id);
      if (!found) return err('WEBHOOK.NOT_FOUND');
      const secret = newSigningSecret();
      const row = await db.webhookEndpoint.update({
        where: { id: found.id },
        data: { sealedSecret: sealSecret(secret) },
        select: endpointSelect,
      });
      await audit(db, scope, { action: 'webhook.secret_rotated', entityType: 'webhook_endpoint', entityId: row.id });
      return ok({ endpoint: view(row), secret });
    },

    /**
     * One page of the delivery log (newest first by default), filtered by endpoint, status and event. The
     * next page starts after the last row (keyset), so deliveries written meanwhile never shift it.
     */
    async listDeliveries(
      scope: Scope,
      filter: DeliveryFilter = {},
      page: PageRequest<DeliverySort> = { limit: DEFAULT_PAGE, sort: 'createdAt', direction: 'desc' },
    ): WebhookResult<Page<WebhookDeliveryView>> {
      authorize(scope, 'settings', 'edit', 'webhook.deliveries');
      const parsed = deliveryFilterSchema.safeParse(filter);
      if (!parsed.success) return invalid(parsed.error.issues[0]?.path.join('.') ?? '');
      const sort = DELIVERY_SORT_COLUMNS[page.sort];
      if (!sort) return invalid('sort');
      if (page.after && !validPosition(sort, page.after)) return invalid('cursor');
      const limit = Math.min(Math.max(Math.trunc(page.limit) || DEFAULT_PAGE, 1), MAX_PAGE);
      const f = parsed.data;
      const keys = await db.$queryRaw<Array<{ id: string; k: bigint }>>`
        SELECT d.id::text AS id, ${keyExpr(sort, 'd')} AS k
        FROM webhook_deliveries d
        WHERE d.organization_id = ${scope.organizationId}::uuid
          ${f.endpointId ? Prisma.sql`AND d.endpoint_id = ${f.endpointId}::uuid` : Prisma.empty}
          ${f.status ? Prisma.sql`AND d.status = ${f.status}::webhook_delivery_status` : Prisma.empty}
          ${f.event ? Prisma.sql`AND d.event = ${f.event}` : Prisma.empty}
          ${keysetAfter(sort, page.direction, 'd', page.after)}
        ${keysetOrder(sort, page.direction, 'd')}
        LIMIT ${limit + 1}`;
      const { items, next } = toPage(keys, limit);
      const ids = items.map((r) => r.id);
      const rows = ids.length
        ? await db.webhookDelivery.findMany({
            where: { id: { in: ids }, organizationId: scope.organizationId },
            select: deliverySelect,
          })
        : [];
      return ok({ items: inOrder(ids, rows).map(deliveryView), next });
    },

    async getDelivery(scope: Scope, id: string): WebhookResult<WebhookDeliveryView> {
      authorize(scope, 'settings', 'edit', 'webhook.deliveries');
      if (!isUuid(id)) return err('WEBHOOK.DELIVERY_NOT_FOUND');
      const row = await db.webhookDelivery.findFirst({
        where: { id, organizationId: scope.organizationId },
        select: deliverySelect,
      });
      return row ? ok(deliveryView(row)) : err('WEBHOOK.DELIVERY_NOT_FOUND');
    },

    /**
     * Sends a delivery again (failed, delivered or still waiting): the same delivery id, event id and
     * payload, signed anew, with a fresh round of attempts. The endpoint must be enabled.
     */
    async redeliver(scope: Scope, id: string): WebhookResult<WebhookDeliveryView> {
      authorize(scope, 'settings', 'edit', 'webhook.redeliver');
      if (!isUuid(id)) return err('WEBHOOK.DELIVERY_NOT_FOUND');
      const found = await db.webhookDelivery.findFirst({
        where: { id, organizationId: scope.organizationId },
        select: { id: true, endpoint: { select: { isEnabled: true } } },
      });
      if (!found) return err('WEBHOOK.DELIVERY_NOT_FOUND');
      if (!found.endpoint.isEnabled) return err('WEBHOOK.ENDPOINT_DISABLED');
      const dueAt = realClock.now();
      const row = await db.webhookDelivery.update({
        where: { id: found.id },
        data: { status: 'pending', attempts: 0, nextAttemptAt: dueAt, deliveredAt: null },
        select: deliverySelect,
      });
      await audit(db, scope, {
        action: 'webhook.redelivered',
        entityType: 'webhook_delivery',
        entityId: row.id,
        details: { event: row.event, endpointId: row.endpointId },
      });
      // A queue that cannot take the job now leaves the delivery due: the minute sweep queues it.
      await jobs
        .enqueue('webhook.deliver', { deliveryId: row.id }, { jobId: deliveryJobId(row.id, dueAt) })
        .catch(() => undefined);
      return ok(deliveryView(row));
    },
  };
}

const isUuid = (id: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);

export type WebhooksService = ReturnType<typeof createWebhooksService>;
