// The HTTP surface: health, and (as later issues add them) the admin API, webhooks and the web chat.
import { Hono } from 'hono';
import { routePath } from 'hono/route';
import type { Logger } from '../core/shared/logger.ts';
import { healthRoutes, type ReadinessCheck } from './routes/health/health.routes.ts';

export interface AppDeps {
  logger: Logger;
  readiness: Record<string, ReadinessCheck>;
  /** more route groups by mount path (the web chat at /chat, webhooks, …) */
  mounts?: Array<[path: string, routes: Hono]>;
  /** told of every answered request by route pattern (metrics); never the path, which may hold ids */
  onRequest?: (method: string, route: string, status: number, seconds: number) => void;
}

export function createApp(deps: AppDeps) {
  const app = new Hono();
  const onRequest = deps.onRequest;
  if (onRequest) {
    app.use('*', async (c, next) => {
      const started = performance.now();
      await next();
      // The last matched route's pattern ("/webhooks/whatsapp", "/chat/api/messages"); "*" when none.
      onRequest(c.req.method, routePath(c, -1) || '*', c.res.status, (performance.now() - started) / 1000);
    });
  }
  // The access log: one line per request with the method, the route pattern, the status and the time.
  // Never the path (it may hold ids), the query (a token, a phone), the body or who asked.
  app.use('*', async (c, next) => {
    const started = performance.now();
    await next();
    const status = c.res.status;
    const line = { method: c.req.method, route: routePath(c, -1) || '*', status, ms: roundMs(started) };
    if (status >= 500) deps.logger.warn(line, 'request');
    else deps.logger.info(line, 'request');
  });
  app.route('/', healthRoutes(deps.readiness));
  for (const [path, routes] of deps.mounts ?? []) app.route(path, routes);
  app.get('/', (c) => c.redirect('/chat'));
  app.get('/chat/', (c) => c.redirect('/chat'));
  app.onError((error, c) => {
    const ref = crypto.randomUUID().slice(0, 8);
    deps.logger.error({ ref, err: error, path: c.req.path }, 'unhandled API error');
    return c.json({ error: 'internal_error', ref }, 500);
  });
  app.notFound((c) => c.json({ error: 'not_found' }, 404));
  return app;
}

const roundMs = (started: number) => Math.round((performance.now() - started) * 10) / 10;
