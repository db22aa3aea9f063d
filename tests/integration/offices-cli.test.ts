// The operator's verbs through the real `nova` command on a test database: two offices created, members
// added and removed (her customers, tasks, viewings moved, her sessions revoked), channels bound with
// their secrets sealed (the database never holds a token in clear), and the refusals (a taken slug, a
// phone already in the office, a bot of another office) as one line with exit code 1. Then `nova start`
// creates the office NOVA_DEFAULT_ORG names and serves each office's Telegram bot and WhatsApp number at
// their own webhooks.
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deriveKey, unseal } from '../../core/shared/secrets.ts';
import { dropRedisPrefix, freePort, runNova, startNova, testQueuePrefix } from '../support/cli.ts';
import { cloudTextWebhook } from '../support/cloud-payloads.ts';
import { startFakeBotApi } from '../support/fake-bot-api.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-db.ts';

const SECRET_KEY = 'offices-cli-test-secret-key-0123456789abcdef';
const BOT_TOKEN = '7001:AAHsecret-bot-token_of_acme';
const HOOK_TOKEN = '7002:AAHsecond-bot';
const CLOUD = { token: 'EAAG-cloud-token-of-riyadh', appSecret: 'app-secret-of-riyadh', verifyToken: 'verify-riyadh' };

let database: TestDatabase;
const prefixes: string[] = [];
const env = () => ({ DATABASE_URL: database.url, NOVA_SECRET_KEY: SECRET_KEY, LOG_LEVEL: 'warn' });
const nova = (...args: string[]) => runNova(args, env());
/** `nova` with its arguments written as in a shell: words, and "double-quoted" words. */
const sh = (line: string) => nova(...[...line.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2]!));
const riyadhSlug = async () =>
  (await database.db.organization.findFirstOrThrow({ where: { slug: { startsWith: 'office-' } } })).slug;
async function until(condition: () => boolean, timeoutMs = 20_000) {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
/** the bot bound in webhook mode, and the WhatsApp number, served by `nova start` below */
const webhookBot = { accountId: '', secret: '' };
let cloudAccountId = '';

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database?.drop();
  for (const prefix of prefixes) await dropRedisPrefix(prefix);
});

const office = (slug: string) => database.db.organization.findUniqueOrThrow({ where: { slug } });

describe('nova org', () => {
  it('creates two offices with their owner, team, web and console accounts, and prints the slug', async () => {
    const [acme, riyadh] = await Promise.all([
      sh('org create --name "Acme Realty" --owner-phone 0551110001 --owner-name "Abu Ali"'),
      sh('org create --name "مكتب الرياض العقاري" --owner-phone "+966 55 111 0002" --tz Asia/Riyadh'),
    ]);
    expect(acme.code, acme.stderr).toBe(0);
    expect(acme.stdout).toBe('acme-realty\n');
    expect(riyadh.code, riyadh.stderr).toBe(0);
    // an Arabic name has no Latin letters to take
    expect(riyadh.stdout).toMatch(/^office-[0-9a-f]{6}\n$/);

    const org = await database.db.organization.findUniqueOrThrow({
      where: { slug: 'acme-realty' },
      include: { users: true, teams: { include: { members: true } }, channelAccounts: true },
    });
    expect(org.name).toBe('Acme Realty');
    expect(org.users).toMatchObject([{ name: 'Abu Ali', phone: '+966551110001', role: 'owner', status: 'active' }]);
    expect(org.teams).toHaveLength(1);
    expect(org.teams[0]!.managerId).toBe(org.users[0]!.id);
    expect(org.teams[0]!.members).toMatchObject([{ userId: org.users[0]!.id, role: 'manager' }]);
    expect(org.channelAccounts.map((a) => [a.kind, a.externalId]).sort()).toEqual([
      ['console', 'acme-realty'],
      ['web', 'acme-realty'],
    ]);
    const audit = await database.db.auditLog.findMany({ where: { organizationId: org.id } });
    expect(audit).toMatchObject([{ action: 'organization.created', channel: 'cli', entityId: org.id }]);
  });

  it('refuses a taken slug and a malformed one (one line, exit code 1), and lists the offices', async () => {
    const [again, bad, list] = await Promise.all([
      sh('org create --name "ACME realty" --owner-phone 0551110009'),
      sh('org create --name X --owner-phone 0551110009 --slug "no spaces"'),
      sh('org list'),
    ]);
    expect(again.code).toBe(1);
    expect(again.stderr.trim().split('\n')).toEqual([
      'nova: ORG.SLUG_TAKEN: the slug "acme-realty" is taken by another office; choose another with --slug',
    ]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^nova: ORG\.BAD_SLUG: /);
    expect(await database.db.organization.count()).toBe(2);

    expect(list.code, list.stderr).toBe(0);
    const lines = list.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^slug\s+name\s+members\s+channels$/);
    expect(lines.find((l) => l.startsWith('acme-realty'))).toMatch(/Acme Realty\s+1\s+web, console$/);
    expect(lines.some((l) => /^office-[0-9a-f]{6}\s+مكتب الرياض العقاري\s+1\s/.test(l))).toBe(true);
  });
});

