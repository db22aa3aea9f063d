// The turn's middleware, in order: identify the actor and load its state → read the message → parse →
// active dialog → commands → list selection → intent handlers → fallback. (Dedupe and per-chat
// serialization happen before, in the inbox and the turn runner; the error boundary wraps it all.)

import { toE164 } from '../../core/shared/phone.ts';
import { truncateGraphemes } from '../../core/shared/sanitize.ts';
import { contactScope } from '../../core/shared/scope.ts';
import { editDistance } from '../../core/shared/text.ts';
import { normalizeArabic, parse, type SpanKind, textWithout } from '../language/index.ts';
import { formatNumber } from '../render/format.ts';
import { cancelled, helpText, nothingToCancel, startingOver, t } from '../render/texts.ts';
import { compose, type Middleware } from './compose.ts';
import { type ConversationState, DIALOG_TTL_MS, type EngineTurn, type TurnContext } from './context.ts';
import type { AnyDialog, DialogTurn } from './dialog.ts';
import { type Feature, type FeatureRegistry, registerFeatures } from './feature.ts';
import { welcomeJoined } from './joined.ts';
import { refuseForbidden } from './refusal.ts';
import { askModel, understoodAnswer } from './understood.ts';
import { voiceNote } from './voice.ts';
import { firstName, helpRoleOf } from './who.ts';

/** Longest text the parser reads; longer messages are answered from their beginning. */
export const MAX_ANALYSED_CHARS = 4_000;

const identifyActor: Middleware<EngineTurn> = async (ctx, next) => {
  const { inbound } = ctx;
  const account = await ctx.account(inbound.channelAccountId);
  if (!account) throw new Error(`unknown channel account ${inbound.channelAccountId}`);
  ctx.channel = { accountId: inbound.channelAccountId, kind: account.kind };
  ctx.tz = account.timeZone;
  if (account.city) ctx.officeCity = account.city;
  const phone = inbound.sender.phone ? toE164(inbound.sender.phone) : undefined;
  const scope = contactScope(ctx.organizationId);
  const contact = await ctx.core.contacts.identify(scope, {
    channelAccountId: inbound.channelAccountId,
    externalId: inbound.sender.externalId,
    phone,
    displayName: inbound.sender.displayName,
    at: ctx.now,
  });
  // Who the phone is in the office came with the contact (the same statement).
  const person = ctx.core.teams.personOf(contact.access);
  let member = person?.kind === 'member' ? person.member : null;
  // An invited member's first message joins her (pending → active): this turn is already hers as a member.
  const joined =
    person?.kind === 'invited' && contact.phone
      ? await ctx.core.members.joinOnFirstMessage({ ...scope, via: account.kind }, contact.phone)
      : null;
  if (joined && contact.phone) member = await ctx.core.teams.memberByPhone(scope, contact.phone);
  if (member && contact.userId !== member.userId) {
    await ctx.core.contacts.linkMember(scope, contact.id, member.userId);
  }
  ctx.contact = {
    id: contact.id,
    phone: contact.phone,
    displayName: contact.displayName,
    language: contact.language,
    role: member ? 'broker' : contact.role,
    userId: member?.userId ?? contact.userId,
    customerId: contact.customerId,
  };
  ctx.actor = member
    ? { kind: 'member', member: { ...member, via: account.kind } } // memberScope(member) audits the channel
    : { kind: 'contact', role: contact.role, customerId: contact.customerId };
  ctx.lang = contact.language === 'en' ? 'en' : 'ar';
  // The dialog state, read with the contact: a dialog left waiting longer than DIALOG_TTL_MS is over,
  // and the message is read afresh.
  const state = contact.conversation?.state;
  ctx.state = state && typeof state === 'object' && !Array.isArray(state) ? (state as ConversationState) : {};
  const expiresAt = contact.conversation?.expiresAt;
  if (ctx.state.dialog && expiresAt && expiresAt <= ctx.now) delete ctx.state.dialog;
  // Notices that waited for this member to write (Telegram: no chat before his first message), oldest
  // first, as notices of this turn; they are marked delivered in the same transaction.
  if (member) {
    for (const queued of await ctx.core.notifications.takeQueuedForMember(scope, member.userId, ctx.now)) {
      ctx.notify({
        contactId: contact.id,
        channelAccountId: inbound.channelAccountId,
        chatId: inbound.chatId,
        message: queued.message,
      });
    }
  }
  await (joined && member ? welcomeJoined(ctx, joined, next) : next());
};

