// The figures of an office for a period, per member and for the whole office: what the nightly job
// stores (nightly.service.ts) and what the monthly report draws (reports.queries.ts), counted the same way
// in both. Read from the domain tables, not from analytics_events: the tables are the truth and hold the
// history from before events were written. One grouped query per kind of figure for the whole office;
// the office's totals are the sums of its members' plus what belongs to nobody (an unassigned lead).
//
// What each figure counts, in the period [from, to):
//   newLeads, leadsBySource   customers created, by their broker (assigned_to) and their source
//   pipeline                  customers by status now (a soft-deleted one, status inactive, left out):
//                             the state when it was read, not at the end of the period
//   requests, listings        requests filed and properties listed, by their broker
//   matches                   smart matches made for the broker
//   viewings                  appointments starting in the period, not cancelled; viewingsHeld (completed)
//                             and viewingsNoShow (no_show) among them
//   tasksDone                 tasks completed, by their assignee
//   deals, salesAmount        completed sales closed in the period, by their broker (SAR)
//   commission                the commissions of those sales, by the member they are for (SAR)
//   commissionPaid            commissions marked paid in the period (SAR)
import type { DbTx } from '../db/client.ts';
import type { Range } from '../shared/periods.ts';

export const PIPELINE_STATUSES = ['new', 'contacted', 'interested', 'negotiating', 'closed', 'lost'] as const;
export type PipelineStatus = (typeof PIPELINE_STATUSES)[number];

/** The source of a lead with none recorded. */
export const UNKNOWN_SOURCE = 'unknown';

export interface Figures {
  newLeads: number;
  leadsBySource: Record<string, number>;
  pipeline: Record<PipelineStatus, number>;
  requests: number;
  listings: number;
  matches: number;
  viewings: number;
  viewingsHeld: number;
  viewingsNoShow: number;
  tasksDone: number;
  deals: number;
  salesAmount: number;
  commission: number;
  commissionPaid: number;
}

export interface OfficeFigures {
  /** everything of the office, unassigned rows included */
  office: Figures;
  /** by member id: only members with at least one figure appear */
  byMember: Map<string, Figures>;
}

export function emptyFigures(): Figures {
  return {
    newLeads: 0,
    leadsBySource: {},
    pipeline: { new: 0, contacted: 0, interested: 0, negotiating: 0, closed: 0, lost: 0 },
    requests: 0,
    listings: 0,
    matches: 0,
    viewings: 0,
    viewingsHeld: 0,
    viewingsNoShow: 0,
    tasksDone: 0,
    deals: 0,
    salesAmount: 0,
    commission: 0,
    commissionPaid: 0,
  };
}

/** The sum of several members' figures (a team). */
export function sumFigures(list: Iterable<Figures>): Figures {
  const total = emptyFigures();
  for (const f of list) {
    for (const key of Object.keys(total) as Array<keyof Figures>) {
      if (key === 'leadsBySource') {
        for (const [source, n] of Object.entries(f.leadsBySource)) {
          total.leadsBySource[source] = (total.leadsBySource[source] ?? 0) + n;
        }
      } else if (key === 'pipeline') {
        for (const s of PIPELINE_STATUSES) total.pipeline[s] += f.pipeline[s];
      } else {
        total[key] += f[key];
      }
    }
  }
  return total;
}

const isPipelineStatus = (s: string): s is PipelineStatus => (PIPELINE_STATUSES as readonly string[]).includes(s);

