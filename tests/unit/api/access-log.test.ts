// The access log (api/app.ts): one pino line per request with the method, the route pattern, the
// status and the time; never the path's ids, the query string, the body or who asked.
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../../api/app.ts';
import { createLogger, wantsPrettyLogs } from '../../../core/shared/logger.ts';

function appWithLog() {
  const lines: string[] = [];
  const logger = createLogger('info', { write: (line: string) => void lines.push(line) });
  const routes = new Hono();
  routes.post('/customers/:id/notes', async (c) => c.json({ ok: true, echoed: (await c.req.json()).note }, 201));
  routes.get('/boom', () => {
    throw new Error('kaboom');
  });
  const app = createApp({ logger, readiness: {}, mounts: [['/api', routes]] });
  const accessLines = () =>
    lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.msg === 'request');
  return { app, lines, accessLines };
}

describe('the access log', () => {
  it('writes one line per request: method, route pattern, status, milliseconds, and nothing else of it', async () => {
    const { app, lines, accessLines } = appWithLog();
    const response = await app.request(
      '/api/customers/7f3c2a9e-1111-4222-8333-444455556666/notes?token=s3cret-token&phone=%2B966500000001',
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bearer eyJ.secret.token' },
        body: JSON.stringify({ note: 'أبو ناصر يبي فيلا' }),
      },
    );
    expect(response.status).toBe(201);
    const logged = accessLines();
    expect(logged).toHaveLength(1);
    const { level, time, pid, hostname, service, ...line } = logged[0]!;
    expect(line).toEqual({
      msg: 'request',
      method: 'POST',
      route: '/api/customers/:id/notes',
      status: 201,
      ms: expect.any(Number),
    });
    expect(level).toBe(30);
    const all = lines.join('\n');
    for (const secret of ['s3cret-token', '966500000001', '7f3c2a9e', 'eyJ.secret', 'أبو ناصر', 'token=', '?']) {
      expect(all, secret).not.toContain(secret);
    }
  });

  it('logs every request once, the unknown and the failed ones too (a failure as a warning)', async () => {
    const { app, accessLines } = appWithLog();
    await app.request('/healthz');
    await app.request('/no/such/page?x=1');
    await app.request('/api/boom');
    const logged = accessLines();
    expect(logged.map((l) => [l.method, l.status, l.level])).toEqual([
      ['GET', 200, 30],
      ['GET', 404, 30],
      ['GET', 500, 40],
    ]);
    expect(logged[0]!.route).toBe('/healthz');
    expect(String(logged[1]!.route)).not.toContain('such');
    expect(logged[2]!.route).toBe('/api/boom');
  });
});

describe('pretty logs', () => {
  it('are on in development on a terminal, off elsewhere, and LOG_PRETTY decides when set', () => {
    expect(wantsPrettyLogs({}, true)).toBe(true);
    expect(wantsPrettyLogs({ NODE_ENV: 'development' }, true)).toBe(true);
    expect(wantsPrettyLogs({ NODE_ENV: 'development' }, false)).toBe(false);
    expect(wantsPrettyLogs({ NODE_ENV: 'production' }, true)).toBe(false);
    expect(wantsPrettyLogs({ NODE_ENV: 'test' }, true)).toBe(false);
    expect(wantsPrettyLogs({ NODE_ENV: 'production', LOG_PRETTY: '1' }, false)).toBe(true);
    expect(wantsPrettyLogs({ NODE_ENV: 'development', LOG_PRETTY: '0' }, true)).toBe(false);
    expect(wantsPrettyLogs({ LOG_PRETTY: 'true' }, false)).toBe(true);
    expect(wantsPrettyLogs({ LOG_PRETTY: '' }, true)).toBe(true);
  });
});
