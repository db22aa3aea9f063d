// OutboundMessage → WhatsApp Cloud API request bodies.
import { describe, expect, it } from 'vitest';
import {
  type CloudRender,
  type CloudTemplates,
  pickLabel,
  renderCloudMessage,
  shorten,
  splitText,
  templateParam,
} from '../../../bot/channels/whatsapp-cloud/cloud.render.ts';
import type { OutboundMessage } from '../../../bot/types.ts';

const TO = '966500000001';
const TEMPLATES: CloudTemplates = { reminder: { name: 'nova_reminder', language: 'ar' } };
const ENVELOPE = { messaging_product: 'whatsapp', recipient_type: 'individual', to: TO };

const render = (message: OutboundMessage, windowOpen = true) =>
  renderCloudMessage(message, { to: TO, windowOpen, templates: TEMPLATES });
function bodies(result: CloudRender) {
  if (result.kind !== 'send') throw new Error(`expected bodies, got ${result.kind}`);
  // biome-ignore lint/suspicious/noExplicitAny: the tests read Graph API JSON of many shapes
  return result.bodies as Array<Record<string, any>>;
}

describe('renderCloudMessage: text', () => {
  it('sends a plain text without link previews', () => {
    expect(bodies(render({ text: 'أضفت العميل أحمد' }))).toEqual([
      { ...ENVELOPE, type: 'text', text: { preview_url: false, body: 'أضفت العميل أحمد' } },
    ]);
  });

  it('splits a text over 4096 characters at a line break, in order', () => {
    const lines = Array.from({ length: 300 }, (_, i) => `سطر رقم ${i} من الملخص`);
    const text = lines.join('\n');
    const parts = bodies(render({ text })).map((b) => b.text.body as string);
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) expect(part.length).toBeLessThanOrEqual(4096);
    expect(parts.join('\n')).toBe(text);
  });

  it('sends nothing for an empty text', () => {
    expect(bodies(render({ text: '' }))).toEqual([]);
  });

  it('addresses a business-scoped user id through `recipient`', () => {
    const result = renderCloudMessage({ text: 'hi' }, { to: 'SA.1349120865', windowOpen: true, templates: {} });
    expect(bodies(result)[0]).toMatchObject({ recipient: 'SA.1349120865' });
    expect(bodies(result)[0]!.to).toBeUndefined();
  });
});

describe('renderCloudMessage: choices', () => {
  it('renders 1–3 choices as reply buttons, keeping the ids and shortening titles to 20 with …', () => {
    const [body] = bodies(
      render({
        text: 'أحمد الغامدي مسجل عندك بنفس الرقم. أحدّث بياناته؟',
        choices: [
          { id: 'confirm', label: 'نعم، حدّث بيانات العميل الموجود' },
          { id: 'cancel', label: 'لا' },
        ],
      }),
    );
    expect(body).toEqual({
      ...ENVELOPE,
      type: 'interactive',
      interactive: {
        type: 'button',
        body: { text: 'أحمد الغامدي مسجل عندك بنفس الرقم. أحدّث بياناته؟' },
        action: {
          buttons: [
            { type: 'reply', reply: { id: 'confirm', title: 'نعم، حدّث بيانات ال…' } },
            { type: 'reply', reply: { id: 'cancel', title: 'لا' } },
          ],
        },
      },
    });
    expect(body!.interactive.action.buttons[0].reply.title).toHaveLength(20);
  });

  it('renders 4–10 choices as a one-section list with an Arabic or English button by the text', () => {
    const choices = Array.from({ length: 10 }, (_, i) => ({ id: `c${i + 1}`, label: `عميل رقم ${i + 1}` }));
    const [arabic] = bodies(render({ text: 'عملاؤك:', choices }));
    expect(arabic!.interactive.type).toBe('list');
    expect(arabic!.interactive.action.button).toBe('اختر');
    expect(arabic!.interactive.action.sections).toHaveLength(1);
    expect(arabic!.interactive.action.sections[0].rows.map((r: { id: string }) => r.id)).toEqual(
      choices.map((c) => c.id),
    );
    const [english] = bodies(render({ text: 'Your leads:', choices: choices.slice(0, 4) }));
    expect(english!.interactive.action.button).toBe('Choose');
  });

  it('shortens list rows to 24 characters and keeps the whole label as the description', () => {
    const label = 'أحمد عبدالله الغامدي — شقة الملقا';
    const [body] = bodies(
      render({ text: 'اختر', choices: ['a', 'b', 'c', 'd'].map((id) => ({ id, label: `${label} ${id}` })) }),
    );
    const row = body!.interactive.action.sections[0].rows[0];
    expect(Array.from(row.title as string)).toHaveLength(24);
    expect(row.title.endsWith('…')).toBe(true);
    expect(row.description).toBe(`${label} a`);
  });

  it('numbers titles that shortening would make equal (Meta refuses duplicates)', () => {
    const [body] = bodies(
      render({
        text: 'أي واحد؟',
        choices: [
          { id: 'x', label: 'فيلا النرجس الدور الأول الشمالية' },
          { id: 'y', label: 'فيلا النرجس الدور الأول الجنوبية' },
        ],
      }),
    );
    const titles = body!.interactive.action.buttons.map((b: { reply: { title: string } }) => b.reply.title);
    expect(new Set(titles).size).toBe(2);
    expect(titles[0]).toMatch(/^1\. /);
  });

  it('degrades more than 10 choices to numbered lines in the text', () => {
    const choices = Array.from({ length: 12 }, (_, i) => ({ id: `c${i}`, label: `خيار ${i + 1}` }));
    const [body] = bodies(render({ text: 'اختر:', choices }));
    expect(body!.type).toBe('text');
    expect(body!.text.body).toContain('12. خيار 12');
  });

  it('sends a text too long for an interactive body first, with the buttons on its last part', () => {
    const text = 'كلمة '.repeat(400).trim();
    const result = bodies(render({ text, choices: [{ id: 'confirm', label: 'نعم' }] }));
    expect(result.map((b) => b.type)).toEqual(['text', 'interactive']);
    expect(result[1]!.interactive.body.text.length).toBeLessThanOrEqual(1024);
  });
});

