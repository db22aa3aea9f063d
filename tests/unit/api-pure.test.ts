// The admin API's pure pieces: API key strings and their hash, keyset positions and pages, cursors and
// ETags.
import { describe, expect, it } from 'vitest';
import { createMemberCache, MEMBER_TTL_MS } from '../../api/v1/auth.ts';
import { decodeCursor, encodeCursor, etagOf } from '../../api/v1/kit.ts';
import { ProblemError } from '../../api/v1/problems.ts';
import { API_KEY_PATTERN, hashApiKey, looksLikeApiKey, newApiKey } from '../../core/apikeys/apikeys.keys.ts';
import { inOrder, toPage, validPosition } from '../../core/shared/keyset.ts';

const ID = '0b8f7c1e-5a3d-4a43-9f57-2a7d0f6e8c11';

describe('API keys', () => {
  it('are nova_ and 43 base64url characters, with a 13-character prefix and a SHA-256 hex hash', () => {
    const k = newApiKey(Buffer.alloc(32, 7));
    expect(k.key).toMatch(API_KEY_PATTERN);
    expect(k.prefix).toBe(k.key.slice(0, 13));
    expect(k.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hashApiKey(k.key)).toBe(k.hash);
    expect(looksLikeApiKey(k.key)).toBe(true);
    expect(looksLikeApiKey('eyJhbGciOi')).toBe(false);
  });

  it('differ for different random bytes', () => {
    expect(newApiKey().key).not.toBe(newApiKey().key);
    expect(hashApiKey('nova_a')).not.toBe(hashApiKey('nova_b'));
  });
});

describe('keyset pages', () => {
  it('checks that a position fits its column', () => {
    const ts = { column: 'created_at', kind: 'timestamp' } as const;
    const text = { column: 'name', kind: 'text' } as const;
    const int = { column: 'price', kind: 'int' } as const;
    expect(validPosition(ts, { value: 1_795_000_000_000_123, id: ID })).toBe(true);
    expect(validPosition(ts, { value: '2026-01-01', id: ID })).toBe(false);
    expect(validPosition(ts, { value: 1.5, id: ID })).toBe(false);
    expect(validPosition(text, { value: 'سعد', id: ID })).toBe(true);
    expect(validPosition(text, { value: 3, id: ID })).toBe(false);
    expect(validPosition(int, { value: 3_000_000_000, id: ID })).toBe(false);
    expect(validPosition(int, { value: 5, id: 'not-a-uuid' })).toBe(false);
  });

  it('keeps `limit` rows and starts the next page after the last one kept, only when there is more', () => {
    const rows = [1, 2, 3].map((i) => ({ id: `id${i}`, k: BigInt(i * 10) }));
    expect(toPage(rows, 2)).toEqual({ items: rows.slice(0, 2), next: { value: 20, id: 'id2' } });
    expect(toPage(rows, 3)).toEqual({ items: rows, next: null });
    expect(toPage([], 3)).toEqual({ items: [], next: null });
  });

  it('puts rows fetched by id back in the order of the ids, dropping the missing', () => {
    expect(inOrder(['b', 'x', 'a'], [{ id: 'a' }, { id: 'b' }])).toEqual([{ id: 'b' }, { id: 'a' }]);
  });
});

describe('cursors', () => {
  const column = { column: 'created_at', kind: 'timestamp' } as const;

  it('round-trip for the sort they were made for', () => {
    const cursor = encodeCursor('-createdAt', { value: 1_795_000_000_000_123, id: ID });
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor, '-createdAt', column)).toEqual({ value: 1_795_000_000_000_123, id: ID });
  });

  it('refuse another sort, a forged value and garbage with a 400 problem', () => {
    const cursor = encodeCursor('-createdAt', { value: 1, id: ID });
    for (const [c, sort] of [
      [cursor, 'createdAt'],
      [encodeCursor('-createdAt', { value: 'x', id: ID }), '-createdAt'],
      ['%%%', '-createdAt'],
      [Buffer.from('null').toString('base64url'), '-createdAt'],
    ] as const) {
      expect(() => decodeCursor(c, sort, column)).toThrow(ProblemError);
    }
  });
});

describe('ETags', () => {
  it('are strong, stable for a version, and change with updatedAt', () => {
    const v = { id: ID, updatedAt: new Date('2026-11-22T06:00:00.000Z') };
    expect(etagOf(v)).toMatch(/^"[A-Za-z0-9_-]{27}"$/);
    expect(etagOf({ ...v })).toBe(etagOf(v));
    expect(etagOf({ id: ID, updatedAt: new Date('2026-11-22T06:00:00.001Z') })).not.toBe(etagOf(v));
  });
});

describe('the member cache of API calls', () => {
  it('loads a member once within 5 seconds, again after, and again at once after clear()', async () => {
    let loads = 0;
    let now = 0;
    const core = {
      teams: {
        memberById: async () => {
          loads++;
          return null;
        },
      },
    } as unknown as Parameters<typeof createMemberCache>[0]['core'];
    const cache = createMemberCache({ core }, () => now);
    await cache.get('org', 'u1');
    await cache.get('org', 'u1');
    expect(loads).toBe(1);
    await cache.get('org', 'u2');
    expect(loads).toBe(2);
    now += MEMBER_TTL_MS;
    await cache.get('org', 'u1');
    expect(loads).toBe(3);
    cache.clear();
    await cache.get('org', 'u1');
    expect(loads).toBe(4);
  });
});
