// Leads: customer.list, customer.update and note.add (customer.create and its questions are in
// customers.dialog.ts).
import type { Customer } from '../../../core/customers/customers.types.ts';
import { memberScope } from '../../../core/shared/scope.ts';
import { type Member, memberCan } from '../../../core/teams/teams.service.ts';
import type { TurnContext } from '../../engine/context.ts';
import { normalizeArabic } from '../../language/index.ts';
import { cityLabel, formatDateTime, formatMoney, formatPhoneForChat } from '../../render/format.ts';
import { t } from '../../render/texts.ts';
import { typeLabel } from '../listings/listings.texts.ts';
import { reportUsers } from '../reports/reports.handlers.ts';
import { criteriaOf } from '../requests/request.amend.ts';
import { describeCriteria } from '../shared/criteria.ts';
import { type Handler, nth, rememberCustomer, requireMember, say } from '../shared/helpers.ts';
import { recentCustomer } from '../tasks/referent.ts';
import { customerDialog } from './customers.dialog.ts';
import { addNote, applyUpdate, noteText, patchFromText, type TextPatch } from './customers.edits.ts';
import { statusLabel } from './customers.texts.ts';

/** The users whose customers the member sees: undefined for all of them. */
export function visibleTo(member: Member) {
  return member.visibleUserIds === 'all' ? undefined : member.visibleUserIds;
}

/** Customers the member may see whose name holds `name`. */
export async function findCustomers(ctx: TurnContext, member: Member, name: string) {
  return ctx.core.customers.search(memberScope(member), { text: name, assignedToIds: visibleTo(member), limit: 10 });
}

/** «١. خالد — 0551230001 — جديد»: a numbered customer, his phone and, unless told otherwise, his status. */
export function customerLine(ctx: TurnContext, c: Customer, i: number, tail = statusLabel(ctx, c.status)) {
  const phone = c.phone ? ` — ${formatPhoneForChat(c.phone, ctx.lang)}` : '';
  return `${nth(ctx, i)}. ${c.name}${phone} — ${tail}`;
}

/** Customers as someone's («عملاء ليلى», "laila's customers"). */
const OF_CUSTOMERS = /عملاء|عملائها|عملائه|زباين|customers|clients|leads/iu;

/** A list asked for as requests («الطلبات», «طلباتي», "requests"): each customer's request is shown too. */
const ASKS_REQUESTS = /طلب|request/iu;

export const listCustomers: Handler = async (ctx) => {
  const member = requireMember(ctx, 'crm', 'view');
  if (!member) return;
  const e = ctx.parsed?.entities ?? {};
  const scope = memberScope(member);
  const interested = /مهتم|interested/i.test(ctx.text);
  if (ASKS_REQUESTS.test(ctx.text) && !e.name && !e.phone && !interested) {
    await listRequests(ctx, member);
    return;
  }
  // «وريني عملاء ليلى», "show laila's customers": a manager asking for one of his brokers' customers
  const broker = !e.phone && OF_CUSTOMERS.test(ctx.text) ? await reportUsers(ctx, member) : undefined;
  if (broker?.name) {
    const users = broker.users === 'all' ? [] : broker.users;
    const theirs = await ctx.core.customers.search(scope, { assignedToIds: users, limit: 10 });
    if (theirs.length === 0) {
      say(ctx, `ما عند ${broker.name} عملاء مسجلين.`, `${broker.name} has no customers yet.`);
      return;
    }
    ctx.state.list = { kind: 'customer', ids: theirs.map((c) => c.id) };
    ctx.reply(
      [
        t(ctx.lang, `عملاء ${broker.name}:`, `${broker.name}'s customers:`),
        ...theirs.map((c, i) => customerLine(ctx, c, i)),
        t(ctx.lang, 'اكتب رقم العميل لتفاصيله.', 'Reply with a number for details.'),
      ].join('\n'),
    );
    return;
  }
  const found = e.phone
    ? await ctx.core.customers.search(scope, { phone: e.phone })
    : e.name
      ? await findCustomers(ctx, member, e.name)
      : await ctx.core.customers.search(scope, {
          assignedToIds: visibleTo(member),
          status: interested ? 'interested' : undefined,
          limit: 10,
        });
  if (found.length === 0 && interested && !e.name && !e.phone) {
    say(
      ctx,
      'ما عندك عملاء بحالة «مهتم» حالياً. اكتب «عملائي» لعرض الكل.',
      'You have no customers marked interested right now. Write "my customers" to see them all.',
    );
    return;
  }
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
  const [only] = found;
  if (found.length === 1 && only && (e.name || e.phone)) {
    await showCustomer(ctx, only.id);
    return;
  }
  ctx.state.list = { kind: 'customer', ids: found.map((c) => c.id) };
  // «طلبات أبو فهد», "interested clients' requests": what each of them asks, under his line
  const asked = ASKS_REQUESTS.test(ctx.text)
    ? await ctx.core.requests.latestActiveOf(
        scope,
        found.map((c) => c.id),
      )
    : undefined;
  ctx.reply(
    [
      t(ctx.lang, 'عملاؤك:', 'Your customers:'),
      ...found.flatMap((c, i) => withRequest(ctx, customerLine(ctx, c, i), asked?.get(c.id))),
      t(ctx.lang, 'اكتب رقم العميل لتفاصيله.', 'Reply with a number for details.'),
    ].join('\n'),
  );
};

