// The hostile-input suite's properties: whatever arrives (random Unicode with controls and lone
// surrogates, huge, nested, of the wrong type), the boundaries never throw and never let through
// what PostgreSQL refuses or what garbles a list.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { listMessagesSchema, postMessageSchema } from '../../../api/routes/chat/chat.schemas.ts';
import { normalizeTelegramUpdate } from '../../../bot/channels/telegram/telegram.normalize.ts';
import { normalizeCloudWebhook } from '../../../bot/channels/whatsapp-cloud/cloud.normalize.ts';
import { storableMessage } from '../../../bot/engine/inbox.ts';
import type { InboundMessage } from '../../../bot/types.ts';
import { cleanName, storableText, truncateGraphemes } from '../../../core/shared/sanitize.ts';

const RUNS = { numRuns: 1000 } as const;
const TIMEOUT = 60_000;

/** Any UTF-16 string: lone surrogates, NUL, C0/C1 controls and bidi marks included. */
const hostileText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.string({
    unit: fc.constantFrom(
      '\u0000',
      '\uD800',
      '\uDFFF',
      '\u202E',
      '\u2066',
      '\u200F',
      '\u0007',
      'ا',
      '😀',
      '👍🏽',
      '\u0301',
      ' ',
    ),
    maxLength: 60,
  }),
  fc.string({ unit: 'grapheme', maxLength: 80 }),
);

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const BIDI = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/;

describe('storable text', () => {
  it(
    'has no NUL, no control character but tab and newlines, no lone surrogate, and survives jsonb',
    () => {
      fc.assert(
        fc.property(hostileText, (text) => {
          const clean = storableText(text);
          expect(clean).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/);
          expect(LONE_SURROGATE.test(clean)).toBe(false);
          expect(JSON.parse(JSON.stringify(clean))).toBe(clean);
        }),
        RUNS,
      );
    },
    TIMEOUT,
  );

  it(
    'is cut by grapheme: never half an emoji, never more than asked',
    () => {
      const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
      fc.assert(
        fc.property(fc.string({ unit: 'grapheme', maxLength: 60 }), fc.nat(40), (text, max) => {
          const cut = truncateGraphemes(text, max);
          const segments = [...segmenter.segment(text)].map((s) => s.segment);
          expect(cut).toBe(segments.slice(0, max).join(''));
        }),
        RUNS,
      );
    },
    TIMEOUT,
  );

  it(
    'names lose bidi controls and keep at most the graphemes asked',
    () => {
      fc.assert(
        fc.property(hostileText, (name) => {
          const clean = cleanName(name, 50);
          if (clean === undefined) return;
          expect(BIDI.test(clean)).toBe(false);
          expect(clean).toBe(clean.trim());
          expect([...new Intl.Segmenter().segment(clean)].length).toBeLessThanOrEqual(50);
        }),
        RUNS,
      );
    },
    TIMEOUT,
  );

  it(
    'a whole inbound message becomes storable in every string it holds',
    () => {
      fc.assert(
        fc.property(hostileText, hostileText, hostileText, (text, name, id) => {
          const message: InboundMessage = {
            channelAccountId: 'a',
            externalId: id,
            chatId: id,
            sender: { externalId: id, displayName: name },
            kind: 'text',
            text,
            contact: { phone: id, name },
          };
          const stored = JSON.stringify(storableMessage(message));
          expect(stored.includes('\\u0000')).toBe(false);
          expect(LONE_SURROGATE.test(stored)).toBe(false);
          expect(BIDI.test(storableMessage(message).sender.displayName ?? '')).toBe(false);
        }),
        RUNS,
      );
    },
    TIMEOUT,
  );
});

describe('HTTP bodies and channel payloads of any shape', () => {
  const anyJson = fc.oneof(
    fc.jsonValue({ maxDepth: 6 }),
    fc.anything({ maxDepth: 4 }),
    fc.record(
      { from: hostileText, text: hostileText, clientId: hostileText, choiceId: hostileText },
      { requiredKeys: [] },
    ),
  );

  it(
    'the web chat schemas answer every body with a result, never a throw',
    () => {
      fc.assert(
        fc.property(anyJson, (body) => {
          expect(typeof postMessageSchema.safeParse(body).success).toBe('boolean');
          expect(typeof listMessagesSchema.safeParse(body).success).toBe('boolean');
        }),
        RUNS,
      );
    },
    TIMEOUT,
  );

  it(
    'the WhatsApp Cloud normalizer reads any webhook body without throwing',
    () => {
      const entry = fc.record({
        object: fc.constantFrom('whatsapp_business_account', 'x'),
        entry: fc.array(
          fc.record({
            changes: fc.array(
              fc.record({
                field: fc.constantFrom('messages', 'x'),
                value: fc.record({
                  metadata: fc.record({ phone_number_id: fc.constantFrom('123', 'x') }),
                  contacts: fc.array(fc.record({ wa_id: hostileText, profile: fc.record({ name: hostileText }) })),
                  messages: fc.array(
                    fc.record(
                      {
                        id: hostileText,
                        from: hostileText,
                        type: fc.constantFrom('text', 'interactive', 'image', 'location', 'contacts', 'x'),
                        text: fc.record({ body: hostileText }),
                        interactive: anyJson,
                        image: anyJson,
                        location: anyJson,
                      },
                      { requiredKeys: ['id'] },
                    ),
                  ),
                }),
              }),
            ),
          }),
        ),
      });
      fc.assert(
        fc.property(fc.oneof(entry, anyJson), (body) => {
          const result = normalizeCloudWebhook(body, { channelAccountId: 'a', phoneNumberId: '123' });
          expect(Array.isArray(result.messages)).toBe(true);
        }),
        RUNS,
      );
    },
    TIMEOUT,
  );

  it(
    'the Telegram normalizer reads any update without throwing',
    () => {
      const update = fc.record({
        update_id: fc.integer(),
        message: fc.record(
          {
            message_id: fc.integer(),
            chat: fc.record({ id: fc.oneof(fc.integer(), hostileText), type: fc.constantFrom('private', 'group') }),
            from: fc.record({ id: fc.integer(), first_name: hostileText, last_name: hostileText }),
            text: hostileText,
            caption: hostileText,
            contact: anyJson,
            photo: anyJson,
          },
          { requiredKeys: [] },
        ),
        callback_query: fc.oneof(fc.constant(undefined), anyJson),
      });
      fc.assert(
        fc.property(fc.oneof(update, anyJson), (body) => {
          const result = normalizeTelegramUpdate(body as never, 'a');
          expect(result === undefined || typeof result === 'object').toBe(true);
        }),
        RUNS,
      );
    },
    TIMEOUT,
  );
});
