// A member who never wrote to Nova is reached by number where the channel addresses people by number.
import { describe, expect, it } from 'vitest';
import { chatIdOfPhone } from '../../../bot/engine/addressing.ts';

describe('a phone as a chat id', () => {
  it.each([
    ['whatsapp_cloud', '966500000001'],
    ['whatsapp_web', '966500000001@s.whatsapp.net'],
    ['web', '+966500000001'],
    ['console', '+966500000001'],
    ['memory', '+966500000001'],
  ] as const)('on %s is %s', (kind, chatId) => {
    expect(chatIdOfPhone(kind, '+966500000001')).toBe(chatId);
  });

  it('does not exist on Telegram, where a chat exists only once the user wrote', () => {
    expect(chatIdOfPhone('telegram', '+966500000001')).toBeUndefined();
  });
});
