// Listing a property (brokers and homeowners).
import type { Feature } from '../../engine/feature.ts';
import { advertDialog } from './advert.ts';
import { createOffer } from './listings.handlers.ts';
import { memberListingWords } from './member-listing.ts';
import { offerDialog } from './offer.dialog.ts';
import { ownerDialog, ownerWords } from './owner.dialog.ts';
import { sendListingWords } from './send-listing.ts';

export const listingsFeature: Feature = {
  name: 'listings',
  intents: { 'offer.create': createOffer },
  dialogs: [offerDialog, advertDialog, ownerDialog],
  // a homeowner's «عقاراتي», «نزل السعر لمليون و٩٠٠», «وقف الإعلان», «انباع» (contacts); a member's
  // «غير سعر العقار ٤ الى ٦٥ الف», «وقف العقار ٢», «رجع العقار ٢», «ارسل العقار ١ لفهد»
  words: async (ctx) => (await ownerWords(ctx)) || (await memberListingWords(ctx)) || sendListingWords(ctx),
};
