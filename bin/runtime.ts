// What every long-running verb needs: configuration validated once, one-line failures, and a
// description of infrastructure errors a person can act on (never a stack trace).
import { type AppConfig, ConfigError, loadConfig } from '../core/config/env.ts';

export class CliError extends Error {
  override name = 'CliError';
}

/** One line that says what failed and where, from pg, Prisma, ioredis or Node errors. */
export function describeError(error: unknown): string {
  if (error instanceof ConfigError || error instanceof CliError) return error.message;
  const e = error as { code?: string; message?: string; errors?: unknown[]; address?: string; port?: number };
  const inner = Array.isArray(e?.errors) && e.errors.length ? (e.errors[0] as typeof e) : e;
  const code = inner?.code ?? e?.code;
  const where = inner?.address ? ` at ${inner.address}:${inner.port}` : '';
  switch (code) {
    case 'ECONNREFUSED':
      return `connection refused${where}`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `host not found${where}`;
    case 'ETIMEDOUT':
      return `connection timed out${where}`;
    case '3D000':
      return `database does not exist: ${e.message}`;
    case '28P01':
    case '28000':
      return `authentication failed: ${e.message}`;
  }
  const message = (e?.message ?? String(error)).split('\n').find((line) => line.trim()) ?? 'unknown error';
  return message.trim();
}

export function config(): AppConfig {
  return loadConfig(process.env);
}

/** Redacts the password of a connection URL for messages. */
export function safeUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparseable URL)';
  }
}
