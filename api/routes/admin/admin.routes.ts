// /admin: the operators' door to the admin pages (the queue dashboard, the WhatsApp Web QR pages).
//
//   GET  /admin                the page: signs in (a member's code as on /chat, through /auth; or the
//                              operator's ADMIN_TOKEN), then lists what the caller may open. Public: it is
//                              a form and a script, no data.
//   POST /admin/session        Bearer (an access token of an owner or admin, or ADMIN_TOKEN) → the admin
//                              cookie (admin-access.ts); 401 without a valid one, 403 for another role
//   POST /admin/session/end    clears the admin cookie
//   GET  /admin/api/overview   what the caller may open: the queue dashboard (yes/no) and the WhatsApp Web
//                              numbers of her office (every number for the operator), with their states
import { Hono } from 'hono';
import { ADMIN_PAGE_CSP, renderAdminPage } from './admin.page.ts';
import { type AdminAccess, type AdminCaller, anyOwner } from './admin-access.ts';
import type { PairableChannel } from './whatsapp-qr.routes.ts';

export interface AdminRoutesDeps {
  access: AdminAccess;
  /** whether the caller may open the queue dashboard */
  mayOpenQueues(caller: AdminCaller): Promise<boolean> | boolean;
  /** the WhatsApp Web numbers with their pages' paths */
  whatsapp: Array<Pick<PairableChannel, 'accountId' | 'organizationId' | 'label' | 'channel'> & { path: string }>;
}

const NO_STORE = { 'cache-control': 'no-store' } as const;

export function adminRoutes(deps: AdminRoutesDeps): Hono {
  const app = new Hono();
  const page = renderAdminPage();

  app.get('/', (c) =>
    c.html(page, 200, {
      'content-security-policy': ADMIN_PAGE_CSP,
      'referrer-policy': 'no-referrer',
      'x-frame-options': 'DENY',
      ...NO_STORE,
    }),
  );

  // Only a header credential is traded for the cookie (never the cookie itself: it would never expire).
  app.post('/session', async (c) => {
    const found = c.req.header('authorization') ? await deps.access.identify(c) : null;
    if (!found) return c.json({ error: 'unauthorized' }, 401, { 'www-authenticate': 'Bearer', ...NO_STORE });
    if (!anyOwner(found.caller)) {
      return c.json(
        {
          error: 'forbidden',
          message:
            'هذه الصفحات لمالك المكتب أو مديره فقط. / These pages are for the owner or an admin of the office only.',
        },
        403,
        NO_STORE,
      );
    }
    await deps.access.issueCookie(c, found.caller);
    return c.json({ status: 'signed_in' }, 200, NO_STORE);
  });

  app.post('/session/end', (c) => {
    deps.access.clearCookie(c);
    return c.json({ status: 'signed_out' }, 200, NO_STORE);
  });

  app.get('/api/overview', deps.access.require(anyOwner), async (c) => {
    const caller = c.get('caller');
    const numbers = deps.whatsapp.filter(
      (n) => caller.kind === 'operator' || n.organizationId === caller.member.organizationId,
    );
    return c.json(
      {
        caller:
          caller.kind === 'operator'
            ? { kind: 'operator' }
            : {
                kind: 'member',
                name: caller.member.name,
                role: caller.member.role,
                office: caller.member.office,
              },
        queues: await deps.mayOpenQueues(caller),
        whatsapp: numbers.map((n) => ({
          accountId: n.accountId,
          label: n.label,
          state: n.channel.state(),
          url: n.path,
        })),
      },
      200,
      NO_STORE,
    );
  });
  return app;
}
