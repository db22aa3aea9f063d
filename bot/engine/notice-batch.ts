// Notices waiting for one recipient are sent as one message. A manager of a busy office is told of
// every new lead, listing and booking; WhatsApp lets a business send one person about one message every
// 6 s (bot/engine/pacing.ts), so under load his notices queue up. When his turn comes, the notices
// waiting behind the first go with it, up to a size a phone screen can take. Pure: the outbox decides
// when and writes the result.
import { truncateGraphemes } from '../../core/shared/sanitize.ts';
import type { OutboundMessage } from '../types.ts';

/** At most this many notices in one message, and this many characters of text. */
export const MAX_NOTICES_PER_MESSAGE = 10;
export const MAX_BATCH_CHARS = 3_000;
/** A WhatsApp template parameter's length limit leaves room for the template's own words. */
const MAX_TEMPLATE_PARAM_CHARS = 900;

/** A notice with nothing but text: nothing to press, no photo, no place. */
export function isPlainNotice(message: OutboundMessage): boolean {
  return (
    message.notification?.kind === 'notice' &&
    !message.choices?.length &&
    !message.media &&
    !message.location &&
    !message.requestContact &&
    typeof message.text === 'string'
  );
}

/**
 * The first notice and the plain notices right behind it (in order, up to the limits) as one message,
 * with how many of `following` it took; null when there is nothing to merge.
 */
export function mergeNotices(
  first: OutboundMessage,
  following: readonly OutboundMessage[],
): { message: OutboundMessage; taken: number } | null {
  if (!isPlainNotice(first)) return null;
  const texts = [first.text];
  let chars = first.text.length;
  for (const next of following) {
    if (texts.length >= MAX_NOTICES_PER_MESSAGE || !isPlainNotice(next)) break;
    if (chars + 2 + next.text.length > MAX_BATCH_CHARS) break;
    texts.push(next.text);
    chars += 2 + next.text.length;
  }
  const taken = texts.length - 1;
  if (taken === 0) return null;
  const text = texts.join('\n\n');
  return {
    message: {
      text,
      notification: {
        kind: 'notice',
        params: [
          truncateGraphemes(texts.map((t) => t.replace(/\s+/g, ' ')).join(' • '), MAX_TEMPLATE_PARAM_CHARS - 1, '…'),
        ],
      },
    },
    taken,
  };
}
