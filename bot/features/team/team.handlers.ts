// The team feature's words: «فريقي» lists the members, «أضف …» and «شيل … من الفريق» start their dialogs.
// Only an owner or a manager adds and removes members; anyone else is told so in his language.
import { memberScope } from '../../../core/shared/scope.ts';
import { managesMembers } from '../../../core/teams/member-rules.ts';
import type { Member } from '../../../core/teams/teams.service.ts';
import type { TurnContext } from '../../engine/context.ts';
import { formatNumber, formatPhoneForChat } from '../../render/format.ts';
import { t } from '../../render/texts.ts';
import { continueAdd } from './team.add.ts';
import { startRemove } from './team.remove.ts';
import { notAManager, roleLabel } from './team.texts.ts';
import { readTeamCommand } from './team.words.ts';

export async function teamWords(ctx: TurnContext): Promise<boolean> {
  if (ctx.actor.kind !== 'member' || !ctx.text || ctx.choice) return false;
  const command = readTeamCommand(ctx.text);
  if (!command) return false;
  const member = ctx.actor.member;
  if (command.kind === 'list') {
    await listTeam(ctx, member);
    return true;
  }
  if (!managesMembers(member.role)) {
    // «remove Omar» from a broker is about his customer Omar: not this feature's.
    if (command.kind === 'remove' && !command.explicit) return false;
    ctx.reply(notAManager(ctx));
    return true;
  }
  if (command.kind === 'add') {
    await continueAdd(ctx, { name: command.name, phone: command.phone, role: command.role });
    return true;
  }
  return startRemove(ctx, member, command);
}

/** The members a manager runs (the whole office for an owner or a manager), or a member's own team. */
async function listTeam(ctx: TurnContext, member: Member) {
  const manages = managesMembers(member.role);
  const members = await ctx.core.members.list(memberScope(member), manages ? {} : { teamOf: member.userId });
  const lines = members.map((m) => {
    const pending = m.status === 'pending' ? t(ctx.lang, ' (بانتظار أول رسالة منه)', ' (invited, not joined yet)') : '';
    // Members' numbers are the office's business: shown to whoever manages the team.
    const phone = manages ? ` ${formatPhoneForChat(m.phone, ctx.lang)}` : '';
    const you = m.userId === member.userId ? t(ctx.lang, ' (أنت)', ' (you)') : '';
    return `• ${m.name}${you} — ${roleLabel(ctx.lang, m.role)}${phone}${pending}`;
  });
  const n = members.length;
  const header = t(ctx.lang, `👥 الفريق (${formatNumber(n, 'ar')}):`, `👥 The team (${n}):`);
  const howTo = manages
    ? t(
        ctx.lang,
        '\nللإضافة: أضف ليلى 0551234567 للفريق وسيط\nللإزالة: شيل ليلى من الفريق',
        '\nTo add: add Layla +966551234567 as broker\nTo remove: remove Layla from the team',
      )
    : '';
  ctx.reply(`${header}\n${lines.join('\n')}${howTo}`);
}
