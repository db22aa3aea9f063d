// The customer dialog: a new lead missing its name or phone, a phone that is already a customer's
// (update him instead?), and the pick among several customers of the same name for an update or a note.
import { z } from 'zod';
import type { CustomerPatch } from '../../../core/customers/customers.types.ts';
import { hasDigit, toAsciiDigits } from '../../../core/shared/digits.ts';
import { addLocalDays, atLocalTime, localDateOf } from '../../../core/shared/local-time.ts';
import { toE164 } from '../../../core/shared/phone.ts';
import { memberScope } from '../../../core/shared/scope.ts';
import { foldForSearch } from '../../../core/shared/text.ts';
import type { Member } from '../../../core/teams/teams.service.ts';
import type { TurnContext } from '../../engine/context.ts';
import { type DialogTurn, defineDialog } from '../../engine/dialog.ts';
import { formatDateTime, formatNumber, formatPhoneForChat } from '../../render/format.ts';
import { t } from '../../render/texts.ts';
import {
  addMoreDistricts,
  type Criteria,
  criteriaFrom,
  criteriaSchema,
  describeCriteria,
  describesWish,
  preferencesFrom,
  requestFrom,
} from '../shared/criteria.ts';
import { confirmChoices, type Handler, rememberCustomer, requireMember, say, storedName } from '../shared/helpers.ts';
import { withSpokenBudget } from '../shared/spoken-budget.ts';
import { addNote, applyUpdate, textPatchSchema } from './customers.edits.ts';

const pendingCustomerSchema = z.object({
  name: z.string().optional(),
  phone: z.string().optional(),
  criteria: criteriaSchema.optional(),
  /** confirm_update: the customer who already has the phone */
  existingId: z.string().optional(),
  /** pick_for_*: the customers of that name */
  ids: z.array(z.string()).optional(),
  /** pick_for_update: the change to make */
  patch: textPatchSchema.optional(),
  /** pick_for_note: the note to add */
  note: z.string().optional(),
});

type PendingCustomer = z.infer<typeof pendingCustomerSchema>;
type Step = 'ask_name' | 'ask_phone' | 'confirm_update' | 'pick_for_update' | 'pick_for_note';

export const customerDialog = defineDialog({
  name: 'customer',
  version: 1,
  steps: ['ask_name', 'ask_phone', 'confirm_update', 'pick_for_update', 'pick_for_note'],
  schema: pendingCustomerSchema,
  // «٠٥٤٤٣٢١٠٩٨ ويبي دور للايجار …» at «وش رقم جواله؟»: the number asked for, with his wish after it (a
  // request of its own to the parser, which would park the lead); a number with another name («عميل جديد
  // فهد 05…») is another lead
  accepts: (ctx, { step, data }) => {
    const e = ctx.parsed?.entities;
    if (step !== 'ask_phone' || !e?.phone) return undefined;
    return e.name && e.name !== data.name ? undefined : true;
  },
  async handle(ctx, turn) {
    const member = ctx.actor.kind === 'member' ? ctx.actor.member : undefined;
    if (!member) {
      customerDialog.end(ctx);
      return false;
    }
    switch (turn.step) {
      case 'ask_name':
        return askName(ctx, member, turn.data);
      case 'ask_phone':
        return askPhone(ctx, member, turn.data);
      case 'confirm_update':
        return confirmUpdate(ctx, member, turn.data);
      case 'pick_for_update':
      case 'pick_for_note':
        return pickCustomer(ctx, member, turn);
    }
  },
});

/** The next morning at 10:00 in the organization's zone: when a new lead is first followed up. */
function nextMorning(ctx: TurnContext): Date {
  return atLocalTime(addLocalDays(localDateOf(ctx.now, ctx.tz), 1), 10, 0, ctx.tz);
}

async function fileRequest(ctx: TurnContext, member: Member, customerId: string, c: Criteria) {
  await ctx.core.requests.create(memberScope(member), requestFrom(c, { customerId }));
}

