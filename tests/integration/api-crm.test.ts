// The admin API's CRM resources over real PostgreSQL: keyset pages that stay exact while rows are
// inserted (and for rows written in one statement, which share their microsecond), idempotent creates,
// ETag / If-Match, filters and search, privacy of phones, the office boundary, photo uploads.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mediaRoutes } from '../../api/routes/media/media.routes.ts';
import { deriveKey } from '../../core/shared/secrets.ts';
import { createMediaReader } from '../../core/storage/media.queries.ts';
import { createMediaLinks } from '../../core/storage/media-links.ts';
import { startTestApi, type TestApi, type TestMember, type TestOffice } from '../support/api.ts';
import { PNG } from '../support/api-fixtures.crm.ts';
import { TEST_MASTER_SECRET } from '../support/web-auth.ts';

let t: TestApi;
let a: TestOffice;
let broker: TestMember;
let teamMember: TestMember;
// API keys: they do not expire when a test moves the clock a day on
let owner: string;
let brokerKey: string;
let teamKey: string;

beforeAll(async () => {
  t = await startTestApi();
  a = await t.office('crm-a');
  broker = await t.member(a.id, 'broker', 'وسيط');
  teamMember = await t.member(a.id, 'team_member', 'عضو');
  owner = (await t.apiKey(a.owner)).key;
  brokerKey = (await t.apiKey(broker)).key;
  teamKey = (await t.apiKey(teamMember)).key;
});
afterAll(async () => {
  await t?.close();
});

type Page<T> = { items: T[]; nextCursor: string | null };
type CustomerJson = { id: string; name: string; phone: string | null; updatedAt: string; assignedToId: string | null };

let n = 0;
const phone = () => `+96658${String(process.pid % 1000).padStart(3, '0')}${String(++n).padStart(4, '0')}`;

async function createCustomer(token: string, body: Record<string, unknown>) {
  const res = await t.call('POST', '/api/v1/customers', body, { token });
  expect(res.status, await res.clone().text()).toBe(201);
  return (await res.json()) as CustomerJson;
}

async function pages<T>(url: string, token: string, between?: (page: number) => Promise<void>): Promise<T[][]> {
  const out: T[][] = [];
  let cursor: string | null = null;
  do {
    const sep = url.includes('?') ? '&' : '?';
    const res = await t.call('GET', `${url}${cursor ? `${sep}cursor=${encodeURIComponent(cursor)}` : ''}`, undefined, {
      token,
    });
    expect(res.status, await res.clone().text()).toBe(200);
    const page = (await res.json()) as Page<T>;
    out.push(page.items);
    cursor = page.nextCursor;
    if (between) await between(out.length);
  } while (cursor && out.length < 100);
  return out;
}

describe('pagination', () => {
  it('pages newest first with an opaque cursor, stable while customers are added between pages', async () => {
    const office = await t.office('crm-pages');
    const created: string[] = [];
    for (let i = 0; i < 23; i++) {
      t.nova.clock.advance(1_000);
      created.push((await createCustomer(office.owner.token, { name: `عميل ${i}`, phone: phone() })).id);
    }
    const inserted: string[] = [];
    const seen = (
      await pages<CustomerJson>('/api/v1/customers?limit=5', office.owner.token, async () => {
        t.nova.clock.advance(1_000);
        inserted.push((await createCustomer(office.owner.token, { name: 'جديد', phone: phone() })).id);
      })
    ).flat();
    const ids = seen.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    // every customer that existed when paging began, exactly once, newest first; none of the new ones
    expect(ids).toEqual([...created].reverse());
    expect(ids.some((id) => inserted.includes(id))).toBe(false);
  });

  it('pages rows written in one statement (the same microsecond) without skipping or repeating', async () => {
    const office = await t.office('crm-bulk');
    await t.db.$executeRaw`
      INSERT INTO customers (organization_id, name, search_name, created_at, updated_at)
      SELECT ${office.id}::uuid, 'دفعة ' || g, 'دفعة ' || g, now(), now() FROM generate_series(1, 17) g`;
    const byCreated = (await pages<CustomerJson>('/api/v1/customers?limit=4', office.owner.token)).flat();
    expect(byCreated).toHaveLength(17);
    expect(new Set(byCreated.map((c) => c.id)).size).toBe(17);
    const byName = (await pages<CustomerJson>('/api/v1/customers?limit=4&sort=name', office.owner.token)).flat();
    expect(byName.map((c) => c.id).sort()).toEqual(byCreated.map((c) => c.id).sort());
    const names = byName.map((c) => c.name);
    expect(names).toEqual([...names].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0)));
  });

  it('refuses a cursor of another sort, a forged cursor and a limit over 100 with a 400 problem', async () => {
    const first = await t.call('GET', '/api/v1/customers?limit=1', undefined, { token: owner });
    await createCustomer(owner, { name: 'لصفحة ثانية', phone: phone() });
    await createCustomer(owner, { name: 'لصفحة ثالثة', phone: phone() });
    const again = await t.call('GET', '/api/v1/customers?limit=1', undefined, { token: owner });
    const cursor = ((await again.json()) as Page<CustomerJson>).nextCursor!;
    expect(first.status).toBe(200);
    for (const url of [
      `/api/v1/customers?limit=1&sort=name&cursor=${cursor}`,
      `/api/v1/customers?cursor=${Buffer.from('{"s":"-createdAt","v":"x","i":"y"}').toString('base64url')}`,
      '/api/v1/customers?cursor=%%%',
      '/api/v1/customers?limit=101',
      '/api/v1/customers?sort=phone',
    ]) {
      const res = await t.call('GET', url, undefined, { token: owner });
      expect(res.status, url).toBe(400);
      expect(((await res.json()) as { type: string }).type).toBe('urn:nova:problem:API.INVALID_INPUT');
    }
  });
});

