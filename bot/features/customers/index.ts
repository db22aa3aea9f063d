// Leads: add, list, update, notes, delete; a team member to add is told who adds members.
import type { Feature } from '../../engine/feature.ts';
import type { Handler } from '../shared/helpers.ts';
import { answerMemberAdd, askDelete, asksToAddMember, asksToDelete, deleteDialog } from './customers.admin.ts';
import { assignWords } from './customers.assign.ts';
import { countWords } from './customers.count.ts';
import { createCustomer, customerDialog } from './customers.dialog.ts';
import {
  addCustomerNote,
  budgetOfRecentCustomer,
  listCustomers,
  lookupWords,
  showCustomer,
  updateCustomer,
} from './customers.handlers.ts';
import { quietWords } from './customers.quiet.ts';
import { summarizeCustomer, summaryWords } from './customers.summary.ts';

const create: Handler = (ctx) => (asksToAddMember(ctx.text) ? answerMemberAdd(ctx) : createCustomer(ctx));
const update: Handler = (ctx) => (asksToDelete(ctx.text) ? askDelete(ctx) : updateCustomer(ctx));

export const customersFeature: Feature = {
  name: 'customers',
  intents: {
    'customer.create': create,
    'customer.list': listCustomers,
    'customer.update': update,
    'note.add': addCustomerNote,
  },
  dialogs: [customerDialog, deleteDialog],
  lists: { customer: showCustomer, 'customer-summary': summarizeCustomer },
  // «كم عميل عندي؟» (customers.count.ts); «لخص لي وضع فهد» / "summarize Fahd" (customers.summary.ts);
  // «ميزانيتها ١٢٠ الف» right after a lead; «حول العميل فهد لليلى» (customers.assign.ts); «تفاصيل محمد»,
  // «رقمه», "Mohammed's details"; «مين ما تواصلت معه من اسبوع» (customers.quiet.ts)
  words: async (ctx) =>
    (await countWords(ctx)) ||
    (await quietWords(ctx)) ||
    (await summaryWords(ctx)) ||
    (await budgetOfRecentCustomer(ctx)) ||
    (await assignWords(ctx)) ||
    lookupWords(ctx),
  // the same asks while a dialog waits: answered aside, and the dialog's question again
  aside: summaryWords,
};
