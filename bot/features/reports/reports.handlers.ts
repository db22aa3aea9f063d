// report.summary: the period's numbers (new customers, requests, offers, appointments, tasks done,
// deals and commission) for what the member may see.
import { dayRange, periodRange } from '../../../core/shared/periods.ts';
import { memberScope } from '../../../core/shared/scope.ts';
import { formatDay, formatMoney, formatNumber } from '../../render/format.ts';
import { t } from '../../render/texts.ts';
import { type Handler, requireMember } from '../shared/helpers.ts';

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
  const s = await ctx.core.reports.summary(memberScope(member), member.visibleUserIds, range);
  const n = (x: number) => formatNumber(x, ctx.lang);
  ctx.reply(
    [
      t(ctx.lang, `📊 ملخص ${label}:`, `📊 ${label}:`),
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
    ].join('\n'),
  );
};
