// A broker's calendar settings by chat: working hours ("دوامي الخميس من ٤ إلى ٩"), days off ("ما
// أداوم السبت"), holidays ("إجازتي من ١ إلى ٥ ديسمبر") and the link of his calendar feed ("رابط
// التقويم"). The parser has no intent for these phrases: they are the feature's words.
import { feedPath } from '../../../core/scheduling/appointments.calendar.ts';
import type { AvailabilityCommand } from '../../../core/scheduling/working-hours.ts';
import { dayRange } from '../../../core/shared/periods.ts';
import { memberScope, type Scope } from '../../../core/shared/scope.ts';
import type { TurnContext } from '../../engine/context.ts';
import { endActiveDialog } from '../../engine/dialog.ts';
import { availabilityTopic, parseAvailabilityText } from '../../language/hours/hours.ts';
import { formatDay, formatNumber, type Lang } from '../../render/format.ts';
import { t } from '../../render/texts.ts';
import { requireMember, say } from '../shared/helpers.ts';

const WEEKDAY_NAMES: Array<[string, string]> = [
  ['الأحد', 'Sunday'],
  ['الاثنين', 'Monday'],
  ['الثلاثاء', 'Tuesday'],
  ['الأربعاء', 'Wednesday'],
  ['الخميس', 'Thursday'],
  ['الجمعة', 'Friday'],
  ['السبت', 'Saturday'],
];

/** "16:30" as "٤:٣٠ م" or "4:30 pm". */
function clock12(lang: Lang, hhmm: string): string {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  const hour = h % 24;
  const h12 = hour % 12 === 0 ? 12 : hour % 12;
  const am = hour < 12;
  const mm = String(m).padStart(2, '0');
  return lang === 'ar'
    ? `${formatNumber(h12, 'ar')}:${mm.replace(/\d/g, (d) => formatNumber(Number(d), 'ar'))} ${am ? 'ص' : 'م'}`
    : `${h12}:${mm} ${am ? 'am' : 'pm'}`;
}

/**
 * Working hours, days off, holidays and the calendar feed link, for members. Returns false when the
 * message is about none of them, so that a caller can go on; every appointment.* handler asks it first.
 */
export async function calendarSettings(ctx: TurnContext): Promise<boolean> {
  if (ctx.actor.kind !== 'member' || !ctx.text) return false;
  const topic = availabilityTopic(ctx.text);
  if (!topic) return false;
  const member = requireMember(ctx, 'calendar', topic === 'calendar_link' ? 'view' : 'edit');
  if (!member) return true;
  endActiveDialog(ctx);
  const scope = memberScope(member);
  if (topic === 'calendar_link') {
    await sendCalendarLink(ctx, scope, member.userId);
    return true;
  }
  if (topic === 'calendar_link_rotate') {
    await rotateCalendarLink(ctx, scope, member.userId);
    return true;
  }
  if (topic === 'calendar_phones_show' || topic === 'calendar_phones_hide') {
    await setCalendarPhones(ctx, scope, member.userId, topic === 'calendar_phones_show');
    return true;
  }
  const parsed = parseAvailabilityText(ctx.text, { now: ctx.now, timeZone: ctx.tz });
  // «وش دوامي؟», «متى دوامي», "what are my working hours": a question, with no times to set.
  if (topic === 'hours' && !parsed?.ok && !/[0-9٠-٩]/u.test(ctx.text)) {
    await showWorkingHours(ctx, scope, member.userId);
    return true;
  }
  if (!parsed?.ok) {
    const problem = parsed?.ok === false ? parsed.problem : 'NO_DATES';
    if (problem === 'NO_DATES' || problem === 'BAD_DATES') {
      say(
        ctx,
        'ما فهمت تاريخ الإجازة. اكتبها مثل: إجازتي من ١ إلى ٥ ديسمبر',
        'I did not get the dates. Write e.g.: my holiday from 1 to 5 December',
      );
    } else if (problem === 'NO_DAYS') {
      say(ctx, 'أي يوم ما تداوم فيه؟ مثل: ما أداوم السبت', 'Which day do you not work? e.g. I don’t work on Saturdays');
    } else {
      say(
        ctx,
        'ما فهمت الأوقات. اكتبها مثل: دوامي الخميس من ٤ إلى ٩',
        'I did not get the hours. Write e.g.: my working hours Thursday from 4pm to 9pm',
      );
    }
    return true;
  }
  const command = parsed.command;
  if (command.kind === 'holiday') await addHoliday(ctx, scope, command);
  else await setWorkingHours(ctx, scope, command);
  return true;
}

