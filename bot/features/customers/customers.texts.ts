// How a customer's status reads in chat.
import type { CustomerStatus } from '../../../core/customers/customers.types.ts';
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
