// The WhatsApp Web session in PostgreSQL: credentials and signal keys survive a restart, Buffers intact;
// a batch of key changes is all-or-nothing, also under concurrency; accounts do not see each other.
import { randomBytes } from 'node:crypto';
import { type AuthenticationCreds, proto } from '@whiskeysockets/baileys';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { usePrismaAuthState } from '../../bot/channels/whatsapp/auth-store.prisma.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-db.ts';

let t: TestDatabase;
let accountA: string;
let accountB: string;
let seq = 0;

async function newAccount(): Promise<string> {
  const org = await t.db.organization.create({ data: { name: 'o', slug: `wa-auth-${++seq}` } });
  const account = await t.db.channelAccount.create({
    data: { organizationId: org.id, kind: 'whatsapp_web', externalId: `9665000000${seq}` },
  });
  return account.id;
}

beforeAll(async () => {
  t = await createTestDatabase();
  accountA = await newAccount();
  accountB = await newAccount();
});
afterAll(async () => {
  await t?.drop();
});

describe('credentials', () => {
  it('starts with fresh credentials, and a new store instance (a restart) reads what the old one saved', async () => {
    const account = await newAccount();
    const first = await usePrismaAuthState(t.db, account);
    const creds: AuthenticationCreds = first.state.creds;
    expect(creds.registered).toBe(false);
    expect(Buffer.isBuffer(creds.noiseKey.private)).toBe(true);
    creds.me = { id: '966501234567:3@s.whatsapp.net', name: 'Nova' };
    creds.registered = true;
    creds.routingInfo = randomBytes(24);
    creds.account = {
      details: randomBytes(40),
      accountSignatureKey: randomBytes(32),
      accountSignature: randomBytes(64),
      deviceSignature: randomBytes(64),
    };
    await first.saveCreds();

    const restarted = await usePrismaAuthState(t.db, account);
    const again = restarted.state.creds;
    expect(again.me).toEqual(creds.me);
    expect(again.registered).toBe(true);
    expect(again.registrationId).toBe(creds.registrationId);
    expect(again.advSecretKey).toBe(creds.advSecretKey);
    for (const [revived, original] of [
      [again.noiseKey.private, creds.noiseKey.private],
      [again.noiseKey.public, creds.noiseKey.public],
      [again.signedIdentityKey.private, creds.signedIdentityKey.private],
      [again.signedPreKey.signature, creds.signedPreKey.signature],
      [again.routingInfo, creds.routingInfo],
      [again.account?.details, creds.account.details],
      [again.account?.deviceSignature, creds.account.deviceSignature],
    ] as const) {
      expect(Buffer.isBuffer(revived)).toBe(true);
      expect(Buffer.from(revived as Uint8Array).equals(Buffer.from(original as Uint8Array))).toBe(true);
    }
  });

  it('keeps the last of several saves', async () => {
    const account = await newAccount();
    const store = await usePrismaAuthState(t.db, account);
    const saves = [];
    for (let i = 1; i <= 10; i++) {
      store.state.creds.nextPreKeyId = i;
      saves.push(store.saveCreds());
    }
    await Promise.all(saves);
    expect((await usePrismaAuthState(t.db, account)).state.creds.nextPreKeyId).toBe(10);
  });
});

