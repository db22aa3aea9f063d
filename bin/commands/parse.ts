// `nova parse`: JSON lines in (stdin), JSON lines out (stdout), in order.
//
//   npm run --silent nova -- parse < messages.jsonl > parsed.jsonl
//
// Input line: {"id": "h1", "text": "…", "now": "2026-11-22T09:30:00+03:00", "role": "broker", "tz": "Asia/Riyadh"}
// (now: default the current time; role: broker | owner | client, default broker; tz: default Asia/Riyadh).
// Output line: {"id": "h1", "intent": "…", "entities": {…}, "numbers": […], "confidence": 0.9, "language": "ar"}.
// Empty lines are skipped. A line that is not JSON, or has a bad field, gives {"id": <id or null>, "error": "…"}
// and the next line is read; no stack trace is ever printed.
import { createInterface } from 'node:readline';
import { parse } from '../../bot/language/index.ts';
import type { Role } from '../../bot/language/types.ts';

const ROLES: ReadonlySet<string> = new Set(['broker', 'owner', 'client']);

function validZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

type Id = string | number | null;

function errorLine(id: Id, error: string): string {
  return JSON.stringify({ id, error });
}

/** One input line → one output line. */
export function handleLine(line: string, defaultNow: () => Date = () => new Date()): string {
  let input: unknown;
  try {
    input = JSON.parse(line);
  } catch (e) {
    const reason = e instanceof Error ? e.message.split('\n')[0] : 'not JSON';
    return errorLine(null, `invalid JSON: ${reason}`);
  }
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return errorLine(null, 'each line must be a JSON object');
  }
  const obj = input as Record<string, unknown>;
  const rawId = obj.id;
  const id: Id = typeof rawId === 'string' || typeof rawId === 'number' ? rawId : null;
  if (rawId !== undefined && rawId !== null && id === null) return errorLine(null, '"id" must be a string or a number');
  if (typeof obj.text !== 'string') return errorLine(id, '"text" must be a string');
  let now: Date;
  if (obj.now === undefined || obj.now === null) now = defaultNow();
  else if (typeof obj.now === 'string' && !Number.isNaN(Date.parse(obj.now))) now = new Date(Date.parse(obj.now));
  else return errorLine(id, '"now" must be an ISO-8601 date-time string');
  let role: Role = 'broker';
  if (obj.role !== undefined && obj.role !== null) {
    if (typeof obj.role !== 'string' || !ROLES.has(obj.role))
      return errorLine(id, '"role" must be broker, owner or client');
    role = obj.role as Role;
  }
  let tz: string | undefined;
  if (obj.tz !== undefined && obj.tz !== null) {
    if (typeof obj.tz !== 'string' || !validZone(obj.tz)) return errorLine(id, '"tz" must be an IANA time zone');
    tz = obj.tz;
  }
  try {
    const r = parse(obj.text, { now, role, ...(tz ? { tz } : {}) });
    return JSON.stringify({
      id,
      intent: r.intent,
      entities: r.entities,
      numbers: r.numbers,
      confidence: r.confidence,
      language: r.language,
    });
  } catch (e) {
    return errorLine(id, `parse failed: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
  }
}

export async function run(args: string[]): Promise<number | undefined> {
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(
      'usage: nova parse < messages.jsonl > parsed.jsonl\n' +
        '  each input line: {"id", "text", "now"?, "role"?, "tz"?}; each output line: {"id", "intent", "entities", …}\n',
    );
    return 0;
  }
  // a reader that goes away (… | head) ends the command quietly, without a stack trace
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(0);
    process.stderr.write(`nova parse: ${e.message.split('\n')[0]}\n`);
    process.exit(1);
  });
  const rl = createInterface({ input: process.stdin, crlfDelay: Number.POSITIVE_INFINITY });
  let buffer = '';
  const flush = async (): Promise<void> => {
    if (!buffer) return;
    const chunk = buffer;
    buffer = '';
    if (!process.stdout.write(chunk)) {
      await new Promise<void>((resolve) => process.stdout.once('drain', resolve));
    }
  };
  let first = true;
  for await (const raw of rl) {
    let line = raw;
    if (first) {
      line = line.replace(/^\uFEFF/, '');
      first = false;
    }
    if (!line.trim()) continue;
    buffer += `${handleLine(line)}\n`;
    if (buffer.length > 1 << 16) await flush();
  }
  await flush();
  return undefined;
}
