// What a feature gives the engine. Each folder under bot/features/ exports one Feature from its
// index.ts; the engine builds its pipeline from the list it is handed (bin/ hands it every feature),
// so the engine imports no feature and a new intent touches only its feature's folder.
import type { Intent } from '../language/index.ts';
import type { TurnContext } from './context.ts';
import type { AnyDialog } from './dialog.ts';

export type Handler = (ctx: TurnContext) => Promise<void>;

export interface Feature {
  name: string;
  /** the handler of each intent this feature answers */
  intents?: Partial<Record<Intent, Handler>>;
  /** its multi-step flows */
  dialogs?: readonly AnyDialog[];
  /** what a bare number picks in a numbered list of each kind this feature shows */
  lists?: Record<string, (ctx: TurnContext, id: string) => Promise<void>>;
  /** buttons answered outside any dialog, by the prefix of their id ("outcome:") */
  choices?: Record<string, (ctx: TurnContext, choiceId: string) => Promise<void>>;
  /**
   * The whole id each standing choice prefix may have (`/^outcome:<uuid>:(done|…)$/`): a pressed id
   * that does not match is refused by the engine before any handler sees it.
   */
  choicePatterns?: Record<string, RegExp>;
  /**
   * Phrases the parser has no intent for, tried after list selection and before the intents
   * (working hours, holidays): true when the turn was answered.
   */
  words?: (ctx: TurnContext) => Promise<boolean>;
  /**
   * Asks that are never an answer to a dialog's question («وش اخر شي صار مع خالد» while "update the
   * existing customer?" waits): answered while a dialog waits, which then asks its question again. Only
   * unmistakable phrases: anything it claims is taken from the dialog.
   */
  aside?: (ctx: TurnContext) => Promise<boolean>;
  /**
   * A message nothing understood, before "I didn't quite get that": true when the feature answered it
   * (a client's question only the broker can answer is passed to him).
   */
  fallback?: (ctx: TurnContext) => Promise<boolean>;
}

export interface FeatureRegistry {
  intents: Partial<Record<Intent, Handler>>;
  dialogs: ReadonlyMap<string, AnyDialog>;
  /** the intents of the feature that owns each dialog: by default they answer its questions */
  dialogIntents: ReadonlyMap<string, ReadonlySet<Intent>>;
  lists: Record<string, (ctx: TurnContext, id: string) => Promise<void>>;
  choices: ReadonlyArray<
    [prefix: string, (ctx: TurnContext, choiceId: string) => Promise<void>, pattern?: RegExp | undefined]
  >;
  words: ReadonlyArray<(ctx: TurnContext) => Promise<boolean>>;
  asides: ReadonlyArray<(ctx: TurnContext) => Promise<boolean>>;
  fallbacks: ReadonlyArray<(ctx: TurnContext) => Promise<boolean>>;
}

/** One registry from the features; two features claiming the same intent, dialog or list is a bug. */
export function registerFeatures(features: readonly Feature[]): FeatureRegistry {
  const intents: FeatureRegistry['intents'] = {};
  const dialogs = new Map<string, AnyDialog>();
  const dialogIntents = new Map<string, ReadonlySet<Intent>>();
  const lists: FeatureRegistry['lists'] = {};
  const choices: Array<[string, (ctx: TurnContext, choiceId: string) => Promise<void>, RegExp | undefined]> = [];
  const words: Array<(ctx: TurnContext) => Promise<boolean>> = [];
  const asides: Array<(ctx: TurnContext) => Promise<boolean>> = [];
  const fallbacks: Array<(ctx: TurnContext) => Promise<boolean>> = [];
  const claim = (what: string, taken: boolean, by: string) => {
    if (taken) throw new Error(`${what} is registered twice (again by feature ${by})`);
  };
  for (const f of features) {
    for (const [intent, handler] of Object.entries(f.intents ?? {}) as Array<[Intent, Handler]>) {
      claim(`intent ${intent}`, intent in intents, f.name);
      intents[intent] = handler;
    }
    for (const d of f.dialogs ?? []) {
      claim(`dialog ${d.name}`, dialogs.has(d.name), f.name);
      dialogs.set(d.name, d);
      dialogIntents.set(d.name, new Set(Object.keys(f.intents ?? {}) as Intent[]));
    }
    for (const [kind, select] of Object.entries(f.lists ?? {})) {
      claim(`list ${kind}`, kind in lists, f.name);
      lists[kind] = select;
    }
    for (const [prefix, answer] of Object.entries(f.choices ?? {})) {
      claim(
        `choice ${prefix}`,
        choices.some(([p]) => p === prefix),
        f.name,
      );
      choices.push([prefix, answer, f.choicePatterns?.[prefix]]);
    }
    if (f.words) words.push(f.words);
    if (f.aside) asides.push(f.aside);
    if (f.fallback) fallbacks.push(f.fallback);
  }
  return { intents, dialogs, dialogIntents, lists, choices, words, asides, fallbacks };
}
