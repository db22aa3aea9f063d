// The queue dashboard (bull-board) at /admin/queues: every queue's waiting, active, delayed, completed
// and failed jobs, a job's data, error and attempts, and retrying, promoting or cleaning them. Its page,
// scripts and styles are served from node_modules/@bull-board/ui (nothing from elsewhere: the CSP
// refuses other origins, so the Google font its page names is simply not loaded and it works offline).
//
// Every request (the page, its assets, its API) passes the guard of admin-access.ts first. The queues
// hold every office's jobs (ids of messages, chats and reminders; a failed job's error), so the guard
// bin/admin.ts gives is the operator's: the owner or an admin of the office NOVA_DEFAULT_ORG names, or
// ADMIN_TOKEN.
//
// bull-board (about 23 MB of a process) is loaded on the dashboard's first request, not at start.
import type { Queue } from 'bullmq';
import { Hono, type MiddlewareHandler } from 'hono';

export const QUEUES_PATH = '/admin/queues';

/** Its own page only; it talks to its own origin and loads nothing from elsewhere. */
export const QUEUES_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  // the board's page and its React components set inline styles
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** The board's own app, mounted at QUEUES_PATH as the requests' paths name it. */
async function boardApp(queues: Queue[]): Promise<Hono> {
  const [{ createBullBoard }, { BullMQAdapter }, { HonoAdapter }, { serveStatic }] = await Promise.all([
    import('@bull-board/api'),
    import('@bull-board/api/bullMQAdapter'),
    import('@bull-board/hono'),
    import('@hono/node-server/serve-static'),
  ]);
  const adapter = new HonoAdapter(serveStatic).setBasePath(QUEUES_PATH);
  createBullBoard({
    queues: queues.map((queue) => new BullMQAdapter(queue, { allowRetries: true })),
    serverAdapter: adapter,
    options: {
      uiConfig: {
        boardTitle: 'Nova',
        hideDocsLink: true,
        miscLinks: [{ text: 'Nova admin', url: '/admin' }],
      },
    },
  });
  return new Hono().route(QUEUES_PATH, adapter.registerPlugin());
}

export function queueDashboardRoutes(deps: { queues: Queue[]; guard: MiddlewareHandler }): Hono {
  let board: Promise<Hono> | undefined;
  const app = new Hono();
  app.use('*', deps.guard, async (c, next) => {
    await next();
    c.header('content-security-policy', QUEUES_CSP);
    c.header('referrer-policy', 'no-referrer');
    c.header('x-frame-options', 'DENY');
    c.header('x-content-type-options', 'nosniff');
    // the static assets have content hashes in their names; the page and the API change all the time
    if (!c.req.path.startsWith(`${QUEUES_PATH}/static/`)) c.header('cache-control', 'no-store');
  });
  app.all('*', async (c) => {
    // a failed load is tried again by the next request
    board ??= boardApp(deps.queues).catch((error) => {
      board = undefined;
      throw error;
    });
    return (await board).fetch(c.req.raw, c.env);
  });
  return app;
}
