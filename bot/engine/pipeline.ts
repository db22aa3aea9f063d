// The turn's middleware, in order: identify the actor → load state → read the message → parse →
// active dialog → commands → list selection → intent handlers → fallback. (Dedupe and per-chat
// serialization happen before, in the inbox and the turn runner; the error boundary wraps it all.)
import { toE164 } from '../../core/shared/phone.ts';
import { contactScope } from '../../core/shared/scope.ts';
import { parse } from '../language/index.ts';
import { cancelled, helpText, nothingToCancel, t } from '../render/texts.ts';
import { compose, type Middleware } from './compose.ts';
import type { ConversationState, EngineTurn, TurnContext } from './context.ts';
import { type Feature, type FeatureRegistry, registerFeatures } from './feature.ts';
import { firstName, helpRoleOf } from './who.ts';

/** Longest text the parser reads; longer messages are answered from their beginning. */
export const MAX_ANALYSED_CHARS = 4_000;

const identifyActor: Middleware<EngineTurn> = async (ctx, next) => {
  const { inbound, db } = ctx;
  const account = await db.channelAccount.findUniqueOrThrow({
    where: { id: inbound.channelAccountId },
    select: { kind: true, organization: { select: { timeZone: true } } },
  });
  ctx.channel = { accountId: inbound.channelAccountId, kind: account.kind };
  ctx.tz = account.organization.timeZone;
  const phone = inbound.sender.phone ? toE164(inbound.sender.phone) : undefined;
  const scope = contactScope(ctx.organizationId);
  const contact = await ctx.core.contacts.identify(scope, {
    channelAccountId: inbound.channelAccountId,
    externalId: inbound.sender.externalId,
    phone,
    displayName: inbound.sender.displayName,
    at: ctx.now,
  });
  const member = contact.phone ? await ctx.core.teams.memberByPhone(scope, contact.phone) : null;
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
    ? { kind: 'member', member }
    : { kind: 'contact', role: contact.role, customerId: contact.customerId };
  ctx.lang = contact.language === 'en' ? 'en' : 'ar';
  await next();
};

const loadState: Middleware<EngineTurn> = async (ctx, next) => {
  const conversation = await ctx.db.conversation.findUnique({
    where: { contactId: ctx.contact.id },
    select: { state: true, expiresAt: true },
  });
  const state = conversation?.state;
  ctx.state = state && typeof state === 'object' && !Array.isArray(state) ? (state as ConversationState) : {};
  // A dialog left waiting longer than DIALOG_TTL_MS is over: the message is read afresh.
  if (ctx.state.dialog && conversation?.expiresAt && conversation.expiresAt <= ctx.now) delete ctx.state.dialog;
  await next();
};

/** Text, choice and language of the turn; media without a caption and stickers have no text. */
const readMessage: Middleware<TurnContext> = async (ctx, next) => {
  const { inbound } = ctx;
  const raw = inbound.kind === 'text' || inbound.kind === 'media' ? (inbound.text ?? '') : '';
  ctx.text = raw.trim().slice(0, MAX_ANALYSED_CHARS);
  const offered = ctx.state.choices;
  delete ctx.state.choices;
  if (inbound.kind === 'choice' && inbound.choiceId) {
    ctx.choice = inbound.choiceId;
  } else if (offered?.length && ctx.text) {
    ctx.offeredChoices = offered;
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
    if (ctx.contact.language !== ctx.lang) {
      await ctx.core.contacts.setLanguage(contactScope(ctx.organizationId), ctx.contact.id, ctx.lang);
    }
    // A typed number or label after choices picks that choice ("2", "نعم" after confirm/cancel).
    if (ctx.offeredChoices && !ctx.choice) ctx.choice = pickOffered(ctx);
  }
  await next();
};

function pickOffered(ctx: TurnContext): string | undefined {
  const offered = ctx.offeredChoices ?? [];
  const parsed = ctx.parsed;
  if (parsed?.intent === 'select' && parsed.entities.ref) return offered[parsed.entities.ref - 1];
  if (parsed?.intent === 'confirm') return offered.find((id) => id === 'confirm' || id === 'yes');
  if (parsed?.intent === 'deny') return offered.find((id) => id === 'deny' || id === 'no');
  if (parsed?.intent === 'cancel') return offered.find((id) => id === 'cancel');
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

const cancelAnything: Middleware<TurnContext> = async (ctx, next) => {
  if (ctx.parsed?.intent !== 'cancel' && ctx.choice !== 'cancel') return next();
  if (ctx.state.dialog) {
    delete ctx.state.dialog;
    ctx.reply(cancelled(ctx.lang));
  } else {
    ctx.reply(nothingToCancel(ctx.lang));
  }
};

const activeDialog =
  (registry: FeatureRegistry): Middleware<TurnContext> =>
  async (ctx, next) => {
    const current = ctx.state.dialog;
    if (!current) return next();
    const dialog = registry.dialogs.get(current.name);
    const handled = dialog ? await dialog.resume(ctx) : undefined;
    if (handled === undefined) {
      // Another version's state, or a damaged one: drop it rather than misread it.
      delete ctx.state.dialog;
      return next();
    }
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
        t(ctx.lang, `اختر رقم من ١ إلى ${list.ids.length}.`, `Please pick a number from 1 to ${list.ids.length}.`),
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

const fallback: Middleware<TurnContext> = async (ctx) => {
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
    readMessage,
    parseText,
    contactShared,
    askForPhone,
    unreadable,
    cancelAnything,
    activeDialog(registry),
    standingChoices(registry),
    commands,
    listSelection(registry),
    featureWords(registry),
    intentHandlers(registry),
    fallback,
  ];
}

/** The turn's middleware over the features it is given. */
export function createPipeline(features: readonly Feature[]): (ctx: EngineTurn) => Promise<void> {
  return compose<EngineTurn>([identifyActor, loadState, ...understandAndAnswer(features)]);
}
