// Every multi-step flow, by name. A dialog's state is plain JSON in conversations.state; `version`
// changes when its steps or data change shape, and an older state is then dropped, not misread.
import { customerDialog } from '../handlers/customers.handlers.ts';
import { saleDialog } from '../handlers/sales.handlers.ts';
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
};
