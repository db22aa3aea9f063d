// The admin pages of `nova start` (docs/operations.md): the sign-in page /admin, the queue dashboard
// /admin/queues, and each WhatsApp Web number's QR pairing page /admin/whatsapp/<accountId>/qr (the
// environment's number also at /admin/whatsapp/qr), all behind api/routes/admin/admin-access.ts:
//
// - the queue dashboard shows every office's jobs: the owner or an admin of the office NOVA_DEFAULT_ORG
//   names (the installation's own office), or ADMIN_TOKEN;
// - a number's QR page: the owner or an admin of that number's office, or ADMIN_TOKEN.
//
// Members are recognised by their sign-in (core/auth sessions, the same key as /auth: the access token
// of the web chat works here), checked live against the database on every request.
import type { Queue } from 'bullmq';
import type { Hono } from 'hono';
import { adminRoutes } from '../api/routes/admin/admin.routes.ts';
import { createAdminAccess, ownerOf } from '../api/routes/admin/admin-access.ts';
import { QUEUES_PATH, queueDashboardRoutes } from '../api/routes/admin/queues.routes.ts';
import { type PairableChannel, whatsappQrRoutes } from '../api/routes/admin/whatsapp-qr.routes.ts';
import { authKeys } from '../core/auth/keys.ts';
import { createSessionsService } from '../core/auth/sessions.service.ts';
import type { AppConfig } from '../core/config/env.ts';
import type { Db } from '../core/db/client.ts';
import type { JobName } from '../core/jobs/job-map.ts';
import type { Clock } from '../core/shared/clock.ts';
import { deriveKey } from '../core/shared/secrets.ts';
import { masterSecret } from './runtime.ts';

/** Every queue, in the dashboard's order (a job name missing here fails the type check). */
const DASHBOARD_QUEUES = Object.keys({
  'inbound.process': true,
  'outbound.send': true,
  'reminder.fire': true,
  'reminder.sweep': true,
  'matching.run': true,
  'webhook.deliver': true,
  'digest.tick': true,
  'digest.office': true,
  'digest.broker': true,
  'analytics.nightly': true,
  'analytics.office': true,
  'owners.tick': true,
  'owners.office': true,
  'system.ping': true,
} satisfies Record<JobName, true>) as JobName[];

export interface AdminDeps {
  db: Db;
  clock: Clock;
  masterSecret: string;
  adminToken?: string;
  secureCookies: boolean;
  /** the id of the office NOVA_DEFAULT_ORG names (undefined while it does not exist) */
  operatorOffice(): Promise<string | undefined>;
  queues: Queue[];
  /** WhatsApp Web numbers; the one of the environment (WHATSAPP_WEB_ENABLED) also at /admin/whatsapp/qr */
  pairable: PairableChannel[];
}

export function buildAdmin(d: AdminDeps): Array<[string, Hono]> {
  const sessions = createSessionsService({ db: d.db, clock: d.clock, key: authKeys(d.masterSecret).jwt });
  const access = createAdminAccess({
    sessions,
    adminToken: d.adminToken,
    cookieKey: deriveKey(d.masterSecret, 'admin.session'),
    clock: d.clock,
    secureCookies: d.secureCookies,
  });
  const operator = ownerOf(d.operatorOffice);
  const mounts: Array<[string, Hono]> = [
    [QUEUES_PATH, queueDashboardRoutes({ queues: d.queues, guard: access.require(operator) })],
  ];
  const numbers = d.pairable.map((p) => ({ ...p, path: `/admin/whatsapp/${p.accountId}/qr` }));
  for (const p of d.pairable) {
    const routes = whatsappQrRoutes(p, access.require(ownerOf(() => p.organizationId)));
    mounts.push([`/admin/whatsapp/${p.accountId}`, routes]);
    if (p.fromEnvironment) mounts.push(['/admin/whatsapp', routes]);
  }
  mounts.push(['/admin', adminRoutes({ access, mayOpenQueues: operator, whatsapp: numbers })]);
  return mounts;
}

/** `nova start`'s admin pages, from the configuration. */
export function adminMounts(opts: {
  cfg: AppConfig;
  db: Db;
  runtime: { clock: Clock; jobs: { queue(name: JobName): Queue } };
  pairable?: AdminDeps['pairable'];
}): Array<[string, Hono]> {
  const { cfg, db } = opts;
  let office: string | undefined;
  return buildAdmin({
    db,
    clock: opts.runtime.clock,
    masterSecret: masterSecret(cfg),
    adminToken: cfg.ADMIN_TOKEN,
    secureCookies: cfg.PUBLIC_BASE_URL?.startsWith('https:') ?? false,
    // looked up until found: the office may be created after start (nova org create)
    async operatorOffice() {
      office ??= (await db.organization.findUnique({ where: { slug: cfg.NOVA_DEFAULT_ORG }, select: { id: true } }))
        ?.id;
      return office;
    },
    queues: DASHBOARD_QUEUES.map((name) => opts.runtime.jobs.queue(name)),
    pairable: opts.pairable ?? [],
  });
}
