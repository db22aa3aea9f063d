// nova chat: talk to Nova from a terminal, or replay a scripted conversation.
//   nova chat --from +966500000001                       a terminal chat as that phone (real clock)
//   nova chat --script FILE.jsonl [--reset] [--seed demo]  the scenario runner (controllable clock)
//   nova chat --cases FILE.jsonl                           many cases, each on the fresh demo data (chat.cases.ts)
// Both run the same router, core, database and BullMQ queues as production; the scenario runner uses
// its own queue prefix so that a running `npm start` never takes its jobs.

import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { Redis } from 'ioredis';
import pg from 'pg';
import { z } from 'zod';
import { createMemoryChannel, type MemoryChannel } from '../../bot/channels/memory/memory.channel.ts';
import { createRuntime } from '../../bot/engine/runtime.ts';
import { features } from '../../bot/features/index.ts';
import { fitToChannel, type OutboundMessage } from '../../bot/types.ts';
import type { AppConfig } from '../../core/config/env.ts';
import { migrate } from '../../core/db/migrator.ts';
import { dropQueueSchema } from '../../core/jobs/postgres.backend.ts';
import { ManualClock } from '../../core/shared/clock.ts';
import { createLogger } from '../../core/shared/logger.ts';
import { toE164 } from '../../core/shared/phone.ts';
import { aiFromConfig } from '../ai.ts';
import { chooseQueue } from '../backends.ts';
import { CliError, config } from '../runtime.ts';
import { DEMO_ORG_SLUG, seedDemo } from './seed.ts';

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

export async function run(args: string[]): Promise<number> {
  const script = option(args, '--script');
  const cases = option(args, '--cases');
  const from = option(args, '--from');
  if (script) return runScript(script, { reset: args.includes('--reset'), seed: option(args, '--seed') });
  if (cases) return (await import('./chat.cases.ts')).runCases(cases);
  if (from) return runConsole(from);
  process.stderr.write(
    'usage: nova chat --from +9665XXXXXXXX | nova chat --script FILE.jsonl [--reset] [--seed demo] | nova chat --cases FILE.jsonl\n',
  );
  return 2;
}

/** Refuses a database whose name does not end in _test or _scratch: only those are ever reset. */
export function assertScratchDatabase(databaseUrl: string, flag: string) {
  const name = new URL(databaseUrl).pathname.slice(1);
  if (!/(_test|_scratch)$/.test(name)) {
    throw new CliError(
      `${flag} refuses database "${name}": only databases whose name ends in _test or _scratch are reset`,
    );
  }
}

async function resetSchema(databaseUrl: string) {
  assertScratchDatabase(databaseUrl, '--reset');
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect().catch(() => undefined);
  try {
    await client.query('DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public');
  } catch {
    // a database that does not exist yet has nothing to reset: migrate creates it
  } finally {
    await client.end().catch(() => undefined);
  }
}

const messageLine = z.object({
  at: z.iso.datetime({ offset: true }),
  from: z.string().min(3),
  text: z.string(),
  name: z.string().optional(),
});
const clockLine = z.object({ at: z.iso.datetime({ offset: true }) }).strict();

/** A line of a scenario: a message sent at `at`, or the clock moved to `at`. */
export type ScenarioLine = { at: string; from?: string; text?: string; name?: string };

export function scenarioLine(json: unknown): ScenarioLine | undefined {
  const asMessage = messageLine.safeParse(json);
  if (asMessage.success) return asMessage.data;
  const asClock = clockLine.safeParse(json);
  return asClock.success ? asClock.data : undefined;
}

/**
 * Plays one line: the clock moves to its time, its message (if any) is sent and answered, what is due
 * runs, and every reply sent meanwhile is written as {"at","to","text","choices"?}.
 */
export async function playLine(
  line: ScenarioLine,
  { chat, clock, write }: { chat: MemoryChannel; clock: ManualClock; write: (o: unknown) => void },
): Promise<void> {
  clock.set(line.at);
  if (line.from !== undefined && line.text !== undefined) {
    const phone = toE164(line.from) ?? line.from;
    await chat.send(phone, line.text, { name: line.name });
    await chat.settle();
  }
  await chat.runDue();
  for (const reply of await chat.takeReplies()) {
    write({
      at: line.at,
      to: reply.to,
      text: reply.text,
      ...(reply.choices?.length ? { choices: reply.choices } : {}),
    });
  }
}

/**
 * A runtime for played conversations: the controllable clock, and queues of its own (so that a running
 * `npm start` never takes its jobs): a key prefix in Redis, or a schema in PostgreSQL, which close()
 * deletes.
 */
