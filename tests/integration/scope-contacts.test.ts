// Contacts, notify() and reminders never reach into another organization.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore } from '../../core/core.ts';
import { createDeferredQueue } from '../../core/jobs/deferred.queue.ts';
import { ManualClock } from '../../core/shared/clock.ts';
import { silentLogger } from '../../core/shared/logger.ts';
import { systemScope } from '../../core/shared/scope.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-db.ts';

let t: TestDatabase;
let core: ReturnType<typeof createCore>;
let orgId: string;
let otherId: string;
let brokerId: string;
let contactId: string;
let customerId: string;
let accountId: string;
const clock = new ManualClock('2026-11-22T09:00:00+03:00');

beforeAll(async () => {
  t = await createTestDatabase();
  orgId = (await t.db.organization.create({ data: { name: 'a', slug: 'scope-contact-a' } })).id;
  otherId = (await t.db.organization.create({ data: { name: 'b', slug: 'scope-contact-b' } })).id;
  brokerId = (await t.db.user.create({ data: { organizationId: orgId, phone: '+966500000001', name: 'سعد' } })).id;
  accountId = (await t.db.channelAccount.create({ data: { organizationId: orgId, kind: 'memory', externalId: 'a' } }))
    .id;
  customerId = (await t.db.customer.create({ data: { organizationId: orgId, name: 'فهد', phone: '+966551112233' } }))
    .id;
  core = createCore({ db: t.db, clock, jobs: createDeferredQueue().queue, logger: silentLogger });
  const contact = await core.contacts.identify(systemScope(orgId), {
    channelAccountId: accountId,
    externalId: '+966500000001',
    phone: '+966500000001',
    at: clock.now(),
  });
  contactId = contact.id;
  await core.contacts.linkMember(systemScope(orgId), contactId, brokerId);
});
afterAll(async () => {
  await t?.drop();
});

const contact = () => t.db.contact.findUniqueOrThrow({ where: { id: contactId } });

describe('contacts of another organization', () => {
  it('are not changed: role, language, member link', async () => {
    const other = systemScope(otherId);
    await core.contacts.setRole(other, contactId, 'owner');
    await core.contacts.setLanguage(other, contactId, 'en');
    await core.contacts.linkMember(other, contactId, brokerId);
    expect(await contact()).toMatchObject({ role: 'broker', language: null, userId: brokerId });
    await core.contacts.setLanguage(systemScope(orgId), contactId, 'en');
    expect((await contact()).language).toBe('en');
  });

  it('are not linked to a customer, and their customers are not listed', async () => {
    await t.db.contact.update({ where: { id: contactId }, data: { customerId } });
    expect((await core.contacts.ofCustomer(systemScope(orgId), customerId)).map((c) => c.id)).toEqual([contactId]);
    expect(await core.contacts.ofCustomer(systemScope(otherId), customerId)).toEqual([]);
  });
});

describe('notify and reminders across organizations', () => {
  it('a member of another organization has no chat to write to', async () => {
    expect((await core.notifications.chatOfMember(systemScope(orgId), brokerId))?.contactId).toBe(contactId);
    expect(await core.notifications.chatOfMember(systemScope(otherId), brokerId)).toBeNull();
  });

  it('an idempotency key of another organization is never reused for it', async () => {
    const to = { channelAccountId: accountId, chatId: '+966500000001', contactId };
    const id = await core.notifications.notify(systemScope(orgId), to, { text: 'مرحبا' }, 'scope:1');
    expect(await core.notifications.notify(systemScope(orgId), to, { text: 'مرحبا' }, 'scope:1')).toBe(id);
    await expect(core.notifications.notify(systemScope(otherId), to, { text: 'x' }, 'scope:1')).rejects.toThrow(
      /another organization/,
    );
    expect(await t.db.outboundMessage.count({ where: { idempotencyKey: 'scope:1' } })).toBe(1);
  });

  it('another organization cannot cancel or settle a reminder', async () => {
    const reminder = await core.reminders.schedule(systemScope(orgId), {
      kind: 'note',
      dueAt: new Date('2026-11-22T07:00:00Z'),
      dedupeKey: 'scope:reminder',
      contactId,
      payload: { text: 'x' },
    });
    expect(await core.reminders.cancel(systemScope(otherId), { dedupeKeyPrefix: 'scope:' })).toBe(0);
    await core.reminders.settle(systemScope(otherId), reminder.id, 'sent');
    expect((await t.db.reminder.findUniqueOrThrow({ where: { id: reminder.id } })).status).toBe('pending');
    expect(await core.reminders.cancel(systemScope(orgId), { dedupeKeyPrefix: 'scope:' })).toBe(1);
  });
});

