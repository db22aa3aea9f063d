// Who may open the admin pages (/admin/queues, the WhatsApp Web QR pages): the owner or an admin of the
// office concerned, signed in, or an operator holding ADMIN_TOKEN. Three credentials are accepted:
//
// - `Authorization: Bearer <ADMIN_TOKEN>`: the operator (scripts, curl); opens every admin page.
// - `Authorization: Bearer <access token>`: a member's sign-in token (docs/sign-in.md), as the admin API.
// - the cookie `nova_admin`, for browsers: a page cannot add a header to what it loads (the queue
//   dashboard's own requests, an <img>). The sign-in page /admin exchanges either credential above for it
//   (POST /admin/session). It is a JWT of its own (audience `nova.admin`, HS256 with
//   deriveKey(NOVA_SECRET_KEY, 'admin.session'), 8 hours), HttpOnly, SameSite=Strict, Path=/admin,
//   Secure with an https PUBLIC_BASE_URL. A member's names her sign-in; an operator's is bound to the
//   ADMIN_TOKEN it was given for, so that changing ADMIN_TOKEN (or unsetting it) voids it.
//
// A member's credential is checked against the database on every request (sessions.live): she must still
// be an active member and her sign-in neither revoked (sign-out) nor expired; her role is the one she has
// now, not the one in the token. No credential, or an invalid one: 401. A valid one that may not open
// this page (a broker; the owner of another office): 403. A request changing something (the dashboard's
// retry, clean, …) made with the cookie must come from the same origin (Sec-Fetch-Site), on top of
// SameSite=Strict.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { jwtVerify, SignJWT } from 'jose';
import { z } from 'zod';
import type { AccessClaims } from '../../../core/auth/auth.types.ts';
import type { Clock } from '../../../core/shared/clock.ts';
import { bearerToken, UNAUTHORIZED } from '../../auth/require-member.ts';

export const ADMIN_COOKIE = 'nova_admin';
export const ADMIN_COOKIE_PATH = '/admin';
/** how long the admin pages stay open in a browser without signing in again (the sign-in's own limits still apply) */
export const ADMIN_COOKIE_TTL_SECONDS = 8 * 3600;
const AUDIENCE = 'nova.admin';
const ISSUER = 'nova';

/** The roles that open the admin pages of their office. */
export const ADMIN_ROLES: ReadonlySet<string> = new Set(['owner', 'admin']);

/** A signed-in member as sessions.live() gives her (the fields the admin pages use). */
export interface AdminMember {
  userId: string;
  organizationId: string;
  role: string;
  sessionId: string;
  name: string;
  office: { slug: string; name: string };
}

export type AdminCaller = { kind: 'operator' } | { kind: 'member'; member: AdminMember };

export type AdminEnv = { Variables: { caller: AdminCaller } };

export interface AdminAccessDeps {
  sessions: {
    verifyAccess(token: string): Promise<AccessClaims | null>;
    live(claims: AccessClaims): Promise<AdminMember | null>;
  };
  /** ADMIN_TOKEN; unset or empty: no operator token is accepted */
  adminToken?: string;
  /** HS256 key of the admin cookie: deriveKey(NOVA_SECRET_KEY, 'admin.session') */
  cookieKey: Uint8Array;
  clock: Clock;
  /** Secure cookie (PUBLIC_BASE_URL is https) */
  secureCookies: boolean;
}

const memberCookie = z.object({ sub: z.uuid(), org: z.uuid(), sid: z.uuid() });
const operatorCookie = z.object({ sub: z.literal('operator'), atk: z.string().min(1) });

export const FORBIDDEN = {
  error: 'forbidden',
  message: 'هذه الصفحة لمالك المكتب أو مديره فقط. / This page is for the owner or an admin of the office only.',
} as const;

const digest = (value: string) => createHash('sha256').update(value).digest();
const seconds = (date: Date) => Math.floor(date.getTime() / 1000);

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/** The 401 page a browser gets: where to sign in (nothing else is said). */
function signInHint(path: string): string {
  const next = /^\/admin\/[A-Za-z0-9/_.-]*$/.test(path) ? `?next=${encodeURIComponent(path)}` : '';
  const href = escapeHtml(`/admin${next}`);
  return `<!doctype html><html lang="ar" dir="rtl"><head><meta charset="utf-8"><meta name="referrer" content="no-referrer"><meta http-equiv="refresh" content="0; url=${href}"><title>نوفا · Nova</title></head><body><p><a href="${href}">سجّل دخولك أولاً · Sign in first</a></p></body></html>`;
}

