// Creates the database when missing and applies pending migrations offline, writing the same
// `_prisma_migrations` table as `prisma migrate deploy`, so either tool can take over later.
// Never drops anything: applying is forward-only and a repeated run applies nothing.
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SchemaEngine } from '@prisma/schema-engine-wasm';
import pg from 'pg';
import { openSchemaEngine, poolConfigFromUrl } from './schema-engine.ts';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const MIGRATIONS_DIR = path.join(projectRoot, 'prisma', 'migrations');
export const SCHEMA_PATH = path.join(projectRoot, 'prisma', 'schema.prisma');
const NO_FILTERS = { externalTables: [], externalEnums: [] };

/** Creates the database named in the URL when it does not exist. Returns whether it created it. */
export async function ensureDatabase(databaseUrl: string): Promise<boolean> {
  const config = poolConfigFromUrl(databaseUrl);
  const name = config.database;
  if (!name) throw new Error('DATABASE_URL names no database');
  const admin = new pg.Client({ ...config, database: 'postgres' });
  await admin.connect();
  try {
    const found = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount) return false;
    try {
      await admin.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`);
    } catch (error) {
      // Another process created it between our check and our CREATE: that is fine.
      if ((error as { code?: string }).code !== '42P04') throw error;
      return false;
    }
    return true;
  } finally {
    await admin.end();
  }
}

async function loadMigrationList(migrationsDir: string) {
  const entries = existsSync(migrationsDir) ? await readdir(migrationsDir, { withFileTypes: true }) : [];
  const folders = entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  const lockPath = path.join(migrationsDir, 'migration_lock.toml');
  return {
    baseDir: migrationsDir,
    lockfile: {
      path: 'migration_lock.toml',
      content: existsSync(lockPath) ? await readFile(lockPath, 'utf8') : null,
    },
    shadowDbInitScript: '',
    migrationDirectories: await Promise.all(
      folders.map(async (folder) => ({
        path: folder,
        migrationFile: {
          path: 'migration.sql',
          content: {
            tag: 'ok' as const,
            value: await readFile(path.join(migrationsDir, folder, 'migration.sql'), 'utf8'),
          },
        },
      })),
    ),
  };
}

async function withEngine<T>(databaseUrl: string, fn: (engine: SchemaEngine) => Promise<T>) {
  const content = await readFile(SCHEMA_PATH, 'utf8');
  const opened = await openSchemaEngine(databaseUrl, { path: 'schema.prisma', content });
  try {
    return await fn(opened.engine);
  } finally {
    await opened.close();
  }
}

export interface MigrateResult {
  createdDatabase: boolean;
  applied: string[];
}

export async function migrate(databaseUrl: string, migrationsDir = MIGRATIONS_DIR): Promise<MigrateResult> {
  const createdDatabase = await ensureDatabase(databaseUrl);
  const migrationsList = await loadMigrationList(migrationsDir);
  const { appliedMigrationNames } = await withEngine(databaseUrl, (engine) =>
    engine.applyMigrations({ migrationsList, filters: NO_FILTERS }),
  );
  return { createdDatabase, applied: appliedMigrationNames };
}

/**
 * The file that records the schema the migrations folder produces. New migrations are the diff
 * from it to schema.prisma, computed by the engine without a database (a shadow database would
 * need the native engine: the WebAssembly one cannot describe some catalog columns yet).
 */
export const SNAPSHOT_PATH = path.join(MIGRATIONS_DIR, 'schema.snapshot.prisma');

/** The SQL that takes the database from the last migration to the current schema.prisma. */
export async function diffSchemaAgainstSnapshot(databaseUrl: string) {
  const content = await readFile(SCHEMA_PATH, 'utf8');
  const snapshot = existsSync(SNAPSHOT_PATH) ? await readFile(SNAPSHOT_PATH, 'utf8') : undefined;
  const result = await withEngine(databaseUrl, (engine) =>
    engine.diff({
      from: snapshot
        ? { tag: 'schemaDatamodel', files: [{ path: 'schema.snapshot.prisma', content: snapshot }] }
        : { tag: 'empty' },
      to: { tag: 'schemaDatamodel', files: [{ path: 'schema.prisma', content }] },
      script: true,
      exitCode: null,
      filters: NO_FILTERS,
    }),
  );
  return { sql: result.stdout ?? '', schema: content };
}

export async function writeMigration(
  name: string,
  sql: string,
  schema: string,
  now: Date,
  migrationsDir = MIGRATIONS_DIR,
) {
  // Migrations apply in name order: a new one must sort after every existing one, whatever the clock says.
  const existing = existsSync(migrationsDir)
    ? (await readdir(migrationsDir)).filter((n) => /^\d{14}_/.test(n)).sort()
    : [];
  const last = existing.at(-1)?.slice(0, 14);
  let stamp = now.toISOString().replace(/\D/g, '').slice(0, 14);
  if (last && stamp <= last) stamp = String(BigInt(last) + 1n);
  const folder = path.join(migrationsDir, `${stamp}_${name.replace(/\W+/g, '_').toLowerCase()}`);
  await mkdir(folder, { recursive: true });
  await writeFile(path.join(folder, 'migration.sql'), sql);
  await writeFile(path.join(migrationsDir, 'schema.snapshot.prisma'), schema);
  const lock = path.join(migrationsDir, 'migration_lock.toml');
  if (!existsSync(lock)) {
    await writeFile(lock, '# Please do not edit this file manually\nprovider = "postgresql"\n');
  }
  return folder;
}
