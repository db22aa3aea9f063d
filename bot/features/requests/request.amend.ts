// A client's next message adds to the request he has just filed: "I want to rent an apartment in
// Riyadh", then "budget 60k, al malqa". Without this the second message was a new request and Nova
// asked "to buy or to rent?" again, as if the first had not been said.
import type { RequestRow } from '../../../core/requests/requests.queries.ts';
import type { RequestRefinement } from '../../../core/requests/requests.service.ts';
import { contactScope } from '../../../core/shared/scope.ts';
import { foldForSearch } from '../../../core/shared/text.ts';
import type { TurnContext } from '../../engine/context.ts';
import { lookupCity, lookupDistrict } from '../../language/index.ts';
import { t } from '../../render/texts.ts';
import type { Criteria } from '../shared/criteria.ts';
import { describeCriteria, moreDistrictsIn } from '../shared/criteria.ts';
import { saidWithin, say, tellBroker } from '../shared/helpers.ts';
import { spokenBudget, withSpokenBudget } from '../shared/spoken-budget.ts';

/** How long after filing a request a message of ranges and districts alone still adds to it. */
export const AMEND_WITHIN_MS = 24 * 60 * 60 * 1000;

/** What of a message refines a request: districts and ranges, never what or where in which city. */
export function refinementOf(w: Criteria): RequestRefinement | undefined {
  const r: RequestRefinement = {
    districts: w.district ? [w.district, ...(w.moreDistricts ?? [])] : undefined,
    priceMin: w.budgetMin,
    priceMax: w.budgetMax,
    areaMin: w.areaMin,
    areaMax: w.areaMax,
    bedroomsMin: w.bedrooms,
  };
  return Object.values(r).some((v) => v !== undefined) ? r : undefined;
}

/** The request as criteria, with the refinement laid over it: what the reply describes. */
export function criteriaOf(request: RequestRow, r: RequestRefinement): Criteria {
  const districts = r.districts ?? request.districts;
  // as refine() keeps it: a budget of the other deal goes when the deal changes
  const keepPrice = !r.type || r.type === request.type;
  const c: Criteria = {
    listingType: r.type ?? request.type,
    propertyType: r.propertyTypes?.[0] ?? request.propertyTypes[0],
    city: request.cities[0],
    district: districts[0],
    moreDistricts: districts.length > 1 ? districts.slice(1) : undefined,
    budgetMin: r.priceMin ?? (keepPrice ? request.priceMin : undefined) ?? undefined,
    budgetMax: r.priceMax ?? (keepPrice ? request.priceMax : undefined) ?? undefined,
    areaMin: r.areaMin ?? request.areaMin ?? undefined,
    areaMax: r.areaMax ?? request.areaMax ?? undefined,
    bedrooms: r.bedroomsMin ?? request.bedroomsMin ?? undefined,
  };
  return Object.fromEntries(Object.entries(c).filter(([, v]) => v !== undefined)) as Criteria;
}

/**
 * For a client's message after the request he filed in this chat within the last 24 hours (still
 * active): its districts and ranges are added to that request. A message that names the request's own
 * deal or type again («ابي شقة ايجار» once more, «ايجار») adds what else it says, or is told the request
 * is on file: never a second request. A short one that changes them («لا، ايجار», «بدل الشقة فيلا»,
 * "actually a villa") corrects the request. Another city, or a longer message with another deal or type,
 * is a new request (false).
 */
