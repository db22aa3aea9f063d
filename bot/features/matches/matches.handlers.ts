// match.list, match.accept, match.reject: the broker's smart matches with their reasons. Accepting one
// with another office's listing or client reveals that side's contacts (core decides and audits it).
import type { MatchSummary } from '../../../core/matching/matching.queries.ts';
import type { RevealedContacts } from '../../../core/matching/matching.service.ts';
import { memberScope } from '../../../core/shared/scope.ts';
import type { Member } from '../../../core/teams/teams.service.ts';
import type { TurnContext } from '../../engine/context.ts';
import { formatNumber, formatPhoneForChat } from '../../render/format.ts';
import { matchLine } from '../../render/matches.ts';
import { t } from '../../render/texts.ts';
import { findCustomers } from '../customers/customers.handlers.ts';
import { type Handler, nth, requireMember, say } from '../shared/helpers.ts';
import { recentCustomer } from '../tasks/referent.ts';
import { propertyRefOf } from '../viewings/viewings.parse.ts';

/** «يناسبه», «تناسبها», "for her": the customer named a moment ago. */
const PRONOUN = /(^|\s)[يت]ناسب(ه|ها|هم)(?=$|[\s؟?.!،,])|\b(him|her)\b/iu;

export const listMatches: Handler = async (ctx) => {
  const member = requireMember(ctx, 'properties', 'view');
  if (!member) return;
  const name = ctx.parsed?.entities.name;
  // «وش يناسبها؟» right after «عميلة جديدة ام عبدالعزيز …»: her matches
  const recent = !name && PRONOUN.test(ctx.text) ? recentCustomer(ctx.state.lastCustomer, ctx.now) : undefined;
  // «وش يناسب ماجد؟»: that customer's open matches, however old; else the newest pending ones.
  let matches: MatchSummary[];
  // «مين يناسب العقار ١؟», "any buyers matching listing 3?": the requests that listing fits
  const listingRef = name ? undefined : propertyRefOf(ctx.text, ctx.parsed?.entities.ref);
  if (listingRef) {
    matches = await ctx.core.matching.forProperty(memberScope(member), listingRef);
    if (matches.length === 0) {
      say(
        ctx,
        `ما فيه طلب عميل يطابق العقار ${formatNumber(listingRef, 'ar')} الحين. بنبلغك أول ما يجي.`,
        `No client's request fits property #${listingRef} yet. I will tell you as soon as one does.`,
      );
      return;
    }
  } else if (name) {
    const customers = await findCustomers(ctx, member, name);
    if (customers.length === 0) {
      say(ctx, `ما لقيت عميل باسم ${name}.`, `No customer named ${name}.`);
      return;
    }
    matches = await ctx.core.matching.forCustomers(
      memberScope(member),
      customers.slice(0, 3).map((c) => c.id),
    );
    if (matches.length === 0) {
      say(
        ctx,
        `ما فيه عقار يطابق طلب ${customers[0]!.name} الحين. بنبلغك أول ما يتوفر.`,
        `Nothing fits ${customers[0]!.name}'s request yet. I will tell you as soon as something does.`,
      );
      return;
    }
  } else if (recent) {
    matches = await ctx.core.matching.forCustomers(memberScope(member), [recent.id]);
    if (matches.length === 0) {
      say(
        ctx,
        `ما فيه عقار يطابق طلب ${recent.name} الحين. بنبلغك أول ما يتوفر.`,
        `Nothing fits ${recent.name}'s request yet. I will tell you as soon as something does.`,
      );
      return;
    }
  } else matches = await ctx.core.matching.pending(memberScope(member));
  if (matches.length === 0) {
    say(
      ctx,
      'ما فيه فرص جديدة الحين. بنبلغك أول ما يطابق عقار طلب عميل.',
      'No new matches right now. I will tell you as soon as a listing fits a request.',
    );
    return;
  }
  ctx.state.list = { kind: 'match', ids: matches.map((m) => m.id) };
  ctx.reply(
    [
      t(ctx.lang, '🎯 الفرص:', '🎯 Matches:'),
      ...matches.map((m, i) => `${nth(ctx, i)}. ${matchLine(ctx.lang, m)}`),
      // one match: both examples name it
      matches.length === 1
        ? t(ctx.lang, 'اكتب «اقبل المطابقة ١» أو «ارفض المطابقة ١».', 'Write "accept match 1" or "reject match 1".')
        : t(ctx.lang, 'اكتب «اقبل المطابقة ١» أو «ارفض المطابقة ٢».', 'Write "accept match 1" or "reject match 2".'),
    ].join('\n'),
  );
};

