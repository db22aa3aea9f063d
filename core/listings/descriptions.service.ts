// A listing's advert text, set after the listing was saved: the AI helper's Arabic and English adverts
// accepted in chat (bot/features/listings/advert.ts), or the text the owner or broker typed instead.
// A member needs properties.edit and must see the listing's broker; a homeowner may describe only his own
// listing (the one whose owner is his customer record).
import { audit } from '../audit/audit.ts';
import type { DbTx } from '../db/client.ts';
import { err, ok, type Result } from '../shared/result.ts';
import { truncateGraphemes } from '../shared/sanitize.ts';
import type { Scope } from '../shared/scope.ts';
import { actingMember, authorize, sees } from '../teams/authorize.ts';
import type { ListingErrorCode } from './listings.types.ts';

/** The longest advert kept, per language. */
export const MAX_DESCRIPTION_CHARS = 2_000;

export interface ListingDescription {
  /** the main text (Arabic when both are given) */
  description: string;
  /** the English text beside it; null clears an earlier one (the owner typed one text of his own) */
  descriptionEn: string | null;
  /** a homeowner describing his listing: the customer record he is (the listing's owner) */
  ownerCustomerId?: string;
}

export function createListingDescriptions({ db }: { db: DbTx }) {
  return {
    async setDescription(
      scope: Scope,
      propertyId: string,
      input: ListingDescription,
    ): Promise<Result<true, ListingErrorCode>> {
      authorize(scope, 'properties', 'edit', 'property.describe');
      const description = truncateGraphemes(input.description.trim(), MAX_DESCRIPTION_CHARS);
      const descriptionEn = input.descriptionEn?.trim()
        ? truncateGraphemes(input.descriptionEn.trim(), MAX_DESCRIPTION_CHARS)
        : null;
      if (!description) return err('LISTING.INVALID_INPUT', { field: 'description' });
      const member = actingMember(scope);
      // a contact (a homeowner) names the customer record he is; without one he describes nothing
      if (!member && !input.ownerCustomerId && scope.role !== 'system') return err('LISTING.NOT_FOUND');
      const property = await db.property.findFirst({
        where: {
          id: propertyId,
          organizationId: scope.organizationId,
          ...(member ? {} : input.ownerCustomerId ? { ownerCustomerId: input.ownerCustomerId } : {}),
        },
        select: { id: true, userId: true },
      });
      if (!property || (member && !sees(scope, property.userId))) return err('LISTING.NOT_FOUND');
      await db.property.update({ where: { id: property.id }, data: { description, descriptionEn } });
      await audit(db, scope, {
        action: 'property.described',
        entityType: 'property',
        entityId: property.id,
        details: { languages: descriptionEn ? ['ar', 'en'] : ['one'] },
      });
      return ok(true);
    },
  };
}