export async function amendLatestRequest(ctx: TurnContext, said: Criteria): Promise<boolean> {
  if (!mayAmend(ctx)) return false;
  const restates = Boolean(said.listingType || said.propertyType);
  if (!restates && !refinementOf(said)) return false;
  const request = await latestActiveRequest(ctx);
  if (!request) return false;
  const w = withSpokenBudget(said, ctx.text, said.listingType ?? request.type);
  if (!restates) return amendRequest(ctx, request, w);
  if (w.city && request.cities.length && !request.cities.includes(w.city)) return false;
  const sameDeal = !w.listingType || w.listingType === request.type;
  const sameType = !w.propertyType || request.propertyTypes.includes(w.propertyType);
  if (sameDeal && sameType) {
    if (refinementOf(w)) return amendRequest(ctx, request, w);
    const c = criteriaOf(request, {});
    say(
      ctx,
      `طلبك مسجل عندنا: ${describeCriteria('ar', c)}. أبلغك أول ما ينزل عقار يناسبه، ولو تبي تضيف الحي أو الميزانية اكتبها.`,
      `Your request is on file: ${describeCriteria('en', c)}. I will tell you as soon as a listing fits; to add a district or a budget, just write it.`,
    );
    return true;
  }
  if (!correcting(ctx.text)) return false;
  return amendRequest(ctx, request, w, {
    ...(sameDeal ? {} : { type: w.listingType }),
    ...(sameType ? {} : { propertyTypes: [w.propertyType!] }),
  });
}

/** Words of a correction («لا», «بدل», «مو», "actually", "instead"), or a message of a few words. */
const CORRECTION =
  /(^|[^\p{L}])(لا|لأ|بدل|بدال|مو|مب|مهو|موب|غيرها|غيره|غير|خلها|خليها|خله|خليه|اقصد|قصدي|عدل|عدلها|غلط|actually|instead|rather|not|no|change|make it|i mean|sorry)(?=[^\p{L}]|$)/iu;
const correcting = (text: string) => CORRECTION.test(text) || text.trim().split(/\s+/u).length <= 3;

/** A client with a request filed in this chat within AMEND_WITHIN_MS: his next message may add to it. */
const mayAmend = (ctx: TurnContext): boolean =>
  ctx.actor.kind === 'contact' &&
  !!ctx.state.lastRequest &&
  saidWithin(ctx.state.lastRequest.at, ctx.now, AMEND_WITHIN_MS);

/** That request, while it is still active (one read). */
async function latestActiveRequest(ctx: TurnContext): Promise<RequestRow | null> {
  const last = ctx.state.lastRequest;
  if (!last) return null;
  const request = await ctx.core.requests.get(contactScope(ctx.organizationId), last.id);
  return request?.status === 'active' ? request : null;
}

/**
 * Adds the message's districts and ranges to the request (and the corrected deal or type, or its
 * districts let go), answers, and tells its broker.
 */
async function amendRequest(
  ctx: TurnContext,
  request: RequestRow,
  w: Criteria,
  corrected: Pick<RequestRefinement, 'type' | 'propertyTypes' | 'districts'> = {},
): Promise<boolean> {
  const refinement = { ...refinementOf(w), ...corrected };
  if (Object.keys(refinement).length === 0) return false;
  const scope = contactScope(ctx.organizationId);
  if (w.city && request.cities.length && !request.cities.includes(w.city)) return false;
  // a month's amount for a purchase is an instalment, not a price: not the request's budget
  if (w.budgetPerMonth && (refinement.type ?? request.type) === 'sale') return false;
  const refined = await ctx.core.requests.refine(scope, request.id, refinement, request);
  if (!refined.ok) {
    if (refined.error.code === 'REQUEST.NOT_FOUND') return false;
    say(
      ctx,
      'ما قدرت أضيف هذا لطلبك: تأكد من الأرقام (الحد الأدنى قبل الأعلى) واكتبها مرة ثانية.',
      'I could not add that to your request: check the numbers (the minimum below the maximum) and send them again.',
    );
    return true;
  }
  // the budget as the client said it too, when he said it a month
  const c = { ...criteriaOf(request, refinement), ...(w.budgetPerMonth ? { budgetPerMonth: true } : {}) };
  say(
    ctx,
    `✅ حدثت طلبك: ${describeCriteria('ar', c)}. برسل لك العقارات المناسبة أول ما تتوفر.`,
    `✅ Updated your request: ${describeCriteria('en', c)}. I will send you matching properties as they come.`,
  );
  if (request.userId) {
    const who = ctx.state.lastRequest?.who ?? ctx.contact.displayName ?? ctx.contact.phone ?? 'عميل';
    await tellBroker(ctx, request.userId, (lang) =>
      t(
        lang,
        `📝 تحديث على طلب ${who}: ${describeCriteria('ar', c)}`,
        `📝 ${who} updated the request: ${describeCriteria('en', c)}`,
      ),
    );
  }
  return true;
}