describe('idempotency', () => {
  it('creates one customer for a POST retried with the same Idempotency-Key, answering the first result', async () => {
    const body = { name: 'عميل مكرر', phone: phone() };
    const headers = { 'idempotency-key': `retry-${crypto.randomUUID()}` };
    const first = await t.call('POST', '/api/v1/customers', body, { token: owner, headers });
    const second = await t.call('POST', '/api/v1/customers', body, { token: owner, headers });
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(second.headers.get('etag')).toBe(first.headers.get('etag'));
    expect(await second.json()).toEqual(await first.json());
    expect(await t.db.customer.count({ where: { organizationId: a.id, phone: body.phone } })).toBe(1);
  });

  it('replays a refusal with its status too, and refuses the same key with another body (422)', async () => {
    const existing = await createCustomer(owner, { name: 'موجود', phone: phone() });
    const headers = { 'idempotency-key': `dup-${crypto.randomUUID()}` };
    const body = { name: 'بنفس الرقم', phone: existing.phone };
    const first = await t.call('POST', '/api/v1/customers', body, { token: owner, headers });
    expect(first.status).toBe(409);
    const replay = await t.call('POST', '/api/v1/customers', body, { token: owner, headers });
    expect(replay.status).toBe(409);
    expect(await replay.json()).toEqual(await first.json());
    const other = await t.call(
      'POST',
      '/api/v1/customers',
      { name: 'غيره', phone: phone() },
      { token: owner, headers },
    );
    expect(other.status).toBe(422);
    expect(((await other.json()) as { type: string }).type).toBe('urn:nova:problem:API.IDEMPOTENCY_MISMATCH');
  });

  it("keeps each caller's keys apart: another member's same key is a new request", async () => {
    const headers = { 'idempotency-key': 'same-key-for-two' };
    await createCustomer(owner, { name: 'للمالك', phone: phone() });
    const mine = await t.call(
      'POST',
      '/api/v1/customers',
      { name: 'للمالك ٢', phone: phone() },
      { token: owner, headers },
    );
    const his = await t.call(
      'POST',
      '/api/v1/customers',
      { name: 'للوسيط', phone: phone() },
      { token: brokerKey, headers },
    );
    expect(mine.status).toBe(201);
    expect(his.status).toBe(201);
    expect(((await his.json()) as CustomerJson).assignedToId).toBe(broker.id);
  });

  it('forgets a key after 24 hours: the same request then runs again', async () => {
    const headers = { 'idempotency-key': `expiring-${crypto.randomUUID()}` };
    const body = { name: 'بعد يوم', phone: phone() };
    expect((await t.call('POST', '/api/v1/customers', body, { token: owner, headers })).status).toBe(201);
    t.nova.clock.advance(24 * 3_600_000 + 1_000);
    const again = await t.call('POST', '/api/v1/customers', body, { token: owner, headers });
    expect(again.status).toBe(409); // a new attempt: the phone exists now
  });
});

