// The one place that builds the Prisma client. Prisma 7 runs queries through the pg driver adapter
// (no query-engine binary), so this works offline.
import { AsyncLocalStorage } from 'node:async_hooks';
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
  /** connections of the ingest pool (ingestSql), opened on its first statement; default 1 (the inbox writes one group at a time) */
  ingestMax?: number;
}

/**
 * A raw statement whose text starts with this comment is prepared once per connection, so that
 * PostgreSQL keeps its plan: for a hot statement that costs more to plan than to run (the morning
 * digest's day of a member), when it must go through Prisma; sql() below prepares its own. Every
 * other statement is sent unnamed. Only fixed texts may carry it: each text is a statement kept by
 * every connection.
 */
export const PREPARED = '/* prepared */';

/** A prepared statement's name: a hash of its text, made once per text (a few dozen texts at most). */
const preparedNames = new Map<string, string>();
function nameOf(text: string): string {
  let name = preparedNames.get(text);
  if (!name) {
    name = `nova_${createHash('sha256').update(text).digest('hex').slice(0, 24)}`;
    preparedNames.set(text, name);
  }
  return name;
}
const statementName = (query: { sql: string }): string =>
  (query.sql.startsWith(PREPARED) ? nameOf(query.sql) : undefined) as string;

/** What sql() runs on: the pool under each client createDb made, the connection under each transaction() client. */
const pools = new WeakMap<object, pg.Pool>();
const txConnections = new WeakMap<object, pg.PoolClient>();

/**
 * A raw statement straight on pg, without Prisma, for the engine's hot statements: Prisma spends
 * about 0.2 ms of CPU on each statement before the driver sees it (its request, serialization and
 * result mapping), pg a tenth of that, and every message makes a dozen of them. On a client createDb
 * made it runs on its pool; on the client of a transaction() it runs on that transaction's
 * connection; on any other client (a transaction from $transaction) through Prisma, as before (its
 * bigints come as BigInt there: cast them to text in the statement). Values go as parameters ($1,
 * $2, …), never into the text; the statement is prepared once per connection. Rows come as pg gives
 * them: a bigint column as a string (cast what you read), jsonb parsed, timestamptz as a Date.
 */
export function sql(db: DbTx) {
  const runner = txConnections.get(db) ?? pools.get(db);
  return async <T>(strings: TemplateStringsArray, ...values: unknown[]): Promise<T[]> => {
    const { text, name } = statementOf(strings);
    // Named: each connection prepares it once and PostgreSQL keeps its plan (a call site is one text).
    if (runner) return (await runner.query({ name, text, values })).rows as T[];
    return (db as Db).$queryRawUnsafe<T[]>(text, ...values);
  };
}

/**
 * sql() for the statement a webhook's answer waits on (the inbox's insert, bot/engine/inbox-writer.ts),
 * on a pool of its own (one connection unless `ingestMax` says more): under load the main pool's
 * connections are all taken by turns and sends, with dozens of statements queued behind them, and an
 * insert waiting in that queue took 80–110 ms before it was sent. On a client without an ingest pool
 * (a transaction's) it is sql().
 */
export function ingestSql(db: DbTx) {
  const pool = ingestPools.get(db)?.();
  if (!pool) return sql(db);
  return async <T>(strings: TemplateStringsArray, ...values: unknown[]): Promise<T[]> => {
    const { text, name } = statementOf(strings);
    return (await pool.query({ name, text, values })).rows as T[];
  };
}
const ingestPools = new WeakMap<object, () => pg.Pool>();

/**
 * Prisma's interactive transaction, whose client sql() knows: its statements run on the transaction's
 * own connection. The connection is the one Prisma takes from the pool when it begins the transaction
 * (TransactionPool below records it for the scope of this call); Prisma keeps the transaction's
 * BEGIN, COMMIT and ROLLBACK.
 */
