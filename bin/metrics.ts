// Prometheus metrics (prom-client) behind the engine's Metrics port, plus what is read at scrape time:
// queue depths and failures from BullMQ, reminders due and late from PostgreSQL. One registry per
// process; `nova start` serves it at /metrics (api/routes/metrics).
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { Db } from '../core/db/client.ts';
import type { JobName } from '../core/jobs/job-map.ts';
import type { Metrics } from '../core/shared/metrics.ts';

const QUEUES: JobName[] = ['inbound.process', 'outbound.send', 'reminder.fire', 'matching.run'];

export interface NovaMetrics extends Metrics {
  registry: Registry;
  /** one answered HTTP request (the route pattern, never the path with ids) */
  http(method: string, route: string, status: number, seconds: number): void;
  /** reads queue depths and reminders at scrape time */
  watch(sources: { db: Db; queueCounts(name: JobName): Promise<Record<string, number>> }): void;
}

export function createMetrics(): NovaMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'nova_' });
  const queries = new Counter({ name: 'nova_db_queries_total', help: 'SQL statements sent', registers: [registry] });
  const turns = new Counter({
    name: 'nova_turns_total',
    help: 'chat turns by outcome',
    labelNames: ['outcome'] as const,
    registers: [registry],
  });
  const turnSeconds = new Histogram({
    name: 'nova_turn_seconds',
    help: 'time of one turn, claim excluded',
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const sends = new Counter({
    name: 'nova_outbound_sends_total',
    help: 'outbound send attempts by channel and result',
    labelNames: ['channel', 'result'] as const,
    registers: [registry],
  });
  const jobsQueued = new Counter({
    name: 'nova_jobs_enqueued_total',
    help: 'jobs handed to the queue backend, by queue',
    labelNames: ['queue'] as const,
    registers: [registry],
  });
  const jobsRunHere = new Counter({
    name: 'nova_jobs_run_here_total',
    help: 'jobs run by the process that asked for them, without the queue, by queue',
    labelNames: ['queue'] as const,
    registers: [registry],
  });
  const requests = new Counter({
    name: 'nova_http_requests_total',
    help: 'HTTP requests by method, route and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registry],
  });
  const requestSeconds = new Histogram({
    name: 'nova_http_request_seconds',
    help: 'HTTP request time by route',
    labelNames: ['route'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });

  return {
    registry,
    dbQuery: () => queries.inc(),
    turn(outcome, seconds) {
      turns.inc({ outcome });
      turnSeconds.observe(seconds);
    },
    send: (channel, result) => sends.inc({ channel, result }),
    jobQueued: (queue) => jobsQueued.inc({ queue }),
    jobRunHere: (queue) => jobsRunHere.inc({ queue }),
    http(method, route, status, seconds) {
      requests.inc({ method, route, status: String(status) });
      requestSeconds.observe({ route }, seconds);
    },
    watch({ db, queueCounts }) {
      new Gauge({
        name: 'nova_queue_jobs',
        help: 'jobs in each queue by state',
        labelNames: ['queue', 'state'] as const,
        registers: [registry],
        async collect() {
          for (const name of QUEUES) {
            const counts = await queueCounts(name).catch(() => ({}) as Record<string, number>);
            for (const [state, n] of Object.entries(counts)) this.set({ queue: name, state }, n);
          }
        },
      });
      new Gauge({
        name: 'nova_reminders',
        help: 'pending reminders due now, and those more than five minutes late',
        labelNames: ['state'] as const,
        registers: [registry],
        async collect() {
          const now = Date.now();
          const [due, late] = await Promise.all([
            db.reminder.count({ where: { status: 'pending', dueAt: { lte: new Date(now) } } }),
            db.reminder.count({ where: { status: 'pending', dueAt: { lte: new Date(now - 5 * 60_000) } } }),
          ]);
          this.set({ state: 'due' }, due);
          this.set({ state: 'late' }, late);
        },
      });
      new Gauge({
        name: 'nova_inbound_pending',
        help: 'inbound messages received and not yet answered',
        registers: [registry],
        async collect() {
          this.set(await db.inboundMessage.count({ where: { status: { in: ['received', 'processing'] } } }));
        },
      });
    },
  };
}
