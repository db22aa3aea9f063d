// Outgoing webhooks end to end: a whole Nova (PostgreSQL, Redis, BullMQ workers, the memory channel)
// and receivers on 127.0.0.1. Events are written with the change that causes them, delivered signed,
// retried on failure, visible in the log, redeliverable, and never cross offices.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore } from '../../core/core.ts';
import { createDeferredQueue } from '../../core/jobs/deferred.queue.ts';
import { silentLogger } from '../../core/shared/logger.ts';
import { memberScope, type Scope, systemScope } from '../../core/shared/scope.ts';
import { deriveKey, unseal } from '../../core/shared/secrets.ts';
import { isForbidden } from '../../core/teams/authorize.ts';
import { createWebhookEvents, type WebhookPayload } from '../../core/webhooks/events.ts';
import { LAYLA, SAAD, startTestNova, type TestNova } from '../support/nova.ts';

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** An HTTP receiver on 127.0.0.1 that records every request and answers what `answer` says. */
async function startReceiver(
  answer: (path: string) => { status: number; location?: string } = () => ({ status: 200 }),
) {
  const received: Received[] = [];
  let respond = answer;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      const a = respond(req.url ?? '');
      res.writeHead(a.status, a.location ? { location: a.location } : {});
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    url: `http://127.0.0.1:${port}/hooks/nova`,
    received,
    answer(next: typeof answer) {
      respond = next;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
type Receiver = Awaited<ReturnType<typeof startReceiver>>;

async function until<T>(what: string, probe: () => Promise<T | undefined | null | false> | T, timeoutMs = 30_000) {
  const started = Date.now();
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * What a receiver does, written as docs/webhooks.md tells integrators (not with Nova's own code): the
 * HMAC-SHA256 of "timestamp.body" under the secret, and a timestamp within five minutes.
 */
function verified(r: Received, secret: string) {
  const timestamp = Number(r.headers['x-nova-timestamp']);
  if (!Number.isInteger(timestamp) || Math.abs(Date.now() / 1000 - timestamp) > 5 * 60) return false;
  const expected = Buffer.from(`sha256=${createHmac('sha256', secret).update(`${timestamp}.${r.body}`).digest('hex')}`);
  const given = Buffer.from(String(r.headers['x-nova-signature'] ?? ''));
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** Runs core calls in one transaction, as a turn does: jobs held until commit, then queued. */
async function inTransaction<T>(work: (c: ReturnType<typeof createCore>) => Promise<T>): Promise<T> {
  const deferred = createDeferredQueue();
  const out = await nova.db.$transaction((tx) =>
    work(createCore({ db: tx, clock: nova.clock, jobs: deferred.queue, logger: silentLogger })),
  );
  await deferred.flush(nova.runtime.jobs);
  return out;
}

const KEY = deriveKey(randomBytes(32).toString('base64url'), 'webhooks.secrets');

let nova: TestNova;
let core: ReturnType<typeof createCore>;
let saad: Scope;
let layla: Scope;
let ours: Receiver;
let failing: Receiver;
let theirs: Receiver;
let ourSecret: string;
let otherOrgId: string;

beforeAll(async () => {
  // Retries after 300 ms and 600 ms: three attempts in all, quickly.
  nova = await startTestNova({ webhooks: { secretsKey: () => KEY, backoffMs: [300, 600], timeoutMs: 5_000 } });
  core = createCore({
    db: nova.db,
    clock: nova.clock,
    jobs: nova.runtime.jobs,
    logger: silentLogger,
    webhookSecretsKey: () => KEY,
  });
  const org = systemScope(nova.organizationId);
  saad = memberScope({ ...(await core.teams.memberByPhone(org, SAAD))!, via: 'api' });
  layla = memberScope({ ...(await core.teams.memberByPhone(org, LAYLA))!, via: 'api' });
  [ours, failing, theirs] = await Promise.all([
    startReceiver(),
    startReceiver(() => ({ status: 500 })),
    startReceiver(),
  ]);
  const other = await nova.db.organization.create({
    data: { name: 'Other Realty', slug: `other-${randomBytes(3).toString('hex')}`, timeZone: 'Asia/Riyadh' },
  });
  otherOrgId = other.id;
  const everything = await core.webhooks.createEndpoint(systemScope(otherOrgId), {
    url: theirs.url,
    events: ['customer.created', 'request.created', 'match.created', 'property.listed', 'sale.recorded'],
  });
  expect(everything.ok).toBe(true);
});

afterAll(async () => {
  await Promise.all([ours?.close(), failing?.close(), theirs?.close()]);
  await nova?.close();
});

describe('outgoing webhooks', () => {
  it('gives the signing secret once on create, stores it sealed, and never lists it', async () => {
    const created = await core.webhooks.createEndpoint(saad, {
      url: ours.url,
      events: ['customer.created'],
      description: 'CRM sync',
    });
    if (!created.ok) throw new Error(created.error.code);
    ourSecret = created.value.secret;
    expect(ourSecret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    const row = await nova.db.webhookEndpoint.findUniqueOrThrow({ where: { id: created.value.endpoint.id } });
    expect(row.sealedSecret).not.toContain(ourSecret);
    expect(unseal(KEY, row.sealedSecret)).toBe(ourSecret);
    const listed = await core.webhooks.listEndpoints(saad);
    expect(listed).toEqual([expect.objectContaining({ url: ours.url, events: ['customer.created'], enabled: true })]);
    expect(JSON.stringify(listed)).not.toContain(ourSecret);
  });

  it('refuses non-http(s) URLs, unknown events, and members without settings rights', async () => {
    const bad = await core.webhooks.createEndpoint(saad, { url: 'file:///etc/passwd', events: ['customer.created'] });
    expect(bad).toMatchObject({ ok: false, error: { code: 'WEBHOOK.INVALID_URL' } });
    const unknown = await core.webhooks.createEndpoint(saad, {
      url: ours.url,
      events: ['customer.deleted' as 'customer.created'],
    });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'WEBHOOK.INVALID_INPUT' } });
    // ليلى is a broker: settings are hers to read, not to change, and webhooks are settings
    await expect(
      core.webhooks.createEndpoint(layla, { url: ours.url, events: ['customer.created'] }),
    ).rejects.toSatisfy(isForbidden);
    await expect(core.webhooks.listDeliveries(layla)).rejects.toSatisfy(isForbidden);
  });

  it('POSTs a signed customer.created to a receiver on 127.0.0.1 after a lead is added by chat', async () => {
    const replies = await nova.chat.say(
      SAAD,
      'عميل جديد أحمد الغامدي 0551234567 يبي شقة بالرياض حي الملقا ميزانيته ٨٠٠ ألف',
    );
    expect(replies[0]!.text).toContain('أضفت العميل أحمد الغامدي');
    const customer = await nova.db.customer.findFirstOrThrow({ where: { phone: '+966551234567' } });

    const got = await until('customer.created at the receiver', () => ours.received[0]);
    expect(got.path).toBe('/hooks/nova');
    expect(got.headers['content-type']).toBe('application/json');
    expect(got.headers['x-nova-event']).toBe('customer.created');
    expect(verified(got, ourSecret)).toBe(true);
    expect(verified({ ...got, body: got.body.replace('أحمد', 'محمد') }, ourSecret)).toBe(false);

    const payload = JSON.parse(got.body) as WebhookPayload<'customer.created'>;
    const office = await nova.db.organization.findUniqueOrThrow({ where: { id: nova.organizationId } });
    expect(payload).toMatchObject({
      event: 'customer.created',
      office: { id: office.id, slug: office.slug },
      data: { customer: { id: customer.id, name: 'أحمد الغامدي', phone: '+966551234567', status: 'new' } },
    });
    expect(payload.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(new Date(payload.occurredAt).toISOString()).toBe(payload.occurredAt);

    const delivery = await until('the delivery marked delivered', () =>
      nova.db.webhookDelivery.findFirst({
        where: { id: got.headers['x-nova-delivery'] as string, status: 'delivered' },
      }),
    );
    expect(delivery).toMatchObject({
      event: 'customer.created',
      eventId: payload.id,
      attempts: 1,
      lastStatusCode: 200,
    });
    // the lead's request (request.created) is not an event this endpoint asked for
    expect(await nova.db.webhookDelivery.count({ where: { endpointId: delivery.endpointId } })).toBe(1);
    expect(ours.received).toHaveLength(1);
  });

  it('never delivers this office’s events to another office’s endpoints', async () => {
    // everything this office did so far (a lead, its request, its matches) and below wrote nothing for them
    expect(await nova.db.webhookDelivery.count({ where: { organizationId: otherOrgId } })).toBe(0);
    expect(
      await nova.db.webhookDelivery.count({
        where: { endpoint: { organizationId: otherOrgId }, organizationId: nova.organizationId },
      }),
    ).toBe(0);
    expect(theirs.received).toHaveLength(0);
  });

  it('retries a failing receiver with backoff, then shows the delivery failed in the log; redeliver sends it again', async () => {
    const endpoint = await core.webhooks.createEndpoint(saad, { url: failing.url, events: ['customer.created'] });
    if (!endpoint.ok) throw new Error(endpoint.error.code);
    const lead = await core.customers.create(saad, { name: 'Sara Ahmed', phone: '0554443322' });
    expect(lead.ok).toBe(true);

    const failed = await until('the delivery failed after its attempts', () =>
      nova.db.webhookDelivery.findFirst({ where: { endpointId: endpoint.value.endpoint.id, status: 'failed' } }),
    );
    expect(failed).toMatchObject({ attempts: 3, lastStatusCode: 500, lastError: 'HTTP 500', nextAttemptAt: null });
    expect(failing.received).toHaveLength(3);
    // every attempt: the same delivery, the same body, each signed
    expect(new Set(failing.received.map((r) => r.headers['x-nova-delivery']))).toEqual(new Set([failed.id]));
    expect(new Set(failing.received.map((r) => r.body)).size).toBe(1);
    for (const r of failing.received) expect(verified(r, endpoint.value.secret)).toBe(true);

    const log = await core.webhooks.listDeliveries(saad, { status: 'failed', event: 'customer.created' });
    if (!log.ok) throw new Error(log.error.code);
    expect(log.value.items.map((d) => d.id)).toEqual([failed.id]);
    expect(log.value.items[0]).toMatchObject({ status: 'failed', attempts: 3, lastStatusCode: 500 });

    failing.answer(() => ({ status: 204 }));
    const again = await core.webhooks.redeliver(saad, failed.id);
    expect(again).toMatchObject({ ok: true, value: { status: 'pending', attempts: 0 } });
    const delivered = await until('the redelivery delivered', () =>
      nova.db.webhookDelivery.findFirst({ where: { id: failed.id, status: 'delivered' } }),
    );
    expect(delivered).toMatchObject({ attempts: 1, lastStatusCode: 204, lastError: null });
    expect(failing.received).toHaveLength(4);
    expect(failing.received[3]!.headers['x-nova-delivery']).toBe(failed.id);
    expect(failing.received[3]!.body).toBe(failing.received[0]!.body);
    expect(verified(failing.received[3]!, endpoint.value.secret)).toBe(true);
    await core.webhooks.deleteEndpoint(saad, endpoint.value.endpoint.id);
  });

  it('follows a redirect on the same host but never one to another host', async () => {
    const target = await startReceiver();
    const redirecting = await startReceiver((path) =>
      path === '/same'
        ? { status: 307, location: '/moved' }
        : path === '/moved'
          ? { status: 200 }
          : { status: 302, location: `http://localhost:${target.port}/stolen` },
    );
    try {
      const same = await core.webhooks.createEndpoint(saad, {
        url: `http://127.0.0.1:${redirecting.port}/same`,
        events: ['sale.recorded'],
      });
      const away = await core.webhooks.createEndpoint(saad, {
        url: `http://127.0.0.1:${redirecting.port}/away`,
        events: ['sale.recorded'],
      });
      if (!same.ok || !away.ok) throw new Error('endpoints');
      const sale = await core.finance.recordSale(saad, {
        amount: 950_000,
        dealType: 'sale',
        idempotencyKey: 'wh-sale',
      });
      expect(sale.ok).toBe(true);
      const followed = await until('the same-host redirect delivered', () =>
        nova.db.webhookDelivery.findFirst({ where: { endpointId: same.value.endpoint.id, status: 'delivered' } }),
      );
      expect(followed.lastStatusCode).toBe(200);
      expect(redirecting.received.map((r) => r.path)).toContain('/moved');
      const refused = await until('the cross-host redirect refused', () =>
        nova.db.webhookDelivery.findFirst({
          where: { endpointId: away.value.endpoint.id, lastError: 'redirect to another host not followed' },
        }),
      );
      expect(refused.lastStatusCode).toBe(302);
      expect(target.received).toHaveLength(0);
      await core.webhooks.deleteEndpoint(saad, same.value.endpoint.id);
      await core.webhooks.deleteEndpoint(saad, away.value.endpoint.id);
    } finally {
      await Promise.all([target.close(), redirecting.close()]);
    }
  });

  it('writes every event with the change that causes it, and nothing when the change rolls back', async () => {
    const all = await core.webhooks.createEndpoint(saad, {
      url: `${ours.url}/all`,
      events: [
        'request.created',
        'match.created',
        'property.listed',
        'appointment.booked',
        'appointment.cancelled',
        'appointment.completed',
        'sale.recorded',
      ],
    });
    if (!all.ok) throw new Error(all.error.code);
    const endpointId = all.value.endpoint.id;
    const events = async () =>
      (await nova.db.webhookDelivery.findMany({ where: { endpointId }, orderBy: { createdAt: 'asc' } })).map(
        (d) => d.event,
      );

    // A rolled-back change leaves no event behind.
    await expect(
      nova.db.$transaction(async (tx) => {
        const txCore = createCore({
          db: tx,
          clock: nova.clock,
          jobs: createDeferredQueue().queue,
          logger: silentLogger,
        });
        await txCore.finance.recordSale(saad, { amount: 10_000, dealType: 'rent', idempotencyKey: 'wh-rollback' });
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await events()).toEqual([]);

    const saadId = saad.userId!;
    const customer = await core.customers.create(saad, { name: 'Khalid', phone: '0553332211' });
    if (!customer.ok) throw new Error(customer.error.code);
    const request = await core.requests.create(saad, {
      customerId: customer.value.id,
      type: 'rent',
      propertyTypes: ['apartment'],
      cities: ['Riyadh'],
      districts: ['الملقا'],
      priceMax: 90_000,
    });
    expect(request.ok).toBe(true);
    const listed = await core.listings.create(saad, {
      listingType: 'rent',
      propertyType: 'apartment',
      city: 'Riyadh',
      district: 'الملقا',
      area: 150,
      price: 70_000,
      bedrooms: 3,
    });
    if (!listed.ok) throw new Error(listed.error.code);
    // Viewings are booked inside a transaction (a savepoint guards the insert), as in a chat turn.
    const booking = { userId: saadId, actor: 'broker' as const, title: 'معاينة', customerId: customer.value.id };
    const [first, second] = await inTransaction(async (c) => [
      await c.appointments.book(saad, { ...booking, startsAt: new Date('2026-11-23T10:00:00+03:00') }),
      await c.appointments.book(saad, { ...booking, startsAt: new Date('2026-11-23T11:00:00+03:00') }),
    ]);
    if (!first?.ok || !second?.ok) throw new Error('booking');
    await inTransaction((c) => c.appointments.cancel(saad, { id: first.value.id }));
    await inTransaction((c) => c.appointments.recordOutcome(saad, { id: second.value.id, outcome: 'completed' }));
    // telling the outcome again is no second appointment.completed
    await inTransaction((c) => c.appointments.recordOutcome(saad, { id: second.value.id, outcome: 'completed' }));
    await core.finance.recordSale(saad, {
      amount: 70_000,
      dealType: 'rent',
      customerId: customer.value.id,
      propertyId: listed.value.propertyId,
      idempotencyKey: 'wh-sale-2',
    });

    // The matching job (BullMQ) finds the new request and listing: match.created from its transaction.
    const names = await until('every event written', async () => {
      const list = await events();
      return list.includes('match.created') && list.length >= 7 ? list : undefined;
    });
    expect(new Set(names)).toEqual(
      new Set([
        'request.created',
        'match.created',
        'property.listed',
        'appointment.booked',
        'appointment.cancelled',
        'appointment.completed',
        'sale.recorded',
      ]),
    );
    expect(names.filter((n) => n === 'appointment.completed')).toHaveLength(1);
    expect(names.filter((n) => n === 'appointment.booked')).toHaveLength(2);

    const rows = await nova.db.webhookDelivery.findMany({ where: { endpointId } });
    const data = (event: string) => (rows.find((r) => r.event === event)!.payload as unknown as WebhookPayload).data;
    expect(data('property.listed')).toMatchObject({
      property: { id: listed.value.propertyId, refNumber: listed.value.refNumber, price: 70_000, city: 'Riyadh' },
    });
    expect(data('appointment.cancelled')).toMatchObject({ appointment: { id: first.value.id, status: 'cancelled' } });
    expect(data('appointment.completed')).toMatchObject({ appointment: { id: second.value.id, status: 'completed' } });
    expect(data('sale.recorded')).toMatchObject({
      sale: { amount: 70_000, dealType: 'rent', customerId: customer.value.id, brokerId: saadId },
    });
    expect(data('match.created')).toMatchObject({ match: { brokerId: saadId } });
    // Only customer.created carries a name or a phone.
    for (const r of rows) {
      expect(JSON.stringify(r.payload)).not.toContain('+966553332211');
      expect(JSON.stringify(r.payload)).not.toContain('Khalid');
    }
    await until('all delivered', async () =>
      (await nova.db.webhookDelivery.count({ where: { endpointId, status: { not: 'delivered' } } })) === 0 ? 1 : 0,
    );
    // The other office heard none of it.
    expect(await nova.db.webhookDelivery.count({ where: { organizationId: otherOrgId } })).toBe(0);
    expect(theirs.received).toHaveLength(0);
    await core.webhooks.deleteEndpoint(saad, endpointId);
  });

  it('pages the delivery log by cursor, newest first, stable when new deliveries arrive', async () => {
    const endpoint = await core.webhooks.createEndpoint(saad, {
      url: `${ours.url}/paged`,
      events: ['customer.created'],
      enabled: true,
    });
    if (!endpoint.ok) throw new Error(endpoint.error.code);
    const endpointId = endpoint.value.endpoint.id;
    for (let i = 0; i < 5; i++) await core.customers.create(saad, { name: `Paged ${i}`, phone: `055100000${i}` });
    const pageOf = { limit: 2, sort: 'createdAt', direction: 'desc' } as const;
    const first = await core.webhooks.listDeliveries(saad, { endpointId }, pageOf);
    if (!first.ok) throw new Error(first.error.code);
    expect(first.value.items).toHaveLength(2);
    await core.customers.create(saad, { name: 'Paged late', phone: '0551000009' });
    const seen = [...first.value.items.map((d) => d.id)];
    let after = first.value.next;
    while (after) {
      const page = await core.webhooks.listDeliveries(saad, { endpointId }, { ...pageOf, after });
      if (!page.ok) throw new Error(page.error.code);
      seen.push(...page.value.items.map((d) => d.id));
      after = page.value.next;
    }
    // the five older deliveries once each, in order; the late one is on a new first page
    expect(new Set(seen).size).toBe(5);
    const all = await nova.db.webhookDelivery.findMany({
      where: { endpointId },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    });
    expect(seen).toEqual(all.slice(1).map((d) => d.id));
    const foreign = { ...pageOf, after: { value: 'not a time', id: endpointId } };
    expect(await core.webhooks.listDeliveries(saad, {}, foreign)).toMatchObject({
      ok: false,
      error: { code: 'WEBHOOK.INVALID_INPUT' },
    });
    await core.webhooks.deleteEndpoint(saad, endpointId);
  });

  it('the sweep queues a due delivery whose job was lost', async () => {
    const endpoint = await core.webhooks.createEndpoint(saad, { url: `${ours.url}/swept`, events: ['sale.recorded'] });
    if (!endpoint.ok) throw new Error(endpoint.error.code);
    // Written like a turn would, but its deferred job is never flushed: lost.
    const lost = createDeferredQueue();
    await nova.db.$transaction(async (tx) => {
      const events = createWebhookEvents({ db: tx, jobs: lost.queue, clock: nova.clock });
      await events.emit(saad, 'sale.recorded', {
        sale: {
          id: '00000000-0000-4000-8000-000000000001',
          brokerId: saad.userId!,
          customerId: null,
          propertyId: null,
          dealType: 'sale',
          amount: 1,
          commission: 0,
          ratePercent: 0,
          closedAt: nova.clock.now().toISOString(),
        },
      });
    });
    const swept = await nova.runtime.sweep.run();
    expect(swept.webhooks).toBeGreaterThanOrEqual(1);
    await until('the swept delivery delivered', () =>
      nova.db.webhookDelivery.findFirst({ where: { endpointId: endpoint.value.endpoint.id, status: 'delivered' } }),
    );
    expect(ours.received.filter((r) => r.path === '/hooks/nova/swept')).toHaveLength(1);
    await core.webhooks.deleteEndpoint(saad, endpoint.value.endpoint.id);
  });

  it('rotates the secret (shown once) and a disabled endpoint gets no new events', async () => {
    const [endpoint] = await core.webhooks.listEndpoints(saad);
    await until(
      'earlier deliveries done',
      async () =>
        (await nova.db.webhookDelivery.count({ where: { endpointId: endpoint!.id, status: 'pending' } })) === 0,
    );
    const rotated = await core.webhooks.rotateSecret(saad, endpoint!.id);
    if (!rotated.ok) throw new Error(rotated.error.code);
    expect(rotated.value.secret).not.toBe(ourSecret);
    await core.customers.create(saad, { name: 'Rotated', phone: '0552220011' });
    const got = await until('a delivery signed with the new secret', () =>
      ours.received.find((r) => r.body.includes('Rotated')),
    );
    expect(verified(got, rotated.value.secret)).toBe(true);
    expect(verified(got, ourSecret)).toBe(false);

    const disabled = await core.webhooks.updateEndpoint(saad, endpoint!.id, { enabled: false });
    expect(disabled).toMatchObject({ ok: true, value: { enabled: false } });
    const count = await nova.db.webhookDelivery.count({ where: { endpointId: endpoint!.id } });
    await core.customers.create(saad, { name: 'Unheard', phone: '0552220012' });
    expect(await nova.db.webhookDelivery.count({ where: { endpointId: endpoint!.id } })).toBe(count);
    const redeliver = await core.webhooks.redeliver(
      saad,
      (await nova.db.webhookDelivery.findFirstOrThrow({ where: { endpointId: endpoint!.id } })).id,
    );
    expect(redeliver).toMatchObject({ ok: false, error: { code: 'WEBHOOK.ENDPOINT_DISABLED' } });
    // another office's endpoint is not found from here
    const [otherEndpoint] = await core.webhooks.listEndpoints(systemScope(otherOrgId));
    expect(await core.webhooks.updateEndpoint(saad, otherEndpoint!.id, { enabled: false })).toMatchObject({
      ok: false,
      error: { code: 'WEBHOOK.NOT_FOUND' },
    });
  });
});
