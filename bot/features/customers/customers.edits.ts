// What an update or a note does to a customer the broker named, and the words that say it.
import { z } from 'zod';
import {
  CUSTOMER_STATUSES,
  type Customer,
  type CustomerPatch,
  INTEREST_LEVELS,
} from '../../../core/customers/customers.types.ts';
import { memberScope } from '../../../core/shared/scope.ts';
import type { Member } from '../../../core/teams/teams.service.ts';
import type { TurnContext } from '../../engine/context.ts';
import type { Entities } from '../../language/index.ts';
import { formatMoney, formatPhoneForChat } from '../../render/format.ts';
import { t } from '../../render/texts.ts';
import { rememberCustomer, say } from '../shared/helpers.ts';
import { interestLabel, statusLabel } from './customers.texts.ts';

/** What patchFromText gives, kept in the dialog's state while the broker picks the customer. */
export const textPatchSchema = z.object({
  status: z.enum(CUSTOMER_STATUSES).optional(),
  interestLevel: z.enum(INTEREST_LEVELS).optional(),
  isVip: z.boolean().optional(),
  phone: z.string().optional(),
  budgetMin: z.number().optional(),
  budgetMax: z.number().optional(),
  name: z.string().optional(),
});

export type TextPatch = z.infer<typeof textPatchSchema>;

/** Status and interest words of a customer.update message. */
export function patchFromText(text: string, e: Entities): TextPatch {
  const patch: TextPatch = {};
  const s = text.toLowerCase();
  if (/(غير|مو|مب|ما\s*هو)\s*مهتم|not (interested|intrested|intersted)/.test(s))
    Object.assign(patch, { status: 'lost', interestLevel: 'cold' });
  else if (/مهتم\s*جد|very interested/.test(s))
    Object.assign(patch, { status: 'interested', interestLevel: 'very_hot' });
  else if (/مهتم|interested|intrested/.test(s)) patch.status = 'interested';
  else if (/تفاوض|negotiat/.test(s)) patch.status = 'negotiating';
  else if (/تواصلت|تم التواصل|contacted/.test(s)) patch.status = 'contacted';
  else if (/مغلق|closed/.test(s)) patch.status = 'closed';
  if (/بارد|cold/.test(s) && !patch.interestLevel) patch.interestLevel = 'cold';
  if (/حار|hot\b/.test(s) && !patch.interestLevel) patch.interestLevel = 'hot';
  if (/vip|مميز/.test(s)) patch.isVip = true;
  if (e.phone) patch.phone = e.phone;
  if (e.budget_max) patch.budgetMax = e.budget_max;
  if (e.budget_min) patch.budgetMin = e.budget_min;
  const renamed = newNameOf(text);
  if (renamed) patch.name = renamed;
  return patch;
}

/**
 * «غير اسم ام عبدالعزيز الى ام عبدالعزيز القحطاني», «اسمه الصحيح …», "rename Sara to Sara Al-Harbi",
 * "change Omar's name to Omar Saleh": the new name, as written.
 */
const RENAME = [
  /(?:^|\s)(?:غير|غيري|عدل|عدلي|بدل|صحح|حدث)\s+(?:ال)?اسم(?:ه|ها)?(?:\s+.{0,60}?)?\s+(?:الى|إلى|لـ?)\s+[:：]?\s*(.+)$/u,
  /(?:^|\s)اسم(?:ه|ها)\s+(?:الصحيح|الكامل)\s*[:：]?\s*(.+)$/u,
  /\b(?:rename|change|update|correct)\s+.{0,60}?name\s+to\s+(.+)$/iu,
  /\brename\s+.{1,60}?\s+to\s+(.+)$/iu,
];

function newNameOf(text: string): string | undefined {
  for (const re of RENAME) {
    const name = text
      .trim()
      .match(re)?.[1]
      ?.trim()
      .replace(/[.!؟?]+$/u, '');
    if (name && name.length <= 100 && !/\d{5}/u.test(name)) return name;
  }
  return undefined;
}

/** The note itself: after "[أضف] ملاحظة على X:" or "[add a] note:"; otherwise the whole message. */
export function noteText(text: string): string {
  const afterColon = text.match(
    /^(?:(?:[اأإ]ضف|ضيف|سجل|حط|اكتب|add|write|put)\s+(?:an?\s+)?)?(?:ملاحظ[ةه]|note)[^:：]{0,60}[:：]\s*(.+)$/isu,
  )?.[1];
  return (afterColon ?? text).trim();
}

export async function applyUpdate(ctx: TurnContext, member: Member, customer: Customer, patch: CustomerPatch) {
  if (Object.keys(patch).length === 0) {
    say(
      ctx,
      `وش تبي أغير في بيانات ${customer.name}؟ مثلاً: غير حالة ${customer.name} إلى مهتم`,
      `What should I change for ${customer.name}? e.g. set ${customer.name} to interested`,
    );
    return;
  }
  rememberCustomer(ctx, customer);
  const updated = await ctx.core.customers.update(memberScope(member), customer.id, patch);
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
  // «ابو هشام نزل ميزانيته لـ ٩٠٠ الف»: his open request's budget follows, so matching uses the new one
  if (patch.budgetMax !== undefined || patch.budgetMin !== undefined) {
    const scope = memberScope(member);
    const request = (await ctx.core.requests.latestActiveOf(scope, [c.id])).get(c.id);
    if (request) {
      await ctx.core.requests.refine(scope, request.id, {
        priceMax: patch.budgetMax ?? undefined,
        priceMin: patch.budgetMin ?? undefined,
      });
    }
  }
  const changes = [
    patch.status
      ? t(ctx.lang, `الحالة: ${statusLabel(ctx, c.status)}`, `status: ${statusLabel(ctx, c.status)}`)
      : undefined,
    patch.interestLevel
      ? t(
          ctx.lang,
          `الاهتمام: ${interestLabel(ctx, c.interestLevel)}`,
          `interest: ${interestLabel(ctx, c.interestLevel)}`,
        )
      : undefined,
    patch.phone && c.phone
      ? t(ctx.lang, `الرقم: ${formatPhoneForChat(c.phone, 'ar')}`, `phone: ${formatPhoneForChat(c.phone, 'en')}`)
      : undefined,
    patch.name ? t(ctx.lang, `الاسم: ${c.name}`, `name: ${c.name}`) : undefined,
    patch.budgetMax
      ? t(
          ctx.lang,
          `الميزانية: حتى ${formatMoney(patch.budgetMax, 'ar')}`,
          `budget: up to ${formatMoney(patch.budgetMax, 'en')}`,
        )
      : undefined,
  ].filter(Boolean);
  say(ctx, `✅ حدّثت ${c.name}: ${changes.join('، ')}`, `✅ Updated ${c.name}: ${changes.join(', ')}`);
}

export async function addNote(ctx: TurnContext, member: Member, customer: Customer, note: string) {
  rememberCustomer(ctx, customer);
  const scope = memberScope(member);
  await ctx.core.customers.addNote(scope, customer.id, note);
  if (/^(كلمت|اتصلت|تواصلت|called|spoke)/iu.test(ctx.text)) {
    await ctx.core.customers.logInteraction(scope, {
      customerId: customer.id,
      type: 'call',
      summary: note,
      occurredAt: ctx.now,
    });
  }
  say(ctx, `📝 سجلت الملاحظة على ${customer.name}.`, `📝 Note saved on ${customer.name}.`);
}
