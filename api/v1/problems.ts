// Errors of the admin API as RFC 9457 problem details (`application/problem+json`): one stable `type` per
// code, `urn:nova:problem:<CODE>`, where CODE is core's dotted error code (CUSTOMER.NOT_FOUND) or one of
// the API's own (API.*). Every code core exports is mapped to its HTTP status here, exhaustively: a new
// code does not compile until it has a status and a sentence in Arabic and English.
//
// 401, 403 and 404 say nothing about another office: its ids are not found, exactly like random ones.
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ApiKeyErrorCode } from '../../core/apikeys/apikeys.service.ts';
import type { AuthErrorCode } from '../../core/auth/auth.types.ts';
import type { ChannelAccountErrorCode } from '../../core/channels/channel-accounts.service.ts';
import type { ConversationErrorCode } from '../../core/contacts/conversations.queries.ts';
import type { CustomerErrorCode } from '../../core/customers/customers.types.ts';
import type { FinanceErrorCode } from '../../core/finance/finance.service.ts';
import type { ListingErrorCode, MarketErrorCode } from '../../core/listings/listings.types.ts';
import type { PropertyErrorCode } from '../../core/listings/properties.service.ts';
import type { MatchErrorCode } from '../../core/matching/matching.service.ts';
import type { OrganizationErrorCode } from '../../core/organizations/organizations.service.ts';
import type { RequestErrorCode, RequestUpdateErrorCode } from '../../core/requests/requests.service.ts';
import type { AppointmentErrorCode } from '../../core/scheduling/appointments.types.ts';
import type { TaskErrorCode } from '../../core/tasks/tasks.service.ts';
import type { FORBIDDEN } from '../../core/teams/authorize.ts';
import type { MemberErrorCode } from '../../core/teams/members.service.ts';
import type { WebhookErrorCode } from '../../core/webhooks/webhooks.types.ts';

/** Every error code core returns (Result values) or throws (AUTH.FORBIDDEN). Add a module's union here. */
export type CoreErrorCode =
  | typeof FORBIDDEN
  | AuthErrorCode
  | ApiKeyErrorCode
  | AppointmentErrorCode
  | ChannelAccountErrorCode
  | ConversationErrorCode
  | CustomerErrorCode
  | FinanceErrorCode
  | ListingErrorCode
  | MarketErrorCode
  | MatchErrorCode
  | MemberErrorCode
  | OrganizationErrorCode
  | PropertyErrorCode
  | RequestErrorCode
  | RequestUpdateErrorCode
  | TaskErrorCode
  | WebhookErrorCode;

/** The API's own problems (not core's). */
export type ApiProblemCode =
  | 'API.UNAUTHORIZED'
  | 'API.READ_ONLY_KEY'
  | 'API.INVALID_INPUT'
  | 'API.NOT_FOUND'
  | 'API.PRECONDITION_FAILED'
  | 'API.IDEMPOTENCY_MISMATCH'
  | 'API.IDEMPOTENCY_IN_PROGRESS'
  | 'API.RATE_LIMITED'
  | 'API.PAYLOAD_TOO_LARGE'
  | 'API.UNSUPPORTED_MEDIA_TYPE'
  | 'API.INTERNAL';

export type ProblemCode = CoreErrorCode | ApiProblemCode;

interface ProblemText {
  status: ContentfulStatusCode;
  /** a short English title, stable per type */
  title: string;
  ar: string;
  en: string;
}

const p = (status: ContentfulStatusCode, title: string, ar: string, en: string): ProblemText => ({
  status,
  title,
  ar,
  en,
});

const NOT_FOUND_AR = 'غير موجود.';

