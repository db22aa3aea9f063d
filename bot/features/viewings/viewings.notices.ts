// Telling the other party of a viewing: the broker in the chat he last used, the client in the chat
// that booked (or one linked to him). Never the sender himself: he has the reply.
import type { AppointmentDetails } from '../../../core/scheduling/appointments.types.ts';
import { contactScope, memberScope, type Scope } from '../../../core/shared/scope.ts';
import type { TurnContext } from '../../engine/context.ts';
import { formatDateTime, type Lang } from '../../render/format.ts';
import { type MemberChat, memberChat } from '../shared/helpers.ts';

/** Who acts in this turn: the member, or a contact of the office (a client). */
export const scopeOfTurn = (ctx: TurnContext): Scope =>
  ctx.actor.kind === 'member' ? memberScope(ctx.actor.member) : contactScope(ctx.organizationId);

type Chat = MemberChat;

function tell(ctx: TurnContext, chat: Chat | null, a: AppointmentDetails, text: (lang: Lang) => string) {
  if (!chat || chat.contactId === ctx.contact.id) return;
  ctx.notify({
    contactId: chat.contactId,
    channelAccountId: chat.channelAccountId,
    chatId: chat.chatId,
    message: {
      text: text(chat.lang),
      notification: { kind: 'appointment', params: [a.title, formatDateTime(a.startsAt, 'ar', ctx.tz)] },
    },
    userId: chat.userId,
  });
}

export async function tellBrokerOf(ctx: TurnContext, a: AppointmentDetails, text: (lang: Lang) => string) {
  tell(ctx, await memberChat(ctx, a.userId), a, text);
}

export async function tellClientOf(ctx: TurnContext, a: AppointmentDetails, text: (lang: Lang) => string) {
  const chat = await ctx.core.appointments.clientChat(scopeOfTurn(ctx), a);
  if (!chat) return;
  const lang: Lang = chat.language === 'en' ? 'en' : 'ar';
  tell(ctx, { contactId: chat.id, channelAccountId: chat.channelAccountId, chatId: chat.externalId, lang }, a, text);
}
