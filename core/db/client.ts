// The one place that builds the Prisma client. Prisma 7 runs queries through the pg driver adapter
// (no query-engine binary), so this works offline.
import { createHash } from 'node:crypto';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaClient } from './generated/client.ts';

export type Db = PrismaClient;
/** The client or an interactive transaction's client: repositories accept either. */
export type DbTx = Omit<PrismaClient, '$connect' | '$disconnect' | '$on' | '$transaction' | '$extends'>;

export interface DbOptions {
  /** connections in the pool (pg's default is 10) */
  max?: number;
  /** called for every statement sent (metrics: queries per turn) */
  onQuery?: () => void;
}

/**
 * A raw statement whose text starts with this comment is prepared once per connection, so that
 * PostgreSQL keeps its plan: for a hot statement that costs more to plan than to run (the morning
 * digest's day of a member). Every other statement is sent unnamed, as before.
 */
export const PREPARED = '/* prepared */';

const statementName = (query: { sql: string }): string =>
  (query.sql.startsWith(PREPARED)
    ? `nova_${createHash('sha256').update(query.sql).digest('hex').slice(0, 24)}`
    : undefined) as string;

export function createDb(databaseUrl: string, options: DbOptions = {}): Db {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: options.max ?? 10 });
  const onQuery = options.onQuery;
  if (onQuery) {
    // Every statement, inside a transaction or not, goes through a pooled client's query().
    pool.on('connect', (client) => {
      const query = client.query.bind(client) as (...args: unknown[]) => unknown;
      (client as { query: unknown }).query = (...args: unknown[]) => {
        onQuery();
        return query(...args);
      };
    });
  }
  return new PrismaClient({
    adapter: new PrismaPg(pool, { disposeExternalPool: true, statementNameGenerator: statementName }),
  });
}

export * from './generated/client.ts';
