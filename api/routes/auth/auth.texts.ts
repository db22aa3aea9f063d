// The sign-in endpoints' answers: each error code of core/auth mapped to its HTTP status (exhaustively:
// a new code does not compile until it is mapped) and to a sentence in Arabic and English.
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { AuthErrorCode } from '../../../core/auth/auth.types.ts';
import type { DomainError } from '../../../core/shared/result.ts';

const STATUS: Record<AuthErrorCode, ContentfulStatusCode> = {
  'AUTH.PHONE_INVALID': 400,
  'AUTH.RATE_LIMITED': 429,
  'AUTH.CODE_WRONG': 400,
  'AUTH.CODE_EXPIRED': 410,
  'AUTH.CODE_LOCKED': 429,
  'AUTH.OFFICE_REQUIRED': 409,
  'AUTH.SESSION_INVALID': 401,
  'AUTH.REFRESH_CONFLICT': 409,
};

/** "ar / en": both languages in one line, Arabic first. */
export const bilingual = (ar: string, en: string) => `${ar} / ${en}`;

function triesAr(n: number): string {
  if (n <= 0) return 'ما بقي لك محاولات؛ اطلب رمزاً جديداً.';
  if (n === 1) return 'باقي لك محاولة واحدة.';
  if (n === 2) return 'باقي لك محاولتان.';
  return `باقي لك ${n} محاولات.`;
}

function triesEn(n: number): string {
  if (n <= 0) return 'No tries left: ask for a new code.';
  return n === 1 ? '1 try left.' : `${n} tries left.`;
}

function messageOf(code: AuthErrorCode, details: Record<string, unknown>): string {
  switch (code) {
    case 'AUTH.PHONE_INVALID':
      return bilingual(
        'رقم الجوال غير صحيح. اكتبه مثل 0551234567.',
        'That phone number is not valid: write it like +966551234567.',
      );
    case 'AUTH.RATE_LIMITED': {
      const minutes = Math.max(1, Math.ceil(Number(details.retryAfterSeconds ?? 60) / 60));
      return bilingual(
        `محاولات كثيرة. حاول بعد ${minutes} دقيقة.`,
        `Too many attempts. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`,
      );
    }
    case 'AUTH.CODE_WRONG': {
      const n = Number(details.triesLeft ?? 0);
      return bilingual(`الرمز غير صحيح. ${triesAr(n)}`, `That code is not right. ${triesEn(n)}`);
    }
    case 'AUTH.CODE_EXPIRED':
      return bilingual(
        'الرمز انتهت صلاحيته أو استُخدم من قبل. اطلب رمزاً جديداً.',
        'That code has expired or was already used. Ask for a new code.',
      );
    case 'AUTH.CODE_LOCKED':
      return bilingual(
        'أُقفل هذا الرمز بعد ٥ محاولات خاطئة. اطلب رمزاً جديداً.',
        'This code is locked after 5 wrong tries. Ask for a new code.',
      );
    case 'AUTH.OFFICE_REQUIRED':
      return bilingual(
        'رقمك عضو في أكثر من مكتب: اختر المكتب.',
        'Your number is a member of several offices: pick one.',
      );
    case 'AUTH.SESSION_INVALID':
      return bilingual('انتهت جلستك. سجّل دخولك من جديد.', 'Your session has ended. Please sign in again.');
    case 'AUTH.REFRESH_CONFLICT':
      return bilingual(
        'جلستك تتجدد في نافذة أخرى؛ حاول مرة ثانية.',
        'Your session is being renewed in another tab; try again.',
      );
  }
}

/** The JSON answer of a sign-in error, with Retry-After when rate-limited. */
export function authErrorResponse(c: Context, error: DomainError<AuthErrorCode>) {
  const details = error.details ?? {};
  const body: Record<string, unknown> = { error: error.code, message: messageOf(error.code, details) };
  if (error.code === 'AUTH.CODE_WRONG') body.triesLeft = details.triesLeft;
  if (error.code === 'AUTH.OFFICE_REQUIRED') body.offices = details.offices;
  if (error.code === 'AUTH.RATE_LIMITED') {
    body.retryAfter = details.retryAfterSeconds;
    c.header('Retry-After', String(details.retryAfterSeconds ?? 60));
  }
  c.header('Cache-Control', 'no-store');
  return c.json(body, STATUS[error.code]);
}

export const CODE_SENT = bilingual(
  'إذا كان الرقم لعضو في مكتب، وصله رمز دخول في محادثته مع نوفا (صالح ١٠ دقائق).',
  'If this number belongs to a member of an office, a sign-in code was sent to their chat with Nova (valid 10 minutes).',
);

export const INVALID_REQUEST = (issues: string[]) => ({
  error: 'invalid_request',
  message: bilingual('الطلب غير مكتمل أو غير صحيح.', 'The request is incomplete or not valid.'),
  issues,
});

export const BODY_TOO_LARGE = {
  error: 'body_too_large',
  message: bilingual('الطلب أكبر من المسموح.', 'The request body is too large.'),
};

export const NOT_JSON = {
  error: 'unsupported_media_type',
  message: bilingual('أرسل الطلب بصيغة JSON.', 'Send the request as JSON (Content-Type: application/json).'),
};
