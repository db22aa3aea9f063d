// After a viewing the broker says how it went: "تمت المعاينة: العميل مهتم", "ما حضر للمعاينة", a
// comment (asked for when he gave none), or a press of the follow-up question's buttons.
import type { AppointmentDetails, ViewingOutcome } from '../../../core/scheduling/appointments.types.ts';
import { addLocalDays, atLocalTime, localDateOf } from '../../../core/shared/local-time.ts';
import { memberScope } from '../../../core/shared/scope.ts';
import { foldForSearch } from '../../../core/shared/text.ts';
import type { Member } from '../../../core/teams/teams.service.ts';
import type { TurnContext } from '../../engine/context.ts';
import { formatDateTime } from '../../render/format.ts';
import { t } from '../../render/texts.ts';
import { requireMember, say } from '../shared/helpers.ts';
import { appointmentDialog } from './viewings.dialog.ts';
import { type OutcomeAsked, outcomeOf } from './viewings.parse.ts';
import { whatText } from './viewings.texts.ts';

/** The viewing the outcome is about: the button's, else his latest finished one (of the client named). */
export async function handleOutcome(ctx: TurnContext, member: Member, o: OutcomeAsked): Promise<void> {
  const scope = memberScope(member);
  let targets: AppointmentDetails[];
  if (o.id) {
    const one = await ctx.core.appointments.get(scope, o.id);
    targets = one && one.userId === member.userId ? [one] : [];
  } else {
    targets = await ctx.core.appointments.awaitingOutcome(scope, member.userId);
    const name = ctx.parsed?.entities.name;
    if (name) {
      const folded = foldForSearch(name);
      const named = targets.filter((a) => a.customer && foldForSearch(a.customer.name).includes(folded));
      if (named.length) targets = named;
    }
  }
  const target = targets[0];
  if (!target) {
    say(ctx, 'ما عندي معاينة منتهية تنتظر نتيجتها.', 'There is no finished viewing waiting for its outcome.');
    return;
  }
  if (o.outcome === 'note' && !o.note) {
    appointmentDialog.start(ctx, 'outcome_note', { appointmentId: target.id });
    say(
      ctx,
      `📝 اكتب ملاحظتك على ${whatText('ar', target, 'broker')}:`,
      `📝 Write your note on the ${whatText('en', target, 'broker').toLowerCase()}:`,
    );
    return;
  }
  await recordOutcome(ctx, member, target.id, o.outcome === 'no_show' ? 'no_show' : 'completed', o.note);
}

export async function recordOutcome(
  ctx: TurnContext,
  member: Member,
  id: string,
  outcome: ViewingOutcome,
  note?: string,
): Promise<void> {
  appointmentDialog.end(ctx);
  const done = await ctx.core.appointments.recordOutcome(memberScope(member), { id, outcome, note });
  if (!done.ok) {
    say(ctx, 'هذي المعاينة ملغية، ما سجلت شي.', 'That viewing was cancelled; nothing was recorded.');
    return;
  }
  const who = done.value.customer?.name ?? '';
  if (outcome === 'no_show') {
    say(ctx, `📝 سجلت إن ${who || 'العميل'} ما حضر للمعاينة.`, `📝 Recorded: ${who || 'the client'} did not show up.`);
    return;
  }
  const call = done.value.customer ? await planCallAfterViewing(ctx, member, done.value) : null;
  say(
    ctx,
    `✅ سجلت: تمت المعاينة${who ? ` مع ${who}` : ''}${note ? ` — ${note}` : ''}.${call ? `\n📌 بذكرك تتصل على ${who} ${formatDateTime(call, 'ar', ctx.tz)} (أو اكتب «أجلها لبكرة»).` : ''}`,
    `✅ Recorded: viewing done${who ? ` with ${who}` : ''}${note ? ` — ${note}` : ''}.${call ? `\n📌 I will remind you to call ${who} ${formatDateTime(call, 'en', ctx.tz)} (or write "snooze it to tomorrow").` : ''}`,
  );
}

/** The hour of the call after a viewing, office time. */
const CALL_HOUR = 10;

/**
 * The next CALL_HOUR o'clock after `now` in the office's zone, a Friday skipped (the Saudi weekend):
 * the morning after a viewing told the same evening.
 */
export function nextCallMorning(now: Date, tz: string): Date {
  let day = localDateOf(now, tz);
  let at = atLocalTime(day, CALL_HOUR, 0, tz);
  if (at.getTime() <= now.getTime()) {
    day = addLocalDays(day, 1);
    at = atLocalTime(day, CALL_HOUR, 0, tz);
  }
  if (new Date(`${day}T12:00:00Z`).getUTCDay() === 5) at = atLocalTime(addLocalDays(day, 1), CALL_HOUR, 0, tz);
  return at;
}

/**
 * A viewing held is followed by a call to the client the next morning (how did he find it, an offer,
 * other listings): a follow-up task with its reminder, once per viewing, unless the client already has
 * a follow-up planned by then. A no-show gets none: whether to rebook is the broker's own call. Returns
 * when the call is planned, or null.
 */
async function planCallAfterViewing(ctx: TurnContext, member: Member, a: AppointmentDetails): Promise<Date | null> {
  if (a.type !== 'viewing' || !a.customer || !a.customerId) return null;
  const scope = memberScope(member);
  const dueAt = nextCallMorning(ctx.now, ctx.tz);
  const [planned] = await ctx.core.customers.pendingFollowups(scope, a.customerId, 1);
  if (planned && planned.dueAt.getTime() <= dueAt.getTime() + DAY_MS) return null;
  const call = await ctx.core.tasks.planFollowup(scope, {
    customerId: a.customerId,
    appointmentId: a.id,
    propertyId: a.propertyId ?? undefined,
    type: 'call',
    taskType: 'call',
    dueAt,
    title: t(ctx.lang, `اتصل على ${a.customer.name} بخصوص المعاينة`, `Call ${a.customer.name} about the viewing`),
    remindContactId: ctx.contact.id,
  });
  return call.ok && call.value.created ? call.value.dueAt : null;
}

const DAY_MS = 86_400_000;

/** A press of an after-viewing button (`outcome:<appointment id>:done|no_show|note`). */
export async function answerOutcomeChoice(ctx: TurnContext, choiceId: string): Promise<void> {
  if (ctx.actor.kind !== 'member') return;
  ctx.choice = choiceId;
  const outcome = outcomeOf(ctx);
  const member = requireMember(ctx, 'calendar', 'edit');
  if (outcome && member) await handleOutcome(ctx, member, outcome);
}
