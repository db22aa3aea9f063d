// «متى بيتواصل معي الوسيط؟», «ابي اكلم الوسيط», "can I talk to the broker?": a client or a homeowner
// asking for a person; «السعر قابل للتفاوض؟», «كم آخر سعر؟», «كم عمولتكم؟», «متى بيجيني احد يشوفها؟»,
// "is the price negotiable?": a question only the broker can answer, passed to him. Nova cannot be the broker, so it does the next best thing at once: tells his
// broker (the one his customer record is assigned to, else the office's) that he wants a call, and says
// so, instead of "I didn't get that".
import { contactScope } from '../../../core/shared/scope.ts';
import { foldForSearch } from '../../../core/shared/text.ts';
import type { TurnContext } from '../../engine/context.ts';
import { formatNumber, formatPhoneForChat } from '../../render/format.ts';
import { t } from '../../render/texts.ts';
import { anyOf, asksQuestion, officeBroker, say, tellBroker } from '../shared/helpers.ts';
import { focusedListing } from './client.search.ts';

/** Asking for the broker or a person (letters folded: ة → ه, أ → ا, ى → ي). */
const WANTS_BROKER = anyOf([
  // «متى بيتواصل معي الوسيط؟», «ليش محد كلمني», «امتى بتتصلون علي»
  '(متي|امتي|ليش|وش صار|ما احد|محد).{0,20}(يتواصل|بيتواصل|يكلمني|بيكلمني|كلمني|يتصل|بيتصل|تتصلون|بتتصلون|تواصل|اتصل)',
  // «ابي اكلم الوسيط», «ودي اتواصل مع احد», «ممكن اتكلم مع موظف»
  '(ابي|ابغي|ابغا|ودي|اريد|ممكن|اقدر|بغيت)\\s+(اكلم|اتواصل|اتصل|اتكلم|احاكي)\\s*(مع|على|علي|ب)?\\s*(ال)?(وسيط|مسوق|موظف|مكتب|مسؤول|مدير|احد|شخص|انسان)',
  // «رقم الوسيط», «جوال المكتب»
  '(رقم|جوال|تلفون|هاتف)\\s+(ال)?(وسيط|مسوق|موظف|مكتب|مسؤول)',
  // «كلموني», «اتصلوا علي», «ابي احد يكلمني»
  '(^|\\s)(كلموني|اتصلوا علي|اتصلو علي|تواصلوا معي|تواصلو معي|احد يكلمني|احد يتصل)',
  'when (will|is) (the )?(broker|agent|someone|somebody|anyone|you)\\b.{0,20}\\b(call|contact|reach|get back to)',
  '\\b(can|could|may) i (talk|speak|chat) (to|with) (the |a |an |your )?(broker|agent|someone|somebody|person|human|office|manager)',
  "\\b(i want|i'd like|i would like|let me) to (talk|speak) (to|with) (the |a |an |your )?(broker|agent|someone|somebody|person|human|office|manager)",
  "\\b(broker|agent|office)'?s? (phone|number|contact)",
  '\\b(call me|contact me|have (someone|the broker|an agent) call me)\\b',
]);

export function wantsBroker(text: string): boolean {
  return WANTS_BROKER.test(foldForSearch(text));
}

/** A client bargaining or asking how to pay (letters folded): the broker's to answer, never Nova's. */
const ASKS_PRICE = anyOf([
  // «السعر قابل للتفاوض؟», «فيه مجال بالسعر؟», «كم اخر سعر؟», «السعر نهائي؟», «ينزل شوي؟», «فيه خصم؟»
  'قابل (لل)?تفاوض|(فيه|في) (مجال|تفاوض|خصم|تخفيض)|اخر سعر|السعر نهايي|نهايي السعر|ينزل (شوي|السعر)|تنزلون|يقبل (تقسيط|دفعات|شيكات)|(فيه|في) تقسيط|دفعات|بالتقسيط|اقساط|السوم|على السوم',
  '\\b(negotiable|best price|last price|final price|any discount|a discount|lower the price|installments?|instalments?|payment plan|pay in)\\b',
]);

