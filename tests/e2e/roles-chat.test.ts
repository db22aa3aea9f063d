// Roles in the chat, end to end (memory channel, real PostgreSQL, Redis and BullMQ workers): an
// observer of the demo office is refused «عميل جديد …» in Arabic and "new customer …" in English and
// nothing is stored; a command core refuses (a member allowed to edit customers but not to record
// deals) is answered by name, the conversation stays where it was and the turn's other work is kept;
// a broker reads a teammate's customer with the phone masked; the changes are audited with the channel.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LAYLA, SAAD, startTestNova, type TestNova } from '../support/nova.ts';

const OBSERVER = '+966500000099';
const MARKETER = '+966500000098';

let nova: TestNova;
beforeAll(async () => {
  nova = await startTestNova({ now: '2026-11-22T10:00:00+03:00' });
  const { db, organizationId } = nova;
  await db.user.create({ data: { organizationId, phone: OBSERVER, name: 'مراقب', role: 'observer' } });
  // a member of Saad's team who may change customers but not add anything to the CRM (crm.create off)
  const marketer = await db.user.create({ data: { organizationId, phone: MARKETER, name: 'مسوّق', role: 'broker' } });
  const team = await db.team.findFirstOrThrow({ where: { organizationId } });
  const member = await db.teamMember.create({
    data: { organizationId, teamId: team.id, userId: marketer.id, role: 'broker' },
  });
  await db.permission.create({
    data: { organizationId, teamMemberId: member.id, module: 'crm', canView: true, canEdit: true, canCreate: false },
  });
});
afterAll(async () => {
  await nova?.close();
});

describe('an observer', () => {
  it('is refused «عميل جديد …» in Arabic, naming it, and nothing is stored', async () => {
    const before = await nova.db.customer.count();
    const replies = await nova.chat.say(OBSERVER, 'عميل جديد سالم 0557778899 يبي شقة بالرياض');
    expect(replies).toHaveLength(1);
    expect(replies[0]!.text).toContain('ما عندك صلاحية إضافة العملاء');
    expect(await nova.db.customer.count()).toBe(before);
    expect(await nova.db.request.count()).toBe(0);
    expect(await nova.db.task.count()).toBe(0);
  });

  it('is refused "new customer …" in English, and nothing is stored', async () => {
    const before = await nova.db.customer.count();
    const replies = await nova.chat.say(OBSERVER, 'new customer Salem 0557778899 wants an apartment in Riyadh');
    expect(replies).toHaveLength(1);
    expect(replies[0]!.text).toBe(
      "🔒 You don't have permission to add customers. Ask your office manager if you need it.",
    );
    expect(await nova.db.customer.count()).toBe(before);
    expect(await nova.db.customer.count({ where: { phone: '+966557778899' } })).toBe(0);
  });
});

describe('a command core refuses', () => {
  it('is answered by name; the waiting question stays, the rest of the turn is kept, nothing is recorded', async () => {
    const asked = await nova.chat.say(MARKETER, 'تم بيع العقار ٣');
    expect(asked[0]!.text).toContain('بكم تمت الصفقة');
    const contact = await nova.db.contact.findFirstOrThrow({ where: { phone: MARKETER } });
    const waiting = await nova.db.conversation.findUniqueOrThrow({ where: { contactId: contact.id } });
    expect(waiting.state).toMatchObject({ dialog: { name: 'sale', step: 'ask_amount' } });

    // the amount, in English: the deal is refused by core (crm.create), in English
    const refused = await nova.chat.say(MARKETER, 'for 1.7 million');
    expect(refused).toHaveLength(1);
    expect(refused[0]!.text).toBe(
      "🔒 You don't have permission to record deals. Ask your office manager if you need it.",
    );
    expect(await nova.db.sale.count()).toBe(0);
    const land = await nova.db.property.findFirstOrThrow({
      where: { organizationId: nova.organizationId, refNumber: 3 },
    });
    expect(land.status).toBe('active');
    // the conversation is where it was: the amount is still asked for
    const after = await nova.db.conversation.findUniqueOrThrow({ where: { contactId: contact.id } });
    expect(after.state).toEqual(waiting.state);
    // and the turn's own work is kept: the message is processed, the chat's language followed him
    const inbound = await nova.db.inboundMessage.findFirstOrThrow({
      where: { chatId: MARKETER },
      orderBy: { seq: 'desc' },
    });
    expect(inbound.payload).toMatchObject({ text: 'for 1.7 million' });
    expect(inbound.status).toBe('processed');
    expect((await nova.db.contact.findUniqueOrThrow({ where: { id: contact.id } })).language).toBe('en');
    const cancelled = await nova.chat.say(MARKETER, 'cancel');
    expect(cancelled[0]!.text).toContain('Cancelled');
  });
});

describe('a broker and a teammate’s customer', () => {
  it('reads the customer with the phone masked; the manager, his broker, reads it in full', async () => {
    await nova.chat.say(SAAD, 'عميل جديد ناصر 0551000004 يبي فيلا بالرياض');
    const layla = await nova.chat.say(LAYLA, 'وين رقم ناصر');
    const text = layla.map((r) => r.text).join('\n');
    expect(text).toContain('ناصر');
    expect(text).toContain('05•••••004');
    expect(text).not.toContain('0551000004');
    const saad = await nova.chat.say(SAAD, 'وين رقم ناصر');
    expect(saad.map((r) => r.text).join('\n')).toContain('0551000004');
  });

  it('the manager’s changes by chat are audited with the channel, without personal data', async () => {
    const saad = await nova.db.user.findFirstOrThrow({ where: { phone: SAAD } });
    const customer = await nova.db.customer.findFirstOrThrow({ where: { phone: '+966551000004' } });
    const row = await nova.db.auditLog.findFirstOrThrow({
      where: { action: 'customer.created', entityId: customer.id },
    });
    expect(row).toMatchObject({ userId: saad.id, channel: 'memory', entityType: 'customer' });
    expect(JSON.stringify(row.details)).not.toMatch(/551000004|ناصر/);
    expect(
      await nova.db.auditLog.count({ where: { action: 'request.created', userId: saad.id, channel: 'memory' } }),
    ).toBe(1);
  });
});

describe('a broker adding a number that is a customer of a broker outside his team', () => {
  it('is told it belongs to a colleague and to ask the manager, and no second customer is made', async () => {
    const { db, organizationId } = nova;
    // a broker in no team: he sees only his own customers
    const loner = await db.user.create({
      data: { organizationId, phone: '+966500000097', name: 'فيصل', role: 'broker' },
    });
    const saad = await db.user.findFirstOrThrow({ where: { organizationId, phone: SAAD } });
    await db.customer.create({
      data: { organizationId, name: 'نوف', phone: '+966557770011', assignedToId: saad.id, createdById: saad.id },
    });
    const replies = await nova.chat.say(loner.phone, 'عميل جديد نوف 0557770011 تبي شقة بالرياض');
    expect(replies.at(-1)!.text).toContain('مسجّل لعميل عند وسيط ثاني');
    expect(await db.customer.count({ where: { phone: '+966557770011' } })).toBe(1);
  });
});
