// After a viewing the broker says how it went: "تمت المعاينة: العميل مهتم", "ما حضر للمعاينة", a
// comment (asked for when he gave none), or a press of the follow-up question's buttons.
import type { AppointmentDetails, ViewingOutcome } from '../../../core/scheduling/appointments.types.ts';
import { memberScope } from '../../../core/shared/scope.ts';
import { foldForSearch } from '../../../core/shared/text.ts';
import type { Member } from '../../../core/teams/teams.service.ts';
import type { TurnContext } from '../../engine/context.ts';
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
  } else {
    say(
      ctx,
      `✅ سجلت: تمت المعاينة${who ? ` مع ${who}` : ''}${note ? ` — ${note}` : ''}.`,
      `✅ Recorded: viewing done${who ? ` with ${who}` : ''}${note ? ` — ${note}` : ''}.`,
    );
  }
}

/** A press of an after-viewing button (`outcome:<appointment id>:done|no_show|note`). */
export async function answerOutcomeChoice(ctx: TurnContext, choiceId: string): Promise<void> {
  if (ctx.actor.kind !== 'member') return;
  ctx.choice = choiceId;
  const outcome = outcomeOf(ctx);
  const member = requireMember(ctx, 'calendar', 'edit');
  if (outcome && member) await handleOutcome(ctx, member, outcome);
}
