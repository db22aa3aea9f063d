// "Talk to this office": a public web chat per office at /o/<slug>, no sign-in. A visitor is a random
// id in a signed httpOnly cookie; she talks to the office's web channel account in the chat
// `visitor:<id>` and is always a contact (homeowner or client), never a member: her messages carry no
// phone, so whatever she types, the engine never takes her for a member. Messages are rate-limited per
// visitor and per address, and new visitor ids per address (rate_limits).
import type { Context } from 'hono';
import { Hono } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import type { WebReplies } from '../../../bot/channels/web/web.replies.ts';
import type { Inbox } from '../../../bot/engine/inbox.ts';
import type { InboundMessage } from '../../../bot/types.ts';
import type { OfficeWebChat } from '../../../core/auth/auth.ts';
import { LIMITS, type RateBucket } from '../../../core/auth/auth.types.ts';
import type { RateVerdict } from '../../../core/auth/rate-window.ts';
import { bodyWithin } from '../../body-limit.ts';
import { officeSlug } from '../auth/auth.schemas.ts';
import { bilingual } from '../auth/auth.texts.ts';
import { renderChatPage } from '../chat/chat.page.ts';
import { pageHeaders, readPostedMessage, toReply } from '../chat/chat.routes.ts';
import {
  describeIssues,
  listMessagesSchema,
  MAX_BODY_BYTES,
  MAX_REPLIES_PER_POLL,
  MAX_TEXT_BYTES,
} from '../chat/chat.schemas.ts';

export const VISITOR_COOKIE = 'nova_visitor';
const VISITOR_COOKIE_MAX_AGE = 365 * 24 * 3600;

export interface OfficePageDeps {
  replies: WebReplies;
  inbox: Inbox;
  offices: { officeWebChat(slug: string): Promise<OfficeWebChat | null> };
  visitors: { newId(): string; sign(id: string): string; verify(value: string | undefined): string | null };
  limiter: { hit(bucket: RateBucket, id: string): Promise<RateVerdict> };
  clientIp: (c: Context) => string;
  secureCookies: boolean;
}

const NOT_FOUND = {
  error: 'not_found',
  message: bilingual('ما لقينا هذا المكتب.', 'No such office.'),
};
const TOO_LONG = {
  error: 'message_too_long',
  message: bilingual(
    'الرسالة أطول من المسموح، أرسلها على أجزاء.',
    `The message is longer than ${MAX_TEXT_BYTES / 1024} KB.`,
  ),
};
const UNAVAILABLE = {
  error: 'unavailable',
  message: bilingual(
    'المكتب غير متاح حالياً، حاول بعد قليل.',
    'The office cannot take messages right now; try again shortly.',
  ),
};

export const visitorChatId = (visitorId: string) => `visitor:${visitorId}`;

export function officePageRoutes(deps: OfficePageDeps): Hono {
  const { replies, inbox, offices, visitors, limiter, clientIp } = deps;
  const app = new Hono();

  async function officeOf(c: Context): Promise<OfficeWebChat | null> {
    const slug = officeSlug.safeParse(c.req.param('slug'));
    return slug.success ? offices.officeWebChat(slug.data) : null;
  }

  function tooMany(c: Context, verdict: RateVerdict) {
    const minutes = Math.max(1, Math.ceil(verdict.retryAfterSeconds / 60));
    c.header('Retry-After', String(verdict.retryAfterSeconds));
    return c.json(
      {
        error: 'rate_limited',
        message: bilingual(
          `رسائل كثيرة. حاول بعد ${minutes} دقيقة.`,
          `Too many messages. Try again in ${minutes} min.`,
        ),
        retryAfter: verdict.retryAfterSeconds,
      },
      429,
    );
  }

  app.get('/:slug', async (c) => {
    const office = await officeOf(c);
    pageHeaders(c);
    if (!office) return c.json(NOT_FOUND, 404);
    return c.html(renderChatPage({ mode: 'visitor', officeName: office.name }));
  });

  app.post(
    '/:slug/api/messages',
    bodyWithin(MAX_BODY_BYTES, (c) => c.json(TOO_LONG, 413)),
    async (c) => {
      const office = await officeOf(c);
      if (!office) return c.json(NOT_FOUND, 404);
      // `from`, if any, is ignored: a visitor is nobody but herself
      const body = await readPostedMessage(c, TOO_LONG);
      if (body instanceof Response) return body;

      const ip = clientIp(c);
      let visitorId = visitors.verify(getCookie(c, VISITOR_COOKIE));
      if (!visitorId) {
        const fresh = await limiter.hit(LIMITS.newVisitorsPerIp, ip);
        if (!fresh.allowed) return tooMany(c, fresh);
        visitorId = visitors.newId();
        setCookie(c, VISITOR_COOKIE, visitors.sign(visitorId), {
          httpOnly: true,
          sameSite: 'Strict',
          secure: deps.secureCookies,
          path: '/o',
          maxAge: VISITOR_COOKIE_MAX_AGE,
        });
      }
      for (const [bucket, id] of [
        [LIMITS.visitorMessages, visitorId],
        [LIMITS.visitorMessagesPerIp, ip],
      ] as const) {
        const verdict = await limiter.hit(bucket, id);
        if (!verdict.allowed) return tooMany(c, verdict);
      }

      const chatId = visitorChatId(visitorId);
      const message: InboundMessage = {
        channelAccountId: office.webAccountId,
        externalId: `web-v:${visitorId}:${body.clientId}`,
        chatId,
        sender: { externalId: chatId },
        kind: body.choiceId !== undefined ? 'choice' : 'text',
        text: body.text,
        choiceId: body.choiceId,
      };
      try {
        const { id, duplicate } = await inbox.accept(message);
        return c.json({ id, duplicate }, 202);
      } catch {
        return c.json(UNAVAILABLE, 503);
      }
    },
  );

  app.get('/:slug/api/messages', async (c) => {
    const office = await officeOf(c);
    if (!office) return c.json(NOT_FOUND, 404);
    const parsed = listMessagesSchema.safeParse({ after: c.req.query('after') });
    if (!parsed.success) {
      return c.json({ error: 'invalid_request', message: 'invalid query', issues: describeIssues(parsed.error) }, 400);
    }
    c.header('Cache-Control', 'no-store');
    const visitorId = visitors.verify(getCookie(c, VISITOR_COOKIE));
    if (!visitorId) return c.json([]);
    try {
      const rows = await replies.since(
        office.webAccountId,
        visitorChatId(visitorId),
        BigInt(parsed.data.after),
        MAX_REPLIES_PER_POLL,
      );
      return c.json(rows.map((row) => toReply(row.seq, row.message)));
    } catch {
      return c.json(UNAVAILABLE, 503);
    }
  });

  return app;
}
