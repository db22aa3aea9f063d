// The secret of a broker's calendar feed, created when missing. It also keys the signed .ics links of
// his appointments. Booking and rescheduling make sure of it before they write the appointment: taking
// the users row lock before (never after) the appointment's range keeps concurrent bookings free of
// deadlocks.
import { randomBytes } from 'node:crypto';
import type { DbTx } from '../db/client.ts';
import type { Scope } from '../shared/scope.ts';

/** The broker's feed token; null when he is not a member of the scope's organization. */
export async function ensureFeedToken(db: DbTx, scope: Scope, userId: string): Promise<string | null> {
  const where = { id: userId, organizationId: scope.organizationId };
  const found = await db.user.findFirst({ where, select: { calendarFeedToken: true } });
  if (!found) return null;
  if (found.calendarFeedToken) return found.calendarFeedToken;
  await db.user.updateMany({
    where: { ...where, calendarFeedToken: null },
    data: { calendarFeedToken: randomBytes(24).toString('base64url') },
  });
  const again = await db.user.findFirstOrThrow({ where, select: { calendarFeedToken: true } });
  return again.calendarFeedToken;
}

/**
 * A new secret for the broker's feed, replacing the old one at once: the old feed URL answers 404 from
 * the commit on, and so do the signed .ics links of his viewings (they were keyed by the old secret,
 * and whoever holds a leaked token could forge them). Null for another office's member.
 */
export async function rotateFeedToken(db: DbTx, scope: Scope, userId: string): Promise<string | null> {
  const token = randomBytes(24).toString('base64url');
  const changed = await db.user.updateMany({
    where: { id: userId, organizationId: scope.organizationId },
    data: { calendarFeedToken: token },
  });
  return changed.count === 1 ? token : null;
}