export function createAdminAccess(deps: AdminAccessDeps) {
  const expected = deps.adminToken ? digest(deps.adminToken) : undefined;

  const isAdminToken = (token: string) => expected !== undefined && timingSafeEqual(digest(token), expected);
  /** what an operator's cookie carries of the ADMIN_TOKEN it was given for: an HMAC, never the token */
  const tokenBinding = deps.adminToken
    ? createHmac('sha256', deps.cookieKey).update(`operator:${deps.adminToken}`).digest('base64url')
    : undefined;

  async function callerOfCookie(value: string | undefined): Promise<AdminCaller | null> {
    if (!value || value.length > 4096) return null;
    let payload: unknown;
    try {
      ({ payload } = await jwtVerify(value, deps.cookieKey, {
        algorithms: ['HS256'],
        audience: AUDIENCE,
        issuer: ISSUER,
        currentDate: deps.clock.now(),
        requiredClaims: ['exp', 'sub'],
      }));
    } catch {
      return null;
    }
    const operator = operatorCookie.safeParse(payload);
    if (operator.success) {
      const given = Buffer.from(operator.data.atk);
      const ok = tokenBinding !== undefined && given.length === tokenBinding.length;
      return ok && timingSafeEqual(given, Buffer.from(tokenBinding)) ? { kind: 'operator' } : null;
    }
    const claims = memberCookie.safeParse(payload);
    if (!claims.success) return null;
    // the role is read again from the database: the cookie does not carry one
    const member = await deps.sessions.live({
      userId: claims.data.sub,
      organizationId: claims.data.org,
      sessionId: claims.data.sid,
      role: 'observer',
    });
    return member ? { kind: 'member', member } : null;
  }

  /** The caller of a request, and how she proved it; null when nobody valid. */
  async function identify(c: Context): Promise<{ caller: AdminCaller; by: 'header' | 'cookie' } | null> {
    const header = c.req.header('authorization');
    if (header) {
      const token = bearerToken(c) ?? /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1];
      if (!token || token.length > 4096) return null;
      if (isAdminToken(token)) return { caller: { kind: 'operator' }, by: 'header' };
      const claims = await deps.sessions.verifyAccess(token);
      const member = claims ? await deps.sessions.live(claims) : null;
      return member ? { caller: { kind: 'member', member }, by: 'header' } : null;
    }
    const caller = await callerOfCookie(getCookie(c, ADMIN_COOKIE));
    return caller ? { caller, by: 'cookie' } : null;
  }

  function unauthorized(c: Context) {
    c.header('WWW-Authenticate', 'Bearer realm="nova-admin"');
    c.header('Cache-Control', 'no-store');
    // the cookie was what failed (a header, when there is one, is what was tried): a browser forgets it
    if (!c.req.header('authorization') && getCookie(c, ADMIN_COOKIE)) {
      deleteCookie(c, ADMIN_COOKIE, { path: ADMIN_COOKIE_PATH });
    }
    if (c.req.method === 'GET' && (c.req.header('accept') ?? '').includes('text/html')) {
      return c.html(signInHint(c.req.path), 401);
    }
    return c.json(UNAUTHORIZED, 401);
  }

  return {
    identify,

    /**
     * Refuses (401) a request without a valid credential and (403) one whose caller `allow` refuses;
     * puts the caller in `c.get('caller')`.
     */
    require(allow: (caller: AdminCaller) => boolean | Promise<boolean>): MiddlewareHandler<AdminEnv> {
      return async (c, next) => {
        const found = await identify(c);
        if (!found) return unauthorized(c);
        if (found.by === 'cookie' && !['GET', 'HEAD'].includes(c.req.method)) {
          const site = c.req.header('sec-fetch-site');
          if (site && site !== 'same-origin') return c.json(FORBIDDEN, 403, { 'cache-control': 'no-store' });
        }
        if (!(await allow(found.caller))) return c.json(FORBIDDEN, 403, { 'cache-control': 'no-store' });
        c.set('caller', found.caller);
        await next();
      };
    },

    /** Sets the admin cookie for a caller identified by a header (a member's sign-in, or ADMIN_TOKEN). */
    async issueCookie(c: Context, caller: AdminCaller): Promise<void> {
      const now = seconds(deps.clock.now());
      const claims =
        caller.kind === 'operator'
          ? { atk: tokenBinding }
          : { org: caller.member.organizationId, sid: caller.member.sessionId };
      const token = await new SignJWT(claims)
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setSubject(caller.kind === 'operator' ? 'operator' : caller.member.userId)
        .setIssuer(ISSUER)
        .setAudience(AUDIENCE)
        .setIssuedAt(now)
        .setExpirationTime(now + ADMIN_COOKIE_TTL_SECONDS)
        .sign(deps.cookieKey);
      setCookie(c, ADMIN_COOKIE, token, {
        path: ADMIN_COOKIE_PATH,
        httpOnly: true,
        sameSite: 'Strict',
        secure: deps.secureCookies,
        maxAge: ADMIN_COOKIE_TTL_SECONDS,
      });
    },

    clearCookie(c: Context): void {
      deleteCookie(c, ADMIN_COOKIE, { path: ADMIN_COOKIE_PATH, secure: deps.secureCookies, httpOnly: true });
    },
  };
}

export type AdminAccess = ReturnType<typeof createAdminAccess>;

/** The owner or an admin of the office `officeId()` names, or the operator. */
export function ownerOf(officeId: () => Promise<string | undefined> | string | undefined) {
  return async (caller: AdminCaller): Promise<boolean> => {
    if (caller.kind === 'operator') return true;
    if (!ADMIN_ROLES.has(caller.member.role)) return false;
    const office = await officeId();
    return office !== undefined && caller.member.organizationId === office;
  };
}

/** Any office's owner or admin (what she sees is narrowed to her office by the route), or the operator. */
export const anyOwner = (caller: AdminCaller): boolean =>
  caller.kind === 'operator' || ADMIN_ROLES.has(caller.member.role);
