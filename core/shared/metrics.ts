// What Nova counts about itself, as a port: the engine and the database client report events here,
// and the composition root (bin/metrics.ts) turns them into Prometheus metrics. Core and bot never
// import the metrics library; tests and tools that don't care pass noMetrics.
export type TurnOutcome = 'processed' | 'ignored' | 'failed';
export type SendResult = 'sent' | 'cancelled' | 'failed' | 'retry';

export interface Metrics {
  /** one SQL statement sent to PostgreSQL */
  dbQuery(): void;
  /** one turn ended (its transaction committed or it was given up), and how long it took */
  turn(outcome: TurnOutcome, seconds: number): void;
  /** one outbound row's send attempt ended */
  send(channel: string, result: SendResult): void;
  /** one job handed to the queue backend (a repeated job id included: the backend drops it) */
  jobQueued(queue: string): void;
  /** one job run by the process that asked for it, without the queue (bot/engine/local-jobs.ts) */
  jobRunHere(queue: string): void;
}

export const noMetrics: Metrics = { dbQuery() {}, turn() {}, send() {}, jobQueued() {}, jobRunHere() {} };
