// Sales and commissions.
import type { Feature } from '../../engine/feature.ts';
import { recordSale, saleDialog } from './deals.handlers.ts';

export const dealsFeature: Feature = {
  name: 'deals',
  intents: { 'sale.record': recordSale },
  dialogs: [saleDialog],
};
