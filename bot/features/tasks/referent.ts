// «ذكرني اتصل عليه بكرة ١٠» right after «عميل جديد ابو فهد …»: brokers name a customer once and then
// say "him". A task whose title has a pronoun for a person, and no name of its own, is about the customer
// the chat was about a moment ago (ConversationState.lastCustomer): his name goes into the title and the
// task is his. Pure.
import { z } from 'zod';
import { memberScope } from '../../../core/shared/scope.ts';
import type { Member } from '../../../core/teams/teams.service.ts';
import type { TurnContext } from '../../engine/context.ts';
import { saidWithin } from '../shared/helpers.ts';

/** How long "him" still means the customer the chat was about. */
export const REFERENT_WITHIN_MS = 30 * 60_000;

/** «على», «مع» + a pronoun: the preposition stays and the name takes the pronoun's place. */
const ARABIC_WITH_PREPOSITION = /(^|\s)(عليه|عليها|معه|معها)(?=$|[\s,،.!؟?])/u;
/** «له», «لها», «فيه»: the name is added after them, in brackets (the sentence stays as he wrote it). */
const ARABIC_BARE = /(^|\s)(له|لها)(?=$|[\s,،.!؟?])/u;
/**
 * A verb of reaching a person with the pronoun attached («اكلمه», «نتابعها», «ابلغه»): the name takes
 * the pronoun's place («اكلم ناصر»). Only these verbs: a final «ه» is too often part of a word.
 */
const ARABIC_VERB_OBJECT =
  /(^|\s)((?:ا|ن|ت)?(?:كلم|تابع|راجع|بلغ|خبر|زور|طمن|راسل|كاتب|واعد|ذكر|عطي|اعطي))(ه|ها)(?=$|[\s,،.!؟?])/u;
const ENGLISH = /\b(him|her)\b/iu;

/** The title with the customer's name for its pronoun, or null when it has no pronoun for a person. */
export function titleWithReferent(title: string, name: string): string | null {
  const withPreposition = title.match(ARABIC_WITH_PREPOSITION);
  if (withPreposition) {
    const preposition = withPreposition[2]!.startsWith('علي') ? 'على' : 'مع';
    return title.replace(ARABIC_WITH_PREPOSITION, `$1${preposition} ${name}`);
  }
  if (ARABIC_VERB_OBJECT.test(title)) return title.replace(ARABIC_VERB_OBJECT, `$1$2 ${name}`);
  if (ARABIC_BARE.test(title)) return title.replace(ARABIC_BARE, `$1$2 (${name})`);
  if (ENGLISH.test(title)) return title.replace(ENGLISH, name);
  return null;
}

/** The customer "him" means now, if the chat was about one within REFERENT_WITHIN_MS. */
export function recentCustomer(last: unknown, now: Date): { id: string; name: string } | undefined {
  // read as stored state is read: whatever a row holds, never trusted to have this shape
  const read = lastCustomerSchema.safeParse(last);
  if (!read.success || !saidWithin(read.data.at, now, REFERENT_WITHIN_MS)) return undefined;
  return { id: read.data.id, name: read.data.name };
}

const lastCustomerSchema = z.object({ id: z.uuid(), name: z.string().min(1), at: z.string() });

/** How long after a task is set "it" («لا خليه ٨», "cancel the reminder") still means that task. */
export const JUST_SET_MS = 10 * 60_000;

/** The task this chat set within JUST_SET_MS (ConversationState.lastTask), if any. */
export function justSetTask(last: { id: string; at: string } | undefined, now: Date): string | undefined {
  return last && saidWithin(last.at, now, JUST_SET_MS) ? last.id : undefined;
}

/**
 * The viewing this chat booked within JUST_SET_MS, if it was set after the last task
 * (ConversationState.lastAppointment): «خليها ٦» is then about it, not the task.
 */
export function justBookedAppointment(
  state: { lastTask?: { at: string }; lastAppointment?: { id: string; at: string } },
  now: Date,
): string | undefined {
  const booked = state.lastAppointment;
  if (!booked || !saidWithin(booked.at, now, JUST_SET_MS)) return undefined;
  return booked.at >= (state.lastTask?.at ?? '') ? booked.id : undefined;
}

/** How long after a reminder "it" («أجلها», «تم», «الغ التذكير») still means its task. */
export const REMINDER_CONTEXT_MS = 12 * 3_600_000;

/** The task of the last reminder this chat got, if it was a task's and recent; 'viewing' if it was a viewing's. */
export async function remindedTask(ctx: TurnContext, member: Member): Promise<string | 'viewing' | null> {
  const last = await ctx.core.reminders.lastSentTo(
    memberScope(member),
    ctx.contact.id,
    new Date(ctx.now.getTime() - REMINDER_CONTEXT_MS),
  );
  if (!last) return null;
  if (last.kind === 'task' && last.taskId) return last.taskId;
  return last.appointmentId ? 'viewing' : null;
}
