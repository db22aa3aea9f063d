// Searching listings and the marketplace.
import type { Feature } from '../../engine/feature.ts';
import { legacyDialog } from '../shared/legacy-dialog.ts';
import { marketDialog, searchProperties, showListing } from './search.handlers.ts';

export const searchFeature: Feature = {
  name: 'search',
  intents: { 'property.search': searchProperties },
  dialogs: [legacyDialog('market', 1, marketDialog)],
  lists: { listing: showListing },
};