type RequestAsked = Parameters<typeof criteriaOf>[0];

/** «يبحث عن: شقة للإيجار في الملقا، الرياض»: what a request asks, in a line. */
function wantsLine(ctx: TurnContext, request: RequestAsked) {
  const wants = describeCriteria(ctx.lang, criteriaOf(request, {}));
  return t(ctx.lang, `يبحث عن: ${wants}`, `Looking for: ${wants}`);
}

/** A customer's line, and under it what his request asks when he has one. */
function withRequest(ctx: TurnContext, line: string, request: RequestAsked | undefined) {
  return request ? [line, `   ${wantsLine(ctx, request)}`] : [line];
}

/**
 * «وش عندي طلبات؟», «الطلبات», "show me the requests": the customers whose requests are the newest
 * (one line each, with what he asks), not his customers by last change, some of whom ask nothing.
 */
async function listRequests(ctx: TurnContext, member: Member) {
  const scope = memberScope(member);
  const requests = await ctx.core.requests.latestActive(scope, 10);
  const customerIds = requests.map((r) => r.customerId ?? '');
  const customers = customerIds.length
    ? await ctx.core.customers.search(scope, { ids: customerIds, assignedToIds: visibleTo(member), limit: 10 })
    : [];
  const byId = new Map(customers.map((c) => [c.id, c]));
  const shown = requests.flatMap((r) => {
    const customer = byId.get(r.customerId ?? '');
    return customer ? [{ customer, request: r }] : [];
  });
  if (shown.length === 0) {
    say(
      ctx,
      'ما فيه طلبات نشطة للحين. لتسجيل طلب عميل: طلب جديد: شقة للإيجار في الملقا لأحمد 0551234567',
      'No active requests yet. To file one: new request: apartment for rent in Al Malqa for Ahmed 0551234567',
    );
    return;
  }
  ctx.state.list = { kind: 'customer', ids: shown.map((s) => s.customer.id) };
  ctx.reply(
    [
      t(ctx.lang, 'آخر الطلبات:', 'Latest requests:'),
      ...shown.flatMap((s, i) => withRequest(ctx, customerLine(ctx, s.customer, i), s.request)),
      t(ctx.lang, 'اكتب رقم العميل لتفاصيله.', 'Reply with a number for details.'),
    ].join('\n'),
  );
}