async function commitNewCustomer(
  ctx: TurnContext,
  member: Member,
  data: PendingCustomer & { phone: string; name: string },
) {
  const scope = memberScope(member);
  const existing = await ctx.core.customers.findByPhone(scope, data.phone);
  if (existing) {
    customerDialog.start(ctx, 'confirm_update', { ...data, existingId: existing.id });
    ctx.reply({
      text: t(
        ctx.lang,
        `العميل «${existing.name}» مسجل عندك بنفس الرقم. تبي أحدّث بياناته بدل ما أضيف عميل جديد؟`,
        `"${existing.name}" is already a customer with this phone. Update their details instead of adding a new one?`,
      ),
      choices: confirmChoices(ctx, t(ctx.lang, 'حدّث بياناته', 'Update them')),
    });
    return;
  }
  const c = data.criteria;
  const created = await ctx.core.customers.create(scope, {
    name: storedName(data.name),
    phone: data.phone,
    source: `chat:${ctx.channel.kind}`,
    category: c?.listingType === 'rent' ? 'tenant' : 'buyer',
    ...(c ? preferencesFrom(c) : {}),
  });
  customerDialog.end(ctx);
  if (!created.ok) {
    if (created.error.code === 'CUSTOMER.DUPLICATE_PHONE') {
      // The number is a customer of a colleague outside his team: core does not show him (roles).
      say(
        ctx,
        'هذا الرقم مسجّل لعميل عند وسيط ثاني في المكتب. لو تبيه يتحوّل لك كلّم مدير المكتب.',
        "This number belongs to another broker's customer in your office. Ask your office manager to reassign them to you.",
      );
      return;
    }
    say(
      ctx,
      'ما قدرت أضيف العميل: البيانات غير مكتملة أو غير صحيحة.',
      'I could not add the customer: the details are incomplete or invalid.',
    );
    return;
  }
  const customer = created.value;
  rememberCustomer(ctx, customer);
  if (c) await fileRequest(ctx, member, customer.id, c);
  const followUpAt = nextMorning(ctx);
  // the follow-up promised in the reply: the customer's follow-up row and the task that carries it,
  // reminded in this chat at that time, listed in «مهامي», done by «تم», moved by «أجلها»
  await ctx.core.tasks.planFollowup(scope, {
    customerId: customer.id,
    title: t(ctx.lang, `متابعة العميل ${customer.name}`, `Follow up with ${customer.name}`),
    type: 'call',
    taskType: 'call',
    dueAt: followUpAt,
    remindContactId: ctx.contact.id,
  });
  const lines = [
    t(
      ctx.lang,
      `✅ أضفت العميل ${customer.name} (${formatPhoneForChat(customer.phone ?? data.phone, ctx.lang)})`,
      `✅ Added ${customer.name} (${formatPhoneForChat(customer.phone ?? data.phone, ctx.lang)})`,
    ),
    c ? t(ctx.lang, `الطلب: ${describeCriteria(ctx.lang, c)}`, `Request: ${describeCriteria(ctx.lang, c)}`) : undefined,
    // a wish with neither place nor type matches nothing (core/matching/score.ts): ask for them
    c && !c.propertyType && !c.city && !c.district
      ? t(
          ctx.lang,
          `وش نوع العقار اللي يبيه ${customer.name} وفي أي مدينة أو حي؟ عشان أطابقه مع العروض. اكتب مثلاً: ${customer.name} يبي شقة بالرياض`,
          `What type of property does ${customer.name} want, and where? I need them to find matches. e.g. ${customer.name} wants an apartment in Riyadh`,
        )
      : undefined,
    t(
      ctx.lang,
      `المتابعة: ${formatDateTime(followUpAt, 'ar', ctx.tz)}`,
      `Follow-up: ${formatDateTime(followUpAt, 'en', ctx.tz)}`,
    ),
  ];
  ctx.reply(lines.filter(Boolean).join('\n'));
}

