// offer.create: a homeowner or a broker lists a property, in one message or through the offer dialog
// (offer.dialog.ts), which asks only for what the message left out.
import { contactScope } from '../../../core/shared/scope.ts';
import { type Handler, say } from '../shared/helpers.ts';
import { askNext } from './offer.dialog.ts';
import { readFields } from './offer.fields.ts';

export const createOffer: Handler = async (ctx) => {
  if (ctx.actor.kind === 'member' && ctx.actor.member.role === 'observer') {
    say(ctx, 'صلاحياتك ما تسمح بإضافة عقار.', 'Your permissions do not allow adding listings.');
    return;
  }
  if (ctx.actor.kind === 'contact' && ctx.actor.role !== 'owner') {
    await ctx.core.contacts.setRole(contactScope(ctx.organizationId), ctx.contact.id, 'owner');
  }
  const read = readFields(ctx);
  if (read.error) say(ctx, read.error, read.error);
  askNext(ctx, { fields: read.fields, photos: [] });
};