describe('identify: who the sender is in the office, in the same statement', () => {
  it("gives the office's user with his phone (as personByPhone reads him), nobody for another office's user, and reads an invitation", async () => {
    const scope = systemScope(orgId);
    const broker = await core.contacts.identify(scope, {
      channelAccountId: accountId,
      externalId: '+966500000001',
      phone: '+966500000001',
      at: clock.now(),
    });
    expect(broker.access).toEqual(
      expect.objectContaining({ id: brokerId, organization_id: orgId, phone: '+966500000001', status: 'active' }),
    );
    expect(core.teams.personOf(broker.access)).toEqual(await core.teams.personByPhone(scope, '+966500000001'));
    expect(core.teams.personOf(broker.access)?.kind).toBe('member');

    // The same phone is a user of the other office only: in this office he is nobody.
    await t.db.user.create({ data: { organizationId: otherId, phone: '+966500000077', name: 'غريب' } });
    const stranger = await core.contacts.identify(scope, {
      channelAccountId: accountId,
      externalId: '+966500000077',
      phone: '+966500000077',
      at: clock.now(),
    });
    expect(stranger.access).toBeNull();
    expect(core.teams.personOf(stranger.access)).toBeNull();

    await t.db.user.create({
      data: { organizationId: orgId, phone: '+966500000088', name: 'مدعوة', status: 'pending' },
    });
    const invited = await core.contacts.identify(scope, {
      channelAccountId: accountId,
      externalId: '+966500000088',
      phone: '+966500000088',
      at: clock.now(),
    });
    expect(core.teams.personOf(invited.access)).toEqual({ kind: 'invited' });
  });
});

describe('customerFor: the customer a client or homeowner is', () => {
  const scope = () => ({ organizationId: orgId, userId: brokerId });
  const newContact = async (phone: string) =>
    core.contacts.identify(systemScope(orgId), {
      channelAccountId: accountId,
      externalId: phone,
      phone,
      at: clock.now(),
    });

  it('links the customer his phone already is, without a second one, and makes one for a new phone', async () => {
    const known = await newContact('+966551112233'); // فهد, a customer of the office
    const linked = await core.contacts.customerFor(scope(), known, {
      name: 'Fahad',
      category: 'buyer',
      source: 'chat:memory',
      role: 'client',
    });
    expect(linked).toBe(customerId);
    expect(await t.db.customer.count({ where: { organizationId: orgId, phone: '+966551112233' } })).toBe(1);
    expect((await t.db.contact.findUniqueOrThrow({ where: { id: known.id } })).customerId).toBe(customerId);

    const stranger = await newContact('+966551119999');
    const made = await core.contacts.customerFor(scope(), stranger, {
      name: 'نايف',
      category: 'tenant',
      source: 'chat:memory',
      role: 'client',
    });
    expect(made).not.toBeNull();
    expect(await t.db.customer.findUniqueOrThrow({ where: { id: made! } })).toMatchObject({
      name: 'نايف',
      phone: '+966551119999',
      organizationId: orgId,
    });
  });

  it('still finds the customer his phone is when the lead itself is refused (an empty name)', async () => {
    await t.db.contact.deleteMany({ where: { externalId: '+966551112233' } });
    const known = await newContact('+966551112233');
    expect(
      await core.contacts.customerFor(scope(), known, {
        name: '',
        category: 'buyer',
        source: 'chat:memory',
        role: 'client',
      }),
    ).toBe(customerId);
  });
});
