// What the morning digest says: short sections a broker scans in a few seconds, each with its count and
// its first items; the leads gone quiet come with a one-tap "follow up" button each. A day with nothing
// scheduled gets one line: the broker learns that Nova is on and that his day is free.
import type { DigestFacts, DigestTask } from '../../../core/digest/digest.service.ts';
import type { OutboundMessage } from '../../../core/notifications/message.types.ts';
import { countAr, NOUNS } from '../../render/counts.ts';
import { formatDay, formatNumber, formatTime, type Lang } from '../../render/format.ts';
import { t } from '../../render/texts.ts';

/** The id of a lead-gone-quiet button: the customer to follow up. */
export const QUIET_CHOICE = 'quiet:';
export const QUIET_CHOICE_PATTERN = /^quiet:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const DAY_MS = 86_400_000;
/** Buttons carry a name; WhatsApp cuts button titles at 20 characters. */
const NAME_IN_BUTTON = 16;

export interface DigestInput {
  facts: DigestFacts;
  /** the member's first name */
  name: string;
  lang: Lang;
  tz: string;
  now: Date;
  goneQuietDays: number;
}

const firstName = (name: string) => name.trim().split(/\s+/)[0] ?? name;
const bullet = (line: string) => `• ${line}`;

function heading(lang: Lang, icon: string, ar: string, en: string, total: number): string {
  return `${icon} ${t(lang, ar, en)} (${formatNumber(total, lang)}):`;
}

/** «…و٣ غيرها» under a list cut short. */
function more(lang: Lang, total: number, shown: number): string[] {
  const rest = total - shown;
  if (rest <= 0) return [];
  return [t(lang, `  …و${formatNumber(rest, 'ar')} غيرها`, `  …and ${rest} more`)];
}

function taskLine(lang: Lang, tz: string, task: DigestTask, overdue: boolean): string {
  const who = task.customerName ? t(lang, ` — ${task.customerName}`, ` — ${task.customerName}`) : '';
  const when = overdue
    ? ` (${formatDay(task.due, lang, tz)})`
    : task.timed
      ? t(lang, ` — ${formatTime(task.due, 'ar', tz)}`, ` — ${formatTime(task.due, 'en', tz)}`)
      : '';
  return bullet(`${task.title}${who}${when}`);
}

function followupLine(lang: Lang, tz: string, now: Date, task: DigestTask): string {
  const who = task.customerName ?? task.title;
  // a time given: late once past it; a day only: late from the next day on
  const late = task.due.getTime() + (task.timed ? 0 : DAY_MS) <= now.getTime();
  const when = late
    ? t(lang, ` (متأخرة من ${formatDay(task.due, 'ar', tz)})`, ` (late since ${formatDay(task.due, 'en', tz)})`)
    : task.timed
      ? ` — ${formatTime(task.due, lang, tz)}`
      : '';
  return bullet(`${who}${when}`);
}