describe('nova user', () => {
  it('adds members by any spelling of their phone, and refuses a phone already in that office', async () => {
    const added = await sh('user add --org acme-realty --phone "055 222 0001" --name Layla --role broker');
    expect(added.code, added.stderr).toBe(0);
    expect(added.stdout).toBe('added Layla (+966552220001) to acme-realty as broker, team "الفريق"\n');
    const riyadh = await riyadhSlug();
    const [again, observer, badRole, elsewhere] = await Promise.all([
      sh('user add --org acme-realty --phone +966552220001 --name "Layla 2" --role observer'),
      sh('user add --org acme-realty --phone 0552220002 --name Omar --role observer'),
      sh('user add --org acme-realty --phone 0552220003 --name X --role boss'),
      // the same person may work for another office too
      sh(`user add --org ${riyadh} --phone 0552220001 --name ليلى --role team_member`),
    ]);
    expect(again.code).toBe(1);
    expect(again.stderr).toBe(
      'nova: MEMBER.PHONE_TAKEN: this phone is already a member of the office (Layla, active)\n',
    );
    expect(observer.code, observer.stderr).toBe(0);
    expect(badRole.code).toBe(2);
    expect(badRole.stderr).toMatch(
      /--role must be one of owner, manager, broker, team_member, observer\nusage: nova user add/,
    );
    expect(elsewhere.code, elsewhere.stderr).toBe(0);

    const layla = await database.db.user.findMany({ where: { phone: '+966552220001' }, orderBy: { role: 'asc' } });
    expect(layla.map((u) => [u.role, u.status])).toEqual([
      ['broker', 'active'],
      ['team_member', 'active'],
    ]);
    const acme = await office('acme-realty');
    const team = await database.db.team.findFirstOrThrow({
      where: { organizationId: acme.id },
      include: { members: true },
    });
    expect(team.members).toHaveLength(3);
    const added2 = await database.db.auditLog.count({
      where: { organizationId: acme.id, action: 'member.added', channel: 'cli' },
    });
    expect(added2).toBe(2);
  });

  it('removes a member: her customers, open tasks and future viewings go to the owner, her sessions end', async () => {
    const acme = await office('acme-realty');
    const db = database.db;
    const layla = await db.user.findFirstOrThrow({ where: { organizationId: acme.id, phone: '+966552220001' } });
    const owner = await db.user.findFirstOrThrow({ where: { organizationId: acme.id, role: 'owner' } });
    for (const n of [1, 2, 3]) {
      await db.customer.create({
        data: { organizationId: acme.id, name: `Customer ${n}`, assignedToId: layla.id, createdById: layla.id },
      });
    }
    await db.task.create({ data: { organizationId: acme.id, title: 'call back', assignedToId: layla.id } });
    await db.task.create({ data: { organizationId: acme.id, title: 'old', assignedToId: layla.id, status: 'done' } });
    const tomorrow = new Date(Date.now() + 86_400_000);
    await db.appointment.create({
      data: {
        organizationId: acme.id,
        userId: layla.id,
        title: 'viewing',
        startsAt: tomorrow,
        endsAt: new Date(tomorrow.getTime() + 3_600_000),
        durationMinutes: 60,
      },
    });
    await db.authSession.create({
      data: {
        organizationId: acme.id,
        userId: layla.id,
        familyId: crypto.randomUUID(),
        tokenHash: 'a'.repeat(64),
        expiresAt: tomorrow,
      },
    });

    const [lastOwner, unknown, removed] = await Promise.all([
      sh('user remove --org acme-realty --phone 0551110001'),
      sh('user remove --org acme-realty --phone 0559999999'),
      sh('user remove --org acme-realty --phone 0552220001'),
    ]);
    expect(lastOwner.code).toBe(1);
    expect(lastOwner.stderr).toMatch(/^nova: MEMBER\.LAST_OWNER: /);
    expect(unknown.stderr).toBe('nova: MEMBER.NOT_FOUND: no member of the office has this phone\n');
    expect(removed.code, removed.stderr).toBe(0);
    expect(removed.stdout).toBe(
      'removed Layla from acme-realty; Abu Ali takes over customers: 3, tasks: 1, appointments: 1\n1 sign-in session(s) revoked\n',
    );
    expect(await db.customer.count({ where: { organizationId: acme.id, assignedToId: owner.id } })).toBe(3);
    expect(await db.task.findMany({ where: { assignedToId: layla.id }, select: { status: true } })).toEqual([
      { status: 'done' },
    ]);
    expect(await db.appointment.count({ where: { userId: owner.id } })).toBe(1);
    expect((await db.authSession.findFirstOrThrow({ where: { userId: layla.id } })).revokedAt).not.toBeNull();
    expect((await db.user.findUniqueOrThrow({ where: { id: layla.id } })).status).toBe('inactive');
    expect(await db.teamMember.count({ where: { userId: layla.id } })).toBe(0);
    const audit = await db.auditLog.findFirstOrThrow({ where: { action: 'member.removed', entityId: layla.id } });
    expect(audit).toMatchObject({ channel: 'cli', userId: null });
    expect(audit.details).toMatchObject({ successorId: owner.id, 'moved.customers': 3, sessionsRevoked: 1 });
    // Her membership in the other office is untouched.
    expect(await db.user.count({ where: { phone: '+966552220001', status: 'active' } })).toBe(1);
  });
});