describe('signal keys', () => {
  it('sets, gets (Buffers intact, in one query per type) and deletes keys', async () => {
    const store = await usePrismaAuthState(t.db, accountA);
    const preKey = { public: randomBytes(32), private: randomBytes(32) };
    const session = new Uint8Array(randomBytes(300));
    await store.state.keys.set({
      'pre-key': { '1': preKey, '2': { public: randomBytes(32), private: randomBytes(32) } },
      session: { '966501234567.0': session },
      'sender-key-memory': { '120363@g.us': { '966501234567:1@s.whatsapp.net': true } },
      'lid-mapping': { '966501234567': '182736450912345', '182736450912345_reverse': '966501234567' },
    });

    const restarted = await usePrismaAuthState(t.db, accountA);
    const preKeys = await restarted.state.keys.get('pre-key', ['1', '2', '3']);
    expect(Object.keys(preKeys).sort()).toEqual(['1', '2']);
    expect(Buffer.isBuffer(preKeys['1']!.private)).toBe(true);
    expect(Buffer.from(preKeys['1']!.private).equals(preKey.private)).toBe(true);
    const sessions = await restarted.state.keys.get('session', ['966501234567.0']);
    expect(Buffer.from(sessions['966501234567.0']!).equals(Buffer.from(session))).toBe(true);
    expect(await restarted.state.keys.get('sender-key-memory', ['120363@g.us'])).toEqual({
      '120363@g.us': { '966501234567:1@s.whatsapp.net': true },
    });
    expect(await restarted.state.keys.get('lid-mapping', ['966501234567'])).toEqual({
      '966501234567': '182736450912345',
    });

    await restarted.state.keys.set({ 'pre-key': { '1': null }, session: { '966501234567.0': null } });
    expect(Object.keys(await store.state.keys.get('pre-key', ['1', '2']))).toEqual(['2']);
    expect(await store.state.keys.get('session', ['966501234567.0'])).toEqual({});
    expect(await store.state.keys.get('pre-key', [])).toEqual({});
  });

  it('revives app-state-sync-keys as protobuf objects', async () => {
    const store = await usePrismaAuthState(t.db, accountA);
    const keyData = proto.Message.AppStateSyncKeyData.fromObject({
      keyData: randomBytes(32),
      fingerprint: { rawId: 7, currentIndex: 2, deviceIndexes: [0, 1] },
      timestamp: 1763712345,
    });
    await store.state.keys.set({ 'app-state-sync-key': { AAAAAB1x: keyData } });
    const { AAAAAB1x: read } = await (await usePrismaAuthState(t.db, accountA)).state.keys.get('app-state-sync-key', [
      'AAAAAB1x',
    ]);
    expect(read).toBeInstanceOf(proto.Message.AppStateSyncKeyData);
    expect(Buffer.from(read!.keyData!).equals(Buffer.from(keyData.keyData!))).toBe(true);
    expect(read!.fingerprint?.rawId).toBe(7);
  });

  it('applies 50 concurrent batches, each whole, and the last write of a shared key is one of the batches', async () => {
    const account = await newAccount();
    // Five store instances (five "processes") writing at once, ten batches each.
    const stores = await Promise.all(Array.from({ length: 5 }, () => usePrismaAuthState(t.db, account)));
    const batch = (i: number) => ({
      'pre-key': Object.fromEntries(
        Array.from({ length: 20 }, (_, k) => [
          `${i}-${k}`,
          { public: Buffer.from([i, k]), private: Buffer.from([k, i]) },
        ]),
      ),
      session: { shared: Buffer.from([i, i, i]) },
      'sender-key': { [`own-${i}`]: Buffer.from([i]) },
    });
    await Promise.all(Array.from({ length: 50 }, (_, i) => stores[i % 5]!.state.keys.set(batch(i))));

    const reader = await usePrismaAuthState(t.db, account);
    for (let i = 0; i < 50; i++) {
      const ids = Array.from({ length: 20 }, (_, k) => `${i}-${k}`);
      const got = await reader.state.keys.get('pre-key', ids);
      expect(Object.keys(got), `batch ${i}`).toHaveLength(20);
      expect([...got[`${i}-7`]!.public]).toEqual([i, 7]);
      expect(Object.keys(await reader.state.keys.get('sender-key', [`own-${i}`]))).toHaveLength(1);
    }
    const shared = (await reader.state.keys.get('session', ['shared'])).shared!;
    const [a, b, c] = [...shared];
    expect(a).toBe(b);
    expect(b).toBe(c);
    expect(a).toBeGreaterThanOrEqual(0);
    expect(a).toBeLessThan(50);
    expect(await t.db.whatsappAuthKey.count({ where: { channelAccountId: account } })).toBe(50 * 20 + 1 + 50);
  });

  it('writes nothing of a batch that fails, even alongside concurrent good batches', async () => {
    const account = await newAccount();
    const store = await usePrismaAuthState(t.db, account);
    await store.state.keys.set({ session: { keep: Buffer.from([1]) } });

    // PostgreSQL refuses \u0000 in jsonb text: the failure comes from the database, after this
    // batch's delete of "keep" already ran inside the transaction.
    const bad = store.state.keys.set({
      session: { keep: null },
      'pre-key': {
        'bad-1': { public: Buffer.from([1]), private: Buffer.from([2]) },
        'bad-2': { broken: 'nul \u0000 inside' } as never,
      },
    });
    const good = Array.from({ length: 10 }, (_, i) =>
      store.state.keys.set({ 'sender-key': { [`good-${i}`]: Buffer.from([i]) } }),
    );
    await expect(bad).rejects.toThrow(/unsupported Unicode escape sequence/);
    await Promise.all(good);

    const reader = await usePrismaAuthState(t.db, account);
    expect(await reader.state.keys.get('pre-key', ['bad-1', 'bad-2'])).toEqual({});
    expect(Object.keys(await reader.state.keys.get('session', ['keep']))).toEqual(['keep']);
    expect(
      Object.keys(
        await reader.state.keys.get(
          'sender-key',
          Array.from({ length: 10 }, (_, i) => `good-${i}`),
        ),
      ),
    ).toHaveLength(10);
  });
});

describe('accounts', () => {
  it('keeps the keys of two numbers apart, and clear() removes only its own', async () => {
    const a = await usePrismaAuthState(t.db, accountA);
    const b = await usePrismaAuthState(t.db, accountB);
    await a.state.keys.set({ 'sender-key': { same: Buffer.from('from-a') } });
    await b.state.keys.set({ 'sender-key': { same: Buffer.from('from-b') } });
    await a.saveCreds();
    await b.saveCreds();
    expect((await a.state.keys.get('sender-key', ['same'])).same!.toString()).toBe('from-a');
    expect((await b.state.keys.get('sender-key', ['same'])).same!.toString()).toBe('from-b');
    expect((await usePrismaAuthState(t.db, accountB)).state.creds.registrationId).toBe(b.state.creds.registrationId);

    await a.clear();
    expect(await t.db.whatsappAuthKey.count({ where: { channelAccountId: accountA } })).toBe(0);
    expect(await a.state.keys.get('sender-key', ['same'])).toEqual({});
    expect((await b.state.keys.get('sender-key', ['same'])).same!.toString()).toBe('from-b');
    expect(await t.db.whatsappAuthKey.count({ where: { channelAccountId: accountB, type: 'creds' } })).toBe(1);
    // After a clear, the next start pairs anew.
    const fresh = await usePrismaAuthState(t.db, accountA);
    expect(fresh.state.creds.registrationId).not.toBe(a.state.creds.registrationId);
  });

  it('keys.clear() keeps the credentials', async () => {
    const account = await newAccount();
    const store = await usePrismaAuthState(t.db, account);
    await store.saveCreds();
    await store.state.keys.set({ session: { x: Buffer.from([1]) } });
    await store.state.keys.clear?.();
    expect(
      await t.db.whatsappAuthKey.findMany({ where: { channelAccountId: account }, select: { type: true } }),
    ).toEqual([{ type: 'creds' }]);
  });
});
