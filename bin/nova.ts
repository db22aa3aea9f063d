#!/usr/bin/env node
// The `nova` command: one entry point, one module per verb, loaded lazily so that a light verb
// (parse) never pays for a heavy one's imports (Prisma, BullMQ).
import { describeError } from './runtime.ts';

const verbs: Record<string, () => Promise<{ run(args: string[]): Promise<number | undefined> }>> = {
  migrate: () => import('./commands/migrate.ts'),
  seed: () => import('./commands/seed.ts'),
  start: () => import('./commands/start.ts'),
  migration: () => import('./commands/migration.ts'),
  worker: () => import('./commands/worker.ts'),
  chat: () => import('./commands/chat.ts'),
  parse: () => import('./commands/parse.ts'),
};

async function main(): Promise<void> {
  const [verb, ...args] = process.argv.slice(2);
  const load = verb ? verbs[verb] : undefined;
  if (!load) {
    process.stderr.write(`usage: nova <${Object.keys(verbs).join('|')}> [options]\n`);
    process.exitCode = 2;
    return;
  }
  const command = await load();
  const code = await command.run(args);
  if (code !== undefined) process.exitCode = code;
}

main().catch((error: unknown) => {
  // One line, never a stack trace. Exit at once: a failed verb may leave pools or timers behind.
  process.stderr.write(`nova: ${describeError(error)}\n`);
  process.exit(1);
});
