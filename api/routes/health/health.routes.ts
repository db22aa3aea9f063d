// Liveness and readiness. /healthz answers while the process runs. /readyz runs every check and answers
// 503 naming what is down, but only a critical check (PostgreSQL, the queue backend) makes Nova not
// ready: a channel's state (WhatsApp Web waiting for its QR code, Telegram reconnecting) is reported in
// the same answer and never fails readiness, or a load balancer would hide the very page that pairs it.
import { Hono } from 'hono';

export type CheckResult = { up: boolean; detail?: string };

/** A probe; `critical: false` marks one that is reported but does not decide readiness. */
export type ReadinessCheck = (() => Promise<CheckResult>) & { critical?: boolean };

/** The same checks, reported by /readyz without deciding readiness (the channels' states). */
export function informational(checks: Record<string, ReadinessCheck> = {}): Record<string, ReadinessCheck> {
  return Object.fromEntries(
    Object.entries(checks).map(([name, check]) => [name, Object.assign(() => check(), { critical: false })]),
  );
}

export function healthRoutes(checks: Record<string, ReadinessCheck>, timeoutMs = 2_000) {
  const app = new Hono();
  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  app.get('/readyz', async (c) => {
    const names = Object.keys(checks);
    const results = await Promise.all(
      names.map(async (name) => {
        let timer: NodeJS.Timeout | undefined;
        const timeout = new Promise<CheckResult>((resolve) => {
          timer = setTimeout(() => resolve({ up: false, detail: `no answer in ${timeoutMs} ms` }), timeoutMs);
        });
        try {
          return await Promise.race([checks[name]!(), timeout]);
        } catch (error) {
          return { up: false, detail: error instanceof Error ? error.message.split('\n')[0] : String(error) };
        } finally {
          clearTimeout(timer);
        }
      }),
    );
    const services = Object.fromEntries(names.map((n, i) => [n, results[i]!.up ? 'up' : 'down']));
    const isDown = (i: number) => !results[i]!.up;
    const isCritical = (name: string) => checks[name]!.critical !== false;
    const down = names.filter((n, i) => isDown(i) && isCritical(n));
    const degraded = names.filter((n, i) => isDown(i) && !isCritical(n));
    const details = Object.fromEntries(
      names.flatMap((n, i) => (isDown(i) ? [[n, results[i]!.detail ?? 'down'] as const] : [])),
    );
    if (down.length === 0) {
      return c.json({ status: 'ready', services, ...(degraded.length ? { degraded, details } : {}) });
    }
    return c.json({ status: 'unavailable', down, ...(degraded.length ? { degraded } : {}), services, details }, 503);
  });
  return app;
}
