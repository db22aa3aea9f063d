// Idempotency keys of the admin API: a POST sent with an `Idempotency-Key` header is done once per caller
// and key; a retry (a lost answer, a client's timeout) gets the first answer again, with its status,
// instead of a second customer. The same key with another body (or on another path) is refused: it is a
// bug of the caller, not a retry. Kept 24 hours.
//
// One row per (office, caller, key): claimed before the work (status null), completed with the answer
// after it. A claim whose work crashed (no answer after CLAIM_STALE_MS) is taken over by the next retry.
import type { DbTx } from '../db/client.ts';
import type { Clock } from '../shared/clock.ts';
import type { Scope } from '../shared/scope.ts';

export const IDEMPOTENCY_TTL_MS = 24 * 3_600_000;
/** a claim without an answer after this long was abandoned (the process stopped mid-request) */
export const CLAIM_STALE_MS = 60_000;

export interface IdempotentRequest {
  /** who sent it: "key:<api key id>" or "user:<user id>" */
  caller: string;
  key: string;
  method: string;
  path: string;
  /** SHA-256 of method, path and body */
  requestHash: string;
}

/** The answer kept for a replay. */
export interface StoredAnswer {
  body: unknown;
  headers: Record<string, string>;
}

export type Claim =
  /** first time: do the work, then complete() (or release() when it failed) */
  | { kind: 'new'; id: string }
  /** done before: answer this again */
  | { kind: 'replay'; status: number; answer: StoredAnswer }
  /** the same key with another request */
  | { kind: 'mismatch' }
  /** the first request is still running */
  | { kind: 'in_progress' };

export function createIdempotencyStore({ db, clock }: { db: DbTx; clock: Clock }) {
  return {
    async claim(scope: Scope, req: IdempotentRequest): Promise<Claim> {
      const now = clock.now();
      const expires = new Date(now.getTime() + IDEMPOTENCY_TTL_MS);
      for (let attempt = 0; attempt < 3; attempt++) {
        const inserted = await db.$queryRaw<Array<{ id: string }>>`
          INSERT INTO idempotency_keys (organization_id, caller, key, method, path, request_hash, created_at, expires_at)
          VALUES (${scope.organizationId}::uuid, ${req.caller}, ${req.key}, ${req.method}, ${req.path},
                  ${req.requestHash}, ${now}::timestamptz, ${expires}::timestamptz)
          ON CONFLICT (organization_id, caller, key) DO NOTHING
          RETURNING id`;
        if (inserted[0]) return { kind: 'new', id: inserted[0].id };
        const row = await db.idempotencyKey.findUnique({
          where: {
            organizationId_caller_key: { organizationId: scope.organizationId, caller: req.caller, key: req.key },
          },
        });
        if (!row) continue; // expired and swept in between: claim again
        if (row.expiresAt.getTime() <= now.getTime()) {
          await db.idempotencyKey.deleteMany({ where: { id: row.id, expiresAt: { lte: now } } });
          continue;
        }
        if (row.requestHash !== req.requestHash) return { kind: 'mismatch' };
        if (row.status === null) {
          if (now.getTime() - row.createdAt.getTime() < CLAIM_STALE_MS) return { kind: 'in_progress' };
          const taken = await db.idempotencyKey.updateMany({
            where: { id: row.id, status: null, createdAt: row.createdAt },
            data: { createdAt: now },
          });
          if (taken.count === 1) return { kind: 'new', id: row.id };
          continue;
        }
        return { kind: 'replay', status: row.status, answer: row.response as unknown as StoredAnswer };
      }
      return { kind: 'in_progress' };
    },

    /** Keeps the answer of a claimed request for its retries. */
    async complete(scope: Scope, id: string, status: number, answer: StoredAnswer): Promise<void> {
      await db.idempotencyKey.updateMany({
        where: { id, organizationId: scope.organizationId },
        data: { status, response: answer as object },
      });
    },

    /** Forgets a claim whose work failed (a server error): the retry does the work again. */
    async release(scope: Scope, id: string): Promise<void> {
      await db.idempotencyKey.deleteMany({ where: { id, organizationId: scope.organizationId, status: null } });
    },

    /** Deletes the keys older than 24 hours. */
    async sweep(): Promise<number> {
      const { count } = await db.idempotencyKey.deleteMany({ where: { expiresAt: { lt: clock.now() } } });
      return count;
    },
  };
}

export type IdempotencyStore = ReturnType<typeof createIdempotencyStore>;
