// Leads: add, list, update, notes.
import type { Feature } from '../../engine/feature.ts';
import { legacyDialog } from '../shared/legacy-dialog.ts';
import {
  addCustomerNote,
  createCustomer,
  customerDialog,
  listCustomers,
  showCustomer,
  updateCustomer,
} from './customers.handlers.ts';

export const customersFeature: Feature = {
  name: 'customers',
  intents: {
    'customer.create': createCustomer,
    'customer.list': listCustomers,
    'customer.update': updateCustomer,
    'note.add': addCustomerNote,
  },
  dialogs: [legacyDialog('customer', 1, customerDialog)],
  lists: { customer: showCustomer },
};
