// /reports/summary: the numbers of the current day, week or month (in the office's time zone) for the
// caller, his team or the whole office, as the chat's «ملخص» gives them. Core decides who may read
// whose numbers (core/analytics/reports.queries.ts): his own and his team's with analytics.view, the
// office's with analytics.viewAll (managers), else 403.
import type { SummaryReport } from '../../../core/analytics/reports.queries.ts';
import { answer, defineResource, operation } from '../kit.ts';
import { iso, Timestamp, z } from '../schemas.ts';

const count = z.number().int();
const sar = z.number().int().openapi({ description: 'SAR, whole riyals' });

const Summary = z
  .object({
    period: z.enum(['day', 'week', 'month']),
    scope: z.enum(['me', 'team', 'office']),
    from: Timestamp,
    to: Timestamp,
    timeZone: z.string().openapi({ example: 'Asia/Riyadh' }),
    members: z
      .number()
      .int()
      .nullable()
      .openapi({ description: 'how many members the figures cover; null: the office' }),
    newCustomers: count,
    requests: count,
    offers: count,
    appointments: count.openapi({ description: 'viewings starting in the period, not cancelled' }),
    tasksDone: count,
    sales: count,
    salesAmount: sar,
    commission: sar,
  })
  .openapi('ReportSummary');

const toJson = (r: SummaryReport) => ({
  period: r.period,
  scope: r.of,
  from: iso(r.from),
  to: iso(r.to),
  timeZone: r.timeZone,
  members: r.members,
  newCustomers: r.newCustomers,
  requests: r.requests,
  offers: r.offers,
  appointments: r.appointments,
  tasksDone: r.tasksDone,
  sales: r.sales,
  salesAmount: r.salesAmount,
  commission: r.commission,
});

const SummaryQuery = z.object({
  period: z
    .enum(['day', 'week', 'month'])
    .default('month')
    .openapi({ description: "today, this week (from Sunday) or this month, in the office's time zone" }),
  scope: z
    .enum(['me', 'team', 'office'])
    .default('me')
    .openapi({ description: 'you; you and your teams; the whole office (managers: analytics.viewAll)' }),
});

export const reportsResource = defineResource('reports', 'Figures of a period: customers, requests, viewings, deals.', [
  operation({
    operationId: 'getReportSummary',
    method: 'get',
    path: '/reports/summary',
    summary: 'The summary of a period',
    description: "A broker reads his own and his team's numbers; the office's takes analytics.viewAll (403 otherwise).",
    query: SummaryQuery,
    success: { status: 200, description: 'the figures', schema: Summary },
    handler: async ({ core, scope, query }) =>
      answer(toJson(await core.reports.summaryFor(scope, { period: query.period, of: query.scope }))),
  }),
]);