export async function transaction<T>(
  db: Db,
  fn: (tx: DbTx) => Promise<T>,
  options?: { timeout?: number; maxWait?: number },
): Promise<T> {
  const scope: { connection?: pg.PoolClient } = {};
  return transactionScope.run(scope, () =>
    db.$transaction(async (tx) => {
      if (scope.connection) txConnections.set(tx, scope.connection);
      try {
        return await fn(tx);
      } finally {
        // The connection goes back to the pool at commit: a late sql(tx) must not run on it for
        // someone else (through Prisma it fails, as any use of a finished transaction does).
        txConnections.delete(tx);
      }
    }, options),
  );
}

const transactionScope = new AsyncLocalStorage<{ connection?: pg.PoolClient }>();

/**
 * The pool Prisma is given: pg's own, except that the connection it takes for a transaction begun
 * inside transaction() is recorded for sql(). (Prisma's adapter begins a transaction with the pool's
 * promise-returning connect(); its other statements and sql()'s go through query().)
 */
type ConnectCallback = (
  err: Error | undefined,
  client: pg.PoolClient | undefined,
  done: (release?: unknown) => void,
) => void;

class TransactionPool extends pg.Pool {
  override connect(): Promise<pg.PoolClient>;
  override connect(callback: ConnectCallback): void;
  override connect(callback?: ConnectCallback) {
    if (callback) return super.connect(callback);
    const scope = transactionScope.getStore();
    return super.connect().then((connection) => {
      if (scope && !scope.connection) scope.connection = connection;
      return connection;
    });
  }
}

/** A call site's template is one object for the life of the process: its text and name are made once. */
const statements = new WeakMap<TemplateStringsArray, { text: string; name: string }>();
function statementOf(strings: TemplateStringsArray): { text: string; name: string } {
  let statement = statements.get(strings);
  if (!statement) {
    const text = strings.reduce((acc, part, i) => `${acc}$${i}${part}`);
    statement = { text, name: nameOf(text) };
    statements.set(strings, statement);
  }
  return statement;
}

export function createDb(databaseUrl: string, options: DbOptions = {}): Db {
  const pool = new TransactionPool({ connectionString: databaseUrl, max: options.max ?? 10, application_name: 'nova' });
  const onQuery = options.onQuery;
  const countQueries = (pool: pg.Pool) => {
    if (!onQuery) return;
    // Every statement, inside a transaction or not, goes through a pooled client's query().
    pool.on('connect', (client) => {
      const query = client.query.bind(client) as (...args: unknown[]) => unknown;
      (client as { query: unknown }).query = (...args: unknown[]) => {
        onQuery();
        return query(...args);
      };
    });
  };
  countQueries(pool);
  // An idle connection the server closed (a restart, an administrator's termination) is dropped by the
  // pool; without a listener its error would end the process. The next statements report the outage.
  pool.on('error', () => undefined);
  const client = new PrismaClient({
    adapter: new PrismaPg(pool, { disposeExternalPool: true, statementNameGenerator: statementName }),
  });
  // The ingest pool: its connections stay open (no idle timeout), so that the first webhook after a
  // quiet hour does not wait for one.
  let ingest: pg.Pool | undefined;
  ingestPools.set(client, () => {
    if (!ingest) {
      ingest = new pg.Pool({
        connectionString: databaseUrl,
        max: options.ingestMax ?? 1,
        idleTimeoutMillis: 0,
        application_name: 'nova-ingest',
      });
      ingest.on('error', () => undefined);
      countQueries(ingest);
    }
    return ingest;
  });
  // Prisma ends the pool only if it ever connected; a client used through sql() alone must end it too.
  const disconnect = client.$disconnect.bind(client);
  client.$disconnect = async () => {
    await disconnect();
    if (!pool.ended) await pool.end();
    if (ingest && !ingest.ended) await ingest.end();
  };
  pools.set(client, pool);
  return client;
}

export * from './generated/client.ts';