/** Any id a standing choice may have when its feature gives no pattern: no spaces, quotes or semicolons. */
const STANDING_CHOICE_ID = /^[\w:.-]{1,200}$/u;

/**
 * Whether a pressed choice id is one Nova offered: a choice of the last reply, of the question the
 * waiting dialog asked (its buttons stay on screen while it waits), or a standing choice whose id
 * matches its feature's pattern. Anything else came from an old button or a forged request (a web chat
 * POST, a Telegram callback_data) and must never reach a handler.
 */
export function isOfferedChoice(
  registry: FeatureRegistry,
  state: ConversationState,
  offered: readonly string[] | undefined,
  id: string,
): boolean {
  if (offered?.includes(id)) return true;
  if (state.dialog?.ask?.choices?.some((c) => c.id === id)) return true;
  return registry.choices.some(
    ([prefix, , pattern]) => id.startsWith(prefix) && (pattern ?? STANDING_CHOICE_ID).test(id),
  );
}

/** Text, choice and language of the turn; media without a caption and stickers have no text. */
const readMessage =
  (registry: FeatureRegistry): Middleware<TurnContext> =>
  async (ctx, next) => {
    const { inbound } = ctx;
    const raw = inbound.kind === 'text' || inbound.kind === 'media' ? (inbound.text ?? '') : '';
    ctx.text = truncateGraphemes(raw.trim(), MAX_ANALYSED_CHARS);
    const offered = ctx.state.choices;
    const labels = ctx.state.choiceLabels;
    if (
      inbound.kind === 'choice' &&
      inbound.choiceId &&
      !isOfferedChoice(registry, ctx.state, offered, inbound.choiceId)
    ) {
      // Not offered: answered, and the chat stays where it was (the same choices still pick).
      ctx.reply(
        t(
          ctx.lang,
          'هذا الخيار ما عاد متاح، اختر من الخيارات الحالية أو اكتب لي وش تحتاج.',
          'That option is no longer available. Pick one of the current options or type what you need.',
        ),
      );
      return;
    }
    delete ctx.state.choices;
    delete ctx.state.choiceLabels;
    if (inbound.kind === 'choice' && inbound.choiceId) {
      ctx.choice = inbound.choiceId;
    } else if (offered?.length && ctx.text) {
      ctx.offeredChoices = offered;
      // Labels are only trusted when they were written with these very choices.
      if (labels?.length === offered.length) ctx.offeredLabels = labels;
    }
    if (inbound.kind === 'contact' && inbound.contact) ctx.text ||= inbound.contact.phone;
    await next();
  };

const parseText: Middleware<TurnContext> = async (ctx, next) => {
  if (ctx.text) {
    const role = ctx.actor.kind === 'member' ? 'broker' : ctx.actor.role === 'owner' ? 'owner' : 'client';
    ctx.parsed = parse(ctx.text, { now: ctx.now, tz: ctx.tz, role });
    // A message without letters ("2", "0551234567") says nothing about the language: keep the chat's.
    if (/\p{L}/u.test(ctx.text)) ctx.lang = ctx.parsed.language;
    // The chat's language from now on: saved with the turn's end (turn-runner.ts saveTurn).
    ctx.contact.language = ctx.lang;
    // A typed number or label after choices picks that choice ("2", "نعم" after confirm/cancel).
    if (ctx.offeredChoices && !ctx.choice) {
      const picked = pickOffered(ctx);
      if (picked) {
        ctx.choice = picked.id;
        ctx.choiceTyped = picked.how;
      }
    }
  }
  await next();
};