/** The digest of one member's day. */
export function digestMessage({ facts, name, lang, tz, now, goneQuietDays }: DigestInput): OutboundMessage {
  const first = firstName(name);
  const day = formatDay(now, lang, tz);
  const sections: string[][] = [];
  if (facts.viewings.length) {
    sections.push([
      heading(lang, '🗓', 'معاينات اليوم', "Today's viewings", facts.viewings.length),
      ...facts.viewings.map((v) => {
        const ref = v.propertyRef
          ? t(lang, `العقار ${formatNumber(v.propertyRef, 'ar')}`, `property #${v.propertyRef}`)
          : '';
        const what = [v.customerName, ref].filter(Boolean).join(t(lang, '، ', ', ')) || v.title;
        return bullet(`${formatTime(v.startsAt, lang, tz)} — ${what}`);
      }),
    ]);
  }
  if (facts.overdue.total) {
    sections.push([
      heading(lang, '⚠️', 'مهام متأخرة', 'Overdue tasks', facts.overdue.total),
      ...facts.overdue.shown.map((task) => taskLine(lang, tz, task, true)),
      ...more(lang, facts.overdue.total, facts.overdue.shown.length),
    ]);
  }
  if (facts.today.total) {
    sections.push([
      heading(lang, '✅', 'مهام اليوم', "Today's tasks", facts.today.total),
      ...facts.today.shown.map((task) => taskLine(lang, tz, task, false)),
      ...more(lang, facts.today.total, facts.today.shown.length),
    ]);
  }
  if (facts.followups.total) {
    sections.push([
      heading(lang, '📞', 'متابعات مستحقة', 'Follow-ups due', facts.followups.total),
      ...facts.followups.shown.map((task) => followupLine(lang, tz, now, task)),
      ...more(lang, facts.followups.total, facts.followups.shown.length),
    ]);
  }
  if (facts.newMatches) {
    const n = facts.newMatches;
    sections.push([
      t(
        lang,
        `🎯 ${countAr(n, NOUNS.newMatch)} من أمس — اكتب «المطابقات» لعرضها.`,
        `🎯 ${n} new ${n === 1 ? 'match' : 'matches'} since yesterday — write "show matches" to see them.`,
      ),
    ]);
  }
  const quiet = facts.goneQuiet;
  if (quiet.length) {
    sections.push([
      t(
        lang,
        `💤 عملاء ما تواصلت معهم من ${goneQuietDays === 1 ? 'يوم' : `${formatNumber(goneQuietDays, 'ar')} يوم`} أو أكثر:`,
        `💤 Customers you have not been in touch with for ${goneQuietDays} day${goneQuietDays === 1 ? '' : 's'} or more:`,
      ),
      ...quiet.map((q) => {
        const days = Math.max(goneQuietDays, Math.floor((now.getTime() - q.lastActiveAt.getTime()) / DAY_MS));
        return bullet(
          t(
            lang,
            `${q.name} — آخر نشاط قبل ${formatNumber(days, 'ar')} يوم`,
            `${q.name} — last activity ${days} days ago`,
          ),
        );
      }),
      t(
        lang,
        'اضغط على اسم العميل وأضيف لك مهمة متابعة لليوم.',
        'Tap a name and I will add a follow-up task for today.',
      ),
    ]);
  }
  if (sections.length === 0) {
    return {
      text: t(
        lang,
        `☀️ صباح الخير ${first}، ما عندك معاينات ولا مهام اليوم (${day}). يوم موفق!`,
        `☀️ Good morning ${first}, no viewings or tasks today (${day}). Have a good day!`,
      ),
      notification: { kind: 'digest', params: [t(lang, 'ما عندك شي مجدول اليوم', 'nothing scheduled today')] },
    };
  }
  const text = [
    t(lang, `☀️ صباح الخير ${first}، ملخص يومك (${day}):`, `☀️ Good morning ${first}, your day (${day}):`),
    ...sections.map((lines) => lines.join('\n')),
    t(lang, 'لإيقاف هذا الملخص اكتب «وقف الملخص الصباحي».', 'To stop this digest, write "stop the morning digest".'),
  ].join('\n\n');
  return {
    text,
    ...(quiet.length
      ? {
          choices: quiet.map((q) => ({
            id: `${QUIET_CHOICE}${q.customerId}`,
            label: `📝 ${shorten(q.name)}`,
          })),
        }
      : {}),
    notification: { kind: 'digest', params: [summaryLine(facts, lang)] },
  };
}

/** The day in one line, for a channel that sends a template instead (WhatsApp Cloud's `nova_digest`). */
export function summaryLine(facts: DigestFacts, lang: Lang): string {
  const parts: Array<[string, number]> = [
    ['🗓', facts.viewings.length],
    ['⚠️', facts.overdue.total],
    ['✅', facts.today.total],
    ['📞', facts.followups.total],
    ['🎯', facts.newMatches],
    ['💤', facts.goneQuiet.length],
  ];
  return parts
    .filter(([, n]) => n > 0)
    .map(([icon, n]) => `${icon} ${formatNumber(n, lang)}`)
    .join(' · ');
}

/** The name, or its first words that fit a button, or its start. */
function shorten(name: string): string {
  const whole = name.trim().replace(/\s+/g, ' ');
  if ([...whole].length <= NAME_IN_BUTTON) return whole;
  const words = whole.split(' ');
  let fit = '';
  for (const w of words) {
    const next = fit ? `${fit} ${w}` : w;
    if ([...next].length > NAME_IN_BUTTON) break;
    fit = next;
  }
  return fit || `${[...whole].slice(0, NAME_IN_BUTTON - 1).join('')}…`;
}
