// The web chat: an RTL page and the small JSON API it uses. A member signs in (phone → code, see
// api/routes/auth) and talks as herself: the sender and the chat come from her session (her office's
// web channel account, her phone as the chat id), never from the body. Without a valid session the API
// answers 401 and stores nothing. Only in demo mode (NOVA_DEMO=1) may a request without a session name
// one of the demo office's demo identities in `from`.
// A message goes through the same inbox as every channel (deduped by the page's clientId); Nova's
// replies are the outbound rows of the chat, which the page polls (the web channel is delivered by the
// database).
import type { Context } from 'hono';
import { Hono } from 'hono';
import type { WebReplies } from '../../../bot/channels/web/web.replies.ts';
import type { Inbox } from '../../../bot/engine/inbox.ts';
import type { InboundMessage, OutboundMessage } from '../../../bot/types.ts';
import type { AccessClaims } from '../../../core/auth/auth.types.ts';
import type { LiveMember } from '../../../core/auth/sessions.service.ts';
import { bearerToken, memberOf, unauthorized } from '../../auth/require-member.ts';
import { bodyWithin } from '../../body-limit.ts';
import { CHAT_PAGE_CSP, renderChatPage } from './chat.page.ts';
import {
  type ChatIdentity,
  type ChatReply,
  describeIssues,
  listMessagesSchema,
  MAX_BODY_BYTES,
  MAX_REPLIES_PER_POLL,
  MAX_TEXT_BYTES,
  type PostMessageBody,
  postMessageSchema,
} from './chat.schemas.ts';

/** Members' sessions (core/auth sessions): the claims of a token, then the live member behind them. */
export interface ChatMembers {
  verifyAccess(token: string): Promise<AccessClaims | null>;
  live(claims: AccessClaims): Promise<LiveMember | null>;
}

export interface ChatRoutesDeps {
  replies: WebReplies;
  inbox: Inbox;
  /** signed-in members; without it nobody can sign in here */
  members?: ChatMembers;
  /** demo mode (NOVA_DEMO=1): the demo office's web account and identities, usable without sign-in */
  demo?: { webAccountId: string; identities: ChatIdentity[] };
  /**
   * A signed-in member opened the chat (the page's first poll): what Nova told her is seen, her unread
   * notifications are marked read (core/notifications/member-inbox.ts markAllRead).
   */
  opened?(member: { organizationId: string; userId: string }): Promise<void>;
  /** the signed link of a stored image a reply carries (core/storage/media-links.ts); without it none is shown */
  mediaUrl?(storageKey: string): string;
}

/** Who a request speaks as: the web account, the chat, the sender, and the namespace of its ids. */
interface Speaker {
  webAccountId: string;
  chatId: string;
  sender: InboundMessage['sender'];
  /** prefix of the inbox's external id, so that two members' clientIds never collide */
  idPrefix: string;
  /** the signed-in member (none in demo mode) */
  member?: { organizationId: string; userId: string };
}

const TOO_LONG = {
  error: 'message_too_long',
  message: `The message is longer than ${MAX_TEXT_BYTES / 1024} KB; send it in shorter parts. الرسالة أطول من المسموح، أرسلها على أجزاء.`,
};
/**
 * The message a page posted (the web chat's or an office page's): JSON, valid, and not longer than
 * MAX_TEXT_BYTES; or the answer to give instead (400, or 413 with `tooLong`).
 */
export async function readPostedMessage(c: Context, tooLong: object): Promise<PostMessageBody | Response> {
  let raw: unknown;
  try {
    raw = await c.req.json();
  } catch {
    return c.json({ error: 'invalid_request', message: 'the body must be JSON' }, 400);
  }
  const parsed = postMessageSchema.safeParse(raw);
  if (!parsed.success) {
    return c.json({ error: 'invalid_request', message: 'invalid message', issues: describeIssues(parsed.error) }, 400);
  }
  const body = parsed.data;
  if (body.text !== undefined && Buffer.byteLength(body.text, 'utf8') > MAX_TEXT_BYTES) return c.json(tooLong, 413);
  return body;
}

const UNAVAILABLE = {
  error: 'unavailable',
  message: 'Nova cannot take messages right now; try again shortly. نوفا غير متاح حالياً، حاول بعد قليل.',
};
const NO_WEB_CHAT = {
  error: 'web_chat_unavailable',
  message: 'مكتبك ما فعّل محادثة الويب. / Your office has no web chat enabled.',
};
const UNKNOWN_IDENTITY = { error: 'forbidden', message: 'unknown identity / هوية غير معروفة' };

