// Configuration comes from the environment only, validated once at start with zod. A bad value
// stops the process with one line naming the variable (see loadConfig's callers in bin/).
import { z } from 'zod';

const isPostgresUrl = (v: string) => {
  try {
    const u = new URL(v);
    return (u.protocol === 'postgresql:' || u.protocol === 'postgres:') && u.pathname.length > 1;
  } catch {
    return false;
  }
};

const isRedisUrl = (v: string) => {
  try {
    const u = new URL(v);
    return u.protocol === 'redis:' || u.protocol === 'rediss:';
  } catch {
    return false;
  }
};

const optional = z
  .string()
  .optional()
  .transform((v) => (v === '' ? undefined : v));

/** Where PostgreSQL is when DATABASE_URL is unset (and something answers there: bin/backends.ts). */
export const DEFAULT_DATABASE_URL = 'postgresql://postgres@127.0.0.1:5432/nova';

const flag = z
  .enum(['0', '1', 'true', 'false', ''])
  .optional()
  .transform((v) => v === '1' || v === 'true');

const baseSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  /// unset: PostgreSQL on 127.0.0.1:5432 when it answers, else an embedded one (bin/backends.ts)
  DATABASE_URL: optional.refine(
    (v) => v === undefined || isPostgresUrl(v),
    'must be a postgresql:// URL with a database name',
  ),
  /// unset: the queues and outbound pacing run on PostgreSQL, in Nova's database
  REDIS_URL: optional.refine((v) => v === undefined || isRedisUrl(v), 'must be a redis:// URL'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /// 1: log lines for people (pino-pretty), 0: JSON lines; unset: pretty in development on a terminal
  /// (core/shared/logger.ts reads it)
  LOG_PRETTY: z.enum(['0', '1', 'true', 'false', '']).optional(),
  /// prefix of BullMQ and pacing keys, so that several installations (or test runs) can share one Redis;
  /// default nova:<database name>, so that instances on different databases never take each other's jobs
  QUEUE_PREFIX: optional,
  DEFAULT_TIME_ZONE: z.string().default('Asia/Riyadh'),
  /// slug of the office that the channels configured here (TELEGRAM_*, WHATSAPP_*) and the web chat serve
  NOVA_DEFAULT_ORG: z.string().min(1).default('nova-demo'),
  DEMO_PASSWORD: optional,
  PUBLIC_BASE_URL: optional,
  STORAGE_DIR: z.string().default('.storage'),
  /// the AI helper (core/ai, README "The AI helper"): off unless set; Nova works fully without it
  OPENAI_API_KEY: optional,
  /// any OpenAI-compatible server (a local one included); unset: OpenAI's own
  OPENAI_BASE_URL: optional.refine((v) => v === undefined || URL.canParse(v), 'must be a URL'),
  OPENAI_MODEL: z.string().min(1).default('gpt-4.1-mini'),
  OPENAI_TRANSCRIBE_MODEL: z.string().min(1).default('gpt-4o-mini-transcribe'),
  /// model calls per office per day (all four uses together); 0 stops them
  AI_DAILY_BUDGET_CALLS: z.coerce.number().int().min(0).default(300),
  /// how long understanding a message may wait for the model (ms); the parser's answer stands after it
  AI_UNDERSTAND_TIMEOUT_MS: z.coerce.number().int().min(100).max(10_000).default(3000),
  /// how long descriptions, summaries and transcriptions may wait (ms); they run inside a turn's
  /// transaction (30 s), so the cap leaves the turn time to finish
  AI_TIMEOUT_MS: z.coerce.number().int().min(100).max(20_000).default(20_000),
  /// turns processed at once per worker process (different chats; one chat is always serial)
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(8),
  /// messages a worker process stored itself that wait in it for a free turn instead of going round the
  /// queue (bot/engine/local-jobs.ts); 0: beyond the turns running, a burst goes to the queue, where every
  /// worker process takes its share
  WORKER_LOCAL_BACKLOG: z.coerce.number().int().min(0).max(100_000).default(1_000),
  /// test hook: each turn waits this long inside its transaction (the crash test kills it there)
  NOVA_TEST_TURN_DELAY_MS: z.coerce.number().int().min(0).optional(),
  /// the operator's bearer token: /metrics, and the admin pages (queue dashboard, WhatsApp Web QR pages)
  ADMIN_TOKEN: optional,
  /// master secret (32+ characters): signs sign-in tokens and seals channel secrets stored in the
  /// database. Required in production; in development a random one is kept in .nova/secret.key
  NOVA_SECRET_KEY: optional.refine((v) => v === undefined || v.length >= 32, 'must be at least 32 characters'),
  /// demo mode: the web chat offers the demo office's identities without sign-in (never in production)
  NOVA_DEMO: flag,

  // Channels of the office named by NOVA_DEFAULT_ORG (docs/channels/*.md). Each is off unless configured.
  TELEGRAM_BOT_TOKEN: optional,
  TELEGRAM_API_ROOT: z.url().default('https://api.telegram.org'),
  /// webhook at POST /webhooks/telegram when set; long polling otherwise
  TELEGRAM_WEBHOOK_SECRET: optional,
  TELEGRAM_MESSAGES_PER_SECOND: z.coerce.number().int().min(1).max(1000).default(30),
  WHATSAPP_CLOUD_TOKEN: optional,
  WHATSAPP_CLOUD_PHONE_NUMBER_ID: optional,
  WHATSAPP_CLOUD_APP_SECRET: optional,
  WHATSAPP_CLOUD_VERIFY_TOKEN: optional,
  WHATSAPP_CLOUD_API_BASE: z.url().default('https://graph.facebook.com/v24.0'),
  WHATSAPP_CLOUD_MESSAGES_PER_SECOND: z.coerce.number().int().min(1).max(1000).default(80),
  /// approved template names for messages outside the 24-hour window, "name" or "name:language"
  WHATSAPP_CLOUD_TEMPLATE_REMINDER: optional,
  WHATSAPP_CLOUD_TEMPLATE_MATCH_ALERT: optional,
  WHATSAPP_CLOUD_TEMPLATE_APPOINTMENT: optional,
  WHATSAPP_CLOUD_TEMPLATE_DIGEST: optional,
  WHATSAPP_CLOUD_TEMPLATE_NOTICE: optional,
  WHATSAPP_WEB_ENABLED: flag,
  /// pairing-code login instead of the QR code: the number to pair, in any spelling
  WHATSAPP_WEB_PAIRING_PHONE: optional,
});

