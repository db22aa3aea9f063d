// Small helpers every handler uses: permissions, the member's scope, bilingual replies, dialogs.
import type { PermissionAction, PermissionModule } from '../../../core/teams/permissions.ts';
import { type Member, memberCan } from '../../../core/teams/teams.service.ts';
import type { TurnContext } from '../../engine/context.ts';
import { firstName, helpRoleOf } from '../../engine/who.ts';
import { helpText, notAllowed, t } from '../../render/texts.ts';

export type Handler = (ctx: TurnContext) => Promise<void>;

export const say = (ctx: TurnContext, ar: string, en: string) => ctx.reply(t(ctx.lang, ar, en));

/**
 * The acting member when he may do `action` on `module`; otherwise answers and returns undefined.
 * Contacts (homeowners, clients) get the help of their role: these are broker intents.
 */
export function requireMember(
  ctx: TurnContext,
  module: PermissionModule,
  action: PermissionAction,
): Member | undefined {
  if (ctx.actor.kind !== 'member') {
    ctx.reply(helpText(ctx.lang, helpRoleOf(ctx), firstName(ctx)));
    return undefined;
  }
  if (!memberCan(ctx.actor.member, module, action)) {
    ctx.reply(notAllowed(ctx.lang));
    return undefined;
  }
  return ctx.actor.member;
}

export const scopeOf = (member: Member) => ({ organizationId: member.organizationId, userId: member.userId });

export function startDialog(ctx: TurnContext, name: string, v: number, step: string, data: Record<string, unknown>) {
  ctx.state.dialog = { name, v, step, data };
}

export function endDialog(ctx: TurnContext) {
  delete ctx.state.dialog;
}

export const confirmChoices = (ctx: TurnContext, yesLabel?: string) => [
  { id: 'confirm', label: yesLabel ?? t(ctx.lang, 'نعم', 'Yes') },
  { id: 'cancel', label: t(ctx.lang, 'إلغاء', 'Cancel') },
];

/** Numbers in lists: Arabic-Indic in Arabic replies. */
export const nth = (ctx: TurnContext, i: number) =>
  ctx.lang === 'ar' ? (i + 1).toLocaleString('ar-u-nu-arab') : String(i + 1);

/** The office's broker for a homeowner or client who writes in: the manager first, else any active broker. */
export async function officeBroker(ctx: TurnContext) {
  return ctx.db.user.findFirst({
    where: {
      organizationId: ctx.organizationId,
      status: 'active',
      role: { in: ['owner', 'admin', 'manager', 'broker'] },
    },
    orderBy: [{ role: 'asc' }, { createdAt: 'asc' }],
    select: { id: true, name: true },
  });
}
