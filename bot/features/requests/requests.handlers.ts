// request.create: what a seeker wants (types, cities, districts, budget and area ranges, bedrooms,
// urgency), from a client directly or from a broker for a customer, in one message or a short dialog
// that asks only for what matching cannot do without: buy or rent, the property type and the city.
import type { PropertyType } from '../../../core/requests/requests.service.ts';
import type { DialogState, TurnContext } from '../../engine/context.ts';
import { lookupCity } from '../../language/index.ts';
import { t } from '../../render/texts.ts';
import { findCustomers } from '../customers/customers.handlers.ts';
import { tellBroker, typeLabel } from '../listings/listings.handlers.ts';
import { type Criteria, criteriaFrom, describeCriteria, requestFrom } from '../shared/criteria.ts';
import { endDialog, type Handler, officeBroker, say, scopeOf, startDialog } from '../shared/helpers.ts';

export const REQUEST_DIALOG = { name: 'request', v: 1 } as const;

interface Wanted extends Criteria {
  urgent?: boolean;
  customerName?: string;
}

function wantedFrom(ctx: TurnContext): Wanted {
  const e = ctx.parsed?.entities ?? {};
  const w: Wanted = criteriaFrom(e);
  if (!w.listingType && (ctx.choice === 'sale' || ctx.choice === 'rent')) w.listingType = ctx.choice;
  if (/مستعجل|ضروري|urgent|asap/i.test(ctx.text)) w.urgent = true;
  if (ctx.actor.kind === 'member' && e.name) w.customerName = e.name;
  return w;
}

function ask(ctx: TurnContext, w: Wanted): boolean {
  const missing = !w.listingType ? 'type' : !w.propertyType ? 'propertyType' : !w.city ? 'city' : undefined;
  if (!missing) return false;
  startDialog(ctx, REQUEST_DIALOG.name, REQUEST_DIALOG.v, missing, w as Record<string, unknown>);
  if (missing === 'type')
    ctx.reply({
      text: t(ctx.lang, 'تبي شراء ولا إيجار؟', 'To buy or to rent?'),
      choices: [
        { id: 'sale', label: t(ctx.lang, 'شراء', 'Buy') },
        { id: 'rent', label: t(ctx.lang, 'إيجار', 'Rent') },
      ],
    });
  else if (missing === 'propertyType')
    ctx.reply({
      text: t(ctx.lang, 'وش نوع العقار اللي تبيه؟', 'What type of property?'),
      choices: (['apartment', 'villa', 'land', 'floor', 'office', 'shop'] as const).map((id) => ({
        id,
        label: typeLabel(id, ctx.lang),
      })),
    });
  else say(ctx, 'في أي مدينة؟', 'In which city?');
  return true;
}

async function commit(ctx: TurnContext, w: Wanted) {
  endDialog(ctx);
  const urgency = w.urgent ? ('urgent' as const) : ('normal' as const);
  const inverted = () =>
    say(
      ctx,
      'النطاق غير صحيح: الحد الأدنى أكبر من الأعلى.',
      'That range is inverted: the minimum is above the maximum.',
    );
  if (ctx.actor.kind === 'member') {
    const member = ctx.actor.member;
    const customers = w.customerName ? await findCustomers(ctx, member, w.customerName) : [];
    const customer = customers.length === 1 ? customers[0] : undefined;
    const created = await ctx.core.requests.create(
      scopeOf(member),
      requestFrom(w, { customerId: customer?.id, urgency }),
    );
    if (!created.ok) return inverted();
    say(
      ctx,
      `✅ سجلت الطلب${customer ? ` للعميل ${customer.name}` : ''}: ${describeCriteria('ar', w)}. بنبلغك بالعروض المطابقة.`,
      `✅ Request filed${customer ? ` for ${customer.name}` : ''}: ${describeCriteria('en', w)}. I will tell you about matching listings.`,
    );
    return;
  }
  // A client becomes (or is) a customer of the office, with the office's broker assigned.
  const broker = await officeBroker(ctx);
  if (!broker) {
    say(ctx, 'المكتب ما عنده وسيط متاح الحين.', 'The office has no broker available right now.');
    return;
  }
  const scope = { organizationId: ctx.organizationId, userId: broker.id };
  let customerId = ctx.contact.customerId ?? undefined;
  if (!customerId) {
    const existing = ctx.contact.phone ? await ctx.core.customers.findByPhone(scope, ctx.contact.phone) : null;
    customerId =
      existing?.id ??
      (await ctx.core.customers
        .create(scope, {
          name: ctx.contact.displayName ?? ctx.contact.phone ?? t(ctx.lang, 'عميل', 'Client'),
          phone: ctx.contact.phone ?? undefined,
          category: w.listingType === 'rent' ? 'tenant' : 'buyer',
          source: `chat:${ctx.channel.kind}`,
        })
        .then((r) => (r.ok ? r.value.id : undefined)));
    if (customerId)
      await ctx.db.contact.update({ where: { id: ctx.contact.id }, data: { customerId, role: 'client' } });
  }
  const created = await ctx.core.requests.create(scope, requestFrom(w, { customerId, urgency }));
  if (!created.ok) return inverted();
  say(
    ctx,
    `✅ سجلت طلبك: ${describeCriteria('ar', w)}. بيتواصل معك الوسيط، وبرسل لك العقارات المناسبة أول ما تتوفر.`,
    `✅ Got it: ${describeCriteria('en', w)}. A broker will contact you, and I will send you matching properties as they come.`,
  );
  await tellBroker(
    ctx,
    broker.id,
    `📥 طلب جديد من ${ctx.contact.displayName ?? ctx.contact.phone ?? 'عميل'}: ${describeCriteria('ar', w)}`,
  );
}

export const createRequest: Handler = async (ctx) => {
  if (ctx.actor.kind === 'member' && ctx.actor.member.role === 'observer') {
    say(ctx, 'صلاحياتك ما تسمح بإضافة طلب.', 'Your permissions do not allow adding requests.');
    return;
  }
  if (ctx.actor.kind === 'contact' && ctx.actor.role === 'unknown') {
    await ctx.db.contact.update({ where: { id: ctx.contact.id }, data: { role: 'client' } });
  }
  const w = wantedFrom(ctx);
  if (ask(ctx, w)) return;
  await commit(ctx, w);
};

export async function requestDialog(ctx: TurnContext, state: DialogState): Promise<boolean> {
  const w: Wanted = { ...(state.data as Wanted) };
  for (const [key, value] of Object.entries(wantedFrom(ctx)))
    if (value !== undefined) (w as Record<string, unknown>)[key] = value;
  if (state.step === 'propertyType' && ctx.choice && !w.propertyType) w.propertyType = ctx.choice as PropertyType;
  if (state.step === 'city' && !w.city && ctx.text) {
    const city = lookupCity(ctx.text);
    if (!city) {
      say(
        ctx,
        `ما عرفت المدينة «${ctx.text.slice(0, 40)}». اكتب اسمها، مثل: الرياض.`,
        `I don't know the city "${ctx.text.slice(0, 40)}". Write its name, e.g. Riyadh.`,
      );
      ctx.state.dialog = state;
      return true;
    }
    w.city = city.nameEn;
  }
  if (ask(ctx, w)) return true;
  await commit(ctx, w);
  return true;
}
