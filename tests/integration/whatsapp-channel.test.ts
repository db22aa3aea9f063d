// The WhatsApp Web channel over a fake Baileys socket and the real PostgreSQL: inbound messages reach
// the inbox once (replays absorbed) and are marked read; reconnection follows the policy; a logout
// clears the session; the QR code is shown; sends wait while disconnected.
import { EventEmitter } from 'node:events';
import { readFileSync } from 'node:fs';
import type { AnyMessageContent, UserFacingSocketConfig, WAMessage, WAMessageKey } from '@whiskeysockets/baileys';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createOwnershipLock } from '../../bot/channels/whatsapp/ownership-lock.ts';
import {
  messageIdFor,
  type SocketLike,
  startWhatsAppWebChannel,
  type WhatsAppWebChannel,
  type WhatsAppWebDeps,
} from '../../bot/channels/whatsapp/whatsapp.channel.ts';
import { createInbox } from '../../bot/engine/inbox.ts';
import { RetryLaterError } from '../../bot/types.ts';
import { silentLogger } from '../../core/shared/logger.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-db.ts';

const PN = '966501234567@s.whatsapp.net';
const LID = '182736450912345@lid';

class FakeSocket implements SocketLike {
  readonly ev = new EventEmitter();
  user: { id: string } | undefined;
  readonly sent: Array<{ jid: string; content: AnyMessageContent; messageId?: string }> = [];
  readonly read: WAMessageKey[] = [];
  ended = false;
  readonly pairingRequests: string[] = [];
  failSend: Error | undefined;

  async sendMessage(jid: string, content: AnyMessageContent, options?: { messageId?: string }) {
    if (this.failSend) throw this.failSend;
    this.sent.push({ jid, content, messageId: options?.messageId });
    const text = 'text' in content ? content.text : undefined;
    return {
      key: { remoteJid: jid, fromMe: true, id: options?.messageId ?? 'GENERATED' },
      message: { conversation: text },
    } as WAMessage;
  }
  async readMessages(keys: WAMessageKey[]) {
    this.read.push(...keys);
  }
  end() {
    this.ended = true;
  }
  async requestPairingCode(phone: string) {
    this.pairingRequests.push(phone);
    return 'NOVA1234';
  }
  open() {
    this.user = { id: '966500000000:7@s.whatsapp.net' };
    this.ev.emit('connection.update', { connection: 'open' });
  }
  close(statusCode?: number) {
    this.ev.emit('connection.update', {
      connection: 'close',
      lastDisconnect: {
        error: statusCode ? Object.assign(new Error('closed'), { output: { statusCode } }) : undefined,
        date: new Date(),
      },
    });
  }
  upsert(messages: WAMessage[], type: 'notify' | 'append' = 'notify') {
    this.ev.emit('messages.upsert', { messages, type });
  }
}

interface Harness {
  accountId: string;
  channel: WhatsAppWebChannel;
  sockets: FakeSocket[];
  configs: UserFacingSocketConfig[];
  sleeps: Array<{ ms: number; wake(): void }>;
  printed: string[];
  socket(): FakeSocket;
}

let t: TestDatabase;
let organizationId: string;
let seq = 0;
const running: WhatsAppWebChannel[] = [];

beforeAll(async () => {
  t = await createTestDatabase();
  organizationId = (await t.db.organization.create({ data: { name: 'o', slug: 'wa-channel' } })).id;
});
afterEach(async () => {
  await Promise.all(running.splice(0).map((c) => c.stop()));
});
afterAll(async () => {
  await t?.drop();
});

function fixture(name: string): WAMessage {
  return JSON.parse(readFileSync(new URL(`../fixtures/baileys/${name}.json`, import.meta.url), 'utf8')) as WAMessage;
}

