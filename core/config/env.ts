// Configuration comes from the environment only, validated once at start with zod. A bad value
// stops the process with one line naming the variable (see loadConfig's callers in bin/).
import { z } from 'zod';

const postgresUrl = z.string().refine((v) => {
  try {
    const u = new URL(v);
    return (u.protocol === 'postgresql:' || u.protocol === 'postgres:') && u.pathname.length > 1;
  } catch {
    return false;
  }
}, 'must be a postgresql:// URL with a database name');

const redisUrl = z.string().refine((v) => {
  try {
    const u = new URL(v);
    return u.protocol === 'redis:' || u.protocol === 'rediss:';
  } catch {
    return false;
  }
}, 'must be a redis:// URL');

const optional = z
  .string()
  .optional()
  .transform((v) => (v === '' ? undefined : v));

export const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  DATABASE_URL: postgresUrl.default('postgresql://postgres@127.0.0.1:5432/nova'),
  REDIS_URL: redisUrl.default('redis://127.0.0.1:6379'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /// prefix of BullMQ keys, so that several installations (or test runs) can share one Redis
  QUEUE_PREFIX: z.string().min(1).default('nova'),
  DEFAULT_TIME_ZONE: z.string().default('Asia/Riyadh'),
  DEMO_PASSWORD: optional,
  PUBLIC_BASE_URL: optional,
  STORAGE_DIR: z.string().default('.storage'),
  OPENAI_API_KEY: optional,
  /// turns processed at once per worker process (different chats; one chat is always serial)
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(8),
  /// test hook: each turn waits this long inside its transaction (the crash test kills it there)
  NOVA_TEST_TURN_DELAY_MS: z.coerce.number().int().min(0).optional(),
});

export type AppConfig = z.infer<typeof envSchema>;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Parses the environment; throws a ConfigError whose message names the first bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const result = envSchema.safeParse(env);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const name = String(issue.path[0] ?? 'environment');
  throw new ConfigError(`invalid ${name}: ${issue.message}`);
}
