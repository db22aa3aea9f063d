// Sales and commissions.
import type { Feature } from '../../engine/feature.ts';
import { cutOfLastDeal, recordSale, saleDialog } from './deals.handlers.ts';

export const dealsFeature: Feature = {
  name: 'deals',
  intents: { 'sale.record': recordSale },
  dialogs: [saleDialog],
  // "whats my cut on that" right after a deal
  words: cutOfLastDeal,
};