/** "skip" to an optional question in words: «ما عندي رخصة الحين», "not now", «بعدين». */
const SKIP_WORDS =
  /^(تخطي|تخطى|تجاوز|skip|لا يوجد|ما يوجد|ما فيه|مافيه|ما في|مافي|ما عندي|ماعندي|ما عندنا|ماعندنا|مو الحين|مب الحين|بعدين|ليس الان|none|not now|later|no|لا)(\s|$)/u;
/** Words that say nothing about which choice is meant. */
const LABEL_FILLERS = new Set(
  'ابي ابغي ابغا ابغى بغيت ودي ممكن لو سمحت الله يعافيك يا في على من الى و بس خلاص some the a an to please i want would like it my'.split(
    ' ',
  ),
);
const labelTokens = (text: string) =>
  normalizeArabic(text)
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w && !LABEL_FILLERS.has(w));
/** «الإضافة» ~ «اضافه», "details" ~ "detail": an article or a letter more or less is the same word. */
const stem = (w: string) => (w.length > 4 ? w.replace(/^(و|ف|ب|ل)?ال/u, '') : w);
function closeWords(a: string, b: string): boolean {
  const x = stem(a);
  const y = stem(b);
  if (x === y) return true;
  const short = Math.min(x.length, y.length);
  if (short >= 3 && (x.startsWith(y) || y.startsWith(x))) return true;
  return short >= 4 && editDistance(x, y) <= 1;
}
/**
 * The offered choice whose label the text says, exactly or closely («اضافة تفاصيل» for «أضف تفاصيل»,
 * "add some details" for "Add details"): at least half of the label's words are in a short text, and
 * no other label fits as well.
 */
export function pickByLabel(text: string, labels: readonly string[], closeToo = true): number | undefined {
  const said = labelTokens(text);
  if (said.length === 0) return undefined;
  const exact = labels.findIndex((l) => labelTokens(l).join(' ') === said.join(' '));
  if (exact >= 0 || !closeToo) return exact >= 0 ? exact : undefined;
  let best: number | undefined;
  let bestScore = 0;
  let tie = false;
  labels.forEach((label, i) => {
    const words = labelTokens(label);
    if (words.length === 0 || said.length > words.length + 2) return;
    const found = words.filter((w) => said.some((s) => closeWords(s, w))).length;
    if (found === 0 || found * 2 < words.length) return;
    const score = found / words.length;
    if (score > bestScore) {
      best = i;
      bestScore = score;
      tie = false;
    } else if (score === bestScore) tie = true;
  });
  return tie ? undefined : best;
}

/** Which offered choice a typed message picks: by number, by (close) label, yes/no/cancel, or skip words. */
function pickOffered(ctx: TurnContext): { id: string; how: 'number' | 'label' | 'word' } | undefined {
  const offered = ctx.offeredChoices ?? [];
  const parsed = ctx.parsed;
  if (parsed?.intent === 'select' && parsed.entities.ref) {
    const id = offered[parsed.entities.ref - 1];
    return id ? { id, how: 'number' } : undefined;
  }
  // A confident command («تفاصيل العميل فهد») is only a label when it is the label itself.
  const closeToo = !parsed || NOT_COMMANDS.has(parsed.intent) || parsed.confidence < COMMAND_CONFIDENCE;
  // Labels first; then the ids, which are English words ("details", "skip"): "add details" in an Arabic chat.
  const byLabel =
    (ctx.offeredLabels ? pickByLabel(ctx.text, ctx.offeredLabels, closeToo) : undefined) ??
    pickByLabel(
      ctx.text,
      offered.map((id) => id.replace(/[^a-z]+/giu, ' ')),
      closeToo,
    );
  if (byLabel !== undefined && offered[byLabel]) return { id: offered[byLabel], how: 'label' };
  const among = (...ids: string[]) => {
    const id = offered.find((o) => ids.includes(o));
    return id ? { id, how: 'word' as const } : undefined;
  };
  const answer =
    parsed?.intent === 'confirm'
      ? among('confirm', 'yes', RESUME)
      : parsed?.intent === 'deny'
        ? among('deny', 'no', DROP)
        : parsed?.intent === 'cancel'
          ? among('cancel')
          : undefined;
  if (answer) return answer;
  if (offered.includes('skip') && SKIP_WORDS.test(normalizeArabic(ctx.text).toLowerCase()))
    return { id: 'skip', how: 'word' };
  return undefined;
}

