// Leads: customer.create (with the request its criteria describe and a follow-up), customer.list,
// customer.update and note.add, and the customer dialog (missing name or phone, duplicate phone).

import { TZDate } from '@date-fns/tz';
import { addDays } from 'date-fns';
import type { Customer, CustomerPatch } from '../../../core/customers/customers.types.ts';
import { toE164 } from '../../../core/shared/phone.ts';
import type { Member } from '../../../core/teams/teams.service.ts';
import type { DialogState, TurnContext } from '../../engine/context.ts';
import type { Entities } from '../../language/index.ts';
import { cityLabel, formatDateTime, formatMoney, formatPhoneForChat } from '../../render/format.ts';
import { t } from '../../render/texts.ts';
import {
  type Criteria,
  criteriaFrom,
  describeCriteria,
  describesWish,
  preferencesFrom,
  requestFrom,
} from '../shared/criteria.ts';
import {
  confirmChoices,
  endDialog,
  type Handler,
  nth,
  requireMember,
  say,
  scopeOf,
  startDialog,
} from '../shared/helpers.ts';

export const CUSTOMER_DIALOG = { name: 'customer', v: 1 } as const;

const STATUS_LABELS = {
  new: ['جديد', 'new'],
  contacted: ['تم التواصل', 'contacted'],
  interested: ['مهتم', 'interested'],
  negotiating: ['تفاوض', 'negotiating'],
  closed: ['مغلق', 'closed'],
  lost: ['غير مهتم', 'lost'],
  inactive: ['غير نشط', 'inactive'],
} as const;

export const statusLabel = (ctx: TurnContext, status: keyof typeof STATUS_LABELS) =>
  t(ctx.lang, STATUS_LABELS[status][0], STATUS_LABELS[status][1]);

function visibleTo(member: Member) {
  return member.visibleUserIds === 'all' ? undefined : member.visibleUserIds;
}

/** Customers the member may see whose name holds `name`. */
export async function findCustomers(ctx: TurnContext, member: Member, name: string) {
  return ctx.core.customers.search(scopeOf(member), { text: name, assignedToIds: visibleTo(member), limit: 10 });
}

/** The next morning at 10:00 in the organization's zone: when a new lead is first followed up. */
function nextMorning(ctx: TurnContext): Date {
  const local = new TZDate(ctx.now.getTime(), ctx.tz);
  const tomorrow = addDays(local, 1);
  return new Date(new TZDate(tomorrow.getFullYear(), tomorrow.getMonth(), tomorrow.getDate(), 10, 0, ctx.tz).getTime());
}

interface PendingCustomer {
  name?: string;
  phone?: string;
  criteria?: Criteria;
  existingId?: string;
}

