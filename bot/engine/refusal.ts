// A member's command that his role does not allow: core refuses it (ForbiddenError, thrown by
// core/teams/authorize.ts before anything is written) and the turn answers in the member's language,
// naming what was refused. The conversation stays where it was before the message (its dialog, list and
// choices), and what the turn already did (the message marked read, an earlier write) is kept.
import { isForbidden } from '../../core/teams/authorize.ts';
import type { PermissionAction, PermissionModule } from '../../core/teams/permissions.ts';
import type { Lang } from '../render/format.ts';
import { t } from '../render/texts.ts';
import type { Middleware } from './compose.ts';
import type { TurnContext } from './context.ts';

type Words = readonly [ar: string, en: string];

const MODULE_WORDS: Record<PermissionModule, Words> = {
  crm: ['العملاء', 'customers'],
  properties: ['العقارات', 'listings'],
  calendar: ['المواعيد', 'appointments'],
  tasks: ['المهام', 'tasks'],
  analytics: ['التقارير', 'reports'],
  settings: ['إعدادات المكتب', 'the office settings'],
};

function actionWords(module: PermissionModule, action: PermissionAction): Words {
  const [ar, en] = MODULE_WORDS[module];
  switch (action) {
    case 'view':
      return [`عرض ${ar}`, `see ${en}`];
    case 'create':
      return [`إضافة ${ar}`, `add ${en}`];
    case 'edit':
      return [`تعديل ${ar}`, `change ${en}`];
    case 'delete':
      return [`حذف ${ar}`, `delete ${en}`];
    case 'export':
      return [`تصدير ${ar}`, `export ${en}`];
    case 'publish':
      return [`نشر ${ar}`, `publish ${en}`];
    case 'assign':
      return [`تحويل ${ar} لغيرك`, `assign ${en} to others`];
    case 'viewAll':
      return [`عرض كل ${ar} في المكتب`, `see all the office's ${en}`];
  }
}

/** Commands named more precisely than their module and action (the ids core gives ForbiddenError). */
const COMMAND_WORDS: Record<string, Words> = {
  'customer.update': ['تعديل بيانات العملاء', 'change customers’ details'],
  'customer.followup': ['جدولة متابعة العملاء', 'schedule follow-ups with customers'],
  'customer.interaction': ['تسجيل التواصل مع العملاء', 'log calls with customers'],
  'customer.note': ['إضافة ملاحظات على العملاء', 'add notes on customers'],
  'request.create': ['إضافة طلبات العملاء', 'add customers’ requests'],
  'property.publish': ['نشر العقارات في سوق الوسطاء', 'share listings on the brokers’ marketplace'],
  'property.withdraw': ['سحب العقارات من السوق', 'take listings off the market'],
  'marketplace.accept': ['أخذ عروض سوق الوسطاء', 'take offers from the marketplace'],
  'match.accept': ['قبول المطابقات', 'accept matches'],
  'match.reject': ['رفض المطابقات', 'reject matches'],
  'appointment.book': ['حجز المواعيد', 'book viewings'],
  'appointment.cancel': ['إلغاء المواعيد', 'cancel viewings'],
  'appointment.reschedule': ['تغيير المواعيد', 'move viewings'],
  'appointment.outcome': ['تسجيل نتيجة المعاينات', 'record how viewings went'],
  'calendar.hours': ['تعديل الدوام', 'change working hours'],
  'calendar.holiday': ['تسجيل الإجازات', 'add holidays'],
  'calendar.feed': ['تغيير رابط التقويم', 'change the calendar link'],
  'calendar.phones': ['تغيير إعدادات التقويم', 'change calendar settings'],
  'task.assign': ['إسناد المهام لغيرك', 'assign tasks to others'],
  'task.complete': ['إنهاء المهام', 'complete tasks'],
  'sale.record': ['تسجيل الصفقات', 'record deals'],
};

export interface Refused {
  module: PermissionModule;
  action: PermissionAction;
  command?: string;
}

/** «🔒 ما عندك صلاحية تسجيل الصفقات …» / "🔒 You don't have permission to record deals. …" */
export function refusalText(lang: Lang, refused: Refused): string {
  const precise = refused.command ? COMMAND_WORDS[refused.command] : undefined;
  // a report beyond his team is refused as viewAll: named by the action, not by the command
  const [ar, en] = precise && refused.action !== 'viewAll' ? precise : actionWords(refused.module, refused.action);
  return t(
    lang,
    `🔒 ما عندك صلاحية ${ar}؛ صلاحياتك ما تسمح بهذا. كلّم مدير المكتب لو تحتاجها.`,
    `🔒 You don't have permission to ${en}. Ask your office manager if you need it.`,
  );
}

/**
 * The chat edge of a refusal: a core command refused for the member's role ends the turn with the
 * refusal, the conversation's state as it was before the message, and none of the turn's replies (they
 * may ask a question whose state is undone). Notices already queued (about writes that happened) stay.
 */
export const refuseForbidden: Middleware<TurnContext> = async (ctx, next) => {
  const state = structuredClone(ctx.state);
  const replies = ctx.replies.length;
  try {
    await next();
  } catch (error) {
    if (!isForbidden(error)) throw error;
    ctx.logger.info({ command: error.command, module: error.module, action: error.action }, 'command refused');
    ctx.state = state;
    ctx.replies.splice(replies);
    ctx.reply(refusalText(ctx.lang, error));
  }
};
