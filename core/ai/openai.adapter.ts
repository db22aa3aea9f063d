// The AI port over the official `openai` package: OpenAI, or any OpenAI-compatible server (OPENAI_BASE_URL,
// a local one included). Around every call, in this order:
//   cache (memory, bounded: cache.ts says why) → circuit breaker (circuit.ts) → the office's daily budget
//   (a call is counted before it is made: usage.ts) → the call with its timeout → usage (tokens, failures).
// Nothing here decides what an answer means: understand() returns the model's JSON as it is (bot/language
// validates it against its own schema); descriptions and summaries are checked for their shape only (the
// callers check them against their facts). What is sent is exactly what the prompt templates render from
// the input given (prompts/, README "The AI helper"): no tool, no data of Nova's own.
import type OpenAI from 'openai';
import type { Db } from '../db/client.ts';
import type { Clock } from '../shared/clock.ts';
import { localDateOf, zoneOffsetMinutes } from '../shared/local-time.ts';
import type { Logger } from '../shared/logger.ts';
import type { Scope } from '../shared/scope.ts';
import type {
  Ai,
  AiFailure,
  AiOutcome,
  ListingFacts,
  SummarizeInput,
  TranscribeInput,
  UnderstandInput,
} from './ai.port.ts';
import { type AnswerCache, cacheKey, createAnswerCache } from './cache.ts';
import { type Circuit, createCircuit } from './circuit.ts';
import { type ChatMessage, loadPrompt, PROMPTS_DIR, renderPrompt } from './prompts.ts';
import { type AiKind, createAiUsage } from './usage.ts';

export interface OpenAiAdapterOptions {
  apiKey: string;
  /** any OpenAI-compatible server; unset: OpenAI's */
  baseURL?: string;
  model: string;
  transcribeModel: string;
  /** model calls per office per day, all kinds together */
  dailyBudgetCalls: number;
  /** understanding a message (a chat turn waits for it) */
  understandTimeoutMs: number;
  /** descriptions, summaries, transcriptions */
  timeoutMs: number;
  /** the zone of the budget's day */
  timeZone: string;
  db: Db;
  clock: Clock;
  logger: Logger;
  /** consecutive failures that open the circuit, and how long it stays open; default 5 and 30 s */
  circuit?: { failures: number; coolDownMs: number };
  /** entries kept in the answer cache; default 500 */
  cacheEntries?: number;
  promptsDir?: string;
}

/** How long an answer is served again from the cache, per kind. */
const CACHE_TTL_MS: Record<AiKind, number> = {
  understand: 10 * 60_000,
  describe: 60 * 60_000,
  summarize: 10 * 60_000,
  transcribe: 60 * 60_000,
};
/** The longest message the model is given (the parser reads up to 4,000 characters; a command is short). */
export const MAX_MODEL_TEXT = 1_000;
/** OpenAI's limit of an audio upload. */
const MAX_AUDIO_BYTES = 25 * 1024 * 1024;

const DESCRIPTION_SCHEMA = {
  type: 'object',
  properties: { ar: { type: 'string' }, en: { type: 'string' } },
  required: ['ar', 'en'],
  additionalProperties: false,
};
const SUMMARY_SCHEMA = {
  type: 'object',
  properties: { lines: { type: 'array', items: { type: 'string' } } },
  required: ['lines'],
  additionalProperties: false,
};

/**
 * The dialog's open question as the model may see it: Nova's own words with what could name or reach a
 * person masked (quoted names, numbers of four digits or more, e-mail addresses), on one line, capped.
 */
export function maskOpenQuestion(question: string | null | undefined): string {
  if (!question?.trim()) return 'none';
  const masked = question
    .replace(/«[^»]*»/gu, '«…»')
    .replace(/"[^"]*"/gu, '"…"')
    .replace(/\S+@\S+/gu, '…')
    .replace(
      /[+\d\u0660-\u0669\u06f0-\u06f9][\d\u0660-\u0669\u06f0-\u06f9\s-]{3,}[\d\u0660-\u0669\u06f0-\u06f9]/gu,
      '…',
    )
    .replace(/\s+/gu, ' ')
    .trim();
  return masked.length > 300 ? `${masked.slice(0, 300)}…` : masked;
}

/** "2026-11-22T09:00+03:00": the instant in the zone, to the minute. */
export function isoMinuteIn(instant: Date, tz: string): string {
  const offset = zoneOffsetMinutes(tz, instant);
  const local = new Date(instant.getTime() + offset * 60_000).toISOString().slice(0, 16);
  const sign = offset >= 0 ? '+' : '-';
  const abs = Math.abs(offset);
  return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

const weekdayIn = (instant: Date, tz: string) =>
  new Intl.DateTimeFormat('en-US', { weekday: 'long', timeZone: tz }).format(instant);

/** Keys of a listing's facts that have a value (the model is told nothing about missing ones). */
function presentFacts(facts: ListingFacts): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(facts).filter(([, v]) => v !== null && v !== undefined && !(Array.isArray(v) && v.length === 0)),
  );
}

