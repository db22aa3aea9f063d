// Nova's OutboundMessage → WhatsApp Cloud API request bodies for POST /{phone-number-id}/messages (pure).
// One OutboundMessage may need several requests (a long text, media beside text with buttons, a
// location pin): they are returned in the order they should arrive, the buttons or list last so they
// stay at the bottom of the chat.
//
// The 24-hour customer-service window: a message Nova sends on its own (`notification` set) outside
// the window may only go out as an approved template. When no template is configured for that kind,
// render returns `{ kind: 'skip', reason: 'no_template' }` instead of a free-form message Meta would
// refuse (error 131047); the adapter logs a warning and drops that one message. Replies (no
// `notification`) are rendered as they are: they answer a message, so the window is open, and if a
// late retry falls outside it Meta's 131047 says so.
import { type Choice, fitToChannel, type OutboundMessage } from '../../types.ts';

export type NotificationKind = NonNullable<OutboundMessage['notification']>['kind'];

export interface CloudTemplate {
  /** the template's name as approved in WhatsApp Manager */
  name: string;
  /** its language code there: 'ar', 'en', 'en_US', … */
  language: string;
}

export type CloudTemplates = Partial<Record<NotificationKind, CloudTemplate>>;

export interface CloudRenderOptions {
  /** the chat id: a WhatsApp id (phone digits) or a business-scoped user id */
  to: string;
  /** whether the contact wrote within the last 24 hours */
  windowOpen: boolean;
  templates: CloudTemplates;
}

/** A JSON request body for the Graph API messages endpoint. */
export type CloudRequestBody = Record<string, unknown>;

export type CloudRender =
  | { kind: 'send'; bodies: CloudRequestBody[] }
  | { kind: 'skip'; reason: 'no_template'; notification: NotificationKind };

/** Meta's documented limits (characters). */
export const CLOUD_LIMITS = {
  text: 4096,
  interactiveBody: 1024,
  caption: 1024,
  buttons: 3,
  buttonTitle: 20,
  buttonId: 256,
  listRows: 10,
  rowTitle: 24,
  rowDescription: 72,
  rowId: 200,
  listButton: 20,
  templateParam: 1024,
} as const;

export function renderCloudMessage(original: OutboundMessage, options: CloudRenderOptions): CloudRender {
  // More choices than a list holds: numbered lines in the text ("2" then picks the second).
  const message = fitToChannel(original, {
    maxChoices: CLOUD_LIMITS.listRows,
    media: true,
    documents: true,
    location: true,
  });
  const envelope = recipientOf(options.to);
  if (message.notification && !options.windowOpen) {
    const template = options.templates[message.notification.kind];
    if (!template) return { kind: 'skip', reason: 'no_template', notification: message.notification.kind };
    return {
      kind: 'send',
      bodies: [{ ...envelope, type: 'template', template: templateOf(template, message.notification.params) }],
    };
  }

  const bodies: CloudRequestBody[] = [];
  const choices = message.choices ?? [];
  let text = message.text ?? '';

  const media = message.media?.url ? message.media : undefined;
  if (media) {
    // The text rides as the caption when it fits and no buttons need it.
    const captioned = choices.length === 0 && text.trim() !== '' && text.length <= CLOUD_LIMITS.caption;
    const caption = captioned ? text : undefined;
    if (captioned) text = '';
    bodies.push(
      media.kind === 'image'
        ? { ...envelope, type: 'image', image: { link: media.url, ...(caption ? { caption } : {}) } }
        : {
            ...envelope,
            type: 'document',
            document: {
              link: media.url,
              ...(caption ? { caption } : {}),
              ...(media.fileName ? { filename: media.fileName } : {}),
            },
          },
    );
  }

  const location = message.location
    ? {
        ...envelope,
        type: 'location',
        location: {
          latitude: message.location.latitude,
          longitude: message.location.longitude,
          ...(message.location.name ? { name: message.location.name } : {}),
        },
      }
    : undefined;

  if (choices.length > 0) {
    // Interactive bodies are shorter than texts: what does not fit goes first as plain text.
    const parts = splitText(text, CLOUD_LIMITS.interactiveBody);
    const last = parts.pop() ?? '';
    for (const part of parts) bodies.push(textBody(envelope, part));
    if (location) bodies.push(location);
    bodies.push({ ...envelope, type: 'interactive', interactive: interactiveOf(last, choices) });
    return { kind: 'send', bodies };
  }

  for (const part of splitText(text, CLOUD_LIMITS.text)) if (part.trim() !== '') bodies.push(textBody(envelope, part));
  if (location) bodies.push(location);
  return { kind: 'send', bodies };
}

