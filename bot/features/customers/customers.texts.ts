// How a customer's status reads in chat.
import type { CustomerStatus, InterestLevel } from '../../../core/customers/customers.types.ts';
import type { TurnContext } from '../../engine/context.ts';
import { t } from '../../render/texts.ts';

const STATUS_LABELS: Record<CustomerStatus, readonly [ar: string, en: string]> = {
  new: ['جديد', 'new'],
  contacted: ['تم التواصل', 'contacted'],
  interested: ['مهتم', 'interested'],
  negotiating: ['تفاوض', 'negotiating'],
  closed: ['مغلق', 'closed'],
  lost: ['غير مهتم', 'lost'],
  inactive: ['غير نشط', 'inactive'],
};

export const statusLabel = (ctx: TurnContext, status: CustomerStatus) =>
  t(ctx.lang, STATUS_LABELS[status][0], STATUS_LABELS[status][1]);

/** Interest levels read in words, never the stored value («very_hot» → «مهتم جداً»). */
const INTEREST_LABELS: Record<InterestLevel, readonly [ar: string, en: string]> = {
  cold: ['بارد', 'cold'],
  warm: ['متوسط', 'warm'],
  hot: ['مهتم', 'hot'],
  very_hot: ['مهتم جداً', 'very interested'],
};

export const interestLabel = (ctx: TurnContext, level: InterestLevel) => {
  const label = INTEREST_LABELS[level];
  return label ? t(ctx.lang, label[0], label[1]) : t(ctx.lang, 'غير محدد', 'not set');
};