/**
 * «الميزانية ٢ ونص», "my budget is 900" in a client's next message after his request: the parser finds
 * no budget in it (or a time), so without this the most natural follow-up was "I didn't get that".
 */
export async function budgetForLatestRequest(ctx: TurnContext): Promise<boolean> {
  if (!mayAmend(ctx) || ctx.parsed?.intent !== 'unknown') return false;
  const request = await latestActiveRequest(ctx);
  if (!request) return false;
  const budget = spokenBudget(ctx.text, request.type);
  return budget === undefined ? false : amendRequest(ctx, request, { budgetMax: budget });
}

/** «أي حي»، «ما يفرق الحي», "any area is fine": the request's districts are let go (folded letters). */
const ANY_DISTRICT =
  /(^|[^\p{L}])(اي|أي) (حي|مكان|منطقه)|(ما|مو|مب) (يفرق|تفرق|فارق|مهم|مشكله)( (الحي|المكان|المنطقه))?|(الحي|المكان|المنطقه) (مو|مب|ما) (مهم|فارق|يفرق|مشكله)|\bany (area|district|neighbou?rhood|location|part of town)\b|\banywhere( in)?\b|\b(area|district|location) (doesn'?t|does not) matter\b/u;

/** A message short enough to be a district's name and nothing else («الياسمين», "al yasmin"). */
const MAX_DISTRICT_WORDS = 4;

/**
 * A district alone, in a client's next message after his request («الياسمين», «في الملقا», "in al
 * malqa"): the parser has no intent for it, so without this Nova answered "I didn't get that" to the
 * most natural follow-up. A bare name counts only when it is a district of the request's city.
 */
export async function districtForLatestRequest(ctx: TurnContext): Promise<boolean> {
  if (!mayAmend(ctx) || ctx.parsed?.intent !== 'unknown') return false;
  if (ANY_DISTRICT.test(foldForSearch(ctx.text)) && !ctx.parsed.entities.district) {
    const request = await latestActiveRequest(ctx);
    return request ? amendRequest(ctx, request, {}, { districts: [] }) : false;
  }
  const named = ctx.parsed.entities.district;
  if (!named && ctx.text.split(/\s+/u).length > MAX_DISTRICT_WORDS) return false;
  const request = await latestActiveRequest(ctx);
  if (!request) return false;
  // «النرجس او الياسمين»: each name a district of the request's city
  const listed = named
    ? []
    : ctx.text
        .split(/\s+(?:او|أو|و|or|and)\s+|[،,]/u)
        .map((part) => districtOfCity(part.trim(), request.cities[0]))
        .filter((d): d is string => Boolean(d));
  const district = named ?? districtOfCity(ctx.text, request.cities[0]) ?? listed[0];
  const moreDistricts = [
    ...new Set([...moreDistrictsIn(ctx.text, district, request.cities[0]), ...listed.slice(1)]),
  ].filter((d) => d !== district);
  return district
    ? amendRequest(ctx, request, { district, ...(moreDistricts.length ? { moreDistricts } : {}) })
    : false;
}

/** A bare name as a district of that city (lookupDistrict already reads «حي …» and trailing marks). */
function districtOfCity(text: string, cityName: string | undefined): string | undefined {
  const city = cityName ? lookupCity(cityName) : undefined;
  if (!city) return undefined;
  const name = text.replace(/^\s*the\s+/iu, '').replace(/\s+(?:district|neighbou?rhood)\s*$/iu, '');
  const found = lookupDistrict(name, city.nameEn);
  return found?.cityNameEn === city.nameEn ? found.nameAr : undefined;
}