/** `to` takes a phone number (the WhatsApp id); a business-scoped user id goes in `recipient`. */
function recipientOf(chatId: string): CloudRequestBody {
  const base = { messaging_product: 'whatsapp', recipient_type: 'individual' };
  return /^\+?\d+$/.test(chatId) ? { ...base, to: chatId.replace(/^\+/, '') } : { ...base, recipient: chatId };
}

const textBody = (envelope: CloudRequestBody, body: string): CloudRequestBody => ({
  ...envelope,
  type: 'text',
  text: { preview_url: false, body },
});

function interactiveOf(text: string, choices: Choice[]): CloudRequestBody {
  // Meta refuses an interactive message without a body text.
  const body = { text: text.trim() === '' ? '⬇️' : text };
  if (choices.length <= CLOUD_LIMITS.buttons) {
    const titles = uniqueTitles(choices, CLOUD_LIMITS.buttonTitle);
    return {
      type: 'button',
      body,
      action: {
        buttons: choices.map((c, i) => ({
          type: 'reply',
          reply: { id: c.id.slice(0, CLOUD_LIMITS.buttonId), title: titles[i]! },
        })),
      },
    };
  }
  const titles = uniqueTitles(choices, CLOUD_LIMITS.rowTitle);
  return {
    type: 'list',
    body,
    action: {
      button: pickLabel(text),
      sections: [
        {
          rows: choices.map((c, i) => {
            const title = titles[i]!;
            // A shortened title keeps its whole label readable underneath.
            const description =
              title === c.label.trim() ? undefined : shorten(c.label.trim(), CLOUD_LIMITS.rowDescription);
            return { id: c.id.slice(0, CLOUD_LIMITS.rowId), title, ...(description ? { description } : {}) };
          }),
        },
      ],
    },
  };
}

/** Titles shortened to the limit; when shortening makes two equal (Meta refuses that), they are numbered. */
function uniqueTitles(choices: Choice[], max: number): string[] {
  const titles = choices.map((c) => shorten(c.label.trim() || c.id, max));
  if (new Set(titles).size === titles.length) return titles;
  return choices.map((c, i) => shorten(`${i + 1}. ${c.label.trim() || c.id}`, max));
}

/** "اختر" for Arabic texts, "Choose" otherwise: the list's button speaks the message's language. */
export function pickLabel(text: string): string {
  const arabic = (text.match(/[\u0600-\u06FF]/g) ?? []).length;
  const latin = (text.match(/[A-Za-z]/g) ?? []).length;
  return arabic > 0 && arabic >= latin ? 'اختر' : 'Choose';
}

/** Cuts to `max` characters with '…' at the end, never inside a surrogate pair. */
export function shorten(text: string, max: number): string {
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  return `${chars
    .slice(0, max - 1)
    .join('')
    .trimEnd()}…`;
}

/** Splits a text into parts of at most `max` UTF-16 units, at a paragraph, line or word break when one is near. */
export function splitText(text: string, max: number): string[] {
  const parts: string[] = [];
  let rest = text;
  while (rest.length > max) {
    let cut = -1;
    for (const breaker of ['\n\n', '\n', ' ']) {
      const at = rest.lastIndexOf(breaker, max - breaker.length);
      if (at >= max / 2) {
        cut = at + breaker.length;
        break;
      }
    }
    if (cut < 0) {
      cut = max;
      // Do not split an emoji or other astral character in two.
      const code = rest.charCodeAt(cut - 1);
      if (code >= 0xd800 && code <= 0xdbff) cut -= 1;
    }
    parts.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).replace(/^\s+/, '');
  }
  parts.push(rest);
  return parts;
}

function templateOf(template: CloudTemplate, params: string[]): CloudRequestBody {
  return {
    name: template.name,
    language: { code: template.language },
    ...(params.length
      ? { components: [{ type: 'body', parameters: params.map((p) => ({ type: 'text', text: templateParam(p) })) }] }
      : {}),
  };
}

/**
 * Meta refuses template parameters with new lines, tabs or more than four spaces in a row (and empty
 * ones): a multi-line task title becomes one line.
 */
export function templateParam(value: string): string {
  const clean = value
    .replace(/[\r\n\t]+/g, ' ')
    .replace(/ {2,}/g, ' ')
    .trim();
  return shorten(clean === '' ? '-' : clean, CLOUD_LIMITS.templateParam);
}
