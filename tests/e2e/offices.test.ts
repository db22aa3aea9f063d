// Two offices in one process, each with its own Telegram bot (a fake Bot API on 127.0.0.1), started
// by the composition root from the database (bin/channels.ts: the bots' tokens unsealed). A message to
// an office's bot lands in that office only; a member of office A writing to office B's bot is nobody
// there. By chat, A's owner adds Layla (confirmed; on Telegram her invitation waits), her first
// message joins her with a welcome, a broker's or a stranger's request to add is refused, and removing
// Layla gives her customer to the owner, never losing it. Where numbers are addresses (a memory chat
// standing for WhatsApp), the invitation goes to her number at once.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type StartedChannels, startConfiguredChannels } from '../../bin/channels.ts';
import { channelSecretsKey } from '../../bin/offices.ts';
import { createMemoryChannel } from '../../bot/channels/memory/memory.channel.ts';
import { mapRegistry } from '../../bot/engine/outbox.ts';
import { createRuntime, type Runtime } from '../../bot/engine/runtime.ts';
import { features } from '../../bot/features/index.ts';
import { loadConfig } from '../../core/config/env.ts';
import { createCore } from '../../core/core.ts';
import { createDeferredQueue } from '../../core/jobs/deferred.queue.ts';
import { ManualClock } from '../../core/shared/clock.ts';
import { silentLogger } from '../../core/shared/logger.ts';
import { systemScope } from '../../core/shared/scope.ts';
import { dropRedisPrefix } from '../support/cli.ts';
import { type FakeBotApi, startFakeBotApi, type TgUser } from '../support/fake-bot-api.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-db.ts';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const TOKEN_A = '8101:AAH-bot-of-office-a';
const TOKEN_B = '8202:AAH-bot-of-office-b';
const OWNER_A = { phone: '+966551110001', tg: { id: 9001, is_bot: false, first_name: 'أبو فهد' } as TgUser };
const OWNER_B = { phone: '+966551110002', tg: { id: 9002, is_bot: false, first_name: 'Sami' } as TgUser };
const LAYLA = { phone: '+966551234567', tg: { id: 9003, is_bot: false, first_name: 'ليلى' } as TgUser };
const CLIENT = { id: 9100, is_bot: false, first_name: 'عميل' } as TgUser;

let fake: FakeBotApi;
let database: TestDatabase;
let runtime: Runtime;
let channels: StartedChannels;
const queuePrefix = `nova-test-${randomBytes(4).toString('hex')}`;
const office = { a: { id: '', account: '' }, b: { id: '', account: '' } };

beforeAll(async () => {
  fake = await startFakeBotApi();
  database = await createTestDatabase();
  const cfg = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: database.url,
    TELEGRAM_API_ROOT: fake.url,
    NOVA_SECRET_KEY: 'offices-e2e-secret-key-0123456789abcdefgh',
  });
  const clock = new ManualClock('2026-11-22T09:00:00+03:00');
  const adapters = mapRegistry();
  runtime = createRuntime({
    features,
    databaseUrl: database.url,
    redisUrl: REDIS_URL,
    queuePrefix,
    logger: silentLogger,
    clock,
    adapters,
    dbPoolSize: 10,
  });
  await runtime.startWorkers();
  // The offices and their bots, made as `nova org create` and `nova channel add` make them.
  const secretsKey = channelSecretsKey(cfg);
  const core = createCore({
    db: runtime.db,
    clock,
    jobs: createDeferredQueue().queue,
    logger: silentLogger,
    channelSecretsKey: secretsKey,
  });
  for (const [key, name, owner, token] of [
    ['a', 'مكتب الرياض', OWNER_A, TOKEN_A],
    ['b', 'Jeddah Homes', OWNER_B, TOKEN_B],
  ] as const) {
    const created = await core.organizations.create({ name, owner: { phone: owner.phone, name: owner.tg.first_name } });
    if (!created.ok) throw new Error(created.error.code);
    const bound = await core.channelAccounts.add(
      { ...systemScope(created.value.organizationId), via: 'cli' },
      { kind: 'telegram', token },
    );
    if (!bound.ok) throw new Error(bound.error.code);
    office[key] = { id: created.value.organizationId, account: bound.value.id };
  }
  channels = await startConfiguredChannels({
    cfg,
    db: runtime.db,
    inbox: runtime.inbox,
    logger: silentLogger,
    clock,
    adapters,
    mediaFetchers: {},
    receive: true,
    secretsKey,
  });
});

afterAll(async () => {
  await channels?.stop();
  await runtime?.close();
  await dropRedisPrefix(queuePrefix);
  await database?.drop();
  await fake?.close();
});

const tokenOf = { a: TOKEN_A, b: TOKEN_B } as const;

