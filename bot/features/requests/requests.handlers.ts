// request.create: what a client looks for, from the client himself or from a broker for a customer,
// in one message or through the request dialog (request.dialog.ts) when something needed is missing.
import { z } from 'zod';
import { contactScope } from '../../../core/shared/scope.ts';
import type { TurnContext } from '../../engine/context.ts';
import { type Criteria, criteriaSchema } from '../shared/criteria.ts';
import { type Handler, saidWithin, say } from '../shared/helpers.ts';
import { spokenBudget } from '../shared/spoken-budget.ts';
import { amendLatestRequest } from './request.amend.ts';
import { askMissing, fileRequest, wantedFrom } from './request.dialog.ts';

export const createRequest: Handler = async (ctx) => {
  if (ctx.actor.kind === 'member' && ctx.actor.member.role === 'observer') {
    say(ctx, 'صلاحياتك ما تسمح بإضافة طلب.', 'Your permissions do not allow adding requests.');
    return;
  }
  const w = wantedFrom(ctx);
  // "budget 60k, al malqa" after "I want to rent an apartment in Riyadh" adds to that request.
  if (await amendLatestRequest(ctx, w)) return;
  await fileOrAsk(ctx, w);
};

/** Files what the seeker wants, or asks what is still missing; a client's search gives what he left out. */
export async function fileOrAsk(ctx: TurnContext, w: Criteria) {
  if (ctx.actor.kind === 'contact' && ctx.actor.role === 'unknown') {
    await ctx.core.contacts.setRole(contactScope(ctx.organizationId), ctx.contact.id, 'client');
  }
  // "my budget is 50k, 2 bedrooms" after "any apartments for rent in al narjis?" is about that search.
  if (ctx.actor.kind === 'contact') Object.assign(w, searchedFor(ctx.state.lastSearch, w, ctx.now));
  if (askMissing(ctx, w)) return;
  await fileRequest(ctx, w);
}

/**
 * "budget 70", «ميزانيتي ٨٠٠» right after a client's search, before any request: the parser finds no
 * intent in a bare amount, so it is read for the search's deal (spoken-budget.ts) and files a request
 * for that search with it (a request already filed takes it in request.amend.ts instead).
 */
export async function budgetForLastSearch(ctx: TurnContext): Promise<boolean> {
  if (ctx.actor.kind !== 'contact' || ctx.parsed?.intent !== 'unknown' || !ctx.text) return false;
  const last = searched.safeParse(ctx.state.lastSearch);
  if (!last.success || !last.data.listingType || !saidWithin(last.data.at, ctx.now, SEARCH_CONTEXT_MS)) return false;
  const budgetMax = spokenBudget(ctx.text, last.data.listingType);
  if (budgetMax === undefined) return false;
  await fileOrAsk(ctx, { budgetMax });
  return true;
}

/** How long a client's search still gives its deal, type and place to what he writes next. */
export const SEARCH_CONTEXT_MS = 30 * 60_000;

const searched = criteriaSchema.and(z.object({ at: z.string() }));

/**
 * The deal, type and place of the client's last search (ConversationState.lastSearch) for a message
 * that names none of them (a budget, rooms): what to add to it; nothing for a message that names a type
 * or a place of its own (a new search), or after SEARCH_CONTEXT_MS.
 */
export function searchedFor(last: unknown, w: Criteria, now: Date): Criteria {
  if (w.propertyType || w.city || w.district) return {};
  const read = searched.safeParse(last);
  if (!read.success) return {};
  if (!saidWithin(read.data.at, now, SEARCH_CONTEXT_MS)) return {};
  const { listingType, propertyType, city, district, moreDistricts } = read.data;
  return {
    ...(w.listingType || !listingType ? {} : { listingType }),
    ...(propertyType ? { propertyType } : {}),
    ...(city ? { city } : {}),
    ...(district ? { district } : {}),
    ...(district && moreDistricts?.length ? { moreDistricts } : {}),
  };
}
