// A listing's new price: the property, and its open offers with the price their marketplace summary and
// full details carry. Matching runs again for the active offers (a lower price may fit new requests).
// Shared by the homeowner's change (owner-listings.service.ts) and a member's (listings.service.ts).
import { randomUUID } from 'node:crypto';
import type { DbTx } from '../db/client.ts';
import type { JobQueue } from '../jobs/job-map.ts';
import type { Scope } from '../shared/scope.ts';
import { comparablePrice } from './listings.types.ts';

/**
 * Sets the price of the property (its deal and rent period as the caller read them); returns the active
 * offers, for which matching was queued.
 */
export async function repriceProperty(
  db: DbTx,
  jobs: JobQueue,
  scope: Scope,
  property: { id: string; listingType: string; rentPeriod: string | null },
  price: number,
  by: 'owner' | 'member',
): Promise<string[]> {
  const propertyId = property.id;
  await db.property.updateMany({ where: { id: propertyId, organizationId: scope.organizationId }, data: { price } });
  const open = await db.offer.findMany({
    where: { organizationId: scope.organizationId, propertyId, status: { in: ['active', 'paused'] } },
    select: { id: true, status: true, summary: true, fullDetails: true },
  });
  for (const offer of open) {
    const withPrice = (json: unknown) => ({ ...(json as object), price });
    await db.offer.update({
      where: { id: offer.id },
      data: {
        // the offer's own price is the one matching compares (a monthly rent's year); its texts keep the listed one
        price: comparablePrice(price, property.listingType, property.rentPeriod),
        summary: withPrice(offer.summary),
        fullDetails: withPrice(offer.fullDetails),
      },
    });
  }
  const active = open.filter((o) => o.status === 'active').map((o) => o.id);
  for (const id of active) {
    await jobs.enqueue(
      'matching.run',
      { kind: 'offer', id },
      { jobId: `match-offer-${id}-${by}-price-${randomUUID()}` },
    );
  }
  return active;
}