/** Sends to an office's bot as `from` and waits until Nova has answered everything; returns what the bot sent him. */
async function send(to: 'a' | 'b', from: TgUser, what: { text: string } | { phone: string }) {
  const accountId = office[to].account;
  const before = await runtime.db.inboundMessage.count({ where: { channelAccountId: accountId } });
  const sentBefore = fake.sentTo(tokenOf[to], from.id).length;
  if ('text' in what) fake.text(tokenOf[to], from, what.text);
  else fake.shareContact(tokenOf[to], from, what.phone.replace('+', ''));
  const started = Date.now();
  while ((await runtime.db.inboundMessage.count({ where: { channelAccountId: accountId } })) === before) {
    if (Date.now() - started > 20_000) throw new Error('the bot did not receive the message');
    await new Promise((r) => setTimeout(r, 20));
  }
  await createMemoryChannel(runtime, accountId).settle();
  // the adapter's send happens in the outbound job, which settle() waited for
  return fake.sentTo(tokenOf[to], from.id).slice(sentBefore).join('\n---\n');
}

const userOf = (organizationId: string, phone: string) =>
  runtime.db.user.findUnique({ where: { organizationId_phone: { organizationId, phone } } });

describe('two offices, two bots, one process', () => {
  it('started both bots from the database, each bound to its own office', async () => {
    const kinds = channels.running.map((c) => c.kind).sort();
    expect(kinds).toHaveLength(2);
    expect(kinds[0]).toBe('telegram [jeddah-homes]');
    expect(kinds[1]).toMatch(/^telegram \[office-[0-9a-f]{6}\]$/);
    expect(
      fake.calls
        .filter((c) => c.method === 'getMe')
        .map((c) => c.token)
        .sort(),
    ).toEqual([TOKEN_A, TOKEN_B]);
  });

  it('a message to an office’s bot lands in that office; its member is nobody at the other office', async () => {
    const toA = await send('a', OWNER_A.tg, { phone: OWNER_A.phone });
    expect(toA).toMatch(/✅ ربطت رقمك\. أهلاً أبو فهد!/);
    // The same man, to office B's bot: a stranger there, greeted as a client of B.
    const toB = await send('b', OWNER_A.tg, { phone: OWNER_A.phone });
    expect(toB).not.toMatch(/مساعدك في إدارة عملائك/);
    await send('b', CLIENT, { text: 'أبي شقة للإيجار في جدة' });

    const contacts = await runtime.db.contact.findMany({
      select: { organizationId: true, channelAccountId: true, userId: true, phone: true },
    });
    for (const c of contacts) {
      expect(c.organizationId).toBe(c.channelAccountId === office.a.account ? office.a.id : office.b.id);
    }
    const ownerA = await userOf(office.a.id, OWNER_A.phone);
    expect(contacts.find((c) => c.channelAccountId === office.a.account && c.phone === OWNER_A.phone)?.userId).toBe(
      ownerA!.id,
    );
    expect(
      contacts.find((c) => c.channelAccountId === office.b.account && c.phone === OWNER_A.phone)?.userId,
    ).toBeNull();
    const inbound = await runtime.db.inboundMessage.findMany({
      select: { organizationId: true, channelAccountId: true },
    });
    expect(inbound.length).toBe(3);
    for (const m of inbound)
      expect(m.organizationId).toBe(m.channelAccountId === office.a.account ? office.a.id : office.b.id);
    // The client's request is office B's, and office A knows nothing of him.
    expect(await runtime.db.customer.count({ where: { organizationId: office.a.id } })).toBe(0);
  });
});

