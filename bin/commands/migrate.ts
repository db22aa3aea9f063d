// nova migrate: create the database when missing and apply pending migrations. Running it again
// applies nothing; it never drops data.
import { migrate } from '../../core/db/migrator.ts';
import { CliError, config, describeError, safeUrl } from '../runtime.ts';

export async function runMigrations(databaseUrl: string, log: (line: string) => void) {
  try {
    const result = await migrate(databaseUrl);
    if (result.createdDatabase) log(`created database ${safeUrl(databaseUrl)}`);
    log(
      result.applied.length
        ? `applied ${result.applied.length} migration(s): ${result.applied.join(', ')}`
        : 'database is up to date',
    );
    return result;
  } catch (error) {
    throw new CliError(`cannot migrate ${safeUrl(databaseUrl)}: ${describeError(error)}`);
  }
}

export async function run(): Promise<number> {
  const { DATABASE_URL } = config();
  await runMigrations(DATABASE_URL, (line) => process.stdout.write(`${line}\n`));
  // The schema engine leaves a timer behind; a CLI verb ends when its work is done.
  process.exit(0);
}
