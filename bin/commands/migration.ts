// nova migration <name>: write a new migration from the change of prisma/schema.prisma since the last
// one (developers only; review the SQL before committing it). See docs/database.md.
import { diffSchemaAgainstSnapshot, writeMigration } from '../../core/db/migrator.ts';
import { config } from '../runtime.ts';

export async function run(args: string[]): Promise<number> {
  const name = args[0];
  if (!name || !/^[a-z0-9_]+$/.test(name)) {
    process.stderr.write('usage: nova migration <snake_case_name>\n');
    return 2;
  }
  const { sql, schema } = await diffSchemaAgainstSnapshot(config().DATABASE_URL);
  if (!sql.trim() || !/\b(CREATE|ALTER|DROP)\b/.test(sql)) {
    process.stdout.write('schema.prisma has no change since the last migration\n');
    process.exit(0);
  }
  const folder = await writeMigration(name, sql, schema, new Date());
  process.stdout.write(`wrote ${folder}/migration.sql: review it before committing\n`);
  process.exit(0);
}
