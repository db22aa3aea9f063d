// A listing sent to a customer in the broker's words: «ارسل العقار ١ لفهد», «ابعثها له», "send property 2
// to sara". In the customer's chat when he has written to Nova (his contacts, newest first); otherwise
// the broker gets the card ready to forward, since Nova cannot open a chat with a number on its own.
import { memberScope } from '../../../core/shared/scope.ts';
import { memberCan } from '../../../core/teams/teams.service.ts';
import type { TurnContext } from '../../engine/context.ts';
import { normalizeArabic } from '../../language/index.ts';
import { formatNumber } from '../../render/format.ts';
import { findCustomers } from '../customers/customers.handlers.ts';
import { focusedListing, publicListingCard } from '../search/client.search.ts';
import { say } from '../shared/helpers.ts';
import { recentCustomer } from '../tasks/referent.ts';
import { listingRefOf } from './owner.read.ts';

const SEND =
  /^(?:(?:طيب|طب|تمام|اوك|لو سمحت|ممكن|تكفى|ok|okay|please|pls|can you)\s+){0,2}(?:[وف])?(?:ارسل|ارسلها|ارسله|ارسلي|ابعث|ابعثها|ابعثه|ابعثي|حول|حولها|حوله|send|forward|share)(?=\s|$)/u;
const LISTING_MEANT =
  /(^|\s)(ارسلها|ارسله|ابعثها|ابعثه|حولها|حوله|(ال)?(عقار|فيلا|فيله|شقه|ارض|دبلكس|عماره|الاعلان))(?=$|\s)|\b(send|forward|share) (it|this|that|the (property|listing|villa|apartment|land))\b/u;
/** «له», «لها», "to him": the customer of the moment. */
const TO_HIM = /(^|\s)(له|لها)(?=$|\s)|\b(to|for) (him|her)\b|\b(send|forward) (him|her)\b/u;

/** The listings feature's words for members: a listing sent to a customer. */
export async function sendListingWords(ctx: TurnContext): Promise<boolean> {
  if (ctx.actor.kind !== 'member' || ctx.choice || !ctx.text) return false;
  const folded = normalizeArabic(ctx.text).toLowerCase().trim();
  if (!SEND.test(folded)) return false;
  // a listing named («العقار ٣», «الفيلا») or meant («ارسلها», "send it"); «ارسل العقد لسارة» is no listing
  const ref = listingRefOf(ctx.text);
  if (ref === undefined && !LISTING_MEANT.test(folded)) return false;
  const member = ctx.actor.member;
  if (!memberCan(member, 'crm', 'view')) return false;
  const e = ctx.parsed?.entities ?? {};
  const recent = !e.name && TO_HIM.test(folded) ? recentCustomer(ctx.state.lastCustomer, ctx.now) : undefined;
  const customers = e.name ? await findCustomers(ctx, member, e.name) : [];
  const customer = recent ?? (customers.length === 1 ? customers[0] : undefined);
  if (!customer) {
    // not a listing sent to someone we know («ارسل العقد لسارة» is a to-do): the intents answer it
    if (!e.name && !recent) return false;
    say(
      ctx,
      customers.length > 1
        ? `عندك أكثر من عميل باسم ${e.name}، اكتب اسمه كامل أو رقمه.`
        : `ما لقيت عميل باسم ${e.name}.`,
      customers.length > 1
        ? `You have several customers called ${e.name}; write the full name or phone.`
        : `No customer named ${e.name}.`,
    );
    return true;
  }
  const scope = memberScope(member);
  const property = ref !== undefined ? await ctx.core.listings.byRef(scope, ref) : null;
  const id = property?.id ?? (ref === undefined ? focusedListing(ctx) : undefined);
  const details = id ? await ctx.core.listings.propertyDetails(scope, id) : null;
  if (!details || details.status !== 'active') {
    say(
      ctx,
      ref !== undefined
        ? `ما لقيت عقار معروض برقم ${formatNumber(ref, 'ar')}.`
        : `أي عقار أرسل لـ${customer.name}؟ اكتب رقمه، مثل: ارسل العقار ٣ لـ${customer.name}`,
      ref !== undefined
        ? `There is no listed property #${ref}.`
        : `Which property should I send ${customer.name}? Write its number, e.g. send property 3 to ${customer.name}`,
    );
    return true;
  }
  const chats = await ctx.core.contacts.ofCustomer(scope, customer.id);
  const n = formatNumber(details.refNumber, 'ar');
  if (chats.length === 0) {
    ctx.reply(
      [
        `${customer.name} ${ctx.lang === 'en' ? 'has not written to Nova yet; here is the listing to forward:' : 'ما راسل نوفا بعد، هذا العقار جاهز تحوله له:'}`,
        '',
        publicListingCard(ctx.lang, details),
      ].join('\n'),
    );
    return true;
  }
  const chat = chats[0]!;
  ctx.notify({
    contactId: chat.id,
    channelAccountId: chat.channelAccountId,
    chatId: chat.externalId,
    message: { text: publicListingCard(chat.language === 'en' ? 'en' : 'ar', details) },
  });
  say(ctx, `✅ أرسلت العقار ${n} لـ${customer.name}.`, `✅ Sent property #${details.refNumber} to ${customer.name}.`);
  return true;
}
