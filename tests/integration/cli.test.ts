// The `nova` command as an operator uses it: migrate, seed, start, and its one-line failures.
import { randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { connect, createServer, type Socket } from 'node:net';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { IDLE_CONNECTION_MS } from '../../bin/commands/start.ts';
import { dropRedisPrefix, freePort, ROOT, runNova, startNova, testQueuePrefix } from '../support/cli.ts';
import { adminUrl, dropDatabase, testDatabaseUrl } from '../support/pg.ts';

const MIGRATIONS = readdirSync(path.join(ROOT, 'prisma', 'migrations'), { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => e.name)
  .sort();
const created: string[] = [];
const prefixes: string[] = [];
const queuePrefix = () => {
  const prefix = testQueuePrefix();
  prefixes.push(prefix);
  return prefix;
};
const freshDatabase = () => {
  const name = `nova_test_cli_${randomBytes(4).toString('hex')}`;
  created.push(name);
  return { name, url: testDatabaseUrl(name) };
};
afterAll(async () => {
  for (const name of created) await dropDatabase(adminUrl(), name);
  for (const prefix of prefixes) await dropRedisPrefix(prefix);
});

async function query<T>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows as T[];
  } finally {
    await client.end();
  }
}

describe('nova migrate', () => {
  it('creates a missing database, migrates it, and is harmless the second time', async () => {
    const { url } = freshDatabase();
    const first = await runNova(['migrate'], { DATABASE_URL: url });
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/created database/);
    expect(first.stdout).toContain(`applied ${MIGRATIONS.length} migration(s): ${MIGRATIONS.join(', ')}`);
    const second = await runNova(['migrate'], { DATABASE_URL: url });
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toMatch(/up to date/);
    const rows = await query<{ n: string }>(
      url,
      'SELECT count(*) AS n FROM _prisma_migrations WHERE finished_at IS NOT NULL',
    );
    expect(Number(rows[0]!.n)).toBe(MIGRATIONS.length);
  });

  it('fails with one line and exit code 1 on a malformed or unreachable database', async () => {
    const malformed = await runNova(['migrate'], { DATABASE_URL: 'not-a-url' });
    expect(malformed.code).toBe(1);
    expect(malformed.stderr.trim().split('\n')).toEqual([
      'nova: invalid DATABASE_URL: must be a postgresql:// URL with a database name',
    ]);
    const port = await freePort();
    const unreachable = await runNova(['migrate'], { DATABASE_URL: `postgresql://postgres@127.0.0.1:${port}/nova` });
    expect(unreachable.code).toBe(1);
    expect(unreachable.stderr.trim().split('\n')).toHaveLength(1);
    expect(unreachable.stderr).toMatch(/connection refused/);
  });
});

describe('nova seed --demo', () => {
  it('leaves exactly one demo organization when run twice, and keeps data on migrate', async () => {
    const { url } = freshDatabase();
    const first = await runNova(['seed', '--demo'], { DATABASE_URL: url, DEMO_PASSWORD: '' });
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/demo login password \(shown once\): \S+/);
    const second = await runNova(['seed', '--demo'], { DATABASE_URL: url, DEMO_PASSWORD: '' });
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).not.toMatch(/password/);

    const [counts] = await query<Record<string, string>>(
      url,
      `SELECT (SELECT count(*) FROM organizations) AS orgs, (SELECT count(*) FROM users) AS users,
              (SELECT count(*) FROM properties) AS properties, (SELECT count(*) FROM customers) AS customers,
              (SELECT count(*) FROM requests) AS requests, (SELECT count(*) FROM working_hours) AS hours`,
    );
    expect(counts).toEqual({ orgs: '1', users: '2', properties: '3', customers: '1', requests: '0', hours: '12' });
    const props = await query<{ ref_number: number; city: string; district: string; price: number; area: number }>(
      url,
      'SELECT ref_number, city, district, price, area FROM properties ORDER BY ref_number',
    );
    expect(props).toEqual([
      { ref_number: 1, city: 'Riyadh', district: 'النرجس', price: 2_300_000, area: 450 },
      { ref_number: 2, city: 'Riyadh', district: 'الملقا', price: 65_000, area: 180 },
      { ref_number: 3, city: 'Jeddah', district: 'ابحر الشمالية', price: 1_800_000, area: 900 },
    ]);

    const again = await runNova(['migrate'], { DATABASE_URL: url });
    expect(again.code).toBe(0);
    const [after] = await query<{ n: string }>(url, 'SELECT count(*) AS n FROM properties');
    expect(after!.n).toBe('3');
  });
});

/** A TCP relay to PostgreSQL that the test can cut, as if the server went away. */
async function cuttableProxy(targetPort = 5432) {
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = connect(targetPort, '127.0.0.1');
    sockets.add(client).add(upstream);
    client.pipe(upstream).pipe(client);
    const close = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', close);
    upstream.on('error', close);
  });
  const port = await new Promise<number>((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)),
  );
  return {
    port,
    cut: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      }),
  };
}

