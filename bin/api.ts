// The admin API's composition: core over the pool for reads, one transaction per write (jobs queued
// after the commit, as a chat turn does), the credentials' checkers, idempotency keys and the rate
// limiter over the database. bin/http.ts mounts what this returns: /api/v1 and /api/docs.
import type { Hono } from 'hono';
import { createApiV1 } from '../api/v1/app.ts';
import type { ApiV1Deps } from '../api/v1/deps.ts';
import { docsRoutes } from '../api/v1/docs.ts';
import { createApiKeysService } from '../core/apikeys/apikeys.service.ts';
import type { Auth } from '../core/auth/auth.ts';
import { type Core, type CoreDeps, createCore } from '../core/core.ts';
import type { Db } from '../core/db/client.ts';
import { createIdempotencyStore } from '../core/idempotency/idempotency.store.ts';
import { createDeferredQueue } from '../core/jobs/deferred.queue.ts';
import type { JobQueue } from '../core/jobs/job-map.ts';
import type { Clock } from '../core/shared/clock.ts';
import type { Logger } from '../core/shared/logger.ts';
import { deriveKey } from '../core/shared/secrets.ts';
import { createMediaLinks } from '../core/storage/media-links.ts';
import type { Storage } from '../core/storage/storage.ts';

export interface ApiDeps {
  db: Db;
  jobs: JobQueue;
  clock: Clock;
  logger: Logger;
  masterSecret: string;
  auth: Auth;
  storage: Storage;
  /** calls per caller per window (tests lower it) */
  rateLimit?: ApiV1Deps['rateLimit'];
}

const HOUR = 3_600_000;

export function buildApi(d: ApiDeps): { mounts: Array<[string, Hono]>; deps: ApiV1Deps; stop(): void } {
  let channelKey: Buffer | undefined;
  let webhookKey: Buffer | undefined;
  const coreDeps = (db: CoreDeps['db'], jobs: JobQueue): CoreDeps => ({
    db,
    clock: d.clock,
    jobs,
    logger: d.logger,
    channelSecretsKey: () => {
      channelKey ??= deriveKey(d.masterSecret, 'channel.secrets');
      return channelKey;
    },
    webhookSecretsKey: () => {
      webhookKey ??= deriveKey(d.masterSecret, 'webhooks.secrets');
      return webhookKey;
    },
  });
  const core: Core = createCore(coreDeps(d.db, d.jobs));
  const idempotency = createIdempotencyStore({ db: d.db, clock: d.clock });
  // photo links relative to this server, signed as the /media route checks them (bin/media-links.ts)
  const links = createMediaLinks({ key: deriveKey(d.masterSecret, 'media.links'), clock: d.clock });
  const deps: ApiV1Deps = {
    core,
    async transact(work) {
      const deferred = createDeferredQueue();
      const out = await d.db.$transaction((tx) => work(createCore(coreDeps(tx, deferred.queue))), {
        timeout: 20_000,
        maxWait: 5_000,
      });
      // after the commit; a job lost here is caught by the minute sweep, as after a chat turn
      await deferred.flush(d.jobs).catch((error) => d.logger.warn({ err: error }, 'API jobs not queued'));
      return out;
    },
    sessions: d.auth.sessions,
    apiKeys: createApiKeysService({ db: d.db, clock: d.clock }),
    idempotency,
    limiter: d.auth.limiter,
    storage: d.storage,
    mediaUrl: (key) => links.url(key),
    clock: d.clock,
    logger: d.logger,
    rateLimit: d.rateLimit,
  };
  const v1 = createApiV1(deps);
  // expired idempotency keys and rate windows go once an hour
  const timer = setInterval(() => {
    idempotency.sweep().catch((error) => d.logger.warn({ err: error }, 'idempotency sweep failed'));
  }, HOUR);
  timer.unref();
  return {
    mounts: [
      ['/api/v1', v1.app as unknown as Hono],
      ['/api/docs', docsRoutes()],
    ],
    deps,
    stop: () => clearInterval(timer),
  };
}
