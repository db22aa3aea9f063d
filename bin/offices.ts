// Offices in the composition root: the core the operator's verbs (`nova org|user|channel`) work
// through, the key that seals channel secrets, and the office NOVA_DEFAULT_ORG names, created empty on
// first start when it is not the demo's.

import type { AppConfig } from '../core/config/env.ts';
import { createCore } from '../core/core.ts';
import type { Db } from '../core/db/client.ts';
import { createDeferredQueue } from '../core/jobs/deferred.queue.ts';
import { systemClock } from '../core/shared/clock.ts';
import { type Logger, silentLogger } from '../core/shared/logger.ts';
import { deriveKey } from '../core/shared/secrets.ts';
import { masterSecret } from './runtime.ts';

/** The key of channel secrets, derived once and only when first needed (a start with no sealed account never asks). */
export function channelSecretsKey(cfg: AppConfig): () => Buffer {
  let key: Buffer | undefined;
  return () => {
    key ??= deriveKey(masterSecret(cfg), 'channel.secrets');
    return key;
  };
}

/** The key of webhook endpoints' signing secrets, derived once and only when first needed. */
export function webhookSecretsKey(cfg: AppConfig): () => Buffer {
  let key: Buffer | undefined;
  return () => {
    key ??= deriveKey(masterSecret(cfg), 'webhooks.secrets');
    return key;
  };
}

/** Core over the database for the operator's verbs: nothing they do queues a job. */
export function adminCore(db: Db, cfg: AppConfig) {
  return createCore({
    db,
    clock: systemClock,
    jobs: createDeferredQueue().queue,
    logger: silentLogger,
    channelSecretsKey: channelSecretsKey(cfg),
  });
}

/**
 * The office NOVA_DEFAULT_ORG names, which the environment's channels serve: created empty (its web and
 * console accounts, no members yet) when it does not exist. The demo's slug is left to the demo seed.
 */
export async function ensureDefaultOffice(db: Db, cfg: AppConfig, logger: Logger, demoSlug: string) {
  if (cfg.NOVA_DEFAULT_ORG === demoSlug) return;
  const core = adminCore(db, cfg);
  const result = await core.organizations.ensure(cfg.NOVA_DEFAULT_ORG, { timeZone: cfg.DEFAULT_TIME_ZONE });
  if (!result.ok) {
    logger.warn('NOVA_DEFAULT_ORG is not a valid slug: the channels of the environment are not started');
    return;
  }
  if (result.value.created) {
    logger.info(
      { slug: cfg.NOVA_DEFAULT_ORG },
      'NOVA_DEFAULT_ORG office created (empty): add its owner with `nova user add --org <slug> --role owner`',
    );
  }
}
