// The member behind a request: a Bearer access token, verified (signature, HS256 only, issuer, audience,
// expiry), and optionally checked against the database (still an active member, sign-in not revoked).
// Routes read `c.get('member')`: { organizationId, userId, role, sessionId }. The admin API reuses it.
import type { Context, MiddlewareHandler } from 'hono';
import type { AccessClaims } from '../../core/auth/auth.types.ts';

export interface MemberAuth {
  /** the claims of a valid access token, or null */
  verifyAccess(token: string): Promise<AccessClaims | null>;
}

export type MemberEnv = { Variables: { member: AccessClaims } };

export const UNAUTHORIZED = {
  error: 'unauthorized',
  message: 'سجّل دخولك أولاً، أو انتهت جلستك فسجّل من جديد. / Sign in first, or your session ended: sign in again.',
} as const;

/** The token of an `Authorization: Bearer …` header, or undefined. */
export function bearerToken(c: Context): string | undefined {
  const header = c.req.header('authorization');
  const match = header ? /^Bearer\s+([A-Za-z0-9._~+/-]+=*)\s*$/i.exec(header) : null;
  return match?.[1];
}

/** The claims of the request's Bearer token, or null (no header, or not a valid token). */
export async function memberOf(c: Context, auth: MemberAuth): Promise<AccessClaims | null> {
  const token = bearerToken(c);
  if (!token || token.length > 4096) return null;
  return auth.verifyAccess(token);
}

export function unauthorized(c: Context) {
  c.header('WWW-Authenticate', 'Bearer realm="nova"');
  c.header('Cache-Control', 'no-store');
  return c.json(UNAUTHORIZED, 401);
}

/**
 * Refuses (401) a request without a valid access token; `live`, when given, must also accept the
 * claims (e.g. sessions.live: the member is still active and her sign-in was not revoked).
 */
export function requireMember(
  auth: MemberAuth,
  options: { live?: (claims: AccessClaims) => Promise<unknown> } = {},
): MiddlewareHandler<MemberEnv> {
  return async (c, next) => {
    const claims = await memberOf(c, auth);
    if (!claims || (options.live && !(await options.live(claims)))) return unauthorized(c);
    c.set('member', claims);
    await next();
  };
}
