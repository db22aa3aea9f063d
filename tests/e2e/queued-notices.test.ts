// Issue 11, point 6: a notice to a member Nova cannot reach yet (Telegram: no chat until he writes) is
// queued in core/notifications and written on his first message, once, oldest first.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryChannel } from '../../bot/channels/memory/memory.channel.ts';
import { mapRegistry } from '../../bot/engine/outbox.ts';
import type { ChannelAdapter, OutboundMessage } from '../../bot/types.ts';
import { SAAD, startTestNova, type TestNova } from '../support/nova.ts';

const OWNER = '+966557770001';
const sent: Array<{ chatId: string; message: OutboundMessage }> = [];
const telegram: ChannelAdapter = {
  kind: 'telegram',
  capabilities: { maxChoices: 0, media: false, documents: false, location: false },
  async send(chatId, message) {
    sent.push({ chatId, message });
    return { externalId: `tg-${sent.length}` };
  },
};

let nova: TestNova;
let tg: ReturnType<typeof createMemoryChannel>;
beforeAll(async () => {
  const adapters = mapRegistry();
  nova = await startTestNova({ now: '2026-11-22T10:00:00+03:00', adapters });
  const account = await nova.db.channelAccount.create({
    data: { organizationId: nova.organizationId, kind: 'telegram', externalId: 'nova-test-bot' },
  });
  adapters.set(account.id, telegram);
  // The memory driver over the Telegram account: turns run as on Telegram (no addressing by number).
  tg = createMemoryChannel(nova.runtime, account.id);
});
afterAll(async () => {
  await nova?.close();
});

const toSaad = () => sent.filter((s) => s.chatId === SAAD).map((s) => s.message);

describe('a Telegram-only manager who never wrote to Nova', () => {
  it('gets the new-listing notice on his first message, once', async () => {
    await tg.say(OWNER, 'عندي فيلا للبيع في الرياض حي النرجس مساحتها ٤٥٠ متر بسعر مليونين', { name: 'أبو فهد' });
    await tg.send(OWNER, 'نعم');
    await tg.settle();
    const property = await nova.db.property.findFirst({ where: { ownerCustomer: { phone: OWNER } } });
    expect(property).not.toBeNull();
    // Nothing could reach Saad: the notice waits, queued.
    expect(toSaad()).toEqual([]);
    const saad = await nova.db.user.findFirstOrThrow({ where: { phone: SAAD } });
    const queued = await nova.db.notification.findMany({ where: { userId: saad.id, deliveredAt: null } });
    expect(queued).toHaveLength(1);
    expect(queued[0]!.type).toBe('notice');

    // His first message: his reply, then the notice, with the template kind for WhatsApp Cloud.
    await tg.send(SAAD, 'السلام عليكم');
    await tg.settle();
    const notices = toSaad().filter((m) => m.notification?.kind === 'notice');
    expect(notices).toHaveLength(1);
    expect(notices[0]!.text).toMatch(/عقار|فيلا/);
    expect(notices[0]!.notification!.params).toEqual([notices[0]!.text]);
    const row = await nova.db.notification.findUniqueOrThrow({ where: { id: queued[0]!.id } });
    expect(row.deliveredAt).not.toBeNull();

    // Delivered once: his next message brings nothing again.
    await tg.send(SAAD, 'عملائي');
    await tg.settle();
    expect(toSaad().filter((m) => m.notification?.kind === 'notice')).toHaveLength(1);
    expect(await nova.db.notification.count({ where: { userId: saad.id, deliveredAt: null } })).toBe(0);
  });
});
