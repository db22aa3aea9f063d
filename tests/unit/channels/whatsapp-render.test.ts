// OutboundMessage → Baileys message contents.
import { describe, expect, it } from 'vitest';
import {
  MAX_CAPTION,
  renderWhatsAppMessage,
  splitText,
  WHATSAPP_WEB_CAPABILITIES,
} from '../../../bot/channels/whatsapp/whatsapp.render.ts';
import { fitToChannel } from '../../../bot/types.ts';

describe('renderWhatsAppMessage', () => {
  it('sends a text as one text message', () => {
    expect(renderWhatsAppMessage({ text: 'تم حفظ العميل' })).toEqual([{ text: 'تم حفظ العميل' }]);
  });

  it('numbers choices in the text: the channel declares no buttons', () => {
    const message = {
      text: 'أي عميل؟',
      choices: [
        { id: 'c1', label: 'أحمد' },
        { id: 'c2', label: 'خالد' },
      ],
    };
    expect(WHATSAPP_WEB_CAPABILITIES.maxChoices).toBe(0);
    expect(renderWhatsAppMessage(message)).toEqual([{ text: 'أي عميل؟\n\n1. أحمد\n2. خالد' }]);
    // what the outbox hands over (already fitted) renders the same
    expect(renderWhatsAppMessage(fitToChannel(message, WHATSAPP_WEB_CAPABILITIES))).toEqual(
      renderWhatsAppMessage(message),
    );
  });

  it('sends an image by URL with the text as caption', () => {
    expect(
      renderWhatsAppMessage({
        text: 'فيلا النرجس',
        media: { kind: 'image', url: 'https://cdn.example.com/p/1.jpg', mimeType: 'image/jpeg' },
      }),
    ).toEqual([{ image: { url: 'https://cdn.example.com/p/1.jpg' }, caption: 'فيلا النرجس', mimetype: 'image/jpeg' }]);
  });

  it('sends an image without caption when the text is empty', () => {
    expect(
      renderWhatsAppMessage({ text: '', media: { kind: 'image', url: 'https://cdn.example.com/p/1.jpg' } }),
    ).toEqual([{ image: { url: 'https://cdn.example.com/p/1.jpg' } }]);
  });

  it('sends a document with its file name, a mime type guessed from it, and the caption', () => {
    expect(
      renderWhatsAppMessage({
        text: 'العقد',
        media: { kind: 'document', url: 'https://cdn.example.com/d/contract.pdf?sig=1' },
      }),
    ).toEqual([
      {
        document: { url: 'https://cdn.example.com/d/contract.pdf?sig=1' },
        mimetype: 'application/pdf',
        fileName: 'contract.pdf',
        caption: 'العقد',
      },
    ]);
    expect(
      renderWhatsAppMessage({
        text: 'x',
        media: {
          kind: 'document',
          url: 'https://cdn.example.com/d/blob',
          fileName: 'تقرير.xlsx',
          mimeType: 'application/x-custom',
        },
      }),
    ).toEqual([
      {
        document: { url: 'https://cdn.example.com/d/blob' },
        mimetype: 'application/x-custom',
        fileName: 'تقرير.xlsx',
        caption: 'x',
      },
    ]);
  });

  it('sends a stored file through the media source, and only the text when there is no way to reach it', () => {
    const media = { kind: 'image' as const, storageKey: 'listings/7/cover.jpg' };
    expect(
      renderWhatsAppMessage({ text: 'صورة', media }, { mediaSource: (key) => `/srv/nova/.storage/${key}` }),
    ).toEqual([{ image: { url: '/srv/nova/.storage/listings/7/cover.jpg' }, caption: 'صورة' }]);
    expect(renderWhatsAppMessage({ text: 'صورة', media })).toEqual([{ text: 'صورة' }]);
  });

  it('sends a long text after the media instead of as a caption', () => {
    const text = 'ا'.repeat(MAX_CAPTION + 1);
    expect(renderWhatsAppMessage({ text, media: { kind: 'image', url: 'https://cdn.example.com/1.jpg' } })).toEqual([
      { image: { url: 'https://cdn.example.com/1.jpg' } },
      { text },
    ]);
  });

  it('sends a location after its text', () => {
    expect(
      renderWhatsAppMessage({
        text: 'موقع الشقة',
        location: { latitude: 24.8183, longitude: 46.6426, name: 'حي الملقا' },
      }),
    ).toEqual([
      { text: 'موقع الشقة' },
      { location: { degreesLatitude: 24.8183, degreesLongitude: 46.6426, name: 'حي الملقا' } },
    ]);
    expect(renderWhatsAppMessage({ text: ' ', location: { latitude: 1, longitude: 2 } })).toEqual([
      { location: { degreesLatitude: 1, degreesLongitude: 2 } },
    ]);
  });

  it('ignores what WhatsApp Web has no use for (contact requests, notification templates)', () => {
    expect(
      renderWhatsAppMessage({ text: 'تذكير', requestContact: true, notification: { kind: 'reminder', params: ['x'] } }),
    ).toEqual([{ text: 'تذكير' }]);
  });
});

describe('splitText', () => {
  it('keeps a short text whole and splits a long one at line breaks', () => {
    expect(splitText('abc', 10)).toEqual(['abc']);
    expect(splitText('aaaa\nbbbb\ncccc', 10)).toEqual(['aaaa\nbbbb', 'cccc']);
    expect(splitText('x'.repeat(25), 10)).toEqual(['x'.repeat(10), 'x'.repeat(10), 'x'.repeat(5)]);
  });
});
