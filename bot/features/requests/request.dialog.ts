// The request dialog: what a seeker wants (types, cities, districts, budget and area ranges, bedrooms,
// urgency), from a client directly or from a broker for a customer, in one message or a few questions
// that ask only for what matching cannot do without: buy or rent, the property type and the city.

import { z } from 'zod';
import { isPropertyType, type RequestErrorCode } from '../../../core/requests/requests.service.ts';
import { truncateGraphemes } from '../../../core/shared/sanitize.ts';
import { contactScope, memberScope } from '../../../core/shared/scope.ts';
import type { TurnContext } from '../../engine/context.ts';
import { defineDialog } from '../../engine/dialog.ts';
import { lookupCity } from '../../language/index.ts';
import { cityLabel } from '../../render/format.ts';
import { t } from '../../render/texts.ts';
import { findCustomers } from '../customers/customers.handlers.ts';
import { typeLabel } from '../listings/listings.texts.ts';
import { searchForClient } from '../search/client.search.ts';
import { asksWhatYouHave } from '../search/client.words.ts';
import { addMoreDistricts, criteriaFrom, criteriaSchema, describeCriteria, requestFrom } from '../shared/criteria.ts';
import { officeBroker, say, tellBroker } from '../shared/helpers.ts';
import { impliedCity } from '../shared/places.ts';
import { spokenBudget, withSpokenBudget } from '../shared/spoken-budget.ts';
import { recentCustomer } from '../tasks/referent.ts';

const wantedSchema = criteriaSchema.and(
  z.object({
    urgent: z.boolean().optional(),
    customerName: z.string().optional(),
    // «ميزانيتي ٨٠٠» before buy or rent is known: the words, read again once the deal is answered
    budgetSaid: z.string().max(200).optional(),
  }),
);
type Wanted = z.infer<typeof wantedSchema>;

export const requestDialog = defineDialog({
  name: 'request',
  version: 1,
  steps: ['type', 'propertyType', 'city'],
  schema: wantedSchema,
  about: (w) => {
    const type = w.propertyType ? typeLabel(w.propertyType, 'ar') : '';
    const typeEn = w.propertyType ? typeLabel(w.propertyType, 'en') : '';
    const place = w.district ?? (w.city ? cityLabel(w.city, 'ar') : undefined);
    const forWhom = w.customerName ? ` للعميل ${w.customerName}` : '';
    return {
      ar: `تسجل طلب${type ? ` ${type}` : ''}${place ? ` في ${place}` : ''}${forWhom}`.trim(),
      en: `filing a request${typeEn ? ` for a ${typeEn.toLowerCase()}` : ''}${w.customerName ? ` for ${w.customerName}` : ''}`,
    };
  },
  accepts(ctx, { step, data }) {
    // A lead, a booking, an agenda question… is never the answer to "buy or rent?".
    if (!REQUEST_ANSWERS.has(ctx.parsed?.intent ?? 'unknown')) return false;
    if (asksWhatYouHave(ctx)) return true;
    const w = wantedFrom(ctx);
    // A request for another customer is a new request, not this one's answer.
    if (w.customerName && data.customerName && w.customerName !== data.customerName) return false;
    if (step === 'propertyType' && isPropertyType(ctx.choice)) return true;
    if (step === 'city' && ctx.text && lookupCity(ctx.text)) return true;
    return Object.values(w).some((v) => v !== undefined);
  },
  async handle(ctx, { step, data }) {
    // «وش عندكم؟» while the request is being described: what fits what was said so far, and the question again
    if (asksWhatYouHave(ctx)) {
      await searchForClient(ctx, data);
      askMissing(ctx, { ...data });
      return true;
    }
    const w: Wanted = { ...data };
    // "how old is the building?" asks about a listing: its noun is not the type he wants
    const asksAbout = /[?؟]\s*$/u.test(ctx.text) && step !== 'propertyType';
    for (const [key, value] of Object.entries(wantedFrom(ctx)))
      if (value !== undefined && !(asksAbout && key === 'propertyType' && data.propertyType))
        Object.assign(w, { [key]: value });
    if (step === 'propertyType' && !w.propertyType && isPropertyType(ctx.choice)) w.propertyType = ctx.choice;
    cityOfDistrict(ctx, w);
    if (step === 'city' && !w.city && ctx.text) {
      const city = lookupCity(ctx.text);
      if (!city) {
        say(
          ctx,
          `ما عرفت المدينة «${truncateGraphemes(ctx.text, 40)}». اكتب اسمها، مثل: الرياض.`,
          `I don't know the city "${truncateGraphemes(ctx.text, 40)}". Write its name, e.g. Riyadh.`,
        );
        return true;
      }
      w.city = city.nameEn;
    }
    if (askMissing(ctx, w)) return true;
    await fileRequest(ctx, w);
    return true;
  },
});

