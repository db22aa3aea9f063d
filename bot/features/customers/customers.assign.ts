// «حول العميل ابو عبدالله لليلى», «عط ليلى العميل فهد», "assign Omar to Layla": a customer handed to
// another broker of the office in chat. The customers service checks the right to assign (and to see
// the new broker); the new broker is told in her chat. Before, the message showed the customer's card.
import { memberScope } from '../../../core/shared/scope.ts';
import { memberCan } from '../../../core/teams/teams.service.ts';
import type { TurnContext } from '../../engine/context.ts';
import { t } from '../../render/texts.ts';
import { firstNameForms, memberNamedIn, nameWords, say, tellBroker } from '../shared/helpers.ts';
import { findCustomers } from './customers.handlers.ts';

const VERB =
  /(^|\s)(حول|حولي|حولها|حوله|انقل|انقلها|انقله|سلمها|سلمه|عطها|عطه|اعط|اعطي|عط|عطي|سلم|وزع|خل|خلي|assign|reassign|transfer|give|hand)(?=\s|$)/u;
const STRONG_VERB = /(^|\s)(حول|حولي|حولها|حوله|انقل|انقلها|انقله|assign|reassign|transfer)(?=\s|$)/u;
const CUSTOMER_WORD = /(^|\s)(العميل|العميله|عميل|عميله|customer|client|lead)(?=\s|$)/u;
/** Words around the names: never part of the customer's name. */
const FILLER = new Set([
  ...['العميل', 'العميله', 'عميل', 'عميله', 'الى', 'الي', 'على', 'علي', 'مع', 'يتابعه', 'تتابعه', 'تتابع', 'يتابع'],
  ...['يتابعها', 'تتابعها', 'هي', 'هو', 'خلها', 'خله', 'عشان', 'لان'],
  ...['the', 'customer', 'client', 'lead', 'to', 'over', 'please'],
]);

/** The customers feature's words: a customer handed to another broker; false when it is not that. */
export async function assignWords(ctx: TurnContext): Promise<boolean> {
  if (ctx.actor.kind !== 'member' || ctx.choice || !ctx.text) return false;
  const words = nameWords(ctx.text);
  const folded = words.join(' ');
  if (!VERB.test(folded)) return false;
  // «خل ليلى تتصل على فهد» is a job for Layla, not a handover: the softer verbs need «العميل»
  if (!STRONG_VERB.test(folded) && !CUSTOMER_WORD.test(folded)) return false;
  const member = ctx.actor.member;
  const scope = memberScope(member);
  // the broker named: a first name of the office's active members, alone or with «ل» / «لـ»
  const team = (await ctx.core.teams.membersNamed(scope, 'all')).filter((u) => u.id !== member.userId);
  const target = memberNamedIn(words, team);
  if (!target) return false;
  const targetForms = firstNameForms(target.name);
  const customerWords = words.filter((w) => !VERB.test(` ${w} `) && !FILLER.has(w) && !targetForms.includes(w));
  if (customerWords.length === 0 || customerWords.length > 4) return false;
  if (!memberCan(member, 'crm', 'assign')) {
    say(
      ctx,
      'ما عندك صلاحية تحويل العملاء. اطلبها من مدير المكتب.',
      'You may not reassign customers. Ask the office manager.',
    );
    return true;
  }
  const found = await findCustomers(ctx, member, customerWords.join(' '));
  if (found.length !== 1) {
    say(
      ctx,
      found.length === 0
        ? `ما لقيت عميل باسم ${customerWords.join(' ')}.`
        : `عندك أكثر من عميل باسم ${customerWords.join(' ')}. اكتب اسمه كامل أو رقمه.`,
      found.length === 0
        ? `No customer named ${customerWords.join(' ')}.`
        : `Several customers are named ${customerWords.join(' ')}. Write the full name or the number.`,
    );
    return true;
  }
  const customer = found[0]!;
  if (customer.assignedToId === target.id) {
    say(ctx, `${customer.name} أصلاً عند ${target.name} 👌`, `${customer.name} is already with ${target.name} 👌`);
    return true;
  }
  const moved = await ctx.core.customers.update(scope, customer.id, { assignedToId: target.id });
  if (!moved.ok) {
    say(ctx, 'ما قدرت أحول العميل.', 'I could not reassign that customer.');
    return true;
  }
  await tellBroker(ctx, target.id, (lang) =>
    t(
      lang,
      `📥 حوّل لك ${member.name} العميل ${customer.name}. اكتب «تفاصيل ${customer.name}» لبياناته.`,
      `📥 ${member.name} passed you the customer ${customer.name}. Write "details ${customer.name}" to see them.`,
    ),
  );
  say(
    ctx,
    `✅ حولت ${customer.name} إلى ${target.name}، وأبلغت ${target.name}.`,
    `✅ ${customer.name} is now with ${target.name}; I told them.`,
  );
  return true;
}
