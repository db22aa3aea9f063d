// Sign-in codes: request one for a phone, verify it. Sign-in comes before any office is known, so these
// calls take no Scope: the phone names the member (in the office given, or in each of hers), and every
// write that follows is scoped to the member's own office.
//
// What an attacker learns is the same for every phone: a well-formed phone always gets "sent" (an
// unknown one gets a decoy code that is delivered nowhere), wrong tries count the same, and delivery
// runs after the answer so that its time tells nothing either.
import { randomUUID } from 'node:crypto';
import type { Db } from '../db/client.ts';
import type { Notifier } from '../notifications/notify.ts';
import type { Clock } from '../shared/clock.ts';
import type { Logger } from '../shared/logger.ts';
import { toE164 } from '../shared/phone.ts';
import { err, ok, type Result } from '../shared/result.ts';
import { systemScope } from '../shared/scope.ts';
import type { UserRole } from '../teams/permissions.ts';
import { type AuthErrorCode, LIMITS, type Office, OTP, type SignedInMember } from './auth.types.ts';
import { codeMessage, type DevCodeSink, type KnownChat, pickCodeRoute } from './delivery.ts';
import { hashCode, newCode, normalizeCode, sameHash } from './otp-code.ts';
import type { RateLimiter } from './rate-limits.ts';

export interface OtpDeps {
  db: Db;
  clock: Clock;
  logger: Logger;
  notifier: Pick<Notifier, 'notify'>;
  limiter: RateLimiter;
  /** HMAC key of stored codes */
  key: Buffer;
  /** development only: the composition root prints codes */
  devCodeSink?: DevCodeSink;
}

export interface OtpRequestInput {
  phone: string;
  /** office slug, when the phone is a member of several offices */
  org?: string;
  /** the caller's network address, for the per-address limit */
  ip: string;
}

export interface OtpVerifyInput extends OtpRequestInput {
  code: string;
}

type RequestError = Extract<AuthErrorCode, 'AUTH.PHONE_INVALID' | 'AUTH.RATE_LIMITED'>;
type VerifyError = Extract<
  AuthErrorCode,
  | 'AUTH.PHONE_INVALID'
  | 'AUTH.RATE_LIMITED'
  | 'AUTH.CODE_WRONG'
  | 'AUTH.CODE_EXPIRED'
  | 'AUTH.CODE_LOCKED'
  | 'AUTH.OFFICE_REQUIRED'
>;

const PURPOSE = 'login';
/** codes are kept this long after they expire (support questions), then deleted */
const KEEP_EXPIRED_MS = 24 * 3_600_000;

interface Candidate {
  id: string;
  organizationId: string;
  name: string;
  phone: string;
  role: UserRole;
  language: string;
  organization: Office;
}

