// Bot API updates as Telegram sends them (shapes recorded from getUpdates, ids and numbers replaced).
import { describe, expect, it } from 'vitest';
import {
  isTelegramUpdate,
  normalizeTelegramUpdate,
  plusPhone,
  type TgUpdate,
} from '../../../bot/channels/telegram/telegram.normalize.ts';

const ACCOUNT = 'acc-1';
const saad = { id: 700100200, is_bot: false, first_name: 'سعد', last_name: 'القحطاني', language_code: 'ar' };
const privateChat = { id: 700100200, first_name: 'سعد', last_name: 'القحطاني', type: 'private' as const };

const message = (extra: Record<string, unknown>, id = 41): TgUpdate => ({
  update_id: 880000001,
  message: { message_id: id, from: saad, chat: privateChat, date: 1795856400, ...extra },
});

const sender = { externalId: '700100200', displayName: 'سعد القحطاني' };

describe('normalizeTelegramUpdate', () => {
  it('reads a text message', () => {
    expect(normalizeTelegramUpdate(message({ text: 'عميل جديد أحمد 0551234567' }), ACCOUNT)).toEqual({
      channelAccountId: ACCOUNT,
      externalId: '700100200:41',
      chatId: '700100200',
      sender,
      sentAt: '2026-11-28T09:00:00.000Z',
      kind: 'text',
      text: 'عميل جديد أحمد 0551234567',
    });
  });

  it('reads a command like /start as text', () => {
    const update = message({ text: '/start', entities: [{ offset: 0, length: 6, type: 'bot_command' }] });
    expect(normalizeTelegramUpdate(update, ACCOUNT)).toMatchObject({ kind: 'text', text: '/start' });
  });

  it('uses the first name alone when there is no last name', () => {
    const update: TgUpdate = {
      update_id: 1,
      message: {
        message_id: 2,
        from: { id: 5, is_bot: false, first_name: 'Noura' },
        chat: { id: 5, type: 'private' },
        date: 1,
        text: 'hi',
      },
    };
    expect(normalizeTelegramUpdate(update, ACCOUNT)?.sender).toEqual({ externalId: '5', displayName: 'Noura' });
  });

  it('reads a photo with a caption: the largest size, as an image', () => {
    const update = message({
      photo: [
        { file_id: 'AgACAgQAAxkBAAIBsmall', file_unique_id: 'AQADs', file_size: 1_402, width: 90, height: 67 },
        { file_id: 'AgACAgQAAxkBAAIBmedium', file_unique_id: 'AQADm', file_size: 19_118, width: 320, height: 240 },
        { file_id: 'AgACAgQAAxkBAAIBlarge', file_unique_id: 'AQADx', file_size: 88_215, width: 1280, height: 960 },
      ],
      caption: 'صور الفيلا في النرجس',
    });
    expect(normalizeTelegramUpdate(update, ACCOUNT)).toMatchObject({
      externalId: '700100200:41',
      kind: 'media',
      text: 'صور الفيلا في النرجس',
      media: { kind: 'image', ref: 'AgACAgQAAxkBAAIBlarge', mimeType: 'image/jpeg', sizeBytes: 88_215 },
    });
  });

  it('reads a photo without a caption (no text)', () => {
    const update = message({ photo: [{ file_id: 'P1', file_unique_id: 'u', width: 800, height: 600 }] });
    const inbound = normalizeTelegramUpdate(update, ACCOUNT)!;
    expect(inbound.kind).toBe('media');
    expect(inbound.text).toBeUndefined();
    expect(inbound.media).toEqual({ kind: 'image', ref: 'P1', mimeType: 'image/jpeg' });
  });

  it('reads a document with its name and type', () => {
    const update = message({
      document: {
        file_name: 'صك.pdf',
        mime_type: 'application/pdf',
        file_id: 'BQACAgQdoc',
        file_unique_id: 'AgAD',
        file_size: 231_004,
      },
      caption: 'الصك',
    });
    expect(normalizeTelegramUpdate(update, ACCOUNT)).toMatchObject({
      kind: 'media',
      text: 'الصك',
      media: {
        kind: 'document',
        ref: 'BQACAgQdoc',
        mimeType: 'application/pdf',
        sizeBytes: 231_004,
        fileName: 'صك.pdf',
      },
    });
  });

  it('reads an animation (which also carries a document) as a video', () => {
    const update = message({
      animation: { file_id: 'CgACanim', file_unique_id: 'a', mime_type: 'video/mp4', file_size: 5_000 },
      document: { file_id: 'CgACanim', file_unique_id: 'a', mime_type: 'video/mp4', file_size: 5_000 },
    });
    expect(normalizeTelegramUpdate(update, ACCOUNT)?.media).toMatchObject({ kind: 'video', ref: 'CgACanim' });
  });

  it('reads a sticker as media of kind sticker', () => {
    const update = message({
      sticker: {
        width: 512,
        height: 512,
        emoji: '👍',
        set_name: 'HotCherry',
        is_animated: false,
        is_video: false,
        type: 'regular',
        file_id: 'CAACAgIAsticker',
        file_unique_id: 'AgAD',
        file_size: 23_510,
      },
    });
    expect(normalizeTelegramUpdate(update, ACCOUNT)).toMatchObject({
      kind: 'media',
      media: { kind: 'sticker', ref: 'CAACAgIAsticker', mimeType: 'image/webp', sizeBytes: 23_510 },
    });
    expect(normalizeTelegramUpdate(update, ACCOUNT)?.text).toBeUndefined();
  });

  it('reads a voice note as audio', () => {
    const update = message({
      voice: { duration: 3, mime_type: 'audio/ogg', file_id: 'AwACvoice', file_unique_id: 'v', file_size: 9_000 },
    });
    expect(normalizeTelegramUpdate(update, ACCOUNT)?.media).toEqual({
      kind: 'audio',
      ref: 'AwACvoice',
      mimeType: 'audio/ogg',
      sizeBytes: 9_000,
      durationSeconds: 3,
    });
  });

  it('reads a location', () => {
    const update = message({ location: { latitude: 24.774265, longitude: 46.738586 } });
    expect(normalizeTelegramUpdate(update, ACCOUNT)).toMatchObject({
      kind: 'location',
      location: { latitude: 24.774265, longitude: 46.738586 },
    });
  });

  it('reads a venue as a location with its name and address', () => {
    const update = message({
      location: { latitude: 24.8, longitude: 46.6 },
      venue: { location: { latitude: 24.8, longitude: 46.6 }, title: 'برج المملكة', address: 'طريق الملك فهد، الرياض' },
    });
    expect(normalizeTelegramUpdate(update, ACCOUNT)?.location).toEqual({
      latitude: 24.8,
      longitude: 46.6,
      name: 'برج المملكة',
      address: 'طريق الملك فهد، الرياض',
    });
  });

  it("reads the user's own shared contact as his phone (with a plus)", () => {
    const update = message({
      contact: { phone_number: '966500000001', first_name: 'سعد', last_name: 'القحطاني', user_id: 700100200 },
      reply_to_message: undefined,
    });
    expect(normalizeTelegramUpdate(update, ACCOUNT)).toEqual({
      channelAccountId: ACCOUNT,
      externalId: '700100200:41',
      chatId: '700100200',
      sender: { ...sender, phone: '+966500000001' },
      sentAt: '2026-11-28T09:00:00.000Z',
      kind: 'contact',
      contact: { phone: '+966500000001', name: 'سعد القحطاني' },
    });
  });

  it('keeps a plus that Telegram already put', () => {
    const update = message({ contact: { phone_number: '+966 50 000 0001', first_name: 'سعد', user_id: 700100200 } });
    expect(normalizeTelegramUpdate(update, ACCOUNT)?.sender.phone).toBe('+966500000001');
  });

  it("does not take someone else's contact card as the sender's phone", () => {
    const other = message({ contact: { phone_number: '966551234567', first_name: 'أحمد', user_id: 900900900 } });
    const noUser = message({ contact: { phone_number: '966551234567', first_name: 'أحمد' } });
    for (const update of [other, noUser]) {
      const inbound = normalizeTelegramUpdate(update, ACCOUNT)!;
      expect(inbound.kind).toBe('contact');
      expect(inbound.sender).toEqual(sender);
      expect(inbound.contact).toEqual({ phone: '+966551234567', name: 'أحمد' });
    }
  });

  it('reads an inline keyboard press as a choice', () => {
    const update: TgUpdate = {
      update_id: 880000009,
      callback_query: {
        id: '3007001002003004005',
        from: saad,
        message: {
          message_id: 57,
          from: { id: 8000000001, is_bot: true, first_name: 'Nova', username: 'nova_crm_bot' },
          chat: privateChat,
          date: 1795856460,
          text: 'أحمد مسجل عندك بنفس الرقم…',
        },
        chat_instance: '-5301234567890123456',
        data: 'confirm',
      } as TgUpdate['callback_query'],
    };
    expect(normalizeTelegramUpdate(update, ACCOUNT)).toEqual({
      channelAccountId: ACCOUNT,
      externalId: 'cb:3007001002003004005',
      chatId: '700100200',
      sender,
      kind: 'choice',
      choiceId: 'confirm',
    });
  });

  it('reads a numbered button (an id too long for callback_data) as the typed number', () => {
    const update: TgUpdate = {
      update_id: 1,
      callback_query: { id: '9', from: saad, message: { message_id: 3, chat: privateChat, date: 1 }, data: '#2' },
    };
    expect(normalizeTelegramUpdate(update, ACCOUNT)).toMatchObject({ kind: 'text', text: '2', externalId: 'cb:9' });
  });

  it('ignores a press without data or without its message (inline mode)', () => {
    expect(
      normalizeTelegramUpdate(
        {
          update_id: 1,
          callback_query: { id: '1', from: saad, message: { message_id: 3, chat: privateChat, date: 1 } },
        },
        ACCOUNT,
      ),
    ).toBeNull();
    expect(
      normalizeTelegramUpdate({ update_id: 1, callback_query: { id: '1', from: saad, data: 'confirm' } }, ACCOUNT),
    ).toBeNull();
  });

  it('ignores edits, channel posts, groups and bots', () => {
    const text = { message_id: 1, from: saad, chat: privateChat, date: 1, text: 'عملائي' };
    expect(
      normalizeTelegramUpdate({ update_id: 1, edited_message: { ...text, edit_date: 2 } as never }, ACCOUNT),
    ).toBeNull();
    expect(
      normalizeTelegramUpdate(
        { update_id: 1, channel_post: { message_id: 1, chat: { id: -1001, type: 'channel' }, date: 1, text: 'x' } },
        ACCOUNT,
      ),
    ).toBeNull();
    expect(
      normalizeTelegramUpdate(
        { update_id: 1, message: { ...text, chat: { id: -100200300, type: 'supergroup' } } },
        ACCOUNT,
      ),
    ).toBeNull();
    expect(
      normalizeTelegramUpdate({ update_id: 1, message: { ...text, chat: { id: -4001, type: 'group' } } }, ACCOUNT),
    ).toBeNull();
    expect(
      normalizeTelegramUpdate(
        { update_id: 1, message: { ...text, from: { id: 8, is_bot: true, first_name: 'Other bot' } } },
        ACCOUNT,
      ),
    ).toBeNull();
    const groupPress: TgUpdate = {
      update_id: 1,
      callback_query: {
        id: '1',
        from: saad,
        message: { message_id: 3, chat: { id: -4001, type: 'group' }, date: 1 },
        data: 'confirm',
      },
    };
    expect(normalizeTelegramUpdate(groupPress, ACCOUNT)).toBeNull();
    expect(normalizeTelegramUpdate({ update_id: 1 }, ACCOUNT)).toBeNull();
  });

  it('marks content it cannot read (a poll, dice) as unsupported', () => {
    const update = message({ dice: { emoji: '🎲', value: 4 } });
    expect(normalizeTelegramUpdate(update, ACCOUNT)).toMatchObject({ kind: 'unsupported', externalId: '700100200:41' });
  });
});

describe('helpers', () => {
  it('plusPhone keeps digits only, with a plus', () => {
    expect(plusPhone('966500000001')).toBe('+966500000001');
    expect(plusPhone('+1 (555) 010-9999')).toBe('+15550109999');
  });

  it('isTelegramUpdate wants an object with an integer update_id', () => {
    expect(isTelegramUpdate({ update_id: 5 })).toBe(true);
    expect(isTelegramUpdate({ update_id: '5' })).toBe(false);
    expect(isTelegramUpdate(null)).toBe(false);
    expect(isTelegramUpdate('x')).toBe(false);
  });
});