describe('ETag and If-Match', () => {
  it('answers 304 to If-None-Match, refuses a stale If-Match with 412 and changes nothing', async () => {
    const c = await createCustomer(owner, { name: 'نسخة', phone: phone() });
    const read = await t.call('GET', `/api/v1/customers/${c.id}`, undefined, { token: owner });
    const etag = read.headers.get('etag')!;
    expect(etag).toMatch(/^"[A-Za-z0-9_-]+"$/);
    const notModified = await t.call('GET', `/api/v1/customers/${c.id}`, undefined, {
      token: owner,
      headers: { 'if-none-match': etag },
    });
    expect(notModified.status).toBe(304);

    t.nova.clock.advance(1_000);
    const first = await t.call(
      'PATCH',
      `/api/v1/customers/${c.id}`,
      { status: 'contacted' },
      {
        token: owner,
        headers: { 'if-match': etag },
      },
    );
    expect(first.status).toBe(200);
    const newTag = first.headers.get('etag');
    expect(newTag).not.toBe(etag);

    const stale = await t.call(
      'PATCH',
      `/api/v1/customers/${c.id}`,
      { status: 'lost' },
      {
        token: owner,
        headers: { 'if-match': etag },
      },
    );
    expect(stale.status).toBe(412);
    expect(((await stale.json()) as { type: string }).type).toBe('urn:nova:problem:API.PRECONDITION_FAILED');
    expect((await t.db.customer.findUniqueOrThrow({ where: { id: c.id } })).status).toBe('contacted');

    const fresh = await t.call(
      'PATCH',
      `/api/v1/customers/${c.id}`,
      { status: 'lost' },
      {
        token: owner,
        headers: { 'if-match': newTag! },
      },
    );
    expect(fresh.status).toBe(200);
  });
});