async function commitNewCustomer(
  ctx: TurnContext,
  member: Member,
  data: PendingCustomer & { phone: string; name: string },
) {
  const existing = await ctx.core.customers.findByPhone(scopeOf(member), data.phone);
  if (existing) {
    startDialog(ctx, CUSTOMER_DIALOG.name, CUSTOMER_DIALOG.v, 'confirm_update', { ...data, existingId: existing.id });
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
  const created = await ctx.core.customers.create(scopeOf(member), {
    name: data.name,
    phone: data.phone,
    source: `chat:${ctx.channel.kind}`,
    category: c?.listingType === 'rent' ? 'tenant' : 'buyer',
    ...(c ? preferencesFrom(c) : {}),
  });
  if (!created.ok) {
    endDialog(ctx);
    say(
      ctx,
      'ما قدرت أضيف العميل: البيانات غير مكتملة أو غير صحيحة.',
      'I could not add the customer: the details are incomplete or invalid.',
    );
    return;
  }
  endDialog(ctx);
  const customer = created.value;
  if (c) await fileRequest(ctx, member, customer.id, c);
  const followUpAt = nextMorning(ctx);
  await ctx.db.customerFollowup.create({
    data: {
      organizationId: member.organizationId,
      customerId: customer.id,
      userId: member.userId,
      dueAt: followUpAt,
      type: 'call',
    },
  });
  const lines = [
    t(
      ctx.lang,
      `✅ أضفت العميل ${customer.name} (${formatPhoneForChat(customer.phone!, ctx.lang)})`,
      `✅ Added ${customer.name} (${formatPhoneForChat(customer.phone!, ctx.lang)})`,
    ),
    c ? t(ctx.lang, `الطلب: ${describeCriteria(ctx.lang, c)}`, `Request: ${describeCriteria(ctx.lang, c)}`) : undefined,
    t(
      ctx.lang,
      `المتابعة: ${formatDateTime(followUpAt, 'ar', ctx.tz)}`,
      `Follow-up: ${formatDateTime(followUpAt, 'en', ctx.tz)}`,
    ),
  ];
  ctx.reply(lines.filter(Boolean).join('\n'));
}

async function fileRequest(ctx: TurnContext, member: Member, customerId: string, c: Criteria) {
  await ctx.core.requests.create(scopeOf(member), requestFrom(c, { customerId }));
}

async function continueCustomer(ctx: TurnContext, member: Member, data: PendingCustomer) {
  if (!data.name) {
    startDialog(ctx, CUSTOMER_DIALOG.name, CUSTOMER_DIALOG.v, 'ask_name', { ...data });
    say(ctx, 'تمام، وش اسم العميل؟', "Sure — what is the customer's name?");
    return;
  }
  if (!data.phone) {
    startDialog(ctx, CUSTOMER_DIALOG.name, CUSTOMER_DIALOG.v, 'ask_phone', { ...data });
    say(ctx, `وش رقم جوال ${data.name}؟`, `What is ${data.name}'s mobile number?`);
    return;
  }
  await commitNewCustomer(ctx, member, data as PendingCustomer & { phone: string; name: string });
}

export const createCustomer: Handler = async (ctx) => {
  const member = requireMember(ctx, 'crm', 'create');
  if (!member) return;
  const e = ctx.parsed?.entities ?? {};
  const criteria = criteriaFrom(e);
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
  if (!text || text.length > 60 || /\d|[٠-٩]/.test(text) || text.split(/\s+/).length > 5) return undefined;
  return text;
}

export async function customerDialog(ctx: TurnContext, state: DialogState): Promise<boolean> {
  const member = ctx.actor.kind === 'member' ? ctx.actor.member : undefined;
  if (!member) {
    endDialog(ctx);
    return false;
  }
  const data = state.data as PendingCustomer;
  switch (state.step) {
    case 'ask_name': {
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
    case 'ask_phone': {
      const phone = ctx.parsed?.entities.phone ?? (ctx.text ? toE164(ctx.text) : undefined);
      if (!phone) {
        say(
          ctx,
          'الرقم ما يبدو صحيح. اكتبه مثل 0551234567 أو ‎+966551234567 (أو «إلغاء»).',
          'That does not look like a valid number. Write it like 0551234567 or +966551234567 (or "cancel").',
        );
        return true;
      }
      await continueCustomer(ctx, member, { ...data, phone });
      return true;
    }
    case 'confirm_update': {
      if (ctx.choice === 'confirm') {
        const c = data.criteria;
        const patch: CustomerPatch = {
          ...(c ? preferencesFrom(c) : {}),
          lastContact: ctx.now,
        };
        const updated = await ctx.core.customers.update(scopeOf(member), data.existingId!, patch);
        endDialog(ctx);
        if (!updated.ok) {
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
        endDialog(ctx);
        say(ctx, 'تمام، ما غيرت شي.', 'OK, nothing changed.');
        return true;
      }
      ctx.reply({
        text: t(ctx.lang, 'تبي أحدّث بيانات العميل الموجود؟', 'Update the existing customer?'),
        choices: confirmChoices(ctx, t(ctx.lang, 'حدّث بياناته', 'Update them')),
      });
      return true;
    }
  }
  if (state.step.startsWith('pick_for_')) return customerPickStep(ctx, state, member);
  endDialog(ctx);
  return false;
}

function customerLine(ctx: TurnContext, c: Customer, i: number) {
  const phone = c.phone ? ` — ${formatPhoneForChat(c.phone, ctx.lang)}` : '';
  return `${nth(ctx, i)}. ${c.name}${phone} — ${statusLabel(ctx, c.status)}`;
}

export const listCustomers: Handler = async (ctx) => {
  const member = requireMember(ctx, 'crm', 'view');
  if (!member) return;
  const e = ctx.parsed?.entities ?? {};
  const scope = scopeOf(member);
  const found = e.phone
    ? await ctx.core.customers.search(scope, { phone: e.phone })
    : e.name
      ? await findCustomers(ctx, member, e.name)
      : await ctx.core.customers.search(scope, {
          assignedToIds: visibleTo(member),
          status: /مهتم|interested/i.test(ctx.text) ? 'interested' : undefined,
          limit: 10,
        });
  if (found.length === 0) {
    say(
      ctx,
      e.name || e.phone
        ? `ما لقيت عميل ${e.name ? `باسم ${e.name}` : 'بهذا الرقم'}.`
        : 'ما عندك عملاء مسجلين للحين. أضف أول عميل: عميل جديد أحمد 0551234567',
      e.name || e.phone
        ? `No customer found ${e.name ? `named ${e.name}` : 'with that number'}.`
        : 'No customers yet. Add one: new lead Ahmed 0551234567',
    );
    return;
  }
  if (found.length === 1 && (e.name || e.phone)) {
    await showCustomer(ctx, found[0]!.id);
    return;
  }
  ctx.state.list = { kind: 'customer', ids: found.map((c) => c.id) };
  ctx.reply(
    [
      t(ctx.lang, 'عملاؤك:', 'Your customers:'),
      ...found.map((c, i) => customerLine(ctx, c, i)),
      t(ctx.lang, 'اكتب رقم العميل لتفاصيله.', 'Reply with a number for details.'),
    ].join('\n'),
  );
};

export async function showCustomer(ctx: TurnContext, customerId: string) {
  if (ctx.actor.kind !== 'member') return;
  const got = await ctx.core.customers.get(scopeOf(ctx.actor.member), customerId);
  if (!got.ok) {
    say(ctx, 'ما لقيت هذا العميل.', 'I could not find that customer.');
    return;
  }
  const c = got.value;
  const last = await ctx.db.customerActivity.findMany({
    where: { customerId: c.id, organizationId: c.organizationId },
    orderBy: { createdAt: 'desc' },
    take: 3,
  });
  const lines = [
    `👤 ${c.name}`,
    c.phone ? `📞 ${formatPhoneForChat(c.phone, ctx.lang)}` : undefined,
    t(ctx.lang, `الحالة: ${statusLabel(ctx, c.status)}`, `Status: ${statusLabel(ctx, c.status)}`),
    c.budgetMax
      ? t(
          ctx.lang,
          `الميزانية: حتى ${formatMoney(c.budgetMax, 'ar')}`,
          `Budget: up to ${formatMoney(c.budgetMax, 'en')}`,
        )
      : undefined,
    c.preferredCities.length || c.preferredDistricts.length
      ? t(
          ctx.lang,
          `يفضّل: ${[...c.preferredDistricts, ...c.preferredCities.map((x) => cityLabel(x, 'ar'))].join('، ')}`,
          `Prefers: ${[...c.preferredDistricts, ...c.preferredCities].join(', ')}`,
        )
      : undefined,
    ...last.filter((a) => a.type === 'note').map((a) => `📝 ${a.description}`),
  ];
  ctx.reply(lines.filter(Boolean).join('\n'));
}

/** Status and interest words of a customer.update message. */
export function patchFromText(text: string, e: Entities): CustomerPatch {
  const patch: CustomerPatch = {};
  const s = text.toLowerCase();
  if (/(غير|مو|مب|ما\s*هو)\s*مهتم|not interested/.test(s))
    Object.assign(patch, { status: 'lost', interestLevel: 'cold' });
  else if (/مهتم\s*جد|very interested/.test(s))
    Object.assign(patch, { status: 'interested', interestLevel: 'very_hot' });
  else if (/مهتم|interested/.test(s)) patch.status = 'interested';
  else if (/تفاوض|negotiat/.test(s)) patch.status = 'negotiating';
  else if (/تواصلت|تم التواصل|contacted/.test(s)) patch.status = 'contacted';
  else if (/مغلق|closed/.test(s)) patch.status = 'closed';
  if (/بارد|cold/.test(s) && !patch.interestLevel) patch.interestLevel = 'cold';
  if (/حار|hot\b/.test(s) && !patch.interestLevel) patch.interestLevel = 'hot';
  if (/vip|مميز/.test(s)) patch.isVip = true;
  if (e.phone) patch.phone = e.phone;
  if (e.budget_max) patch.budgetMax = e.budget_max;
  if (e.budget_min) patch.budgetMin = e.budget_min;
  return patch;
}

/** Resolves the customer a message names: one match acts at once; several ask to pick. */
async function withNamedCustomer(
  ctx: TurnContext,
  member: Member,
  action: 'update' | 'note',
  payload: Record<string, unknown>,
  act: (customer: Customer) => Promise<void>,
) {
  const name = ctx.parsed?.entities.name;
  if (!name) {
    say(
      ctx,
      'على أي عميل؟ اكتب اسمه، مثل: كلمت خالد وقال يفكر',
      'Which customer? Include the name, e.g. note on Khalid: will call back',
    );
    return;
  }
  const found = await findCustomers(ctx, member, name);
  if (found.length === 0) {
    say(ctx, `ما لقيت عميل باسم ${name}.`, `No customer named ${name}.`);
    return;
  }
  if (found.length === 1) {
    await act(found[0]!);
    return;
  }
  startDialog(ctx, CUSTOMER_DIALOG.name, CUSTOMER_DIALOG.v, `pick_for_${action}`, {
    ...payload,
    ids: found.map((c) => c.id),
  });
  ctx.reply({
    text: t(
      ctx.lang,
      `عندك أكثر من عميل باسم ${name}. أي واحد؟`,
      `You have several customers named ${name}. Which one?`,
    ),
    choices: found.map((c) => ({
      id: c.id,
      label: `${c.name}${c.phone ? ` ${formatPhoneForChat(c.phone, ctx.lang)}` : ''}`,
    })),
  });
}

async function applyUpdate(ctx: TurnContext, member: Member, customer: Customer, patch: CustomerPatch) {
  if (Object.keys(patch).length === 0) {
    say(
      ctx,
      `وش تبي أغير في بيانات ${customer.name}؟ مثلاً: غير حالة ${customer.name} إلى مهتم`,
      `What should I change for ${customer.name}? e.g. set ${customer.name} to interested`,
    );
    return;
  }
  const updated = await ctx.core.customers.update(scopeOf(member), customer.id, patch);
  if (!updated.ok) {
    const msg = {
      'CUSTOMER.INVALID_PHONE': ['الرقم غير صحيح.', 'That phone number is not valid.'],
      'CUSTOMER.DUPLICATE_PHONE': ['هذا الرقم مسجل لعميل ثاني.', 'That number belongs to another customer.'],
      'CUSTOMER.NOT_FOUND': ['ما لقيت العميل.', 'Customer not found.'],
      'CUSTOMER.INVALID_INPUT': ['البيانات غير صحيحة.', 'Those details are not valid.'],
    }[updated.error.code];
    say(ctx, msg[0]!, msg[1]!);
    return;
  }
  const c = updated.value;
  const changes = [
    patch.status
      ? t(ctx.lang, `الحالة: ${statusLabel(ctx, c.status)}`, `status: ${statusLabel(ctx, c.status)}`)
      : undefined,
    patch.interestLevel ? t(ctx.lang, `الاهتمام: ${c.interestLevel}`, `interest: ${c.interestLevel}`) : undefined,
    patch.phone && c.phone
      ? t(ctx.lang, `الرقم: ${formatPhoneForChat(c.phone, 'ar')}`, `phone: ${formatPhoneForChat(c.phone, 'en')}`)
      : undefined,
    patch.budgetMax
      ? t(
          ctx.lang,
          `الميزانية: حتى ${formatMoney(patch.budgetMax as number, 'ar')}`,
          `budget: up to ${formatMoney(patch.budgetMax as number, 'en')}`,
        )
      : undefined,
  ].filter(Boolean);
  say(ctx, `✅ حدّثت ${c.name}: ${changes.join('، ')}`, `✅ Updated ${c.name}: ${changes.join(', ')}`);
}

export const updateCustomer: Handler = async (ctx) => {
  const member = requireMember(ctx, 'crm', 'edit');
  if (!member) return;
  const patch = patchFromText(ctx.text, ctx.parsed?.entities ?? {});
  await withNamedCustomer(ctx, member, 'update', { patch }, (customer) => applyUpdate(ctx, member, customer, patch));
};

/** The note itself: after "ملاحظة على X:" or "note:"; otherwise the whole message. */
export function noteText(text: string): string {
  const afterColon = text.match(/^(?:ملاحظ[ةه]|note)[^:：]{0,60}[:：]\s*(.+)$/isu)?.[1];
  return (afterColon ?? text).trim();
}

async function addNote(ctx: TurnContext, member: Member, customer: Customer, note: string) {
  await ctx.core.customers.addNote(scopeOf(member), customer.id, note);
  if (/^(كلمت|اتصلت|تواصلت|called|spoke)/iu.test(ctx.text)) {
    await ctx.db.customerInteraction.create({
      data: {
        organizationId: member.organizationId,
        customerId: customer.id,
        userId: member.userId,
        type: 'call',
        summary: note,
        occurredAt: ctx.now,
      },
    });
  }
  say(ctx, `📝 سجلت الملاحظة على ${customer.name}.`, `📝 Note saved on ${customer.name}.`);
}

export const addCustomerNote: Handler = async (ctx) => {
  const member = requireMember(ctx, 'crm', 'edit');
  if (!member) return;
  const note = noteText(ctx.text);
  await withNamedCustomer(ctx, member, 'note', { note }, (customer) => addNote(ctx, member, customer, note));
};

/** The pick steps of the customer dialog (several customers matched a name). */
export async function customerPickStep(ctx: TurnContext, state: DialogState, member: Member): Promise<boolean> {
  const ids = (state.data.ids as string[]) ?? [];
  const picked = ctx.choice && ids.includes(ctx.choice) ? ctx.choice : undefined;
  if (!picked) {
    if (ctx.parsed && ctx.parsed.intent !== 'select' && ctx.parsed.intent !== 'unknown') {
      endDialog(ctx);
      return false;
    }
    say(ctx, `اختر رقم من ١ إلى ${ids.length} (أو «إلغاء»).`, `Pick a number from 1 to ${ids.length} (or "cancel").`);
    ctx.state.choices = ids;
    return true;
  }
  endDialog(ctx);
  const got = await ctx.core.customers.get(scopeOf(member), picked);
  if (!got.ok) return true;
  if (state.step === 'pick_for_update') await applyUpdate(ctx, member, got.value, state.data.patch as CustomerPatch);
  else await addNote(ctx, member, got.value, state.data.note as string);
  return true;
}
