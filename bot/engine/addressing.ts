// How a phone number is addressed on each channel. WhatsApp (both kinds), the web chat, the console and
// the test channel reach a person by number, so Nova can write to a member who never wrote to it yet;
// on Telegram a chat exists only once the user has written.
import type { ChannelKind } from '../types.ts';

/** The chat id of a phone (E.164) on a channel of this kind; undefined where numbers are not addresses. */
export function chatIdOfPhone(kind: ChannelKind, e164: string): string | undefined {
  const digits = e164.replace(/^\+/, '');
  switch (kind) {
    case 'whatsapp_cloud':
      return digits;
    case 'whatsapp_web':
      return `${digits}@s.whatsapp.net`;
    case 'web':
    case 'console':
    case 'memory':
      return e164;
    case 'telegram':
      return undefined;
  }
}
