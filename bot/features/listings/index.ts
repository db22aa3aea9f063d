// Listing a property (brokers and homeowners).
import type { Feature } from '../../engine/feature.ts';
import { legacyDialog } from '../shared/legacy-dialog.ts';
import { createOffer, offerDialog } from './listings.handlers.ts';

export const listingsFeature: Feature = {
  name: 'listings',
  intents: { 'offer.create': createOffer },
  dialogs: [legacyDialog('offer', 1, offerDialog)],
};
