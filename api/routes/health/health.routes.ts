// Liveness and readiness. /healthz answers while the process runs; /readyz checks every dependency
// (PostgreSQL, Redis, and later each channel) and answers 503 naming what is down.
import { Hono } from 'hono';

export type ReadinessCheck = () => Promise<{ up: boolean; detail?: string }>;

export function healthRoutes(checks: Record<string, ReadinessCheck>, timeoutMs = 2_000) {
  const app = new Hono();
  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  app.get('/readyz', async (c) => {
    const names = Object.keys(checks);
    const results = await Promise.all(
      names.map(async (name) => {
        let timer: NodeJS.Timeout | undefined;
        const timeout = new Promise<{ up: boolean; detail?: string }>((resolve) => {
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
    const down = names.filter((_, i) => !results[i]!.up);
    if (down.length === 0) return c.json({ status: 'ready', services });
    const details = Object.fromEntries(down.map((n) => [n, results[names.indexOf(n)]!.detail ?? 'down']));
    return c.json({ status: 'unavailable', down, services, details }, 503);
  });
  return app;
}
