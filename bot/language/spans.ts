// The parts of a message the parser read as a value: each span says what it was read as and where it is
// ([start, end) in UTF-16 units of the original text), so that a handler can take the rest of the text
// (a task's title, a note) without matching the text a second time.
import type { Token } from './normalize.ts';

export type SpanKind =
  | 'datetime'
  | 'phone'
  | 'email'
  | 'money'
  | 'area'
  | 'rooms'
  | 'ref'
  | 'number'
  | 'place'
  | 'name';

export interface Span {
  kind: SpanKind;
  /** offset of the first character, in the original text */
  start: number;
  /** offset after the last character */
  end: number;
}

/**
 * Spans of the tokens a parsing step marked as used (set in `after`, not in `before`): consecutive tokens
 * make one span, whatever lies between them.
 */
export function claimedSpans(
  toks: readonly Token[],
  before: Uint8Array,
  after: Uint8Array,
  kind: SpanKind,
  out: Span[],
): void {
  let first = -1;
  for (let i = 0; i <= toks.length; i++) {
    const claimed = i < toks.length && after[i] === 1 && before[i] !== 1;
    if (claimed && first < 0) first = i;
    if (!claimed && first >= 0) {
      out.push({ kind, start: (toks[first] as Token).s, end: (toks[i - 1] as Token).e });
      first = -1;
    }
  }
}

/** The span of tokens [i0, i1). */
export function tokenSpan(toks: readonly Token[], i0: number, i1: number, kind: SpanKind): Span {
  return { kind, start: (toks[i0] as Token).s, end: (toks[i1 - 1] as Token).e };
}

/**
 * The text without the spans of the given kinds: each span becomes one space, runs of spaces become one,
 * and the result is trimmed.
 */
export function textWithout(text: string, spans: readonly Span[], kinds: readonly SpanKind[]): string {
  const cut = spans.filter((s) => kinds.includes(s.kind)).sort((a, b) => a.start - b.start);
  let out = '';
  let at = 0;
  for (const s of cut) {
    if (s.start < at) {
      at = Math.max(at, s.end);
      continue;
    }
    out += `${text.slice(at, s.start)} `;
    at = s.end;
  }
  out += text.slice(at);
  return out.replace(/\s+/g, ' ').trim();
}