export const PROBLEMS: Record<ProblemCode, ProblemText> = {
  // the API's own
  'API.UNAUTHORIZED': p(
    401,
    'Unauthorized',
    'أرسل رمز دخول صالحاً أو مفتاح API في ترويسة Authorization: Bearer.',
    'Send a valid access token or API key as Authorization: Bearer.',
  ),
  'API.READ_ONLY_KEY': p(
    403,
    'Read-only API key',
    'هذا المفتاح للقراءة فقط.',
    'This API key is read-only: it cannot change anything.',
  ),
  'API.INVALID_INPUT': p(400, 'Invalid input', 'البيانات المرسلة غير صحيحة.', 'The request is not valid.'),
  'API.NOT_FOUND': p(404, 'Not found', NOT_FOUND_AR, 'Not found.'),
  'API.PRECONDITION_FAILED': p(
    412,
    'Precondition failed',
    'تغيّر السجل بعد قراءتك له؛ اقرأه من جديد ثم عدّل.',
    'The resource changed since you read it (If-Match): read it again, then update.',
  ),
  'API.IDEMPOTENCY_MISMATCH': p(
    422,
    'Idempotency key reused',
    'استخدمت مفتاح Idempotency-Key نفسه مع طلب مختلف.',
    'This Idempotency-Key was used with a different request.',
  ),
  'API.IDEMPOTENCY_IN_PROGRESS': p(
    409,
    'Request in progress',
    'الطلب الأول بهذا المفتاح ما زال قيد التنفيذ؛ أعد المحاولة بعد قليل.',
    'The first request with this Idempotency-Key is still running: retry shortly.',
  ),
  'API.RATE_LIMITED': p(
    429,
    'Too many requests',
    'طلبات كثيرة؛ انتظر قليلاً ثم أعد المحاولة.',
    'Too many requests: wait (Retry-After) and try again.',
  ),
  'API.PAYLOAD_TOO_LARGE': p(413, 'Payload too large', 'الملف أكبر من المسموح.', 'The upload is too large.'),
  'API.UNSUPPORTED_MEDIA_TYPE': p(
    415,
    'Unsupported media type',
    'نوع الملف غير مدعوم.',
    'This type of content is not supported.',
  ),
  'API.INTERNAL': p(
    500,
    'Internal error',
    'صار خطأ عندنا؛ حاول مرة ثانية.',
    'Something failed on our side: try again.',
  ),

  // thrown by core/teams/authorize.ts
  'AUTH.FORBIDDEN': p(403, 'Forbidden', 'ما عندك صلاحية لهذا.', 'Your role does not allow this.'),

  // sign-in (core/auth): answered by /auth, listed for completeness
  'AUTH.PHONE_INVALID': p(400, 'Invalid phone', 'رقم الجوال غير صحيح.', 'That phone number is not valid.'),
  'AUTH.RATE_LIMITED': p(429, 'Too many attempts', 'محاولات كثيرة؛ انتظر قليلاً.', 'Too many attempts: wait a while.'),
  'AUTH.CODE_WRONG': p(400, 'Wrong code', 'الرمز غير صحيح.', 'That code is wrong.'),
  'AUTH.CODE_EXPIRED': p(410, 'Code expired', 'انتهت صلاحية الرمز.', 'That code expired.'),
  'AUTH.CODE_LOCKED': p(429, 'Code locked', 'الرمز مقفل؛ اطلب رمزاً جديداً.', 'That code is locked: ask for a new one.'),
  'AUTH.OFFICE_REQUIRED': p(409, 'Office required', 'حدّد المكتب.', 'Name the office.'),
  'AUTH.SESSION_INVALID': p(401, 'Session invalid', 'انتهت الجلسة؛ سجّل من جديد.', 'The session ended: sign in again.'),
  'AUTH.REFRESH_CONFLICT': p(409, 'Refresh conflict', 'أعد المحاولة.', 'Try again.'),

  'APIKEY.INVALID_INPUT': p(
    400,
    'Invalid API key input',
    'بيانات المفتاح غير صحيحة.',
    'The API key input is not valid.',
  ),
  'APIKEY.MEMBER_NOT_FOUND': p(
    404,
    'Member not found',
    'لا يوجد عضو نشط بهذا الرقم في المكتب.',
    'No active member of the office is named so.',
  ),
  'APIKEY.NOT_FOUND': p(404, 'API key not found', NOT_FOUND_AR, 'API key not found.'),

  'APPOINTMENT.SLOT_TAKEN': p(409, 'Slot taken', 'هذا الموعد محجوز للتو.', 'That slot was just taken.'),
  'APPOINTMENT.UNAVAILABLE': p(409, 'Time unavailable', 'هذا الوقت غير متاح.', 'That time cannot be booked.'),
  'APPOINTMENT.NOT_FOUND': p(404, 'Appointment not found', NOT_FOUND_AR, 'Appointment not found.'),
  'APPOINTMENT.NOT_ACTIVE': p(
    409,
    'Appointment closed',
    'الموعد ملغى أو منتهٍ ولا يتغير.',
    'The appointment is cancelled or done: it cannot change.',
  ),
  'APPOINTMENT.INVALID_INPUT': p(
    400,
    'Invalid appointment',
    'بيانات الموعد غير صحيحة.',
    'The appointment is not valid.',
  ),

  'CHANNEL.TAKEN': p(409, 'Channel taken', 'هذه القناة مربوطة بمكتب آخر.', 'This channel is bound already.'),
  'CHANNEL.BAD_TOKEN': p(400, 'Bad channel token', 'رمز القناة غير صحيح.', 'The channel token is not valid.'),
  'CHANNEL.BAD_INPUT': p(400, 'Invalid channel input', 'بيانات القناة غير صحيحة.', 'The channel input is not valid.'),
  'CHANNEL.NOT_FOUND': p(404, 'Channel not found', NOT_FOUND_AR, 'Channel account not found.'),
  'CHANNEL.BUILT_IN': p(409, 'Built-in channel', 'هذه القناة أساسية ولا تُحذف.', 'This channel comes with the office.'),
  'CONVERSATION.NOT_FOUND': p(404, 'Conversation not found', NOT_FOUND_AR, 'Conversation not found.'),

  'CUSTOMER.INVALID_INPUT': p(400, 'Invalid customer', 'بيانات العميل غير صحيحة.', 'The customer is not valid.'),
  'CUSTOMER.INVALID_PHONE': p(400, 'Invalid phone', 'رقم جوال العميل غير صحيح.', "The customer's phone is not valid."),
  'CUSTOMER.DUPLICATE_PHONE': p(
    409,
    'Duplicate phone',
    'يوجد عميل بهذا الرقم في المكتب.',
    'The office already has a customer with this phone.',
  ),
  'CUSTOMER.NOT_FOUND': p(404, 'Customer not found', NOT_FOUND_AR, 'Customer not found.'),

  'SALE.INVALID_AMOUNT': p(400, 'Invalid amount', 'المبلغ غير صحيح.', 'The amount is not valid.'),
  'SALE.CUSTOMER_NOT_FOUND': p(404, 'Customer not found', NOT_FOUND_AR, 'Customer not found.'),
  'SALE.PROPERTY_NOT_FOUND': p(404, 'Property not found', NOT_FOUND_AR, 'Property not found.'),
  'SALE.NOT_FOUND': p(404, 'Sale not found', NOT_FOUND_AR, 'Sale not found.'),

  'LISTING.INVALID_INPUT': p(400, 'Invalid listing', 'بيانات العقار غير صحيحة.', 'The listing is not valid.'),
  'LISTING.NOT_FOUND': p(404, 'Property not found', NOT_FOUND_AR, 'Property not found.'),
  'LISTING.LICENCE_REQUIRED': p(
    409,
    'Licence required',
    'النشر يحتاج رقم ترخيص الإعلان من الهيئة العامة للعقار.',
    'Publishing needs the REGA advertising licence number.',
  ),
  'LISTING.NOT_ACTIVE': p(
    409,
    'Property not active',
    'العقار غير متاح (مباع أو مؤجر أو مؤرشف).',
    'The property is not active.',
  ),
  'LISTING.TOO_MANY_IMAGES': p(
    409,
    'Too many images',
    'وصل العقار للحد الأعلى من الصور.',
    'The property has the most photos allowed.',
  ),
  'OFFER.NOT_FOUND': p(404, 'Offer not found', NOT_FOUND_AR, 'Offer not found.'),
  'LISTING.OWNER_NOT_FOUND': p(
    404,
    'Owner not found',
    'المالك ليس عميلاً في المكتب.',
    'The owner is no customer of the office.',
  ),
  'MARKET.NOT_SHARED': p(404, 'Offer not shared', NOT_FOUND_AR, 'No shared offer with this id.'),
  'MARKET.FULL': p(409, 'Offer full', 'اكتمل عدد الوسطاء لهذا العرض.', 'Enough brokers took this offer already.'),
  'MARKET.OWN_OFFER': p(409, 'Own offer', 'هذا عرض مكتبك.', "This is your office's own offer."),
  'MATCH.NOT_FOUND': p(404, 'Match not found', NOT_FOUND_AR, 'Match not found.'),

  'MEMBER.PHONE_TAKEN': p(409, 'Phone taken', 'هذا الرقم عضو في المكتب.', 'This phone is a member already.'),
  'MEMBER.NOT_FOUND': p(404, 'Member not found', NOT_FOUND_AR, 'Member not found.'),
  'MEMBER.LAST_OWNER': p(409, 'Last owner', 'هذا آخر مالك للمكتب.', "This is the office's only owner."),
  'MEMBER.BAD_PHONE': p(400, 'Invalid phone', 'رقم الجوال غير صحيح.', 'The phone is not valid.'),
  'MEMBER.BAD_NAME': p(400, 'Invalid name', 'الاسم غير صحيح.', 'The name is not valid.'),
  'MEMBER.FORBIDDEN': p(403, 'Forbidden', 'ما عندك صلاحية لهذا.', 'Your role does not allow this.'),
  'MEMBER.SELF': p(
    409,
    'Self',
    'لا تقدر تحذف نفسك ولا تغيّر صلاحياتك بنفسك.',
    'A member cannot remove themself nor set their own permissions.',
  ),
  'MEMBER.NO_SUCCESSOR': p(409, 'No successor', 'لا يوجد من يستلم عمله.', 'Nobody can take over the work.'),
  'MEMBER.BAD_SUCCESSOR': p(400, 'Bad successor', 'المستلم غير مناسب.', 'That member cannot take over the work.'),
  'MEMBER.TEAM_NOT_FOUND': p(404, 'Team not found', NOT_FOUND_AR, 'Team not found.'),
  'MEMBER.APPOINTMENT_CLASH': p(409, 'Appointment clash', 'مواعيده تتعارض.', 'The viewings would overlap.'),

  'ORG.SLUG_TAKEN': p(409, 'Slug taken', 'الاسم المختصر مستخدم.', 'That slug is taken.'),
  'ORG.BAD_SLUG': p(400, 'Invalid slug', 'الاسم المختصر غير صحيح.', 'The slug is not valid.'),
  'ORG.BAD_NAME': p(400, 'Invalid name', 'اسم المكتب غير صحيح.', 'The office name is not valid.'),
  'ORG.BAD_PHONE': p(400, 'Invalid phone', 'رقم الجوال غير صحيح.', 'The phone is not valid.'),
  'ORG.BAD_TIME_ZONE': p(400, 'Invalid time zone', 'المنطقة الزمنية غير صحيحة.', 'The time zone is not valid.'),

  'REQUEST.INVALID_RANGE': p(400, 'Invalid range', 'الحد الأدنى أكبر من الأعلى.', 'A minimum exceeds its maximum.'),
  'REQUEST.CUSTOMER_NOT_FOUND': p(404, 'Customer not found', NOT_FOUND_AR, 'Customer not found.'),
  'REQUEST.AMOUNT_TOO_LARGE': p(400, 'Amount too large', 'الرقم أكبر من المعقول.', 'An amount or area is too large.'),
  'REQUEST.INVALID_INPUT': p(400, 'Invalid request', 'بيانات الطلب غير صحيحة.', 'The request is not valid.'),
  'REQUEST.NOT_FOUND': p(404, 'Request not found', NOT_FOUND_AR, 'Request not found.'),

  'TASK.INVALID_INPUT': p(400, 'Invalid task', 'بيانات المهمة غير صحيحة.', 'The task is not valid.'),
  'TASK.IN_PAST': p(400, 'Due in the past', 'الموعد في الماضي.', 'The due time is in the past.'),
  'TASK.NOT_FOUND': p(404, 'Task not found', NOT_FOUND_AR, 'Task not found.'),
  'TASK.CLOSED': p(409, 'Task closed', 'المهمة منتهية.', 'The task is closed.'),

  'WEBHOOK.INVALID_INPUT': p(400, 'Invalid webhook', 'بيانات الويب هوك غير صحيحة.', 'The webhook is not valid.'),
  'WEBHOOK.INVALID_URL': p(400, 'Invalid URL', 'الرابط غير مقبول.', 'That URL is not accepted.'),
  'WEBHOOK.TOO_MANY': p(409, 'Too many webhooks', 'وصلت للحد الأعلى من الروابط.', 'The office has too many endpoints.'),
  'WEBHOOK.NOT_FOUND': p(404, 'Webhook not found', NOT_FOUND_AR, 'Webhook endpoint not found.'),
  'WEBHOOK.DELIVERY_NOT_FOUND': p(404, 'Delivery not found', NOT_FOUND_AR, 'Webhook delivery not found.'),
  'WEBHOOK.ENDPOINT_DISABLED': p(409, 'Endpoint disabled', 'الرابط معطّل.', 'The endpoint is disabled.'),
};

