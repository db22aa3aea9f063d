// What to do when the WhatsApp Web connection closes. Pure: the close code (Baileys' DisconnectReason,
// carried as the Boom status code of lastDisconnect.error), how many attempts failed in a row, and a
// random source for the jitter go in; the decision comes out.
//
// The numbers are Baileys 7's DisconnectReason values, repeated here so that this file needs no Baileys:
// connectionClosed 428, connectionLost and timedOut 408, connectionReplaced 440, loggedOut 401,
// badSession 500, restartRequired 515, multideviceMismatch 411, forbidden 403, unavailableService 503.

export const CloseCode = {
  loggedOut: 401,
  forbidden: 403,
  timedOut: 408,
  multideviceMismatch: 411,
  connectionClosed: 428,
  connectionReplaced: 440,
  badSession: 500,
  unavailableService: 503,
  restartRequired: 515,
} as const;

export type ReconnectAction =
  /** connect again after delayMs */
  | 'reconnect'
  /** the phone unlinked this device: the stored session is useless, clear it and wait for a new pairing */
  | 'stop_logged_out'
  /** another client opened this session: do not fight it (two clients would replace each other forever) */
  | 'stop_replaced'
  /** WhatsApp refuses this number (banned or restricted): retrying would only make it worse */
  | 'stop_forbidden';

export interface ReconnectDecision {
  action: ReconnectAction;
  /** how long to wait before connecting again; 0 for the stop actions */
  delayMs: number;
}

export interface ReconnectOptions {
  /** first delay (attempt 1); doubles each attempt */
  baseMs?: number;
  /** the delay never exceeds this */
  maxMs?: number;
}

export const DEFAULT_BACKOFF = { baseMs: 1_000, maxMs: 60_000 } as const;

/**
 * @param statusCode the close code, undefined when the socket failed without one (DNS, TLS, a throw)
 * @param attempt 1 for the first reconnection after a connection was open (or the first connect failed),
 *   counting up while connecting keeps failing
 * @param random a source in [0, 1): Math.random in production, fixed in tests
 */
export function decideReconnect(
  statusCode: number | undefined,
  attempt: number,
  random: () => number,
  options: ReconnectOptions = {},
): ReconnectDecision {
  switch (statusCode) {
    case CloseCode.loggedOut:
      return { action: 'stop_logged_out', delayMs: 0 };
    case CloseCode.connectionReplaced:
      return { action: 'stop_replaced', delayMs: 0 };
    case CloseCode.forbidden:
      return { action: 'stop_forbidden', delayMs: 0 };
    case CloseCode.restartRequired:
      // Sent right after pairing and on server-side restarts: a fresh socket is expected at once.
      return { action: 'reconnect', delayMs: 0 };
    default:
      // timedOut, connectionLost, connectionClosed, badSession, multideviceMismatch, unavailableService,
      // no code at all: the network or WhatsApp had a moment; try again, each time a little later.
      return { action: 'reconnect', delayMs: backoffDelay(attempt, random, options) };
  }
}

/**
 * Exponential backoff with jitter: the ceiling doubles each attempt (1 s, 2 s, 4 s, … up to maxMs) and
 * the delay is drawn in [ceiling / 2, ceiling], so that many numbers dropped by one network blip do not
 * all come back in the same second, yet none waits less than half its step.
 */
export function backoffDelay(attempt: number, random: () => number, options: ReconnectOptions = {}): number {
  const baseMs = options.baseMs ?? DEFAULT_BACKOFF.baseMs;
  const maxMs = options.maxMs ?? DEFAULT_BACKOFF.maxMs;
  const step = Math.max(1, Math.floor(attempt));
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.min(step - 1, 30));
  const r = Math.min(Math.max(random(), 0), 1);
  return Math.round(ceiling / 2 + (ceiling / 2) * r);
}

/** The status code of a Baileys close error (a Boom): output.statusCode, or undefined. */
export function closeCodeOf(error: unknown): number | undefined {
  if (!error || typeof error !== 'object') return undefined;
  const output = (error as { output?: { statusCode?: unknown } }).output;
  const code = output?.statusCode ?? (error as { statusCode?: unknown }).statusCode;
  return typeof code === 'number' ? code : undefined;
}