/** What the parser may call a message that answers a request's question. */
const REQUEST_ANSWERS = new Set(['request.create', 'property.search', 'unknown', 'select', 'confirm', 'deny']);

/** The budget said without its unit before the deal was known, read now that it is (or kept waiting). */
function readBudgetSaid(w: Wanted) {
  if (!w.budgetSaid || !w.listingType) return;
  if (w.budgetMax === undefined) Object.assign(w, withSpokenBudget(w, w.budgetSaid));
  delete w.budgetSaid;
}

/** Fills the city a district alone says (shared/places.ts). */
function cityOfDistrict(ctx: TurnContext, w: Wanted) {
  if (!w.city && w.district) w.city = impliedCity(ctx, w.district);
}

/** What one message says the seeker wants. */
export function wantedFrom(ctx: TurnContext): Wanted {
  const e = ctx.parsed?.entities ?? {};
  const w: Wanted = criteriaFrom(e);
  addMoreDistricts(w, ctx.text, ctx.officeCity); // «بالملقا او الياسمين»
  if (!w.listingType && (ctx.choice === 'sale' || ctx.choice === 'rent')) w.listingType = ctx.choice;
  // «ما تزيد عن ٧٠ الف بالسنه»: an amount a year (or a month) is a rent
  if (!w.listingType && e.rent_period) w.listingType = 'rent';
  // «ابي شقة ايجار ميزانيتي ٦٠», «فيلا للبيع الميزانية ٢ ونص»: a budget without its unit, read for the deal
  Object.assign(w, withSpokenBudget(w, ctx.text));
  // «ابي فيلا ميزانيتي ٨٠٠» says neither buy nor rent: its amount waits for that answer (readBudgetSaid)
  if (!w.listingType && (w.budgetMax === undefined || w.budgetMax < 1_000) && spokenBudget(ctx.text, 'sale')) {
    delete w.budgetMax;
    w.budgetSaid = truncateGraphemes(ctx.text, 200);
  }
  if (/مستعجل|ضروري|urgent|asap/i.test(ctx.text)) w.urgent = true;
  if (ctx.actor.kind === 'member' && e.name) w.customerName = e.name;
  return w;
}

/**
 * Asks for the first of buy-or-rent, property type and city still missing; false when none is. The
 * question starts with what was understood so far ("Noted: in Al Malqa up to SAR 70,000."), so the
 * seeker sees his budget and district were taken and is asked only for the rest.
 */
export function askMissing(ctx: TurnContext, w: Wanted): boolean {
  readBudgetSaid(w);
  cityOfDistrict(ctx, w);
  const missing = !w.listingType ? 'type' : !w.propertyType ? 'propertyType' : !w.city ? 'city' : undefined;
  if (!missing) return false;
  requestDialog.start(ctx, missing, w);
  const understood = describeCriteria(ctx.lang, w);
  const heard = understood ? t(ctx.lang, `تمام، ${understood}. `, `Noted: ${understood}. `) : '';
  if (missing === 'type')
    ctx.reply({
      text: heard + t(ctx.lang, 'تبي شراء ولا إيجار؟', 'To buy or to rent?'),
      choices: [
        { id: 'sale', label: t(ctx.lang, 'شراء', 'Buy') },
        { id: 'rent', label: t(ctx.lang, 'إيجار', 'Rent') },
      ],
    });
  else if (missing === 'propertyType')
    ctx.reply({
      text: heard + t(ctx.lang, 'وش نوع العقار اللي تبيه؟', 'What type of property?'),
      choices: (['apartment', 'villa', 'land', 'floor', 'office', 'shop'] as const).map((id) => ({
        id,
        label: typeLabel(id, ctx.lang),
      })),
    });
  else ctx.reply(heard + t(ctx.lang, 'في أي مدينة؟', 'In which city?'));
  return true;
}