export function asksAboutPrice(text: string): boolean {
  return ASKS_PRICE.test(foldForSearch(text));
}

/** Other questions of the office's business (letters folded): its fees, when a buyer comes to see. */
const ASKS_OFFICE = anyOf([
  // «كم عمولتكم؟», «وش نسبتكم؟», «كم السعي؟», «العمولة على مين؟»
  '(كم|وش|ايش|شو) (عمولتكم|عمولتك|العموله|نسبتكم|نسبتك|السعي|سعيكم|اتعابكم)|العموله علي (مين|من)',
  // «كم تاخذون عموله؟», «عمولتكم كم؟»
  '(كم|وش) (تاخذون|تاخذ|ياخذون|ياخذ|تبون|تبي) (عموله|نسبه|سعي)|(عمولتكم|نسبتكم|سعيكم|العموله) (كم|قد ايش)',
  // «متى بيجيني احد يشوفها؟», «متى يجي احد يعاين؟»
  '(متي|امتي) (بيجيني|يجيني|بيجي|يجي|بيجون|يجون) (احد|عميل|زبون|مشتري|مستاجر|ناس)',
  '\\b(your|the) (commission|fee|fees)\\b|\\bhow much do you (charge|take)\\b|\\bwhen will (someone|anyone|a buyer|buyers) (come|visit|see)\\b',
]);

export function asksOffice(text: string): boolean {
  return ASKS_OFFICE.test(foldForSearch(text));
}

/** The broker a contact's questions go to: his customer record's, else the office's; null when none. */
async function brokerOf(ctx: TurnContext): Promise<{ id: string; name: string } | null> {
  const scope = contactScope(ctx.organizationId);
  const customer = ctx.contact.customerId ? await ctx.core.customers.get(scope, ctx.contact.customerId) : undefined;
  const assigned = customer?.ok ? customer.value.assignedToId : null;
  const broker = assigned ? await ctx.core.teams.memberById(scope, assigned) : null;
  return broker ? { id: broker.userId, name: broker.name } : await officeBroker(ctx);
}

const noBroker = (ctx: TurnContext) =>
  say(
    ctx,
    'المكتب ما عنده وسيط متاح الحين. اترك طلبك هنا وبيتواصلون معك أول ما يتوفر أحد.',
    'The office has no broker available right now. Leave your request here and they will contact you as soon as someone is free.',
  );

/** Who is asking, as the broker's note names him: his name and number. */
function asker(ctx: TurnContext): string {
  const who = ctx.contact.displayName ?? 'عميل';
  return `${who}${ctx.contact.phone ? ` (${formatPhoneForChat(ctx.contact.phone, 'ar')})` : ''}`;
}

/**
 * Tells the broker a client or homeowner wants a call, or asks what only the broker can answer (the
 * price's room, how to pay), and says so; false when the message is neither.
 */
export async function askForBroker(ctx: TurnContext): Promise<boolean> {
  if (ctx.actor.kind === 'member') return false;
  const call = wantsBroker(ctx.text);
  const price = !call && asksAboutPrice(ctx.text);
  const question = !call && !price && asksOffice(ctx.text);
  if (!call && !price && !question) return false;
  const to = await brokerOf(ctx);
  if (!to) {
    noBroker(ctx);
    return true;
  }
  if (price || question) {
    await tellBroker(ctx, to.id, (lang) =>
      t(
        lang,
        `💬 ${asker(ctx)} يسأل${price ? ' عن السعر' : ''}: «${ctx.text.slice(0, 200)}»`,
        `💬 ${asker(ctx)} asks${price ? ' about the price' : ''}: "${ctx.text.slice(0, 200)}"`,
      ),
    );
    say(
      ctx,
      `سؤالك${price ? ' عن السعر' : ''} وصلته للوسيط ${to.name}، وبيرد عليك على هالرقم في أقرب وقت.`,
      `I have passed your question${price ? ' about the price' : ''} to ${to.name}, the broker; they will get back to you on this number soon.`,
    );
    return true;
  }
  await tellBroker(ctx, to.id, (lang) =>
    t(
      lang,
      `📞 ${asker(ctx)} يطلب تتواصل معه: «${ctx.text.slice(0, 200)}»`,
      `📞 ${asker(ctx)} asks you to get in touch: "${ctx.text.slice(0, 200)}"`,
    ),
  );
  say(
    ctx,
    `أبشر، بلغت الوسيط ${to.name} إنك تبي تتواصل معه، وبيكلمك على هالرقم في أقرب وقت.`,
    `Sure, I have told ${to.name}, the broker, that you would like to talk; they will call you on this number soon.`,
  );
  return true;
}