async function continueCustomer(ctx: TurnContext, member: Member, data: PendingCustomer) {
  const { name, phone } = data;
  if (!name) {
    customerDialog.start(ctx, 'ask_name', { ...data });
    say(ctx, 'تمام، وش اسم العميل؟', "Sure — what is the customer's name?");
    return;
  }
  if (!phone) {
    customerDialog.start(ctx, 'ask_phone', { ...data });
    say(ctx, `وش رقم جوال ${name}؟`, `What is ${name}'s mobile number?`);
    return;
  }
  await commitNewCustomer(ctx, member, { ...data, name, phone });
}

export const createCustomer: Handler = async (ctx) => {
  const member = requireMember(ctx, 'crm', 'create');
  if (!member) return;
  const e = ctx.parsed?.entities ?? {};
  // «تدور شقة ايجار بالخبر ميزانيتها ٤٥»: a budget without its unit, read for the deal
  const criteria = withSpokenBudget(criteriaFrom(e), ctx.text);
  addMoreDistricts(criteria, ctx.text, ctx.officeCity); // «يبي شقة بالملقا او الياسمين»
  await continueCustomer(ctx, member, {
    name: e.name,
    phone: e.phone,
    criteria: describesWish(criteria) ? criteria : undefined,
  });
};

/** A name typed on its own: short, no digits, not a sentence. */
function nameFromReply(ctx: TurnContext): string | undefined {
  const fromParser = ctx.parsed?.entities.name;
  if (fromParser) return fromParser;
  const text = ctx.text.replace(/[.!؟?،,]+$/u, '').trim();
  if (!text || text.length > 60 || hasDigit(text) || text.split(/\s+/).length > 5) return undefined;
  // «ما عندي رقمه الحين», «مدري», "I don't know": a sentence, not a name
  if (NOT_A_NAME.test(foldForSearch(text))) return undefined;
  return text;
}

