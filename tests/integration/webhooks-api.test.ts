// The admin API's /webhooks routes over a test Nova: the secret shown once, problems for what core
// refuses, the delivery log by cursor, redelivery, If-Match, rotation and deletion.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memberScope } from '../../core/shared/scope.ts';
import { startTestApi, type TestApi, type TestMember, type TestOffice } from '../support/api.ts';

let t: TestApi;
let office: TestOffice;
let broker: TestMember;
const owner = () => office.owner;

const json = async (r: Response) => (await r.json()) as Record<string, unknown> & { items?: Record<string, unknown>[] };

beforeAll(async () => {
  t = await startTestApi();
  office = await t.office('hooks-api');
  broker = await t.member(office.id, 'broker', 'وسيط');
});
afterAll(async () => {
  await t?.close();
});

/** A customer of the office added as its owner would: one customer.created per subscribed endpoint. */
const addCustomer = (name: string, phone: string) =>
  t.api.transact((core) =>
    core.customers.create(memberScope({ organizationId: office.id, userId: owner().id, role: 'owner' }), {
      name,
      phone,
    }),
  );

describe('/api/v1/webhooks', () => {
  let endpointId: string;

  it('registers an endpoint and shows its secret in that answer only', async () => {
    const created = await t.call(
      'POST',
      '/api/v1/webhooks/endpoints',
      { url: 'https://crm.example.com/hooks/nova', events: ['customer.created'], description: 'CRM' },
      { token: owner().token },
    );
    expect(created.status).toBe(201);
    const body = await json(created);
    expect(body).toMatchObject({
      url: 'https://crm.example.com/hooks/nova',
      events: ['customer.created'],
      enabled: true,
    });
    expect(body.secret).toMatch(/^whsec_/);
    endpointId = body.id as string;

    const read = await t.call('GET', `/api/v1/webhooks/endpoints/${endpointId}`, undefined, { token: owner().token });
    expect(read.status).toBe(200);
    expect(await json(read)).not.toHaveProperty('secret');
    const list = await json(await t.call('GET', '/api/v1/webhooks/endpoints', undefined, { token: owner().token }));
    expect(list.items).toHaveLength(1);
    expect(JSON.stringify(list)).not.toContain(body.secret as string);
  });

  it('answers problems: a file: URL is refused (400), a broker may not manage webhooks (403)', async () => {
    const bad = await t.call(
      'POST',
      '/api/v1/webhooks/endpoints',
      { url: 'file:///etc/passwd', events: ['customer.created'] },
      { token: owner().token },
    );
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toContain('application/problem+json');
    expect(await json(bad)).toMatchObject({
      type: 'urn:nova:problem:WEBHOOK.INVALID_URL',
      code: 'WEBHOOK.INVALID_URL',
    });

    const refused = await t.call(
      'POST',
      '/api/v1/webhooks/endpoints',
      { url: 'https://crm.example.com/x', events: ['customer.created'] },
      { token: broker.token },
    );
    expect(refused.status).toBe(403);
    expect((await t.call('GET', '/api/v1/webhooks/deliveries', undefined, { token: broker.token })).status).toBe(403);
  });

  it('pages the delivery log by cursor, filtered by event, and redelivers one (202)', async () => {
    for (const [name, phone] of [
      ['Lead One', '0556660001'],
      ['Lead Two', '0556660002'],
      ['Lead Three', '0556660003'],
    ])
      expect((await addCustomer(name!, phone!)).ok).toBe(true);

    const first = await json(
      await t.call('GET', '/api/v1/webhooks/deliveries?event=customer.created&limit=2', undefined, {
        token: owner().token,
      }),
    );
    expect(first.items).toHaveLength(2);
    expect(first.items![0]).toMatchObject({ event: 'customer.created', status: 'pending', endpointId });
    expect(first.items![0]!.payload).toMatchObject({ data: { customer: { name: 'Lead Three' } } });
    const second = await json(
      await t.call(
        'GET',
        `/api/v1/webhooks/deliveries?event=customer.created&limit=2&cursor=${first.nextCursor as string}`,
        undefined,
        { token: owner().token },
      ),
    );
    expect(
      second.items!.map((d) => (d.payload as { data: { customer: { name: string } } }).data.customer.name),
    ).toEqual(['Lead One']);
    expect(second.nextCursor).toBeNull();
    const none = await json(
      await t.call('GET', '/api/v1/webhooks/deliveries?event=sale.recorded', undefined, { token: owner().token }),
    );
    expect(none.items).toEqual([]);

    const id = second.items![0]!.id as string;
    const again = await t.call('POST', `/api/v1/webhooks/deliveries/${id}/redeliver`, undefined, {
      token: owner().token,
    });
    expect(again.status).toBe(202);
    expect(await json(again)).toMatchObject({ id, status: 'pending', attempts: 0 });
    const read = await json(
      await t.call('GET', `/api/v1/webhooks/deliveries/${id}`, undefined, { token: owner().token }),
    );
    expect(read).toMatchObject({ id, event: 'customer.created' });
  });

  it('changes an endpoint under If-Match, and a disabled one cannot redeliver', async () => {
    const read = await t.call('GET', `/api/v1/webhooks/endpoints/${endpointId}`, undefined, { token: owner().token });
    const etag = read.headers.get('etag')!;
    const stale = await t.call(
      'PATCH',
      `/api/v1/webhooks/endpoints/${endpointId}`,
      { enabled: false },
      { token: owner().token, headers: { 'if-match': '"not-the-version"' } },
    );
    expect(stale.status).toBe(412);
    const patched = await t.call(
      'PATCH',
      `/api/v1/webhooks/endpoints/${endpointId}`,
      { enabled: false },
      { token: owner().token, headers: { 'if-match': etag } },
    );
    expect(patched.status).toBe(200);
    expect(await json(patched)).toMatchObject({ enabled: false });

    const log = await json(await t.call('GET', '/api/v1/webhooks/deliveries', undefined, { token: owner().token }));
    const refused = await t.call(
      'POST',
      `/api/v1/webhooks/deliveries/${log.items![0]!.id as string}/redeliver`,
      undefined,
      {
        token: owner().token,
      },
    );
    expect(refused.status).toBe(409);
    expect(await json(refused)).toMatchObject({ code: 'WEBHOOK.ENDPOINT_DISABLED' });
  });

  it('rotates the secret (a new one, once) and deletes the endpoint with its log', async () => {
    const rotated = await t.call('POST', `/api/v1/webhooks/endpoints/${endpointId}/rotate-secret`, undefined, {
      token: owner().token,
    });
    expect(rotated.status).toBe(200);
    expect((await json(rotated)).secret).toMatch(/^whsec_/);

    const deleted = await t.call('DELETE', `/api/v1/webhooks/endpoints/${endpointId}`, undefined, {
      token: owner().token,
    });
    expect(deleted.status).toBe(204);
    const gone = await t.call('GET', `/api/v1/webhooks/endpoints/${endpointId}`, undefined, { token: owner().token });
    expect(gone.status).toBe(404);
    expect(await t.db.webhookDelivery.count({ where: { endpointId } })).toBe(0);
  });
});
