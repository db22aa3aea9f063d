// The notices waiting for one busy recipient go as one message: plain notices only, in order, within
// the limits; anything else (buttons, a photo, a reply) stops the batch.
import { describe, expect, it } from 'vitest';
import {
  isPlainNotice,
  MAX_BATCH_CHARS,
  MAX_NOTICES_PER_MESSAGE,
  mergeNotices,
} from '../../../bot/engine/notice-batch.ts';
import type { OutboundMessage } from '../../../bot/types.ts';

const notice = (text: string): OutboundMessage => ({ text, notification: { kind: 'notice', params: [text] } });

describe('notice batches', () => {
  it('merges the plain notices behind the first, in order, into one message', () => {
    const merged = mergeNotices(notice('عميل جديد: أحمد'), [notice('عرض جديد: فيلا'), notice('حجز معاينة')]);
    expect(merged?.taken).toBe(2);
    expect(merged?.message.text).toBe('عميل جديد: أحمد\n\nعرض جديد: فيلا\n\nحجز معاينة');
    expect(merged?.message.notification).toEqual({
      kind: 'notice',
      params: ['عميل جديد: أحمد • عرض جديد: فيلا • حجز معاينة'],
    });
  });

  it('stops at the first message that is not a plain notice', () => {
    const withButtons: OutboundMessage = { ...notice('اعتمد؟'), choices: [{ id: 'yes', label: 'نعم' }] };
    const reply: OutboundMessage = { text: 'أهلاً' };
    expect(mergeNotices(notice('أ'), [notice('ب'), withButtons, notice('ج')])?.taken).toBe(1);
    expect(mergeNotices(notice('أ'), [reply, notice('ب')])).toBeNull();
    expect(mergeNotices(reply, [notice('ب')])).toBeNull();
    expect(isPlainNotice({ ...notice('صورة'), media: { kind: 'image', storageKey: 'k' } })).toBe(false);
  });

  it('keeps within the count and the length a screen can take', () => {
    const many = Array.from({ length: 20 }, (_, i) => notice(`تنبيه ${i}`));
    expect(mergeNotices(notice('أول'), many)?.taken).toBe(MAX_NOTICES_PER_MESSAGE - 1);
    const long = 'ط'.repeat(MAX_BATCH_CHARS / 2);
    const merged = mergeNotices(notice(long), [notice(long), notice(long)]);
    expect(merged).toBeNull();
    expect(mergeNotices(notice('قصير'), [notice(long), notice(long)])?.taken).toBe(1);
  });

  it('keeps the template parameter short enough for a WhatsApp template', () => {
    const merged = mergeNotices(notice('س'.repeat(800)), [notice('ص'.repeat(800))]);
    const param = merged?.message.notification?.params[0] ?? '';
    expect(param.length).toBeLessThanOrEqual(900);
    expect(param.endsWith('…')).toBe(true);
  });
});
