// Loads Prisma's schema engine from its WebAssembly build so that migrations are created and applied
// without the native binary that the CLI would download (machines here are offline).
// The .wasm is instantiated by hand: Node's ESM loader cannot import a .wasm module.
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { PrismaPg } from '@prisma/adapter-pg';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import type { SchemaEngine } from '@prisma/schema-engine-wasm';
import pg from 'pg';
import { parse as parseConnectionString } from 'pg-connection-string';

type SchemaEngineModule = typeof import('@prisma/schema-engine-wasm');

let loaded: Promise<SchemaEngineModule> | undefined;

// @types/node declares WebAssembly's types but not the global value.
const wasmApi = (
  globalThis as unknown as {
    WebAssembly: {
      instantiate(bytes: Uint8Array, imports: object): Promise<{ instance: { exports: Record<string, unknown> } }>;
    };
  }
).WebAssembly;

async function loadWasm(): Promise<SchemaEngineModule> {
  const require = createRequire(import.meta.url);
  const gluePath = require.resolve('@prisma/schema-engine-wasm/schema_engine_bg');
  const glue = (await import(gluePath)) as SchemaEngineModule & { __wbg_set_wasm(exports: unknown): void };
  const bytes = await readFile(gluePath.replace(/\.js$/, '.wasm'));
  const { instance } = await wasmApi.instantiate(bytes, { './schema_engine_bg.js': glue });
  glue.__wbg_set_wasm(instance.exports);
  (instance.exports as { __wbindgen_start(): void }).__wbindgen_start();
  return glue;
}

/**
 * pg's Pool lets a connection string win over `database`, and the adapter opens its shadow
 * database by overriding `database`; passing discrete fields keeps the shadow database separate.
 */
export function poolConfigFromUrl(databaseUrl: string) {
  const c = parseConnectionString(databaseUrl);
  return {
    host: c.host ?? '127.0.0.1',
    port: c.port ? Number(c.port) : 5432,
    user: c.user ?? 'postgres',
    password: c.password ?? undefined,
    database: c.database ?? undefined,
  };
}

async function adminQuery(config: ReturnType<typeof poolConfigFromUrl>, sql: string) {
  const admin = new pg.Client({ ...config, database: 'postgres' });
  await admin.connect();
  try {
    await admin.query(sql);
  } finally {
    await admin.end();
  }
}

/**
 * The adapter's own shadow database drops it while its pool is still connected, which fails; this
 * one closes the pool first and drops with FORCE, so a diff leaves no database behind.
 */
function migrationAdapterFactory(databaseUrl: string, opened: Array<{ dispose(): Promise<void> }>) {
  const config = poolConfigFromUrl(databaseUrl);
  const main = new PrismaPg(config);
  return {
    adapterName: main.adapterName,
    provider: main.provider as 'postgres',
    // Remembered so that close() can end the pools: the engine does not, and an open session
    // would hold the migration advisory lock until the pool's idle timeout.
    connect: async () => {
      const adapter = await main.connect();
      opened.push(adapter);
      return adapter;
    },
    connectToShadowDb: async () => {
      const name = `nova_shadow_${randomUUID().replace(/-/g, '')}`;
      await adminQuery(config, `CREATE DATABASE ${name}`);
      const shadow = await new PrismaPg({ ...config, database: name }).connect();
      const dispose = shadow.dispose.bind(shadow);
      shadow.dispose = async () => {
        await dispose();
        await adminQuery(config, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      };
      return shadow;
    },
  };
}

export interface OpenSchemaEngine {
  engine: SchemaEngine;
  close(): Promise<void>;
}

export async function openSchemaEngine(
  databaseUrl: string,
  schema: { path: string; content: string },
): Promise<OpenSchemaEngine> {
  loaded ??= loadWasm();
  const wasm = await loaded;
  const opened: Array<{ dispose(): Promise<void> }> = [];
  const adapter = bindMigrationAwareSqlAdapterFactory(migrationAdapterFactory(databaseUrl, opened));
  const engine: SchemaEngine = await wasm.SchemaEngine.new(
    { datamodels: [[schema.path, schema.content]] },
    () => {},
    adapter,
  );
  return {
    engine,
    close: async () => {
      engine.free();
      await Promise.all(opened.splice(0).map((a) => a.dispose()));
    },
  };
}
