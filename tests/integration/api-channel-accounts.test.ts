// The admin API's /channel-accounts over a test Nova: the office's bots and numbers with their state,
// never a secret (a bot token, the WhatsApp Web session's keys), and a WhatsApp Web number's pairing
// state as its running channel wrote it; another office's account is not found.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemScope } from '../../core/shared/scope.ts';
import { startTestApi, type TestApi, type TestMember, type TestOffice } from '../support/api.ts';

let t: TestApi;
let office: TestOffice;
let other: TestOffice;
let observer: TestMember;
let webNumber: string;

const BOT_TOKEN = '123456789:AAH-the-bot-secret-part';
const SESSION_KEY = 'c2Vzc2lvbi1zZWNyZXQta2V5';
type Json = Record<string, unknown> & { items?: Array<Record<string, unknown>> };
const get = async (as: TestMember, url: string) => {
  const res = await t.call('GET', url, undefined, { token: as.token });
  return { status: res.status, text: await res.text() };
};

beforeAll(async () => {
  t = await startTestApi();
  office = await t.office('channels-api');
  other = await t.office('channels-api-other');
  observer = await t.member(office.id, 'observer', 'مراقب');
  const bot = await t.api.core.channelAccounts.add(systemScope(office.id), { kind: 'telegram', token: BOT_TOKEN });
  if (!bot.ok) throw new Error(bot.error.code);
  const wa = await t.api.core.channelAccounts.add(systemScope(office.id), {
    kind: 'whatsapp_web',
    label: 'channels-api',
  });
  if (!wa.ok) throw new Error(wa.error.code);
  webNumber = wa.value.id;
  await t.db.channelAccount.update({ where: { id: webNumber }, data: { connectionState: 'waiting_for_qr' } });
});
afterAll(async () => {
  await t?.close();
});

describe('/api/v1/channel-accounts', () => {
  it('lists the accounts with their state for any member, and never a secret', async () => {
    const list = await get(observer, '/api/v1/channel-accounts');
    expect(list.status).toBe(200);
    const items = (JSON.parse(list.text) as Json).items!;
    expect(items.map((a) => a.kind).sort()).toEqual(['telegram', 'web', 'whatsapp_web']);
    expect(items.find((a) => a.kind === 'telegram')).toMatchObject({
      externalId: '123456789',
      hasSecrets: true,
      mode: 'polling',
      isEnabled: true,
    });
    expect(list.text).not.toContain('AAH-the-bot-secret-part');
    expect(list.text).not.toMatch(/sealed|webhookSecret/i);
    const bots = (JSON.parse((await get(observer, '/api/v1/channel-accounts?kind=telegram')).text) as Json).items!;
    expect(bots).toHaveLength(1);
  });

  it("tells a WhatsApp Web number's pairing: waiting for its QR code, then linked, never its keys", async () => {
    const waiting = await get(office.owner, `/api/v1/channel-accounts/${webNumber}/pairing`);
    expect(waiting.status).toBe(200);
    expect(JSON.parse(waiting.text)).toMatchObject({
      pairable: true,
      paired: false,
      waitingFor: 'qr',
      connectionState: 'waiting_for_qr',
    });
    // the number is linked: its session is stored, and the channel says connected
    await t.db.whatsappAuthKey.create({
      data: {
        channelAccountId: webNumber,
        type: 'creds',
        keyId: 'creds',
        value: { noiseKey: { private: SESSION_KEY }, me: { id: '966500000000:1@s.whatsapp.net' } },
      },
    });
    await t.db.channelAccount.update({ where: { id: webNumber }, data: { connectionState: 'connected' } });
    const linked = await get(office.owner, `/api/v1/channel-accounts/${webNumber}/pairing`);
    expect(JSON.parse(linked.text)).toMatchObject({ paired: true, waitingFor: null, connectionState: 'connected' });
    expect(linked.text).not.toContain(SESSION_KEY);
    expect(linked.text).not.toContain('966500000000');
  });

  it("does not find another office's account", async () => {
    expect((await get(other.owner, `/api/v1/channel-accounts/${webNumber}`)).status).toBe(404);
    expect((await get(other.owner, `/api/v1/channel-accounts/${webNumber}/pairing`)).status).toBe(404);
    const theirs = (JSON.parse((await get(other.owner, '/api/v1/channel-accounts')).text) as Json).items!;
    expect(theirs.map((a) => a.kind)).toEqual(['web']);
  });
});
