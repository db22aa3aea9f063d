// nova seed --demo: the demo organization of the README (migrates first). Seeding twice leaves one
// copy; nothing is deleted.
import { createDb } from '../../core/db/client.ts';
import { seedDemo } from '../../prisma/seed.ts';

// The only door to the demo data: the first run of `nova start`, the scenario runner and the demo web
// identities go through this command's module, so production wiring never depends on the seed.
export { DEMO, DEMO_ORG_SLUG, seedDemo } from '../../prisma/seed.ts';

import { CliError, config, describeError } from '../runtime.ts';
import { runMigrations } from './migrate.ts';

export async function run(args: string[]): Promise<number> {
  if (!args.includes('--demo')) {
    process.stderr.write('usage: nova seed --demo\n');
    return 2;
  }
  const cfg = config();
  await runMigrations(cfg.DATABASE_URL, (line) => process.stdout.write(`${line}\n`));
  const db = createDb(cfg.DATABASE_URL, { max: 2 });
  try {
    const result = await seedDemo(db, { password: cfg.DEMO_PASSWORD });
    process.stdout.write(
      result.created ? 'demo organization created\n' : 'demo organization already present: updated in place\n',
    );
    if (result.generatedPassword) {
      process.stdout.write(`demo login password (shown once): ${result.generatedPassword}\n`);
    }
  } catch (error) {
    throw new CliError(`cannot seed: ${describeError(error)}`);
  } finally {
    await db.$disconnect();
  }
  process.exit(0);
}