describe('renderCloudMessage: media and location', () => {
  it('sends an image by link with the text as its caption', () => {
    expect(
      bodies(render({ text: 'صورة الواجهة', media: { kind: 'image', url: 'https://cdn.example/p.jpg' } })),
    ).toEqual([{ ...ENVELOPE, type: 'image', image: { link: 'https://cdn.example/p.jpg', caption: 'صورة الواجهة' } }]);
  });

  it('sends a document with its file name, and the buttons after it', () => {
    const result = bodies(
      render({
        text: 'العقد جاهز، أرسله للعميل؟',
        media: { kind: 'document', url: 'https://cdn.example/c.pdf', fileName: 'عقد.pdf' },
        choices: [
          { id: 'confirm', label: 'نعم' },
          { id: 'cancel', label: 'لا' },
        ],
      }),
    );
    expect(result[0]).toEqual({
      ...ENVELOPE,
      type: 'document',
      document: { link: 'https://cdn.example/c.pdf', filename: 'عقد.pdf' },
    });
    expect(result[1]!.type).toBe('interactive');
  });

  it('sends only the text when the media has no public link', () => {
    expect(
      bodies(render({ text: 'الصورة', media: { kind: 'image', storageKey: 'local/1.jpg' } })).map((b) => b.type),
    ).toEqual(['text']);
  });

  it('sends a location pin after the text', () => {
    const result = bodies(
      render({ text: 'موقع العقار', location: { latitude: 24.8, longitude: 46.6, name: 'فيلا النرجس' } }),
    );
    expect(result.map((b) => b.type)).toEqual(['text', 'location']);
    expect(result[1]).toEqual({
      ...ENVELOPE,
      type: 'location',
      location: { latitude: 24.8, longitude: 46.6, name: 'فيلا النرجس' },
    });
  });
});

describe('renderCloudMessage: the 24-hour window', () => {
  const reminder: OutboundMessage = {
    text: '⏰ تذكير: اتصل بخالد',
    notification: { kind: 'reminder', params: ['اتصل بخالد\nبخصوص\tالفيلا'] },
  };

  it('sends a notification inside the window as an ordinary message', () => {
    expect(bodies(render(reminder, true))[0]!.type).toBe('text');
  });

  it('sends a notification outside the window as the configured template with its parameters on one line', () => {
    expect(bodies(render(reminder, false))).toEqual([
      {
        ...ENVELOPE,
        type: 'template',
        template: {
          name: 'nova_reminder',
          language: { code: 'ar' },
          components: [{ type: 'body', parameters: [{ type: 'text', text: 'اتصل بخالد بخصوص الفيلا' }] }],
        },
      },
    ]);
  });

  it('leaves out components for a template without parameters', () => {
    const [body] = bodies(render({ text: 'x', notification: { kind: 'reminder', params: [] } }, false));
    expect(body!.template).toEqual({ name: 'nova_reminder', language: { code: 'ar' } });
  });

  it('returns a skip marker outside the window when no template is configured for the kind', () => {
    expect(render({ text: 'تطابق جديد', notification: { kind: 'match_alert', params: ['شقة'] } }, false)).toEqual({
      kind: 'skip',
      reason: 'no_template',
      notification: 'match_alert',
    });
  });

  it('renders replies (no notification) as they are even when the window looks closed', () => {
    expect(bodies(render({ text: 'تم' }, false))[0]!.type).toBe('text');
  });
});

describe('helpers', () => {
  it('shortens without cutting an emoji in half', () => {
    expect(shorten('🏠🏠🏠🏠', 3)).toBe('🏠🏠…');
    expect(shorten('قصير', 20)).toBe('قصير');
  });

  it('splits at words when there are no lines, and hard-cuts a long word', () => {
    expect(splitText('aaaa bbbb cccc', 10)).toEqual(['aaaa bbbb', 'cccc']);
    expect(splitText('x'.repeat(25), 10)).toEqual(['x'.repeat(10), 'x'.repeat(10), 'x'.repeat(5)]);
    const emoji = '🏠'.repeat(10);
    for (const part of splitText(emoji, 5)) expect(part).not.toMatch(/[\uD800-\uDBFF]$/);
  });

  it('picks the list button by the script that dominates', () => {
    expect(pickLabel('عملاؤك')).toBe('اختر');
    expect(pickLabel('Your leads: أحمد, Sara, John')).toBe('Choose');
    expect(pickLabel('123')).toBe('Choose');
  });

  it('never sends an empty or multi-line template parameter', () => {
    expect(templateParam('  ')).toBe('-');
    expect(templateParam('a\r\n\nb     c')).toBe('a b c');
  });
});
