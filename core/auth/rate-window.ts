// Fixed-window counting, the rule behind rate_limits (the SQL upsert in rate-limits.ts does exactly
// this in one statement): a hit inside a window counts once more; a hit after it opens a new window.
export interface RateWindow {
  count: number;
  windowEnds: Date;
}

export interface RateVerdict {
  allowed: boolean;
  /** hits left in this window */
  remaining: number;
  /** when refused: seconds until the window ends (at least 1); 0 when allowed */
  retryAfterSeconds: number;
}

export function hitWindow(current: RateWindow | null, now: Date, windowMs: number): RateWindow {
  if (!current || current.windowEnds.getTime() <= now.getTime())
    return { count: 1, windowEnds: new Date(now.getTime() + windowMs) };
  return { count: current.count + 1, windowEnds: current.windowEnds };
}

export function verdict(window: RateWindow, limit: number, now: Date): RateVerdict {
  const allowed = window.count <= limit;
  return {
    allowed,
    remaining: Math.max(0, limit - window.count),
    retryAfterSeconds: allowed ? 0 : Math.max(1, Math.ceil((window.windowEnds.getTime() - now.getTime()) / 1000)),
  };
}
