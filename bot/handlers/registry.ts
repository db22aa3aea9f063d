// Which handler answers which intent, and what a number picks in each kind of list.
import type { Intent } from '../nlu/index.ts';
import type { TurnContext } from '../router/context.ts';
import { comingSoon, greeting, help, nothingPending } from './basic.handlers.ts';
import { addCustomerNote, createCustomer, listCustomers, showCustomer, updateCustomer } from './customers.handlers.ts';
import { summary } from './reports.handlers.ts';
import { recordSale } from './sales.handlers.ts';
import type { Handler } from './shared.ts';
import { completeTask, createTask, listTasks, selectTask } from './tasks.handlers.ts';

export const handlers: Partial<Record<Intent, Handler>> = {
  greeting,
  help,
  confirm: nothingPending,
  deny: nothingPending,
  select: nothingPending,
  'customer.create': createCustomer,
  'customer.list': listCustomers,
  'customer.update': updateCustomer,
  'note.add': addCustomerNote,
  'task.create': createTask,
  'task.list': listTasks,
  'task.complete': completeTask,
  'sale.record': recordSale,
  'report.summary': summary,
  // Listings, matching and viewings arrive with their issues; until then Nova says so honestly.
  'request.create': comingSoon,
  'offer.create': comingSoon,
  'property.search': comingSoon,
  'match.list': comingSoon,
  'match.accept': comingSoon,
  'match.reject': comingSoon,
  'appointment.create': comingSoon,
  'appointment.list': comingSoon,
  'appointment.cancel': comingSoon,
  'appointment.reschedule': comingSoon,
};

export const listSelections: Record<string, (ctx: TurnContext, id: string) => Promise<void>> = {
  customer: showCustomer,
  task: selectTask,
};
