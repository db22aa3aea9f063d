#!/usr/bin/env node
// The `nova` command: one entry point, one module per verb, loaded lazily so that a light verb
// (parse) never pays for a heavy one's imports (Prisma, BullMQ).
import { setFlagsFromString } from 'node:v8';
import { loadEnvironment } from './environment.ts';
import { describeError } from './runtime.ts';

// V8 compiles WebAssembly with its baseline compiler only. The one module Nova runs is Prisma's query
// compiler (3.4 MB); by default V8 also optimises all of it in the background at its first query, about
// 80 MB of a process's memory and a CPU-second, for work the client's plan cache (1,000 plans) makes
// rare after a few minutes. Given here, before any verb runs a query, so that every way of starting Nova
// (`npm start`, the image, `nova worker`, the tests' processes) runs the same. docs/BENCHMARKS.md measures it.
setFlagsFromString('--liftoff-only');

// Before any verb reads its configuration: `.env` (if present) under the real environment, and one
// line per unknown NOVA_* variable.
try {
  for (const line of loadEnvironment()) process.stderr.write(`nova: ${line}\n`);
} catch (error) {
  process.stderr.write(`nova: ${describeError(error)}\n`);
  process.exit(1);
}

const verbs: Record<string, () => Promise<{ run(args: string[]): Promise<number | undefined> }>> = {
  migrate: () => import('./commands/migrate.ts'),
  seed: () => import('./commands/seed.ts'),
  start: () => import('./commands/start.ts'),
  migration: () => import('./commands/migration.ts'),
  worker: () => import('./commands/worker.ts'),
  chat: () => import('./commands/chat.ts'),
  parse: () => import('./commands/parse.ts'),
  org: () => import('./commands/org.ts'),
  user: () => import('./commands/user.ts'),
  channel: () => import('./commands/channel.ts'),
  apikey: () => import('./commands/apikey.ts'),
};

/** One line per office verb in the usage (each prints its own usage when called wrongly). */
const OFFICE_HELP = `  nova org create --name "…" --owner-phone +9665… [--owner-name …] [--tz Asia/Riyadh] [--slug …] | org list
  nova user add --org <slug> --phone … --name … --role broker|team_member|observer|manager|owner [--team …]
  nova user remove --org <slug> --phone … [--to <phone>] | user list --org <slug>
  nova channel add --org <slug> telegram|whatsapp-cloud|whatsapp-web … | channel list|remove --org <slug> …
  nova apikey create --org <slug> --member <phone> [--read-only] [--name …] | apikey list|revoke --org <slug> …
`;

async function main(): Promise<void> {
  const [verb, ...args] = process.argv.slice(2);
  const load = verb ? verbs[verb] : undefined;
  if (!load) {
    process.stderr.write(`usage: nova <${Object.keys(verbs).join('|')}> [options]\n${OFFICE_HELP}`);
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
