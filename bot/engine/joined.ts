// The first message of an invited member. Core has just made her active (members.joinOnFirstMessage,
// called by identifyActor before it looks for the member), so this very turn is already hers as a
// member; it starts with a welcome: the office she joined, her role, and what she can write. A bare
// hello, a help request or her shared contact needs no other answer.
import type { UserRole } from '../../core/teams/permissions.ts';
import { helpText, t } from '../render/texts.ts';
import type { Next } from './compose.ts';
import type { TurnContext } from './context.ts';
import { firstName, helpRoleOf } from './who.ts';

export interface JoinedMember {
  userId: string;
  name: string;
  role: UserRole;
  officeName: string;
}

const ROLE_WORDS: Record<UserRole, readonly [ar: string, en: string]> = {
  owner: ['مالك', 'owner'],
  admin: ['مدير', 'admin'],
  manager: ['مدير', 'manager'],
  broker: ['وسيط', 'broker'],
  team_member: ['عضو فريق', 'team member'],
  observer: ['مراقب', 'observer'],
};

export function welcomeText(ctx: TurnContext, joined: JoinedMember): string {
  const [ar, en] = ROLE_WORDS[joined.role];
  return (
    t(
      ctx.lang,
      `🎉 انضممت لفريق «${joined.officeName}» بدور ${ar}.\n`,
      `🎉 You joined the team of "${joined.officeName}" as ${/^[aeiou]/.test(en) ? 'an' : 'a'} ${en}.\n`,
    ) + helpText(ctx.lang, helpRoleOf(ctx), firstName(ctx))
  );
}

/** Runs the rest of the turn, then puts the welcome first (in the language she wrote in). */
export async function welcomeJoined(ctx: TurnContext, joined: JoinedMember, next: Next): Promise<void> {
  await next();
  const intent = ctx.parsed?.intent;
  const nothingElse = ctx.inbound.kind === 'contact' || !ctx.text || intent === 'greeting' || intent === 'help';
  if (nothingElse) ctx.replies.splice(0, ctx.replies.length);
  ctx.replies.unshift({ text: welcomeText(ctx, joined) });
}
