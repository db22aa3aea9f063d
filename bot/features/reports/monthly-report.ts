// «تقرير الشهر» / "monthly report": the month's summary in text, then a chart (a PNG drawn on the server:
// bot/render/report-chart.ts) of leads by source, the pipeline by status and deals and commission by week.
// A manager (the owner, an admin, a manager, or whoever may read the whole office's analytics) also gets
// the leaderboard of the members he sees: deals, commission, viewings held and new leads per member this
// month, in the text and as a panel of the chart. A broker in a team sees the team's customers, but not
// his teammates ranked. Whose numbers the rest
// shows is decided as for every report (reports.handlers.ts: his own unless he asks for the team or names
// a broker); a broker sees only his own.
//
// The image goes out as a photo where the channel sends photos (WhatsApp, Telegram: a signed link or the
// file, bot/media.ts) and in the web chat; its caption says what it is, so a channel without photos still
// says something.
import type { LeaderboardRow, MonthlyReport } from '../../../core/analytics/reports.queries.ts';
import { PIPELINE_STATUSES, type PipelineStatus, UNKNOWN_SOURCE } from '../../../core/analytics/stats.queries.ts';
import type { Range } from '../../../core/shared/periods.ts';
import { memberScope } from '../../../core/shared/scope.ts';
import { type Member, memberCan } from '../../../core/teams/teams.service.ts';
import type { TurnContext } from '../../engine/context.ts';
import { countAr, type NounForms } from '../../render/counts.ts';
import { formatMoney, formatNumber, type Lang } from '../../render/format.ts';
import { type BarItem, type ReportChartData, renderReportChart } from '../../render/report-chart.ts';
import { t } from '../../render/texts.ts';
import type { Whose } from './reports.handlers.ts';

/** «تقرير الشهر», «التقرير الشهري», "monthly report", «تقرير الشهر الماضي»: a report word and a month. */
const REPORT_WORDS = /تقرير|\breport\b/iu;

export function isMonthlyReport(text: string, period: string | undefined): boolean {
  return REPORT_WORDS.test(text) && (period === 'this_month' || period === 'last_month');
}

const NOUNS_AR = {
  deal: { one: 'صفقة', two: 'صفقتين', few: 'صفقات' },
  viewing: { one: 'معاينة', two: 'معاينتين', few: 'معاينات' },
  lead: { one: 'عميل جديد', two: 'عميلين جديدين', few: 'عملاء جدد' },
} as const satisfies Record<string, NounForms>;

/** «صفقتين», «٣ صفقات», «٠ صفقات» / "2 deals" */
function counted(lang: Lang, n: number, ar: NounForms, en: [string, string]): string {
  if (lang === 'en') return `${n} ${n === 1 ? en[0] : en[1]}`;
  return n === 0 ? `${formatNumber(0, 'ar')} ${ar.few}` : countAr(n, ar);
}

const SOURCE_LABELS: Record<string, [ar: string, en: string]> = {
  'chat:whatsapp_web': ['واتساب', 'WhatsApp'],
  'chat:whatsapp_cloud': ['واتساب', 'WhatsApp'],
  'chat:telegram': ['تيليجرام', 'Telegram'],
  'chat:web': ['محادثة الويب', 'Web chat'],
  'chat:console': ['المحادثة', 'Chat'],
  'chat:memory': ['المحادثة', 'Chat'],
  api: ['النظام', 'API'],
  demo: ['تجريبي', 'Demo'],
  whatsapp: ['واتساب', 'WhatsApp'],
  telegram: ['تيليجرام', 'Telegram'],
  referral: ['إحالة', 'Referral'],
  instagram: ['انستقرام', 'Instagram'],
  snapchat: ['سناب شات', 'Snapchat'],
  [UNKNOWN_SOURCE]: ['غير محدد', 'Not recorded'],
};

const sourceLabel = (source: string, lang: Lang) => {
  const known = SOURCE_LABELS[source.toLowerCase()];
  return known ? t(lang, ...known) : source.slice(0, 24);
};

const STATUS_LABELS: Record<PipelineStatus, [ar: string, en: string]> = {
  new: ['جديد', 'New'],
  contacted: ['تم التواصل', 'Contacted'],
  interested: ['مهتم', 'Interested'],
  negotiating: ['قيد التفاوض', 'Negotiating'],
  closed: ['تم الإغلاق', 'Closed'],
  lost: ['غير مهتم', 'Lost'],
};

