// Removing a member by chat: «شيل ليلى من الفريق» / "remove Layla". Nova finds her (asks which one when
// several share the name), confirms, and core gives everything she handled to a successor (her team's
// manager, else the manager who asked): the reply says how many customers moved. Nothing is lost.
import { z } from 'zod';
import { memberScope } from '../../../core/shared/scope.ts';
import type { OfficeMember } from '../../../core/teams/members.service.ts';
import type { Member } from '../../../core/teams/teams.service.ts';
import type { TurnContext } from '../../engine/context.ts';
import { defineDialog } from '../../engine/dialog.ts';
import { formatPhoneForChat } from '../../render/format.ts';
import { t } from '../../render/texts.ts';
import { confirmChoices, say } from '../shared/helpers.ts';
import { memberErrorText, movedSummary, roleLabel } from './team.texts.ts';
import type { TeamCommand } from './team.words.ts';

const removeSchema = z.object({
  /** confirm: the member to remove */
  userId: z.string().optional(),
  name: z.string(),
  /** pick: the members of that name, in the order shown */
  ids: z.array(z.string()).optional(),
});

const PICK = 'member:';

export const removeMemberDialog = defineDialog({
  name: 'team_remove',
  version: 1,
  steps: ['pick', 'confirm'] as const,
  schema: removeSchema,
  about: (data) => ({ ar: `تشيل ${data.name} من الفريق`, en: `removing ${data.name} from the team` }),
  accepts(ctx, { step }) {
    if (ctx.choice) return true;
    const intent = ctx.parsed?.intent;
    return step === 'confirm' && (intent === 'confirm' || intent === 'deny');
  },
  async handle(ctx, { step, data }) {
    const member = ctx.actor.kind === 'member' ? ctx.actor.member : undefined;
    if (!member) {
      removeMemberDialog.end(ctx);
      return false;
    }
    const intent = ctx.parsed?.intent;
    if (ctx.choice === 'cancel' || (!ctx.choice && intent === 'deny')) {
      removeMemberDialog.end(ctx);
      say(ctx, `تمام، ${data.name} باقي في الفريق.`, `OK, ${data.name} stays on the team.`);
      return true;
    }
    if (step === 'pick') {
      const id = ctx.choice?.startsWith(PICK) ? ctx.choice.slice(PICK.length) : undefined;
      if (id && data.ids?.includes(id)) {
        const found = (await ctx.core.members.list(memberScope(member))).find((m) => m.userId === id);
        if (found) {
          askToConfirm(ctx, found);
          return true;
        }
      }
      say(ctx, 'اختر العضو من القائمة فوق.', 'Please pick the member from the list above.');
      return true;
    }
    if (data.userId && (ctx.choice === 'confirm' || (!ctx.choice && intent === 'confirm'))) {
      removeMemberDialog.end(ctx);
      await commit(ctx, member, data.userId, data.name);
      return true;
    }
    ctx.reply({
      text: t(ctx.lang, `أشيل ${data.name} من الفريق؟`, `Remove ${data.name} from the team?`),
      choices: confirmChoices(ctx, t(ctx.lang, 'شيله', 'Remove')),
    });
    return true;
  },
});

function askToConfirm(ctx: TurnContext, target: OfficeMember) {
  removeMemberDialog.start(ctx, 'confirm', { userId: target.userId, name: target.name });
  const role = roleLabel(ctx.lang, target.role);
  ctx.reply({
    text: t(
      ctx.lang,
      `متأكد تبي تشيل ${target.name} (${role}) من الفريق؟ عملاؤه ومهامه المفتوحة ومواعيده القادمة تنتقل لغيره بالفريق، ما يضيع شي.`,
      `Remove ${target.name} (${role}) from the team? Their customers, open tasks and upcoming appointments go to someone else on the team: nothing is lost.`,
    ),
    choices: confirmChoices(ctx, t(ctx.lang, 'شيله', 'Remove')),
  });
}

/**
 * «شيل ليلى من الفريق»: the member named, then a confirmation. False (the message is someone else's)
 * when it did not say "from the team" and names no member: «remove Omar» may be a customer.
 */
export async function startRemove(
  ctx: TurnContext,
  member: Member,
  command: Extract<TeamCommand, { kind: 'remove' }>,
): Promise<boolean> {
  const scope = memberScope(member);
  const who = command.name ?? formatPhoneForChat(command.phone ?? '', ctx.lang);
  const found = command.phone
    ? (await ctx.core.members.list(scope)).filter((m) => m.phone === command.phone)
    : await ctx.core.members.findByName(scope, command.name ?? '');
  if (found.length === 0) {
    if (!command.explicit) return false;
    say(ctx, `ما لقيت ${who} في الفريق.`, `I could not find ${who} on the team.`);
    return true;
  }
  const others = found.filter((m) => m.userId !== member.userId);
  if (others.length === 0) {
    ctx.reply(memberErrorText(ctx, 'MEMBER.SELF', {}, who));
    return true;
  }
  if (others.length === 1) {
    askToConfirm(ctx, others[0]!);
    return true;
  }
  const shown = others.slice(0, 10);
  removeMemberDialog.start(ctx, 'pick', { name: who, ids: shown.map((m) => m.userId) });
  ctx.reply({
    text: t(ctx.lang, `عندك أكثر من عضو باسم ${who}. أي واحد تقصد؟`, `Several members are called ${who}. Which one?`),
    choices: shown.map((m) => ({
      id: `${PICK}${m.userId}`,
      label: `${m.name} (${roleLabel(ctx.lang, m.role)}, ${formatPhoneForChat(m.phone, ctx.lang)})`,
    })),
  });
  return true;
}

async function commit(ctx: TurnContext, member: Member, userId: string, name: string) {
  const removed = await ctx.core.members.remove(memberScope(member), { userId });
  if (!removed.ok) {
    ctx.reply(memberErrorText(ctx, removed.error.code, removed.error.details ?? {}, name));
    return;
  }
  const r = removed.value;
  const successor = r.successor.id === member.userId ? t(ctx.lang, 'لك', 'you') : r.successor.name;
  ctx.reply(
    t(
      ctx.lang,
      `✅ شلت ${r.name} من الفريق. انتقل ${successor === 'لك' ? 'لك' : `لـ${successor}`}: ${movedSummary('ar', r.moved)}. ما ضاع شي.`,
      `✅ Removed ${r.name} from the team. Now with ${successor}: ${movedSummary('en', r.moved)}. Nothing was lost.`,
    ),
  );
}
