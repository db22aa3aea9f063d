// «الغ طلب سلمان», «سكر طلب سلمان لقى بيت», «طلب سلمان انتهى», «احذف الطلب حق سلمان», "close Salman's
// request": a broker closing a customer's request. The parser reads them as a plain cancel (which said
// "nothing to cancel" while the request stayed), a new request (which asked "buy or rent?"), or a change
// of the customer; closed here, its pending matches expire (requests.update queues matching).
import { memberScope } from '../../../core/shared/scope.ts';
import { foldForSearch } from '../../../core/shared/text.ts';
import { type Member, memberCan } from '../../../core/teams/teams.service.ts';
import type { TurnContext } from '../../engine/context.ts';
import { t } from '../../render/texts.ts';
import { findCustomers } from '../customers/customers.handlers.ts';
import { describeCriteria } from '../shared/criteria.ts';
import { nth, say } from '../shared/helpers.ts';
import { criteriaOf } from './request.amend.ts';

const REQUEST_WORD = /(^|\s)(ال)?طلب(ه|ها)?(?=\s|$)|\brequests?\b/u;
/** A verb that closes, before the request («الغ طلب …», "close … request"). */
const CLOSE_VERB =
  /(^|\s)(الغ|الغي|الغيه|سكر|سكري|سكره|اقفل|قفل|احذف|امسح|شيل|كنسل|close|cancel|delete|remove|drop)(?=\s|$)/u;
/** Words after the request that say it is over («طلب سلمان انتهى», "… is done"), as folded (ى → ي). */
const OVER = /(^|\s)(انتهي|خلص|تم|انقفل|اتقفل|ملغي|done|closed|over|finished)(?=\s|$)/u;

/** Whether a member's message asks to close a customer's request. Pure. */
export function asksToCloseRequest(text: string): boolean {
  const s = foldForSearch(text).replace(/[،,.!؟?']/gu, ' ');
  if (!REQUEST_WORD.test(s)) return false;
  return CLOSE_VERB.test(s) || OVER.test(s);
}

/** The requests feature's words for members: closing the request of the customer named. */
export async function closeRequestWords(ctx: TurnContext): Promise<boolean> {
  if (ctx.actor.kind !== 'member' || ctx.choice || !ctx.text || !asksToCloseRequest(ctx.text)) return false;
  const name = ctx.parsed?.entities.name;
  if (!name || ctx.parsed?.entities.property_type) return false;
  const member = ctx.actor.member;
  if (!memberCan(member, 'crm', 'edit')) return false;
  await closeRequestOf(ctx, member, name);
  return true;
}

async function closeRequestOf(ctx: TurnContext, member: Member, name: string) {
  const scope = memberScope(member);
  const found = await findCustomers(ctx, member, name);
  if (found.length === 0) {
    say(ctx, `ما لقيت عميل باسم ${name}.`, `No customer named ${name}.`);
    return;
  }
  if (found.length > 1) {
    ctx.state.list = { kind: 'customer', ids: found.map((c) => c.id) };
    ctx.reply(
      [
        t(ctx.lang, `عندك أكثر من عميل باسم ${name}:`, `You have more than one customer named ${name}:`),
        ...found.map((c, i) => `${nth(ctx, i)}. ${c.name}${c.phone ? ` — ${c.phone}` : ''}`),
        t(
          ctx.lang,
          'اكتب اسمه كامل، مثل: الغ طلب سلمان العتيبي',
          'Write the full name, e.g. close the request of Salman Alotaibi',
        ),
      ].join('\n'),
    );
    return;
  }
  const customer = found[0]!;
  const request = (await ctx.core.requests.latestActiveOf(scope, [customer.id])).get(customer.id);
  if (!request) {
    say(ctx, `ما عند ${customer.name} طلب مفتوح.`, `${customer.name} has no open request.`);
    return;
  }
  const closed = await ctx.core.requests.update(scope, request.id, { status: 'closed' });
  if (!closed.ok) {
    say(ctx, `ما لقيت طلب ${customer.name}.`, `I could not find ${customer.name}'s request.`);
    return;
  }
  const c = criteriaOf(request, {});
  say(
    ctx,
    `✅ أغلقت طلب ${customer.name}: ${describeCriteria('ar', c)}. ما عاد يدخل في المطابقات.`,
    `✅ Closed ${customer.name}'s request: ${describeCriteria('en', c)}. It is out of matching now.`,
  );
}
