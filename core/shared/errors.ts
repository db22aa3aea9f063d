// Infrastructure failures that callers may want to tell apart from bugs.
export class NotFoundError extends Error {
  override name = 'NotFoundError';
}

/** PostgreSQL error codes Nova reacts to. */
export const PG = {
  uniqueViolation: '23505',
  exclusionViolation: '23P01',
  foreignKeyViolation: '23503',
  checkViolation: '23514',
} as const;

/** The SQLSTATE of an error from pg or from Prisma's driver adapter, when there is one. */
export function sqlState(error: unknown): string | undefined {
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (current && typeof current === 'object' && !seen.has(current)) {
    seen.add(current);
    const e = current as {
      code?: unknown;
      originalCode?: unknown;
      cause?: unknown;
      meta?: { driverAdapterError?: unknown };
    };
    if (typeof e.originalCode === 'string' && /^[0-9A-Z]{5}$/.test(e.originalCode)) return e.originalCode;
    if (typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code) && !e.code.startsWith('P')) return e.code;
    current = e.meta?.driverAdapterError ?? e.cause;
  }
  return undefined;
}

/**
 * Whether the error is about the data itself, so that trying again can never succeed: a value
 * PostgreSQL refuses (SQLSTATE class 22, data exception; 54, program limit exceeded), a value Prisma
 * refuses, or a TypeError/RangeError thrown while reading it. Anything else (a database or network
 * away, an unknown failure) may pass later and is retried.
 */
export function isUnstorable(error: unknown): boolean {
  const state = sqlState(error);
  if (state) return /^(22|54)/.test(state);
  if (error instanceof TypeError || error instanceof RangeError) return true;
  return (error as { name?: unknown } | null)?.name === 'PrismaClientValidationError';
}
