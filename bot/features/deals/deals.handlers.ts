// sale.record: "تم بيع فيلا النرجس بمليونين و٣٠٠ ألف" records the deal, its commission, closes the
// customer and plans a follow-up seven days later (the integration package's sale flow).

import { z } from 'zod';
import { PROPERTY_TYPES } from '../../../core/requests/requests.service.ts';
import { MAX_SAR } from '../../../core/shared/limits.ts';
import { truncateGraphemes } from '../../../core/shared/sanitize.ts';
import { memberScope } from '../../../core/shared/scope.ts';
import type { Member } from '../../../core/teams/teams.service.ts';
import type { TurnContext } from '../../engine/context.ts';
import { defineDialog } from '../../engine/dialog.ts';
import { formatDay, formatMoney, formatNumber, formatPercent } from '../../render/format.ts';
import { t } from '../../render/texts.ts';
import { findCustomers, visibleTo } from '../customers/customers.handlers.ts';
import { listingName } from '../listings/owner.texts.ts';
import { type Handler, requireMember, saidWithin, say } from '../shared/helpers.ts';

/** What of the sale message is kept while the amount is asked for: who bought, and which listing. */
const saleFactsSchema = z.object({
  name: z.string().optional(),
  phone: z.string().optional(),
  listing_type: z.enum(['sale', 'rent']).optional(),
  ref: z.number().optional(),
  district: z.string().optional(),
  city: z.string().optional(),
  property_type: z.enum(PROPERTY_TYPES).optional(),
});

type SaleFacts = z.infer<typeof saleFactsSchema>;