async function eventually(check: () => boolean | Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > timeoutMs) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function start(extra: Partial<WhatsAppWebDeps> = {}, accountId?: string): Promise<Harness> {
  const id =
    accountId ??
    (
      await t.db.channelAccount.create({
        data: { organizationId, kind: 'whatsapp_web', externalId: `96650000${++seq}` },
      })
    ).id;
  const sockets: FakeSocket[] = [];
  const configs: UserFacingSocketConfig[] = [];
  const sleeps: Harness['sleeps'] = [];
  const printed: string[] = [];
  const channel = await startWhatsAppWebChannel({
    db: t.db,
    databaseUrl: t.url,
    inbox: createInbox({ db: t.db, jobs: { enqueue: async () => {}, close: async () => {} } }),
    logger: silentLogger,
    accountId: id,
    socketFactory: (config) => {
      configs.push(config);
      const socket = new FakeSocket();
      sockets.push(socket);
      return socket;
    },
    random: () => 0.5,
    sleep: (ms) => new Promise<void>((wake) => sleeps.push({ ms, wake })),
    print: (text) => printed.push(text),
    ...extra,
  });
  running.push(channel);
  return { accountId: id, channel, sockets, configs, sleeps, printed, socket: () => sockets.at(-1)! };
}

const inboundRows = (accountId: string) =>
  t.db.inboundMessage.findMany({ where: { channelAccountId: accountId }, orderBy: { seq: 'asc' } });

describe('inbound', () => {
  it('stores a message in the inbox, then marks it read; ignores what is not a message', async () => {
    const h = await start();
    expect(h.sockets).toHaveLength(1);
    expect(h.configs[0]).toMatchObject({ markOnlineOnConnect: false, browser: ['Nova', 'Chrome', '1.0'] });
    h.socket().open();
    expect(h.channel.state()).toBe('connected');

    const text = fixture('text-conversation');
    h.socket().upsert([fixture('reaction'), text, fixture('protocol-revoke'), fixture('group')]);
    await eventually(() => h.socket().read.length === 1);
    const rows = await inboundRows(h.accountId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ externalId: text.key.id, chatId: PN, status: 'received' });
    expect(rows[0]!.payload).toMatchObject({
      kind: 'text',
      text: text.message!.conversation,
      sender: { phone: '+966501234567' },
    });
    expect(h.socket().read).toEqual([text.key]);
  });

  it('stores a message replayed after a reconnection once (live, then "append")', async () => {
    const h = await start();
    h.socket().open();
    const message = fixture('image-caption');
    h.socket().upsert([message], 'notify');
    h.socket().upsert([message], 'append');
    h.socket().upsert([fixture('text-conversation')], 'append');
    await eventually(() => h.socket().read.length === 3);
    const rows = await inboundRows(h.accountId);
    expect(rows.map((r) => r.externalId)).toEqual([message.key.id, fixture('text-conversation').key.id]);
  });

  it('keeps messages of one chat in the order WhatsApp gave them', async () => {
    const h = await start();
    h.socket().open();
    const ids = Array.from({ length: 12 }, (_, i) => `3EB0ORDER${String(i).padStart(4, '0')}`);
    for (const id of ids) {
      const m = fixture('text-conversation');
      m.key.id = id;
      h.socket().upsert([m]);
    }
    await eventually(() => h.socket().read.length === ids.length);
    expect((await inboundRows(h.accountId)).map((r) => r.externalId)).toEqual(ids);
  });

  it('maps @lid senders to their phone once WhatsApp reveals it, and remembers it', async () => {
    const h = await start();
    h.socket().open();
    // unknown yet: the lid is the sender
    const first = fixture('lid-without-phone');
    h.socket().upsert([first]);
    await eventually(() => h.socket().read.length === 1);
    expect((await inboundRows(h.accountId))[0]!.payload).toMatchObject({ chatId: LID, sender: { externalId: LID } });

    h.socket().ev.emit('lid-mapping.update', { lid: LID, pn: PN });
    await eventually(
      async () => (await t.db.whatsappLidMapping.count({ where: { channelAccountId: h.accountId } })) === 1,
    );
    expect(await t.db.whatsappLidMapping.findFirst({ where: { channelAccountId: h.accountId } })).toMatchObject({
      lid: LID,
      phoneJid: PN,
    });

    const second = fixture('lid-without-phone');
    second.key.id = '3EB0L1D0000000000099';
    h.socket().upsert([second]);
    await eventually(() => h.socket().read.length === 2);
    expect((await inboundRows(h.accountId))[1]!.payload).toMatchObject({
      chatId: LID,
      sender: { externalId: PN, phone: '+966501234567' },
    });

    // a new process (no memory of it) finds the mapping in the database
    await h.channel.stop();
    const again = await start({}, h.accountId);
    again.socket().open();
    const third = fixture('lid-without-phone');
    third.key.id = '3EB0L1D0000000000100';
    again.socket().upsert([third]);
    await eventually(() => again.socket().read.length === 1);
    expect((await inboundRows(h.accountId))[2]!.payload).toMatchObject({ sender: { externalId: PN } });
  });

  it('learns the mapping from a message key that carries both ids', async () => {
    const h = await start();
    h.socket().open();
    h.socket().upsert([fixture('lid-with-phone-alt')]);
    await eventually(() => h.socket().read.length === 1);
    expect(
      await t.db.whatsappLidMapping.findMany({
        where: { channelAccountId: h.accountId },
        select: { lid: true, phoneJid: true },
      }),
    ).toEqual([{ lid: LID, phoneJid: PN }]);
  });

  it('downloads the file of a recent media message through the socket', async () => {
    const downloaded: WAMessage[] = [];
    const h = await start({
      downloader: async (message) => {
        downloaded.push(message);
        return Buffer.from('jpeg bytes');
      },
    });
    h.socket().open();
    const image = fixture('image-caption');
    h.socket().upsert([image]);
    await eventually(() => h.socket().read.length === 1);
    const ref = ((await inboundRows(h.accountId))[0]!.payload as { media: { ref: string } }).media.ref;
    expect(await h.channel.downloadMedia(ref)).toEqual({
      data: Buffer.from('jpeg bytes'),
      kind: 'image',
      mimeType: 'image/jpeg',
    });
    expect(downloaded[0]!.key.id).toBe(image.key.id);
    expect(await h.channel.fetchMedia(ref)).toEqual({ bytes: Buffer.from('jpeg bytes'), mimeType: 'image/jpeg' });
    expect(await h.channel.downloadMedia('3EB0UNKNOWN')).toBeUndefined();
    await expect(h.channel.fetchMedia('3EB0UNKNOWN')).rejects.toThrow('no longer available');
  });
});

