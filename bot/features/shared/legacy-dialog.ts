// TEMPORARY: wraps a dialog written before typed dialogs (bot/engine/dialog.ts). Removed when every
// feature defines its dialogs with defineDialog.
import type { DialogState, TurnContext } from '../../engine/context.ts';
import type { AnyDialog } from '../../engine/dialog.ts';

export function legacyDialog(
  name: string,
  version: number,
  handle: (ctx: TurnContext, state: DialogState) => Promise<boolean>,
): AnyDialog {
  return {
    name,
    version,
    steps: [],
    schema: undefined as never,
    handle: async () => false,
    start: () => undefined,
    end: (ctx) => {
      if (ctx.state.dialog?.name === name) delete ctx.state.dialog;
    },
    read: () => undefined,
    async resume(ctx) {
      const stored = ctx.state.dialog;
      if (!stored || stored.name !== name || stored.v !== version) return undefined;
      return handle(ctx, stored);
    },
  };
}
