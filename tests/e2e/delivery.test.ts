// Delivery: every message answered once, in order per chat, whatever the channel repeats, and bad
// input never crashes a turn nor loses a message.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SAAD, startTestNova, type TestNova } from '../support/nova.ts';

let nova: TestNova;
beforeAll(async () => {
  nova = await startTestNova({ now: '2026-11-22T09:00:00+03:00' });
});
afterAll(async () => {
  await nova?.close();
});

describe('delivery', () => {
  it('answers one inbound message delivered three times once', async () => {
    const message = { externalId: 'wamid.same-message' };
    const first = await nova.chat.send(SAAD, 'عملائي', message);
    const second = await nova.chat.send(SAAD, 'عملائي', message);
    const third = await nova.chat.send(SAAD, 'عملائي', message);
    expect([first.duplicate, second.duplicate, third.duplicate]).toEqual([false, true, true]);
    expect(new Set([first.id, second.id, third.id]).size).toBe(1);
    await nova.chat.settle();
    expect(await nova.chat.takeReplies()).toHaveLength(1);
    expect(await nova.db.inboundMessage.count({ where: { externalId: 'wamid.same-message' } })).toBe(1);
  });

  it('answers 20 chats sending 10 messages each at once, every reply in order within its chat', async () => {
    const brokers = Array.from({ length: 20 }, (_, i) => `+9665000010${String(i).padStart(2, '0')}`);
    await nova.db.user.createMany({
      data: brokers.map((phone, i) => ({
        organizationId: nova.organizationId,
        phone,
        name: `وسيط ${i}`,
        role: 'broker' as const,
      })),
    });
    // Each chat delivers its own messages in order (as a channel does); the chats run concurrently.
    await Promise.all(
      brokers.map(async (phone) => {
        for (let m = 1; m <= 10; m++) await nova.chat.send(phone, `ذكرني بكرة الساعة ١٠ أرسل الملف ${m}`);
      }),
    );
    await nova.chat.settle(60_000);
    const replies = await nova.chat.takeReplies();
    expect(replies).toHaveLength(200);
    for (const phone of brokers) {
      const mine = replies.filter((r) => r.to === phone).map((r) => r.text.match(/أرسل الملف (\d+)/)?.[1]);
      expect(mine, phone).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9', '10']);
    }
    expect(
      await nova.db.inboundMessage.count({ where: { status: { not: 'processed' }, chatId: { in: brokers } } }),
    ).toBe(0);
  });
});

describe('bad input', () => {
  it('does not answer an empty message, and keeps it', async () => {
    const { id } = await nova.chat.send(SAAD, '   ');
    await nova.chat.settle();
    expect(await nova.chat.takeReplies()).toEqual([]);
    expect(await nova.db.inboundMessage.findUnique({ where: { id } })).toMatchObject({ status: 'ignored' });
  });

  it('answers a 64 KB message politely and stores all of it', async () => {
    const text = `عميل جديد ${'ا'.repeat(64 * 1024)}`;
    const { id } = await nova.chat.send(SAAD, text);
    await nova.chat.settle();
    const replies = await nova.chat.takeReplies();
    expect(replies).toHaveLength(1);
    expect(replies[0]!.text.length).toBeLessThan(2_000);
    const row = await nova.db.inboundMessage.findUniqueOrThrow({ where: { id } });
    expect(row.status).toBe('processed');
    expect((row.payload as { text: string }).text).toHaveLength(text.length);
    // It read as a lead without a usable name: Nova asked for one; the broker drops it.
    expect((await nova.chat.say(SAAD, 'إلغاء'))[0]!.text).toContain('تم الإلغاء');
  });

  it('answers stickers and photos without text with what it understands', async () => {
    for (const kind of ['sticker', 'image'] as const) {
      await nova.chat.send(SAAD, '', { kind: 'media', text: undefined, media: { kind, ref: `file-${kind}` } });
      await nova.chat.settle();
      const [reply] = await nova.chat.takeReplies();
      expect(reply?.text, kind).toContain('أفهم الرسائل المكتوبة');
    }
  });

  it('treats an unknown sender as a contact: help for a client, no CRM change', async () => {
    const stranger = '+966599999999';
    const before = await nova.db.customer.count();
    const replies = await nova.chat.say(stranger, 'عميل جديد أحمد 0551234567', { name: 'زائر' });
    expect(replies).toHaveLength(1);
    expect(replies[0]!.text).toContain('أنا نوفا من مكتب العقار');
    expect(await nova.db.customer.count()).toBe(before);
    const contact = await nova.db.contact.findFirstOrThrow({ where: { phone: stranger } });
    expect(contact).toMatchObject({ userId: null, displayName: 'زائر' });
  });

  it('refuses creation to an observer, who can still look', async () => {
    const observer = '+966500000099';
    await nova.db.user.create({
      data: { organizationId: nova.organizationId, phone: observer, name: 'مراقب', role: 'observer' },
    });
    const refused = await nova.chat.say(observer, 'عميل جديد سالم 0557778899');
    expect(refused[0]!.text).toContain('صلاحياتك ما تسمح');
    expect(await nova.db.customer.count({ where: { phone: '+966557778899' } })).toBe(0);
    const report = await nova.chat.say(observer, 'ملخص الشهر');
    expect(report[0]!.text).toContain('ملخص');
  });
});
