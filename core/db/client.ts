// The one place that builds the Prisma client. Prisma 7 runs queries through the pg driver adapter
// (no query-engine binary), so this works offline.
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
  return new PrismaClient({ adapter: new PrismaPg(pool, { disposeExternalPool: true }) });
}

export * from './generated/client.ts';
