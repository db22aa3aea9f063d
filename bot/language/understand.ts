// understand(): the offline parser first, the model (core/ai, when configured) only when the parser is
// unsure. The model is given the message, the dialog's open question and the sender's role, nothing else
// (no customer, no history: core/ai/openai.adapter.ts renders exactly these into prompts/understand.v*.md),
// and its answer counts only when it fits the contract's schema (parsed.schema.ts), names a command, and
// names no person (name, phone, e-mail) that the message does not.
// Whatever goes wrong (no key, timeout, an error, a bad answer, the budget, the circuit) leaves the
// parser's own answer, unchanged. What a model reading may then do is the engine's affair
// (bot/engine/understood.ts: a write is confirmed by the user first).
import type { Ai, AiFailure } from '../../core/ai/ai.port.ts';
import { toAsciiDigits } from '../../core/shared/digits.ts';
import type { Scope } from '../../core/shared/scope.ts';
import { looseKey } from './normalize.ts';
import { parse } from './parse.ts';
import { modelParsedSchema, parsedJsonSchema } from './parsed.schema.ts';
import type { Entities, Intent, ParseOptions, ParseResult, Role } from './types.ts';

/** Below this confidence the parser's reading is only a guess (its last-resort rules: 0.2 to 0.65). */
export const UNSURE_BELOW = 0.7;

/** The confidence of a model reading: enough to count as a command over a waiting question (pipeline.ts). */
export const MODEL_CONFIDENCE = 0.8;

/**
 * Short answers the model never re-reads: yes, no, cancel and picking are the user's own acts on what
 * Nova asked, and a model must not decide them.
 */
const ANSWERS = new Set<Intent>(['confirm', 'deny', 'cancel', 'select']);

/** Intents of a property where the message also names a person with a number: a lead or an owner? */
const PROPERTY_INTENTS = new Set<Intent>(['offer.create', 'request.create', 'property.search']);

/**
 * Whether the model may help: the parser found no intent, or guessed (low confidence), or read a property
 * in a message that also names a person with a phone («ابي اضيف واحد اسمه سلطان رقمه … ودوره على ارض»:
 * a new lead with what he wants, or a property and its owner: the rules cannot tell).
 */
export function parserUnsure(p: ParseResult): boolean {
  if (ANSWERS.has(p.intent)) return false;
  if (p.intent === 'unknown' || p.confidence < UNSURE_BELOW) return true;
  return PROPERTY_INTENTS.has(p.intent) && !!p.entities.name && !!p.entities.phone;
}

/**
 * Whether the people a reading names are the message's own: each word of the name, the phone's number
 * and the e-mail address are written in the text. The model has no data, so a person it names that the
 * sender did not write is made up (or smuggled in): the whole answer is discarded rather than a stranger's
 * name or number said back or written.
 */
export function namesGrounded(entities: Entities, text: string): boolean {
  const words = looseKey(text).toLowerCase();
  if (
    entities.name &&
    !looseKey(entities.name)
      .toLowerCase()
      .split(' ')
      .every((w) => words.includes(w))
  )
    return false;
  if (entities.phone) {
    const digits = toAsciiDigits(text).replace(/\D/g, '');
    if (!digits.includes(entities.phone.replace(/\D/g, '').slice(-8))) return false;
  }
  return !entities.email || text.toLowerCase().includes(entities.email);
}

export interface ModelContext {
  ai: Ai;
  scope: Scope;
  /** the dialog's open question (Nova's own last question), if a dialog waits */
  openQuestion?: string | null;
}

export type Understood =
  | {
      by: 'rules';
      parsed: ParseResult;
      /** why the model's answer was not taken: not asked, it failed, it agreed, or its answer was discarded */
      model: 'not_asked' | 'agreed' | 'discarded' | 'no_command' | AiFailure;
    }
  | {
      by: 'model';
      /** the model's intent and entities; numbers, spans and language of the parser (the same text) */
      parsed: ParseResult;
      promptVersion: string;
      /** what the parser read */
      rules: ParseResult;
    };

/** The model's reading of a message the parser already read (`rules`), when the parser is unsure. */
export async function consultModel(
  text: string,
  rules: ParseResult,
  options: ParseOptions & ModelContext,
): Promise<Understood> {
  const role: Role = options.role ?? 'broker';
  if (!options.ai.enabled || !parserUnsure(rules) || !/\p{L}/u.test(text)) {
    return { by: 'rules', parsed: rules, model: 'not_asked' };
  }
  const outcome = await options.ai.understand(options.scope, {
    text,
    lang: rules.language,
    role,
    openQuestion: options.openQuestion ?? null,
    now: options.now,
    timeZone: options.tz ?? 'Asia/Riyadh',
    responseSchema: parsedJsonSchema(),
  });
  if (!outcome.ok) return { by: 'rules', parsed: rules, model: outcome.reason };
  const answer = modelParsedSchema.safeParse(outcome.value);
  if (!answer.success) return { by: 'rules', parsed: rules, model: 'discarded' };
  const { intent, entities } = answer.data;
  if (!namesGrounded(entities, text)) return { by: 'rules', parsed: rules, model: 'discarded' };
  if (intent === 'unknown' || ANSWERS.has(intent)) return { by: 'rules', parsed: rules, model: 'no_command' };
  if (intent === rules.intent) return { by: 'rules', parsed: rules, model: 'agreed' };
  return {
    by: 'model',
    parsed: { ...rules, intent, entities, confidence: MODEL_CONFIDENCE },
    promptVersion: outcome.promptVersion,
    rules,
  };
}

/** Rules first; the model when the rules are unsure and a model is configured. */
export async function understand(text: string, options: ParseOptions & Partial<ModelContext>): Promise<Understood> {
  const rules = parse(text, options);
  if (!options.ai || !options.scope) return { by: 'rules', parsed: rules, model: 'not_asked' };
  return consultModel(text, rules, { ...options, ai: options.ai, scope: options.scope });
}
