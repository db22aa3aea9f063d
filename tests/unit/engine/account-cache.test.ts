// The account cache: a burst of messages that find an account unread waits for one read; an account
// not found, or a failed read, is read again by the next message.
import { describe, expect, it } from 'vitest';
import { createAccountCache } from '../../../bot/engine/account-cache.ts';
import type { Db } from '../../../core/db/client.ts';

function fakeDb(answer: () => Promise<unknown>) {
  let reads = 0;
  const db = {
    channelAccount: {
      findUnique: async () => {
        reads += 1;
        return answer();
      },
    },
  } as unknown as Db;
  return { db, reads: () => reads };
}

const ROW = {
  organizationId: 'org',
  kind: 'whatsapp_cloud',
  isEnabled: true,
  organization: { timeZone: 'Asia/Riyadh', city: 'Riyadh' },
};

describe('createAccountCache', () => {
  it('reads an account once for a burst of lookups, and keeps it', async () => {
    const { db, reads } = fakeDb(async () => {
      await new Promise((r) => setTimeout(r, 10));
      return ROW;
    });
    const cache = createAccountCache(db);
    const found = await Promise.all(Array.from({ length: 20 }, () => cache.get('a')));
    expect(found.every((f) => f?.organizationId === 'org' && f.city === 'Riyadh')).toBe(true);
    await cache.get('a');
    expect(reads()).toBe(1);
  });

  it('reads again after a miss and after a failed read', async () => {
    let next: 'none' | 'fail' | 'row' = 'none';
    const { db, reads } = fakeDb(async () => {
      if (next === 'fail') throw new Error('database away');
      return next === 'row' ? ROW : null;
    });
    const cache = createAccountCache(db);
    expect(await cache.get('b')).toBeNull();
    next = 'fail';
    await expect(cache.get('b')).rejects.toThrow('database away');
    next = 'row';
    expect((await cache.get('b'))?.kind).toBe('whatsapp_cloud');
    expect(reads()).toBe(3);
  });
});
