// The web chat: an RTL page where one picks a demo identity and talks to Nova, and the small JSON API
// it uses. A message goes through the same inbox as every channel (deduped by the page's clientId);
// Nova's replies are the outbound rows of the chat, which the page polls (the web channel is
// delivered by the database).
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { WebReplies } from '../../../bot/channels/web/web.replies.ts';
import type { Inbox } from '../../../bot/engine/inbox.ts';
import type { InboundMessage, OutboundMessage } from '../../../bot/types.ts';
import { CHAT_PAGE_CSP, CHAT_PAGE_HTML } from './chat.page.ts';
import {
  type ChatIdentity,
  type ChatReply,
  describeIssues,
  listMessagesSchema,
  MAX_BODY_BYTES,
  MAX_REPLIES_PER_POLL,
  MAX_TEXT_BYTES,
  postMessageSchema,
} from './chat.schemas.ts';

export interface ChatRoutesDeps {
  replies: WebReplies;
  inbox: Inbox;
  /** channel_accounts.id of the organization's web channel account */
  webAccountId: string;
  identities: ChatIdentity[];
}

const TOO_LONG = {
  error: 'message_too_long',
  message: `The message is longer than ${MAX_TEXT_BYTES / 1024} KB; send it in shorter parts. الرسالة أطول من المسموح، أرسلها على أجزاء.`,
};
const UNAVAILABLE = {
  error: 'unavailable',
  message: 'Nova cannot take messages right now; try again shortly. نوفا غير متاح حالياً، حاول بعد قليل.',
};

export function chatRoutes(deps: ChatRoutesDeps): Hono {
  const { replies, inbox, webAccountId } = deps;
  const identities = new Map(deps.identities.map((identity) => [identity.phone, identity]));
  const app = new Hono();

  app.get('/', (c) => {
    c.header('Content-Security-Policy', CHAT_PAGE_CSP);
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Referrer-Policy', 'no-referrer');
    c.header('Cache-Control', 'no-store');
    return c.html(CHAT_PAGE_HTML);
  });

  app.get('/api/identities', (c) => c.json(deps.identities));

  app.post(
    '/api/messages',
    bodyLimit({ maxSize: MAX_BODY_BYTES, onError: (c) => c.json(TOO_LONG, 413) }),
    async (c) => {
      let raw: unknown;
      try {
        raw = await c.req.json();
      } catch {
        return c.json({ error: 'invalid_request', message: 'the body must be JSON' }, 400);
      }
      const parsed = postMessageSchema.safeParse(raw);
      if (!parsed.success) {
        return c.json(
          { error: 'invalid_request', message: 'invalid message', issues: describeIssues(parsed.error) },
          400,
        );
      }
      const body = parsed.data;
      const identity = identities.get(body.from);
      if (!identity) return c.json({ error: 'forbidden', message: 'unknown identity' }, 403);
      if (body.text !== undefined && Buffer.byteLength(body.text, 'utf8') > MAX_TEXT_BYTES)
        return c.json(TOO_LONG, 413);

      const message: InboundMessage = {
        channelAccountId: webAccountId,
        externalId: `web-${body.clientId}`,
        chatId: identity.phone,
        sender: { externalId: identity.phone, phone: identity.phone, displayName: identity.name },
        kind: body.choiceId !== undefined ? 'choice' : 'text',
        text: body.text,
        choiceId: body.choiceId,
      };
      try {
        // The inbox throws only when it cannot store the message: the page keeps it and may retry.
        const { id, duplicate } = await inbox.accept(message);
        return c.json({ id, duplicate }, 202);
      } catch {
        return c.json(UNAVAILABLE, 503);
      }
    },
  );

  app.get('/api/messages', async (c) => {
    const parsed = listMessagesSchema.safeParse({ from: c.req.query('from'), after: c.req.query('after') });
    if (!parsed.success) {
      return c.json({ error: 'invalid_request', message: 'invalid query', issues: describeIssues(parsed.error) }, 400);
    }
    const identity = identities.get(parsed.data.from);
    if (!identity) return c.json({ error: 'forbidden', message: 'unknown identity' }, 403);
    const after = BigInt(parsed.data.after);
    c.header('Cache-Control', 'no-store');
    try {
      const rows = await replies.since(webAccountId, identity.phone, after, MAX_REPLIES_PER_POLL);
      return c.json(rows.map((row) => toReply(row.seq, row.message)));
    } catch {
      return c.json(UNAVAILABLE, 503);
    }
  });

  return app;
}

function toReply(seq: bigint, message: OutboundMessage): ChatReply {
  const reply: ChatReply = { seq: seq.toString(), text: message.text ?? '' };
  if (message.choices?.length) reply.choices = message.choices.map(({ id, label }) => ({ id, label }));
  return reply;
}
