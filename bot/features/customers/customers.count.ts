// «كم عميل عندي؟», "how many clients do I have?": the number of customers the member sees, by status.
// The parser reads it as a report (report.summary), whose month figures answered "new this month"
// instead of the count asked for.
import { memberScope } from '../../../core/shared/scope.ts';
import type { TurnContext } from '../../engine/context.ts';
import { countAr, NOUNS } from '../../render/counts.ts';
import { formatNumber } from '../../render/format.ts';
import { t } from '../../render/texts.ts';
import { requireMember } from '../shared/helpers.ts';
import { visibleTo } from './customers.handlers.ts';
import { statusLabel } from './customers.texts.ts';

/** Asking how many customers, without a period (a month's new ones are the reports'). Letters as typed. */
const HOW_MANY =
  /^\s*(?:(?:كم|قديش)\s+(?:عدد\s+)?(?:عميل|زبون|عملاء|عملائي|زباين)(?:\s+(?:عندي|لي|معي|عندنا|عندك|بالمكتب|في المكتب))?|(?:عدد|كم عدد)\s+(?:عملائي|العملاء|الزباين|زبايني))\s*[؟?!.]*\s*$|^\s*how many (?:customers|clients|leads) (?:do (?:i|we) have|have i got)(?: in total)?\s*[?!.]*\s*$/iu;

export const asksCustomerCount = (text: string): boolean => HOW_MANY.test(text);

/** The customers feature's words: the count; false for anything else. */
export async function countWords(ctx: TurnContext): Promise<boolean> {
  if (ctx.actor.kind !== 'member' || !asksCustomerCount(ctx.text)) return false;
  const member = requireMember(ctx, 'crm', 'view');
  if (!member) return true;
  const counts = await ctx.core.customers.statusCounts(memberScope(member), visibleTo(member));
  const total = Object.values(counts).reduce((sum, n) => sum + (n ?? 0), 0);
  if (total === 0) {
    ctx.reply(
      t(
        ctx.lang,
        'ما عندك عملاء للحين. أضف أول عميل: عميل جديد أحمد 0551234567',
        'No customers yet. Add one: new lead Ahmed 0551234567',
      ),
    );
    return true;
  }
  const parts = (Object.entries(counts) as Array<[Parameters<typeof statusLabel>[1], number]>)
    .filter(([, n]) => n > 0)
    .sort(([, a], [, b]) => b - a)
    .map(([status, n]) => `${statusLabel(ctx, status)} ${formatNumber(n, ctx.lang)}`);
  ctx.reply(
    t(
      ctx.lang,
      `👥 عندك ${total === 1 ? 'عميل واحد' : countAr(total, NOUNS.customer)}: ${parts.join('، ')}.\nاكتب «عملائي» لعرضهم.`,
      `👥 You have ${total} ${total === 1 ? 'customer' : 'customers'}: ${parts.join(', ')}.\nWrite "my customers" to see them.`,
    ),
  );
  return true;
}
