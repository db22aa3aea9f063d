// «مين ما تواصلت معه من اسبوع», «العملاء اللي ما كلمتهم من شهر», "who haven't I contacted in two weeks",
// "quiet leads": the member's open customers not contacted for that long, the longest quiet first. The
// parser reads «ما تواصلت» as a note about someone and asked "on which customer?".
import { DEFAULT_GONE_QUIET_DAYS } from '../../../core/notifications/daily-rhythm.ts';
import { toAsciiDigits } from '../../../core/shared/digits.ts';
import { memberScope } from '../../../core/shared/scope.ts';
import { foldForSearch } from '../../../core/shared/text.ts';
import type { TurnContext } from '../../engine/context.ts';
import { count, NOUNS } from '../../render/counts.ts';
import { formatDay } from '../../render/format.ts';
import { t } from '../../render/texts.ts';
import { requireMember } from '../shared/helpers.ts';
import { customerLine, visibleTo } from './customers.handlers.ts';

/** Not contacted (folded letters): «ما تواصلت», «ما كلمتهم», "haven't contacted", "quiet leads". */
const NOT_CONTACTED =
  /(^|[^\p{L}])(ما|لم|مو)\s*(تواصلت|اتواصلت|كلمت|كلمتهم|كلمته|كلمتها|اتصلت|تابعت|تابعتهم|تابعته|تابعتها|سالت عنهم)(?=[^\p{L}]|$)|(^|[^\p{L}])(ال)?عملاء\s+(ال)?(مهملين|منسيين|نايمين|راكدين|الي نسيتهم|اللي نسيتهم)|(^|[^\p{L}])نسيتهم(?=[^\p{L}]|$)|\b(haven'?t|have not|hasn'?t|didn'?t|did not|not)\s+((i|we|you|he|she)\s+)?(contacted|called|spoken to|talked to|followed up|heard from)\b|\b(quiet|cold|stale|neglected|forgotten)\s+(leads|clients|customers)\b/u;

/** A list asked for, not a note about one person («ما كلمت خالد» is a note). */
const ASKS_WHO =
  /(^|[^\p{L}])(مين|من هم|منهم|وش|ايش|عطني|اعطني|وريني|طلع لي|العملاء|عملائي|عملاء)(?=[^\p{L}]|$)|\b(who|which|list|show|any|my|leads|clients|customers)\b/u;

/** «من اسبوع», «من ١٠ ايام», «من شهر», "in two weeks", "for 10 days": days; undefined when none is said. */
export function quietDaysOf(text: string): number | undefined {
  const f = foldForSearch(toAsciiDigits(text));
  const n = f.match(/(\d{1,3})\s*(يوم|ايام|days?)(?=[^\p{L}]|$)/u);
  if (n) return Number(n[1]);
  const w = f.match(/(\d{1,2})\s*(اسبوع|اسابيع|weeks?)(?=[^\p{L}]|$)/u);
  if (w) return Number(w[1]) * 7;
  if (/(^|[^\p{L}])(يومين)(?=[^\p{L}]|$)|\btwo days\b/u.test(f)) return 2;
  if (/(^|[^\p{L}])اسبوعين(?=[^\p{L}]|$)|\btwo weeks\b/u.test(f)) return 14;
  if (/(^|[^\p{L}])شهرين(?=[^\p{L}]|$)|\btwo months\b/u.test(f)) return 60;
  if (/(^|[^\p{L}])(اسبوع|الاسبوع)(?=[^\p{L}]|$)|\b(a|one|last|this) week\b/u.test(f)) return 7;
  if (/(^|[^\p{L}])(شهر|الشهر)(?=[^\p{L}]|$)|\b(a|one|last|this) month\b/u.test(f)) return 30;
  return undefined;
}

/** Whether the message asks who has gone uncontacted (no name in it). Pure. */
export function asksQuiet(text: string, named: boolean): boolean {
  const f = foldForSearch(text);
  return !named && NOT_CONTACTED.test(f) && ASKS_WHO.test(f);
}

const SHOWN = 10;

export async function quietWords(ctx: TurnContext): Promise<boolean> {
  if (ctx.actor.kind !== 'member' || !ctx.text) return false;
  const e = ctx.parsed?.entities ?? {};
  if (!asksQuiet(ctx.text, Boolean(e.name || e.phone))) return false;
  const member = requireMember(ctx, 'crm', 'view');
  if (!member) return true;
  const days = quietDaysOf(ctx.text) ?? DEFAULT_GONE_QUIET_DAYS;
  const before = new Date(ctx.now.getTime() - days * 86_400_000);
  const found = await ctx.core.customers.search(memberScope(member), {
    assignedToIds: visibleTo(member),
    contactedBefore: before,
    limit: SHOWN,
  });
  const since = count(ctx.lang, days, NOUNS.day, 'day', 'days');
  if (found.length === 0) {
    ctx.reply(
      t(
        ctx.lang,
        `ما فيه عميل مفتوح ما تواصلت معه من ${since} 👌`,
        `No open customer has gone ${since} without contact 👌`,
      ),
    );
    return true;
  }
  ctx.state.list = { kind: 'customer', ids: found.map((c) => c.id) };
  ctx.reply(
    [
      t(ctx.lang, `عملاء ما تواصلت معهم من ${since} أو أكثر:`, `Customers not contacted for ${since} or more:`),
      ...found.map((c, i) =>
        customerLine(
          ctx,
          c,
          i,
          c.lastContact
            ? t(
                ctx.lang,
                `آخر تواصل ${formatDay(c.lastContact, 'ar', ctx.tz)}`,
                `last contact ${formatDay(c.lastContact, 'en', ctx.tz)}`,
              )
            : t(ctx.lang, 'ما تواصلت معه', 'never contacted'),
        ),
      ),
      t(ctx.lang, 'اكتب رقم العميل لتفاصيله.', 'Reply with a number for details.'),
    ].join('\n'),
  );
  return true;
}
