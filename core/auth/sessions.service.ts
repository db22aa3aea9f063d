// Member sessions: a sign-in is a family of refresh tokens (auth_sessions rows sharing family_id), each
// used once: a refresh marks its token rotated and issues the next one with the same absolute expiry.
// A rotated token presented again (after a short grace for two tabs refreshing at once) means a copy
// of it was stolen: the whole family is revoked. Sign-out revokes the family; a member who is no longer
// active cannot refresh, and live() refuses her access tokens at once on the routes that ask.
//
// These calls start from a credential (a refresh token, or an access token's verified claims) which
// names the office, the way the calendar feed starts from its secret.
import { randomUUID } from 'node:crypto';
import type { Db } from '../db/client.ts';
import type { Clock } from '../shared/clock.ts';
import { err, ok, type Result } from '../shared/result.ts';
import type { Scope } from '../shared/scope.ts';
import {
  type AccessClaims,
  type AuthErrorCode,
  SESSION,
  type SessionTokens,
  type SignedInMember,
} from './auth.types.ts';
import {
  hashRefreshToken,
  newRefreshToken,
  REFRESH_TOKEN_PATTERN,
  signAccessToken,
  verifyAccessToken,
} from './tokens.ts';

export interface SessionsDeps {
  db: Db;
  clock: Clock;
  /** HS256 key of access tokens */
  key: Uint8Array;
}

/** A live member with her office's web chat account (null when the office has none enabled). */
export interface LiveMember extends SignedInMember {
  sessionId: string;
  webAccountId: string | null;
}

type RefreshError = Extract<AuthErrorCode, 'AUTH.SESSION_INVALID' | 'AUTH.REFRESH_CONFLICT'>;

const MEMBER_SELECT = {
  id: true,
  organizationId: true,
  name: true,
  phone: true,
  role: true,
  status: true,
  organization: {
    select: {
      slug: true,
      name: true,
      channelAccounts: {
        where: { kind: 'web' as const, isEnabled: true },
        orderBy: { createdAt: 'asc' as const },
        take: 1,
        select: { id: true },
      },
    },
  },
} as const;

