// Structured logs with pino. Personal data (phones, names, message texts) never goes into a log line:
// log ids and codes; the redact list is a safety net for fields that slip through. Database errors are
// logged by type, code and model only: their messages quote the query's values (a customer's name,
// the text of a message).
import { createRequire } from 'node:module';
import { type DestinationStream, type Logger, pino } from 'pino';
import { sqlState } from './errors.ts';

export type { Logger };

interface DatabaseErrorShape {
  name?: unknown;
  code?: unknown;
  clientVersion?: unknown;
  severity?: unknown;
  routine?: unknown;
  meta?: { modelName?: unknown; driverAdapterError?: { cause?: { kind?: unknown } } };
}

/** A Prisma, driver-adapter or pg error: what it is, never what it says. */
function databaseError(error: DatabaseErrorShape): Record<string, unknown> | undefined {
  const name = typeof error.name === 'string' ? error.name : '';
  const fromPrisma = name.startsWith('PrismaClient') || error.clientVersion !== undefined;
  const fromDriver = name === 'DriverAdapterError' || (error.severity !== undefined && error.routine !== undefined);
  if (!fromPrisma && !fromDriver) return undefined;
  return {
    type: name || 'DatabaseError',
    ...(typeof error.code === 'string' ? { code: error.code } : {}),
    ...(sqlState(error) ? { sqlState: sqlState(error) } : {}),
    ...(typeof error.meta?.modelName === 'string' ? { model: error.meta.modelName } : {}),
    ...(typeof error.meta?.driverAdapterError?.cause?.kind === 'string'
      ? { kind: error.meta.driverAdapterError.cause.kind }
      : {}),
  };
}

interface NetworkErrorShape {
  name?: unknown;
  message?: unknown;
  code?: unknown;
  syscall?: unknown;
  address?: unknown;
  port?: unknown;
}

/**
 * A connection error (Redis or a server away: ECONNREFUSED, ETIMEDOUT, a closed connection): what and
 * where, without the stack, which only names Node's socket internals and would fill the log while an
 * outage lasts.
 */
function networkError(error: NetworkErrorShape): Record<string, unknown> | undefined {
  const code = typeof error.code === 'string' ? error.code : undefined;
  const message = typeof error.message === 'string' ? error.message : '';
  const isSocketError = typeof error.syscall === 'string' && code?.startsWith('E');
  if (!isSocketError && message !== 'Connection is closed.' && error.name !== 'MaxRetriesPerRequestError') {
    return undefined;
  }
  return {
    type: typeof error.name === 'string' ? error.name : 'Error',
    message: message.split('\n')[0],
    ...(code ? { code } : {}),
    ...(typeof error.syscall === 'string' ? { syscall: error.syscall } : {}),
    ...(typeof error.address === 'string' ? { address: error.address } : {}),
    ...(typeof error.port === 'number' ? { port: error.port } : {}),
  };
}

/**
 * The `err` of a log line: database errors by code only, connection errors by code and address,
 * other errors as pino shows them (message and stack, in the one JSON line).
 */
export function serializeError(error: unknown): unknown {
  if (!error || typeof error !== 'object') return error;
  return (
    databaseError(error as DatabaseErrorShape) ??
    networkError(error as NetworkErrorShape) ??
    pino.stdSerializers.err(error as Error)
  );
}

/**
 * Whether lines are printed for people (pino-pretty) rather than as JSON: LOG_PRETTY=1 or 0 decides;
 * unset, in development (NODE_ENV unset or `development`) when standard output is a terminal.
 */
export function wantsPrettyLogs(env: { NODE_ENV?: string; LOG_PRETTY?: string }, isTTY: boolean): boolean {
  const flag = env.LOG_PRETTY?.trim().toLowerCase();
  if (flag === '1' || flag === 'true') return true;
  if (flag === '0' || flag === 'false') return false;
  return (env.NODE_ENV || 'development') === 'development' && isTTY;
}

/**
 * pino-pretty as a stream in this thread, writing synchronously: a transport's worker thread would lose
 * the last lines when Nova exits (process.exit after SIGTERM). Undefined where pino-pretty is not
 * installed (a development dependency: the production image has none), and the lines stay JSON.
 */
function prettyStream(): DestinationStream | undefined {
  try {
    const pretty = createRequire(import.meta.url)('pino-pretty') as (options: object) => DestinationStream;
    return pretty({
      destination: 1,
      sync: true,
      singleLine: true,
      translateTime: 'SYS:HH:MM:ss.l',
      ignore: 'pid,hostname,service',
    });
  } catch {
    return undefined;
  }
}

export function createLogger(level = process.env.LOG_LEVEL ?? 'info', destination?: DestinationStream): Logger {
  const out = destination ?? (wantsPrettyLogs(process.env, Boolean(process.stdout.isTTY)) ? prettyStream() : undefined);
  return pino(
    {
      level,
      base: { service: 'nova' },
      serializers: { err: serializeError, error: serializeError },
      redact: {
        paths: ['phone', 'text', 'name', 'email', '*.phone', '*.text', '*.name', '*.email', 'password', '*.password'],
        censor: '[redacted]',
      },
    },
    out,
  );
}

export const silentLogger: Logger = pino({ level: 'silent' });