describe('the team by chat', () => {
  it('the owner adds Layla: confirmed, then pending, her invitation waiting for Telegram', async () => {
    const ask = await send('a', OWNER_A.tg, { text: 'أضف ليلى 0551234567 للفريق وسيط' });
    expect(ask).toMatch(/أضيف ليلى \(0551234567\) للفريق بدور وسيط؟/);
    expect(await userOf(office.a.id, LAYLA.phone)).toBeNull();
    const done = await send('a', OWNER_A.tg, { text: 'نعم' });
    expect(done).toMatch(/✅ أضفت ليلى \(0551234567\) للفريق بدور وسيط\. تيليجرام ما يوصل لأحد برقمه/);
    const layla = await userOf(office.a.id, LAYLA.phone);
    expect(layla).toMatchObject({ name: 'ليلى', role: 'broker', status: 'pending' });
    const invitation = await runtime.db.notification.findFirstOrThrow({ where: { userId: layla!.id } });
    expect(invitation).toMatchObject({ type: 'invite', deliveredAt: null });
    const ownerA = await userOf(office.a.id, OWNER_A.phone);
    expect(
      await runtime.db.auditLog.findFirst({ where: { action: 'member.added', entityId: layla!.id } }),
    ).toMatchObject({
      userId: ownerA!.id,
      channel: 'telegram',
    });
  });

  it('her first message (sharing her number) joins her, with a welcome and the invitation', async () => {
    const hello = await send('a', LAYLA.tg, { text: 'السلام عليكم' });
    expect(hello).toMatch(/شارك رقمي|Share my number|شارك رقم/);
    expect((await userOf(office.a.id, LAYLA.phone))!.status).toBe('pending');
    const joined = await send('a', LAYLA.tg, { phone: LAYLA.phone });
    expect(joined).toMatch(/🎉 انضممت لفريق «مكتب الرياض» بدور وسيط\./);
    expect(joined).toMatch(/أهلاً ليلى! أنا نوفا، مساعدك في إدارة عملائك/);
    expect(joined).toMatch(/أبو فهد أضافك لفريق «مكتب الرياض»/);
    const layla = await userOf(office.a.id, LAYLA.phone);
    expect(layla!.status).toBe('active');
    expect(
      await runtime.db.auditLog.count({ where: { action: 'member.joined', entityId: layla!.id, channel: 'telegram' } }),
    ).toBe(1);
    const team = await send('a', LAYLA.tg, { text: 'فريقي' });
    expect(team).toMatch(/• ليلى \(أنت\) — وسيط/);
    expect(team).toMatch(/• أبو فهد — مالك/);
    expect(team).not.toMatch(/055/); // a broker sees no numbers
  });

  it('a broker asking to add is refused in his language; at the other office the owner is nobody', async () => {
    expect(await send('a', LAYLA.tg, { text: 'أضف خالد 0557654321 للفريق وسيط' })).toMatch(
      /إضافة أعضاء الفريق وإزالتهم لمالك المكتب أو المدير بس/,
    );
    expect(await send('a', LAYLA.tg, { text: 'add Khalid +966557654321 as broker' })).toMatch(
      /Only the office owner or a manager can add or remove team members/,
    );
    const atB = await send('b', OWNER_A.tg, { text: 'أضف خالد 0557654321 للفريق وسيط' });
    expect(atB).not.toMatch(/أضيف خالد/);
    expect(await runtime.db.user.count({ where: { phone: '+966557654321' } })).toBe(0);
  });

  it('removing Layla gives her customer to the owner (said in the reply) and she is a member no more', async () => {
    const lead = await send('a', LAYLA.tg, { text: 'عميل جديد أحمد 0551112233 يبي شقة بالرياض' });
    expect(lead).toMatch(/✅ أضفت العميل أحمد/);
    const layla = await userOf(office.a.id, LAYLA.phone);
    const ahmed = await runtime.db.customer.findFirstOrThrow({
      where: { organizationId: office.a.id, phone: '+966551112233' },
    });
    expect(ahmed.assignedToId).toBe(layla!.id);

    const ask = await send('a', OWNER_A.tg, { text: 'شيل ليلى من الفريق' });
    expect(ask).toMatch(/متأكد تبي تشيل ليلى \(وسيط\) من الفريق؟/);
    const done = await send('a', OWNER_A.tg, { text: 'نعم' });
    expect(done).toMatch(/✅ شلت ليلى من الفريق\. انتقل لك: عميل واحد، مهمة واحدة، طلب واحد\. ما ضاع شي\./);
    const ownerA = await userOf(office.a.id, OWNER_A.phone);
    expect((await runtime.db.customer.findUniqueOrThrow({ where: { id: ahmed.id } })).assignedToId).toBe(ownerA!.id);
    expect((await userOf(office.a.id, LAYLA.phone))!.status).toBe('inactive');
    // Her next message is a stranger's: no customer list for her.
    const after = await send('a', LAYLA.tg, { text: 'عملائي' });
    expect(after).not.toMatch(/أحمد/);
  });
});

describe('an invitation where numbers are addresses (WhatsApp, the web chat)', () => {
  it('goes to her number at once, and her first message joins her, in her language', async () => {
    // A chat channel of office B that reaches people by number, like WhatsApp.
    const account = await runtime.db.channelAccount.create({
      data: { organizationId: office.b.id, kind: 'memory', externalId: `offices-${randomBytes(3).toString('hex')}` },
    });
    const chat = createMemoryChannel(runtime, account.id);
    await chat.say(OWNER_B.phone, 'add Mona +966557770000 as an observer');
    const done = await chat.say(OWNER_B.phone, 'yes');
    expect(done.map((r) => r.text).join('\n')).toMatch(
      /✅ Added Mona \(0557770000\) to the team as observer\. I sent them an invitation/,
    );
    const sent = await runtime.db.outboundMessage.findMany({
      where: { channelAccountId: account.id, chatId: '+966557770000' },
    });
    expect(sent).toHaveLength(1);
    const message = sent[0]!.payload as { text: string; notification?: { kind: string } };
    expect(message.text).toMatch(/Sami added you to the team of "Jeddah Homes" on Nova as an observer/);
    expect(message.notification?.kind).toBe('notice');
    expect((await userOf(office.b.id, '+966557770000'))!.status).toBe('pending');

    const welcome = await chat.say('+966557770000', 'hello');
    expect(welcome.map((r) => r.text)).toEqual([
      expect.stringMatching(/^🎉 You joined the team of "Jeddah Homes" as an observer\.\nHi Mona!/),
    ]);
    expect((await userOf(office.b.id, '+966557770000'))!.status).toBe('active');
  });
});
