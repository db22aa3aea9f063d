// GET /metrics: Prometheus text for a scraper holding the admin token (bearer_token in its scrape
// config). Nothing here names a person: counters by route pattern, queue and outcome only.
import { Hono } from 'hono';
import { adminTokenGuard } from '../../admin-token.ts';

export interface MetricsSource {
  contentType: string;
  metrics(): Promise<string>;
}

export function metricsRoutes(source: MetricsSource, adminToken: string | undefined): Hono {
  const app = new Hono();
  app.get('/', adminTokenGuard(adminToken), async (c) => {
    c.header('Content-Type', source.contentType);
    c.header('Cache-Control', 'no-store');
    return c.body(await source.metrics());
  });
  return app;
}
