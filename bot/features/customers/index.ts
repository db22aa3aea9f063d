// Leads: add, list, update, notes.
import type { Feature } from '../../engine/feature.ts';
import { createCustomer, customerDialog } from './customers.dialog.ts';
import { addCustomerNote, listCustomers, showCustomer, updateCustomer } from './customers.handlers.ts';

export const customersFeature: Feature = {
  name: 'customers',
  intents: {
    'customer.create': createCustomer,
    'customer.list': listCustomers,
    'customer.update': updateCustomer,
    'note.add': addCustomerNote,
  },
  dialogs: [customerDialog],
  lists: { customer: showCustomer },
};
