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
const txConnections = new WeakMap<object, { query(config: pg.QueryConfig): Promise<pg.QueryResult> }>();

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
 * An interactive transaction begun straight on pg, for the engine's turns: BEGIN on a connection
 * of the pool, fn's sql(tx) statements on that connection, COMMIT (or ROLLBACK when fn throws). Prisma
 * is brought in only if fn uses a model or $queryRaw on tx: then Prisma's interactive transaction is
 * opened on this same connection (its BEGIN and COMMIT are ours, below) and kept until fn ends. A turn
 * made only of sql() statements, as a client's first message is, skips Prisma's transaction machinery
 * (its start, transaction manager, client and timers: 8–10 % of the process's CPU under load).
 * `timeout` (default 5 s) ends the transaction as Prisma's does: rolled back, its later statements
 * refused, the call rejected; `maxWait` (default 2 s) bounds the wait for a connection.
 */
export async function transaction<T>(
  db: Db,
  fn: (tx: DbTx) => Promise<T>,
  options: { timeout?: number; maxWait?: number } = {},
): Promise<T> {
  const pool = pools.get(db);
  if (!pool) return db.$transaction(fn, options);
  const timeout = options.timeout ?? 5_000;
  const connection = await connectWithin(pool, options.maxWait ?? 2_000);
  const open = new OpenTransaction(connection);
  const tx = lazyClient(() => open.prisma(db, timeout));
  txConnections.set(tx, open);
  const timer = setTimeout(() => open.expire(timeout), timeout);
  try {
    await open.run('BEGIN');
    const result = await fn(tx);
    open.checkAlive();
    await open.endPrisma();
    open.checkAlive();
    await open.finish('COMMIT');
    return result;
  } catch (error) {
    await open.endPrisma(error);
    await open.finish('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    clearTimeout(timer);
    // A late sql(tx) must not run on a connection that went back to the pool for someone else.
    txConnections.delete(tx);
    // (after an expiry, once its ROLLBACK is done)
    if (!open.expired) open.release();
  }
}

/** A pooled connection, or an error after maxWait ms (the connection, if it comes later, goes back). */
function connectWithin(pool: pg.Pool, maxWait: number): Promise<pg.PoolClient> {
  return new Promise((resolve, reject) => {
    let late = false;
    const timer = setTimeout(() => {
      late = true;
      reject(new Error(`transaction: no connection within ${maxWait} ms`));
    }, maxWait);
    pool.connect().then(
      (connection) => {
        if (late) return connection.release();
        clearTimeout(timer);
        resolve(connection);
      },
      (error) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

/** The statements Prisma sends to begin and end its transaction: on a borrowed connection they are transaction()'s. */
const OWN_STATEMENTS = new Set(['BEGIN', 'COMMIT', 'ROLLBACK']);

/** One transaction() call: its connection, whether it is still open, and Prisma's transaction on it, once asked for. */
class OpenTransaction {
  private closedBy?: Error;
  private broken?: Error;
  private released = false;
  /** set by the timeout, which hands the connection back itself */
  expired = false;
  private prismaClient?: Promise<DbTx>;
  private prismaEnded?: Promise<unknown>;
  private endPrismaWith?: (error?: unknown) => void;
  private readonly onError = (error: Error) => {
    this.broken = error;
  };

  constructor(private readonly connection: pg.PoolClient) {
    // An error of the checked-out connection (the server went away) would otherwise end the process.
    connection.on('error', this.onError);
  }

  /** A statement of this transaction, refused once it expired or ended. */
  query(config: pg.QueryConfig): Promise<pg.QueryResult> {
    if (this.closedBy) return Promise.reject(this.closedBy);
    return this.connection.query(config);
  }

  run(text: string): Promise<pg.QueryResult> {
    return this.query({ text });
  }

  checkAlive(): void {
    if (this.closedBy) throw this.closedBy;
  }

  /**
   * The timeout: rolled back now (after any statement in flight) and the connection handed back, as
   * Prisma does, even if fn never ends; every later statement is refused.
   */
  expire(timeout: number): void {
    if (this.closedBy) return;
    this.expired = true;
    this.closedBy = new Error(`transaction expired: it was open longer than its timeout of ${timeout} ms`);
    this.connection.query('ROLLBACK').then(
      () => this.release(),
      (error: Error) => {
        this.broken = error;
        this.release();
      },
    );
  }

  async finish(text: 'COMMIT' | 'ROLLBACK'): Promise<void> {
    if (this.closedBy) return;
    this.closedBy = new Error('transaction already ended');
    try {
      await this.connection.query(text);
    } catch (error) {
      this.broken ??= error as Error;
      throw error;
    }
  }

  /** Back to the pool, once; a connection whose ROLLBACK failed, or that errored, is closed instead. */
  release(): void {
    if (this.released) return;
    this.released = true;
    this.connection.removeListener('error', this.onError);
    this.connection.release(this.broken);
  }

  /**
   * Prisma's interactive transaction on this connection, opened on first use: Prisma's pool hands it
   * this connection (TransactionPool, borrowed()), its BEGIN and COMMIT are not sent, and its callback
   * waits until transaction() ends it.
   */
  prisma(db: Db, timeout: number): Promise<DbTx> {
    if (this.closedBy) return Promise.reject(this.closedBy);
    // (boxed: a client handed to resolve() is asked for a then() it may answer)
    this.prismaClient ??= new Promise<{ client: DbTx }>((resolve, reject) => {
      const held = new Promise<void>((done, fail) => {
        this.endPrismaWith = (error) => (error === undefined ? done() : fail(error));
      });
      this.prismaEnded = borrowScope
        .run(this.borrowed(), () =>
          db.$transaction(
            async (client) => {
              resolve({ client });
              await held;
            },
            // transaction()'s own timer governs; Prisma's only must not end first
            { timeout: timeout + 60_000, maxWait: 60_000 },
          ),
        )
        .catch((error: unknown) => reject(error));
    }).then((box) => box.client);
    return this.prismaClient;
  }

  /** Ends Prisma's transaction, if one was opened: its commit or rollback is a no-op here. */
  async endPrisma(error?: unknown): Promise<void> {
    if (!this.endPrismaWith) return;
    this.endPrismaWith(error ?? undefined);
    this.endPrismaWith = undefined;
    await this.prismaEnded;
  }

  /** This connection as Prisma's adapter sees it: its statements are ours; BEGIN, COMMIT and release are not its to do. */
  private borrowed(): BorrowedConnection {
    const connection = this.connection;
    return {
      query: (config: string | pg.QueryConfig, values?: unknown[]) => {
        const text = typeof config === 'string' ? config : config.text;
        if (OWN_STATEMENTS.has(text)) return Promise.resolve({ command: text, rowCount: 0, rows: [], fields: [] });
        if (this.closedBy) return Promise.reject(this.closedBy);
        return connection.query(config as pg.QueryConfig, values);
      },
      on: () => undefined,
      removeListener: () => undefined,
      release: () => undefined,
    };
  }
}

interface BorrowedConnection {
  query(config: string | pg.QueryConfig, values?: unknown[]): Promise<unknown>;
  on(...args: unknown[]): void;
  removeListener(...args: unknown[]): void;
  release(): void;
}

/** Inside OpenTransaction.prisma(): the connection Prisma's pool hands out for the transaction it begins. */
const borrowScope = new AsyncLocalStorage<BorrowedConnection>();

/**
 * A client whose every model call and $-method waits for load() and calls it there: transaction()'s
 * tx, which opens Prisma's transaction only when asked for one. Not a thenable (awaiting it gives it back).
 */
function lazyClient(load: () => Promise<DbTx>): DbTx {
  const members = new Map<PropertyKey, unknown>();
  const call =
    (path: (client: DbTx) => (...args: unknown[]) => unknown) =>
    (...args: unknown[]) =>
      load().then((client) => path(client)(...args));
  return new Proxy({} as DbTx, {
    get(_, key) {
      if (key === 'then' || typeof key === 'symbol') return undefined;
      let member = members.get(key);
      if (!member) {
        member = key.startsWith('$')
          ? call((client) => (client as unknown as Record<string, (...args: unknown[]) => unknown>)[key]!.bind(client))
          : new Proxy(
              {},
              {
                get: (_, method) =>
                  method === 'then' || typeof method === 'symbol'
                    ? undefined
                    : call((client) => {
                        const model = (
                          client as unknown as Record<string, Record<string, (...a: unknown[]) => unknown>>
                        )[key]!;
                        return model[method]!.bind(model);
                      }),
              },
            );
        members.set(key, member);
      }
      return member;
    },
  });
}

/**
 * The pool Prisma is given: pg's own, except that inside OpenTransaction.prisma() the transaction
 * Prisma begins gets transaction()'s connection. (Prisma's adapter begins a transaction with the
 * pool's promise-returning connect(); its other statements go through query().)
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
    const borrowed = borrowScope.getStore();
    if (borrowed) return Promise.resolve(borrowed as unknown as pg.PoolClient);
    return super.connect();
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
