// createAuth: sign-in by code, member sessions, the rate limiter and the public page's visitor ids,
// wired over one set of dependencies. The composition root (bin/http.ts) builds it and hands it to the
// routes.
import type { Db } from '../db/client.ts';
import type { JobQueue } from '../jobs/job-map.ts';
import { createNotifier } from '../notifications/notify.ts';
import type { Clock } from '../shared/clock.ts';
import type { Logger } from '../shared/logger.ts';
import { ok, type Result } from '../shared/result.ts';
import type { AuthErrorCode, SessionTokens } from './auth.types.ts';
import type { DevCodeSink } from './delivery.ts';
import { authKeys } from './keys.ts';
import { createOtpService, type OtpVerifyInput } from './otp.service.ts';
import { createRateLimiter } from './rate-limits.ts';
import { createSessionsService } from './sessions.service.ts';
import { newVisitorId, signVisitor, verifyVisitor } from './visitor.ts';

export interface AuthDeps {
  db: Db;
  clock: Clock;
  jobs: JobQueue;
  logger: Logger;
  /** NOVA_SECRET_KEY (bin/runtime.ts masterSecret) */
  masterSecret: string;
  devCodeSink?: DevCodeSink;
}

/** An office's public web chat: where its visitors' messages go. */
export interface OfficeWebChat {
  organizationId: string;
  slug: string;
  name: string;
  webAccountId: string;
}

export function createAuth(deps: AuthDeps) {
  const { db, clock, jobs, logger } = deps;
  const keys = authKeys(deps.masterSecret);
  const limiter = createRateLimiter({ db, clock, key: keys.rate });
  const otp = createOtpService({
    db,
    clock,
    logger,
    notifier: createNotifier({ db, jobs, logger }),
    limiter,
    key: keys.otp,
    devCodeSink: deps.devCodeSink,
  });
  const sessions = createSessionsService({ db, clock, key: keys.jwt });

  return {
    otp,
    sessions,
    limiter,

    /** Verifies the code and starts a session for the member it names. */
    async signIn(input: OtpVerifyInput & { userAgent?: string }): Promise<Result<SessionTokens, AuthErrorCode>> {
      const verified = await otp.verify(input);
      if (!verified.ok) return verified;
      return ok(await sessions.start(verified.value, { userAgent: input.userAgent }));
    },

    visitors: {
      newId: newVisitorId,
      sign: (id: string) => signVisitor(keys.visitor, id),
      verify: (value: string | undefined) => verifyVisitor(keys.visitor, value),
    },

    /** The office of a public page, if it exists and has an enabled web chat account. */
    async officeWebChat(slug: string): Promise<OfficeWebChat | null> {
      const org = await db.organization.findUnique({
        where: { slug },
        select: {
          id: true,
          slug: true,
          name: true,
          channelAccounts: {
            where: { kind: 'web', isEnabled: true },
            orderBy: { createdAt: 'asc' },
            take: 1,
            select: { id: true },
          },
        },
      });
      const account = org?.channelAccounts[0];
      if (!org || !account) return null;
      return { organizationId: org.id, slug: org.slug, name: org.name, webAccountId: account.id };
    },
  };
}

export type Auth = ReturnType<typeof createAuth>;