/**
 * A shared contact links the chat to a phone: on Telegram the sender's own number (the normalizer sets
 * sender.phone only then), which makes a broker known as himself. Thank and greet; nothing else to do.
 */
const contactShared: Middleware<TurnContext> = async (ctx, next) => {
  if (ctx.inbound.kind !== 'contact') return next();
  if (!ctx.inbound.sender.phone) {
    ctx.reply(t(ctx.lang, 'شكراً، وصلني الرقم.', 'Thanks, I got the number.'));
    return;
  }
  ctx.reply(
    t(ctx.lang, '✅ ربطت رقمك. ', '✅ Your number is linked. ') + helpText(ctx.lang, helpRoleOf(ctx), firstName(ctx)),
  );
};

/**
 * On Telegram a sender has no phone until they share it: ask once per conversation, so that a broker
 * is recognised and a client is the same customer as on WhatsApp.
 */
const askForPhone: Middleware<TurnContext> = async (ctx, next) => {
  await next();
  if (ctx.channel.kind !== 'telegram' || ctx.contact.phone || ctx.state.askedForPhone) return;
  ctx.state.askedForPhone = true;
  ctx.reply({
    text: t(
      ctx.lang,
      '📱 لو تشارك رقم جوالك أقدر أعرفك وأربط محادثتك بحسابك (زر «شارك رقمي» تحت).',
      '📱 Share your mobile number so that I know who you are and link this chat to your account (the "Share my number" button below).',
    ),
    requestContact: true,
  });
};

const unreadable: Middleware<TurnContext> = async (ctx, next) => {
  if (ctx.text || ctx.choice || ctx.inbound.kind === 'location' || ctx.state.dialog) return next();
  if (ctx.inbound.kind === 'text') return; // an empty message: nothing to answer
  ctx.reply(
    t(
      ctx.lang,
      'وصلتني رسالتك، بس أفهم الرسائل المكتوبة حالياً. اكتب لي وش تحتاج.',
      'I got your message, but for now I understand written messages. Please type what you need.',
    ),
  );
};

/** «ابدا من جديد», «نبدا من الاول», "start over", "from scratch" (normalised letters). */
const START_OVER =
  /(^|[^\p{L}])(ابدا|ابدي|نبدا|نبدي|بدا|خلنا نبدا|خلني ابدا) (من )?(جديد|اول|الاول|البدايه|اول وجديد)(?=[^\p{L}]|$)|\b(start (over|again|afresh)|from (the )?(start|scratch|beginning)|restart)\b/u;

/**
 * «إلغاء» stops the dialog that waits. With none waiting, a cancel that names something a feature knows
 * («الغ التذكير حق ناصر») is that feature's (its `words`); a bare one has nothing to stop.
 */
const cancelAnything =
  (registry: FeatureRegistry): Middleware<TurnContext> =>
  async (ctx, next) => {
    // «ابدا من جديد», "let me start over": the dialog that waits is dropped, and what follows starts afresh
    if (ctx.state.dialog && !ctx.choice && START_OVER.test(normalizeArabic(ctx.text).toLowerCase())) {
      delete ctx.state.dialog;
      ctx.reply(startingOver(ctx.lang));
      return;
    }
    if (ctx.parsed?.intent !== 'cancel' && ctx.choice !== 'cancel') return next();
    if (ctx.state.dialog) {
      delete ctx.state.dialog;
      ctx.reply(cancelled(ctx.lang));
      return;
    }
    if (ctx.text && !ctx.choice) {
      for (const words of registry.words) if (await words(ctx)) return;
    }
    ctx.reply(nothingToCancel(ctx.lang));
  };

