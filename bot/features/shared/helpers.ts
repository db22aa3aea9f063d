// Small helpers every handler uses: permissions, bilingual replies, choices, the office's broker.
import { toAsciiDigits } from '../../../core/shared/digits.ts';
import { contactScope } from '../../../core/shared/scope.ts';
import type { PermissionAction, PermissionModule } from '../../../core/teams/permissions.ts';
import { type Member, memberCan } from '../../../core/teams/teams.service.ts';
import { chatIdOfPhone } from '../../engine/addressing.ts';
import type { TurnContext } from '../../engine/context.ts';
import { refusalText } from '../../engine/refusal.ts';
import { firstName, helpRoleOf } from '../../engine/who.ts';
import { normalizeArabic } from '../../language/index.ts';
import type { Lang } from '../../render/format.ts';
import { helpText, t } from '../../render/texts.ts';

export type { Handler } from '../../engine/feature.ts';

export const say = (ctx: TurnContext, ar: string, en: string) => ctx.reply(t(ctx.lang, ar, en));

/**
 * The acting member when he may do `action` on `module`; otherwise answers and returns undefined.
 * Contacts (homeowners, clients) get the help of their role: these are broker intents.
 */
export function requireMember(
  ctx: TurnContext,
  module: PermissionModule,
  action: PermissionAction,
): Member | undefined {
  if (ctx.actor.kind !== 'member') {
    ctx.reply(helpText(ctx.lang, helpRoleOf(ctx), firstName(ctx)));
    return undefined;
  }
  if (!memberCan(ctx.actor.member, module, action)) {
    ctx.reply(refusalText(ctx.lang, { module, action }));
    return undefined;
  }
  return ctx.actor.member;
}

export const confirmChoices = (ctx: TurnContext, yesLabel?: string) => [
  { id: 'confirm', label: yesLabel ?? t(ctx.lang, 'نعم', 'Yes') },
  { id: 'cancel', label: t(ctx.lang, 'إلغاء', 'Cancel') },
];

/** Numbers in lists: Arabic-Indic in Arabic replies. */
export const nth = (ctx: TurnContext, i: number) =>
  ctx.lang === 'ar' ? (i + 1).toLocaleString('ar-u-nu-arab') : String(i + 1);

/** The office's broker for a homeowner or client who writes in: the manager first, else any active broker. */
export const officeBroker = (ctx: TurnContext) => ctx.core.teams.officeBroker(contactScope(ctx.organizationId));

export interface MemberChat {
  contactId: string | null;
  channelAccountId: string;
  chatId: string;
  lang: 'ar' | 'en';
  /** the member (absent for a client's chat): what Nova tells him is kept in his notifications */
  userId?: string;
}

/**
 * Where to tell a member something: the chat he last used with Nova; else, when this turn's channel
 * reaches people by number (WhatsApp, the web chat), his phone on it, so that a manager hears of a new
 * listing before he ever wrote to Nova. Null on Telegram for a member who never wrote.
 */
export async function memberChat(ctx: TurnContext, userId: string): Promise<MemberChat | null> {
  const scope = contactScope(ctx.organizationId);
  const chat = await ctx.core.notifications.chatOfMember(scope, userId);
  if (chat) return chat;
  const member = await ctx.core.teams.memberById(scope, userId);
  const chatId = member ? chatIdOfPhone(ctx.channel.kind, member.phone) : undefined;
  if (!member || !chatId) return null;
  return {
    contactId: null,
    channelAccountId: ctx.channel.accountId,
    chatId,
    lang: member.language === 'en' ? 'en' : 'ar',
    userId,
  };
}

/**
 * A message to a broker: in the chat he last used with Nova, or by his number (memberChat); on Telegram,
 * where a member who never wrote has no chat yet, it waits in core/notifications and is written on his
 * first message (bot/engine/pipeline.ts, identifyActor). It is a `notice` notification, so that WhatsApp
 * Cloud sends it as a template outside the 24-hour window. Said in the language of his chat when given
 * as a function of it.
 */
export async function tellBroker(ctx: TurnContext, userId: string, said: string | ((lang: Lang) => string)) {
  const noticeOf = (lang: Lang) => {
    const text = typeof said === 'string' ? said : said(lang);
    return { text, notification: { kind: 'notice' as const, params: [text] } };
  };
  const chat = await memberChat(ctx, userId);
  if (!chat) {
    const scope = contactScope(ctx.organizationId);
    const member = await ctx.core.teams.memberById(scope, userId);
    if (member) {
      const message = noticeOf(member.language === 'en' ? 'en' : 'ar');
      await ctx.core.notifications.queueForMember(scope, userId, message, { type: 'notice' });
    }
    return;
  }
  // in the language of the member's own chat, not of the one who caused it
  const message = noticeOf(chat.lang);
  ctx.notify({
    contactId: chat.contactId,
    channelAccountId: chat.channelAccountId,
    chatId: chat.chatId,
    message,
    userId,
  });
}

