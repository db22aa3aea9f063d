// What the admin API is built over, handed in by the composition root (bin/http.ts): core for reads,
// `transact` for writes (one transaction per write, jobs queued after the commit), the credentials'
// checkers, the idempotency store and the rate limiter. Routes never see Prisma.

import type { ApiKeysService } from '../../core/apikeys/apikeys.service.ts';
import type { RateLimiter } from '../../core/auth/rate-limits.ts';
import type { SessionsService } from '../../core/auth/sessions.service.ts';
import type { Core } from '../../core/core.ts';
import type { IdempotencyStore } from '../../core/idempotency/idempotency.store.ts';
import type { Clock } from '../../core/shared/clock.ts';
import type { Logger } from '../../core/shared/logger.ts';
import type { Scope } from '../../core/shared/scope.ts';
import type { Storage } from '../../core/storage/storage.ts';

export interface ApiV1Deps {
  /** core over the pool: reads */
  core: Core;
  /** runs `work` over a core bound to one transaction; its queued jobs go out after the commit */
  transact<T>(work: (core: Core) => Promise<T>): Promise<T>;
  sessions: Pick<SessionsService, 'verifyAccess' | 'live'>;
  apiKeys: Pick<ApiKeysService, 'verify'>;
  idempotency: IdempotencyStore;
  limiter: RateLimiter;
  /** photos and documents (property images upload) */
  storage: Storage;
  /** the signed, expiring /media link of a stored photo (core/storage/media-links.ts) */
  mediaUrl(storageKey: string): string;
  clock: Clock;
  logger: Logger;
  /** calls per caller (API key or member) per window; default 600 a minute */
  rateLimit?: { limit: number; windowMs: number };
}

/** Who calls: a member's access token, or an API key acting as its member. */
export interface Caller {
  kind: 'token' | 'key';
  organizationId: string;
  userId: string;
  /** the API key's id (kind 'key') */
  keyId?: string;
  /** a read-only API key: GET only */
  readOnly: boolean;
  /** "key:<id>" or "user:<id>": the idempotency keys' and the rate limit's caller */
  id: string;
}

export type ApiEnv = { Variables: { caller: Caller; scope: Scope } };