/** The parser found a number or an entity in the message: something a waiting question may take. */
const carriesValue = (ctx: TurnContext) =>
  Boolean(ctx.parsed && (ctx.parsed.numbers.length > 0 || Object.keys(ctx.parsed.entities).length > 0));

/**
 * Whether a parked dialog, put back in ctx.state, takes this message as its step's answer: what its
 * `accepts` says, else `otherwise` and a value carried (a name, a number, a date).
 */
function parkedAccepts(registry: FeatureRegistry, name: string, ctx: TurnContext, otherwise = true): boolean {
  const dialog = registry.dialogs.get(name);
  const turn = dialog?.read(ctx);
  const said = turn ? dialog?.accepts?.(ctx, turn) : dialog?.accepts ? false : undefined;
  return said ?? (otherwise && carriesValue(ctx));
}

/** The ids of the two choices that offer a parked dialog back. */
const RESUME = 'dialog:resume';
const DROP = 'dialog:drop';
/** Intents that are never "another command": they answer, pick, greet or stop. */
const NOT_COMMANDS = new Set(['unknown', 'select', 'confirm', 'deny', 'cancel', 'greeting', 'help']);
/** Intents that ask to see something rather than give a value. */
const QUESTIONS = new Set(['appointment.list', 'task.list', 'customer.list', 'match.list', 'report.summary']);
/** From this confidence on, the parser's command is taken over the waiting question. */
const COMMAND_CONFIDENCE = 0.75;
const CONTINUE_WORDS =
  /(^|\s)(نكمل|كمل|كملي|نكملها|كملها|وين وصلنا|وين كنا|وش كنا نسوي|continue|go on|resume|carry on|where were we)(\s|$|[?؟])/u;

/** Whether the dialog's step takes this message as its answer (see Dialog.accepts). */
function answersStep(
  registry: FeatureRegistry,
  dialog: AnyDialog,
  turn: DialogTurn<string, unknown>,
  ctx: TurnContext,
) {
  const said = dialog.accepts?.(ctx, turn);
  if (said !== undefined) return said;
  const parsed = ctx.parsed;
  if (!parsed || NOT_COMMANDS.has(parsed.intent)) return true;
  // «مواعيدي بكرة» while "with whom?" waits is the agenda, not «بكرة» for the booking: a question about
  // the CRM is never a step's answer, even when it is the dialog's own feature's.
  if (QUESTIONS.has(parsed.intent)) return false;
  if (!registry.dialogIntents.get(dialog.name)?.has(parsed.intent)) return false;
  // A command of the dialog's own feature answers when it is mostly values («بكرة الساعة ٤»); with words
  // of its own it is a new command («ذكرني بعد المغرب اتصل على نايف» while "when?" waits).
  const words = textWithout(ctx.text, parsed.spans, VALUE_SPANS)
    .split(/\s+/u)
    .filter((w) => /\p{L}/u.test(w));
  return words.length <= 2;
}
const VALUE_SPANS: SpanKind[] = ['datetime', 'phone', 'email', 'money', 'area', 'rooms', 'ref', 'number', 'place'];

/** A message the parser reads with confidence as another command than an answer to the step. */
function isOtherCommand(
  registry: FeatureRegistry,
  dialog: AnyDialog,
  turn: DialogTurn<string, unknown>,
  ctx: TurnContext,
) {
  const parsed = ctx.parsed;
  if (!parsed || ctx.choice || NOT_COMMANDS.has(parsed.intent) || parsed.confidence < COMMAND_CONFIDENCE) return false;
  return !answersStep(registry, dialog, turn, ctx);
}

