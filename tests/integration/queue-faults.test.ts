// The queue backend failing under Nova: with Redis unreachable a message is still stored and the channel
// answered (the request never waits for Redis to come back), and it is answered once Redis returns; a
// message whose job never reached the queue is the sweep's. Two installations on different databases
// share one Redis without sharing queues: the default prefix is derived from the database. Finished jobs
// are kept for a bounded time and number.
import { randomBytes } from 'node:crypto';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { createMemoryChannel } from '../../bot/channels/memory/memory.channel.ts';
import { createInbox } from '../../bot/engine/inbox.ts';
import { createRuntime, type Runtime } from '../../bot/engine/runtime.ts';
import { features } from '../../bot/features/index.ts';
import { loadConfig } from '../../core/config/env.ts';
import { createBullJobQueue } from '../../core/jobs/bullmq.queue.ts';
import type { JobQueue } from '../../core/jobs/job-map.ts';
import { ManualClock } from '../../core/shared/clock.ts';
import { silentLogger } from '../../core/shared/logger.ts';
import { DEMO_ORG_SLUG, seedDemo } from '../../prisma/seed.ts';
import { dropRedisPrefix } from '../support/cli.ts';
import { SAAD } from '../support/nova.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-db.ts';

const REDIS_PORT = Number(new URL(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379').port || 6379);
const cleanups: Array<() => Promise<unknown>> = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
});

/** A TCP relay to Redis that the test can cut (Redis gone: connections refused) and restore on the same port. */
async function redisRelay() {
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = connect(REDIS_PORT, '127.0.0.1');
    sockets.add(client).add(upstream);
    client.pipe(upstream).pipe(client);
    const close = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('error', close).on('close', close);
    upstream.on('error', close).on('close', close);
  });
  const listen = (port: number) =>
    new Promise<number>((resolve) =>
      server.listen(port, '127.0.0.1', () => resolve((server.address() as { port: number }).port)),
    );
  const port = await listen(0);
  return {
    url: `redis://127.0.0.1:${port}`,
    cut: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      }),
    restore: () => listen(port),
    close: () => new Promise<void>((resolve) => (server.listening ? server.close(() => resolve()) : resolve())),
  };
}

/** A seeded database, its memory channel account, and a runtime on `redisUrl` under `queuePrefix`. */
async function office(options: {
  redisUrl?: string;
  queuePrefix?: (db: TestDatabase) => string;
  workers?: boolean;
  runHere?: boolean;
}) {
  const database = await createTestDatabase();
  cleanups.push(() => database.drop());
  await seedDemo(database.db, { password: 'demo-password' });
  const org = await database.db.organization.findUniqueOrThrow({ where: { slug: DEMO_ORG_SLUG } });
  const account = await database.db.channelAccount.create({
    data: { organizationId: org.id, kind: 'memory', externalId: `faults-${randomBytes(4).toString('hex')}` },
  });
  const queuePrefix = options.queuePrefix?.(database) ?? `nova-test-${randomBytes(4).toString('hex')}`;
  cleanups.push(() => dropRedisPrefix(queuePrefix));
  const runtime: Runtime = createRuntime({
    features,
    databaseUrl: database.url,
    redisUrl: options.redisUrl ?? `redis://127.0.0.1:${REDIS_PORT}`,
    queuePrefix,
    logger: silentLogger,
    clock: new ManualClock('2026-11-22T09:00:00+03:00'),
    dbPoolSize: 5,
  });
  cleanups.push(() => runtime.close());
  if (options.workers !== false) await runtime.startWorkers({ runHere: options.runHere });
  return { database, account, runtime, queuePrefix, chat: createMemoryChannel(runtime, account.id) };
}