/** Words no one's name is made of (folded letters): negations, pronouns, time and question words. */
const NOT_A_NAME =
  /(^|[^\p{L}])(ما|مو|مب|لا|عندي|ماعندي|الحين|بعدين|رقمه|رقمها|رقم|جواله|جوالها|مدري|ادري|اعرف|وش|ايش|ليش|كيف|متى|وين|اليوم|بكره|ابي|ابغى|يبي|يبغى|تبي|هو|هي|انا|i|don'?t|dont|know|later|not|no|his|her|number|phone|what|why|when)(?=[^\p{L}]|$)/u;

/** «ما عندي رقمه الحين», "I don't have his number yet": no number to give now. */
const NO_NUMBER =
  /(ما|مو|مب)\s*(عندي|معي|اعرف|ادري)\s*(رقمه|رقمها|جواله|جوالها|رقم)|ماعندي\s*(رقمه|رقمها|رقم)|\b(don'?t|do not)\s+(have|know)\s+(his|her|the|their)\s+(number|phone)|\bno (phone|number)( yet)?\b/u;

async function askName(ctx: TurnContext, member: Member, data: PendingCustomer): Promise<boolean> {
  const name = nameFromReply(ctx);
  if (!name) {
    say(
      ctx,
      'اكتب اسم العميل فقط، مثل: أحمد الغامدي (أو «إلغاء»).',
      'Please type just the name, e.g. Ahmed Alghamdi (or "cancel").',
    );
    return true;
  }
  await continueCustomer(ctx, member, { ...data, name, phone: data.phone ?? ctx.parsed?.entities.phone });
  return true;
}

async function askPhone(ctx: TurnContext, member: Member, data: PendingCustomer): Promise<boolean> {
  const phone = lastPhoneOf(ctx.text) ?? ctx.parsed?.entities.phone ?? (ctx.text ? toE164(ctx.text) : undefined);
  if (!phone && NO_NUMBER.test(foldForSearch(ctx.text))) {
    // A lead is kept by his number (one customer per phone in the office): wait for it, or stop.
    say(
      ctx,
      `أسجل ${data.name ?? 'العميل'} أول ما يصير عندك رقمه: اكتبه هنا متى ما حصلته، أو «إلغاء».`,
      `I will add ${data.name ?? 'the customer'} as soon as you have the number: send it here when you get it, or "cancel".`,
    );
    return true;
  }
  if (!phone) {
    say(
      ctx,
      'الرقم ما يبدو صحيح. اكتبه مثل 0551234567 أو ‎+966551234567 (أو «إلغاء»).',
      'That does not look like a valid number. Write it like 0551234567 or +966551234567 (or "cancel").',
    );
    return true;
  }
  // what he wants, said with the number
  const said = withSpokenBudget(criteriaFrom(ctx.parsed?.entities ?? {}), ctx.text);
  const criteria = describesWish(said) ? { ...data.criteria, ...said } : data.criteria;
  await continueCustomer(ctx, member, { ...data, phone, ...(criteria ? { criteria } : {}) });
  return true;
}

/**
 * "0551230987 .. no wait the right number is 0551230978": of two numbers in one answer the last is the
 * corrected one; undefined unless there are several.
 */
function lastPhoneOf(text: string): string | undefined {
  const all = toAsciiDigits(text).match(/(?:\+?966|0)?5\d{8}(?!\d)/gu) ?? [];
  return all.length > 1 ? toE164(all.at(-1)!) : undefined;
}

async function confirmUpdate(ctx: TurnContext, member: Member, data: PendingCustomer): Promise<boolean> {
  if (ctx.choice === 'confirm') {
    const c = data.criteria;
    const patch: CustomerPatch = { ...(c ? preferencesFrom(c) : {}), lastContact: ctx.now };
    customerDialog.end(ctx);
    const updated = data.existingId
      ? await ctx.core.customers.update(memberScope(member), data.existingId, patch)
      : undefined;
    if (!updated?.ok) {
      say(ctx, 'ما لقيت العميل، يمكن انحذف.', 'I could not find that customer any more.');
      return true;
    }
    if (c) await fileRequest(ctx, member, updated.value.id, c);
    say(
      ctx,
      `✅ حدّثت بيانات ${updated.value.name}${c ? ` وأضفت طلبه: ${describeCriteria(ctx.lang, c)}` : ''}.`,
      `✅ Updated ${updated.value.name}${c ? ` and filed the request: ${describeCriteria(ctx.lang, c)}` : ''}.`,
    );
    return true;
  }
  if (ctx.parsed?.intent === 'deny' || ctx.choice) {
    customerDialog.end(ctx);
    say(ctx, 'تمام، ما غيرت شي.', 'OK, nothing changed.');
    return true;
  }
  ctx.reply({
    text: t(ctx.lang, 'تبي أحدّث بيانات العميل الموجود؟', 'Update the existing customer?'),
    choices: confirmChoices(ctx, t(ctx.lang, 'حدّث بياناته', 'Update them')),
  });
  return true;
}

/** Several customers matched the name: the broker picks one, then the update or note is applied. */
async function pickCustomer(
  ctx: TurnContext,
  member: Member,
  { step, data }: DialogTurn<Step, PendingCustomer>,
): Promise<boolean> {
  const ids = data.ids ?? [];
  const picked = ctx.choice && ids.includes(ctx.choice) ? ctx.choice : undefined;
  if (!picked) {
    if (ctx.parsed && ctx.parsed.intent !== 'select' && ctx.parsed.intent !== 'unknown') {
      customerDialog.end(ctx);
      return false;
    }
    say(
      ctx,
      `اختر رقم من ١ إلى ${formatNumber(ids.length, 'ar')} (أو «إلغاء»).`,
      `Pick a number from 1 to ${ids.length} (or "cancel").`,
    );
    ctx.state.choices = ids;
    return true;
  }
  customerDialog.end(ctx);
  const got = await ctx.core.customers.get(memberScope(member), picked);
  if (!got.ok) return true;
  if (step === 'pick_for_update') await applyUpdate(ctx, member, got.value, data.patch ?? {});
  else await addNote(ctx, member, got.value, data.note ?? '');
  return true;
}
