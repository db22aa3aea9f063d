// PostgreSQL helpers for tests: URLs of throw-away databases on the local server.
import pg from 'pg';

/** The server tests use; TEST_DATABASE_URL may point elsewhere (its database name is ignored). */
const base = new URL(process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres');

export function testDatabaseUrl(name: string): string {
  const url = new URL(base);
  url.pathname = `/${name}`;
  return url.toString();
}

export const adminUrl = () => testDatabaseUrl('postgres');

export async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl() });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export async function dropDatabase(_admin: string, name: string): Promise<void> {
  if (!/^nova_test_\w+$/.test(name)) throw new Error(`refusing to drop ${name}: not a test database`);
  await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
}
