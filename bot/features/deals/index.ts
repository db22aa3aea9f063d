// Sales and commissions.
import type { Feature } from '../../engine/feature.ts';
import { legacyDialog } from '../shared/legacy-dialog.ts';
import { recordSale, saleDialog } from './deals.handlers.ts';

export const dealsFeature: Feature = {
  name: 'deals',
  intents: { 'sale.record': recordSale },
  dialogs: [legacyDialog('sale', 1, saleDialog)],
};