export const problemType = (code: ProblemCode) => `urn:nova:problem:${code}`;

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  /** Arabic / English */
  detail: string;
  /** the dotted code the type ends with */
  code: ProblemCode;
  /** validation issues (400) */
  errors?: Array<{ path: string; message: string }>;
  /** facts for the client (an existing customer's id on a duplicate phone, …) */
  details?: Record<string, unknown>;
}

export function problemBody(
  code: ProblemCode,
  extra: { details?: Record<string, unknown>; errors?: ProblemBody['errors']; detail?: string } = {},
): ProblemBody {
  const text = PROBLEMS[code];
  return {
    type: problemType(code),
    title: text.title,
    status: text.status,
    detail: extra.detail ?? `${text.ar} / ${text.en}`,
    code,
    ...(extra.errors ? { errors: extra.errors } : {}),
    ...(extra.details && Object.keys(extra.details).length ? { details: extra.details } : {}),
  };
}

export function problemResponse(
  c: Context,
  code: ProblemCode,
  extra: Parameters<typeof problemBody>[1] & { headers?: Record<string, string> } = {},
): Response {
  const body = problemBody(code, extra);
  const headers: Record<string, string> = {
    'content-type': 'application/problem+json; charset=utf-8',
    'cache-control': 'no-store',
    ...extra.headers,
  };
  if (body.status === 401) headers['www-authenticate'] = 'Bearer realm="nova"';
  return c.body(JSON.stringify(body), body.status as ContentfulStatusCode, headers as Record<string, string>);
}

/** A problem thrown from a handler (or anywhere below it): answered as is, and rolls back a write. */
export class ProblemError extends Error {
  override name = 'ProblemError';
  constructor(
    readonly code: ProblemCode,
    readonly extra: Parameters<typeof problemBody>[1] & { headers?: Record<string, string> } = {},
  ) {
    super(code);
  }
}

export const isProblemCode = (code: string): code is ProblemCode => Object.hasOwn(PROBLEMS, code);
