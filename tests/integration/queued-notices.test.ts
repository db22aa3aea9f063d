// Issue 11, point 6: notices queued for a member Nova cannot reach yet (core/notifications), scoped to
// the organization, taken once, oldest first.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createQueuedNotices } from '../../core/notifications/queued-notices.ts';
import type { Scope } from '../../core/shared/scope.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-db.ts';

let t: TestDatabase;
let ours: Scope;
let theirs: Scope;
let broker: string;

beforeAll(async () => {
  t = await createTestDatabase();
  const org = await t.db.organization.create({ data: { name: 'a', slug: 'queued-a' } });
  const other = await t.db.organization.create({ data: { name: 'b', slug: 'queued-b' } });
  broker = (await t.db.user.create({ data: { organizationId: org.id, phone: '+966500000011', name: 'a' } })).id;
  ours = { organizationId: org.id };
  theirs = { organizationId: other.id };
});
afterAll(async () => {
  await t?.drop();
});

describe('queued notices', () => {
  it('are kept for a member of the office only, and taken once, oldest first', async () => {
    const queue = createQueuedNotices({ db: t.db });
    expect(await queue.queueForMember(theirs, broker, { text: 'not yours' })).toBeNull();
    const first = await queue.queueForMember(ours, broker, { text: 'عقار جديد ١' }, { type: 'notice' });
    await new Promise((r) => setTimeout(r, 5));
    await queue.queueForMember(ours, broker, {
      text: 'عقار جديد ٢',
      notification: { kind: 'notice', params: ['عقار جديد ٢'] },
    });
    // an in-app notification (no payload) is not a chat message to deliver
    await t.db.notification.create({
      data: { organizationId: ours.organizationId, userId: broker, title: 'x', message: 'x', type: 'system' },
    });
    expect(await queue.takeQueuedForMember(theirs, broker, new Date())).toEqual([]);
    const taken = await queue.takeQueuedForMember(ours, broker, new Date('2026-12-01T09:00:00Z'));
    expect(taken.map((n) => n.message.text)).toEqual(['عقار جديد ١', 'عقار جديد ٢']);
    expect(taken[0]!.id).toBe(first);
    expect(taken[1]!.message.notification?.kind).toBe('notice');
    expect(await queue.takeQueuedForMember(ours, broker, new Date())).toEqual([]);
    const row = await t.db.notification.findUniqueOrThrow({ where: { id: first! } });
    expect(row.deliveredAt?.toISOString()).toBe('2026-12-01T09:00:00.000Z');
  });
});