const parseJson = (text: string | null | undefined): unknown => {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

interface CallResult {
  raw: unknown;
  inputTokens: number;
  outputTokens: number;
}

/** The SDK, loaded on the first call (about 13 MB of a process): a Nova without the helper never loads it. */
const sdk = () => import('openai');

export function createOpenAiAdapter(options: OpenAiAdapterOptions): Ai {
  const { clock, logger } = options;
  let made: Promise<OpenAI> | undefined;
  const client = () => {
    made ??= sdk()
      .then(
        ({ default: OpenAI }) =>
          new OpenAI({
            apiKey: options.apiKey,
            baseURL: options.baseURL,
            // Our own timeouts and fallbacks decide; a retry would only make a chat turn wait longer.
            maxRetries: 0,
            timeout: Math.max(options.understandTimeoutMs, options.timeoutMs),
          }),
      )
      .catch((error) => {
        made = undefined; // the next call tries again
        throw error;
      });
    return made;
  };
  const usage = createAiUsage(options.db);
  const circuit: Circuit = createCircuit({
    failures: options.circuit?.failures ?? 5,
    coolDownMs: options.circuit?.coolDownMs ?? 30_000,
    now: () => clock.now().getTime(),
  });
  const cache: AnswerCache = createAnswerCache({
    maxEntries: options.cacheEntries ?? 500,
    now: () => clock.now().getTime(),
  });
  const promptsDir = options.promptsDir ?? PROMPTS_DIR;

  /** Usage is bookkeeping: a failure to write it is logged and never fails the answer. */
  const count = (key: Parameters<typeof usage.add>[0], counts: Parameters<typeof usage.add>[1]) =>
    usage.add(key, counts).catch((error) => logger.warn({ err: error, kind: key.kind }, 'ai usage not counted'));

  async function run<T>(
    scope: Scope,
    kind: AiKind,
    promptVersion: string,
    input: unknown,
    timeoutMs: number,
    call: (signal: AbortSignal) => Promise<CallResult>,
    accept: (raw: unknown) => T | undefined,
  ): Promise<AiOutcome<T>> {
    const organizationId = scope.organizationId;
    const key = { organizationId, day: localDateOf(clock.now(), options.timeZone), kind, promptVersion };
    const cached = cacheKey([organizationId, kind, options.model, promptVersion, input]);
    const hit = cache.get(cached);
    if (hit) {
      const value = accept(hit.value);
      if (value !== undefined) {
        await count(key, { cached: 1 });
        return { ok: true, value, promptVersion: hit.promptVersion, cached: true };
      }
    }
    // The SDK loads on the helper's first call, before the model's time starts: a slow load (a busy
    // process) must not count as the model's timeout.
    try {
      await client();
    } catch (error) {
      logger.warn({ err: error, kind }, 'ai sdk not loaded: no call');
      return { ok: false, reason: 'error' };
    }
    if (!circuit.allow()) return { ok: false, reason: 'circuit_open' };
    let reserved: boolean;
    try {
      reserved = await usage.reserve(key, options.dailyBudgetCalls);
    } catch (error) {
      logger.warn({ err: error, kind }, 'ai budget not readable: no call');
      circuit.release(); // the model was not asked
      return { ok: false, reason: 'error' };
    }
    if (!reserved) {
      circuit.release();
      logger.info({ organizationId, kind }, 'ai daily budget reached');
      return { ok: false, reason: 'budget' };
    }
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
    let result: CallResult;
    try {
      result = await call(controller.signal);
    } catch (error) {
      const { APIConnectionTimeoutError } = (await sdk()).default;
      const reason: AiFailure = timedOut || error instanceof APIConnectionTimeoutError ? 'timeout' : 'error';
      circuit.failure();
      await count(key, { failures: 1 });
      logger.warn(
        { kind, reason, status: (error as { status?: number }).status, circuit: circuit.state() },
        'ai call failed',
      );
      return { ok: false, reason };
    } finally {
      clearTimeout(timer);
    }
    circuit.success();
    const value = accept(result.raw);
    await count(key, {
      inputTokens: result.inputTokens,
      outputTokens: result.outputTokens,
      failures: value === undefined ? 1 : 0,
    });
    if (value === undefined) {
      logger.warn({ kind, promptVersion }, 'ai answer not in the expected shape: discarded');
      return { ok: false, reason: 'invalid' };
    }
    cache.set(cached, { value: result.raw, promptVersion }, CACHE_TTL_MS[kind]);
    return { ok: true, value, promptVersion, cached: false };
  }

  /** A chat completion whose answer is one JSON object (a JSON schema when given, else JSON mode). */
  async function completeJson(
    messages: ChatMessage[],
    schema: { name: string; schema: Record<string, unknown> } | undefined,
    timeoutMs: number,
    signal: AbortSignal,
  ): Promise<CallResult> {
    const completion = await (await client()).chat.completions.create(
      {
        model: options.model,
        messages,
        temperature: 0,
        response_format: schema
          ? { type: 'json_schema', json_schema: { name: schema.name, schema: schema.schema, strict: true } }
          : { type: 'json_object' },
      },
      { signal, timeout: timeoutMs },
    );
    return {
      raw: parseJson(completion.choices[0]?.message?.content),
      inputTokens: completion.usage?.prompt_tokens ?? 0,
      outputTokens: completion.usage?.completion_tokens ?? 0,
    };
  }

  return {
    enabled: true,

    async understand(scope: Scope, input: UnderstandInput) {
      const prompt = loadPrompt('understand', undefined, promptsDir);
      const vars = {
        text: input.text.slice(0, MAX_MODEL_TEXT),
        lang: input.lang,
        role: input.role,
        openQuestion: maskOpenQuestion(input.openQuestion),
        now: isoMinuteIn(input.now, input.timeZone),
        weekday: weekdayIn(input.now, input.timeZone),
        timeZone: input.timeZone,
      };
      const messages = renderPrompt(prompt, vars);
      return run(
        scope,
        'understand',
        prompt.id,
        { vars, schema: input.responseSchema ?? null },
        options.understandTimeoutMs,
        (signal) => completeJson(messages, input.responseSchema, options.understandTimeoutMs, signal),
        (raw) => (isRecord(raw) ? raw : undefined),
      );
    },

    async describeListing(scope: Scope, facts: ListingFacts) {
      const prompt = loadPrompt('listing-description', undefined, promptsDir);
      const vars = { lang: facts.lang ?? 'ar', facts: JSON.stringify(presentFacts(facts)) };
      const messages = renderPrompt(prompt, vars);
      return run(
        scope,
        'describe',
        prompt.id,
        vars,
        options.timeoutMs,
        (signal) =>
          completeJson(
            messages,
            { name: 'listing_description', schema: DESCRIPTION_SCHEMA },
            options.timeoutMs,
            signal,
          ),
        (raw) => {
          if (!isRecord(raw) || typeof raw.ar !== 'string' || typeof raw.en !== 'string') return undefined;
          const ar = raw.ar.trim();
          const en = raw.en.trim();
          return ar && en && ar.length <= 2_000 && en.length <= 2_000 ? { ar, en } : undefined;
        },
      );
    },

    async summarize(scope: Scope, input: SummarizeInput) {
      const prompt = loadPrompt('summary', undefined, promptsDir);
      const vars = {
        lang: input.lang,
        subject: input.subject,
        timeline: input.timeline.map((e) => JSON.stringify(e)).join('\n'),
      };
      const messages = renderPrompt(prompt, vars);
      return run(
        scope,
        'summarize',
        prompt.id,
        vars,
        options.timeoutMs,
        (signal) => completeJson(messages, { name: 'summary', schema: SUMMARY_SCHEMA }, options.timeoutMs, signal),
        (raw) => {
          if (!isRecord(raw) || !Array.isArray(raw.lines)) return undefined;
          const lines = raw.lines.filter((l): l is string => typeof l === 'string').map((l) => l.trim());
          const kept = lines.filter(Boolean).slice(0, 5);
          return kept.length > 0 && kept.every((l) => l.length <= 400) ? kept : undefined;
        },
      );
    },

    async transcribe(scope: Scope, audio: TranscribeInput) {
      const promptVersion = `transcribe:${options.transcribeModel}`;
      if (audio.data.byteLength === 0 || audio.data.byteLength > MAX_AUDIO_BYTES) {
        return { ok: false, reason: 'invalid' } as const;
      }
      const digest = cacheKey([Buffer.from(audio.data).toString('base64')]);
      return run(
        scope,
        'transcribe',
        promptVersion,
        { audio: digest },
        options.timeoutMs,
        async (signal) => {
          const { toFile } = await sdk();
          const file = await toFile(Buffer.from(audio.data), audio.fileName, { type: audio.mimeType });
          const response = await (await client()).audio.transcriptions.create(
            { file, model: options.transcribeModel },
            { signal, timeout: options.timeoutMs },
          );
          const used = (response as { usage?: { type?: string; input_tokens?: number; output_tokens?: number } }).usage;
          return {
            raw: response,
            inputTokens: used?.type === 'tokens' ? (used.input_tokens ?? 0) : 0,
            outputTokens: used?.type === 'tokens' ? (used.output_tokens ?? 0) : 0,
          };
        },
        (raw) => {
          if (!isRecord(raw) || typeof raw.text !== 'string' || !raw.text.trim()) return undefined;
          return {
            text: raw.text.trim(),
            ...(typeof raw.language === 'string' ? { language: raw.language } : {}),
          };
        },
      );
    },
  };
}
