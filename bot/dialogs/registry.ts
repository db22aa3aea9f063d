// Every multi-step flow, by name. A dialog's state is plain JSON in conversations.state; `version`
// changes when its steps or data change shape, and an older state is then dropped, not misread.
import { appointmentDialog } from '../handlers/appointments.handlers.ts';
import { customerDialog } from '../handlers/customers.handlers.ts';
import { offerDialog } from '../handlers/listings.handlers.ts';
import { requestDialog } from '../handlers/requests.handlers.ts';
import { saleDialog } from '../handlers/sales.handlers.ts';
import { marketDialog } from '../handlers/search.handlers.ts';
import { taskDialog } from '../handlers/tasks.handlers.ts';
import type { DialogState, TurnContext } from '../router/context.ts';

export interface Dialog {
  version: number;
  /** Handles the turn; false lets the pipeline go on (the user asked something else). */
  handle(ctx: TurnContext, state: DialogState): Promise<boolean>;
}

export const dialogs: Record<string, Dialog> = {
  customer: { version: 1, handle: customerDialog },
  task: { version: 1, handle: taskDialog },
  sale: { version: 1, handle: saleDialog },
  offer: { version: 1, handle: offerDialog },
  request: { version: 1, handle: requestDialog },
  market: { version: 1, handle: marketDialog },
  appointment: { version: 1, handle: appointmentDialog },
};