describe('nova channel', () => {
  it('binds Telegram bots and a WhatsApp number to their offices, secrets sealed, never in clear', async () => {
    const riyadh = await riyadhSlug();
    const telegram = await sh(`channel add --org acme-realty telegram --token ${BOT_TOKEN}`);
    expect(telegram.code, telegram.stderr).toBe(0);
    expect(telegram.stdout).toMatch(
      /^bound telegram 7001 to acme-realty \(account [0-9a-f-]{36}\)\nmode: long polling/,
    );
    const [taken, cloud, web, badToken, hooked] = await Promise.all([
      sh(`channel add --org ${riyadh} telegram --token ${BOT_TOKEN}`),
      sh(
        `channel add --org ${riyadh} whatsapp-cloud --phone-number-id 106540352242922 --token ${CLOUD.token} --app-secret ${CLOUD.appSecret} --verify-token ${CLOUD.verifyToken}`,
      ),
      sh('channel add --org acme-realty whatsapp-web'),
      sh('channel add --org acme-realty telegram --token not-a-token'),
      sh(`channel add --org acme-realty telegram --token ${HOOK_TOKEN} --webhook`),
    ]);
    expect(taken.code).toBe(1);
    expect(taken.stderr).toBe('nova: CHANNEL.TAKEN: this bot or number (7001) is bound to another office\n');
    expect(cloud.code, cloud.stderr).toBe(0);
    expect(cloud.stdout).toMatch(/webhook: \/webhooks\/whatsapp\/[0-9a-f-]{36} /);
    cloudAccountId = cloud.stdout.match(/webhook: \/webhooks\/whatsapp\/([0-9a-f-]{36}) /)![1]!;
    expect(web.code, web.stderr).toBe(0);
    expect(web.stdout).toMatch(/QR code: \/admin\/whatsapp\/[0-9a-f-]{36}\/qr/);
    expect(badToken.stderr).toMatch(/^nova: CHANNEL\.BAD_TOKEN: /);
    expect(hooked.code, hooked.stderr).toBe(0);
    webhookBot.accountId = hooked.stdout.match(/account ([0-9a-f-]{36})/)![1]!;
    webhookBot.secret = hooked.stdout.match(/secret_token for setWebhook: ([0-9a-f]{64})/)![1]!;

    // Nothing in the database holds a secret in clear; the sealed value opens with NOVA_SECRET_KEY's key.
    const everything = JSON.stringify([
      await database.db.channelAccount.findMany(),
      await database.db.auditLog.findMany(),
    ]);
    for (const secret of [BOT_TOKEN, 'AAHsecret', HOOK_TOKEN, CLOUD.token, CLOUD.appSecret, CLOUD.verifyToken])
      expect(everything).not.toContain(secret);
    const bot = await database.db.channelAccount.findFirstOrThrow({ where: { kind: 'telegram', externalId: '7001' } });
    expect(bot.organizationId).toBe((await office('acme-realty')).id);
    const opened = JSON.parse(unseal(deriveKey(SECRET_KEY, 'channel.secrets'), bot.sealedSecrets!)!);
    expect(opened).toMatchObject({ token: BOT_TOKEN, webhookSecret: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(
      unseal(deriveKey('another-key-of-32-characters-or-more!', 'channel.secrets'), bot.sealedSecrets!),
    ).toBeNull();
  });

  it('lists an office’s accounts without secrets, and disables one', async () => {
    const [list, removed, builtIn] = await Promise.all([
      sh('channel list --org acme-realty'),
      sh('channel remove --org acme-realty whatsapp-web acme-realty'),
      sh('channel remove --org acme-realty web acme-realty'),
    ]);
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).toMatch(/telegram\s+7001\s+yes\s+disconnected\s+sealed \(polling\)/);
    expect(list.stdout).toMatch(/telegram\s+7002\s+yes\s+disconnected\s+sealed \(webhook\)/);
    expect(list.stdout).not.toContain('AAH');
    expect(removed.code, removed.stderr).toBe(0);
    expect(builtIn.stderr).toMatch(/^nova: CHANNEL\.BUILT_IN: /);
    const web = await database.db.channelAccount.findFirstOrThrow({ where: { kind: 'whatsapp_web' } });
    expect(web.isEnabled).toBe(false);
  });
});

describe('nova start with offices', () => {
  it('creates the office NOVA_DEFAULT_ORG names, and serves each office’s bot and number at their own webhooks', async () => {
    const fake = await startFakeBotApi();
    const queuePrefix = testQueuePrefix();
    prefixes.push(queuePrefix);
    const { accountId, secret } = webhookBot;
    const port = await freePort();
    const server = await startNova(
      ['start'],
      {
        ...env(),
        PORT: String(port),
        LOG_LEVEL: 'info',
        QUEUE_PREFIX: queuePrefix,
        NOVA_DEFAULT_ORG: 'dev-office',
        TELEGRAM_API_ROOT: fake.url,
        // nothing leaves the machine: replies to WhatsApp go to a closed port
        WHATSAPP_CLOUD_API_BASE: `http://127.0.0.1:${await freePort()}`,
      },
      (out) => out.includes('Channels:'),
    );
    try {
      // The default office, empty: its web and console accounts, no members yet.
      const created = await database.db.organization.findUniqueOrThrow({
        where: { slug: 'dev-office' },
        include: { users: true, channelAccounts: true },
      });
      expect(created.users).toEqual([]);
      expect(created.channelAccounts.map((a) => a.kind).sort()).toEqual(['console', 'web']);
      // Both of Acme's bots started: one polls, one waits for its webhook.
      expect(server.output()).toMatch(/telegram \[acme-realty\] \(connected\)/);
      await until(() => fake.calls.some((c) => c.token === BOT_TOKEN && c.method === 'getUpdates'));

      const update = {
        update_id: 5,
        message: {
          message_id: 1,
          from: { id: 42, is_bot: false, first_name: 'Sara' },
          chat: { id: 42, type: 'private' },
          date: 1_795_856_400,
          text: 'السلام عليكم',
        },
      };
      const hook = `http://127.0.0.1:${port}/webhooks/telegram/${accountId}`;
      const post = (headers: Record<string, string>) =>
        fetch(hook, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
          body: JSON.stringify(update),
        });
      expect((await post({})).status).toBe(401);
      expect((await post({ 'X-Telegram-Bot-Api-Secret-Token': 'wrong' })).status).toBe(401);
      expect((await post({ 'X-Telegram-Bot-Api-Secret-Token': secret })).status).toBe(200);
      const inbound = await database.db.inboundMessage.findMany({ where: { channelAccountId: accountId } });
      expect(inbound.map((m) => m.organizationId)).toEqual([(await office('acme-realty')).id]);

      // The other office's WhatsApp number: its own verify token and app secret, at its own path.
      const whatsapp = `http://127.0.0.1:${port}/webhooks/whatsapp/${cloudAccountId}`;
      const verify = (token: string) =>
        fetch(`${whatsapp}?hub.mode=subscribe&hub.verify_token=${token}&hub.challenge=4242`);
      expect((await verify('verify-acme')).status).toBe(403);
      const verified = await verify(CLOUD.verifyToken);
      expect([verified.status, await verified.text()]).toEqual([200, '4242']);
      const body = cloudTextWebhook(
        '106540352242922',
        [{ from: '966551239999', id: 'wamid.offices1', text: 'مرحبا', name: 'Sara' }],
        '1795856400',
      );
      const signed = (secretKey: string) =>
        fetch(whatsapp, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'x-hub-signature-256': `sha256=${createHmac('sha256', secretKey).update(body).digest('hex')}`,
          },
          body,
        });
      expect((await signed('not-the-app-secret')).status).toBe(401);
      expect((await signed(CLOUD.appSecret)).status).toBe(200);
      const fromWhatsApp = await database.db.inboundMessage.findMany({ where: { channelAccountId: cloudAccountId } });
      expect(fromWhatsApp.map((m) => m.organizationId)).toEqual([(await office(await riyadhSlug())).id]);
    } finally {
      await server.stop();
      await fake.close();
    }
  });
});
