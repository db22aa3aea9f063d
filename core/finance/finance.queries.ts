// Reads of the finance module: which of the office's listings a deal is about.

import type { DbTx } from '../db/client.ts';
import type { PropertyType } from '../requests/requests.service.ts';
import { fitsInt4 } from '../shared/limits.ts';
import type { Scope } from '../shared/scope.ts';

/** What a sale message says about the property: its reference number, or where and what it is. */
export interface SoldPropertyHints {
  ref?: number;
  district?: string;
  city?: string;
  propertyType?: PropertyType;
}

export interface SoldProperty {
  id: string;
  title: string;
  refNumber: number;
  ownerCustomerId: string | null;
}

export function createFinanceQueries({ db }: { db: DbTx }) {
  return {
    /**
     * The office's active listing the sale is about: the one with that reference number, else the only
     * one at that place of that type. Null when none or several fit (a guess would close the wrong one).
     */
    async soldProperty(scope: Scope, hints: SoldPropertyHints): Promise<SoldProperty | null> {
      const active = await this.findSold(scope, hints, ['active']);
      if (active) return active;
      // "بعنا فيلا النرجس" again after it was recorded: the listing already sold is the one meant, so
      // that the sale is recognised as recorded instead of stored twice
      return this.findSold(scope, hints, ['sold', 'rented']);
    },

    async findSold(
      scope: Scope,
      hints: SoldPropertyHints,
      statuses: Array<'active' | 'sold' | 'rented'>,
    ): Promise<SoldProperty | null> {
      const where = { organizationId: scope.organizationId, status: { in: statuses } };
      const select = { id: true, title: true, refNumber: true, ownerCustomerId: true };
      // a reference number beyond int4 is no property (and would fail the query)
      if (hints.ref)
        return fitsInt4(hints.ref)
          ? db.property.findFirst({ where: { ...where, refNumber: hints.ref }, select })
          : null;
      if (!hints.district && !hints.propertyType && !hints.city) return null;
      const found = await db.property.findMany({
        where: {
          ...where,
          ...(hints.district ? { district: hints.district } : {}),
          ...(hints.city ? { city: hints.city } : {}),
          ...(hints.propertyType ? { propertyType: hints.propertyType } : {}),
        },
        take: 2,
        select,
      });
      return found.length === 1 ? found[0]! : null;
    },
  };
}

export type FinanceQueries = ReturnType<typeof createFinanceQueries>;
