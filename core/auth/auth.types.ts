// Sign-in by one-time code and member sessions: the numbers that define them and the errors a person
// can act on. OWASP ASVS 5.0 §6.5 (out-of-band codes) and §7 (sessions) are the yardstick: short-lived
// single-use codes stored hashed, few tries, limits per phone and per network address, short access
// tokens and rotated refresh tokens with reuse detection.
import type { UserRole } from '../teams/permissions.ts';

export const OTP = {
  /** a code lives this long */
  ttlMs: 10 * 60_000,
  /** wrong tries that lock a code; the next verify answers AUTH.CODE_LOCKED even with the right code */
  maxAttempts: 5,
} as const;

export const SESSION = {
  /** lifetime of an access token (JWT), in seconds */
  accessTtlSeconds: 15 * 60,
  /** absolute lifetime of a sign-in: every refresh token of a family expires with the first one */
  refreshTtlMs: 30 * 24 * 3_600_000,
  /**
   * A rotated refresh token presented again within this time is a race between two tabs of one
   * browser (both refreshed at once), answered "try again" without revoking; later it is a replay.
   */
  reuseGraceMs: 10_000,
} as const;

export interface RateBucket {
  /** part of the rate_limits key: what is counted */
  name: string;
  limit: number;
  windowMs: number;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** Fixed windows in rate_limits. A phone or an address that is over one gets AUTH.RATE_LIMITED. */
export const LIMITS = {
  otpRequestPerPhone: { name: 'otp.request.phone', limit: 3, windowMs: 15 * MINUTE },
  otpRequestPerPhoneDaily: { name: 'otp.request.phone.day', limit: 10, windowMs: 24 * HOUR },
  otpRequestPerIp: { name: 'otp.request.ip', limit: 20, windowMs: HOUR },
  otpVerifyPerIp: { name: 'otp.verify.ip', limit: 30, windowMs: 15 * MINUTE },
  /** the public office page: messages per visitor, per address, and new visitors per address */
  visitorMessages: { name: 'visitor.messages', limit: 30, windowMs: 10 * MINUTE },
  visitorMessagesPerIp: { name: 'visitor.messages.ip', limit: 120, windowMs: HOUR },
  newVisitorsPerIp: { name: 'visitor.new.ip', limit: 20, windowMs: HOUR },
} as const satisfies Record<string, RateBucket>;

export type AuthErrorCode =
  | 'AUTH.PHONE_INVALID'
  | 'AUTH.RATE_LIMITED'
  | 'AUTH.CODE_WRONG'
  | 'AUTH.CODE_EXPIRED'
  | 'AUTH.CODE_LOCKED'
  | 'AUTH.OFFICE_REQUIRED'
  | 'AUTH.SESSION_INVALID'
  | 'AUTH.REFRESH_CONFLICT';

/** What an access token says: who, in which office, with which role, in which sign-in. */
export interface AccessClaims {
  userId: string;
  organizationId: string;
  role: UserRole;
  /** auth_sessions.family_id of the sign-in */
  sessionId: string;
}

export interface Office {
  slug: string;
  name: string;
}

/** A signed-in member as the edges show her. */
export interface SignedInMember {
  userId: string;
  organizationId: string;
  name: string;
  phone: string;
  role: UserRole;
  office: Office;
}

export interface SessionTokens {
  accessToken: string;
  /** seconds */
  expiresIn: number;
  refreshToken: string;
  refreshExpiresAt: Date;
  member: SignedInMember;
}
