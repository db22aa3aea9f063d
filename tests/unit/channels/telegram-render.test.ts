import { describe, expect, it } from 'vitest';
import {
  callbackDataOf,
  renderTelegram,
  splitText,
  TG_LIMITS,
} from '../../../bot/channels/telegram/telegram.render.ts';

describe('renderTelegram', () => {
  it('sends a plain text as one sendMessage', () => {
    expect(renderTelegram({ text: '✅ أضفت العميل أحمد' })).toEqual([
      { method: 'sendMessage', payload: { text: '✅ أضفت العميل أحمد' } },
    ]);
  });

  it('puts short choices side by side in an inline keyboard, callback_data = the choice id', () => {
    const calls = renderTelegram({
      text: 'أحمد مسجل عندك بنفس الرقم. تبي أحدث بياناته؟',
      choices: [
        { id: 'confirm', label: 'حدّث بياناته' },
        { id: 'cancel', label: 'إلغاء' },
      ],
    });
    expect(calls).toEqual([
      {
        method: 'sendMessage',
        payload: {
          text: 'أحمد مسجل عندك بنفس الرقم. تبي أحدث بياناته؟',
          reply_markup: {
            inline_keyboard: [
              [
                { text: 'حدّث بياناته', callback_data: 'confirm' },
                { text: 'إلغاء', callback_data: 'cancel' },
              ],
            ],
          },
        },
      },
    ]);
  });

  it('puts long labels (or more than three) one per row', () => {
    const ids = ['2f1c7c1e-8a55-4b8e-9d0b-0c6f0e4b8a11', '7b0d7a3e-1c0e-4a8f-b5a2-9e1f3d2c4b55'];
    const calls = renderTelegram({
      text: 'أي أحمد تقصد؟',
      choices: [
        { id: ids[0]!, label: 'أحمد الغامدي 055 123 4567' },
        { id: ids[1]!, label: 'أحمد الشهري 050 987 6543' },
      ],
    });
    expect(calls[0]!.payload).toMatchObject({
      reply_markup: {
        inline_keyboard: [
          [{ text: 'أحمد الغامدي 055 123 4567', callback_data: ids[0] }],
          [{ text: 'أحمد الشهري 050 987 6543', callback_data: ids[1] }],
        ],
      },
    });
    const four = renderTelegram({ text: 'x', choices: ['a', 'b', 'c', 'd'].map((id) => ({ id, label: id })) });
    expect(
      (four[0]!.payload as { reply_markup: { inline_keyboard: unknown[][] } }).reply_markup.inline_keyboard,
    ).toHaveLength(4);
  });

  it('numbers a choice whose id does not fit 64 bytes of callback_data', () => {
    const long = 'x'.repeat(65);
    expect(callbackDataOf({ id: long, label: 'L' }, 1)).toBe('#2');
    expect(callbackDataOf({ id: 'y'.repeat(64), label: 'L' }, 0)).toBe('y'.repeat(64));
    // Arabic letters are two bytes each in UTF-8
    expect(callbackDataOf({ id: 'ع'.repeat(33), label: 'L' }, 2)).toBe('#3');
    // an id that itself looks like a numbered press would be misread: numbered too
    expect(callbackDataOf({ id: '#7', label: 'L' }, 0)).toBe('#1');
    for (const c of renderTelegram({ text: 't', choices: [{ id: long, label: 'a' }] })) {
      const data = (c.payload as { reply_markup: { inline_keyboard: Array<Array<{ callback_data: string }>> } })
        .reply_markup.inline_keyboard[0]![0]!.callback_data;
      expect(Buffer.byteLength(data)).toBeLessThanOrEqual(TG_LIMITS.callbackDataBytes);
    }
  });

  it('asks for the phone with a one-time reply keyboard, in the language of the text', () => {
    expect(renderTelegram({ text: 'شارك رقمك عشان أعرفك', requestContact: true })).toEqual([
      {
        method: 'sendMessage',
        payload: {
          text: 'شارك رقمك عشان أعرفك',
          reply_markup: {
            keyboard: [[{ text: '📱 شارك رقمي', request_contact: true }]],
            one_time_keyboard: true,
            resize_keyboard: true,
          },
        },
      },
    ]);
    const en = renderTelegram({ text: 'Please share your number', requestContact: true });
    expect(en[0]!.payload).toMatchObject({
      reply_markup: { keyboard: [[{ text: '📱 Share my number', request_contact: true }]] },
    });
  });

  it('numbers the choices in the text when the contact keyboard takes the only keyboard slot', () => {
    const calls = renderTelegram({
      text: 'Share your number or pick',
      requestContact: true,
      choices: [
        { id: 'a', label: 'Later' },
        { id: 'b', label: 'Never' },
      ],
    });
    expect(calls).toHaveLength(1);
    expect(calls[0]!.payload).toMatchObject({
      text: 'Share your number or pick\n\n1. Later\n2. Never',
      reply_markup: { keyboard: expect.any(Array) },
    });
  });

  it('sends an image by URL with the text as caption and the keyboard on it', () => {
    const calls = renderTelegram({
      text: 'فيلا النرجس',
      media: { kind: 'image', url: 'https://cdn.example.com/villa.jpg' },
      choices: [{ id: 'book', label: 'احجز معاينة' }],
    });
    expect(calls).toEqual([
      {
        method: 'sendPhoto',
        payload: {
          photo: 'https://cdn.example.com/villa.jpg',
          caption: 'فيلا النرجس',
          reply_markup: { inline_keyboard: [[{ text: 'احجز معاينة', callback_data: 'book' }]] },
        },
      },
    ]);
  });

  it('sends a document by URL', () => {
    expect(
      renderTelegram({
        text: 'العقد',
        media: { kind: 'document', url: 'https://cdn.example.com/c.pdf', fileName: 'c.pdf' },
      }),
    ).toEqual([{ method: 'sendDocument', payload: { document: 'https://cdn.example.com/c.pdf', caption: 'العقد' } }]);
  });

  it('sends a stored file as an upload for the channel to read', () => {
    const calls = renderTelegram({
      text: '',
      media: { kind: 'image', storageKey: 'listings/1/a.jpg', mimeType: 'image/jpeg' },
    });
    expect(calls).toEqual([
      { method: 'sendPhoto', payload: {}, upload: { storageKey: 'listings/1/a.jpg', mimeType: 'image/jpeg' } },
    ]);
  });

  it('sends a caption too long for a photo as a message after it, with the keyboard', () => {
    const text = 'و'.repeat(TG_LIMITS.caption + 1);
    const calls = renderTelegram({
      text,
      media: { kind: 'image', url: 'https://x/y.jpg' },
      choices: [{ id: 'ok', label: 'تمام' }],
    });
    expect(calls.map((c) => c.method)).toEqual(['sendPhoto', 'sendMessage']);
    expect(calls[0]!.payload).toEqual({ photo: 'https://x/y.jpg' });
    expect(calls[1]!.payload).toMatchObject({ text, reply_markup: { inline_keyboard: [[{ callback_data: 'ok' }]] } });
  });

  it('sends the location after the text', () => {
    expect(
      renderTelegram({ text: 'موقع العقار', location: { latitude: 24.77, longitude: 46.73, name: 'النرجس' } }),
    ).toEqual([
      { method: 'sendMessage', payload: { text: 'موقع العقار' } },
      { method: 'sendLocation', payload: { latitude: 24.77, longitude: 46.73 } },
    ]);
    expect(renderTelegram({ text: '', location: { latitude: 1, longitude: 2 } })).toEqual([
      { method: 'sendLocation', payload: { latitude: 1, longitude: 2 } },
    ]);
  });

  it('splits a text over 4096 characters at line breaks, keyboard on the last piece', () => {
    const line = 'عميل: أحمد الغامدي — 0551234567 — شقة بالرياض حي الملقا'; // 55 chars
    const lines = Array.from({ length: 200 }, (_, i) => `${i + 1}. ${line}`);
    const text = lines.join('\n');
    const calls = renderTelegram({ text, choices: [{ id: 'more', label: 'المزيد' }] });
    expect(calls.length).toBeGreaterThan(2);
    const pieces = calls.map((c) => (c.payload as { text: string }).text);
    expect(pieces.every((p) => p.length <= TG_LIMITS.text)).toBe(true);
    expect(pieces.join('\n')).toBe(text);
    // no line is cut in two
    for (const p of pieces) for (const l of p.split('\n')) expect(lines).toContain(l);
    expect(calls.slice(0, -1).every((c) => !('reply_markup' in c.payload))).toBe(true);
    expect(calls.at(-1)!.payload).toHaveProperty('reply_markup');
  });
});

describe('splitText', () => {
  it('keeps a short text whole', () => {
    expect(splitText('a\nb', 10)).toEqual(['a\nb']);
  });

  it('cuts a single long line at spaces, else hard, never inside a surrogate pair', () => {
    expect(splitText('aaaa bbbb cccc', 9)).toEqual(['aaaa bbbb', 'cccc']);
    expect(splitText('abcdefghij', 4)).toEqual(['abcd', 'efgh', 'ij']);
    const emoji = '😀😀😀'; // 6 UTF-16 units
    const pieces = splitText(emoji, 3);
    expect(pieces.join('')).toBe(emoji);
    for (const p of pieces) expect(p).not.toMatch(/[\uD800-\uDBFF]$/);
  });

  it('drops empty pieces made of the line breaks between them', () => {
    expect(splitText('aaaa\n\nbbbb', 4)).toEqual(['aaaa', 'bbbb']);
  });
});
