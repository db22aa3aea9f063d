// Issue 11, point 3: clients are sent their new matches (the office's own active listings only), at most
// CLIENT_ALERTS_PER_DAY a day per chat, and «وقف التنبيهات» stops them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CLIENT_ALERT_KEY,
  CLIENT_ALERTS_PER_DAY,
  createClientAlerts,
} from '../../core/listings/client-alerts.service.ts';
import { ManualClock } from '../../core/shared/clock.ts';
import type { Scope } from '../../core/shared/scope.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-db.ts';

let t: TestDatabase;
let scope: Scope;
let customerId: string;
let contactId: string;
let channelAccountId: string;
let requestId: string;
const matchIds: string[] = [];
let otherOfficeMatch: string;
const clock = new ManualClock('2026-11-22T07:00:00Z');
const alerts = () => createClientAlerts({ db: t.db, clock });

beforeAll(async () => {
  t = await createTestDatabase();
  const org = await t.db.organization.create({ data: { name: 'ca', slug: 'client-alerts-a' } });
  const other = await t.db.organization.create({ data: { name: 'cb', slug: 'client-alerts-b' } });
  scope = { organizationId: org.id };
  const broker = await t.db.user.create({ data: { organizationId: org.id, phone: '+966500000071', name: 'b' } });
  const otherBroker = await t.db.user.create({ data: { organizationId: other.id, phone: '+966500000072', name: 'c' } });
  customerId = (await t.db.customer.create({ data: { organizationId: org.id, name: 'نورة', phone: '+966544449020' } }))
    .id;
  channelAccountId = (
    await t.db.channelAccount.create({ data: { organizationId: org.id, kind: 'memory', externalId: 'ca-test' } })
  ).id;
  contactId = (
    await t.db.contact.create({
      data: { organizationId: org.id, channelAccountId, externalId: '+966544449020', customerId, role: 'client' },
    })
  ).id;
  requestId = (
    await t.db.request.create({
      data: { organizationId: org.id, customerId, type: 'rent', propertyTypes: ['apartment'], cities: ['Riyadh'] },
    })
  ).id;
  for (let ref = 1; ref <= CLIENT_ALERTS_PER_DAY + 2; ref++) {
    const property = await t.db.property.create({
      data: {
        organizationId: org.id,
        refNumber: ref,
        title: `شقة ${ref}`,
        propertyType: 'apartment',
        listingType: 'rent',
        city: 'Riyadh',
        price: 60_000,
        status: 'active',
        userId: broker.id,
      },
    });
    const offer = await t.db.offer.create({
      data: {
        organizationId: org.id,
        propertyId: property.id,
        propertyType: 'apartment',
        listingType: 'rent',
        city: 'Riyadh',
        price: 60_000,
      },
    });
    const match = await t.db.smartMatch.create({
      data: { organizationId: org.id, offerId: offer.id, requestId, brokerId: broker.id, score: 90 - ref },
    });
    matchIds.push(match.id);
  }
  const shared = await t.db.offer.create({
    data: {
      organizationId: other.id,
      propertyType: 'apartment',
      listingType: 'rent',
      city: 'Riyadh',
      price: 50_000,
      isShared: true,
      userId: otherBroker.id,
    },
  });
  otherOfficeMatch = (
    await t.db.smartMatch.create({
      data: { organizationId: org.id, offerId: shared.id, requestId, brokerId: broker.id, score: 99 },
    })
  ).id;
});

afterAll(async () => {
  await t?.drop();
});

describe('match alerts to clients', () => {
  it('go to the client’s chat, the office’s own listings only, at most CLIENT_ALERTS_PER_DAY a day', async () => {
    const found = await alerts().clientAlertsFor(scope, [...matchIds, otherOfficeMatch]);
    expect(found).toHaveLength(CLIENT_ALERTS_PER_DAY);
    expect(found.every((a) => a.contact.id === contactId && a.requestId === requestId)).toBe(true);
    // two sent today already: one more at most
    for (const [i, a] of found.slice(0, 2).entries()) {
      await t.db.outboundMessage.create({
        data: {
          organizationId: scope.organizationId,
          channelAccountId,
          contactId,
          chatId: '+966544449020',
          idempotencyKey: `${CLIENT_ALERT_KEY}${requestId}:${a.property.id}:${i}`,
          payload: { text: 'x' },
        },
      });
    }
    expect(await alerts().clientAlertsFor(scope, matchIds)).toHaveLength(CLIENT_ALERTS_PER_DAY - 2);
  });

  it('stop on «وقف التنبيهات» and start again', async () => {
    expect(await alerts().setClientAlerts(scope, customerId, false)).toBe(1);
    expect(await alerts().clientAlertsFor(scope, matchIds)).toHaveLength(0);
    await alerts().setClientAlerts(scope, customerId, true);
    expect((await alerts().clientAlertsFor(scope, matchIds)).length).toBeGreaterThan(0);
  });

  it('name the one listing a client saw an alert of lately («ابي اشوفها»), and none when he saw several or long ago', async () => {
    const contact = await t.db.contact.create({
      data: { organizationId: scope.organizationId, channelAccountId, externalId: '+966544449021', role: 'client' },
    });
    const properties = await t.db.property.findMany({
      where: { organizationId: scope.organizationId },
      orderBy: { refNumber: 'asc' },
      select: { id: true, refNumber: true },
    });
    const alerted = async (property: { id: string }, sentAt: Date, status: 'sent' | 'pending' = 'sent') =>
      t.db.outboundMessage.create({
        data: {
          organizationId: scope.organizationId,
          channelAccountId,
          contactId: contact.id,
          chatId: contact.externalId,
          idempotencyKey: `${CLIENT_ALERT_KEY}${requestId}:${property.id}`,
          payload: { text: 'x' },
          status,
          sentAt: status === 'sent' ? sentAt : null,
        },
      });
    const [first, second, third] = properties as [
      (typeof properties)[0],
      (typeof properties)[0],
      (typeof properties)[0],
    ];
    expect(await alerts().lastAlertedRef(scope, contact.id)).toBeNull();
    // one not yet sent (held by quiet hours, or paced) is not one he saw
    await alerted(third, clock.now(), 'pending');
    expect(await alerts().lastAlertedRef(scope, contact.id)).toBeNull();
    // one seen four days ago is too old to be «it»
    await alerted(second, new Date(clock.now().getTime() - 4 * 86_400_000));
    expect(await alerts().lastAlertedRef(scope, contact.id)).toBeNull();
    await alerted(first, new Date(clock.now().getTime() - 3_600_000));
    expect(await alerts().lastAlertedRef(scope, contact.id)).toBe(first.refNumber);
    // two listings seen lately: he is asked which
    await t.db.outboundMessage.updateMany({
      where: { contactId: contact.id, idempotencyKey: { endsWith: second.id } },
      data: { sentAt: clock.now() },
    });
    expect(await alerts().lastAlertedRef(scope, contact.id)).toBeNull();
  });
});