describe('connection', () => {
  it('saves the credentials on creds.update', async () => {
    const h = await start();
    h.socket().ev.emit('creds.update', {});
    await eventually(
      async () => (await t.db.whatsappAuthKey.count({ where: { channelAccountId: h.accountId, type: 'creds' } })) === 1,
    );
  });

  it('reconnects after the policy delay when the connection is lost, with a new socket', async () => {
    const h = await start();
    const first = h.socket();
    first.open();
    first.close(408);
    expect(h.channel.state()).toBe('reconnecting');
    await eventually(() => h.sleeps.length === 1);
    // attempt 1: a 1 s step, jitter 0.5 → 750 ms
    expect(h.sleeps[0]!.ms).toBe(750);
    expect(h.sockets).toHaveLength(1);
    h.sleeps.shift()!.wake();
    await eventually(() => h.sockets.length === 2);
    // the old socket is forgotten
    first.upsert([fixture('text-conversation')]);
    first.close(408);
    await new Promise((r) => setTimeout(r, 50));
    expect(h.sleeps).toHaveLength(0);

    // failing again backs off further; once open, the count starts over
    h.socket().close(428);
    await eventually(() => h.sleeps.length === 1);
    expect(h.sleeps[0]!.ms).toBe(1_500);
    h.sleeps.shift()!.wake();
    await eventually(() => h.sockets.length === 3);
    h.socket().open();
    expect(h.channel.state()).toBe('connected');
    h.socket().close(500);
    await eventually(() => h.sleeps.length === 1);
    expect(h.sleeps[0]!.ms).toBe(750);
  });

  it('reconnects at once when WhatsApp asks for a restart (after pairing)', async () => {
    const h = await start();
    h.socket().close(515);
    await eventually(() => h.sleeps.length === 1);
    expect(h.sleeps[0]!.ms).toBe(0);
    h.sleeps.shift()!.wake();
    await eventually(() => h.sockets.length === 2);
  });

  it('clears the session and stops with state logged_out when the phone unlinks Nova', async () => {
    const h = await start();
    h.socket().open();
    h.socket().ev.emit('creds.update', {});
    await h.configs[0]!.auth.keys.set({ session: { '966501234567.0': Buffer.from([1, 2, 3]) } });
    await eventually(
      async () => (await t.db.whatsappAuthKey.count({ where: { channelAccountId: h.accountId } })) === 2,
    );

    h.socket().close(401);
    await eventually(() => h.channel.state() === 'logged_out');
    expect(await t.db.whatsappAuthKey.count({ where: { channelAccountId: h.accountId } })).toBe(0);
    expect(h.sockets).toHaveLength(1);
    expect(h.sleeps).toHaveLength(0);
    await eventually(
      async () =>
        (await t.db.channelAccount.findUniqueOrThrow({ where: { id: h.accountId } })).connectionState === 'logged_out',
    );
  });

  it('stops when another client replaces the session', async () => {
    const h = await start();
    h.socket().open();
    h.socket().close(440);
    await eventually(() => h.channel.state() === 'replaced');
    expect(h.sleeps).toHaveLength(0);
    expect(h.sockets).toHaveLength(1);
  });

  it('shows each QR code once in the terminal and serves it as a PNG until connected', async () => {
    const h = await start();
    expect(h.channel.qr()).toBeUndefined();
    expect(await h.channel.qrPng()).toBeUndefined();
    h.socket().ev.emit('connection.update', { qr: '2@abc,def,ghi,1' });
    expect(h.channel.state()).toBe('waiting_for_qr');
    expect(h.channel.qr()).toBe('2@abc,def,ghi,1');
    const png = await h.channel.qrPng();
    expect(png!.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    h.socket().ev.emit('connection.update', { qr: '2@abc,def,ghi,1' });
    await eventually(() => h.printed.length === 1);
    h.socket().ev.emit('connection.update', { qr: '2@next,def,ghi,1' });
    await eventually(() => h.printed.length === 2);
    expect(h.printed[1]).toContain('▄');
    expect(h.channel.qr()).toBe('2@next,def,ghi,1');

    h.socket().open();
    expect(h.channel.qr()).toBeUndefined();
    expect(await h.channel.qrPng()).toBeUndefined();
  });

  it('asks for a pairing code instead of a QR code when a pairing phone is set', async () => {
    const h = await start({ pairingPhone: '+966 50 123 4567' });
    h.socket().ev.emit('connection.update', { connection: 'connecting', qr: '2@abc' });
    h.socket().ev.emit('connection.update', { qr: '2@def' });
    await eventually(() => h.channel.state() === 'waiting_for_pairing_code');
    expect(h.socket().pairingRequests).toEqual(['966501234567']);
    expect(h.channel.pairingCode()).toBe('NOVA1234');
    expect(h.channel.qr()).toBeUndefined();
    expect(h.printed.join('')).toContain('NOVA1234');
  });

  it('does not connect while another process owns the number, and takes over when it is free', async () => {
    const accountId = (
      await t.db.channelAccount.create({ data: { organizationId, kind: 'whatsapp_web', externalId: '966599999999' } })
    ).id;
    const other = createOwnershipLock({ databaseUrl: t.url, accountId });
    expect(await other.tryAcquire()).toBe(true);
    const h = await start({}, accountId);
    expect(h.channel.state()).toBe('owned_elsewhere');
    expect(h.sockets).toHaveLength(0);
    expect(h.sleeps.map((s) => s.ms)).toEqual([30_000]);
    await expect(h.channel.adapter.send(PN, { text: 'x' }, { idempotencyKey: 'k' })).rejects.toBeInstanceOf(
      RetryLaterError,
    );

    h.sleeps.shift()!.wake();
    await eventually(() => h.sleeps.length === 1);
    expect(h.sockets).toHaveLength(0);

    await other.release();
    h.sleeps.shift()!.wake();
    await eventually(() => h.sockets.length === 1);
    expect(h.channel.state()).toBe('connecting');

    // and it holds the number now
    const third = createOwnershipLock({ databaseUrl: t.url, accountId });
    expect(await third.tryAcquire()).toBe(false);
    await h.channel.stop();
    expect(h.sockets[0]!.ended).toBe(true);
    expect(h.channel.state()).toBe('stopped');
    expect(await third.tryAcquire()).toBe(true);
    await third.release();
  });
  it('drops the connection at once when the ownership lock is lost, and takes the number back when it can', async () => {
    const h = await start();
    h.socket().open();
    const admin = new pg.Client({ connectionString: t.url });
    await admin.connect();
    try {
      const { rowCount } = await admin.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'nova-whatsapp-lock'`,
      );
      expect(rowCount).toBe(1);
    } finally {
      await admin.end();
    }
    await eventually(() => h.channel.state() === 'owned_elsewhere');
    expect(h.sockets[0]!.ended).toBe(true);
    await expect(h.channel.adapter.send(PN, { text: 'x' }, { idempotencyKey: 'lost' })).rejects.toBeInstanceOf(
      RetryLaterError,
    );
    await eventually(() => h.sleeps.length === 1);
    expect(h.sleeps[0]!.ms).toBe(30_000);
    h.sleeps.shift()!.wake();
    await eventually(() => h.sockets.length === 2);
    h.socket().open();
    expect(h.channel.state()).toBe('connected');
  });
});

describe('sending', () => {
  it('waits (RetryLaterError) while not connected, then sends the rendered parts with ids from the idempotency key', async () => {
    const h = await start();
    const message = {
      text: 'أي عميل؟',
      choices: [
        { id: 'a', label: 'أحمد' },
        { id: 'k', label: 'خالد' },
      ],
    };
    const notYet = h.channel.adapter.send(PN, message, { idempotencyKey: 'inbound:1:0' });
    await expect(notYet).rejects.toBeInstanceOf(RetryLaterError);
    await expect(notYet).rejects.toMatchObject({ retryAfterMs: 5_000 });

    h.socket().open();
    const result = await h.channel.adapter.send(PN, message, { idempotencyKey: 'inbound:1:0' });
    expect(result).toEqual({ externalId: messageIdFor('inbound:1:0', 0) });
    expect(h.socket().sent).toEqual([
      { jid: PN, content: { text: 'أي عميل؟\n\n1. أحمد\n2. خالد' }, messageId: messageIdFor('inbound:1:0', 0) },
    ]);
    expect(messageIdFor('inbound:1:0', 0)).toMatch(/^3EB0[0-9A-F]{18}$/);

    // the same outbox row sent again reuses the id
    await h.channel.adapter.send(PN, message, { idempotencyKey: 'inbound:1:0' });
    expect(h.socket().sent[1]!.messageId).toBe(h.socket().sent[0]!.messageId);

    await h.channel.adapter.send(
      '+966501234567',
      { text: 'موقع', location: { latitude: 24.8, longitude: 46.6 } },
      { idempotencyKey: 'r:2' },
    );
    expect(h.socket().sent.slice(2)).toEqual([
      { jid: PN, content: { text: 'موقع' }, messageId: messageIdFor('r:2', 0) },
      {
        jid: PN,
        content: { location: { degreesLatitude: 24.8, degreesLongitude: 46.6 } },
        messageId: messageIdFor('r:2', 1),
      },
    ]);

    h.socket().close(408);
    await expect(h.channel.adapter.send(PN, { text: 'x' }, { idempotencyKey: 'x' })).rejects.toBeInstanceOf(
      RetryLaterError,
    );
  });

  it('turns a send cut by a closing connection into RetryLaterError, and passes other errors on', async () => {
    const h = await start();
    h.socket().open();
    h.socket().failSend = Object.assign(new Error('Connection Closed'), { output: { statusCode: 428 } });
    await expect(h.channel.adapter.send(PN, { text: 'x' }, { idempotencyKey: 'a' })).rejects.toBeInstanceOf(
      RetryLaterError,
    );
    h.socket().failSend = new Error('media upload failed');
    await expect(h.channel.adapter.send(PN, { text: 'x' }, { idempotencyKey: 'b' })).rejects.toThrow(
      'media upload failed',
    );
  });

  it('gives WhatsApp the content of a message it asks to retry (getMessage)', async () => {
    const h = await start();
    h.socket().open();
    await h.channel.adapter.send(PN, { text: 'مرحبا' }, { idempotencyKey: 'g:1' });
    const getMessage = h.configs[0]!.getMessage!;
    expect(await getMessage({ remoteJid: PN, fromMe: true, id: messageIdFor('g:1', 0) })).toEqual({
      conversation: 'مرحبا',
    });

    // sent by an earlier process: read back from the outbox row
    await t.db.outboundMessage.create({
      data: {
        organizationId,
        channelAccountId: h.accountId,
        chatId: PN,
        idempotencyKey: 'old:1',
        payload: { text: 'رسالة قديمة' },
        status: 'sent',
        externalId: '3EB0OLDMESSAGE000001',
      },
    });
    expect(await getMessage({ remoteJid: PN, fromMe: true, id: '3EB0OLDMESSAGE000001' })).toEqual({
      conversation: 'رسالة قديمة',
    });
    expect(await getMessage({ remoteJid: PN, fromMe: true, id: '3EB0NOTHING' })).toBeUndefined();
  });
});