export async function showCustomer(ctx: TurnContext, customerId: string) {
  if (ctx.actor.kind !== 'member') return;
  const scope = memberScope(ctx.actor.member);
  const got = await ctx.core.customers.get(scope, customerId);
  if (!got.ok) {
    say(ctx, 'ما لقيت هذا العميل.', 'I could not find that customer.');
    return;
  }
  const c = got.value;
  rememberCustomer(ctx, c);
  const last = await ctx.core.customers.recentActivity(scope, c.id);
  const followups = await ctx.core.customers.pendingFollowups(scope, c.id);
  const contacted = await ctx.core.customers.lastInteraction(scope, c.id);
  // what he asks now: his latest active request, which says more than the types on his record
  const request = (await ctx.core.requests.latestActiveOf(scope, [c.id])).get(c.id);
  const lines = [
    `👤 ${c.name}`,
    c.phone ? `📞 ${formatPhoneForChat(c.phone, ctx.lang)}` : undefined,
    t(ctx.lang, `الحالة: ${statusLabel(ctx, c.status)}`, `Status: ${statusLabel(ctx, c.status)}`),
    request ? wantsLine(ctx, request) : undefined,
    !request && c.propertyTypes.length
      ? t(
          ctx.lang,
          `يبحث عن: ${c.propertyTypes.map((x) => typeLabel(x, 'ar')).join('، ')}`,
          `Looking for: ${c.propertyTypes.map((x) => typeLabel(x, 'en')).join(', ')}`,
        )
      : undefined,
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
    contacted ? interactionLine(ctx, contacted) : undefined,
    // his follow-ups still to do: each is a task of «مهامي», done by «تم», moved by «أجلها»
    ...followups.map(
      (f) =>
        `🔔 ${t(ctx.lang, 'متابعة', 'Follow-up')} ${formatDateTime(f.dueAt, ctx.lang, ctx.tz)}${f.task ? `: ${f.task.title}` : ''}`,
    ),
  ];
  ctx.reply(lines.filter(Boolean).join('\n'));
}

/** The last contact that happened: «آخر تواصل: معاينة (تمت) الخميس …». */
function interactionLine(
  ctx: TurnContext,
  i: { type: string; outcome: string | null; summary: string | null; occurredAt: Date },
): string {
  const kind: Record<string, [string, string]> = {
    viewing: ['معاينة', 'viewing'],
    call: ['اتصال', 'call'],
    whatsapp: ['واتساب', 'WhatsApp'],
    meeting: ['اجتماع', 'meeting'],
    email: ['إيميل', 'email'],
    sms: ['رسالة', 'SMS'],
  };
  const outcome: Record<string, [string, string]> = {
    completed: ['تمت', 'done'],
    no_show: ['ما حضر', 'no-show'],
  };
  const [kindAr, kindEn] = kind[i.type] ?? ['تواصل', 'contact'];
  const o = i.outcome ? outcome[i.outcome] : undefined;
  const summary = i.summary && !/^(viewing done|client did not show up)$/.test(i.summary) ? ` — ${i.summary}` : '';
  return t(
    ctx.lang,
    `🕑 آخر تواصل: ${kindAr}${o ? ` (${o[0]})` : ''} ${formatDateTime(i.occurredAt, 'ar', ctx.tz)}${summary}`,
    `🕑 Last contact: ${kindEn}${o ? ` (${o[1]})` : ''} ${formatDateTime(i.occurredAt, 'en', ctx.tz)}${summary}`,
  );
}