/** The broker's week: "الأحد: من ٩:٠٠ ص إلى ١:٠٠ م و من ٤:٠٠ م إلى ٩:٠٠ م", days off named. */
async function showWorkingHours(ctx: TurnContext, scope: Scope, userId: string): Promise<void> {
  const rows = await ctx.core.appointments.workingHoursOf(scope, userId);
  if (rows.length === 0) {
    say(
      ctx,
      'ما عندك أوقات دوام مسجلة. اكتبها مثل: دوامي الأحد من ٩ إلى ١',
      'You have no working hours set. Write e.g.: my working hours Sunday from 9am to 1pm',
    );
    return;
  }
  // The Saudi week starts on Sunday (0); Saturday (6) comes last.
  const lines: string[] = [];
  const off: string[] = [];
  for (let day = 0; day < 7; day++) {
    const name = t(ctx.lang, ...WEEKDAY_NAMES[day]!);
    // A break splits a row in two ("09:00–21:00" with a 13:00–16:00 break is two ranges).
    const ranges = rows
      .filter((r) => r.weekday === day)
      .flatMap((r) =>
        r.breakStart && r.breakEnd && r.breakStart > r.startTime && r.breakEnd < r.endTime
          ? [
              { startTime: r.startTime, endTime: r.breakStart },
              { startTime: r.breakEnd, endTime: r.endTime },
            ]
          : [r],
      );
    if (ranges.length === 0) {
      off.push(name);
      continue;
    }
    const hours = ranges
      .map((r) =>
        t(
          ctx.lang,
          `من ${clock12('ar', r.startTime)} إلى ${clock12('ar', r.endTime)}`,
          `${clock12('en', r.startTime)}–${clock12('en', r.endTime)}`,
        ),
      )
      .join(t(ctx.lang, ' و', ' and '));
    lines.push(`• ${name}: ${hours}`);
  }
  ctx.reply(
    [
      t(ctx.lang, '🕘 دوامك:', '🕘 Your working hours:'),
      ...lines,
      off.length ? t(ctx.lang, `إجازة: ${off.join('، ')}`, `Off: ${off.join(', ')}`) : undefined,
      t(ctx.lang, 'للتغيير اكتب مثل: دوامي السبت من ٥ إلى ١٠', 'To change: e.g. my hours Saturday from 5pm to 10pm'),
    ]
      .filter(Boolean)
      .join('\n'),
  );
}

async function sendCalendarLink(ctx: TurnContext, scope: Scope, userId: string): Promise<void> {
  const token = await ctx.core.appointments.feedToken(scope, userId);
  if (!token) return;
  say(ctx, ...calendarLinkTexts(ctx, token));
}

/** A leaked link: a new secret, the old URL dead at once, the new link sent. */
async function rotateCalendarLink(ctx: TurnContext, scope: Scope, userId: string): Promise<void> {
  const token = await ctx.core.appointments.rotateFeedToken(scope, userId);
  if (!token) {
    say(ctx, 'ما قدرت أغير رابط التقويم.', 'I could not change your calendar link.');
    return;
  }
  const [ar, en] = calendarLinkTexts(ctx, token);
  say(
    ctx,
    `🔒 ألغيت الرابط القديم، ما عاد يفتح. وروابط ملفات المواعيد (.ics) اللي أرسلتها قبل كذلك توقفت.\nاحذف التقويم القديم من جوالك وأضف الجديد:\n${ar}`,
    `🔒 The old link is revoked and no longer opens, and so are the viewing (.ics) links sent before.\nRemove the old calendar from your phone and add the new one:\n${en}`,
  );
}

async function setCalendarPhones(ctx: TurnContext, scope: Scope, userId: string, show: boolean): Promise<void> {
  if (!(await ctx.core.appointments.setCalendarClientPhones(scope, userId, show))) {
    say(ctx, 'ما قدرت أحفظ الإعداد.', 'I could not save that setting.');
    return;
  }
  if (show) {
    say(
      ctx,
      '📞 صار تقويمك يعرض أرقام العملاء في المواعيد. انتبه: أي أحد معه الرابط يشوفها. لإخفائها اكتب «أخف أرقام العملاء من التقويم».',
      '📞 Your calendar now shows client phone numbers. Anyone with the link can see them. To hide them: "hide client phones from my calendar".',
    );
    return;
  }
  say(
    ctx,
    '🙈 أخفيت أرقام العملاء من تقويمك. لإظهارها اكتب «أظهر أرقام العملاء في التقويم».',
    '🙈 Client phone numbers are hidden from your calendar. To show them: "show client phones in my calendar".',
  );
}

