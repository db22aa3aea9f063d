// request.create: what a client looks for, from the client himself or from a broker for a customer,
// in one message or through the request dialog (request.dialog.ts) when something needed is missing.
import { contactScope } from '../../../core/shared/scope.ts';
import { type Handler, say } from '../shared/helpers.ts';
import { amendLatestRequest } from './request.amend.ts';
import { askMissing, fileRequest, wantedFrom } from './request.dialog.ts';

export const createRequest: Handler = async (ctx) => {
  if (ctx.actor.kind === 'member' && ctx.actor.member.role === 'observer') {
    say(ctx, 'صلاحياتك ما تسمح بإضافة طلب.', 'Your permissions do not allow adding requests.');
    return;
  }
  if (ctx.actor.kind === 'contact' && ctx.actor.role === 'unknown') {
    await ctx.core.contacts.setRole(contactScope(ctx.organizationId), ctx.contact.id, 'client');
  }
  const w = wantedFrom(ctx);
  // "budget 60k, al malqa" after "I want to rent an apartment in Riyadh" adds to that request.
  if (await amendLatestRequest(ctx, w)) return;
  if (askMissing(ctx, w)) return;
  await fileRequest(ctx, w);
};
