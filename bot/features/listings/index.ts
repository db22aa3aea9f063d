// Listing a property (brokers and homeowners).
import type { Feature } from '../../engine/feature.ts';
import { createOffer } from './listings.handlers.ts';
import { offerDialog } from './offer.dialog.ts';

export const listingsFeature: Feature = {
  name: 'listings',
  intents: { 'offer.create': createOffer },
  dialogs: [offerDialog],
};