/**
 * The dialog policy around the rest of the turn (docs/conversation-engine.md, "Dialog policy"):
 * - a number typed after a question that takes numbers answers it, it does not pick a choice;
 * - a parked dialog that was offered back resumes on yes/continue, is dropped on no, and quietly on
 *   anything else (that message is then read afresh);
 * - after the turn: the question a dialog asked is kept (to ask it again on resume), a dialog that just
 *   started says once how to stop it, and a parked dialog is offered back once nothing else waits.
 */
const dialogPolicy =
  (registry: FeatureRegistry): Middleware<TurnContext> =>
  async (ctx, next) => {
    const before = ctx.state.dialog;
    const listBefore = ctx.state.list;
    if (before && ctx.choiceTyped === 'number') {
      const dialog = registry.dialogs.get(before.name);
      const turn = dialog?.read(ctx);
      const picked = ctx.choice;
      ctx.choice = undefined;
      if (!(dialog?.accepts && turn && dialog.accepts(ctx, turn))) ctx.choice = picked;
      else ctx.choiceTyped = undefined;
    }
    if (before && ctx.parsed?.intent === 'cancel' && (!ctx.choice || ctx.choiceTyped === 'word')) {
      // «لا خلاص، للبيع»: cancelling words around a fact the step takes are a correction, not a cancel.
      const dialog = registry.dialogs.get(before.name);
      const turn = dialog?.read(ctx);
      const picked = ctx.choice;
      ctx.choice = undefined;
      if (dialog?.accepts && turn && dialog.accepts(ctx, turn)) ctx.parsed = { ...ctx.parsed, intent: 'deny' };
      else ctx.choice = picked;
    }
    const parked = ctx.state.parked;
    if (parked && (Date.parse(parked.until) <= ctx.now.getTime() || !registry.dialogs.has(parked.dialog.name))) {
      delete ctx.state.parked;
    } else if (parked?.offered && !before) {
      delete ctx.state.parked;
      const goOn =
        ctx.choice === RESUME ||
        (!ctx.choice && (ctx.parsed?.intent === 'confirm' || CONTINUE_WORDS.test(normalizeArabic(ctx.text))));
      if (goOn) {
        ctx.state.dialog = parked.dialog;
        // «طيب اسمه ماجد»: a yes that carries the answer (a name, a number, a date) is that answer
        const tapped = Boolean(ctx.choice) && !ctx.choiceTyped;
        if (tapped || !carriesValue(ctx) || !parkedAccepts(registry, parked.dialog.name, ctx)) {
          ctx.reply(
            parked.dialog.ask ?? t(ctx.lang, 'تمام، نكمل. وش جوابك؟', 'OK, let us go on. What is your answer?'),
          );
          return;
        }
        // the typed yes picked «نكمل»; the rest of the message is the step's
        ctx.choice = undefined;
        ctx.choiceTyped = undefined;
      } else {
        if (
          ctx.choice === DROP ||
          (!ctx.choice && (ctx.parsed?.intent === 'deny' || ctx.parsed?.intent === 'cancel'))
        ) {
          ctx.reply(t(ctx.lang, 'تمام، تركته.', 'OK, I dropped it.'));
          return;
        }
        // «بكرة ٩ الصبح» after «نكمل؟» offered "when should I remind you?": the answer itself resumes it
        // (what the dialog accepts; without `accepts`, a value that is no command of its own)
        if (!ctx.choice && ctx.text) {
          ctx.state.dialog = parked.dialog;
          const answers = parkedAccepts(registry, parked.dialog.name, ctx, ctx.parsed?.intent === 'unknown');
          if (!answers) delete ctx.state.dialog;
        }
      }
    }
    await next();
    const dialog = ctx.state.dialog;
    const last = ctx.replies.at(-1);
    if (dialog && dialog !== before && last) {
      dialog.ask = { text: last.text, ...(last.choices?.length ? { choices: last.choices } : {}) };
      const offersCancel = last.choices?.some((c) => c.id === 'cancel') || /إلغاء|cancel/iu.test(last.text);
      if (dialog.name !== before?.name && !offersCancel) {
        last.text += t(ctx.lang, '\n(للإلغاء اكتب «إلغاء»)', '\n(type "cancel" to stop)');
      }
    }
    const waiting = ctx.state.parked;
    if (waiting && !waiting.offered && !dialog && !ctx.state.choices?.length && ctx.state.list === listBefore) {
      waiting.offered = true;
      const about = waiting.about
        ? t(ctx.lang, waiting.about.ar, waiting.about.en)
        : t(ctx.lang, 'في خطوة ما كملت', 'in the middle of something');
      ctx.reply({
        text: t(ctx.lang, `كنت ${about}، نكمل؟`, `You were ${about}. Shall we go on?`),
        choices: [
          { id: RESUME, label: t(ctx.lang, 'نكمل', 'Continue') },
          { id: DROP, label: t(ctx.lang, 'لا، خلاص', 'No, drop it') },
        ],
      });
    }
  };

