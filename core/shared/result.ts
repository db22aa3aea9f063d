// Errors a user can act on are values, with a dotted code (APPOINTMENT.SLOT_TAKEN); bugs and
// infrastructure failures are thrown. Each edge maps codes to its own language: HTTP statuses in
// api/, sentences in bot/, UnrecoverableError in jobs.
export type Ok<T> = { ok: true; value: T };
export type Err<C extends string = string> = { ok: false; error: DomainError<C> };
export type Result<T, C extends string = string> = Ok<T> | Err<C>;

export interface DomainError<C extends string = string> {
  code: C;
  /** facts for the message (never personal data meant for logs) */
  details?: Record<string, unknown>;
}

export const ok = <T>(value: T): Ok<T> => ({ ok: true, value });
export const err = <C extends string>(code: C, details?: Record<string, unknown>): Err<C> => ({
  ok: false,
  error: details ? { code, details } : { code },
});

/** Unwraps a result in places (tests, seeds) where an error is a bug. */
export function unwrap<T>(result: Result<T>): T {
  if (result.ok) return result.value;
  throw new Error(`unexpected ${result.error.code}`);
}
