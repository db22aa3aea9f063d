// BullMQ on PostgreSQL (bullmq ≥ 6.7, its PostgreSQL backend): the same Queue and Worker classes, their
// jobs kept in tables of a schema of their own (`bullmq` by default) in Nova's database, workers woken
// by LISTEN/NOTIFY. It is the queue backend when no Redis is configured (docs/operations.md).
//
// BullMQ builds its own pg pool from a connection string only where `require` exists (CommonJS); Nova
// is ESM, so it hands BullMQ a pool. A pool passed in is never migrated by BullMQ, so this module runs
// BullMQ's migrations itself before any queue touches the schema, and, unlike BullMQ's default, does
// not remember a failure: while PostgreSQL is unreachable, a queue waits and tries again (as BullMQ on
// Redis waits for its reconnection) instead of staying broken until a restart.
import { type BackendFactory, PostgresConnection, PostgresQueueBackend, quoteSchemaName, runMigrations } from 'bullmq';
import pg from 'pg';

export const DEFAULT_QUEUE_SCHEMA = 'bullmq';

export interface PostgresQueueHostOptions {
  url: string;
  /** the schema holding BullMQ's tables; a scenario run takes one of its own */
  schema?: string;
  /** connections: each worker holds one for LISTEN, the rest serve queries */
  max: number;
  /** told of each failed attempt to reach the database before the first success */
  onError?: (error: unknown) => void;
}

export interface PostgresQueueHost {
  /** what BullMQ's Queue and Worker take as `connection` */
  readonly pool: pg.Pool;
  /** what BullMQ's Queue and Worker take as their backend factory */
  readonly factory: BackendFactory;
  /** the schema is migrated and the database answers */
  ping(): Promise<void>;
  /** ends the pool: after every queue and worker built on it has closed */
  close(): Promise<void>;
}

const RETRY_MS = [250, 500, 1_000, 2_000, 5_000];

export function createPostgresQueueHost(options: PostgresQueueHostOptions): PostgresQueueHost {
  const schema = options.schema ?? DEFAULT_QUEUE_SCHEMA;
  const quoted = quoteSchemaName(schema);
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.max,
    keepAlive: true,
    application_name: 'nova-queue',
    // BullMQ's SQL names its tables unqualified: the search path selects the schema.
    options: `-c search_path=${quoted}`,
  });
  // An idle client that loses its server must not crash the process; queries report the outage.
  pool.on('error', () => undefined);
  // Every queue and worker adds its listener to the shared pool.
  pool.setMaxListeners(0);
  let closed = false;
  let migrated: Promise<void> | undefined;

  /** Runs BullMQ's migrations once (advisory-locked: concurrent processes migrate once). */
  const migrate = () => {
    migrated ??= (async () => {
      const client = await pool.connect();
      try {
        await runMigrations(client, schema);
      } finally {
        client.release();
      }
    })().catch((error: unknown) => {
      migrated = undefined;
      throw error;
    });
    return migrated;
  };

  /** Resolves once migrated, trying again while the database is unreachable; never while closing. */
  const ready = async () => {
    for (let attempt = 0; ; attempt++) {
      if (closed) return new Promise<void>(() => undefined);
      try {
        return await migrate();
      } catch (error) {
        options.onError?.(error);
        await new Promise((r) => setTimeout(r, RETRY_MS[Math.min(attempt, RETRY_MS.length - 1)]));
      }
    }
  };

  class HostedConnection extends PostgresConnection {
    private announced = false;
    constructor() {
      super(pool);
      Object.defineProperty(this, 'schema', { value: schema });
    }
    override async waitUntilReady(): Promise<void> {
      await ready();
      if (!this.announced) {
        this.announced = true;
        setTimeout(() => this.emit('ready'), 0);
      }
    }
  }

  // As bullmq's createPostgresBackend, but on the shared pool: a worker names its LISTEN connection
  // after its queue (so getWorkers finds it), queue events after the queue and ':qe'.
  const factory: BackendFactory = (name, opts, factoryOptions = {}) => {
    const worker = (opts as { name?: string }).name;
    const listenName = factoryOptions.withBlockingConnection
      ? `${name}${worker ? `:w:${worker}` : ''}`
      : factoryOptions.blocking
        ? `${name}:qe`
        : undefined;
    return new PostgresQueueBackend(
      new HostedConnection(),
      name,
      opts as ConstructorParameters<typeof PostgresQueueBackend>[2],
      true,
      listenName,
    );
  };

  return {
    pool,
    factory,
    async ping() {
      await migrate();
      await pool.query('SELECT 1');
    },
    async close() {
      closed = true;
      await pool.end().catch(() => undefined);
    },
  };
}

/** Drops a schema of queues (a scenario run's), with every job in it. */
export async function dropQueueSchema(url: string, schema: string): Promise<void> {
  if (schema === DEFAULT_QUEUE_SCHEMA) throw new Error('refusing to drop the default queue schema');
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${quoteSchemaName(schema)} CASCADE`);
  } finally {
    await client.end();
  }
}
