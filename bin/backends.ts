// Which PostgreSQL and which queue backend Nova runs on: the rules, pure (bin/embedded-postgres.ts acts
// on them). docs/operations.md ("First run, and the backends") says the same for operators.
import type { QueueBackend } from '../core/jobs/bullmq.queue.ts';

/**
 * Where the database is:
 * - `configured`: DATABASE_URL;
 * - `local`: the default URL (PostgreSQL on 127.0.0.1:5432);
 * - `embedded-running`: the embedded PostgreSQL of this directory, started by another Nova still running;
 * - `embedded-start`: start the embedded PostgreSQL (data in .nova/postgres), stopped with this process.
 */
export type DatabaseChoice = 'configured' | 'local' | 'embedded-running' | 'embedded-start';

export interface DatabaseFacts {
  /** DATABASE_URL is set */
  databaseUrlGiven: boolean;
  /** `nova start --embedded` */
  embeddedAsked: boolean;
  /** something answers on 127.0.0.1:5432 */
  localAnswers: boolean;
  /** an embedded PostgreSQL of this directory runs, owned by a live Nova */
  embeddedRunning: boolean;
  /** this verb may start one (`nova start`; not `nova worker`, which must not own the database) */
  mayStart: boolean;
  /** NODE_ENV=production: a missing DATABASE_URL is a mistake there, never a reason to start one */
  production: boolean;
}

export function chooseDatabase(f: DatabaseFacts): DatabaseChoice {
  if (f.embeddedAsked) return f.embeddedRunning ? 'embedded-running' : 'embedded-start';
  if (f.databaseUrlGiven) return 'configured';
  if (f.localAnswers) return 'local';
  if (f.embeddedRunning) return 'embedded-running';
  if (f.production || !f.mayStart) return 'local';
  return 'embedded-start';
}

/**
 * Where the queues (and outbound pacing) live: Redis when REDIS_URL is set, else PostgreSQL, in the
 * database itself (BullMQ's tables in the schema `bullmq`). `overrides` give a scenario run queues of
 * its own (a key prefix in Redis, a schema in PostgreSQL).
 */
export function chooseQueue(
  cfg: { REDIS_URL?: string; QUEUE_PREFIX: string },
  databaseUrl: string,
  overrides: { prefix?: string; schema?: string } = {},
): QueueBackend {
  if (cfg.REDIS_URL) return { kind: 'redis', url: cfg.REDIS_URL, prefix: overrides.prefix ?? cfg.QUEUE_PREFIX };
  return { kind: 'postgres', url: databaseUrl, ...(overrides.schema ? { schema: overrides.schema } : {}) };
}

/** How the banner and the log name a queue backend (no password). */
export function describeQueue(backend: QueueBackend): string {
  if (backend.kind === 'postgres') return `PostgreSQL (the database itself, schema ${backend.schema ?? 'bullmq'})`;
  const url = new URL(backend.url);
  return `Redis ${url.hostname}:${url.port || 6379} (prefix ${backend.prefix})`;
}