describe('customers', () => {
  it('filters by status, category, broker, city, budget and searches by name or phone', async () => {
    const office = await t.office('crm-filters');
    const b = await t.member(office.id, 'broker', 'وسيط الفلاتر');
    const p1 = phone();
    await createCustomer(office.owner.token, {
      name: 'محمد العتيبي',
      phone: p1,
      category: 'buyer',
      preferredCities: ['الرياض'],
      budgetMin: 500_000,
      budgetMax: 900_000,
      assignedToId: b.id,
    });
    await createCustomer(office.owner.token, {
      name: 'أحمد',
      phone: phone(),
      category: 'tenant',
      preferredCities: ['جدة'],
    });
    const q = async (qs: string) => {
      const res = await t.call('GET', `/api/v1/customers?${qs}`, undefined, { token: office.owner.token });
      expect(res.status, qs).toBe(200);
      return ((await res.json()) as Page<CustomerJson>).items.map((c) => c.name);
    };
    expect(await q('category=buyer')).toEqual(['محمد العتيبي']);
    expect(await q(`assignedTo=${b.id}`)).toEqual(['محمد العتيبي']);
    expect(await q(`city=${encodeURIComponent('جدة')}`)).toEqual(['أحمد']);
    expect(await q('budgetMin=800000&budgetMax=1000000')).toEqual(['محمد العتيبي']);
    expect(await q('budgetMin=1000000')).toEqual([]);
    expect(await q(`q=${encodeURIComponent('العتيبى')}`)).toEqual(['محمد العتيبي']);
    expect(await q(`q=${encodeURIComponent(`0${p1.slice(4)}`)}`)).toEqual(['محمد العتيبي']);
    expect(await q('status=new,contacted&sort=name')).toEqual(['أحمد', 'محمد العتيبي']);
  });

  it("masks the phone of a customer who is not the caller's (a team member of another broker's customer)", async () => {
    const c = await createCustomer(owner, { name: 'خاص', phone: phone(), assignedToId: broker.id });
    const asOwner = await t.call('GET', `/api/v1/customers/${c.id}`, undefined, { token: owner });
    expect(((await asOwner.json()) as CustomerJson).phone).toBe(c.phone);
    const asBroker = await t.call('GET', `/api/v1/customers/${c.id}`, undefined, { token: brokerKey });
    expect(((await asBroker.json()) as CustomerJson).phone).toBe(c.phone);
    // a team member outside the broker's team does not even see him
    expect((await t.call('GET', `/api/v1/customers/${c.id}`, undefined, { token: teamKey })).status).toBe(404);
    const observer = await t.member(a.id, 'observer', 'مراقب');
    await t.db.user.update({ where: { id: observer.id }, data: { role: 'observer' } });
    const list = await t.call('GET', `/api/v1/customers?q=${encodeURIComponent('خاص')}`, undefined, {
      token: observer.token,
    });
    for (const item of ((await list.json()) as Page<CustomerJson>).items) expect(item.phone).not.toBe(c.phone);
  });

  it('validates bodies with a 400 problem naming the fields, and refuses an assignee of another office', async () => {
    const bad = await t.call('POST', '/api/v1/customers', { name: '', budgetMin: -1 }, { token: owner });
    expect(bad.status).toBe(400);
    const problem = (await bad.json()) as { errors: Array<{ path: string }> };
    expect(problem.errors.map((e) => e.path)).toEqual(expect.arrayContaining(['name', 'budgetMin']));
    const malformed = await t.call('POST', '/api/v1/customers', '{"name":', { token: owner });
    expect(malformed.status).toBe(400);
    const b = await t.office('crm-b');
    const foreign = await t.call(
      'POST',
      '/api/v1/customers',
      { name: 'x', assignedToId: b.owner.id },
      { token: owner },
    );
    expect(foreign.status).toBe(404);
  });

  it('assigns, notes, logs and plans through the customer, each visible in its history', async () => {
    const c = await createCustomer(owner, { name: 'تاريخ', phone: phone() });
    const token = owner;
    expect(
      (await t.call('POST', `/api/v1/customers/${c.id}/assign`, { assigneeId: broker.id }, { token })).status,
    ).toBe(200);
    expect((await t.call('POST', `/api/v1/customers/${c.id}/notes`, { text: 'يبي دور أرضي' }, { token })).status).toBe(
      201,
    );
    expect(
      (
        await t.call(
          'POST',
          `/api/v1/customers/${c.id}/interactions`,
          { type: 'whatsapp', summary: 'أرسلنا عروض' },
          { token },
        )
      ).status,
    ).toBe(201);
    expect(
      (await t.call('POST', `/api/v1/customers/${c.id}/follow-ups`, { dueAt: '2026-11-25T06:00:00Z' }, { token }))
        .status,
    ).toBe(201);
    const notes = (await (
      await t.call('GET', `/api/v1/customers/${c.id}/notes`, undefined, { token })
    ).json()) as Page<{ text: string }>;
    expect(notes.items.map((x) => x.text)).toEqual(['يبي دور أرضي']);
    const interactions = (await (
      await t.call('GET', `/api/v1/customers/${c.id}/interactions`, undefined, { token })
    ).json()) as Page<{ type: string }>;
    expect(interactions.items.map((x) => x.type)).toEqual(['whatsapp']);
    const followups = (await (
      await t.call('GET', `/api/v1/customers/${c.id}/follow-ups`, undefined, { token })
    ).json()) as Page<{ dueAt: string }>;
    expect(followups.items.map((x) => x.dueAt)).toEqual(['2026-11-25T06:00:00.000Z']);
    const activities = (await (
      await t.call('GET', `/api/v1/customers/${c.id}/activities`, undefined, { token })
    ).json()) as Page<{ type: string }>;
    expect(activities.items.map((x) => x.type)).toEqual(expect.arrayContaining(['created', 'note', 'updated']));
    expect((await t.db.customer.findUniqueOrThrow({ where: { id: c.id } })).assignedToId).toBe(broker.id);
    // a team member may not hand customers over (crm.assign)
    const tm = await t.call('POST', `/api/v1/customers/${c.id}/assign`, { assigneeId: null }, { token: teamKey });
    expect(tm.status).toBe(403);
  });

  it('deletes softly: the customer leaves the list, and is found by status inactive', async () => {
    const c = await createCustomer(owner, { name: 'محذوف', phone: phone() });
    expect((await t.call('DELETE', `/api/v1/customers/${c.id}`, undefined, { token: owner })).status).toBe(200);
    const listed = await t.call('GET', `/api/v1/customers?q=${encodeURIComponent('محذوف')}`, undefined, {
      token: owner,
    });
    expect(((await listed.json()) as Page<CustomerJson>).items).toEqual([]);
    const inactive = await t.call(
      'GET',
      `/api/v1/customers?status=inactive&q=${encodeURIComponent('محذوف')}`,
      undefined,
      {
        token: owner,
      },
    );
    expect(((await inactive.json()) as Page<CustomerJson>).items.map((x) => x.id)).toEqual([c.id]);
    // a broker may not delete (crm.delete is the office's)
    expect((await t.call('DELETE', `/api/v1/customers/${c.id}`, undefined, { token: brokerKey })).status).toBe(403);
  });
});

