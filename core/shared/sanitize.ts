// Text that cannot hurt: every string that arrives from outside (a channel, the web chat, an API body)
// passes here before it is stored. PostgreSQL refuses NUL (U+0000) in text and jsonb and a lone UTF-16
// surrogate in jsonb; one such message used to fail on every redelivery and block its chat. Bidi
// controls in a name reorder every list it appears in. Lengths are counted in graphemes, so that a cut
// never splits an emoji or a letter from its marks.

/** C0 controls but tab, line feed and carriage return; DEL; NUL included. */
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;
/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
/** Embedding, override and isolate controls, and the marks (LRM, RLM, ALM). */
const BIDI_CONTROL = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** The text without NUL, other control characters and lone surrogates; everything else kept. */
export function storableText(text: string): string {
  return text.replace(CONTROL, '').replace(LONE_SURROGATE, '');
}

/** At most `max` graphemes of the text (an emoji or a letter with its marks is never cut in half). */
export function truncateGraphemes(text: string, max: number, ellipsis = ''): string {
  if (text.length <= max) return text;
  let out = '';
  let count = 0;
  for (const { segment } of graphemes.segment(text)) {
    if (count === max) return out + ellipsis;
    out += segment;
    count += 1;
  }
  return out;
}

/**
 * A name or a title: storable, without bidi controls (they garble every list the name is shown in),
 * whitespace collapsed, at most `max` graphemes; undefined when nothing is left.
 */
export function cleanName(name: string | undefined, max = 200): string | undefined {
  if (name === undefined) return undefined;
  const clean = truncateGraphemes(storableText(name).replace(BIDI_CONTROL, '').replace(/\s+/g, ' ').trim(), max);
  return clean || undefined;
}

/** Every string inside a JSON-like value made storable (objects and arrays are copied). */
export function storableDeep<T>(value: T): T {
  if (typeof value === 'string') return storableText(value) as T;
  if (Array.isArray(value)) return value.map((v) => storableDeep(v)) as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) out[storableText(key)] = storableDeep(v);
    return out as T;
  }
  return value;
}