const activeDialog =
  (registry: FeatureRegistry): Middleware<TurnContext> =>
  async (ctx, next) => {
    const current = ctx.state.dialog;
    if (!current) return next();
    const dialog = registry.dialogs.get(current.name);
    const turn = dialog?.read(ctx);
    if (!dialog || !turn) {
      // Another version's state, or a damaged one: drop it rather than misread it.
      delete ctx.state.dialog;
      return next();
    }
    if (isOtherCommand(registry, dialog, turn, ctx)) {
      // Another command: it runs, and the dialog waits aside to be offered back (dialogPolicy).
      ctx.state.parked = {
        dialog: current,
        until: new Date(ctx.now.getTime() + DIALOG_TTL_MS).toISOString(),
        ...(dialog.about ? { about: dialog.about(turn.data) } : {}),
      };
      delete ctx.state.dialog;
      return next();
    }
    // An ask that is never an answer («وش اخر شي صار مع خالد»): answered, and the question again.
    if (ctx.text && !ctx.choice) {
      for (const aside of registry.asides) {
        if (await aside(ctx)) {
          if (current.ask) ctx.reply(current.ask);
          return;
        }
      }
    }
    // «سلام، الحي العزيزيه», "hi, 2 bedrooms": a greeting that carries a value is the answer with a hello
    // in front of it, not a greeting to answer with the welcome and the same question again
    if (ctx.parsed?.intent === 'greeting' && carriesValue(ctx)) ctx.parsed = { ...ctx.parsed, intent: 'unknown' };
    // Without `accepts`, a message that carries no value at all («شكرا», 👍) is not taken for an answer.
    // «مساعدة», "help", «هلا» are no answer either: they are answered below, and the question asked again.
    const bare = ['unknown', 'greeting', 'help'].includes(ctx.parsed?.intent ?? 'unknown') && !carriesValue(ctx);
    const said = dialog.accepts?.(ctx, turn);
    const notAnAnswer = said === undefined ? bare : !said;
    if (ctx.text && !ctx.choice && notAnAnswer) {
      // Not an answer and not a command: thanks, a standing phrase (working hours), a greeting or a
      // question about Nova itself is answered, then the same question again, so the person is never
      // left thinking the conversation ended while it still waits for them.
      for (const words of registry.words) {
        if (await words(ctx)) {
          if (current.ask) ctx.reply(current.ask);
          return;
        }
      }
      const intent = ctx.parsed?.intent;
      const courtesy = intent === 'greeting' || intent === 'help' ? registry.intents[intent] : undefined;
      if (courtesy && current.ask) {
        await courtesy(ctx);
        ctx.reply(current.ask);
        return;
      }
    }
    const handled = await dialog.handle(ctx, turn);
    if (!handled) await next();
  };

/** Buttons that answer outside any dialog (the after-viewing question's done / no-show / note). */
const standingChoices =
  (registry: FeatureRegistry): Middleware<TurnContext> =>
  async (ctx, next) => {
    const choice = ctx.choice;
    const entry = choice ? registry.choices.find(([prefix]) => choice.startsWith(prefix)) : undefined;
    if (entry && choice) return entry[1](ctx, choice);
    await next();
  };