export function scenarioRuntime(cfg: AppConfig, label: string) {
  const id = randomBytes(4).toString('hex');
  const queue = chooseQueue(cfg, cfg.DATABASE_URL, {
    prefix: `${cfg.QUEUE_PREFIX}-${label}-${id}`,
    schema: `bullmq_${label}_${id}`,
  });
  const clock = new ManualClock(new Date(0));
  const runtime = createRuntime({
    features,
    databaseUrl: cfg.DATABASE_URL,
    queue,
    logger: createLogger(process.env.LOG_LEVEL ?? 'silent'),
    clock,
    dbPoolSize: 10,
  });
  return {
    runtime,
    clock,
    async close() {
      await runtime.close();
      if (queue.kind === 'postgres') return dropQueueSchema(cfg.DATABASE_URL, queue.schema!);
      const redis = new Redis(queue.url);
      const keys = await redis.keys(`${queue.prefix}:*`);
      if (keys.length) await redis.del(...keys);
      await redis.quit();
    },
  };
}

async function runScript(file: string, options: { reset: boolean; seed?: string }): Promise<never> {
  const cfg = config();
  if (options.reset) await resetSchema(cfg.DATABASE_URL);
  await migrate(cfg.DATABASE_URL);
  const scenario = scenarioRuntime(cfg, 'scenario');
  const { runtime, clock } = scenario;
  const write = (o: unknown) => process.stdout.write(`${JSON.stringify(o)}\n`);
  try {
    if (options.seed === 'demo') await seedDemo(runtime.db, { password: cfg.DEMO_PASSWORD ?? 'demo-password' });
    else if (options.seed) throw new CliError(`unknown seed "${options.seed}" (only "demo")`);
    const org = await runtime.db.organization.findUnique({ where: { slug: DEMO_ORG_SLUG } });
    if (!org) throw new CliError('the demo organization is missing: run with --seed demo');
    const account = await runtime.db.channelAccount.upsert({
      where: { kind_externalId: { kind: 'memory', externalId: 'scenario' } },
      update: {},
      create: { organizationId: org.id, kind: 'memory', externalId: 'scenario', displayName: 'scenario runner' },
    });
    await runtime.startWorkers();
    const chat = createMemoryChannel(runtime, account.id);
    await chat.takeReplies(); // earlier runs' replies are not this run's output
    let lineNo = 0;
    for await (const raw of createInterface({
      input: createReadStream(file, 'utf8'),
      crlfDelay: Number.POSITIVE_INFINITY,
    })) {
      lineNo++;
      if (!raw.trim()) continue;
      let json: unknown;
      try {
        json = JSON.parse(raw);
      } catch {
        write({ line: lineNo, error: 'not JSON' });
        continue;
      }
      const line = scenarioLine(json);
      if (!line) {
        write({ line: lineNo, error: 'expected {"at","from","text","name"?} or {"at"}' });
        continue;
      }
      await playLine(line, { chat, clock, write });
    }
  } finally {
    await scenario.close();
  }
  process.exit(0);
}

async function runConsole(rawPhone: string): Promise<never> {
  const phone = toE164(rawPhone);
  if (!phone) throw new CliError(`not a valid phone number: ${rawPhone}`);
  const cfg = config();
  const logger = createLogger(process.env.LOG_LEVEL ?? 'warn');
  await migrate(cfg.DATABASE_URL);
  const runtime = createRuntime({
    features,
    databaseUrl: cfg.DATABASE_URL,
    queue: chooseQueue(cfg, cfg.DATABASE_URL),
    logger,
    // the interactive console uses the AI helper when configured; played scripts never do (deterministic)
    ai: aiFromConfig(cfg),
  });
  const org = await runtime.db.organization.findUnique({ where: { slug: DEMO_ORG_SLUG } });
  if (!org) {
    await runtime.close();
    throw new CliError('no demo organization: run `npm run nova -- seed --demo` first');
  }
  const account = await runtime.db.channelAccount.upsert({
    where: { kind_externalId: { kind: 'console', externalId: DEMO_ORG_SLUG } },
    update: {},
    create: { organizationId: org.id, kind: 'console', externalId: DEMO_ORG_SLUG },
  });
  await runtime.startWorkers();
  const chat = createMemoryChannel(runtime, account.id);
  await chat.takeReplies();
  const show = (message: OutboundMessage) => {
    const text = fitToChannel(message, { maxChoices: 0, media: false, documents: false, location: false }).text;
    process.stdout.write(`\nنوفا › ${text.replace(/\n/g, '\n       ')}\n`);
  };
  // Replies and reminders arrive whenever they are due, not only after a line is typed.
  const poll = setInterval(async () => {
    for (const reply of await chat.takeReplies().catch(() => [])) if (reply.to === phone) show(reply.message);
  }, 500);
  process.stdout.write(`Nova console chat as ${phone}. Type a message; Ctrl-D to quit.\n`);
  const rl = createInterface({ input: process.stdin, output: process.stdout, prompt: 'أنت › ' });
  rl.prompt();
  let n = 0;
  for await (const line of rl) {
    if (line.trim()) {
      await chat.send(phone, line, { externalId: `console-${Date.now()}-${++n}` });
      await chat.settle().catch(() => undefined);
      for (const reply of await chat.takeReplies()) if (reply.to === phone) show(reply.message);
    }
    rl.prompt();
  }
  clearInterval(poll);
  await runtime.close();
  process.exit(0);
}