export function createSessionsService({ db, clock, key }: SessionsDeps) {
  const revokeFamily = (familyId: string, now: Date) =>
    db.authSession.updateMany({ where: { familyId, revokedAt: null }, data: { revokedAt: now } });

  async function tokensFor(member: SignedInMember, familyId: string, refreshToken: string, expiresAt: Date, now: Date) {
    const accessToken = await signAccessToken(
      key,
      { userId: member.userId, organizationId: member.organizationId, role: member.role, sessionId: familyId },
      now,
    );
    return {
      accessToken,
      expiresIn: SESSION.accessTtlSeconds,
      refreshToken,
      refreshExpiresAt: expiresAt,
      member,
    } satisfies SessionTokens;
  }

  return {
    /** A new sign-in for a member whose code was verified. */
    async start(member: SignedInMember, meta: { userAgent?: string } = {}): Promise<SessionTokens> {
      const now = clock.now();
      const familyId = randomUUID();
      const refreshToken = newRefreshToken();
      const expiresAt = new Date(now.getTime() + SESSION.refreshTtlMs);
      await db.$transaction(async (tx) => {
        await tx.authSession.create({
          data: {
            organizationId: member.organizationId,
            userId: member.userId,
            familyId,
            tokenHash: hashRefreshToken(refreshToken),
            expiresAt,
            userAgent: meta.userAgent?.slice(0, 300),
          },
        });
        await tx.user.updateMany({
          where: { id: member.userId, organizationId: member.organizationId },
          data: { lastLogin: now, phoneVerified: true },
        });
      });
      return tokensFor(member, familyId, refreshToken, expiresAt, now);
    },

    /** The next tokens for a refresh token (which is used up), or why not. */
    async refresh(
      refreshToken: string,
      meta: { userAgent?: string } = {},
    ): Promise<Result<SessionTokens, RefreshError>> {
      if (!REFRESH_TOKEN_PATTERN.test(refreshToken)) return err('AUTH.SESSION_INVALID');
      const now = clock.now();
      const row = await db.authSession.findUnique({
        where: { tokenHash: hashRefreshToken(refreshToken) },
        include: { user: { select: MEMBER_SELECT } },
      });
      if (!row || row.revokedAt) return err('AUTH.SESSION_INVALID');
      if (row.rotatedAt) {
        if (now.getTime() - row.rotatedAt.getTime() < SESSION.reuseGraceMs) return err('AUTH.REFRESH_CONFLICT');
        await revokeFamily(row.familyId, now);
        return err('AUTH.SESSION_INVALID', { reason: 'reuse' });
      }
      if (row.expiresAt.getTime() <= now.getTime()) return err('AUTH.SESSION_INVALID');
      const user = row.user;
      if (user.status !== 'active' || user.organizationId !== row.organizationId) {
        await revokeFamily(row.familyId, now);
        return err('AUTH.SESSION_INVALID');
      }
      const next = newRefreshToken();
      const rotated = await db.$transaction(async (tx) => {
        const claimed = await tx.authSession.updateMany({
          where: { id: row.id, rotatedAt: null, revokedAt: null },
          data: { rotatedAt: now },
        });
        if (claimed.count !== 1) return false;
        await tx.authSession.create({
          data: {
            organizationId: row.organizationId,
            userId: row.userId,
            familyId: row.familyId,
            tokenHash: hashRefreshToken(next),
            expiresAt: row.expiresAt,
            userAgent: meta.userAgent?.slice(0, 300) ?? row.userAgent,
          },
        });
        return true;
      });
      // another request rotated it a moment ago (two tabs)
      if (!rotated) return err('AUTH.REFRESH_CONFLICT');
      return ok(await tokensFor(toMember(user), row.familyId, next, row.expiresAt, now));
    },

    /** Signs out: the token's whole family stops working. Unknown tokens are ignored. */
    async logout(refreshToken: string): Promise<void> {
      if (!REFRESH_TOKEN_PATTERN.test(refreshToken)) return;
      const row = await db.authSession.findUnique({
        where: { tokenHash: hashRefreshToken(refreshToken) },
        select: { familyId: true },
      });
      if (row) await revokeFamily(row.familyId, clock.now());
    },

    /** Ends every sign-in of a member (she was removed or suspended). */
    async revokeMember(scope: Scope, userId: string): Promise<number> {
      const { count } = await db.authSession.updateMany({
        where: { organizationId: scope.organizationId, userId, revokedAt: null },
        data: { revokedAt: clock.now() },
      });
      return count;
    },

    /** The claims of a valid access token, or null. Stateless: live() also checks the database. */
    verifyAccess(token: string): Promise<AccessClaims | null> {
      return verifyAccessToken(key, token, clock.now());
    },

    /**
     * The member behind verified claims, if she is still an active member of that office and her
     * sign-in was not revoked or expired; null otherwise.
     */
    async live(claims: AccessClaims): Promise<LiveMember | null> {
      const now = clock.now();
      const user = await db.user.findFirst({
        where: {
          id: claims.userId,
          organizationId: claims.organizationId,
          status: 'active',
          authSessions: { some: { familyId: claims.sessionId, revokedAt: null, expiresAt: { gt: now } } },
        },
        select: MEMBER_SELECT,
      });
      if (!user) return null;
      return {
        ...toMember(user),
        sessionId: claims.sessionId,
        webAccountId: user.organization.channelAccounts[0]?.id ?? null,
      };
    },
  };
}

function toMember(user: {
  id: string;
  organizationId: string;
  name: string;
  phone: string;
  role: SignedInMember['role'];
  organization: { slug: string; name: string };
}): SignedInMember {
  return {
    userId: user.id,
    organizationId: user.organizationId,
    name: user.name,
    phone: user.phone,
    role: user.role,
    office: { slug: user.organization.slug, name: user.organization.name },
  };
}

export type SessionsService = ReturnType<typeof createSessionsService>;