/** Leads by source, biggest first; after the sixth, «غيرها». Two sources with one label are one bar. */
function sourceItems(bySource: Record<string, number>, lang: Lang): BarItem[] {
  const merged = new Map<string, number>();
  for (const [source, n] of Object.entries(bySource)) {
    const label = sourceLabel(source, lang);
    merged.set(label, (merged.get(label) ?? 0) + n);
  }
  const sorted = [...merged].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const shown = sorted.slice(0, 6).map(([label, value]) => ({ label, value }));
  const rest = sorted.slice(6).reduce((sum, [, n]) => sum + n, 0);
  return rest ? [...shown, { label: t(lang, 'غيرها', 'Other'), value: rest }] : shown;
}

function leaderLine(lang: Lang, row: LeaderboardRow): string {
  return [
    counted(lang, row.deals, NOUNS_AR.deal, ['deal', 'deals']),
    t(lang, `${formatMoney(row.commission, 'ar')} عمولة`, `${formatMoney(row.commission, 'en')} commission`),
    counted(lang, row.viewingsHeld, NOUNS_AR.viewing, ['viewing held', 'viewings held']),
    counted(lang, row.newLeads, NOUNS_AR.lead, ['new lead', 'new leads']),
  ].join(t(lang, '، ', ', '));
}

const monthName = (instant: Date, lang: Lang, tz: string) =>
  new Intl.DateTimeFormat(lang === 'ar' ? 'ar-u-ca-gregory-nu-arab' : 'en-GB-u-ca-gregory', {
    month: 'long',
    year: 'numeric',
    timeZone: tz,
  }).format(instant);

const dayOfMonth = (localDate: string, lang: Lang) => formatNumber(Number(localDate.slice(8, 10)), lang);

/** The chart's data, in the reader's language. */
export function chartData(lang: Lang, report: MonthlyReport, who: string, now: Date): ReportChartData {
  const f = report.figures;
  const month = monthName(report.from, lang, report.timeZone);
  const lastDay = report.weeks.at(-1)?.end ?? '';
  // this month: through today; a past month: whole
  const through = now < report.to ? new Date(Math.max(now.getTime(), report.from.getTime())) : undefined;
  const span = through
    ? t(
        lang,
        `حتى ${new Intl.DateTimeFormat('ar-u-ca-gregory-nu-arab', { day: 'numeric', month: 'long', timeZone: report.timeZone }).format(through)}`,
        `through ${new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', timeZone: report.timeZone }).format(through)}`,
      )
    : t(
        lang,
        `الشهر كامل (${dayOfMonth(lastDay, 'ar')} يوم)`,
        `the whole month (${Number(lastDay.slice(8, 10))} days)`,
      );
  const sep = t(lang, '، ', ', ');
  const leaders = report.leaderboard?.slice(0, 8);
  const byCommission = leaders?.some((r) => r.commission > 0);
  return {
    lang,
    title: t(lang, `تقرير ${month} — ${who}`, `${month} report — ${who}`),
    subtitle: [
      span,
      counted(lang, f.newLeads, NOUNS_AR.lead, ['new lead', 'new leads']),
      counted(lang, f.deals, NOUNS_AR.deal, ['deal', 'deals']),
      t(lang, `${formatMoney(f.commission, 'ar')} عمولة`, `${formatMoney(f.commission, 'en')} commission`),
    ].join(sep),
    bars: [
      {
        title: t(lang, 'العملاء الجدد حسب المصدر', 'New leads by source'),
        items: sourceItems(f.leadsBySource, lang),
        empty: t(lang, 'ما فيه عملاء جدد هالفترة', 'No new leads in this period'),
      },
      {
        title: t(lang, 'العملاء حسب المرحلة (الآن)', 'Customers by stage (now)'),
        items: PIPELINE_STATUSES.map((s) => ({ label: t(lang, ...STATUS_LABELS[s]), value: f.pipeline[s] })),
        empty: '',
      },
    ],
    weeks: {
      title: t(lang, 'الصفقات والعمولة حسب الأسبوع', 'Deals and commission by week'),
      labels: report.weeks.map((w) =>
        w.start === w.end ? dayOfMonth(w.start, lang) : `${dayOfMonth(w.start, lang)}–${dayOfMonth(w.end, lang)}`,
      ),
      deals: report.weeks.map((w) => w.deals),
      commission: report.weeks.map((w) => w.commission),
      dealsName: t(lang, 'الصفقات', 'Deals'),
      commissionName: t(lang, 'العمولة (ريال)', 'Commission (SAR)'),
    },
    ...(leaders?.length
      ? {
          leaderboard: {
            title: t(lang, 'ترتيب الفريق', 'Team leaderboard'),
            items: leaders.map((r) => ({
              label: r.name.split(/\s+/).slice(0, 2).join(' '),
              value: byCommission ? r.commission : r.deals,
              text: [
                counted(lang, r.deals, NOUNS_AR.deal, ['deal', 'deals']),
                lang === 'ar' ? formatMoney(r.commission, 'ar') : formatMoney(r.commission, 'en'),
              ].join(sep),
            })),
          },
        }
      : {}),
  };
}

