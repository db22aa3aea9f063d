// A member's new price for a listing, in his words: «غير سعر العقار ٤ الى ٦٥ الف», «نزل سعر العقار ١ الى
// مليونين», "change the price of property 4 to 65k". Read as the homeowner's price change is
// (owner.read.ts); the parser alone took «العقار ٤ الى ٦٥ الف» for a new listing at 4,000 to 65,000.
import { memberScope } from '../../../core/shared/scope.ts';
import { memberCan } from '../../../core/teams/teams.service.ts';
import type { TurnContext } from '../../engine/context.ts';
import { parse } from '../../language/index.ts';
import { formatMoney, formatNumber } from '../../render/format.ts';
import { say } from '../shared/helpers.ts';
import { listingRefOf, readOwnerAsk, withoutRef } from './owner.read.ts';

/** The listings feature's words for members: a price change with the listing's number and the amount. */
export async function memberPriceWords(ctx: TurnContext): Promise<boolean> {
  if (ctx.actor.kind !== 'member' || ctx.choice || !ctx.text) return false;
  const ref = listingRefOf(ctx.text);
  if (ref === undefined) return false;
  const ask = readOwnerAsk(ctx.text, parse(withoutRef(ctx.text), { now: ctx.now, tz: ctx.tz, role: 'owner' }));
  if (ask?.kind !== 'price' || ask.price === undefined) return false;
  if (!memberCan(ctx.actor.member, 'properties', 'edit')) return false;
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
