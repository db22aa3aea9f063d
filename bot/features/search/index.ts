// Searching listings and the marketplace.
import type { Feature } from '../../engine/feature.ts';
import { passQuestionToBroker } from './client.broker.ts';
import { clientListingWords } from './client.words.ts';
import { listingCountWords } from './listings.count.ts';
import { marketDialog } from './market.dialog.ts';
import { searchProperties, showListing } from './search.handlers.ts';

export const searchFeature: Feature = {
  name: 'search',
  intents: { 'property.search': searchProperties },
  dialogs: [marketDialog],
  lists: { listing: showListing },
  // a member's «كم عقار عندي للبيع؟» (listings.count.ts); a client's «المزيد», «الفيلا رقم ١», «ابي
  // اشوفها الخميس ٥», «وش صار على طلبي؟»
  words: async (ctx) => (await listingCountWords(ctx)) || clientListingWords(ctx),
  // a client's question nothing answered goes to his broker
  fallback: passQuestionToBroker,
};
