// What the operator's verbs (`nova org`, `nova user`, `nova channel`) share: options read strictly, the
// database and core opened once, an office found by its slug, and refusals as one line naming the code.
import { parseArgs } from 'node:util';
import type { AppConfig } from '../../core/config/env.ts';
import { createDb, type Db } from '../../core/db/client.ts';
import { sqlState } from '../../core/shared/errors.ts';
import type { DomainError } from '../../core/shared/result.ts';
import { type Scope, systemScope } from '../../core/shared/scope.ts';
import { adminCore } from '../offices.ts';
import { CliError, config } from '../runtime.ts';

/** A usage mistake: the verb prints its usage and exits with 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

type Options = Record<string, { type: 'string' | 'boolean' }>;

/** The options and positionals of a verb; an unknown option or a missing value is a usage mistake. */
export function readArgs<O extends Options>(args: string[], options: O) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message.split('\n')[0]);
  }
}

/** The value of a required option, or a usage mistake naming it. */
export function required(values: Record<string, string | boolean | undefined>, name: string): string {
  const value = values[name];
  if (typeof value !== 'string' || !value.trim()) throw new UsageError(`--${name} is required`);
  return value;
}

export interface Admin {
  cfg: AppConfig;
  db: Db;
  core: ReturnType<typeof adminCore>;
  /** the office with this slug and its system scope; refuses an unknown slug */
  office(slug: string): Promise<{ id: string; slug: string; name: string; scope: Scope }>;
}

/** Runs a verb over the database; usage mistakes print `usage` and give exit code 2. */
export async function withAdmin(usage: string, work: (admin: Admin) => Promise<void>): Promise<number> {
  let db: Db | undefined;
  try {
    const cfg = config();
    db = createDb(cfg.DATABASE_URL, { max: 2 });
    const core = adminCore(db, cfg);
    await work({
      cfg,
      db,
      core,
      async office(slug) {
        const office = await core.organizations.findBySlug(slug);
        if (!office) throw new CliError(`no office with the slug "${slug}" (see \`nova org list\`)`);
        return { ...office, scope: { ...systemScope(office.id), via: 'cli' as const } };
      },
    });
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`nova: ${error.message}\n${usage}`);
      return 2;
    }
    // A database missing or never migrated: say what to do rather than Prisma's words.
    const state = sqlState(error);
    if (state === '3D000') throw new CliError('the database does not exist: run `nova migrate` first');
    if (state === '42P01') throw new CliError('the database has no tables yet: run `nova migrate` first');
    throw error;
  } finally {
    await db?.$disconnect().catch(() => undefined);
  }
}

/** A refusal of core as one line: its dotted code and what the operator can do about it. */
export function refusal<C extends string>(
  error: DomainError<C>,
  explain: Record<C, (details: Record<string, unknown>) => string>,
): CliError {
  return new CliError(`${error.code}: ${explain[error.code](error.details ?? {})}`);
}

/** Lines as columns, each as wide as its widest cell. */
export function table(rows: string[][]): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  return rows
    .map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  '))
    .join('\n');
}
