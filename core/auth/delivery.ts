// Where a sign-in code goes: the member's own chat. The most recent chat she can read without being
// signed in (WhatsApp, Telegram, the console), else her number on the office's WhatsApp account, else
// the web chat she last used (open in another tab). In development the composition root also prints
// the code (DevCodeSink). The code is written by notify(), the one writer of outbound messages.
import type { OutboundMessage } from '../notifications/message.types.ts';
import type { Recipient } from '../notifications/notify.ts';
import type { Office } from './auth.types.ts';

export type ChatKind = 'whatsapp_web' | 'whatsapp_cloud' | 'telegram' | 'web' | 'console' | 'memory';

export interface KnownChat {
  kind: ChatKind;
  channelAccountId: string;
  chatId: string;
  contactId: string;
  lang: 'ar' | 'en';
}

export interface CodeRoute {
  via: 'chat' | 'whatsapp' | 'web';
  kind: ChatKind;
  recipient: Recipient;
  lang: 'ar' | 'en';
}

/** In development: the composition root prints the code, never through the logger. */
export type DevCodeSink = (delivery: { phone: string; code: string; office: Office }) => void;

/**
 * The chat id of a phone on a WhatsApp account (the same rule as bot/engine/addressing.ts, which core
 * cannot import): the Cloud API addresses digits, WhatsApp Web a JID.
 */
export function whatsappChatId(kind: 'whatsapp_cloud' | 'whatsapp_web', e164: string): string {
  const digits = e164.replace(/^\+/, '');
  return kind === 'whatsapp_cloud' ? digits : `${digits}@s.whatsapp.net`;
}

/**
 * `chats`: the member's chats in this office, most recently used first. `whatsapp`: the office's
 * WhatsApp account, if any. Null: no chat reaches her (the development print is all there is).
 */
export function pickCodeRoute(input: {
  chats: readonly KnownChat[];
  whatsapp?: { channelAccountId: string; kind: 'whatsapp_cloud' | 'whatsapp_web' } | null;
  phone: string;
  lang: 'ar' | 'en';
}): CodeRoute | null {
  const own = input.chats.find((chat) => chat.kind !== 'web');
  if (own) return { via: 'chat', kind: own.kind, recipient: recipientOf(own), lang: own.lang };
  if (input.whatsapp) {
    return {
      via: 'whatsapp',
      kind: input.whatsapp.kind,
      recipient: {
        channelAccountId: input.whatsapp.channelAccountId,
        chatId: whatsappChatId(input.whatsapp.kind, input.phone),
      },
      lang: input.lang,
    };
  }
  const web = input.chats.find((chat) => chat.kind === 'web');
  if (web) return { via: 'web', kind: 'web', recipient: recipientOf(web), lang: web.lang };
  return null;
}

const recipientOf = (chat: KnownChat): Recipient => ({
  channelAccountId: chat.channelAccountId,
  chatId: chat.chatId,
  contactId: chat.contactId,
});

/** The message carrying the code, in the member's language. */
export function codeMessage(lang: 'ar' | 'en', office: Office, code: string): OutboundMessage {
  const text =
    lang === 'ar'
      ? `رمز الدخول إلى نوفا (${office.name}): ${code}\nصالح ١٠ دقائق ولمرة واحدة. لا تعطه أحداً؛ نوفا ما يطلبه منك أبداً.`
      : `Your Nova sign-in code (${office.name}): ${code}\nValid for 10 minutes, once. Do not share it; Nova never asks you for it.`;
  const line =
    lang === 'ar' ? `رمز الدخول إلى نوفا: ${code} (صالح ١٠ دقائق)` : `Nova sign-in code: ${code} (valid 10 minutes)`;
  // outside WhatsApp's 24-hour window the notice template carries it
  return { text, notification: { kind: 'notice', params: [line] } };
}