/** The match "المطابقة ٢" points at: in the list last shown, else in the pending ones. */
async function matchIdOf(ctx: TurnContext, member: Member): Promise<string | undefined> {
  const ref = ctx.parsed?.entities.ref ?? 1;
  const ids =
    ctx.state.list?.kind === 'match'
      ? ctx.state.list.ids
      : (await ctx.core.matching.pending(memberScope(member))).map((m) => m.id);
  return ids[ref - 1];
}

function revealedLines(ctx: TurnContext, revealed: RevealedContacts): string[] {
  const lines: string[] = [];
  const d = revealed.listing;
  if (d) {
    lines.push(
      t(
        ctx.lang,
        `وسيط العرض: ${d.brokerName ?? ''} ${d.brokerPhone ? formatPhoneForChat(d.brokerPhone, 'ar') : ''}`,
        `Listing broker: ${d.brokerName ?? ''} ${d.brokerPhone ?? ''}`,
      ),
      d.ownerPhone
        ? t(
            ctx.lang,
            `المالك: ${d.ownerName ?? ''} ${formatPhoneForChat(d.ownerPhone, 'ar')}`,
            `Owner: ${d.ownerName ?? ''} ${d.ownerPhone}`,
          )
        : '',
    );
  }
  const c = revealed.client;
  if (c) {
    lines.push(
      t(
        ctx.lang,
        `العميل: ${c.name ?? ''} ${c.phone ? formatPhoneForChat(c.phone, 'ar') : ''}`,
        `Client: ${c.name ?? ''} ${c.phone ?? ''}`,
      ),
    );
  }
  return lines;
}

export const acceptMatch: Handler = async (ctx) => {
  const member = requireMember(ctx, 'properties', 'edit');
  if (!member) return;
  const id = await matchIdOf(ctx, member);
  const accepted = id ? await ctx.core.matching.accept(memberScope(member), id) : undefined;
  if (!accepted?.ok) {
    say(ctx, 'ما لقيت هذي المطابقة. اكتب «المطابقات» لعرضها.', 'Match not found. Write "show matches" to see them.');
    return;
  }
  const lines = [t(ctx.lang, '✅ قبلت المطابقة.', '✅ Match accepted.'), ...revealedLines(ctx, accepted.value)];
  ctx.reply(lines.filter(Boolean).join('\n'));
};

export const rejectMatch: Handler = async (ctx) => {
  const member = requireMember(ctx, 'properties', 'edit');
  if (!member) return;
  const id = await matchIdOf(ctx, member);
  const rejected = id ? await ctx.core.matching.reject(memberScope(member), id) : undefined;
  if (!rejected?.ok) {
    say(ctx, 'ما لقيت هذي المطابقة.', 'Match not found.');
    return;
  }
  say(ctx, 'تمام، رفضت المطابقة.', 'OK, match rejected.');
};

export async function showMatch(ctx: TurnContext, id: string) {
  if (ctx.actor.kind !== 'member') return;
  const m = await ctx.core.matching.get(memberScope(ctx.actor.member), id);
  if (!m) return;
  const n = (ctx.state.list?.ids.indexOf(id) ?? 0) + 1;
  say(
    ctx,
    `${matchLine('ar', m)}\nاكتب «اقبل المطابقة ${formatNumber(n, 'ar')}» أو «ارفض المطابقة ${formatNumber(n, 'ar')}».`,
    `${matchLine('en', m)}\nWrite "accept match ${n}" or "reject match ${n}".`,
  );
}