describe('nova start', () => {
  it('answers /healthz and /readyz, and names PostgreSQL in a 503 when it goes away', async () => {
    const { name } = freshDatabase();
    const proxy = await cuttableProxy();
    const port = await freePort();
    const nova = await startNova(
      ['start'],
      {
        DATABASE_URL: `postgresql://postgres@127.0.0.1:${proxy.port}/${name}`,
        PORT: String(port),
        LOG_LEVEL: 'info',
        QUEUE_PREFIX: queuePrefix(),
      },
      (out) => out.includes('listening'),
    );
    try {
      const health = await fetch(`http://127.0.0.1:${port}/healthz`);
      expect(health.status).toBe(200);
      const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toMatchObject({ status: 'ready', services: { postgres: 'up', redis: 'up' } });

      await proxy.cut();
      const down = await fetch(`http://127.0.0.1:${port}/readyz`);
      expect(down.status).toBe(503);
      expect(await down.json()).toMatchObject({ down: ['postgres'], services: { postgres: 'down', redis: 'up' } });
      expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    } finally {
      await nova.stop();
    }
  });

  it('names Redis in a 503 when Redis is unreachable', async () => {
    const { name } = freshDatabase();
    const port = await freePort();
    const deadRedis = await freePort();
    const nova = await startNova(
      ['start'],
      {
        DATABASE_URL: testDatabaseUrl(name),
        QUEUE_PREFIX: queuePrefix(),
        REDIS_URL: `redis://127.0.0.1:${deadRedis}`,
        PORT: String(port),
        LOG_LEVEL: 'info',
      },
      (out) => out.includes('listening'),
    );
    try {
      const down = await fetch(`http://127.0.0.1:${port}/readyz`);
      expect(down.status).toBe(503);
      expect(await down.json()).toMatchObject({ down: ['redis'] });
    } finally {
      await nova.stop();
    }
  });
  it("keeps an idle kept-alive connection open past Node's 5 s default, for webhook senders that reuse theirs", async () => {
    const { name } = freshDatabase();
    const port = await freePort();
    const nova = await startNova(
      ['start'],
      { DATABASE_URL: testDatabaseUrl(name), QUEUE_PREFIX: queuePrefix(), PORT: String(port), LOG_LEVEL: 'info' },
      (out) => out.includes('listening'),
    );
    const socket = connect(port, '127.0.0.1');
    try {
      let received = '';
      let closed = false;
      socket.on('data', (chunk) => {
        received += chunk.toString('latin1');
      });
      socket.on('close', () => {
        closed = true;
      });
      const ask = async () => {
        received = '';
        socket.write('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n');
        for (let i = 0; i < 100 && !received.includes('\r\n\r\n'); i++) await new Promise((r) => setTimeout(r, 50));
        return received.split('\r\n')[0];
      };
      expect(await ask()).toBe('HTTP/1.1 200 OK');
      await new Promise((r) => setTimeout(r, 6_500));
      expect(closed).toBe(false);
      expect(await ask()).toBe('HTTP/1.1 200 OK');
      expect(IDLE_CONNECTION_MS).toBeGreaterThan(60_000);
    } finally {
      socket.destroy();
      await nova.stop();
    }
  });
});

describe('nova start with a channel configured', () => {
  it('starts Telegram from the environment and reports it in /readyz', async () => {
    const { createServer: createHttpServer } = await import('node:http');
    const methods: string[] = [];
    const bot = createHttpServer((req, res) => {
      const method = req.url?.split('/').pop() ?? '';
      methods.push(method);
      const result =
        method === 'getMe'
          ? { id: 123, is_bot: true, first_name: 'Nova', username: 'nova_test_bot' }
          : method === 'getUpdates'
            ? []
            : true;
      // Long polls answer after a short while, like Telegram with nothing to deliver.
      setTimeout(() => res.end(JSON.stringify({ ok: true, result })), method === 'getUpdates' ? 300 : 0);
    });
    const botPort = await new Promise<number>((resolve) =>
      bot.listen(0, '127.0.0.1', () => resolve((bot.address() as { port: number }).port)),
    );
    const { name } = freshDatabase();
    const port = await freePort();
    const nova = await startNova(
      ['start'],
      {
        DATABASE_URL: testDatabaseUrl(name),
        PORT: String(port),
        LOG_LEVEL: 'info',
        QUEUE_PREFIX: queuePrefix(),
        TELEGRAM_BOT_TOKEN: '123:TEST',
        TELEGRAM_API_ROOT: `http://127.0.0.1:${botPort}`,
      },
      (out) => out.includes('Channels:'),
    );
    try {
      expect(nova.output()).toContain('telegram (connected)');
      const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toMatchObject({ services: { postgres: 'up', redis: 'up', telegram: 'up' } });
      expect(methods).toContain('getMe');
      expect(methods).toContain('getUpdates');
    } finally {
      await nova.stop();
      bot.close();
    }
  });
});
