// The admin API's /conversations over a test Nova: a client's chat read by his broker in full and by a
// teammate with every phone number masked (in the messages too), not found for another team; a
// member's own chat private to him and the office's managers; messages in the order they happened,
// the replies of one turn in their order, paged by cursor.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi, type TestMember, type TestOffice } from '../support/api.ts';

let t: TestApi;
let office: TestOffice;
let manager: TestMember;
let saad: TestMember;
let layla: TestMember;
let outsider: TestMember;
let clientChat: string;
let saadChat: string;

const CLIENT = '+966551239876';
type Json = Record<string, unknown> & { items?: Array<Record<string, unknown>> };
const get = async (as: TestMember, url: string) => {
  const res = await t.call('GET', url, undefined, { token: as.token });
  return { status: res.status, body: (await res.json()) as Json };
};

beforeAll(async () => {
  t = await startTestApi();
  office = await t.office('convs-api');
  manager = await t.member(office.id, 'manager', 'المدير');
  saad = await t.member(office.id, 'broker', 'سعد');
  layla = await t.member(office.id, 'broker', 'ليلى');
  outsider = await t.member(office.id, 'broker', 'خالد');
  const db = t.db;
  const team = await db.team.create({ data: { organizationId: office.id, name: 'الفريق' } });
  for (const m of [saad, layla]) {
    await db.teamMember.create({ data: { organizationId: office.id, teamId: team.id, userId: m.id, role: 'broker' } });
  }
  const web = await db.channelAccount.findFirstOrThrow({ where: { organizationId: office.id, kind: 'web' } });
  const customer = await db.customer.create({
    data: { organizationId: office.id, name: 'أبو فهد', phone: CLIENT, assignedToId: saad.id },
  });
  const contact = await db.contact.create({
    data: {
      organizationId: office.id,
      channelAccountId: web.id,
      externalId: CLIENT,
      phone: CLIENT,
      role: 'client',
      customerId: customer.id,
    },
  });
  clientChat = contact.id;
  const inbound = (text: string, at: string) =>
    db.inboundMessage.create({
      data: {
        organizationId: office.id,
        channelAccountId: web.id,
        externalId: `in-${at}`,
        chatId: CLIENT,
        payload: { kind: 'text', text, sender: { externalId: CLIENT, phone: CLIENT } },
        status: 'processed',
        receivedAt: new Date(at),
      },
    });
  await inbound('السلام عليكم، أبي أشوف الفيلا', '2026-11-22T05:00:00Z');
  // the turn's two replies, written in one statement: one instant, in their order
  await db.$executeRaw`
    INSERT INTO outbound_messages (organization_id, channel_account_id, contact_id, chat_id, idempotency_key, payload, status, created_at)
    VALUES
      (${office.id}::uuid, ${web.id}::uuid, ${contact.id}::uuid, ${CLIENT}, 'r1', ${JSON.stringify({ text: 'هلا! أي يوم يناسبك؟' })}::jsonb, 'sent', '2026-11-22T05:00:01Z'),
      (${office.id}::uuid, ${web.id}::uuid, ${contact.id}::uuid, ${CLIENT}, 'r2', ${JSON.stringify({ text: 'اختر:', choices: [{ id: 'd1', label: 'بكرة' }] })}::jsonb, 'sent', '2026-11-22T05:00:01Z')`;
  await inbound('بكرة، ولو ما رديت كلم أخوي ٠٥٥٩٨٧٦٥٤٣', '2026-11-22T05:01:00Z');
  // سعد's own chat with Nova
  const own = await db.contact.create({
    data: {
      organizationId: office.id,
      channelAccountId: web.id,
      externalId: saad.phone,
      phone: saad.phone,
      role: 'broker',
      userId: saad.id,
    },
  });
  saadChat = own.id;
});
afterAll(async () => {
  await t?.close();
});

describe('/api/v1/conversations', () => {
  it("gives the client's broker his chat in full, in the order it happened", async () => {
    const chat = await get(saad, `/api/v1/conversations/${clientChat}`);
    expect(chat.status).toBe(200);
    expect(chat.body).toMatchObject({ phone: CLIENT, role: 'client', customer: { name: 'أبو فهد' } });
    const log = await get(saad, `/api/v1/conversations/${clientChat}/messages?sort=at`);
    expect(log.body.items!.map((m) => [m.direction, m.text])).toEqual([
      ['inbound', 'السلام عليكم، أبي أشوف الفيلا'],
      ['outbound', 'هلا! أي يوم يناسبك؟'],
      ['outbound', 'اختر:'],
      ['inbound', 'بكرة، ولو ما رديت كلم أخوي ٠٥٥٩٨٧٦٥٤٣'],
    ]);
    expect(log.body.items![2]!.choices).toEqual(['بكرة']);
  });

  it('masks every phone number for a teammate who is not the broker, in the messages too', async () => {
    const chat = await get(layla, `/api/v1/conversations/${clientChat}`);
    expect(chat.body.phone).toBe('+9665•••••876');
    const log = await get(layla, `/api/v1/conversations/${clientChat}/messages`);
    const texts = log.body.items!.map((m) => m.text as string);
    expect(texts[0]).toBe('بكرة، ولو ما رديت كلم أخوي +9665•••••543');
    expect(JSON.stringify(log.body)).not.toMatch(/0559876543|٠٥٥٩٨٧٦٥٤٣|551239876/);
    // the manager reads it in full
    const full = await get(manager, `/api/v1/conversations/${clientChat}/messages`);
    expect(full.body.items![0]!.text).toBe('بكرة، ولو ما رديت كلم أخوي ٠٥٥٩٨٧٦٥٤٣');
  });

  it("hides a chat from another team (404), and a member's own chat from his teammates", async () => {
    expect((await get(outsider, `/api/v1/conversations/${clientChat}`)).status).toBe(404);
    expect((await get(outsider, `/api/v1/conversations/${clientChat}/messages`)).status).toBe(404);
    expect((await get(saad, `/api/v1/conversations/${saadChat}`)).status).toBe(200);
    expect((await get(layla, `/api/v1/conversations/${saadChat}`)).status).toBe(404);
    expect((await get(manager, `/api/v1/conversations/${saadChat}`)).status).toBe(200);
    const listed = await get(layla, '/api/v1/conversations');
    expect(listed.body.items!.map((c) => c.id)).toEqual([clientChat]);
    expect((await get(outsider, '/api/v1/conversations')).body.items).toEqual([]);
  });

  it('pages the messages by cursor, latest first, without repeating or skipping', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `/api/v1/conversations/${clientChat}/messages?limit=1${cursor ? `&cursor=${cursor}` : ''}`;
      const page = await get(saad, url);
      expect(page.status).toBe(200);
      seen.push(...page.body.items!.map((m) => m.text as string));
      cursor = page.body.nextCursor as string | null;
    } while (cursor);
    expect(seen).toEqual([
      'بكرة، ولو ما رديت كلم أخوي ٠٥٥٩٨٧٦٥٤٣',
      'اختر:',
      'هلا! أي يوم يناسبك؟',
      'السلام عليكم، أبي أشوف الفيلا',
    ]);
    const inboundOnly = await get(saad, `/api/v1/conversations/${clientChat}/messages?direction=inbound`);
    expect(inboundOnly.body.items!.every((m) => m.direction === 'inbound')).toBe(true);
  });
});