/** «ممكن ترسلون لي صورها؟» of a listing without photos: the broker is asked to send them, and he is told so. */
export async function photosFromBroker(ctx: TurnContext, refNumber: number): Promise<void> {
  const to = await brokerOf(ctx);
  if (!to) {
    noBroker(ctx);
    return;
  }
  await tellBroker(ctx, to.id, (lang) =>
    t(
      lang,
      `📷 ${asker(ctx)} يطلب صور العقار ${formatNumber(refNumber, 'ar')}: «${ctx.text.slice(0, 200)}»`,
      `📷 ${asker(ctx)} asks for photos of property #${refNumber}: "${ctx.text.slice(0, 200)}"`,
    ),
  );
  say(
    ctx,
    `ما عندي صور للعقار ${formatNumber(refNumber, 'ar')} الحين، طلبتها لك من الوسيط وبيرسلها لك على هالرقم.`,
    `I don't have photos of property #${refNumber} yet; I have asked the broker to send them to you on this number.`,
  );
}

/** A question without a question mark: «ممكن اجيب معي زوجتي», «فيها مصعد», "is parking included" (folded). */
const QUESTION_START =
  /^(ممكن|هل|ينفع|يصلح|اقدر|نقدر|يمديني|يمدي|فيه|في|فيها|عندها|عنده|عندكم|تقبلون|يقبل|can|could|may|is|are|does|do|will|would|should)(?=[^\p{L}]|$)/u;

/**
 * The search feature's fallback: a client's or homeowner's question nothing else answered («فيها
 * مصعد؟», «ممكن اجيب معي زوجتي؟», "is parking included?") goes to his broker, with the listing he was
 * looking at, and he is told so, instead of "I didn't get that" and the menu.
 */
export async function passQuestionToBroker(ctx: TurnContext): Promise<boolean> {
  if (ctx.actor.kind === 'member' || ctx.choice || ctx.text.length > 300) return false;
  if (!asksQuestion(ctx.text) && !QUESTION_START.test(foldForSearch(ctx.text))) return false;
  const to = await brokerOf(ctx);
  if (!to) {
    noBroker(ctx);
    return true;
  }
  const focus = focusedListing(ctx);
  const listing = focus ? await ctx.core.listings.propertyDetails(contactScope(ctx.organizationId), focus) : null;
  await tellBroker(ctx, to.id, (lang) =>
    t(
      lang,
      `❓ ${asker(ctx)} يسأل${listing ? ` (عن العقار ${formatNumber(listing.refNumber, 'ar')})` : ''}: «${ctx.text.slice(0, 200)}»`,
      `❓ ${asker(ctx)} asks${listing ? ` (about property #${listing.refNumber})` : ''}: "${ctx.text.slice(0, 200)}"`,
    ),
  );
  // the broker unnamed: a question from anyone reaches this, and names and numbers are his to give
  say(
    ctx,
    'ما عندي جواب أكيد على هذا، فوصلت سؤالك للوسيط وبيرد عليك على هالرقم في أقرب وقت.',
    "I don't have a sure answer to that, so I have passed your question to the broker; they will get back to you on this number soon.",
  );
  return true;
}
