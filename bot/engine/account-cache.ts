// What the engine reads about a channel account on every message (its office, kind, time zone, city,
// quiet hours, whether it is enabled), kept in the process for a short while: round trips fewer per
// turn. An account changes rarely (a channel disabled, an office's time zone or quiet hours); a
// minute's delay is acceptable.
import type { Db } from '../../core/db/client.ts';
import { type QuietHours, rhythmSettings } from '../../core/notifications/daily-rhythm.ts';
import type { ChannelKind } from '../types.ts';

export interface AccountInfo {
  organizationId: string;
  kind: ChannelKind;
  isEnabled: boolean;
  timeZone: string;
  /** the office's city (English gazetteer name), when it has one */
  city: string | null;
  /** the office's quiet hours (core/notifications/daily-rhythm.ts), null when it has none */
  quietHours: QuietHours | null;
}

export const ACCOUNT_CACHE_MS = 60_000;

export function createAccountCache(db: Db, ttlMs = ACCOUNT_CACHE_MS) {
  // The read itself is kept, not only its answer: the messages of a burst that find the account
  // unread (a process just started, the minute just passed) wait for one read instead of each making one.
  const cache = new Map<string, { info: Promise<AccountInfo | null>; until: number }>();
  const read = async (accountId: string): Promise<AccountInfo | null> => {
    const row = await db.channelAccount.findUnique({
      where: { id: accountId },
      select: {
        organizationId: true,
        kind: true,
        isEnabled: true,
        organization: { select: { timeZone: true, city: true, settings: true } },
      },
    });
    if (!row) return null;
    return {
      organizationId: row.organizationId,
      kind: row.kind,
      isEnabled: row.isEnabled,
      timeZone: row.organization.timeZone,
      city: row.organization.city,
      quietHours: rhythmSettings(row.organization.settings).quietHours,
    };
  };
  return {
    /** The account, or null when there is none with this id. */
    async get(accountId: string): Promise<AccountInfo | null> {
      const hit = cache.get(accountId);
      if (hit && hit.until > Date.now()) return hit.info;
      const info = read(accountId);
      cache.set(accountId, { info, until: Date.now() + ttlMs });
      // An account not found, or a failed read, is not kept: the next message reads again.
      const found = await info.catch((error) => {
        cache.delete(accountId);
        throw error;
      });
      if (!found) cache.delete(accountId);
      return found;
    },
  };
}

export type AccountCache = ReturnType<typeof createAccountCache>;
