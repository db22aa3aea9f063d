// The understanding fallback in the turn (bot/language/understand.ts has the rules of when and how):
// - askModel, just before the intent handlers: a message nothing else took (no dialog, choice, list or
//   phrase of a feature) and that the parser is unsure of goes to the model. A reading the model alone
//   made that would WRITE something is said back and waits for the user's yes («فهمت: عميل جديد …
//   صح؟»); a reading that only looks something up runs at once. Either way it then goes through the same
//   handlers, permissions (core refuses what the sender's role may not do) and dialogs as the parser's.
// - understoodAnswer, right after the message is read: the yes runs the reading as if the parser had
//   produced it (the rest of the pipeline, from the dialog policy on); the no drops it; anything else
//   drops it too and is read afresh.
import { z } from 'zod';
import { contactScope, memberScope, type Scope } from '../../core/shared/scope.ts';
import {
  consultModel,
  INTENTS,
  type Intent,
  MODEL_CONFIDENCE,
  modelParsedSchema,
  parse,
  type Role,
} from '../language/index.ts';
import { t } from '../render/texts.ts';
import { describeUnderstood } from '../render/understood.ts';
import type { Middleware } from './compose.ts';
import type { TurnContext } from './context.ts';

/** Intents that change something: a model reading of one of these runs only after the user's yes. */
export const WRITE_INTENTS: ReadonlySet<Intent> = new Set<Intent>([
  'customer.create',
  'customer.update',
  'note.add',
  'request.create',
  'offer.create',
  'match.accept',
  'match.reject',
  'appointment.create',
  'appointment.cancel',
  'appointment.reschedule',
  'task.create',
  'task.complete',
  'sale.record',
]);

/** How long the question «فهمت: … صح؟» waits for its answer. */
export const UNDERSTOOD_TTL_MS = 30 * 60_000;

/** What waits for the yes, in conversations.state.understood. */
const pendingSchema = z.object({
  v: z.literal(1),
  text: z.string(),
  intent: z.enum(INTENTS),
  entities: z.record(z.string(), z.unknown()),
  promptVersion: z.string(),
  at: z.iso.datetime({ offset: true }),
});
export type PendingUnderstood = z.infer<typeof pendingSchema>;

const roleOf = (ctx: TurnContext): Role =>
  ctx.actor.kind === 'member' ? 'broker' : ctx.actor.role === 'owner' ? 'owner' : 'client';

const scopeOf = (ctx: TurnContext): Scope =>
  ctx.actor.kind === 'member' ? memberScope(ctx.actor.member) : contactScope(ctx.organizationId);

export const understoodAnswer: Middleware<TurnContext> = async (ctx, next) => {
  const stored = ctx.state.understood;
  if (stored === undefined) return next();
  delete ctx.state.understood; // asked once: whatever the answer, it is not asked again
  const read = pendingSchema.safeParse(stored);
  const pending = read.success ? read.data : undefined;
  const reading = pending && modelParsedSchema.safeParse({ intent: pending.intent, entities: pending.entities });
  const fresh = pending && Date.parse(pending.at) + UNDERSTOOD_TTL_MS > ctx.now.getTime();
  if (!pending || !reading?.success || !fresh) return next();
  if (ctx.choice === 'confirm') {
    const rules = parse(pending.text, { now: ctx.now, tz: ctx.tz, role: roleOf(ctx) });
    ctx.text = pending.text;
    ctx.parsed = { ...rules, ...reading.data, confidence: MODEL_CONFIDENCE };
    ctx.parsedBy = 'model';
    ctx.choice = undefined;
    ctx.choiceTyped = undefined;
    ctx.offeredChoices = undefined;
    ctx.offeredLabels = undefined;
    ctx.logger.info({ intent: pending.intent, promptVersion: pending.promptVersion }, 'model reading confirmed');
    return next();
  }
  if (ctx.choice === 'deny') {
    ctx.reply(
      t(
        ctx.lang,
        'تمام، ما سويت شي. اكتبها لي بطريقة ثانية، أو اكتب «مساعدة» وأوريك وش أقدر أسوي.',
        'OK, I did nothing. Please write it another way, or type "help" to see what I can do.',
      ),
    );
    return;
  }
  await next();
};

export const askModel: Middleware<TurnContext> = async (ctx, next) => {
  const parsed = ctx.parsed;
  const ai = ctx.core.ai;
  if (
    !parsed ||
    ai?.enabled !== true ||
    ctx.parsedBy === 'model' ||
    ctx.choice ||
    !ctx.text ||
    ctx.text.startsWith('/') ||
    (ctx.inbound.kind !== 'text' && ctx.inbound.kind !== 'media')
  ) {
    return next();
  }
  const understood = await consultModel(ctx.text, parsed, {
    now: ctx.now,
    tz: ctx.tz,
    role: roleOf(ctx),
    ai,
    scope: scopeOf(ctx),
    openQuestion: ctx.state.dialog?.ask?.text ?? null,
  });
  if (understood.by === 'rules') {
    if (understood.model !== 'not_asked') ctx.logger.info({ model: understood.model }, 'parser answer stands');
    return next();
  }
  const { intent, entities } = understood.parsed;
  ctx.logger.info({ intent, rules: understood.rules.intent, promptVersion: understood.promptVersion }, 'model reading');
  if (WRITE_INTENTS.has(intent)) {
    const pending: PendingUnderstood = {
      v: 1,
      text: ctx.text,
      intent,
      entities: entities as Record<string, unknown>,
      promptVersion: understood.promptVersion,
      at: ctx.now.toISOString(),
    };
    ctx.state.understood = pending;
    ctx.reply({
      text: describeUnderstood(ctx.lang, intent, entities, ctx.tz),
      choices: [
        { id: 'confirm', label: t(ctx.lang, 'نعم', 'Yes') },
        { id: 'deny', label: t(ctx.lang, 'لا', 'No') },
      ],
    });
    return;
  }
  ctx.parsed = understood.parsed;
  ctx.parsedBy = 'model';
  await next();
};
