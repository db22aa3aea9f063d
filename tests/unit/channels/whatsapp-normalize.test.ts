// Baileys messages (recorded shapes, tests/fixtures/baileys) → InboundMessage.
import { readFileSync } from 'node:fs';
import type { WAMessage } from '@whiskeysockets/baileys';
import { describe, expect, it } from 'vitest';
import { normalizeBaileysMessage, phoneFromVcard } from '../../../bot/channels/whatsapp/whatsapp.normalize.ts';

const ACCOUNT = '0b7f3c2e-7a51-4d0e-9a38-6c1d2f4e5a6b';
const PN = '966501234567@s.whatsapp.net';
const LID = '182736450912345@lid';

function fixture(name: string): WAMessage {
  return JSON.parse(readFileSync(new URL(`../../fixtures/baileys/${name}.json`, import.meta.url), 'utf8')) as WAMessage;
}
const normalize = (name: string, lidToPhone?: (lid: string) => string | undefined) =>
  normalizeBaileysMessage(fixture(name), ACCOUNT, lidToPhone);

describe('normalizeBaileysMessage: text', () => {
  it('reads a plain conversation message with the sender, name and time', () => {
    expect(normalize('text-conversation')).toEqual({
      channelAccountId: ACCOUNT,
      externalId: '3EB0C7A2F4D91B8E6A10',
      chatId: PN,
      sender: { externalId: PN, phone: '+966501234567', displayName: 'أبو فهد' },
      sentAt: '2025-11-21T08:05:45.000Z',
      kind: 'text',
      text: 'عميل جديد أحمد 0551234567 يبي شقة بالرياض',
    });
  });

  it('reads an extended text (a reply with a quote and a link)', () => {
    expect(normalize('extended-text')).toMatchObject({
      kind: 'text',
      text: 'شفت الرابط https://example.com/listing/42 وش رايك؟',
      externalId: '3EB0A1B2C3D4E5F60718',
    });
  });

  it('unwraps a disappearing (ephemeral) message', () => {
    expect(normalize('extended-text-ephemeral')).toMatchObject({ kind: 'text', text: 'ذكرني بكرة الساعة ١٠' });
  });
});

describe('normalizeBaileysMessage: media', () => {
  it('reads an image with its caption as text; the ref is the message id (downloads go through the socket)', () => {
    expect(normalize('image-caption')).toMatchObject({
      kind: 'media',
      text: 'صور الفيلا في حي النرجس',
      media: { kind: 'image', ref: '3EB0D1E2F3A4B5C6D7E8', mimeType: 'image/jpeg', sizeBytes: 245873 },
    });
  });

  it('reads an image without caption, its size given as a protobuf long', () => {
    const message = normalize('image-no-caption');
    expect(message).toMatchObject({ kind: 'media', media: { kind: 'image', sizeBytes: 98765 } });
    expect(message?.text).toBeUndefined();
  });

  it('reads a document with caption (inside documentWithCaptionMessage) and its file name', () => {
    expect(normalize('document-with-caption')).toMatchObject({
      kind: 'media',
      text: 'هذا الصك',
      media: { kind: 'document', fileName: 'صك-الملكية.pdf', mimeType: 'application/pdf', sizeBytes: 1048576 },
    });
  });

  it('reads a plain document', () => {
    expect(normalize('document')).toMatchObject({
      kind: 'media',
      media: { kind: 'document', fileName: 'leads.xlsx', sizeBytes: 20480 },
    });
  });

  it('reads video, voice notes and stickers', () => {
    expect(normalize('video')).toMatchObject({
      kind: 'media',
      text: 'جولة في الشقة',
      media: { kind: 'video', mimeType: 'video/mp4' },
    });
    expect(normalize('audio-voice-note')).toMatchObject({
      kind: 'media',
      media: { kind: 'audio', mimeType: 'audio/ogg; codecs=opus', sizeBytes: 18342 },
    });
    expect(normalize('sticker')).toMatchObject({ kind: 'media', media: { kind: 'sticker', mimeType: 'image/webp' } });
  });

  it('unwraps a view-once image', () => {
    expect(normalize('view-once-image')).toMatchObject({
      kind: 'media',
      media: { kind: 'image', ref: '3EB0V1EW0NCE00000001' },
    });
  });
});

