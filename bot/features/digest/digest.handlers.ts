// The morning digest in chat: a member turns his own digest off («وقف الملخص الصباحي», "stop the
// morning digest") and on again («شغل الملخص الصباحي»), asks for it now («الملخص الصباحي», "morning
// digest"), and taps a lead gone quiet to get a follow-up task for today. The parser has no intent for
// these phrases: they are the feature's words (tried before the intents, so «ملخص» is not a report here).
import { WEEKDAYS } from '../../../core/notifications/daily-rhythm.ts';
import { localDate } from '../../../core/shared/periods.ts';
import { memberScope } from '../../../core/shared/scope.ts';
import type { TurnContext } from '../../engine/context.ts';
import { normalizeArabic } from '../../language/index.ts';
import { formatNumber, type Lang } from '../../render/format.ts';
import { t } from '../../render/texts.ts';
import { requireMember, say } from '../shared/helpers.ts';
import { digestMessage, QUIET_CHOICE } from './digest.texts.ts';

const DIGEST_AR = String.raw`(ال)?ملخص(\s+(ال)?(صباحي|اليومي|الصباح|الصبح))?`;
const DIGEST_EN = String.raw`(the\s+|my\s+)?((morning|daily)\s+)?digest`;
const PLEASE = String.raw`(\s+(لو سمحت|من فضلك|please|pls))?`;

const STOP = new RegExp(
  String.raw`^((لو سمحت|ياليت|please)\s+)?((وقف|اوقف|وقفو|ايقاف|الغ|الغي|الغاء|طف|طفي|سكر|بطل|لا ترسل( لي)?|ما ابي|ماابي)\s+${DIGEST_AR}|(stop|turn off|disable|pause|cancel|no more|unsubscribe from)\s+${DIGEST_EN}|${DIGEST_EN}\s+off)${PLEASE}$`,
  'iu',
);
const START = new RegExp(
  String.raw`^((لو سمحت|ياليت|please)\s+)?((شغل|تشغيل|فعل|تفعيل|رجع|ارجع|رجعو|رجعوا)\s+${DIGEST_AR}|(start|turn on|enable|resume|restart)\s+${DIGEST_EN}|${DIGEST_EN}\s+on)${PLEASE}$`,
  'iu',
);
/** Only the digest's full name asks for it now: «ملخص اليوم» alone is a report (bot/features/reports). */
const SHOW =
  /^((وريني|ارسل|ارسل لي|عطني|ابي|اعرض)\s+)?(ال)?ملخص\s+(ال)?(صباحي|الصباح)$|^(show\s+)?(me\s+)?(the\s+|my\s+)?morning\s+digest$|^my\s+digest$/iu;

export type DigestCommand = 'stop' | 'start' | 'show';

/** Which digest command the text is, if any. */
export function digestCommand(text: string): DigestCommand | null {
  const said = normalizeArabic(text)
    .replace(/[.!؟?،,]+$/u, '')
    .trim();
  if (!said || said.length > 60) return null;
  if (STOP.test(said)) return 'stop';
  if (START.test(said)) return 'start';
  if (SHOW.test(said)) return 'show';
  return null;
}

const DAY_NAMES: Record<(typeof WEEKDAYS)[number], [string, string]> = {
  sun: ['الأحد', 'Sunday'],
  mon: ['الاثنين', 'Monday'],
  tue: ['الثلاثاء', 'Tuesday'],
  wed: ['الأربعاء', 'Wednesday'],
  thu: ['الخميس', 'Thursday'],
  fri: ['الجمعة', 'Friday'],
  sat: ['السبت', 'Saturday'],
};

/** "كل يوم الساعة ٨:٠٠ ص ما عدا الجمعة" */
function schedule(lang: Lang, hour: number, days: readonly number[]): string {
  const time =
    lang === 'ar'
      ? `${formatNumber(hour % 12 === 0 ? 12 : hour % 12, 'ar')}:٠٠ ${hour < 12 ? 'ص' : 'م'}`
      : `${hour % 12 === 0 ? 12 : hour % 12}:00 ${hour < 12 ? 'am' : 'pm'}`;
  const missing = WEEKDAYS.filter((_, i) => !days.includes(i));
  const name = (d: (typeof WEEKDAYS)[number]) => t(lang, ...DAY_NAMES[d]);
  const list = (ds: Array<(typeof WEEKDAYS)[number]>) => ds.map(name).join(t(lang, ' و', ', '));
  if (missing.length === 0) return t(lang, `كل يوم الساعة ${time}`, `every day at ${time}`);
  if (missing.length <= 3)
    return t(lang, `كل يوم الساعة ${time} ما عدا ${list(missing)}`, `every day at ${time} except ${list(missing)}`);
  const on = WEEKDAYS.filter((_, i) => days.includes(i));
  return t(lang, `أيام ${list(on)} الساعة ${time}`, `on ${list(on)} at ${time}`);
}