const CLOUD_REQUIRED = [
  'WHATSAPP_CLOUD_TOKEN',
  'WHATSAPP_CLOUD_PHONE_NUMBER_ID',
  'WHATSAPP_CLOUD_APP_SECRET',
  'WHATSAPP_CLOUD_VERIFY_TOKEN',
] as const;

/** The WhatsApp Cloud API needs its four secrets together: all set (enabled) or none (disabled). */
export const envSchema = baseSchema.superRefine((env, ctx) => {
  const set = CLOUD_REQUIRED.filter((name) => env[name]);
  if (set.length > 0 && set.length < CLOUD_REQUIRED.length) {
    const missing = CLOUD_REQUIRED.find((name) => !env[name])!;
    ctx.addIssue({ code: 'custom', path: [missing], message: 'is required when the WhatsApp Cloud API is configured' });
  }
});

/** Every variable this schema reads: `.env.example` lists exactly these (tests/unit/config). */
export const ENV_VARIABLES: readonly string[] = Object.keys(baseSchema.shape);

/** The default queue prefix: one per database, so that two databases never share queues in one Redis. */
export const defaultQueuePrefix = (databaseUrl: string) => `nova:${new URL(databaseUrl).pathname.slice(1)}`;

export type AppConfig = Omit<z.infer<typeof envSchema>, 'QUEUE_PREFIX' | 'DATABASE_URL'> & {
  QUEUE_PREFIX: string;
  /** DATABASE_URL, or DEFAULT_DATABASE_URL when unset */
  DATABASE_URL: string;
  /** whether DATABASE_URL was set (else `nova start` may start an embedded PostgreSQL: bin/backends.ts) */
  databaseUrlGiven: boolean;
};

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Parses the environment; throws a ConfigError whose message names the first bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const result = envSchema.safeParse(env);
  if (result.success) {
    const databaseUrl = result.data.DATABASE_URL ?? DEFAULT_DATABASE_URL;
    return {
      ...result.data,
      DATABASE_URL: databaseUrl,
      databaseUrlGiven: result.data.DATABASE_URL !== undefined,
      QUEUE_PREFIX: result.data.QUEUE_PREFIX ?? defaultQueuePrefix(databaseUrl),
    };
  }
  const issue = result.error.issues[0]!;
  const name = String(issue.path[0] ?? 'environment');
  throw new ConfigError(`invalid ${name}: ${issue.message}`);
}