const REFUSALS: Record<RequestErrorCode, [ar: string, en: string]> = {
  'REQUEST.INVALID_RANGE': [
    'النطاق غير صحيح: الحد الأدنى أكبر من الأعلى.',
    'That range is inverted: the minimum is above the maximum.',
  ],
  'REQUEST.CUSTOMER_NOT_FOUND': ['ما لقيت العميل.', 'Customer not found.'],
  'REQUEST.AMOUNT_TOO_LARGE': [
    'المبلغ كبير جداً أو المساحة كبيرة جداً، تأكد من الرقم واكتبه مرة ثانية.',
    'That amount or area is far too large. Please check the number and send it again.',
  ],
  'REQUEST.INVALID_INPUT': [
    'بيانات الطلب غير صحيحة، اكتبه لي مرة ثانية.',
    'Those request details are not valid; please send them again.',
  ],
};

/** «يبي», «تبغى», «يدور», "he wants": what someone else (the customer) is after, not the broker himself. */
const HE_WANTS =
  /(^|[^\p{L}])(يبي|يبغى|يبغا|يبغي|تبي|تبغى|تبغا|تبغي|يدور|تدور|يبحث|تبحث|يحتاج|تحتاج)(?=[^\p{L}]|$)|\b(he|she) (wants|needs|is looking)\b/iu;

/**
 * Files the request: a broker's for the customer he named (when exactly one fits), a client's for
 * himself as a customer of the office, with the office's broker assigned and told (the customer's own
 * broker, when his number is a customer's already and that broker is still a member).
 */
export async function fileRequest(ctx: TurnContext, w: Wanted) {
  requestDialog.end(ctx);
  const urgency = w.urgent ? ('urgent' as const) : ('normal' as const);
  const refused = (code: RequestErrorCode) => {
    const [ar, en] = REFUSALS[code];
    say(ctx, ar, en);
  };
  if (ctx.actor.kind === 'member') {
    const member = ctx.actor.member;
    const customers = w.customerName ? await findCustomers(ctx, member, w.customerName) : [];
    // «يبي فيلا بالدمام» right after «عميل جديد حمد …»: "he" is the customer the chat was just about
    const recent =
      !w.customerName && HE_WANTS.test(ctx.text) ? recentCustomer(ctx.state.lastCustomer, ctx.now) : undefined;
    const customer = customers.length === 1 ? customers[0] : recent;
    const created = await ctx.core.requests.create(
      memberScope(member),
      requestFrom(w, { customerId: customer?.id, urgency }),
    );
    if (!created.ok) return refused(created.error.code);
    say(
      ctx,
      `✅ سجلت الطلب${customer ? ` للعميل ${customer.name}` : ''}: ${describeCriteria('ar', w)}. بنبلغك بالعروض المطابقة.`,
      `✅ Request filed${customer ? ` for ${customer.name}` : ''}: ${describeCriteria('en', w)}. I will tell you about matching listings.`,
    );
    return;
  }
  const broker = await officeBroker(ctx);
  if (!broker) {
    say(ctx, 'المكتب ما عنده وسيط متاح الحين.', 'The office has no broker available right now.');
    return;
  }
  const scope = { organizationId: ctx.organizationId, userId: broker.id };
  const customerId = await ctx.core.contacts.customerFor(scope, ctx.contact, {
    name: ctx.contact.displayName ?? ctx.contact.phone ?? t(ctx.lang, 'عميل', 'Client'),
    category: w.listingType === 'rent' ? 'tenant' : 'buyer',
    source: `chat:${ctx.channel.kind}`,
    role: 'client',
  });
  const assignee = ctx.contact.customer?.assignedToId;
  const brokerId =
    assignee && assignee !== broker.id && (await ctx.core.teams.memberById(contactScope(ctx.organizationId), assignee))
      ? assignee
      : broker.id;
  const created = await ctx.core.requests.create(
    { organizationId: ctx.organizationId, userId: brokerId },
    requestFrom(w, { customerId: customerId ?? undefined, urgency }),
  );
  if (!created.ok) return refused(created.error.code);
  // the broker knows him by the name he saved him under, when his number is a customer's already
  const who = ctx.contact.customer?.name ?? ctx.contact.displayName ?? ctx.contact.phone ?? 'عميل';
  ctx.state.lastRequest = { id: created.value.id, at: ctx.now.toISOString(), who };
  say(
    ctx,
    `✅ سجلت طلبك: ${describeCriteria('ar', w)}. بيتواصل معك الوسيط، وبرسل لك العقارات المناسبة أول ما تتوفر.`,
    `✅ Got it: ${describeCriteria('en', w)}. A broker will contact you, and I will send you matching properties as they come.`,
  );
  await tellBroker(ctx, brokerId, (lang) =>
    t(
      lang,
      `📥 طلب جديد من ${who}: ${describeCriteria('ar', w)}`,
      `📥 New request from ${who}: ${describeCriteria('en', w)}`,
    ),
  );
}