/** Resolves the customer a message names: one match acts at once; several ask to pick. */
async function withNamedCustomer(
  ctx: TurnContext,
  member: Member,
  pick: { step: 'pick_for_update'; patch: TextPatch } | { step: 'pick_for_note'; note: string },
  act: (customer: Customer) => Promise<void>,
) {
  // «غير اسمه الى فهد العتيبي»: the name read is the new one (it is first met inside it), not whose it is
  const read = ctx.parsed?.entities.name;
  const renamed = pick.step === 'pick_for_update' ? pick.patch.name : undefined;
  const name = read && renamed && ctx.text.indexOf(read) >= ctx.text.lastIndexOf(renamed) ? undefined : read;
  // «كلمتها وقالت بتفكر», «غير حالتها لمهتمة» right after a lead: "her" is the customer the chat was about
  const recent = name ? undefined : recentCustomer(ctx.state.lastCustomer, ctx.now);
  if (recent) {
    const got = await ctx.core.customers.get(memberScope(member), recent.id);
    if (got.ok) {
      await act(got.value);
      return;
    }
  }
  if (!name) {
    say(
      ctx,
      'على أي عميل؟ اكتب اسمه، مثل: كلمت خالد وقال يفكر',
      'Which customer? Include the name, e.g. note on Khalid: will call back',
    );
    return;
  }
  const found = await findCustomers(ctx, member, name);
  const [only] = found;
  if (!only) {
    say(ctx, `ما لقيت عميل باسم ${name}.`, `No customer named ${name}.`);
    return;
  }
  if (found.length === 1) {
    await act(only);
    return;
  }
  const { step, ...payload } = pick;
  customerDialog.start(ctx, step, { ...payload, ids: found.map((c) => c.id) });
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

/** «تفاصيل محمد», «رقم ابو فهد», "Mohammed's details", "info on Sara": a customer looked up by name. */
const LOOKUP_WORD =
  /(^|\s)(تفاصيل|بيانات|معلومات|رقم|جوال|ملف|عطني|اعطني|ورني|وريني|اعرض|details|info|information|number|phone|profile|contact|show|open)(?=\s|$)|'s (details|info|number|phone|profile)\b/u;
/** «رقمه», «تفاصيلها», "his number": the customer the chat was about. */
const HIS_DETAILS =
  /^((وش|ايش|عطني|ابي|ابغى)\s+)?(رقمه|رقمها|جواله|جوالها|تفاصيله|تفاصيلها|بياناته|بياناتها|ملفه|ملفها|معلوماته|معلوماتها)\s*[?؟]?$|^(what'?s |show |give me )?(his|her) (number|phone|details|info|profile)\s*\??$/u;

/**
 * The customers feature's words: a customer looked up by name in few words («تفاصيل محمد», «رقم ابو
 * فهد», "Mohammed's details"), or «رقمه» right after one, which the parser leaves without an intent.
 */
export async function lookupWords(ctx: TurnContext): Promise<boolean> {
  if (ctx.actor.kind !== 'member' || ctx.choice || ctx.parsed?.intent !== 'unknown') return false;
  const folded = normalizeArabic(ctx.text).toLowerCase().trim();
  const name = ctx.parsed.entities.name;
  if (!name && HIS_DETAILS.test(folded)) {
    const recent = recentCustomer(ctx.state.lastCustomer, ctx.now);
    if (!recent || !memberCan(ctx.actor.member, 'crm', 'view')) return false;
    await showCustomer(ctx, recent.id);
    return true;
  }
  if (!name || folded.split(/\s+/).length > name.split(/\s+/).length + 3 || !LOOKUP_WORD.test(folded)) return false;
  await listCustomers(ctx);
  return true;
}

/** «ميزانيتها ١٢٠ الف», "her budget is 900k": a budget with a pronoun for a person (folded letters). */
const HIS_BUDGET =
  /(^|\s)(ميزانيته|ميزانيتها|ميزانيتهم|ميزانيه العميل|ميزانيه العميله)(?=\s|$)|\b(his|her|their) budget\b/u;

/**
 * The customers feature's words: a budget said of "him" right after a lead («ميزانيتها ١٢٠ الف»), which
 * the parser reads as a search, updates that customer. False for anything else.
 */
export async function budgetOfRecentCustomer(ctx: TurnContext): Promise<boolean> {
  if (ctx.actor.kind !== 'member' || ctx.choice) return false;
  const e = ctx.parsed?.entities ?? {};
  if (e.budget_max === undefined && e.budget_min === undefined) return false;
  if (e.name || e.property_type || e.city || e.district) return false;
  if (!HIS_BUDGET.test(normalizeArabic(ctx.text).toLowerCase())) return false;
  const recent = recentCustomer(ctx.state.lastCustomer, ctx.now);
  if (!recent || !memberCan(ctx.actor.member, 'crm', 'edit')) return false;
  const member = ctx.actor.member;
  const got = await ctx.core.customers.get(memberScope(member), recent.id);
  if (!got.ok) return false;
  await applyUpdate(ctx, member, got.value, patchFromText(ctx.text, e));
  return true;
}

export const updateCustomer: Handler = async (ctx) => {
  const member = requireMember(ctx, 'crm', 'edit');
  if (!member) return;
  const patch = patchFromText(ctx.text, ctx.parsed?.entities ?? {});
  await withNamedCustomer(ctx, member, { step: 'pick_for_update', patch }, (customer) =>
    applyUpdate(ctx, member, customer, patch),
  );
};

export const addCustomerNote: Handler = async (ctx) => {
  const member = requireMember(ctx, 'crm', 'edit');
  if (!member) return;
  const note = noteText(ctx.text);
  await withNamedCustomer(ctx, member, { step: 'pick_for_note', note }, (customer) =>
    addNote(ctx, member, customer, note),
  );
};