/** «مين اكثر واحد مسوي صفقات هالشهر؟», "who closed the most deals?", «ترتيب الفريق»: the ranking asked for. */
const RANKING =
  /(^|\s)(مين|who)\s.{0,30}(اكثر|أكثر|افضل|أفضل|most|best|top)|ترتيب الفريق|\b(leaderboard|ranking|top (broker|performer)s?)\b/iu;

export const asksRanking = (text: string): boolean => RANKING.test(text);

/** The leaderboard alone, for a manager who asks who leads: false when he sees no one but himself. */
export async function teamRanking(ctx: TurnContext, member: Member, range: Range, label: string): Promise<boolean> {
  const manages = ['owner', 'admin', 'manager'].includes(member.role) || memberCan(member, 'analytics', 'viewAll');
  const seesOthers = member.visibleUserIds === 'all' || member.visibleUserIds.length > 1;
  if (!manages || !seesOthers) return false;
  const report = await ctx.core.reports.monthly(memberScope(member), {
    users: member.visibleUserIds,
    range,
    leaderboard: member.visibleUserIds,
  });
  if (!report.leaderboard?.length) return false;
  ctx.reply(
    [
      t(ctx.lang, `🏆 ترتيب الفريق ${label}:`, `🏆 Team leaderboard, ${label.toLowerCase()}:`),
      ...report.leaderboard
        .slice(0, 10)
        .map((row, i) => `${formatNumber(i + 1, ctx.lang)}. ${row.name} — ${leaderLine(ctx.lang, row)}`),
    ].join('\n'),
  );
  return true;
}

/** The monthly report: the summary's text (with the leaderboard for a manager), then the chart. */
export async function monthlyReport(
  ctx: TurnContext,
  member: Member,
  input: { range: Range; text: string; whose: Whose },
): Promise<void> {
  const { whose } = input;
  const manages = ['owner', 'admin', 'manager'].includes(member.role) || memberCan(member, 'analytics', 'viewAll');
  const seesOthers = member.visibleUserIds === 'all' || member.visibleUserIds.length > 1;
  // the leaderboard: everyone the manager sees, unless the report is about one broker he named
  const leaderboard = manages && seesOthers && !whose.name ? member.visibleUserIds : undefined;
  const report = await ctx.core.reports.monthly(memberScope(member), {
    users: whose.users,
    range: input.range,
    ...(leaderboard ? { leaderboard } : {}),
  });
  const lines = [input.text];
  if (report.leaderboard?.length) {
    lines.push(
      '',
      t(ctx.lang, '🏆 ترتيب الفريق:', '🏆 Team leaderboard:'),
      ...report.leaderboard
        .slice(0, 10)
        .map((row, i) => `${formatNumber(i + 1, ctx.lang)}. ${row.name} — ${leaderLine(ctx.lang, row)}`),
    );
  }
  ctx.reply(lines.join('\n'));

  const who = whose.name ?? (whose.team ? t(ctx.lang, 'الفريق', 'Team') : member.name);
  const data = chartData(ctx.lang, report, who, ctx.now);
  let saved: { storageKey: string } | undefined;
  try {
    const png = await renderReportChart(data);
    saved = await ctx.media.saveReportImage(ctx.organizationId, png, 'image/png');
  } catch (error) {
    // the figures went out in the text: a chart that cannot be drawn or kept must not cost the answer
    ctx.logger.warn({ err: error }, 'monthly report chart not made');
    return;
  }
  ctx.reply({
    text: t(ctx.lang, `📈 ${data.title}`, `📈 ${data.title}`),
    media: { kind: 'image', storageKey: saved.storageKey, mimeType: 'image/png', fileName: 'monthly-report.png' },
  });
}
