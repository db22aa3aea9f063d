// Access tokens (JWT, HS256 with a key derived from NOVA_SECRET_KEY, 15 minutes) and refresh tokens
// (32 random bytes, stored as SHA-256). Verification allows HS256 only and checks issuer, audience and
// expiry against the given time, so that `alg: none`, another algorithm or another service's token is
// refused.
import { createHash, randomBytes } from 'node:crypto';
import { jwtVerify, SignJWT } from 'jose';
import { z } from 'zod';
import { type AccessClaims, SESSION } from './auth.types.ts';

export const TOKEN_ISSUER = 'nova';
export const TOKEN_AUDIENCE = 'nova.members';
const ALGORITHM = 'HS256';

const ROLES = ['owner', 'admin', 'manager', 'broker', 'team_member', 'observer'] as const;

const payloadSchema = z.object({
  sub: z.uuid(),
  org: z.uuid(),
  role: z.enum(ROLES),
  sid: z.uuid(),
});

const seconds = (date: Date) => Math.floor(date.getTime() / 1000);

export async function signAccessToken(key: Uint8Array, claims: AccessClaims, now: Date): Promise<string> {
  return new SignJWT({ org: claims.organizationId, role: claims.role, sid: claims.sessionId })
    .setProtectedHeader({ alg: ALGORITHM, typ: 'JWT' })
    .setSubject(claims.userId)
    .setIssuer(TOKEN_ISSUER)
    .setAudience(TOKEN_AUDIENCE)
    .setIssuedAt(seconds(now))
    .setExpirationTime(seconds(now) + SESSION.accessTtlSeconds)
    .sign(key);
}

/** The token's claims, or null when it is not a valid, unexpired access token of this server. */
export async function verifyAccessToken(key: Uint8Array, token: string, now: Date): Promise<AccessClaims | null> {
  try {
    const { payload } = await jwtVerify(token, key, {
      algorithms: [ALGORITHM],
      issuer: TOKEN_ISSUER,
      audience: TOKEN_AUDIENCE,
      currentDate: now,
      requiredClaims: ['exp', 'iat', 'sub'],
    });
    const parsed = payloadSchema.safeParse(payload);
    if (!parsed.success) return null;
    const { sub, org, role, sid } = parsed.data;
    return { userId: sub, organizationId: org, role, sessionId: sid };
  } catch {
    return null;
  }
}

export function newRefreshToken(): string {
  return randomBytes(32).toString('base64url');
}

/** What auth_sessions stores of a refresh token. */
export function hashRefreshToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** A refresh token as it can be (43 base64url characters): anything else is not looked up. */
export const REFRESH_TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;