async function record(ctx: TurnContext, member: Member, e: SaleFacts, amount: number) {
  const scope = memberScope(member);
  const dealType = e.listing_type === 'rent' ? 'rent' : 'sale';
  const customer = await buyerOf(ctx, member, e, dealType);
  const property = await ctx.core.finance.soldProperty(scope, {
    ref: e.ref,
    district: e.district,
    city: e.city,
    propertyType: e.property_type,
  });
  const result = await ctx.core.finance.recordSale(scope, {
    amount,
    dealType,
    customerId: customer?.id,
    propertyId: property?.id,
    notes: truncateGraphemes(ctx.text, 1_000),
    idempotencyKey: `sale:${ctx.inboundId}`,
  });
  saleDialog.end(ctx);
  if (!result.ok) {
    switch (result.error.code) {
      case 'SALE.PROPERTY_NOT_FOUND':
        say(
          ctx,
          'ما لقيت هذا العقار في مكتبك. اكتب رقمه مثل: تم بيع العقار ٣',
          "I can't find that property in your office. Give its number, e.g. property 3 sold",
        );
        return;
      case 'SALE.CUSTOMER_NOT_FOUND':
        say(
          ctx,
          'ما لقيت هذا العميل عندك. اكتب اسمه كما هو مسجل أو رقم جواله.',
          "I can't find that customer among yours. Give the name as saved, or the phone number.",
        );
        return;
      default:
        say(
          ctx,
          'المبلغ غير صحيح. اكتبه مثل: بمليونين و٣٠٠ ألف',
          'That amount is not valid. Write it like: for 2.3 million',
        );
        return;
    }
  }
  const r = result.value;
  ctx.state.lastDeal = { amount: r.amount, commission: r.commission, at: ctx.now.toISOString() };
  if (!r.created) {
    // the same deal told again: say so, never a second sale
    ctx.reply(
      t(
        ctx.lang,
        `ℹ️ هذه الصفقة مسجلة من قبل: ${formatMoney(r.amount, 'ar')}${property ? ` (العقار رقم ${formatNumber(property.refNumber, 'ar')})` : ''}، العمولة ${formatMoney(r.commission, 'ar')}. ما سجلتها مرة ثانية.`,
        `ℹ️ This deal is already recorded: ${formatMoney(r.amount, 'en')}${property ? ` (property #${property.refNumber})` : ''}, commission ${formatMoney(r.commission, 'en')}. I did not record it twice.`,
      ),
    );
    return;
  }
  const lines = [
    t(
      ctx.lang,
      `🎉 مبروك! سجلت الصفقة: ${formatMoney(r.amount, 'ar')}`,
      `🎉 Congratulations! Deal recorded: ${formatMoney(r.amount, 'en')}`,
    ),
    t(
      ctx.lang,
      `العمولة (${formatPercent(r.ratePercent, 'ar')}): ${formatMoney(r.commission, 'ar')}`,
      `Commission (${formatPercent(r.ratePercent, 'en')}): ${formatMoney(r.commission, 'en')}`,
    ),
    property
      ? t(
          ctx.lang,
          `العقار: ${property.title} (رقم ${formatNumber(property.refNumber, 'ar')})`,
          `Property: ${listingName('en', property)}`,
        )
      : undefined,
    customer
      ? t(ctx.lang, `العميل ${customer.name}: الحالة صارت مغلق`, `Customer ${customer.name}: marked closed`)
      : undefined,
    t(
      ctx.lang,
      `المتابعة بعد الصفقة: ${formatDay(r.followUpAt, 'ar', ctx.tz)}`,
      `After-sale follow-up: ${formatDay(r.followUpAt, 'en', ctx.tz)}`,
    ),
  ];
  ctx.reply(lines.filter(Boolean).join('\n'));
  if (property && r.created) await ctx.core.listings.withdraw(scope, property.id, ctx.now);
  if (property?.ownerCustomerId) await tellOwner(ctx, member, property.ownerCustomerId, property.refNumber, dealType);
}

/**
 * Who bought (or rented): the customer with the phone said, else the one customer of that name; a
 * name with a phone nobody has yet ("sold the land to faisal 0532223344") is the office's new customer.
 */
async function buyerOf(ctx: TurnContext, member: Member, e: SaleFacts, dealType: 'sale' | 'rent') {
  const scope = memberScope(member);
  if (e.phone) {
    const [byPhone] = await ctx.core.customers.search(scope, { phone: e.phone, assignedToIds: visibleTo(member) });
    if (byPhone) return byPhone;
    if (e.name) {
      const created = await ctx.core.customers.create(scope, {
        name: e.name,
        phone: e.phone,
        category: dealType === 'rent' ? 'tenant' : 'buyer',
        source: `chat:${ctx.channel.kind}`,
      });
      if (created.ok) return created.value;
    }
  }
  const customers = e.name ? await findCustomers(ctx, member, e.name) : [];
  return customers.length === 1 ? customers[0] : undefined;
}

/** The homeowner hears when the status of his property changes. */
async function tellOwner(
  ctx: TurnContext,
  member: Member,
  ownerCustomerId: string,
  refNumber: number,
  dealType: 'sale' | 'rent',
) {
  const contacts = await ctx.core.contacts.ofCustomer(memberScope(member), ownerCustomerId);
  for (const contact of contacts) {
    const lang = contact.language === 'en' ? 'en' : 'ar';
    const text =
      dealType === 'rent'
        ? t(
            lang,
            `🏷️ تحديث على عقارك رقم ${formatNumber(refNumber, 'ar')}: تم تأجيره. شكراً لثقتك!`,
            `🏷️ Update on your property #${refNumber}: it has been rented. Thank you!`,
          )
        : t(
            lang,
            `🏷️ تحديث على عقارك رقم ${formatNumber(refNumber, 'ar')}: تم بيعه. مبروك!`,
            `🏷️ Update on your property #${refNumber}: it has been sold. Congratulations!`,
          );
    ctx.notify({
      contactId: contact.id,
      channelAccountId: contact.channelAccountId,
      chatId: contact.externalId,
      message: { text },
    });
  }
}

/** "whats my cut on that", "how much do i make on that one", «كم عمولتي فيها؟» (folded letters). */
const CUT_ON_IT =
  /\b(my cut|my commission|my share|how much do i (make|get|earn))\b|(كم|وش)\s(عمولتي|نصيبي|حقي|لي)\s?(فيها|منها|عليها|فيه|منه)?/iu;
/** How long after recording a deal "that one" still means it. */
const LAST_DEAL_MS = 30 * 60_000;

/** The deals feature's words: the commission of the deal just recorded, asked right after. */
export async function cutOfLastDeal(ctx: TurnContext): Promise<boolean> {
  if (ctx.actor.kind !== 'member' || ctx.choice || !ctx.text) return false;
  const last = ctx.state.lastDeal;
  if (!last || !saidWithin(last.at, ctx.now, LAST_DEAL_MS) || !CUT_ON_IT.test(ctx.text)) return false;
  // a period («عمولتي هالشهر») asks the month's figures: the report answers it
  if (ctx.parsed?.entities.period || ctx.parsed?.entities.date) return false;
  say(
    ctx,
    `💰 عمولتك في آخر صفقة (${formatMoney(last.amount, 'ar')}): ${formatMoney(last.commission, 'ar')}.`,
    `💰 Your commission on that deal (${formatMoney(last.amount, 'en')}): ${formatMoney(last.commission, 'en')}.`,
  );
  return true;
}

export const recordSale: Handler = async (ctx) => {
  const member = requireMember(ctx, 'crm', 'edit');
  if (!member) return;
  const e = ctx.parsed?.entities ?? {};
  if (!e.price) {
    saleDialog.start(ctx, 'ask_amount', { entities: e });
    say(ctx, 'مبروك! بكم تمت الصفقة؟', 'Congratulations! What was the amount?');
    return;
  }
  await record(ctx, member, e, e.price);
};

export const saleDialog = defineDialog({
  name: 'sale',
  version: 1,
  steps: ['ask_amount'],
  schema: z.object({ entities: saleFactsSchema }),
  async handle(ctx, { data }) {
    if (ctx.actor.kind !== 'member') {
      saleDialog.end(ctx);
      return false;
    }
    const numbers = ctx.parsed?.numbers ?? [];
    const amount =
      ctx.parsed?.entities.price ?? ctx.parsed?.entities.budget_max ?? (numbers.length === 1 ? numbers[0] : undefined);
    if (!amount || !Number.isInteger(amount) || amount <= 0) {
      say(
        ctx,
        'اكتب المبلغ بالريال، مثل: ٢ مليون و٣٠٠ ألف (أو «إلغاء»).',
        'Write the amount in SAR, e.g. 2.3 million (or "cancel").',
      );
      return true;
    }
    if (amount > MAX_SAR) {
      // 99,999,999,999 typed by mistake: said plainly, and the question stays
      say(
        ctx,
        'المبلغ كبير جداً، تأكد منه واكتبه مرة ثانية، مثل: ٢ مليون و٣٠٠ ألف.',
        'That amount is far too large. Please check it and write it again, e.g. 2.3 million.',
      );
      return true;
    }
    await record(ctx, ctx.actor.member, data.entities, amount);
    return true;
  },
});
