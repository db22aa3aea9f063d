// report.summary: the period's numbers (new customers, requests, offers, appointments, tasks done,
// deals and commission) for what the member may see. «تقرير الشهر» / "monthly report" adds a chart and,
// for a manager, the team's leaderboard (monthly-report.ts).
import type { Summary } from '../../../core/analytics/reports.queries.ts';
import { dayRange, periodRange } from '../../../core/shared/periods.ts';
import { memberScope } from '../../../core/shared/scope.ts';
import type { Member } from '../../../core/teams/teams.service.ts';
import type { TurnContext } from '../../engine/context.ts';
import { formatDay, formatMoney, formatNumber } from '../../render/format.ts';
import { t } from '../../render/texts.ts';
import { type Handler, memberNamedIn, nameWords, requireMember } from '../shared/helpers.ts';
import { asksRanking, isMonthlyReport, monthlyReport, teamRanking } from './monthly-report.ts';

/** "ملخص الفريق", "أرقام المكتب", "team report": the numbers of everyone the member may see. */
const TEAM_WORDS =
  /(^|[\s،,])(ال)?(فريق|فريقي|المكتب|مكتب|الكل|الجميع|كلنا|الشباب)($|[\s،,؟?])|\b(team|office|everyone|all brokers)\b/iu;

export interface Whose {
  users: string[] | 'all';
  /** one broker the manager named */
  name?: string;
  team?: boolean;
}

/** The summary's lines: «📊 ملخصك هالشهر:» and one line per figure. */
export function summaryText(ctx: TurnContext, s: Summary, label: string, whose: Whose): string {
  const n = (x: number) => formatNumber(x, ctx.lang);
  return [
    whose.name
      ? t(ctx.lang, `📊 ملخص ${whose.name} ${label}:`, `📊 ${whose.name}, ${label.toLowerCase()}:`)
      : whose.team
        ? t(ctx.lang, `📊 ملخص الفريق ${label}:`, `📊 Team, ${label.toLowerCase()}:`)
        : t(ctx.lang, `📊 ملخصك ${label}:`, `📊 Your numbers, ${label.toLowerCase()}:`),
    t(ctx.lang, `• عملاء جدد: ${n(s.newCustomers)}`, `• New customers: ${n(s.newCustomers)}`),
    t(ctx.lang, `• طلبات: ${n(s.requests)}`, `• Requests: ${n(s.requests)}`),
    t(ctx.lang, `• عروض: ${n(s.offers)}`, `• Offers: ${n(s.offers)}`),
    t(ctx.lang, `• مواعيد: ${n(s.appointments)}`, `• Appointments: ${n(s.appointments)}`),
    t(ctx.lang, `• مهام منجزة: ${n(s.tasksDone)}`, `• Tasks done: ${n(s.tasksDone)}`),
    t(
      ctx.lang,
      `• صفقات: ${n(s.sales)} بقيمة ${formatMoney(s.salesAmount, 'ar')}`,
      `• Deals: ${n(s.sales)} worth ${formatMoney(s.salesAmount, 'en')}`,
    ),
    t(ctx.lang, `• العمولة: ${formatMoney(s.commission, 'ar')}`, `• Commission: ${formatMoney(s.commission, 'en')}`),
  ].join('\n');
}

/**
 * Whose numbers a report shows: the sender's own, unless a member who sees others (a manager) asks for
 * the team or names one of his brokers ("كم صفقة سوت ليلى"). A broker never gets the office's figures
 * as hers (issue 11, point 4).
 */
export async function reportUsers(ctx: TurnContext, member: Member): Promise<Whose> {
  const seesOthers = member.visibleUserIds === 'all' || member.visibleUserIds.length > 1;
  if (!seesOthers) return { users: [member.userId] };
  const others = (await ctx.core.teams.membersNamed(memberScope(member), member.visibleUserIds)).filter(
    (u) => u.id !== member.userId,
  );
  const named = memberNamedIn(nameWords(ctx.text), others);
  if (named) return { users: [named.id], name: named.name };
  if (TEAM_WORDS.test(ctx.text.replace(/[أإآ]/g, 'ا'))) return { users: member.visibleUserIds, team: true };
  return { users: [member.userId] };
}

export const summary: Handler = async (ctx) => {
  const member = requireMember(ctx, 'analytics', 'view');
  if (!member) return;
  const e = ctx.parsed?.entities ?? {};
  const period = e.period ?? (e.date ? undefined : /اليوم|today/i.test(ctx.text) ? 'today' : 'this_month');
  const range = e.date ? dayRange(e.date, ctx.tz) : periodRange(period ?? 'this_month', ctx.now, ctx.tz);
  const labels: Record<string, [string, string]> = {
    today: ['اليوم', 'Today'],
    this_week: ['هالأسبوع', 'This week'],
    next_week: ['الأسبوع الجاي', 'Next week'],
    this_month: ['هالشهر', 'This month'],
    last_month: ['الشهر الماضي', 'Last month'],
  };
  const label = e.date
    ? formatDay(range.from, ctx.lang, ctx.tz)
    : t(ctx.lang, ...(labels[period!] ?? labels.this_month!));
  // «مين اكثر واحد مسوي صفقات هالشهر؟»: the team's ranking, for a manager
  if (asksRanking(ctx.text) && (await teamRanking(ctx, member, range, label))) return;
  const scope = memberScope(member);
  const whose = await reportUsers(ctx, member);
  const s = await ctx.core.reports.summary(scope, whose.users, range);
  const text = summaryText(ctx, s, label, whose);
  if (!e.date && isMonthlyReport(ctx.text, period)) {
    await monthlyReport(ctx, member, { range, text, whose });
    return;
  }
  ctx.reply(text);
};
