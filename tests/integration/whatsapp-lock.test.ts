// One process owns a WhatsApp number at a time: the PostgreSQL advisory lock of ownership-lock.ts.
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOwnershipLock, type OwnershipLock } from '../../bot/channels/whatsapp/ownership-lock.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-db.ts';

let t: TestDatabase;
const locks: OwnershipLock[] = [];
const children: ChildProcess[] = [];

beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  await Promise.all(locks.map((l) => l.release()));
  await t?.drop();
});

function lock(accountId: string, onLost?: (error: Error) => void): OwnershipLock {
  const created = createOwnershipLock({ databaseUrl: t.url, accountId, onLost, heartbeatMs: 200 });
  locks.push(created);
  return created;
}

async function eventually(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > timeoutMs) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function lockConnections(): Promise<number[]> {
  const client = new pg.Client({ connectionString: t.url });
  await client.connect();
  try {
    const { rows } = await client.query<{ pid: number }>(
      `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'nova-whatsapp-lock'`,
    );
    return rows.map((r) => r.pid);
  } finally {
    await client.end();
  }
}

describe('ownership lock', () => {
  it('refuses a second owner while the first holds the number, and lets it in after release', async () => {
    const first = lock('acc-1');
    const second = lock('acc-1');
    expect(await first.tryAcquire()).toBe(true);
    expect(await first.tryAcquire()).toBe(true);
    expect(await second.tryAcquire()).toBe(false);
    expect([first.held(), second.held()]).toEqual([true, false]);

    await first.release();
    expect(first.held()).toBe(false);
    expect(await second.tryAcquire()).toBe(true);
    expect(await first.tryAcquire()).toBe(false);
    await second.release();
  });

  it('does not keep a connection open while refused', async () => {
    const holder = lock('acc-idle');
    const waiter = lock('acc-idle');
    await holder.tryAcquire();
    const before = (await lockConnections()).length;
    expect(await waiter.tryAcquire()).toBe(false);
    expect((await lockConnections()).length).toBe(before);
    await holder.release();
  });

  it('locks each number on its own', async () => {
    const a = lock('acc-a');
    const b = lock('acc-b');
    expect(await a.tryAcquire()).toBe(true);
    expect(await b.tryAcquire()).toBe(true);
    await Promise.all([a.release(), b.release()]);
  });

  it('is free again when the owning process dies (its connection ends with it)', async () => {
    const modulePath = fileURLToPath(new URL('../../bot/channels/whatsapp/ownership-lock.ts', import.meta.url));
    const code = `
      import { createOwnershipLock } from ${JSON.stringify(modulePath)};
      const lock = createOwnershipLock({ databaseUrl: ${JSON.stringify(t.url)}, accountId: 'acc-crash' });
      console.log(await lock.tryAcquire() ? 'owned' : 'refused');
      setInterval(() => {}, 1000);
    `;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
      cwd: fileURLToPath(new URL('../..', import.meta.url)),
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    children.push(child);
    const said = await new Promise<string>((resolve, reject) => {
      child.stdout!.on('data', (chunk: Buffer) => resolve(chunk.toString().trim()));
      child.once('exit', (exitCode) => reject(new Error(`child exited ${exitCode}`)));
    });
    expect(said).toBe('owned');

    const survivor = lock('acc-crash');
    expect(await survivor.tryAcquire()).toBe(false);
    child.kill('SIGKILL');
    await eventually(() => survivor.tryAcquire());
    expect(survivor.held()).toBe(true);
    await survivor.release();
  });

  it('tells its owner when the lock connection is lost, and the number is free for another', async () => {
    const lost: Error[] = [];
    const owner = lock('acc-lost', (error) => lost.push(error));
    expect(await owner.tryAcquire()).toBe(true);
    const pids = await lockConnections();
    expect(pids).toHaveLength(1);

    const admin = new pg.Client({ connectionString: t.url });
    await admin.connect();
    await admin.query('SELECT pg_terminate_backend($1)', [pids[0]]);
    await admin.end();

    await eventually(async () => lost.length === 1);
    expect(owner.held()).toBe(false);
    const next = lock('acc-lost');
    expect(await next.tryAcquire()).toBe(true);
    // the old owner can take it back only once the new one lets go
    expect(await owner.tryAcquire()).toBe(false);
    await next.release();
    expect(await owner.tryAcquire()).toBe(true);
    await owner.release();
    expect(lost).toHaveLength(1);
  });
});
