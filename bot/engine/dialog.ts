// Typed dialogs. A dialog's state is plain JSON in conversations.state ({ name, v, step, data }); its
// zod schema is the only way in, so a stored state written by another version of the code, or
// damaged, is dropped rather than misread. Handlers start, continue and end dialogs through the
// definition, never by writing ctx.state.dialog by hand.
import type { z } from 'zod';
import type { TurnContext } from './context.ts';

export interface DialogTurn<Step extends string, Data> {
  step: Step;
  data: Data;
}

export interface Dialog<Step extends string = string, Data = unknown> {
  readonly name: string;
  readonly version: number;
  readonly steps: readonly Step[];
  readonly schema: z.ZodType<Data>;
  /** Handles the turn; false lets the pipeline go on (the user asked something else). */
  handle(ctx: TurnContext, turn: DialogTurn<Step, Data>): Promise<boolean>;
  /**
   * Whether this message answers the step asked (the dialog policy, docs/conversation-engine.md): a
   * confident command it does not accept parks the dialog and runs; a typed number it accepts is the
   * answer, not a choice; a message that is neither (thanks, a greeting) is answered aside and the question
   * stays. Without it (or when it says undefined), the intents of the dialog's own feature answer when
   * the message is mostly values, and every other confident command interrupts.
   */
  accepts?(ctx: TurnContext, turn: DialogTurn<Step, Data>): boolean | undefined;
  /** What the user was doing, for the offer to go back ("تضيف عقار الصحافة" → «كنت تضيف عقار الصحافة، نكمل؟»). */
  about?(data: Data): { ar: string; en: string };
  /** Starts the dialog (or moves it to another step) with this state. */
  start(ctx: TurnContext, step: Step, data: Data): void;
  /** Ends the dialog if it is the active one. */
  end(ctx: TurnContext): void;
  /** The active state of this dialog, validated; undefined when another (or none) is active. */
  read(ctx: TurnContext): DialogTurn<Step, Data> | undefined;
  /**
   * Continues the stored dialog: what handle() answers, or undefined when the stored state does not
   * fit this version's schema (the pipeline then drops it).
   */
  resume(ctx: TurnContext): Promise<boolean | undefined>;
}

/** An untyped view of any dialog, for the registry and the pipeline. */
// biome-ignore lint/suspicious/noExplicitAny: the registry holds dialogs of every state type
export type AnyDialog = Dialog<string, any>;

export function defineDialog<const Step extends string, Data>(def: {
  name: string;
  version: number;
  steps: readonly Step[];
  schema: z.ZodType<Data>;
  handle(ctx: TurnContext, turn: DialogTurn<Step, Data>): Promise<boolean>;
  accepts?(ctx: TurnContext, turn: DialogTurn<Step, Data>): boolean | undefined;
  about?(data: Data): { ar: string; en: string };
}): Dialog<Step, Data> {
  const dialog: Dialog<Step, Data> = {
    ...def,
    start(ctx, step, data) {
      // The question asked at this step is kept (the engine records it after the turn) while the step stays.
      const ask =
        ctx.state.dialog?.name === def.name && ctx.state.dialog.step === step ? ctx.state.dialog.ask : undefined;
      ctx.state.dialog = { name: def.name, v: def.version, step, data: data as Record<string, unknown> };
      if (ask) ctx.state.dialog.ask = ask;
    },
    end(ctx) {
      if (ctx.state.dialog?.name === def.name) delete ctx.state.dialog;
    },
    read(ctx) {
      const stored = ctx.state.dialog;
      if (!stored || stored.name !== def.name || stored.v !== def.version) return undefined;
      if (!(def.steps as readonly string[]).includes(stored.step)) return undefined;
      const data = def.schema.safeParse(stored.data ?? {});
      return data.success ? { step: stored.step as Step, data: data.data } : undefined;
    },
    async resume(ctx) {
      const turn = dialog.read(ctx);
      return turn ? def.handle(ctx, turn) : undefined;
    },
  };
  return dialog;
}

/**
 * Ends whatever dialog is active, whichever feature it belongs to: for a message that changes a
 * standing setting (working hours), after which no earlier question is still waiting for its answer.
 */
export function endActiveDialog(ctx: TurnContext): void {
  delete ctx.state.dialog;
}