/**
 * A listing's photos, one message each, by storage key: the signed link a channel fetches is made when
 * the message is sent (bot/media.ts withMediaLinks), never stored with the reply.
 */
export function replyWithPhotos(
  ctx: TurnContext,
  images: ReadonlyArray<{ storageKey: string; mimeType: string | null }>,
) {
  for (const image of images) {
    ctx.reply({
      text: '',
      media: { kind: 'image', storageKey: image.storageKey, mimeType: image.mimeType ?? undefined },
    });
  }
}

/** One pattern of alternatives, each part a regex source (the client words match folded letters). */
export const anyOf = (parts: string[]) => new RegExp(parts.join('|'), 'u');

/**
 * A question beyond a first «طيب» / "ok" («طيب وش الفرق بين الاولى والثانيه؟", "ok what about the area?"):
 * the parser may read a yes, but it is not one.
 */
export function asksQuestion(text: string): boolean {
  return /[؟?]|(^|\s)(وش|ايش|شو|كيف|ليش|متى|وين|كم|هل|what|how|why|when|where|which)(?=\s|$)/iu.test(text);
}

/** Whether `at` (ISO, from the conversation's state) is at most `ms` before `now`: what a chat said lately. */
export function saidWithin(at: string, now: Date, ms: number): boolean {
  const age = now.getTime() - Date.parse(at);
  return age >= 0 && age <= ms;
}

/** The customer this chat is about now (ConversationState.lastCustomer): a pronoun next may mean him. */
export function rememberCustomer(ctx: TurnContext, customer: { id: string; name: string }) {
  ctx.state.lastCustomer = { id: customer.id, name: customer.name, at: ctx.now.toISOString() };
}

/** The words of a message as names are compared: letters folded, lower case, punctuation dropped. */
export const nameWords = (text: string) =>
  normalizeArabic(text)
    .toLowerCase()
    .replace(/[،,.!؟?]/gu, ' ')
    .split(/\s+/u)
    .filter(Boolean);

/** The words a member's first name takes in a message: alone or after «ل» («لليلى»). */
export function firstNameForms(name: string): string[] {
  const first = normalizeArabic(name.trim().split(/\s+/u)[0] ?? '').toLowerCase();
  return first.length >= 2 ? [first, `ل${first}`, `لـ${first}`] : [];
}

/** The member a message names by first name («كم صفقة سوت ليلى», «حول فهد لليلى»); undefined if none. */
export function memberNamedIn<T extends { name: string }>(
  words: readonly string[],
  members: readonly T[],
): T | undefined {
  return members.find((m) => firstNameForms(m.name).some((form) => words.includes(form)));
}

/**
 * A name to store as a broker typed it, but a Latin name typed all in lower case ("abu rayan",
 * "sara bin saad") gets its capitals: "Abu Rayan", "Sara bin Saad".
 */
export function storedName(name: string): string {
  if (/\p{Lu}/u.test(name) || !/[a-z]/.test(name)) return name;
  return name.replace(/\p{L}+/gu, (word) =>
    word === 'bin' || word === 'bint' || word === 'al' ? word : word[0]!.toUpperCase() + word.slice(1),
  );
}

/** «لا خليه ٨», «خليها الساعة ٦», "actually make it 6:30": the hour alone, after a verb of changing it. */
const BARE_HOUR =
  /(?:^|\s)(?:خليه|خليها|خله|خلها|خلوه|خلوها|make it|change it to|move it to)\s+(?:الساعه\s+|الساعة\s+|at\s+)?([1-9]|1[0-2])(?:[:.]([0-5]\d))?$/iu;

export function bareHourOf(text: string): { hour: number; minute: number } | undefined {
  const m = toAsciiDigits(text.trim().replace(/[.!؟?]+$/u, '')).match(BARE_HOUR);
  return m ? { hour: Number(m[1]), minute: Number(m[2] ?? 0) } : undefined;
}

/** An hour said alone («خليه ٨») on the half of the day of the time it corrects (7 pm → 8 pm). */
export function hourLike(hour: number, correcting: number): number {
  return correcting >= 12 && hour < 12 ? hour + 12 : hour;
}
