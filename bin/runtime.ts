// What every long-running verb needs: configuration validated once, one-line failures, and a
// description of infrastructure errors a person can act on (never a stack trace).
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
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

/**
 * The master secret: NOVA_SECRET_KEY, or in development and tests a random one kept in
 * .nova/secret.key (mode 0600) so that sessions and sealed channel secrets survive a restart. Production
 * refuses to start without the variable.
 */
export function masterSecret(cfg: AppConfig): string {
  if (cfg.NOVA_SECRET_KEY) return cfg.NOVA_SECRET_KEY;
  if (cfg.NODE_ENV === 'production') throw new CliError('NOVA_SECRET_KEY is required in production (32+ characters)');
  const file = path.resolve('.nova', 'secret.key');
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    mkdirSync(path.dirname(file), { recursive: true });
    const secret = randomBytes(32).toString('base64url');
    try {
      writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: 'wx' });
      return secret;
    } catch {
      // another process created it first
      return readFileSync(file, 'utf8').trim();
    }
  }
}