/** Security headers of every answer of the page and its API. */
export function pageHeaders(c: Context) {
  c.header('Content-Security-Policy', CHAT_PAGE_CSP);
  c.header('X-Content-Type-Options', 'nosniff');
  c.header('Referrer-Policy', 'no-referrer');
  c.header('Cache-Control', 'no-store');
}

export function toReply(seq: bigint, message: OutboundMessage, mediaUrl?: (storageKey: string) => string): ChatReply {
  const reply: ChatReply = { seq: seq.toString(), text: message.text ?? '' };
  if (message.choices?.length) reply.choices = message.choices.map(({ id, label }) => ({ id, label }));
  if (message.media?.kind === 'image' && message.media.storageKey && mediaUrl) {
    reply.image = mediaUrl(message.media.storageKey);
  }
  return reply;
}

export function chatRoutes(deps: ChatRoutesDeps): Hono {
  const { replies, inbox, members, demo, opened } = deps;
  const identities = new Map((demo?.identities ?? []).map((identity) => [identity.phone, identity]));
  const app = new Hono();

  /** The signed-in member's speaker; a Response when the token is there but does not let her in. */
  async function sessionSpeaker(c: Context): Promise<Speaker | Response> {
    const claims = members ? await memberOf(c, members) : null;
    const member = claims && members ? await members.live(claims) : null;
    if (!member) return unauthorized(c);
    if (!member.webAccountId) return c.json(NO_WEB_CHAT, 404);
    return {
      webAccountId: member.webAccountId,
      chatId: member.phone,
      sender: { externalId: member.phone, phone: member.phone, displayName: member.name },
      idPrefix: `web-m:${member.userId}:`,
      member: { organizationId: member.organizationId, userId: member.userId },
    };
  }

  function demoSpeaker(c: Context, from: string | undefined): Speaker | Response {
    if (!demo || from === undefined) return unauthorized(c);
    const identity = identities.get(from);
    if (!identity) return c.json(UNKNOWN_IDENTITY, 403);
    return {
      webAccountId: demo.webAccountId,
      chatId: identity.phone,
      sender: { externalId: identity.phone, phone: identity.phone, displayName: identity.name },
      // today's ids of the demo chat
      idPrefix: 'web-',
    };
  }

  app.get('/', (c) => {
    pageHeaders(c);
    return c.html(renderChatPage({ mode: demo ? 'demo' : 'members' }));
  });

  app.get('/api/identities', (c) =>
    demo ? c.json(demo.identities) : c.json({ error: 'not_found', message: 'no demo identities here' }, 404),
  );

  app.post(
    '/api/messages',
    bodyWithin(MAX_BODY_BYTES, (c) => c.json(TOO_LONG, 413)),
    async (c) => {
      // A session is checked before the body is read: without one nothing is parsed or stored.
      const session = bearerToken(c) !== undefined || !demo ? await sessionSpeaker(c) : undefined;
      if (session instanceof Response) return session;
      const body = await readPostedMessage(c, TOO_LONG);
      if (body instanceof Response) return body;
      const speaker = session ?? demoSpeaker(c, body.from);
      if (speaker instanceof Response) return speaker;

      const message: InboundMessage = {
        channelAccountId: speaker.webAccountId,
        externalId: `${speaker.idPrefix}${body.clientId}`,
        chatId: speaker.chatId,
        sender: speaker.sender,
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
    const session = bearerToken(c) !== undefined || !demo ? await sessionSpeaker(c) : undefined;
    if (session instanceof Response) return session;
    const parsed = listMessagesSchema.safeParse({ from: c.req.query('from'), after: c.req.query('after') });
    if (!parsed.success) {
      return c.json({ error: 'invalid_request', message: 'invalid query', issues: describeIssues(parsed.error) }, 400);
    }
    const speaker = session ?? demoSpeaker(c, parsed.data.from);
    if (speaker instanceof Response) return speaker;
    const after = BigInt(parsed.data.after);
    c.header('Cache-Control', 'no-store');
    try {
      // the first look of a page (after = 0): she opened the chat; later polls cost nothing more
      if (after === 0n && speaker.member && opened) await opened(speaker.member);
      const rows = await replies.since(speaker.webAccountId, speaker.chatId, after, MAX_REPLIES_PER_POLL);
      return c.json(rows.map((row) => toReply(row.seq, row.message, deps.mediaUrl)));
    } catch {
      return c.json(UNAVAILABLE, 503);
    }
  });

  return app;
}
