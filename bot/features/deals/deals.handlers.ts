// sale.record: "تم بيع فيلا النرجس بمليونين و٣٠٠ ألف" records the deal, its commission, closes the
// customer and plans a follow-up seven days later (the integration package's sale flow).
import type { Member } from '../../../core/teams/teams.service.ts';
import type { DialogState, TurnContext } from '../../engine/context.ts';
import type { Entities } from '../../language/index.ts';
import { formatDay, formatMoney, formatNumber, formatPercent } from '../../render/format.ts';
import { t } from '../../render/texts.ts';
import { findCustomers } from '../customers/customers.handlers.ts';
import { endDialog, type Handler, requireMember, say, scopeOf, startDialog } from '../shared/helpers.ts';

export const SALE_DIALOG = { name: 'sale', v: 1 } as const;

async function findProperty(ctx: TurnContext, member: Member, e: Entities) {
  const where = { organizationId: member.organizationId, status: 'active' as const };
  if (e.ref) return ctx.db.property.findFirst({ where: { ...where, refNumber: e.ref } });
  if (!e.district && !e.property_type && !e.city) return null;
  const found = await ctx.db.property.findMany({
    where: {
      ...where,
      ...(e.district ? { district: e.district } : {}),
      ...(e.city ? { city: e.city } : {}),
      ...(e.property_type ? { propertyType: e.property_type } : {}),
    },
    take: 2,
  });
  return found.length === 1 ? found[0]! : null;
}

async function record(ctx: TurnContext, member: Member, e: Entities, amount: number) {
  const dealType = e.listing_type === 'rent' ? 'rent' : 'sale';
  const customers = e.name ? await findCustomers(ctx, member, e.name) : [];
  const customer = customers.length === 1 ? customers[0] : undefined;
  const property = await findProperty(ctx, member, e);
  const result = await ctx.core.finance.recordSale(scopeOf(member), {
    amount,
    dealType,
    customerId: customer?.id,
    propertyId: property?.id,
    notes: ctx.text.slice(0, 1_000),
    idempotencyKey: `sale:${ctx.inboundId}`,
  });
  endDialog(ctx);
  if (!result.ok) {
    say(
      ctx,
      'المبلغ غير صحيح. اكتبه مثل: بمليونين و٣٠٠ ألف',
      'That amount is not valid. Write it like: for 2.3 million',
    );
    return;
  }
  const r = result.value;
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
          `العقار: ${property.title} (رقم ${property.refNumber})`,
          `Property: ${property.title} (#${property.refNumber})`,
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
  if (property && r.created) await ctx.core.listings.withdraw(member.organizationId, property.id, ctx.now);
  if (property?.ownerCustomerId) await tellOwner(ctx, property.ownerCustomerId, property.refNumber, dealType);
}

/** The homeowner hears when the status of his property changes. */
async function tellOwner(ctx: TurnContext, ownerCustomerId: string, refNumber: number, dealType: 'sale' | 'rent') {
  const contacts = await ctx.db.contact.findMany({
    where: { organizationId: ctx.organizationId, customerId: ownerCustomerId },
    select: { id: true, channelAccountId: true, externalId: true, language: true },
  });
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

export const recordSale: Handler = async (ctx) => {
  const member = requireMember(ctx, 'crm', 'edit');
  if (!member) return;
  const e = ctx.parsed?.entities ?? {};
  if (!e.price) {
    startDialog(ctx, SALE_DIALOG.name, SALE_DIALOG.v, 'ask_amount', { entities: e });
    say(ctx, 'مبروك! بكم تمت الصفقة؟', 'Congratulations! What was the amount?');
    return;
  }
  await record(ctx, member, e, e.price);
};

export async function saleDialog(ctx: TurnContext, state: DialogState): Promise<boolean> {
  if (ctx.actor.kind !== 'member' || state.step !== 'ask_amount') {
    endDialog(ctx);
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
  await record(ctx, ctx.actor.member, state.data.entities as Entities, amount);
  return true;
}
