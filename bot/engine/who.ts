// Small facts about the actor that texts need.
import type { HelpRole } from '../render/texts.ts';
import type { TurnContext } from './context.ts';

export function helpRoleOf(ctx: TurnContext): HelpRole {
  if (ctx.actor.kind === 'member') return ctx.actor.member.role === 'observer' ? 'observer' : 'broker';
  return ctx.actor.role === 'owner' ? 'owner' : 'client';
}

export function firstName(ctx: TurnContext): string | undefined {
  const name = ctx.actor.kind === 'member' ? ctx.actor.member.name : ctx.contact.displayName;
  return name ? wholeFirstName(name) : undefined;
}

/**
 * The name to greet: the first word, kept whole with what it cannot stand without («أبو فهد», «أم
 * ناصر», «عبد الله», "Abu Fahad"), never «أهلاً أبو!».
 */
export function wholeFirstName(name: string): string | undefined {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const [first, second] = words;
  if (first && second && /^(ابو|أبو|بو|ام|أم|عبد|abu|abo|umm|um|abd|al|el)$/iu.test(first)) return `${first} ${second}`;
  return first;
}
