// The market dialog: a broker looking at another office's shared offer may take it on. Taking it
// (within the offer's max_brokers) reveals the owner's and the listing broker's contacts; anything
// else leaves the dialog and is read as a new message.
import { z } from 'zod';
import type { MarketErrorCode } from '../../../core/listings/listings.types.ts';
import { memberScope } from '../../../core/shared/scope.ts';
import { defineDialog } from '../../engine/dialog.ts';
import { formatPhoneForChat } from '../../render/format.ts';
import { t } from '../../render/texts.ts';
import { say } from '../shared/helpers.ts';

const REFUSALS: Record<MarketErrorCode, [ar: string, en: string]> = {
  'MARKET.FULL': ['اكتمل عدد الوسطاء لهذا العرض.', 'This offer already has its maximum number of brokers.'],
  'MARKET.NOT_SHARED': ['العرض ما عاد متاح.', 'That offer is no longer available.'],
  'MARKET.OWN_OFFER': ['هذا عرض مكتبك.', 'That is your own office’s offer.'],
};

export const marketDialog = defineDialog({
  name: 'market',
  version: 1,
  steps: ['offer'],
  schema: z.object({ offerId: z.string() }),
  async handle(ctx, { data }) {
    marketDialog.end(ctx);
    const wantsIt =
      ctx.choice === 'accept' || ctx.parsed?.intent === 'confirm' || ctx.parsed?.intent === 'match.accept';
    if (ctx.actor.kind !== 'member' || !wantsIt) return false;
    const accepted = await ctx.core.listings.acceptOffer(memberScope(ctx.actor.member), data.offerId);
    if (!accepted.ok) {
      const [ar, en] = REFUSALS[accepted.error.code];
      say(ctx, ar, en);
      return true;
    }
    const d = accepted.value.fullDetails;
    const contactLines = [
      d.ownerName || d.ownerPhone
        ? t(
            ctx.lang,
            `👤 المالك: ${d.ownerName ?? ''} ${d.ownerPhone ? formatPhoneForChat(d.ownerPhone, 'ar') : ''}`,
            `👤 Owner: ${d.ownerName ?? ''} ${d.ownerPhone ?? ''}`,
          )
        : undefined,
      d.brokerName || d.brokerPhone
        ? t(
            ctx.lang,
            `🧑‍💼 وسيط العرض: ${d.brokerName ?? ''} ${d.brokerPhone ? formatPhoneForChat(d.brokerPhone, 'ar') : ''}`,
            `🧑‍💼 Listing broker: ${d.brokerName ?? ''} ${d.brokerPhone ?? ''}`,
          )
        : undefined,
    ];
    ctx.reply(
      [
        t(ctx.lang, '✅ قبلت العرض. بيانات التواصل:', '✅ Offer taken. Contact details:'),
        ...contactLines.filter(Boolean),
      ].join('\n'),
    );
    return true;
  },
});
