// Where a sign-in code goes: the member's most recent chat she can read without signing in, else her
// number on the office's WhatsApp, else her web chat; and what the message says.
import { describe, expect, it } from 'vitest';
import { codeMessage, type KnownChat, pickCodeRoute, whatsappChatId } from '../../../core/auth/delivery.ts';

const chat = (kind: KnownChat['kind'], n: number, lang: 'ar' | 'en' = 'ar'): KnownChat => ({
  kind,
  channelAccountId: `account-${kind}`,
  chatId: `chat-${n}`,
  contactId: `contact-${n}`,
  lang,
});
const PHONE = '+966500000001';

describe('the chat a code goes to', () => {
  it('is the most recent chat that is not the web chat', () => {
    const route = pickCodeRoute({
      chats: [chat('web', 1), chat('telegram', 2, 'en'), chat('whatsapp_cloud', 3)],
      whatsapp: { channelAccountId: 'wa', kind: 'whatsapp_cloud' },
      phone: PHONE,
      lang: 'ar',
    });
    expect(route).toEqual({
      via: 'chat',
      kind: 'telegram',
      recipient: { channelAccountId: 'account-telegram', chatId: 'chat-2', contactId: 'contact-2' },
      lang: 'en',
    });
  });

  it("is her number on the office's WhatsApp when she has no other chat", () => {
    expect(
      pickCodeRoute({
        chats: [chat('web', 1)],
        whatsapp: { channelAccountId: 'wa', kind: 'whatsapp_cloud' },
        phone: PHONE,
        lang: 'en',
      }),
    ).toEqual({
      via: 'whatsapp',
      kind: 'whatsapp_cloud',
      recipient: { channelAccountId: 'wa', chatId: '966500000001' },
      lang: 'en',
    });
    expect(
      pickCodeRoute({ chats: [], whatsapp: { channelAccountId: 'wa', kind: 'whatsapp_web' }, phone: PHONE, lang: 'ar' })
        ?.recipient.chatId,
    ).toBe('966500000001@s.whatsapp.net');
  });

  it('is the web chat she last used when nothing else reaches her, and none when she has no chat', () => {
    expect(pickCodeRoute({ chats: [chat('web', 1)], whatsapp: null, phone: PHONE, lang: 'ar' })?.via).toBe('web');
    expect(pickCodeRoute({ chats: [], whatsapp: null, phone: PHONE, lang: 'ar' })).toBeNull();
  });

  it('addresses WhatsApp numbers as each WhatsApp channel does', () => {
    expect(whatsappChatId('whatsapp_cloud', '+966551234567')).toBe('966551234567');
    expect(whatsappChatId('whatsapp_web', '+966551234567')).toBe('966551234567@s.whatsapp.net');
  });
});

describe('the code message', () => {
  it('carries the code, the office and the validity, in her language, and a one-line notice', () => {
    const office = { slug: 'nova-demo', name: 'مكتب نوفا العقاري' };
    const ar = codeMessage('ar', office, '042137');
    expect(ar.text).toContain('042137');
    expect(ar.text).toContain('مكتب نوفا العقاري');
    expect(ar.text).toMatch(/١٠ دقائق/);
    expect(ar.notification?.kind).toBe('notice');
    expect(ar.notification?.params[0]).toContain('042137');
    expect(ar.notification?.params[0]).not.toContain('\n');
    const en = codeMessage('en', office, '042137');
    expect(en.text).toMatch(/^Your Nova sign-in code .*: 042137\nValid for 10 minutes/);
  });
});
