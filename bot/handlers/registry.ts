// Which handler answers which intent, and what a number picks in each kind of list.
import type { Intent } from '../nlu/index.ts';
import type { TurnContext } from '../router/context.ts';
import {
  cancelAppointment,
  createAppointment,
  listAppointments,
  rescheduleAppointment,
  showAppointment,
} from './appointments.handlers.ts';
import { greeting, help, nothingPending } from './basic.handlers.ts';
import { addCustomerNote, createCustomer, listCustomers, showCustomer, updateCustomer } from './customers.handlers.ts';
import { createOffer } from './listings.handlers.ts';
import { acceptMatch, listMatches, rejectMatch, showMatch } from './matches.handlers.ts';
import { summary } from './reports.handlers.ts';
import { createRequest } from './requests.handlers.ts';
import { recordSale } from './sales.handlers.ts';
import { searchProperties, showListing } from './search.handlers.ts';
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
  'request.create': createRequest,
  'offer.create': createOffer,
  'property.search': searchProperties,
  'match.list': listMatches,
  'match.accept': acceptMatch,
  'match.reject': rejectMatch,
  'appointment.create': createAppointment,
  'appointment.list': listAppointments,
  'appointment.cancel': cancelAppointment,
  'appointment.reschedule': rescheduleAppointment,
};

export const listSelections: Record<string, (ctx: TurnContext, id: string) => Promise<void>> = {
  customer: showCustomer,
  task: selectTask,
  listing: showListing,
  match: showMatch,
  appointment: showAppointment,
};
