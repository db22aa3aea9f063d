// A broker's smart matches: another organization (or another broker) never sees, accepts or rejects
// them, and nothing is revealed or audited for it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMatchingQueries } from '../../core/matching/matching.queries.ts';
import { createMatchingService } from '../../core/matching/matching.service.ts';
import { ManualClock } from '../../core/shared/clock.ts';
import type { Scope } from '../../core/shared/scope.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-db.ts';

let t: TestDatabase;
let ours: Scope;
let colleague: Scope;
let theirs: Scope;
let matchId: string;
let service: ReturnType<typeof createMatchingService>;
let queries: ReturnType<typeof createMatchingQueries>;
const clock = new ManualClock('2026-11-21T10:00:00Z');

beforeAll(async () => {
  t = await createTestDatabase();
  const org = await t.db.organization.create({ data: { name: 'a', slug: 'scope-match-a' } });
  const other = await t.db.organization.create({ data: { name: 'b', slug: 'scope-match-b' } });
  const broker = await t.db.user.create({ data: { organizationId: org.id, phone: '+966500000001', name: 'a' } });
  const mate = await t.db.user.create({ data: { organizationId: org.id, phone: '+966500000003', name: 'c' } });
  const otherUser = await t.db.user.create({ data: { organizationId: other.id, phone: '+966500000002', name: 'b' } });
  ours = { organizationId: org.id, userId: broker.id, role: 'broker' };
  colleague = { organizationId: org.id, userId: mate.id, role: 'broker' };
  theirs = { organizationId: other.id, userId: otherUser.id, role: 'owner' };
  // their shared offer matched our client's request: accepting it reveals their side
  const offer = await t.db.offer.create({
    data: {
      organizationId: other.id,
      userId: otherUser.id,
      propertyType: 'villa',
      category: 'residential',
      listingType: 'sale',
      city: 'Riyadh',
      district: 'النرجس',
      price: 2_300_000,
      area: 450,
      isShared: true,
      fullDetails: { brokerName: 'b', brokerPhone: '+966500000002' },
    },
  });
  const customer = await t.db.customer.create({ data: { organizationId: org.id, name: 'خالد' } });
  const request = await t.db.request.create({
    data: { organizationId: org.id, customerId: customer.id, type: 'sale', cities: ['Riyadh'] },
  });
  const match = await t.db.smartMatch.create({
    data: {
      organizationId: org.id,
      offerId: offer.id,
      requestId: request.id,
      brokerId: broker.id,
      score: 90,
      matchedFeatures: [{ feature: 'city', points: 25, basis: 'exact' }],
      algorithmVersion: 'v1',
    },
  });
  matchId = match.id;
  service = createMatchingService({ db: t.db, clock });
  queries = createMatchingQueries({ db: t.db });
});
afterAll(async () => {
  await t?.drop();
});

const statusOf = async () => (await t.db.smartMatch.findUniqueOrThrow({ where: { id: matchId } })).status;
const reveals = () => t.db.auditLog.count({ where: { action: 'marketplace.contact_revealed' } });

describe('a broker’s matches', () => {
  it('are listed and found for him only', async () => {
    expect((await queries.pending(ours)).map((m) => m.id)).toEqual([matchId]);
    expect((await queries.get(ours, matchId))?.customerName).toBe('خالد');
    for (const scope of [theirs, colleague]) {
      expect(await queries.pending(scope)).toEqual([]);
      expect(await queries.get(scope, matchId)).toBeNull();
    }
  });

  it('cannot be rejected or accepted by another organization or broker, and reveal nothing to them', async () => {
    for (const scope of [theirs, colleague]) {
      expect(await service.reject(scope, matchId)).toMatchObject({ ok: false, error: { code: 'MATCH.NOT_FOUND' } });
      expect(await service.accept(scope, matchId)).toMatchObject({ ok: false, error: { code: 'MATCH.NOT_FOUND' } });
    }
    expect(await statusOf()).toBe('pending');
    expect(await reveals()).toBe(0);
  });

  it('reveal the other office’s listing broker to him on accept, audited in his organization', async () => {
    const accepted = await service.accept(ours, matchId);
    expect(accepted).toEqual({ ok: true, value: { listing: { brokerName: 'b', brokerPhone: '+966500000002' } } });
    expect(await statusOf()).toBe('accepted');
    const [audit] = await t.db.auditLog.findMany({ where: { action: 'marketplace.contact_revealed' } });
    expect(audit).toMatchObject({ organizationId: ours.organizationId, userId: ours.userId, entityType: 'offer' });
  });
});
