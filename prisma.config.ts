// Prisma CLI configuration (Prisma 7). Nova applies migrations itself, offline, through the schema
// engine's WebAssembly build (core/db/migrator.ts); this file keeps `prisma migrate deploy` and
// `prisma generate` working on a machine that has the engines.
import { defineConfig } from 'prisma/config';

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/nova' },
});