export function createStatsQueries({ db }: { db: DbTx }) {
  /**
   * The office's figures for `range`, per member and in total. `pipeline: false` skips the pipeline
   * (the nightly job reads it once for the three periods it writes and passes it in `pipelineOf`).
   */
  async function officeFigures(
    organizationId: string,
    range: Range,
    options: { pipeline?: boolean } = {},
  ): Promise<OfficeFigures> {
    const inRange = { gte: range.from, lt: range.to };
    const [leads, requests, listings, matches, viewings, tasks, sales, commissions, paid, pipeline] = await Promise.all(
      [
        db.customer.groupBy({
          by: ['assignedToId', 'source'],
          where: { organizationId, createdAt: inRange },
          _count: { _all: true },
        }),
        db.request.groupBy({ by: ['userId'], where: { organizationId, createdAt: inRange }, _count: { _all: true } }),
        db.property.groupBy({ by: ['userId'], where: { organizationId, createdAt: inRange }, _count: { _all: true } }),
        db.smartMatch.groupBy({
          by: ['brokerId'],
          where: { organizationId, createdAt: inRange },
          _count: { _all: true },
        }),
        db.appointment.groupBy({
          by: ['userId', 'status'],
          where: { organizationId, startsAt: inRange, status: { not: 'cancelled' } },
          _count: { _all: true },
        }),
        db.task.groupBy({
          by: ['assignedToId'],
          where: { organizationId, status: 'done', completedAt: inRange },
          _count: { _all: true },
        }),
        db.sale.groupBy({
          by: ['userId'],
          where: { organizationId, status: 'completed', closedAt: inRange },
          _count: { _all: true },
          _sum: { amount: true },
        }),
        db.commission.groupBy({
          by: ['userId'],
          where: { organizationId, sale: { status: 'completed', closedAt: inRange } },
          _sum: { amount: true },
        }),
        db.commission.groupBy({
          by: ['userId'],
          where: { organizationId, status: 'paid', paidAt: inRange },
          _sum: { amount: true },
        }),
        options.pipeline === false
          ? Promise.resolve([])
          : db.customer.groupBy({
              by: ['assignedToId', 'status'],
              where: { organizationId, status: { not: 'inactive' } },
              _count: { _all: true },
            }),
      ],
    );

    const office = emptyFigures();
    const byMember = new Map<string, Figures>();
    /** the figures of a member (and, always, the office's): `add` runs on both */
    const both = (userId: string | null, add: (f: Figures) => void) => {
      add(office);
      if (!userId) return;
      let member = byMember.get(userId);
      if (!member) {
        member = emptyFigures();
        byMember.set(userId, member);
      }
      add(member);
    };
    for (const row of leads) {
      const source = row.source?.trim() || UNKNOWN_SOURCE;
      both(row.assignedToId, (f) => {
        f.newLeads += row._count._all;
        f.leadsBySource[source] = (f.leadsBySource[source] ?? 0) + row._count._all;
      });
    }
    for (const row of requests)
      both(row.userId, (f) => {
        f.requests += row._count._all;
      });
    for (const row of listings)
      both(row.userId, (f) => {
        f.listings += row._count._all;
      });
    for (const row of matches)
      both(row.brokerId, (f) => {
        f.matches += row._count._all;
      });
    for (const row of viewings) {
      both(row.userId, (f) => {
        f.viewings += row._count._all;
        if (row.status === 'completed') f.viewingsHeld += row._count._all;
        if (row.status === 'no_show') f.viewingsNoShow += row._count._all;
      });
    }
    for (const row of tasks)
      both(row.assignedToId, (f) => {
        f.tasksDone += row._count._all;
      });
    for (const row of sales) {
      both(row.userId, (f) => {
        f.deals += row._count._all;
        f.salesAmount += row._sum.amount ?? 0;
      });
    }
    for (const row of commissions)
      both(row.userId, (f) => {
        f.commission += row._sum.amount ?? 0;
      });
    for (const row of paid)
      both(row.userId, (f) => {
        f.commissionPaid += row._sum.amount ?? 0;
      });
    for (const row of pipeline) {
      const status = row.status;
      if (isPipelineStatus(status))
        both(row.assignedToId, (f) => {
          f.pipeline[status] += row._count._all;
        });
    }
    return { office, byMember };
  }

  return {
    officeFigures,

    /** Messages that came in and went out of the office in `range` (every channel, every chat). */
    async messages(organizationId: string, range: Range): Promise<{ inbound: number; outbound: number }> {
      const [inbound, outbound] = await Promise.all([
        db.inboundMessage.count({ where: { organizationId, receivedAt: { gte: range.from, lt: range.to } } }),
        db.outboundMessage.count({
          where: { organizationId, createdAt: { gte: range.from, lt: range.to }, status: { not: 'cancelled' } },
        }),
      ]);
      return { inbound, outbound };
    },

    /** Analytics events of the office in `range`, by type. */
    async eventCounts(organizationId: string, range: Range): Promise<Record<string, number>> {
      const rows = await db.analyticsEvent.groupBy({
        by: ['eventType'],
        where: { organizationId, occurredAt: { gte: range.from, lt: range.to } },
        _count: { _all: true },
      });
      return Object.fromEntries(rows.map((r) => [r.eventType, r._count._all]));
    },
  };
}

export type StatsQueries = ReturnType<typeof createStatsQueries>;
