// What the engine reads about a channel account on every message (its office, kind, time zone, city,
// whether it is enabled), kept in the process for a short while: two round trips fewer per turn. An
// account changes rarely (a channel disabled, an office's time zone); a minute's delay is acceptable.
import type { Db } from '../../core/db/client.ts';
import type { ChannelKind } from '../types.ts';

export interface AccountInfo {
  organizationId: string;
  kind: ChannelKind;
  isEnabled: boolean;
  timeZone: string;
  /** the office's city (English gazetteer name), when it has one */
  city: string | null;
}

export const ACCOUNT_CACHE_MS = 60_000;

export function createAccountCache(db: Db, ttlMs = ACCOUNT_CACHE_MS) {
  const cache = new Map<string, { info: AccountInfo; until: number }>();
  return {
    /** The account, or null when there is none with this id. */
    async get(accountId: string): Promise<AccountInfo | null> {
      const hit = cache.get(accountId);
      if (hit && hit.until > Date.now()) return hit.info;
      const row = await db.channelAccount.findUnique({
        where: { id: accountId },
        select: {
          organizationId: true,
          kind: true,
          isEnabled: true,
          organization: { select: { timeZone: true, city: true } },
        },
      });
      if (!row) return null;
      const info: AccountInfo = {
        organizationId: row.organizationId,
        kind: row.kind,
        isEnabled: row.isEnabled,
        timeZone: row.organization.timeZone,
        city: row.organization.city,
      };
      cache.set(accountId, { info, until: Date.now() + ttlMs });
      return info;
    },
  };
}

export type AccountCache = ReturnType<typeof createAccountCache>;
