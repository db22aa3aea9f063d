// The web surface of `nova start`: sign-in (/auth), the members' web chat (/chat) and the public office
// pages (/o/<slug>), assembled from the configuration. start.ts calls startWeb(); tests call buildWeb()
// with their own runtime, secret and code sink.
//
// Demo mode (the web chat's picker of demo identities, no sign-in) is decided here:
// - never when NODE_ENV=production (NOVA_DEMO=1 there stops Nova with one line);
// - NOVA_DEMO=1 or 0 (true/false) decides when set;
// - unset: on for a database whose demo office was loaded by `npm start` into an empty database (the
//   first run marks the demo office's web account `config.demo`), off otherwise (a database seeded by
//   `nova seed --demo`, or a real office's).
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context, Hono } from 'hono';
import { authRoutes } from '../api/routes/auth/auth.routes.ts';
import { chatRoutes } from '../api/routes/chat/chat.routes.ts';
import { officePageRoutes } from '../api/routes/public/office.routes.ts';
import type { ApiV1Deps } from '../api/v1/deps.ts';
import { createWebReplies } from '../bot/channels/web/web.replies.ts';
import type { Inbox } from '../bot/engine/inbox.ts';
import { type Auth, createAuth } from '../core/auth/auth.ts';
import type { DevCodeSink } from '../core/auth/delivery.ts';
import type { AppConfig } from '../core/config/env.ts';
import type { Db } from '../core/db/client.ts';
import type { JobQueue } from '../core/jobs/job-map.ts';
import { createMemberInbox } from '../core/notifications/member-inbox.ts';
import type { Clock } from '../core/shared/clock.ts';
import type { Logger } from '../core/shared/logger.ts';
import { systemScope } from '../core/shared/scope.ts';
import { deriveKey } from '../core/shared/secrets.ts';
import { createLocalStorage } from '../core/storage/local.storage.ts';
import { createMediaLinks } from '../core/storage/media-links.ts';
import type { Storage } from '../core/storage/storage.ts';
import { buildApi } from './api.ts';
import { DEMO_ORG_SLUG } from './commands/seed.ts';
import { CliError, masterSecret } from './runtime.ts';
import { DEMO_WEB_IDENTITIES } from './web-identities.ts';

export interface WebDeps {
  db: Db;
  inbox: Inbox;
  jobs: JobQueue;
  clock: Clock;
  logger: Logger;
  masterSecret: string;
  /** the demo identities without sign-in (NOVA_DEMO) */
  demo: boolean;
  /** Secure cookies: PUBLIC_BASE_URL is https */
  secureCookies: boolean;
  /** development: where sign-in codes are printed */
  devCodeSink?: DevCodeSink;
  /** the caller's address (the TCP peer by default) */
  clientIp?: (c: Context) => string;
  /** photos and documents of the admin API (property images); local .storage by default */
  storage?: Storage;
  /** the admin API's calls per caller per window (tests lower it) */
  apiRateLimit?: { limit: number; windowMs: number };
}