async function until(condition: () => Promise<boolean>, what: string, timeoutMs = 45_000) {
  const started = Date.now();
  while (!(await condition())) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting: ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('Redis unreachable', () => {
  it('stores and answers a message while Redis is away: its turn runs in the process that stored it', async () => {
    const relay = await redisRelay();
    cleanups.push(() => relay.close());
    const o = await office({ redisUrl: relay.url });
    // Working before the outage: one message, one reply.
    expect((await o.chat.say(SAAD, 'مرحبا')).length).toBe(1);

    await relay.cut();
    const accepted = await o.chat.send(SAAD, 'عملائي');
    expect(accepted.duplicate).toBe(false);
    await until(
      async () =>
        (await o.database.db.inboundMessage.findUniqueOrThrow({ where: { id: accepted.id } })).status === 'processed',
      'the message stored during the outage is processed',
    );
    const during = await o.database.db.outboundMessage.count({ where: { channelAccountId: o.account.id } });
    expect(during).toBe(2);

    await relay.restore();
    await o.chat.settle(45_000);
    const replies = await o.database.db.outboundMessage.findMany({
      where: { channelAccountId: o.account.id },
      orderBy: { seq: 'asc' },
    });
    expect(replies).toHaveLength(2);
  });

  it('stores a message without waiting for Redis in a process that turns nothing itself, and answers it once Redis is back', async () => {
    const relay = await redisRelay();
    cleanups.push(() => relay.close());
    const o = await office({ redisUrl: relay.url, runHere: false });
    expect((await o.chat.say(SAAD, 'مرحبا')).length).toBe(1);

    await relay.cut();
    const accepted = await o.chat.send(SAAD, 'عملائي');
    expect(accepted.duplicate).toBe(false);
    const row = await o.database.db.inboundMessage.findUniqueOrThrow({ where: { id: accepted.id } });
    expect(row.status).toBe('received');

    await relay.restore();
    await until(
      async () =>
        (await o.database.db.inboundMessage.findUniqueOrThrow({ where: { id: accepted.id } })).status === 'processed',
      'the message stored during the outage is processed',
    );
    await o.chat.settle(45_000);
    const replies = await o.database.db.outboundMessage.findMany({
      where: { channelAccountId: o.account.id },
      orderBy: { seq: 'asc' },
    });
    expect(replies).toHaveLength(2);
  });

  it('leaves a message whose job never reached the queue to the sweep, which answers it once', async () => {
    const o = await office({});
    const unreachable: JobQueue = { enqueue: () => new Promise(() => {}), close: async () => {} };
    const inbox = createInbox({ db: o.database.db, jobs: unreachable });
    const accepted = await inbox.accept({
      channelAccountId: o.account.id,
      externalId: `never-queued-${randomBytes(4).toString('hex')}`,
      chatId: SAAD,
      sender: { externalId: SAAD, phone: SAAD },
      kind: 'text',
      text: 'مرحبا',
    });
    expect((await o.database.db.inboundMessage.findUniqueOrThrow({ where: { id: accepted.id } })).status).toBe(
      'received',
    );

    const swept = await o.runtime.sweep.run({ staleAfterMs: 0 });
    expect(swept.chats).toBe(1);
    await o.chat.settle(45_000);
    expect((await o.database.db.inboundMessage.findUniqueOrThrow({ where: { id: accepted.id } })).status).toBe(
      'processed',
    );
    expect(await o.database.db.outboundMessage.count({ where: { channelAccountId: o.account.id } })).toBe(1);
  });
});

describe('two installations on one Redis', () => {
  it('never take each other’s jobs with the default queue prefix', async () => {
    const derived = (db: TestDatabase) => loadConfig({ DATABASE_URL: db.url }).QUEUE_PREFIX;
    const a = await office({ queuePrefix: derived, workers: false });
    const b = await office({ queuePrefix: derived });
    expect(a.queuePrefix).toBe(`nova:${a.database.name}`);
    expect(b.queuePrefix).toBe(`nova:${b.database.name}`);

    // A's message is queued first; B's workers answer B's own later message. Had they shared the
    // queue, B's workers would have taken A's earlier job first.
    const fromA = await a.chat.send(SAAD, 'مرحبا');
    expect((await b.chat.say(SAAD, 'مرحبا')).length).toBe(1);
    expect(await a.runtime.jobs.queue('inbound.process').getJobCounts('waiting', 'active')).toEqual({
      waiting: 1,
      active: 0,
    });
    expect((await a.database.db.inboundMessage.findUniqueOrThrow({ where: { id: fromA.id } })).status).toBe('received');

    // A's own workers answer it.
    await a.runtime.startWorkers();
    await a.chat.settle(45_000);
    expect((await a.chat.takeReplies()).filter((r) => r.to === SAAD)).toHaveLength(1);
    expect(await b.database.db.inboundMessage.count()).toBe(1);
  });
});

describe('finished jobs', () => {
  it('are kept a week (failed) or a day (completed), at most 1,000 per queue, scheduled sweeps included', async () => {
    const prefix = `nova-test-${randomBytes(4).toString('hex')}`;
    cleanups.push(() => dropRedisPrefix(prefix));
    const jobs = createBullJobQueue({ redisUrl: `redis://127.0.0.1:${REDIS_PORT}`, prefix });
    cleanups.push(() => jobs.close());
    await jobs.enqueue('system.ping', { token: 'x' }, { jobId: 'kept', delayMs: 60_000 });
    const sweep = jobs.queue('reminder.sweep');
    await sweep.upsertJobScheduler('minute-sweep', { every: 60_000 }, { name: 'reminder.sweep', data: {} });
    const [ping] = await jobs.queue('system.ping').getDelayed();
    const scheduled = [...(await sweep.getDelayed()), ...(await sweep.getWaiting())];
    expect(scheduled.length).toBeGreaterThan(0);
    for (const job of [ping!, ...scheduled]) {
      expect(job.opts.removeOnFail, job.name).toEqual({ age: 7 * 24 * 3600, count: 1_000 });
      expect(job.opts.removeOnComplete, job.name).toEqual({ age: 24 * 3600, count: 1_000 });
    }
  });
});
