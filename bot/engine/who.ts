// Small facts about the actor that texts need.
import type { HelpRole } from '../render/texts.ts';
import type { TurnContext } from './context.ts';

export function helpRoleOf(ctx: TurnContext): HelpRole {
  if (ctx.actor.kind === 'member') return ctx.actor.member.role === 'observer' ? 'observer' : 'broker';
  return ctx.actor.role === 'owner' ? 'owner' : 'client';
}

export function firstName(ctx: TurnContext): string | undefined {
  const name = ctx.actor.kind === 'member' ? ctx.actor.member.name : ctx.contact.displayName;
  return name?.split(/\s+/)[0];
}
