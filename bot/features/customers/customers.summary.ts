// «لخص لي وضع فهد» / "summarize Fahd": a customer's situation in at most five lines (issue 15). The
// timeline (his requests, viewings, tasks, notes and logged contacts) is read with the sender's own scope,
// so a broker summarizes only customers he may see (core/teams/authorize.ts): another team's customer is
// "not found", as in every other search. Nova writes a plain five-line summary itself from that timeline,
// which is the whole answer without a key (useful offline too); with the AI helper the model only
// rephrases it from the same timeline, and a line of the model's with a number, a date, a place or a name
// that the timeline does not have is dropped (core/ai/fact-check.ts). Phone numbers are never in it.
import type { TimelineEntry } from '../../../core/ai/ai.port.ts';
import { checkSummary } from '../../../core/ai/fact-check.ts';
import type { Customer, CustomerStatus } from '../../../core/customers/customers.types.ts';
import { zoneOffsetMinutes } from '../../../core/shared/local-time.ts';
import { memberScope } from '../../../core/shared/scope.ts';
import { foldArabicLetters } from '../../../core/shared/text.ts';
import type { Member } from '../../../core/teams/teams.service.ts';
import type { TurnContext } from '../../engine/context.ts';
import { findPlaces } from '../../language/index.ts';
import { isKnownFirstName } from '../../language/names.ts';
import { tokenize } from '../../language/normalize.ts';
import { countAr } from '../../render/counts.ts';
import {
  cityLabel,
  districtLabel,
  formatDateTime,
  formatDay,
  formatMoney,
  formatNumber,
  type Lang,
} from '../../render/format.ts';
import { t } from '../../render/texts.ts';
import { typeLabel } from '../listings/listings.texts.ts';
import { nth, requireMember, say } from '../shared/helpers.ts';
import { findCustomers } from './customers.handlers.ts';

// ── what asks for a summary ──────────────────────────────────────────────────────────────────────────

const TASHKEEL = /[\u064B-\u065F\u0670\u0640]/g;
// Read on the letters folded (أ → ا, ة → ه: core/shared/text.ts), one for one, so that the name is cut
// from the text as written. «ملخص» alone is also the reports' word («ملخص الشهر», «ملخص الفريق»): a
// summary of a person is asked with the verb («لخص لي وضع فهد»), a cue («ملخص العميل فهد», «ملخص وضع
// فهد»), or it names a customer the sender has (summaryWords).
const AR_ASK =
  /^(?:(?:لو سمحت|ممكن|ابي|ابغى|ابغي|ابغا|عطني|اعطني)\s+)?(?:(لخص|اختصر)|ملخص|خلاصه)(?:\s+لي)?\s+(?:((?:وضع|حاله|حال|عن)\s+(?:العميل\s+|عميلي\s+|الزبون\s+)?|العميل\s+|عميلي\s+|الزبون\s+))?(.+)$/du;
const EN_ASK =
  /^(?:(?:please|can you|could you)\s+)?(?:(summari[sz]e|sum up)|give me a summary of|a summary of|summary of|summary for)\s+(?:the\s+)?((?:customer|client|lead)\s+)?(.+)$/diu;