describe('properties, requests, offers, matches', () => {
  it('lists a property, uploads its photo to storage (with its signed /media link), publishes and sells it', async () => {
    const token = owner;
    const made = await t.call(
      'POST',
      '/api/v1/properties',
      {
        listingType: 'sale',
        propertyType: 'villa',
        city: 'الرياض',
        district: 'النرجس',
        area: 500,
        price: 3_200_000,
        regaAdLicenseNumber: '1234567',
      },
      { token },
    );
    expect(made.status, await made.clone().text()).toBe(201);
    const property = (await made.json()) as { id: string; refNumber: number; status: string };
    expect(property.status).toBe('active');

    const form = new FormData();
    form.append('file', new Blob([PNG], { type: 'image/png' }), 'front.png');
    const up = await t.call('POST', `/api/v1/properties/${property.id}/images`, undefined, { token, form });
    expect(up.status, await up.clone().text()).toBe(201);
    const image = (await up.json()) as { url: string; isCover: boolean };
    expect(image.isCover).toBe(true);
    // a signed link, as the /media route serves photos
    const link = new URL(image.url, 'http://nova.test');
    expect(link.searchParams.get('sig')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const stored = await t.api.storage.get(link.pathname.replace('/media/', ''));
    expect(Buffer.from(stored!.bytes).equals(PNG)).toBe(true);
    // and the /media route of `nova start` serves the photo at that link
    const media = mediaRoutes({
      reader: createMediaReader({ db: t.db, storage: t.api.storage }),
      links: createMediaLinks({ key: deriveKey(TEST_MASTER_SECRET, 'media.links'), clock: t.nova.clock }),
    });
    const served = await media.request(`${link.pathname.replace('/media', '')}${link.search}`);
    expect(served.status).toBe(200);
    expect(Buffer.from(await served.arrayBuffer()).equals(PNG)).toBe(true);

    const fake = new FormData();
    fake.append('file', new Blob([Buffer.from('<script>')], { type: 'image/png' }), 'x.png');
    expect(
      (await t.call('POST', `/api/v1/properties/${property.id}/images`, undefined, { token, form: fake })).status,
    ).toBe(415);

    const published = await t.call('POST', `/api/v1/properties/${property.id}/publish`, undefined, { token });
    expect(published.status).toBe(200);
    const offer = await t.db.offer.findFirstOrThrow({ where: { propertyId: property.id } });
    expect(offer.isShared).toBe(true);

    const sold = await t.call('PUT', `/api/v1/properties/${property.id}/status`, { status: 'sold' }, { token });
    expect(sold.status).toBe(200);
    expect(await t.db.offer.findUniqueOrThrow({ where: { id: offer.id } })).toMatchObject({ status: 'closed' });
    const again = await t.call('POST', `/api/v1/properties/${property.id}/publish`, undefined, { token });
    expect(again.status).toBe(409);

    const listed = await t.call('GET', `/api/v1/properties?q=${property.refNumber}&status=sold`, undefined, { token });
    expect(((await listed.json()) as Page<{ id: string }>).items.map((p) => p.id)).toEqual([property.id]);
  });

  it('files a request for a customer, filters requests, and pauses it', async () => {
    const c = await createCustomer(brokerKey, { name: 'يبحث', phone: phone() });
    const res = await t.call(
      'POST',
      '/api/v1/requests',
      { customerId: c.id, type: 'rent', cities: ['الخبر'], priceMax: 90_000 },
      { token: brokerKey },
    );
    expect(res.status, await res.clone().text()).toBe(201);
    const r = (await res.json()) as { id: string; brokerId: string };
    expect(r.brokerId).toBe(broker.id);
    const listed = await t.call(
      'GET',
      `/api/v1/requests?city=${encodeURIComponent('الخبر')}&priceMin=50000`,
      undefined,
      { token: brokerKey },
    );
    expect(((await listed.json()) as Page<{ id: string }>).items.map((x) => x.id)).toEqual([r.id]);
    const paused = await t.call('PATCH', `/api/v1/requests/${r.id}`, { status: 'paused' }, { token: brokerKey });
    expect(paused.status).toBe(200);
    expect(((await paused.json()) as { status: string }).status).toBe('paused');
    const b = await t.office('crm-req-b');
    expect((await t.call('GET', `/api/v1/requests/${r.id}`, undefined, { token: b.owner.token })).status).toBe(404);
  });
});