function calendarLinkTexts(ctx: TurnContext, token: string): [string, string] {
  const base = ctx.publicBaseUrl?.replace(/\/+$/, '');
  const url = `${base ?? ''}${feedPath(token)}`;
  return [
    `🔗 رابط تقويمك: ${url}\nأضفه في تقويم Google (إضافة تقويم ← من عنوان URL) أو في iPhone (الإعدادات ← التقويم ← الحسابات ← إضافة تقويم مشترك)، ويتحدث تلقائياً بمواعيدك. الرابط سري، لا تشاركه.${base ? '' : '\n(اطلب من المسؤول ضبط PUBLIC_BASE_URL ليصير الرابط كاملاً.)'}`,
    `🔗 Your calendar link: ${url}\nAdd it in Google Calendar (Add calendar → From URL) or on iPhone (Settings → Calendar → Accounts → Add Subscribed Calendar); it updates with your viewings. Keep it private.${base ? '' : '\n(Ask your admin to set PUBLIC_BASE_URL for a full link.)'}`,
  ];
}

async function addHoliday(
  ctx: TurnContext,
  scope: Scope,
  command: Extract<AvailabilityCommand, { kind: 'holiday' }>,
): Promise<void> {
  const added = await ctx.core.appointments.addHoliday(scope, { from: command.from, to: command.to });
  if (!added.ok) {
    say(ctx, 'ما قدرت أسجل الإجازة.', 'I could not save that holiday.');
    return;
  }
  const from = dayRange(command.from, ctx.tz).from;
  const to = dayRange(command.to, ctx.tz).from;
  const span =
    command.from === command.to
      ? t(ctx.lang, `يوم ${formatDay(from, 'ar', ctx.tz)}`, `on ${formatDay(from, 'en', ctx.tz)}`)
      : t(
          ctx.lang,
          `من ${formatDay(from, 'ar', ctx.tz)} إلى ${formatDay(to, 'ar', ctx.tz)}`,
          `from ${formatDay(from, 'en', ctx.tz)} to ${formatDay(to, 'en', ctx.tz)}`,
        );
  const clashes = added.value.clashes;
  say(
    ctx,
    `🌴 سجلت إجازتك ${span}. ما بعرض مواعيد فيها.${clashes ? `\n⚠️ عندك ${formatNumber(clashes, 'ar')} موعد في هذي الفترة، ما ألغيتها. اكتب «مواعيدي» لعرضها.` : ''}`,
    `🌴 Holiday saved ${span}. No slots will be offered then.${clashes ? `\n⚠️ You have ${clashes} appointment(s) in that period; they were not cancelled. Write "my appointments" to see them.` : ''}`,
  );
}

async function setWorkingHours(
  ctx: TurnContext,
  scope: Scope,
  command: Extract<AvailabilityCommand, { kind: 'hours' | 'day_off' }>,
): Promise<void> {
  const set = await ctx.core.appointments.setWorkingHours(scope, command);
  if (!set.ok) {
    say(ctx, 'ما قدرت أحفظ الدوام.', 'I could not save those hours.');
    return;
  }
  const names = set.value.map((d) => t(ctx.lang, ...WEEKDAY_NAMES[d]!)).join(t(ctx.lang, '، ', ', '));
  if (command.kind === 'day_off') {
    say(ctx, `✅ صار ${names} إجازة أسبوعية.`, `✅ ${names}: now a weekly day off.`);
    return;
  }
  const hours = command.intervals
    .map((i) =>
      t(
        ctx.lang,
        `من ${clock12('ar', i.start)} إلى ${clock12('ar', i.end)}`,
        `${clock12('en', i.start)}–${clock12('en', i.end)}`,
      ),
    )
    .join(t(ctx.lang, ' و', ' and '));
  say(ctx, `✅ دوامك يوم ${names} صار ${hours}.`, `✅ Your working hours on ${names}: ${hours}.`);
}
