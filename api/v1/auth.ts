// The caller of an admin API operation: `Authorization: Bearer <token>`, where the token is a member's
// access token (sign-in, docs/sign-in.md) or an office's API key (`nova_…`). Either way the call acts as
// that member, in his office, with his role and teams (memberScope, via 'api'), so that core's rules
// apply as in the chat. A revoked key, an ended session or a member no longer active is refused (401);
// a read-only key's writes are refused (403); each caller is rate-limited (429 with Retry-After).
import type { MiddlewareHandler } from 'hono';
import { looksLikeApiKey } from '../../core/apikeys/apikeys.keys.ts';
import { memberScope, systemScope } from '../../core/shared/scope.ts';
import type { Member } from '../../core/teams/teams.service.ts';
import { bearerToken } from '../auth/require-member.ts';
import type { ApiEnv, ApiV1Deps, Caller } from './deps.ts';
import { problemResponse } from './problems.ts';

export const DEFAULT_RATE_LIMIT = { limit: 600, windowMs: 60_000 };

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

async function callerOf(deps: ApiV1Deps, token: string): Promise<Caller | null> {
  if (token.length > 4096) return null;
  if (looksLikeApiKey(token)) {
    const key = await deps.apiKeys.verify(token);
    if (!key) return null;
    return {
      kind: 'key',
      organizationId: key.organizationId,
      userId: key.userId,
      keyId: key.keyId,
      readOnly: key.readOnly,
      id: `key:${key.keyId}`,
    };
  }
  const claims = await deps.sessions.verifyAccess(token);
  if (!claims || !(await deps.sessions.live(claims))) return null;
  return {
    kind: 'token',
    organizationId: claims.organizationId,
    userId: claims.userId,
    readOnly: false,
    id: `user:${claims.userId}`,
  };
}

/**
 * A member's role, permission rows and teams, kept a few seconds: loading them is most of the fixed cost of
 * a call (several statements), and an integration calls in bursts. Whether the credential still stands
 * (key not revoked, session not ended, member still active) is checked on every call, never cached; a
 * change of role or team made through the API clears the cache at once (memberCache.clear() after each
 * write), one made elsewhere (the chat, `nova user`) applies within MEMBER_TTL_MS.
 */
export const MEMBER_TTL_MS = 5_000;

export function createMemberCache(deps: Pick<ApiV1Deps, 'core'>, now: () => number = () => performance.now()) {
  const entries = new Map<string, { at: number; member: Promise<Member | null> }>();
  return {
    get(organizationId: string, userId: string): Promise<Member | null> {
      const key = `${organizationId}:${userId}`;
      const hit = entries.get(key);
      if (hit && now() - hit.at < MEMBER_TTL_MS) return hit.member;
      const member = deps.core.teams.memberById(systemScope(organizationId), userId);
      if (entries.size > 10_000) entries.clear();
      entries.set(key, { at: now(), member });
      member.catch(() => entries.delete(key));
      return member;
    },
    clear() {
      entries.clear();
    },
  };
}

export type MemberCache = ReturnType<typeof createMemberCache>;

export function authenticate(deps: ApiV1Deps, members: MemberCache): MiddlewareHandler<ApiEnv> {
  const window = deps.rateLimit ?? DEFAULT_RATE_LIMIT;
  const bucket = { name: 'api.calls', limit: window.limit, windowMs: window.windowMs };
  return async (c, next) => {
    const token = bearerToken(c);
    const caller = token ? await callerOf(deps, token) : null;
    if (!caller) return problemResponse(c, 'API.UNAUTHORIZED');
    const member = await members.get(caller.organizationId, caller.userId);
    if (!member) return problemResponse(c, 'API.UNAUTHORIZED');
    const limit = await deps.limiter.hit(bucket, caller.id);
    c.header('RateLimit-Limit', String(bucket.limit));
    c.header('RateLimit-Remaining', String(limit.remaining));
    if (!limit.allowed) {
      return problemResponse(c, 'API.RATE_LIMITED', {
        headers: {
          'retry-after': String(limit.retryAfterSeconds),
          'ratelimit-limit': String(bucket.limit),
          'ratelimit-remaining': '0',
        },
      });
    }
    if (caller.readOnly && !READS.has(c.req.method)) return problemResponse(c, 'API.READ_ONLY_KEY');
    c.set('caller', caller);
    c.set('scope', memberScope({ ...member, via: 'api' }));
    await next();
  };
}