const TRAILING =
  /(?:\s+(?:لو سمحت|الله يعافيك|الحين|please|thanks|now)|'s status|’s status|\s+status|\s+situation|[\s.؟?!،,])+$/iu;
/** Words of the reports' summaries (a period, the team, sales): never a customer's name. */
const REPORT_WORDS = new Set(
  'الشهر شهر هالشهر الاسبوع اسبوع هالاسبوع اليوم امس السنه هالسنه سنه الفريق فريقي الاداء اداء ادائي المبيعات مبيعاتي الصفقات صفقاتي العمولات عمولتي عمولاتي الصباحي اليومي التقرير الماضي الحالي المكتب month week today yesterday year team sales deals performance last this my commission commissions office'.split(
    ' ',
  ),
);

/**
 * Asking how things stand with someone («وش اخر شي صار مع سلطان», «وش وضع فهد», «وين وصلنا مع خالد»,
 * "what's the latest with Omar"): a summary when the name is a customer's, else left to the others.
 */
const STATUS_ASKS = [
  /^(?:وش|ايش|شو|ويش)\s+(?:اخر\s+(?:شي|شيء|اخبار|الاخبار|المستجدات)\s+)?(?:صار|الجديد|استجد|وضع|اخبار)\s+(?:(?:مع|عن|في)\s+)?(?:العميل\s+|عميلي\s+)?(?<name>.+)$/du,
  /^(?:وين\s+وصلنا|وين\s+وصلت|اخر\s+(?:اخبار|مستجدات|التطورات))\s+(?:مع|عن|في)\s+(?:العميل\s+)?(?<name>.+)$/du,
  /^(?:what'?s|what is|whats)\s+(?:the\s+)?(?:latest|new|up|happening|news|status|update)\s+(?:with|on|for)\s+(?:the\s+)?(?:customer\s+|client\s+|lead\s+)?(?<name>.+)$/diu,
  /^(?:where are we|any (?:news|updates?))\s+(?:with|on|about|from)\s+(?:the\s+)?(?:customer\s+|client\s+|lead\s+)?(?<name>.+)$/diu,
];

export interface SummaryAsk {
  name: string;
  /** asked with the verb or a cue («لخص», «ملخص العميل», "summarize"): answered even when nobody has the name */
  explicit: boolean;
}

/** Whose summary a message asks for («لخص لي وضع فهد» → فهد), or undefined when it asks none. */
export function summaryRequest(text: string): SummaryAsk | undefined {
  const plain = text.replace(TASHKEEL, '').replace(/\s+/g, ' ').trim();
  const folded = foldArabicLetters(plain);
  const m = AR_ASK.exec(folded) ?? EN_ASK.exec(folded);
  const status = m ? undefined : STATUS_ASKS.map((re) => re.exec(folded)).find(Boolean);
  const at = m?.indices?.[3] ?? status?.indices?.groups?.name;
  if (!at) return undefined;
  const name = plain.slice(at[0], at[1]).replace(TRAILING, '').trim();
  const words = foldArabicLetters(name).toLowerCase().split(' ');
  // a name is a few words, not a sentence, and no period or report
  if (!name || words.length > 4 || !/\p{L}/u.test(name) || words.some((w) => REPORT_WORDS.has(w))) return undefined;
  return { name, explicit: Boolean(m?.[1] || m?.[2]) };
}

// ── the timeline ─────────────────────────────────────────────────────────────────────────────────────

export type TimelineKind = 'note' | 'contact' | 'request' | 'viewing' | 'task';

/** One thing that happened (or will) with the customer, already written in the sender's language. */
export interface TimelineItem {
  at: Date;
  kind: TimelineKind;
  text: string;
  /** a viewing or task still ahead (scheduled, not done) */
  open?: boolean;
}

export interface CustomerProfile {
  name: string;
  /** «مهتم» / "interested" */
  status: string;
  /** what he looks for, in words, or undefined */
  wants?: string;
  createdAt: Date;
}

/** Digits that could reach a person (a phone typed in a note) never go into a summary. */
const maskPhones = (text: string) => text.replace(/[+\d\u0660-\u0669][\d\u0660-\u0669\s-]{6,}[\d\u0660-\u0669]/gu, '…');
const clip = (text: string, max = 140) => {
  const one = maskPhones(text).replace(/\s+/g, ' ').trim();
  return one.length > max ? `${one.slice(0, max - 1)}…` : one;
};

/** A property type in a sentence: "apartment", not "Apartment". */
const label = (type: string, lang: Lang) =>
  lang === 'en' ? typeLabel(type, lang).toLowerCase() : typeLabel(type, lang);

const STATUS_WORDS: Record<CustomerStatus, readonly [string, string]> = {
  new: ['جديد', 'new'],
  contacted: ['تم التواصل', 'contacted'],
  interested: ['مهتم', 'interested'],
  negotiating: ['تفاوض', 'negotiating'],
  closed: ['مغلق', 'closed'],
  lost: ['غير مهتم', 'lost'],
  inactive: ['غير نشط', 'inactive'],
};

function wantsOf(
  lang: Lang,
  c: Pick<Customer, 'propertyTypes' | 'preferredCities' | 'preferredDistricts' | 'budgetMin' | 'budgetMax'>,
) {
  const sep = t(lang, '، ', ', ');
  const types = c.propertyTypes.map((x) => label(x, lang)).join(sep);
  const places = [...c.preferredDistricts, ...c.preferredCities.map((x) => cityLabel(x, lang))].join(sep);
  const budget = c.budgetMax
    ? t(lang, `حتى ${formatMoney(c.budgetMax, 'ar')}`, `up to ${formatMoney(c.budgetMax, 'en')}`)
    : c.budgetMin
      ? t(lang, `من ${formatMoney(c.budgetMin, 'ar')}`, `from ${formatMoney(c.budgetMin, 'en')}`)
      : '';
  const parts = [types, places && t(lang, `في ${places}`, `in ${places}`), budget].filter(Boolean);
  return parts.length ? parts.join(' ') : undefined;
}

export function profileOf(lang: Lang, c: Customer): CustomerProfile {
  const [ar, en] = STATUS_WORDS[c.status] ?? [c.status, c.status];
  return { name: c.name, status: t(lang, ar, en), wants: wantsOf(lang, c), createdAt: c.createdAt };
}

const INTERACTION_WORDS: Record<string, readonly [string, string]> = {
  call: ['مكالمة', 'call'],
  whatsapp: ['واتساب', 'WhatsApp'],
  email: ['إيميل', 'e-mail'],
  meeting: ['اجتماع', 'meeting'],
  viewing: ['معاينة', 'viewing'],
  sms: ['رسالة نصية', 'SMS'],
  other: ['تواصل', 'contact'],
};
const OUTCOME_WORDS: Record<string, readonly [string, string]> = {
  completed: ['تمت', 'done'],
  no_show: ['ما حضر', 'no-show'],
};
/** Summaries Nova itself writes on an interaction (a viewing's outcome): said by the outcome already. */
const MACHINE_SUMMARY = /^(viewing done|client did not show up)$/;
const outcomeText = (lang: Lang, outcome: string | null | undefined) => {
  if (!outcome) return '';
  const words = OUTCOME_WORDS[outcome];
  return words ? t(lang, words[0], words[1]) : outcome;
};

const VIEWING_WORDS: Record<string, readonly [string, string]> = {
  scheduled: ['محجوزة', 'booked'],
  confirmed: ['مؤكدة', 'confirmed'],
  cancelled: ['ملغاة', 'cancelled'],
  completed: ['تمت', 'done'],
  no_show: ['ما حضر', 'no-show'],
};

/** The customer's timeline as the member may read it: each query filters by his scope. */
export async function readTimeline(ctx: TurnContext, member: Member, customerId: string): Promise<TimelineItem[]> {
  const scope = memberScope(member);
  const lang = ctx.lang;
  const newest = { limit: 10, sort: 'createdAt' as const, direction: 'desc' as const };
  // one after another: the turn's transaction is one connection
  const notes = await ctx.core.customers.activities(scope, customerId, newest, 'note');
  const contacts = await ctx.core.customers.interactions(scope, customerId, newest);
  const requests = await ctx.core.requests.page(
    scope,
    { customerId },
    { limit: 5, sort: 'createdAt', direction: 'desc' },
  );
  const viewings = await ctx.core.appointments.page(
    scope,
    { customerId },
    { limit: 10, sort: 'startsAt', direction: 'desc' },
  );
  const tasks = await ctx.core.tasks.page(scope, { customerId }, { limit: 10, sort: 'createdAt', direction: 'desc' });
  const items: TimelineItem[] = [];
  for (const a of notes?.items ?? []) items.push({ at: a.createdAt, kind: 'note', text: clip(a.description ?? '') });
  for (const i of contacts?.items ?? []) {
    const [ar, en] = INTERACTION_WORDS[i.type] ?? INTERACTION_WORDS.other!;
    const summary = i.summary && !MACHINE_SUMMARY.test(i.summary) ? i.summary : '';
    const what = [summary, outcomeText(lang, i.outcome)].filter(Boolean).join(t(lang, '، ', ', '));
    items.push({ at: i.occurredAt, kind: 'contact', text: clip(`${t(lang, ar, en)}${what ? `: ${what}` : ''}`) });
  }
  for (const r of requests.items) {
    const types = r.propertyTypes.map((x) => label(x, lang)).join(t(lang, ' أو ', ' or '));
    const places = [
      ...r.districts.map((d) => districtLabel(d, r.cities[0], lang)),
      ...r.cities.map((x) => cityLabel(x, lang)),
    ].join(t(lang, '، ', ', '));
    const price = r.priceMax
      ? t(lang, ` حتى ${formatMoney(r.priceMax, 'ar')}`, ` up to ${formatMoney(r.priceMax, 'en')}`)
      : '';
    const kind = r.type === 'rent' ? t(lang, 'للإيجار', 'to rent') : t(lang, 'للشراء', 'to buy');
    items.push({
      at: r.createdAt,
      kind: 'request',
      text: clip(
        `${t(lang, 'طلب', 'Request')}: ${types || t(lang, 'عقار', 'a property')} ${kind}${places ? t(lang, ` في ${places}`, ` in ${places}`) : ''}${price}`,
      ),
    });
  }
  for (const v of viewings.items) {
    const [ar, en] = VIEWING_WORDS[v.status] ?? [v.status, v.status];
    const property = v.property
      ? t(lang, ` العقار رقم ${formatNumber(v.property.refNumber, 'ar')}`, ` property #${v.property.refNumber}`)
      : '';
    const open = (v.status === 'scheduled' || v.status === 'confirmed') && v.startsAt > ctx.now;
    items.push({
      at: v.startsAt,
      kind: 'viewing',
      text: clip(
        `${t(lang, 'معاينة', 'Viewing')}${property}: ${t(lang, ar, en)}${v.outcome && !OUTCOME_WORDS[v.outcome] ? ` (${v.outcome})` : ''}`,
      ),
      open,
    });
  }
  for (const k of tasks.items) {
    const open = k.status !== 'done' && k.status !== 'cancelled';
    const due = k.dueAt ?? k.dueDate;
    items.push({
      at: due ?? k.createdAt,
      kind: 'task',
      text: clip(`${open ? t(lang, 'مهمة مفتوحة', 'Open task') : t(lang, 'مهمة منجزة', 'Done task')}: ${k.title}`),
      open,
    });
  }
  return items.sort((a, b) => a.at.getTime() - b.at.getTime());
}

// ── the summary ──────────────────────────────────────────────────────────────────────────────────────

/** "2026-11-22T16:00+03:00": the instant in the zone, to the minute (what the model reads as "at"). */
export function localMinute(instant: Date, tz: string): string {
  const offset = zoneOffsetMinutes(tz, instant);
  const local = new Date(instant.getTime() + offset * 60_000).toISOString().slice(0, 16);
  const abs = Math.abs(offset);
  return `${local}${offset >= 0 ? '+' : '-'}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

const OPEN_TASKS = { one: 'مهمة مفتوحة', two: 'مهمتين مفتوحتين', few: 'مهام مفتوحة' };

/**
 * The plain summary: who he is and what he wants, his latest request, the latest contact, his viewings
 * (the last one and the next), and what is still open. At most five lines, only lines that have data.
 */
export function ruleSummary(
  lang: Lang,
  profile: CustomerProfile,
  items: readonly TimelineItem[],
  now: Date,
  tz: string,
): string[] {
  const day = (d: Date) => formatDay(d, lang, tz);
  const lines: string[] = [];
  const requests = items.filter((i) => i.kind === 'request');
  // his wish once: a request says it, else what his record says he looks for
  const wants = requests.length ? undefined : profile.wants;
  lines.push(
    `👤 ${profile.name} — ${profile.status}${wants ? t(lang, `، يبحث عن ${wants}`, `, looking for ${wants}`) : ''}`,
  );
  const past = items.filter((i) => i.at <= now);
  const lastRequest = requests.at(-1);
  if (lastRequest) {
    const more =
      requests.length > 1
        ? t(lang, ` (+${formatNumber(requests.length - 1, 'ar')})`, ` (+${requests.length - 1})`)
        : '';
    lines.push(`🔎 ${lastRequest.text}${more}`);
  }
  const lastContact = past.filter((i) => i.kind === 'note' || i.kind === 'contact').at(-1);
  if (lastContact)
    lines.push(
      t(lang, `💬 آخر تواصل ${day(lastContact.at)}: `, `💬 Last contact ${day(lastContact.at)}: `) + lastContact.text,
    );
  const viewings = items.filter((i) => i.kind === 'viewing');
  const lastViewing = viewings.filter((v) => v.at <= now).at(-1);
  const nextViewing = viewings.find((v) => v.open && v.at > now);
  if (lastViewing || nextViewing) {
    const parts = [
      lastViewing &&
        t(
          lang,
          `آخر ${lastViewing.text} (${day(lastViewing.at)})`,
          `last: ${lastViewing.text} (${day(lastViewing.at)})`,
        ),
      nextViewing &&
        t(
          lang,
          `القادمة ${formatDateTime(nextViewing.at, 'ar', tz)}`,
          `next ${formatDateTime(nextViewing.at, 'en', tz)}`,
        ),
    ].filter(Boolean);
    lines.push(`🏠 ${parts.join(t(lang, '، ', '; '))}`);
  }
  const open = items.filter((i) => i.kind === 'task' && i.open);
  const first = open[0];
  if (first) {
    const title = first.text.replace(/^[^:]*:\s*/u, '');
    lines.push(
      open.length === 1
        ? t(lang, `✅ مهمة مفتوحة (${day(first.at)}): ${title}`, `✅ Open task (${day(first.at)}): ${title}`)
        : t(
            lang,
            `✅ ${countAr(open.length, OPEN_TASKS)}، أقربها ${day(first.at)}: ${title}`,
            `✅ ${open.length} open tasks, the first ${day(first.at)}: ${title}`,
          ),
    );
  }
  if (lines.length === 1) lines.push(t(lang, 'ما فيه نشاط مسجل له بعد.', 'Nothing recorded with him yet.'));
  return lines.slice(0, 5);
}

/** What the model is given: the same timeline, dated in the office's zone, the profile first. */
export function modelTimeline(profile: CustomerProfile, items: readonly TimelineItem[], tz: string): TimelineEntry[] {
  const head: TimelineEntry = {
    at: localMinute(profile.createdAt, tz),
    kind: 'customer',
    text: `${profile.name} — ${profile.status}${profile.wants ? ` — ${profile.wants}` : ''}`,
  };
  return [head, ...items.map((i) => ({ at: localMinute(i.at, tz), kind: i.kind, text: i.text }))];
}

/** The text a model line is checked against: the timeline with its dates as Nova writes them. */
export function summarySource(
  entries: readonly TimelineEntry[],
  items: readonly TimelineItem[],
  profile: CustomerProfile,
  tz: string,
) {
  const dates = [profile.createdAt, ...items.map((i) => i.at)].flatMap((d) => [
    formatDateTime(d, 'ar', tz),
    formatDateTime(d, 'en', tz),
  ]);
  return [...entries.map((e) => `${e.at} ${e.text}`), ...dates].join('\n');
}

/** People's first names in a line (the names lexicon of the parser). */
export function namesIn(line: string): string[] {
  return tokenize(line)
    .filter((tok) => isKnownFirstName(tok))
    .map((tok) => tok.n);
}

/** The model's rephrasing of the timeline, each line checked; undefined when nothing is usable. */
async function modelSummary(ctx: TurnContext, member: Member, profile: CustomerProfile, items: TimelineItem[]) {
  if (!ctx.core.ai.enabled) return undefined;
  const timeline = modelTimeline(profile, items, ctx.tz);
  const outcome = await ctx.core.ai.summarize(memberScope(member), { lang: ctx.lang, subject: profile.name, timeline });
  if (!outcome.ok) return undefined;
  const checked = checkSummary(outcome.value.slice(0, 5), summarySource(timeline, items, profile, ctx.tz), {
    placesIn: findPlaces,
    namesIn,
  });
  if (checked.dropped.length) {
    ctx.logger.info({ dropped: checked.dropped.map((d) => d.why) }, 'summary: model lines beyond the timeline dropped');
  }
  return checked.lines.length ? checked.lines : undefined;
}

export async function summarizeCustomer(ctx: TurnContext, customerId: string): Promise<void> {
  const member = requireMember(ctx, 'crm', 'view');
  if (!member) return;
  const got = await ctx.core.customers.get(memberScope(member), customerId);
  if (!got.ok) {
    say(ctx, 'ما لقيت هذا العميل.', 'I could not find that customer.');
    return;
  }
  const profile = profileOf(ctx.lang, got.value);
  const items = await readTimeline(ctx, member, customerId);
  const lines =
    (await modelSummary(ctx, member, profile, items)) ?? ruleSummary(ctx.lang, profile, items, ctx.now, ctx.tz);
  ctx.reply([t(ctx.lang, `📋 ملخص ${profile.name}:`, `📋 ${profile.name} in short:`), ...lines].join('\n'));
}

/** The customers feature's words: a summary request by a member; false for anything else. */
export async function summaryWords(ctx: TurnContext): Promise<boolean> {
  if (ctx.actor.kind !== 'member') return false;
  const ask = summaryRequest(ctx.text);
  if (!ask) return false;
  const { name } = ask;
  const member = requireMember(ctx, 'crm', 'view');
  if (!member) return true;
  const found = await findCustomers(ctx, member, name);
  const [only] = found;
  // «ملخص X» without the verb or a cue, and nobody by that name: the reports may know the words
  if (!only && !ask.explicit) return false;
  if (!only) {
    say(ctx, `ما لقيت عميل باسم ${name}.`, `No customer named ${name}.`);
    return true;
  }
  if (found.length === 1) {
    await summarizeCustomer(ctx, only.id);
    return true;
  }
  ctx.state.list = { kind: 'customer-summary', ids: found.map((c) => c.id) };
  ctx.reply(
    [
      t(ctx.lang, `عندك أكثر من عميل باسم ${name}. أي واحد ألخص؟`, `Several customers are named ${name}. Which one?`),
      ...found.map((c, i) => `${nth(ctx, i)}. ${c.name}`),
    ].join('\n'),
  );
  return true;
}
