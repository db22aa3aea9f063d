// WhatsApp Cloud webhook bodies, shaped as in Meta's webhook reference, → InboundMessage and status updates.
import { describe, expect, it } from 'vitest';
import { normalizeCloudWebhook } from '../../../bot/channels/whatsapp-cloud/cloud.normalize.ts';

const ACCOUNT = 'acc-1';
const PHONE_NUMBER_ID = '106540352242922';
const WA_ID = '966500000001';

/** Meta's envelope: one entry, one change on the `messages` field. */
function webhook(value: Record<string, unknown>, phoneNumberId = PHONE_NUMBER_ID) {
  return {
    object: 'whatsapp_business_account',
    entry: [
      {
        id: '102290129340398',
        changes: [
          {
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: '15550783881', phone_number_id: phoneNumberId },
              ...value,
            },
            field: 'messages',
          },
        ],
      },
    ],
  };
}

const contacts = [{ profile: { name: 'سعد' }, wa_id: WA_ID }];
const message = (type: string, content: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  webhook({
    contacts,
    messages: [{ from: WA_ID, id: `wamid.${type}`, timestamp: '1763712000', type, ...content, ...extra }],
  });
const read = (body: unknown) =>
  normalizeCloudWebhook(body, { channelAccountId: ACCOUNT, phoneNumberId: PHONE_NUMBER_ID });

describe('normalizeCloudWebhook: messages', () => {
  it('reads a text message with the sender, its phone and profile name', () => {
    const { messages, statuses } = read(message('text', { text: { body: 'عميل جديد أحمد 0551234567' } }));
    expect(statuses).toEqual([]);
    expect(messages).toEqual([
      {
        channelAccountId: ACCOUNT,
        externalId: 'wamid.text',
        chatId: WA_ID,
        sender: { externalId: WA_ID, phone: '+966500000001', displayName: 'سعد' },
        sentAt: '2025-11-21T08:00:00.000Z',
        kind: 'text',
        text: 'عميل جديد أحمد 0551234567',
      },
    ]);
  });

  it('reads a reply button and a list row as a choice with its id', () => {
    const context = { context: { from: '15550783881', id: 'wamid.question' } };
    const button = read(
      message(
        'interactive',
        { interactive: { type: 'button_reply', button_reply: { id: 'confirm', title: 'نعم' } } },
        context,
      ),
    );
    expect(button.messages[0]).toMatchObject({ kind: 'choice', choiceId: 'confirm', text: 'نعم', chatId: WA_ID });
    const row = read(
      message('interactive', {
        interactive: {
          type: 'list_reply',
          list_reply: { id: 'customer:42', title: 'أحمد الغامدي', description: '0551234567' },
        },
      }),
    );
    expect(row.messages[0]).toMatchObject({ kind: 'choice', choiceId: 'customer:42', text: 'أحمد الغامدي' });
  });

  it('reads a template quick-reply button by its payload, or its text without one', () => {
    const withPayload = read(message('button', { button: { payload: 'snooze', text: 'ذكرني لاحقاً' } }));
    expect(withPayload.messages[0]).toMatchObject({ kind: 'choice', choiceId: 'snooze', text: 'ذكرني لاحقاً' });
    const textOnly = read(message('button', { button: { text: 'Stop' } }));
    expect(textOnly.messages[0]).toMatchObject({ kind: 'choice', choiceId: 'Stop' });
  });

  it('reads an image with its caption as the text and its media id as the ref', () => {
    const { messages } = read(
      message('image', {
        image: {
          caption: 'شقة الملقا',
          mime_type: 'image/jpeg',
          sha256: '81d3bd8a8db4868c9520ed47186e8b7c',
          id: '2754859441498128',
        },
      }),
    );
    expect(messages[0]).toMatchObject({
      kind: 'media',
      text: 'شقة الملقا',
      media: { kind: 'image', ref: '2754859441498128', mimeType: 'image/jpeg' },
    });
  });

  it('reads documents, voice notes, videos and stickers as media', () => {
    const doc = read(
      message('document', {
        document: {
          caption: 'العقد',
          filename: 'contract.pdf',
          mime_type: 'application/pdf',
          sha256: 'x',
          id: 'doc-1',
        },
      }),
    );
    expect(doc.messages[0]).toMatchObject({
      kind: 'media',
      text: 'العقد',
      media: { kind: 'document', ref: 'doc-1', fileName: 'contract.pdf', mimeType: 'application/pdf' },
    });
    const voice = read(
      message('audio', { audio: { mime_type: 'audio/ogg; codecs=opus', sha256: 'x', id: 'aud-1', voice: true } }),
    );
    expect(voice.messages[0]).toMatchObject({ kind: 'media', media: { kind: 'audio', ref: 'aud-1' } });
    expect(voice.messages[0]!.text).toBeUndefined();
    const video = read(
      message('video', { video: { caption: 'جولة', mime_type: 'video/mp4', sha256: 'x', id: 'vid-1' } }),
    );
    expect(video.messages[0]).toMatchObject({ kind: 'media', text: 'جولة', media: { kind: 'video', ref: 'vid-1' } });
    const sticker = read(
      message('sticker', { sticker: { mime_type: 'image/webp', sha256: 'x', id: 'stk-1', animated: false } }),
    );
    expect(sticker.messages[0]).toMatchObject({ kind: 'media', media: { kind: 'sticker', ref: 'stk-1' } });
  });

  it('reads a shared location', () => {
    const { messages } = read(
      message('location', {
        location: { latitude: 24.7136, longitude: 46.6753, name: 'حي الملقا', address: 'الرياض' },
      }),
    );
    expect(messages[0]).toMatchObject({
      kind: 'location',
      location: { latitude: 24.7136, longitude: 46.6753, name: 'حي الملقا', address: 'الرياض' },
    });
  });

  it('reads a shared contact card: its WhatsApp id as the phone, its formatted name', () => {
    const { messages } = read(
      message('contacts', {
        contacts: [
          {
            name: { formatted_name: 'خالد العتيبي', first_name: 'خالد' },
            phones: [{ phone: '+966 55 123 4567', wa_id: '966551234567', type: 'CELL' }],
          },
        ],
      }),
    );
    expect(messages[0]).toMatchObject({ kind: 'contact', contact: { phone: '+966551234567', name: 'خالد العتيبي' } });
    const noWaId = read(
      message('contacts', {
        contacts: [{ name: { formatted_name: 'Sara' }, phones: [{ phone: '+966 55 444 3322' }] }],
      }),
    );
    expect(noWaId.messages[0]).toMatchObject({ kind: 'contact', contact: { phone: '+966 55 444 3322', name: 'Sara' } });
  });

  it('ignores reactions, unsupported messages, system messages and flow replies', () => {
    const reaction = read(message('reaction', { reaction: { message_id: 'wamid.out', emoji: '👍' } }));
    const unsupported = read(
      message('unsupported', {
        errors: [{ code: 131051, title: 'Message type unknown', error_data: { details: 'not supported' } }],
      }),
    );
    const system = read(
      message('system', { system: { body: 'changed number', new_wa_id: '966500000009', type: 'user_changed_number' } }),
    );
    const flow = read(
      message('interactive', { interactive: { type: 'nfm_reply', nfm_reply: { response_json: '{}', body: 'Sent' } } }),
    );
    for (const result of [reaction, unsupported, system, flow]) expect(result.messages).toEqual([]);
  });

  it('keeps the order of several messages in one delivery', () => {
    const body = webhook({
      contacts,
      messages: [
        { from: WA_ID, id: 'wamid.1', timestamp: '1763712000', type: 'text', text: { body: 'أول' } },
        { from: WA_ID, id: 'wamid.2', timestamp: '1763712001', type: 'text', text: { body: 'ثاني' } },
      ],
    });
    expect(read(body).messages.map((m) => m.text)).toEqual(['أول', 'ثاني']);
  });

  it('identifies a user who hides the phone by the business-scoped user id, without a phone', () => {
    const body = webhook({
      contacts: [{ profile: { name: 'Noura', username: '@noura' }, user_id: 'SA.13491208655302741918' }],
      messages: [
        {
          from_user_id: 'SA.13491208655302741918',
          id: 'wamid.u',
          timestamp: '1763712000',
          type: 'text',
          text: { body: 'hi' },
        },
      ],
    });
    expect(read(body).messages[0]).toMatchObject({
      chatId: 'SA.13491208655302741918',
      sender: { externalId: 'SA.13491208655302741918', displayName: 'Noura' },
    });
    expect(read(body).messages[0]!.sender.phone).toBeUndefined();
  });
});

describe('normalizeCloudWebhook: what is not for us', () => {
  it('skips other objects, other fields and other phone numbers of the same app', () => {
    expect(read({ object: 'page', entry: [] })).toEqual({ messages: [], statuses: [] });
    const template = {
      object: 'whatsapp_business_account',
      entry: [
        {
          id: '1',
          changes: [{ field: 'message_template_status_update', value: { event: 'APPROVED', message_template_id: 1 } }],
        },
      ],
    };
    expect(read(template)).toEqual({ messages: [], statuses: [] });
    const other = webhook(
      { contacts, messages: [{ from: WA_ID, id: 'wamid.x', timestamp: '1', type: 'text', text: { body: 'x' } }] },
      '999',
    );
    expect(read(other).messages).toEqual([]);
    expect(normalizeCloudWebhook(other, { channelAccountId: ACCOUNT }).messages).toHaveLength(1);
  });

  it('survives malformed bodies without throwing', () => {
    for (const body of [
      null,
      'text',
      42,
      [],
      { object: 'whatsapp_business_account' },
      { object: 'whatsapp_business_account', entry: 'x' },
    ]) {
      expect(read(body)).toEqual({ messages: [], statuses: [] });
    }
    const noId = webhook({ messages: [{ from: WA_ID, type: 'text', text: { body: 'x' } }] });
    expect(read(noId).messages).toEqual([]);
  });
});

describe('normalizeCloudWebhook: statuses', () => {
  const statusBody = (status: Record<string, unknown>) =>
    webhook({
      statuses: [
        {
          id: 'wamid.out-1',
          recipient_id: WA_ID,
          timestamp: '1763712005',
          conversation: { id: 'c1', origin: { type: 'service' } },
          pricing: { billable: true, pricing_model: 'PMP', category: 'service' },
          ...status,
        },
      ],
    });

  it('returns sent, delivered and read reports separately from messages', () => {
    for (const status of ['sent', 'delivered', 'read'] as const) {
      const result = read(statusBody({ status }));
      expect(result.messages).toEqual([]);
      expect(result.statuses).toEqual([
        { externalId: 'wamid.out-1', status, recipient: WA_ID, at: '2025-11-21T08:00:05.000Z' },
      ]);
    }
  });

  it('returns a failed report with its errors', () => {
    const result = read(
      statusBody({
        status: 'failed',
        errors: [
          {
            code: 131047,
            title: 'Re-engagement message',
            message: 'Re-engagement message',
            error_data: {
              details:
                'Message failed to send because more than 24 hours have passed since the customer last replied to this number.',
            },
            href: 'https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/',
          },
        ],
      }),
    );
    expect(result.statuses[0]).toMatchObject({
      externalId: 'wamid.out-1',
      status: 'failed',
      errors: [{ code: 131047, title: 'Re-engagement message', details: expect.stringContaining('24 hours') }],
    });
  });

  it('ignores statuses it does not know', () => {
    expect(read(statusBody({ status: 'deleted' })).statuses).toEqual([]);
  });
});
