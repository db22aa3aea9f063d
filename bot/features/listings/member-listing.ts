// A member's changes to a listing, in his words, by its number: a new price («غير سعر العقار ٤ الى ٦٥
// الف», «نزل سعر العقار ١ الى مليونين», "change the price of property 4 to 65k"), a pause («وقف العقار
// ٢», "pause listing 2"), a withdrawal («اسحب العقار ٣», "take down listing 3") or a return to the market
// («رجع العقار ٢», "reactivate listing 2"). Read as the homeowner's asks are (owner.read.ts); the parser
// alone took «العقار ٤ الى ٦٥ الف» for a new listing at 4,000 to 65,000, and "pause listing 2" for one
// to list. A sale or a rent closed («العقار ١ انباع») is the deals feature's (it asks the amount).
import { memberScope } from '../../../core/shared/scope.ts';
import { type Member, memberCan } from '../../../core/teams/teams.service.ts';
import type { TurnContext } from '../../engine/context.ts';
import { parse } from '../../language/index.ts';
import { formatMoney, formatNumber } from '../../render/format.ts';
import { say } from '../shared/helpers.ts';
import { listingRefOf, readOwnerAsk, withoutRef } from './owner.read.ts';

/** The listings feature's words for members: a listing's number and a new price, a pause, a withdrawal or a return. */
export async function memberListingWords(ctx: TurnContext): Promise<boolean> {
  if (ctx.actor.kind !== 'member' || ctx.choice || !ctx.text) return false;
  const ref = listingRefOf(ctx.text);
  if (ref === undefined) return false;
  const ask = readOwnerAsk(ctx.text, parse(withoutRef(ctx.text), { now: ctx.now, tz: ctx.tz, role: 'owner' }));
  if (!memberCan(ctx.actor.member, 'properties', 'edit')) return false;
  if (ask?.kind === 'pause' || ask?.kind === 'withdraw' || ask?.kind === 'activate') {
    await setStatus(ctx, ctx.actor.member, ref, ask.kind);
    return true;
  }
  if (ask?.kind !== 'price' || ask.price === undefined) return false;
  const done = await ctx.core.listings.reprice(memberScope(ctx.actor.member), ref, ask.price);
  const n = formatNumber(ref, 'ar');
  if (done.ok) {
    say(
      ctx,
      `✅ غيرت سعر العقار ${n}: من ${formatMoney(done.value.from, 'ar')} إلى ${formatMoney(done.value.to, 'ar')}.`,
      `✅ Property #${ref} repriced: from ${formatMoney(done.value.from, 'en')} to ${formatMoney(done.value.to, 'en')}.`,
    );
    return true;
  }
  const why: Record<typeof done.error.code, [string, string]> = {
    'LISTING.NOT_FOUND': [`ما لقيت عقار برقم ${n} عندك.`, `You have no property #${ref}.`],
    'LISTING.NOT_ACTIVE': [
      `العقار ${n} مو معروض (انباع أو تأجر)، ما غيرت سعره.`,
      `Property #${ref} is off the market (sold or rented); its price stays.`,
    ],
    'LISTING.UNCHANGED': [`هذا سعر العقار ${n} أصلاً.`, `That is already the price of property #${ref}.`],
    'LISTING.INVALID_INPUT': [
      'السعر لازم يكون مبلغ بالريال أكبر من صفر.',
      'The price must be an amount in SAR above 0.',
    ],
  };
  say(ctx, ...why[done.error.code]);
  return true;
}

/** «وقف العقار ٢», «اسحب العقار ٣», «رجع العقار ٢»: the listing moved, and how to undo it. */
async function setStatus(ctx: TurnContext, member: Member, ref: number, change: 'pause' | 'withdraw' | 'activate') {
  const done = await ctx.core.listings.setListingStatus(memberScope(member), ref, change);
  const n = formatNumber(ref, 'ar');
  if (done.ok) {
    const said: Record<typeof change, [string, string]> = {
      pause: [
        `⏸ أوقفت العقار ${n} مؤقتاً: ما يظهر للعملاء ولا يطابق طلبات. لإرجاعه اكتب «رجع العقار ${n}».`,
        `⏸ Property #${ref} is paused: hidden from clients and out of matching. To bring it back: "reactivate listing ${ref}".`,
      ],
      withdraw: [
        `🗂 سحبت العقار ${n} من السوق (عروضه أُغلقت). لإرجاعه اكتب «رجع العقار ${n}».`,
        `🗂 Property #${ref} is withdrawn (its offers closed). To bring it back: "reactivate listing ${ref}".`,
      ],
      activate: [
        `▶️ رجّعت العقار ${n} للسوق: يظهر للعملاء ويطابق الطلبات من جديد.`,
        `▶️ Property #${ref} is back on the market: shown to clients and matched again.`,
      ],
    };
    say(ctx, ...said[change]);
    return;
  }
  const why: Record<typeof done.error.code, [string, string]> = {
    'LISTING.NOT_FOUND': [`ما لقيت عقار برقم ${n} عندك.`, `You have no property #${ref}.`],
    'LISTING.NOT_ACTIVE': [
      `العقار ${n} انباع أو تأجر، ما عاد يتغير وضعه.`,
      `Property #${ref} is sold or rented; its status stays.`,
    ],
    'LISTING.UNCHANGED': [
      change === 'activate'
        ? `العقار ${n} معروض أصلاً.`
        : change === 'pause'
          ? `العقار ${n} موقف أصلاً.`
          : `العقار ${n} مسحوب أصلاً.`,
      change === 'activate'
        ? `Property #${ref} is already on the market.`
        : change === 'pause'
          ? `Property #${ref} is already paused.`
          : `Property #${ref} is already withdrawn.`,
    ],
    'LISTING.INVALID_INPUT': ['ما قدرت أغير وضع العقار.', 'I could not change that listing.'],
  };
  say(ctx, ...why[done.error.code]);
}