export function createOtpService(deps: OtpDeps) {
  const { db, clock, logger, notifier, limiter, key, devCodeSink } = deps;

  /** Active members with this phone, in the office named or in all of theirs. */
  const candidatesOf = (phone: string, org?: string): Promise<Candidate[]> =>
    db.user.findMany({
      where: { phone, status: 'active', ...(org ? { organization: { slug: org } } : {}) },
      select: {
        id: true,
        organizationId: true,
        name: true,
        phone: true,
        role: true,
        language: true,
        organization: { select: { slug: true, name: true } },
      },
      orderBy: { createdAt: 'asc' },
    });

  async function limited(buckets: Array<[(typeof LIMITS)[keyof typeof LIMITS], string]>) {
    for (const [bucket, id] of buckets) {
      const answer = await limiter.hit(bucket, id);
      if (!answer.allowed) return err('AUTH.RATE_LIMITED', { retryAfterSeconds: answer.retryAfterSeconds });
    }
    return null;
  }

  async function deliver(member: Candidate, code: string, codeId: string): Promise<void> {
    const scope = systemScope(member.organizationId);
    const [contacts, whatsapp] = await Promise.all([
      db.contact.findMany({
        where: { organizationId: member.organizationId, userId: member.id, channelAccount: { isEnabled: true } },
        orderBy: { lastInboundAt: { sort: 'desc', nulls: 'last' } },
        take: 20,
        select: { id: true, externalId: true, language: true, channelAccount: { select: { id: true, kind: true } } },
      }),
      db.channelAccount.findFirst({
        where: {
          organizationId: member.organizationId,
          isEnabled: true,
          kind: { in: ['whatsapp_cloud', 'whatsapp_web'] },
        },
        orderBy: { createdAt: 'asc' },
        select: { id: true, kind: true },
      }),
    ]);
    const chats: KnownChat[] = contacts.map((c) => ({
      kind: c.channelAccount.kind,
      channelAccountId: c.channelAccount.id,
      chatId: c.externalId,
      contactId: c.id,
      lang: (c.language ?? member.language) === 'en' ? 'en' : 'ar',
    }));
    const route = pickCodeRoute({
      chats,
      whatsapp: whatsapp
        ? { channelAccountId: whatsapp.id, kind: whatsapp.kind as 'whatsapp_cloud' | 'whatsapp_web' }
        : null,
      phone: member.phone,
      lang: member.language === 'en' ? 'en' : 'ar',
    });
    devCodeSink?.({ phone: member.phone, code, office: member.organization });
    if (!route) {
      logger.info({ codeId, userId: member.id }, 'sign-in code: the member has no chat to receive it');
      return;
    }
    await notifier.notify(
      scope,
      route.recipient,
      codeMessage(route.lang, member.organization, code),
      `auth.otp:${codeId}:${member.id}`,
    );
    logger.info({ codeId, userId: member.id, via: route.via, kind: route.kind }, 'sign-in code sent');
  }

  return {
    /**
     * A new code for the phone (older open codes of the phone no longer work), sent to each of the
     * member's chats after the answer. `delivery` settles when it is written (tests wait for it; the
     * HTTP route does not).
     */
    async request(input: OtpRequestInput): Promise<Result<{ delivery: Promise<void> }, RequestError>> {
      const phone = toE164(input.phone);
      if (!phone) return err('AUTH.PHONE_INVALID');
      const refused = await limited([
        [LIMITS.otpRequestPerIp, input.ip],
        [LIMITS.otpRequestPerPhone, phone],
        [LIMITS.otpRequestPerPhoneDaily, phone],
      ]);
      if (refused) return refused;

      const now = clock.now();
      const members = await candidatesOf(phone, input.org);
      const code = newCode();
      const id = randomUUID();
      await db.$transaction(async (tx) => {
        await tx.otpCode.updateMany({
          where: { target: phone, purpose: PURPOSE, consumedAt: null },
          data: { consumedAt: now },
        });
        await tx.otpCode.create({
          data: {
            id,
            // one member: the code signs in only her; several (or none: a decoy): decided at verify
            userId: members.length === 1 ? members[0]!.id : null,
            target: phone,
            codeHash: hashCode(key, id, phone, code),
            purpose: PURPOSE,
            expiresAt: new Date(now.getTime() + OTP.ttlMs),
          },
        });
      });
      await Promise.all([
        limiter.sweep(),
        db.otpCode.deleteMany({ where: { expiresAt: { lt: new Date(now.getTime() - KEEP_EXPIRED_MS) } } }),
      ]).catch((error: unknown) => logger.warn({ err: error }, 'sign-in housekeeping failed'));

      const delivery = (async () => {
        for (const member of members) {
          await deliver(member, code, id).catch((error: unknown) =>
            logger.error({ err: error, codeId: id, userId: member.id }, 'sign-in code not delivered'),
          );
        }
      })();
      return ok({ delivery });
    },

    /**
     * The member the code signs in. Every try counts (before the comparison, so that parallel guesses
     * cannot outrun the lock); after OTP.maxAttempts the code is locked, even for the right code.
     */
    async verify(input: OtpVerifyInput): Promise<Result<SignedInMember, VerifyError>> {
      const phone = toE164(input.phone);
      if (!phone) return err('AUTH.PHONE_INVALID');
      const refused = await limited([[LIMITS.otpVerifyPerIp, input.ip]]);
      if (refused) return refused;

      const now = clock.now();
      const row = await db.otpCode.findFirst({
        where: { target: phone, purpose: PURPOSE },
        orderBy: { createdAt: 'desc' },
      });
      if (!row || row.consumedAt) return err('AUTH.CODE_EXPIRED');
      if (row.attempts >= OTP.maxAttempts) return err('AUTH.CODE_LOCKED');
      if (row.expiresAt.getTime() <= now.getTime()) return err('AUTH.CODE_EXPIRED');

      const counted = await db.$queryRaw<Array<{ attempts: number }>>`
        UPDATE otp_codes SET attempts = attempts + 1
        WHERE id = ${row.id}::uuid AND consumed_at IS NULL AND attempts < ${OTP.maxAttempts}
          AND expires_at > ${now}::timestamptz
        RETURNING attempts`;
      if (counted.length === 0) {
        const again = await db.otpCode.findUnique({ where: { id: row.id }, select: { attempts: true } });
        return err((again?.attempts ?? 0) >= OTP.maxAttempts ? 'AUTH.CODE_LOCKED' : 'AUTH.CODE_EXPIRED');
      }
      const triesLeft = OTP.maxAttempts - Number(counted[0]!.attempts);
      const code = normalizeCode(input.code);
      if (!code || !sameHash(hashCode(key, row.id, phone, code), row.codeHash))
        return err('AUTH.CODE_WRONG', { triesLeft });

      let members = await candidatesOf(phone, input.org);
      if (row.userId) members = members.filter((m) => m.id === row.userId);
      // a decoy's code, or the member left meanwhile: like a wrong code
      if (members.length === 0) return err('AUTH.CODE_WRONG', { triesLeft });
      if (members.length > 1) return err('AUTH.OFFICE_REQUIRED', { offices: members.map((m) => m.organization) });

      const consumed = await db.otpCode.updateMany({
        where: { id: row.id, consumedAt: null },
        data: { consumedAt: now },
      });
      if (consumed.count !== 1) return err('AUTH.CODE_EXPIRED');
      const member = members[0]!;
      return ok({
        userId: member.id,
        organizationId: member.organizationId,
        name: member.name,
        phone: member.phone,
        role: member.role,
        office: member.organization,
      });
    },
  };
}

export type OtpService = ReturnType<typeof createOtpService>;