/** Phrases the parser has no intent for (working hours, holidays, the calendar link). */
const featureWords =
  (registry: FeatureRegistry): Middleware<TurnContext> =>
  async (ctx, next) => {
    if (ctx.text) {
      for (const words of registry.words) if (await words(ctx)) return;
    }
    await next();
  };

const commands: Middleware<TurnContext> = async (ctx, next) => {
  const command = ctx.text.match(/^\/(\w+)/)?.[1]?.toLowerCase();
  if (command === 'start' || command === 'help' || command === 'menu') {
    ctx.reply(helpText(ctx.lang, helpRoleOf(ctx), firstName(ctx)));
    return;
  }
  await next();
};

/** "التفاصيل ٢", "details 2": a number after a details word also picks from the last list. */
const DETAILS_WORD = /^(ال)?تفاصيل|^(عرض|اعرض|وريني)\s|^(details|show|open)\b/iu;

const listSelection =
  (registry: FeatureRegistry): Middleware<TurnContext> =>
  async (ctx, next) => {
    const numbers = ctx.parsed?.numbers ?? [];
    const ref =
      ctx.parsed?.intent === 'select'
        ? ctx.parsed.entities.ref
        : DETAILS_WORD.test(ctx.text) && numbers.length === 1 && ctx.parsed?.intent === 'unknown'
          ? numbers[0]
          : undefined;
    const list = ctx.state.list;
    if (!ref || !list) return next();
    const select = registry.lists[list.kind];
    const id = list.ids[ref - 1];
    if (!select) return next();
    if (!id) {
      ctx.reply(
        // One digit style per reply (issue 11): «من ١ إلى ٢», never «من ١ إلى 2».
        t(
          ctx.lang,
          `اختر رقم من ١ إلى ${formatNumber(list.ids.length, 'ar')}.`,
          `Please pick a number from 1 to ${list.ids.length}.`,
        ),
      );
      return;
    }
    await select(ctx, id);
  };

const intentHandlers =
  (registry: FeatureRegistry): Middleware<TurnContext> =>
  async (ctx, next) => {
    const intent = ctx.parsed?.intent;
    const handler = intent ? registry.intents[intent] : undefined;
    if (!handler) return next();
    await handler(ctx);
  };

const fallback =
  (registry: FeatureRegistry): Middleware<TurnContext> =>
  async (ctx) => {
    if (ctx.text) {
      for (const answer of registry.fallbacks) if (await answer(ctx)) return;
    }
    ctx.reply(
      t(ctx.lang, 'ما فهمت قصدك تماماً. ', "I didn't quite get that. ") +
        helpText(ctx.lang, helpRoleOf(ctx), firstName(ctx)),
    );
  };

/**
 * What happens to a message once the sender and the chat's state are known: read, parse, then the
 * features. The feature test harness (tests/support/feature-harness.ts) runs exactly this over a fake
 * core, without a database.
 */
export function understandAndAnswer(features: readonly Feature[]): Middleware<TurnContext>[] {
  const registry = registerFeatures(features);
  return [
    refuseForbidden,
    // a voice note becomes the text it says (AI helper), or a polite request to type
    voiceNote,
    readMessage(registry),
    parseText,
    understoodAnswer,
    contactShared,
    askForPhone,
    unreadable,
    dialogPolicy(registry),
    cancelAnything(registry),
    activeDialog(registry),
    standingChoices(registry),
    commands,
    listSelection(registry),
    featureWords(registry),
    askModel,
    intentHandlers(registry),
    fallback(registry),
  ];
}

/** The turn's middleware over the features it is given. */
export function createPipeline(features: readonly Feature[]): (ctx: EngineTurn) => Promise<void> {
  return compose<EngineTurn>([identifyActor, ...understandAndAnswer(features)]);
}
