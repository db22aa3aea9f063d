// The HTTP surface: health, and (as later issues add them) the admin API, webhooks and the web chat.
import { Hono } from 'hono';
import type { Logger } from '../core/shared/logger.ts';
import { healthRoutes, type ReadinessCheck } from './routes/health/health.routes.ts';

export interface AppDeps {
  logger: Logger;
  readiness: Record<string, ReadinessCheck>;
  /** more route groups by mount path (the web chat at /chat, webhooks, …) */
  mounts?: Array<[path: string, routes: Hono]>;
}

export function createApp(deps: AppDeps) {
  const app = new Hono();
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
