// Searching listings and the marketplace.
import type { Feature } from '../../engine/feature.ts';
import { marketDialog } from './market.dialog.ts';
import { searchProperties, showListing } from './search.handlers.ts';

export const searchFeature: Feature = {
  name: 'search',
  intents: { 'property.search': searchProperties },
  dialogs: [marketDialog],
  lists: { listing: showListing },
};
