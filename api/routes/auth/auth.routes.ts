// Sign-in by one-time code: request a code, verify it (an access token in the answer, the refresh token
// in an httpOnly cookie limited to /auth), refresh, sign out, and who am I.
import type { Context } from 'hono';
import { Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { z } from 'zod';
import type { Auth } from '../../../core/auth/auth.ts';
import type { SessionTokens } from '../../../core/auth/auth.types.ts';
import type { Logger } from '../../../core/shared/logger.ts';
import { requireMember, unauthorized } from '../../auth/require-member.ts';
import { bodyWithin } from '../../body-limit.ts';
import { describeIssues } from '../chat/chat.schemas.ts';
import { MAX_AUTH_BODY_BYTES, otpRequestSchema, otpVerifySchema } from './auth.schemas.ts';
import { authErrorResponse, BODY_TOO_LARGE, CODE_SENT, INVALID_REQUEST, NOT_JSON } from './auth.texts.ts';

export const REFRESH_COOKIE = 'nova_refresh';
export const REFRESH_COOKIE_PATH = '/auth';

export interface AuthRoutesDeps {
  auth: Pick<Auth, 'otp' | 'sessions' | 'signIn'>;
  /** Secure cookies (PUBLIC_BASE_URL is https) */
  secureCookies: boolean;
  /** the caller's network address, for the per-address limits */
  clientIp: (c: Context) => string;
  logger: Logger;
}

/** The body as the schema reads it, or the 400/413 answer to return. */
export async function readBody<S extends z.ZodType>(
  c: Context,
  schema: S,
): Promise<{ ok: true; data: z.infer<S> } | { ok: false; response: Response }> {
  // JSON only: a cross-site form or no-cors fetch (text/plain) cannot reach the sign-in endpoints
  if (!/^application\/json\b/i.test(c.req.header('content-type') ?? ''))
    return { ok: false, response: c.json(NOT_JSON, 415) };
  let raw: unknown;
  try {
    raw = await c.req.json();
  } catch {
    return { ok: false, response: c.json(INVALID_REQUEST(['the body must be JSON']), 400) };
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) return { ok: false, response: c.json(INVALID_REQUEST(describeIssues(parsed.error)), 400) };
  return { ok: true, data: parsed.data };
}

export function authRoutes(deps: AuthRoutesDeps): Hono {
  const { auth, clientIp } = deps;
  const app = new Hono();
  const limit = bodyWithin(MAX_AUTH_BODY_BYTES, (c) => c.json(BODY_TOO_LARGE, 413));

  const setRefreshCookie = (c: Context, tokens: SessionTokens, now = Date.now()) =>
    setCookie(c, REFRESH_COOKIE, tokens.refreshToken, {
      httpOnly: true,
      sameSite: 'Strict',
      secure: deps.secureCookies,
      path: REFRESH_COOKIE_PATH,
      maxAge: Math.max(1, Math.floor((tokens.refreshExpiresAt.getTime() - now) / 1000)),
    });
  const clearRefreshCookie = (c: Context) =>
    deleteCookie(c, REFRESH_COOKIE, { path: REFRESH_COOKIE_PATH, secure: deps.secureCookies, httpOnly: true });

  const signedIn = (c: Context, tokens: SessionTokens) => {
    setRefreshCookie(c, tokens);
    c.header('Cache-Control', 'no-store');
    const { member } = tokens;
    return c.json({
      accessToken: tokens.accessToken,
      tokenType: 'Bearer',
      expiresIn: tokens.expiresIn,
      member: { name: member.name, role: member.role, office: member.office },
    });
  };

  app.post('/otp/request', limit, async (c) => {
    const body = await readBody(c, otpRequestSchema);
    if (!body.ok) return body.response;
    const result = await auth.otp.request({ ...body.data, ip: clientIp(c) });
    if (!result.ok) return authErrorResponse(c, result.error);
    // delivery goes on after the answer, so that its time tells nothing about the phone
    void result.value.delivery;
    return c.json({ status: 'sent', message: CODE_SENT, expiresIn: 600 }, 202);
  });

  app.post('/otp/verify', limit, async (c) => {
    const body = await readBody(c, otpVerifySchema);
    if (!body.ok) return body.response;
    const result = await auth.signIn({ ...body.data, ip: clientIp(c), userAgent: c.req.header('user-agent') });
    if (!result.ok) return authErrorResponse(c, result.error);
    return signedIn(c, result.value);
  });

  app.post('/refresh', async (c) => {
    const token = getCookie(c, REFRESH_COOKIE);
    if (!token) return authErrorResponse(c, { code: 'AUTH.SESSION_INVALID' });
    const result = await auth.sessions.refresh(token, { userAgent: c.req.header('user-agent') });
    if (!result.ok) {
      // a conflict means another tab holds the next token: the cookie it set stays
      if (result.error.code === 'AUTH.SESSION_INVALID') clearRefreshCookie(c);
      return authErrorResponse(c, result.error);
    }
    return signedIn(c, result.value);
  });

  app.post('/logout', async (c) => {
    const token = getCookie(c, REFRESH_COOKIE);
    if (token) await auth.sessions.logout(token);
    clearRefreshCookie(c);
    c.header('Cache-Control', 'no-store');
    return c.json({ status: 'signed_out', message: 'خرجت من نوفا. / You are signed out of Nova.' });
  });

  app.get('/me', requireMember(auth.sessions), async (c) => {
    const member = await auth.sessions.live(c.get('member'));
    if (!member) return unauthorized(c);
    c.header('Cache-Control', 'no-store');
    return c.json({
      member: { name: member.name, phone: member.phone, role: member.role, office: member.office },
    });
  });

  return app;
}