describe('normalizeBaileysMessage: choices', () => {
  it('reads a button reply', () => {
    expect(normalize('buttons-reply')).toMatchObject({
      kind: 'choice',
      choiceId: 'customer.confirm',
      text: 'نعم، احفظ',
    });
  });

  it('reads a list reply', () => {
    expect(normalize('list-reply')).toMatchObject({
      kind: 'choice',
      choiceId: 'property:7c1e3f0a',
      text: 'فيلا النرجس',
    });
  });

  it('reads a template button reply', () => {
    expect(normalize('template-button-reply')).toMatchObject({
      kind: 'choice',
      choiceId: 'appointment.accept',
      text: 'أقبل الموعد',
    });
  });

  it('reads an interactive (native flow) reply from its paramsJson id', () => {
    expect(normalize('interactive-reply')).toMatchObject({
      kind: 'choice',
      choiceId: 'slot:2026-11-23T10:00',
      text: 'الموعد الثاني',
    });
  });

  it('does not take an interactive reply without an id for a choice', () => {
    const message = fixture('interactive-reply');
    message.message!.interactiveResponseMessage!.nativeFlowResponseMessage!.paramsJson = '{"flow_token":"x"}';
    expect(normalizeBaileysMessage(message, ACCOUNT)?.kind).toBe('unsupported');
    message.message!.interactiveResponseMessage!.nativeFlowResponseMessage!.paramsJson = 'not json';
    expect(normalizeBaileysMessage(message, ACCOUNT)?.kind).toBe('unsupported');
  });
});

describe('normalizeBaileysMessage: location and contact', () => {
  it('reads a location with its name and address', () => {
    expect(normalize('location')).toMatchObject({
      kind: 'location',
      location: { latitude: 24.8183, longitude: 46.6426, name: 'حي الملقا', address: 'طريق أنس بن مالك، الرياض' },
    });
  });

  it('reads a shared contact by its WhatsApp id (waid)', () => {
    expect(normalize('contact')).toMatchObject({
      kind: 'contact',
      contact: { phone: '+966561234567', name: 'خالد العتيبي' },
    });
  });

  it('reads a shared contact without waid from its TEL line, made E.164', () => {
    expect(normalize('contact-without-waid')).toMatchObject({
      kind: 'contact',
      contact: { phone: '+966559876543', name: 'Noura' },
    });
  });

  it('finds no phone in a card without one', () => {
    expect(phoneFromVcard('BEGIN:VCARD\nFN:x\nEND:VCARD')).toBeUndefined();
    expect(phoneFromVcard('BEGIN:VCARD\nTEL:12\nEND:VCARD')).toBeUndefined();
    expect(phoneFromVcard(undefined)).toBeUndefined();
  });
});

describe('normalizeBaileysMessage: ignored', () => {
  it.each([
    'reaction',
    'protocol-revoke',
    'protocol-ephemeral-setting',
    'protocol-history-sync',
    'protocol-edit',
    'sender-key-distribution-only',
    'poll-update',
    'decryption-failed-stub',
  ])('ignores %s', (name) => {
    expect(normalize(name)).toBeNull();
  });

  it.each(['from-me', 'status-broadcast', 'group', 'newsletter'])('ignores a message %s', (name) => {
    expect(normalize(name)).toBeNull();
  });

  it('keeps a message it cannot read as unsupported, so that the sender gets an answer', () => {
    expect(normalize('poll-creation')).toMatchObject({ kind: 'unsupported', externalId: '3EB0P0LLCREA7E000002' });
  });

  it('keeps the text of a message whose sender-key distribution rides along', () => {
    const message = fixture('sender-key-distribution-only');
    message.message!.conversation = 'مرحبا';
    expect(normalizeBaileysMessage(message, ACCOUNT)).toMatchObject({ kind: 'text', text: 'مرحبا' });
  });
});

describe('normalizeBaileysMessage: @lid identities', () => {
  it('uses the phone WhatsApp gives beside the lid (remoteJidAlt); the chat stays the lid', () => {
    expect(normalize('lid-with-phone-alt')).toMatchObject({
      chatId: LID,
      sender: { externalId: PN, phone: '+966501234567', displayName: 'أبو فهد' },
    });
  });

  it('keeps the lid as the sender when the phone is unknown', () => {
    const message = normalize('lid-without-phone');
    expect(message).toMatchObject({ chatId: LID, sender: { externalId: LID } });
    expect(message?.sender.phone).toBeUndefined();
  });

  it('uses the known mapping when WhatsApp gives only the lid', () => {
    const seen: string[] = [];
    const message = normalize('lid-without-phone', (lid) => {
      seen.push(lid);
      return lid === LID ? PN : undefined;
    });
    expect(seen).toEqual([LID]);
    expect(message).toMatchObject({ chatId: LID, sender: { externalId: PN, phone: '+966501234567' } });
  });

  it('reads the legacy senderPn, without its device part', () => {
    expect(normalize('lid-device-sender-pn')).toMatchObject({
      chatId: LID,
      sender: { externalId: PN, phone: '+966501234567' },
    });
  });

  it('maps the same person to the same sender id whether addressed by phone or by lid', () => {
    const byPhone = normalize('text-conversation');
    const byLid = normalize('lid-without-phone', () => PN);
    expect(byLid?.sender.externalId).toBe(byPhone?.sender.externalId);
    expect(byLid?.sender.phone).toBe(byPhone?.sender.phone);
  });
});