/** The TCP peer's address. Behind a reverse proxy every request comes from the proxy (see docs/sign-in.md). */
export function peerAddress(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/** Prints a sign-in code on stdout (development only): never through the logger. */
export const stdoutCodeSink: DevCodeSink = ({ phone, code, office }) => {
  process.stdout.write(`  sign-in code for …${phone.slice(-4)} (${office.slug}): ${code}  [development only]\n`);
};

/** The demo office's web account, where the demo identities talk. */
const demoWebAccount = (db: Db) =>
  db.channelAccount.findFirst({
    where: { kind: 'web', externalId: DEMO_ORG_SLUG, isEnabled: true, organization: { slug: DEMO_ORG_SLUG } },
    select: { id: true, config: true },
  });

export async function buildWeb(
  d: WebDeps,
): Promise<{ mounts: Array<[string, Hono]>; auth: Auth; demo: boolean; api: ApiV1Deps }> {
  const auth = createAuth({
    db: d.db,
    clock: d.clock,
    jobs: d.jobs,
    logger: d.logger,
    masterSecret: d.masterSecret,
    devCodeSink: d.devCodeSink,
  });
  const clientIp = d.clientIp ?? peerAddress;
  const replies = createWebReplies(d.db);
  // the pictures of the web chat (a report's chart): same-origin links the /media route opens (bin/media-links.ts)
  const chatMedia = createMediaLinks({ key: deriveKey(d.masterSecret, 'media.links'), clock: d.clock });
  // a member who opens the web chat has seen what Nova told her
  const memberInbox = createMemberInbox({ db: d.db });
  const demoAccount = d.demo ? await demoWebAccount(d.db) : null;
  if (d.demo && !demoAccount) d.logger.warn('demo mode: the demo office has no web account; no demo identities');
  const demo = demoAccount ? { webAccountId: demoAccount.id, identities: DEMO_WEB_IDENTITIES } : undefined;
  const mounts: Array<[string, Hono]> = [
    ['/auth', authRoutes({ auth, secureCookies: d.secureCookies, clientIp, logger: d.logger })],
    [
      '/chat',
      chatRoutes({
        replies,
        inbox: d.inbox,
        members: auth.sessions,
        demo,
        opened: async (m) => {
          await memberInbox.markAllRead(systemScope(m.organizationId), m.userId, d.clock.now());
        },
        mediaUrl: (key) => chatMedia.url(key),
      }),
    ],
    [
      '/o',
      officePageRoutes({
        replies,
        inbox: d.inbox,
        offices: auth,
        visitors: auth.visitors,
        limiter: auth.limiter,
        clientIp,
        secureCookies: d.secureCookies,
      }),
    ],
  ];
  // the admin API (/api/v1) and its interactive reference (/api/docs): bin/api.ts
  const api = buildApi({
    db: d.db,
    jobs: d.jobs,
    clock: d.clock,
    logger: d.logger,
    masterSecret: d.masterSecret,
    auth,
    storage: d.storage ?? createLocalStorage('.storage'),
    rateLimit: d.apiRateLimit,
  });
  mounts.push(...api.mounts);
  return { mounts, auth, demo: demo !== undefined, api: api.deps };
}

/** Whether the web chat runs in demo mode (see the top of this file). */
export function demoModeOf(
  cfg: Pick<AppConfig, 'NODE_ENV' | 'NOVA_DEMO'>,
  raw: string | undefined,
  markedDemo: boolean,
): boolean {
  if (cfg.NODE_ENV === 'production') {
    if (cfg.NOVA_DEMO) throw new CliError('NOVA_DEMO=1 is refused when NODE_ENV=production');
    return false;
  }
  if (raw !== undefined && raw.trim() !== '') return cfg.NOVA_DEMO;
  return markedDemo;
}

/**
 * `nova start`'s web surface. `seededNow`: this start loaded the demo office into an empty database
 * (its first run), which makes it a demo database.
 */
export async function startWeb(opts: {
  cfg: AppConfig;
  db: Db;
  runtime: { inbox: Inbox; jobs: JobQueue; clock: Clock };
  logger: Logger;
  seededNow: boolean;
}) {
  const { cfg, db, runtime, logger } = opts;
  let account = await demoWebAccount(db);
  if (opts.seededNow && account && cfg.NODE_ENV !== 'production') {
    const config = { ...((account.config as Record<string, unknown> | null) ?? {}), demo: true };
    await db.channelAccount.update({ where: { id: account.id }, data: { config } });
    account = { ...account, config };
  }
  const marked = (account?.config as { demo?: unknown } | null)?.demo === true;
  const demo = demoModeOf(cfg, process.env.NOVA_DEMO, marked);
  const web = await buildWeb({
    db,
    inbox: runtime.inbox,
    jobs: runtime.jobs,
    clock: runtime.clock,
    logger,
    masterSecret: masterSecret(cfg),
    demo,
    secureCookies: cfg.PUBLIC_BASE_URL?.startsWith('https:') ?? false,
    devCodeSink: cfg.NODE_ENV === 'production' ? undefined : stdoutCodeSink,
    storage: createLocalStorage(cfg.STORAGE_DIR),
  });
  const banner = (base: string) => [
    web.demo
      ? `  Web chat:      ${base}/chat  (DEMO MODE: pick a demo identity, no sign-in; NOVA_DEMO=0 turns it off)`
      : `  Web chat:      ${base}/chat  (members sign in with a code sent to their chat${cfg.NODE_ENV === 'production' ? '' : ', printed here too'})`,
    `  Office page:   ${base}/o/<office slug>  (visitors talk to the office, no sign-in)`,
    `  Admin API:     ${base}/api/v1  (reference: ${base}/api/docs; keys: nova apikey create)`,
  ];
  return { mounts: web.mounts, demo: web.demo, banner };
}