/** The feature's words: true when the message was a digest command and was answered. */
export async function digestWords(ctx: TurnContext): Promise<boolean> {
  if (ctx.actor.kind !== 'member' || !ctx.text) return false;
  const command = digestCommand(ctx.text);
  if (!command) return false;
  const member = ctx.actor.member;
  const scope = memberScope(member);
  if (command === 'show') {
    await showDigest(ctx);
    return true;
  }
  const office = await ctx.core.digest.office(scope);
  await ctx.core.digest.setDigest(scope, member.userId, command === 'start');
  if (command === 'stop') {
    say(
      ctx,
      'تمام، وقفت الملخص الصباحي. لتشغيله مرة ثانية اكتب «شغل الملخص الصباحي».',
      'Done, the morning digest is off. To turn it back on, write "turn on the morning digest".',
    );
    return true;
  }
  const when = office ? schedule(ctx.lang, office.settings.digest.hour, office.settings.digest.days) : '';
  const officeOff = office && !office.settings.digest.enabled;
  ctx.reply(
    officeOff
      ? t(
          ctx.lang,
          'شغلت الملخص الصباحي لك، لكن المكتب موقفه حالياً: يوصلك إذا شغله المكتب.',
          'Your morning digest is on, but the office has turned digests off for now: you will get it once the office turns them on.',
        )
      : t(ctx.lang, `تمام، شغلت الملخص الصباحي: يوصلك ${when}.`, `Done, the morning digest is on: it comes ${when}.`),
  );
  return true;
}

/** Today's digest now, on request (nothing is marked as suggested: that is the morning's). */
async function showDigest(ctx: TurnContext): Promise<void> {
  const member = requireMember(ctx, 'tasks', 'view');
  if (!member) return;
  const scope = memberScope(member);
  const office = await ctx.core.digest.office(scope);
  if (!office) return;
  const facts = await ctx.core.digest.facts(scope, member.userId, {
    date: localDate(ctx.now, office.timeZone),
    timeZone: office.timeZone,
    settings: office.settings,
  });
  const { notification: _template, ...message } = digestMessage({
    facts,
    name: member.name,
    lang: ctx.lang,
    tz: office.timeZone,
    now: ctx.now,
    goneQuietDays: office.settings.goneQuietDays,
  });
  ctx.reply(message);
}

/** A lead gone quiet tapped in the digest: a follow-up task for today, once. */
export async function followUpQuietLead(ctx: TurnContext, choiceId: string): Promise<void> {
  const member = requireMember(ctx, 'tasks', 'create');
  if (!member) return;
  const scope = memberScope(member);
  const customerId = choiceId.slice(QUIET_CHOICE.length);
  const customer = await ctx.core.customers.get(scope, customerId);
  if (!customer.ok) {
    say(
      ctx,
      'ما لقيت هذا العميل، يمكن انحذف أو انتقل لزميل.',
      'I cannot find that customer; maybe he was removed or moved to a colleague.',
    );
    return;
  }
  const name = customer.value.name;
  const open = await ctx.core.tasks.page(
    scope,
    { customerId, assignedTo: [member.userId], status: ['todo', 'in_progress', 'review'] },
    { limit: 1, sort: 'createdAt', direction: 'desc' },
  );
  if (open.items.length) {
    say(
      ctx,
      `عندك مهمة مفتوحة لـ${name}: «${open.items[0]!.title}». تلقاها في «مهامي».`,
      `You already have an open task for ${name}: "${open.items[0]!.title}". See "my tasks".`,
    );
    return;
  }
  const today = localDate(ctx.now, ctx.tz);
  const created = await ctx.core.tasks.create(scope, {
    title: t(ctx.lang, `متابعة ${name}`, `Follow up with ${name}`),
    type: 'follow_up',
    customerId,
    dueDate: today,
  });
  if (!created.ok) {
    say(ctx, 'ما قدرت أضيف المهمة، جرب مرة ثانية.', 'I could not add the task; please try again.');
    return;
  }
  say(
    ctx,
    `📝 أضفت مهمة لليوم: ${created.value.title}. تلقاها في «مهامي».`,
    `📝 Task added for today: ${created.value.title}. See "my tasks".`,
  );
}
