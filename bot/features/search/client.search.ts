// Clients searching the office's listings by chat: «عندكم شقق للايجار بالملقا؟», "any villas in Riyadh?".
// The answer is a numbered page of the organization's active listings (never an owner's contact), with
// «المزيد» for the next page and a number for the details; from there «ابي اشوفها الخميس ٥» books it.
//
// The last list lives in the chat's state as ids, the way every list does (a bare "2" picks its second
// item), with the page kept in the ids themselves so that nothing new is needed in the state:
// `p:<id>` shown, `q:<id>` found but not shown yet (the next «المزيد»), `o:<id>` the one the client last
// opened (what «اشوفها» means).
import type { ListingsQueries } from '../../../core/listings/listings.queries.ts';
import { contactScope } from '../../../core/shared/scope.ts';
import type { TurnContext } from '../../engine/context.ts';
import { count, NOUNS } from '../../render/counts.ts';
import { formatMoney, formatNumber, type Lang, placeLabel } from '../../render/format.ts';
import { t } from '../../render/texts.ts';
import { listingSummary, typeLabel } from '../listings/listings.texts.ts';
import type { OfferFields } from '../listings/offer.fields.ts';
import { addMoreDistricts, type Criteria, criteriaFrom, searchFilters } from '../shared/criteria.ts';
import { nth, replyWithPhotos, say } from '../shared/helpers.ts';

export const PAGE = 5;
/** How many matching listings one search remembers (pages of PAGE). */
const REMEMBERED = 50;

interface PublicListing {
  id: string;
  refNumber: number;
  listingType: string;
  propertyType: string;
  city: string;
  district: string | null;
  area: number | null;
  price: number;
  rentPeriod: string | null;
  bedrooms: number | null;
}

function line(ctx: TurnContext, i: number, p: PublicListing): string {
  const place = placeLabel(p.district, p.city, ctx.lang);
  const deal = p.listingType === 'rent' ? t(ctx.lang, 'للإيجار', 'for rent') : t(ctx.lang, 'للبيع', 'for sale');
  const per =
    p.listingType === 'rent'
      ? t(
          ctx.lang,
          p.rentPeriod === 'monthly' ? ' شهرياً' : ' سنوياً',
          p.rentPeriod === 'monthly' ? ' a month' : ' a year',
        )
      : '';
  return [
    `${nth(ctx, i)}. ${typeLabel(p.propertyType, ctx.lang)} ${deal} — ${place}`,
    p.area ? `${formatNumber(p.area, ctx.lang)} ${t(ctx.lang, 'م²', 'm²')}` : undefined,
    p.bedrooms ? count(ctx.lang, p.bedrooms, NOUNS.room, 'bedroom', 'bedrooms') : undefined,
    `${formatMoney(p.price, ctx.lang)}${per}`,
    t(ctx.lang, `(العقار ${formatNumber(p.refNumber, 'ar')})`, `(property #${p.refNumber})`),
  ]
    .filter(Boolean)
    .join(' — ');
}

/**
 * The criteria loosened one step at a time when nothing fits: the district first (the same city), then
 * the budget. The client is told what was left out.
 */
const LOOSER: ReadonlyArray<{ drop: (keyof Criteria)[]; ar: string; en: string }> = [
  { drop: [], ar: '', en: '' },
  {
    drop: ['district'],
    ar: 'ما لقيت بالحي نفسه، هذي بنفس المدينة:',
    en: 'Nothing in that district; these are in the same city:',
  },
  {
    drop: ['district', 'budgetMin', 'budgetMax', 'areaMin', 'bedrooms'],
    ar: 'ما لقيت بنفس المواصفات بالضبط، هذي الأقرب:',
    en: 'Nothing fits exactly; these are the closest:',
  },
];

/**
 * property.search from a client or a homeowner: a page of the office's active listings; false when
 * nothing fits (said, unless `quietIfNothing`: the caller answers then).
 */
export async function searchForClient(
  ctx: TurnContext,
  wanted: Criteria = criteriaFrom(ctx.parsed?.entities ?? {}),
  options: { quietIfNothing?: boolean } = {},
): Promise<boolean> {
  const scope = contactScope(ctx.organizationId);
  // What he looks for, whatever is found: his budget or rooms next belong to this search.
  const place = { ...wanted };
  addMoreDistricts(place, ctx.text, ctx.officeCity); // «بالياسمين او الملقا»: his request takes both
  const { listingType, propertyType, city, district, moreDistricts } = place;
  ctx.state.lastSearch = { listingType, propertyType, city, district, moreDistricts, at: ctx.now.toISOString() };
  for (const step of LOOSER) {
    if (step.drop.length > 0 && !step.drop.some((k) => wanted[k] !== undefined)) continue;
    const c = { ...wanted };
    for (const k of step.drop) delete c[k];
    // Loosening never leaves only the deal type: "villas in Jeddah" must not become "anything for sale".
    if (step.drop.length > 0 && !c.propertyType && !c.city) break;
    const found = await ctx.core.listings.publicSearch(scope, { ...searchFilters(c), limit: REMEMBERED });
    if (found.items.length === 0) continue;
    showPage(ctx, found.items, 0, step.drop.length > 0 ? t(ctx.lang, step.ar, step.en) : undefined);
    return true;
  }
  if (options.quietIfNothing) return false;
  say(
    ctx,
    'ما عندنا حالياً عقار بهذي المواصفات. جرّب تغيّر الحي أو الميزانية، أو اكتب طلبك (مثل: ابي شقة للإيجار بالرياض ٣ غرف) وأبلغك إذا نزل شي يناسبك.',
    'We have nothing like that right now. Try another district or budget, or tell me what you need (e.g. I want a 3-bedroom apartment for rent in Riyadh) and I will tell you when something fits.',
  );
  return false;
}

/** Shows items [from, from + PAGE) of a remembered search and keeps the rest for «المزيد». */
function showPage(ctx: TurnContext, items: PublicListing[], from: number, lead?: string): void {
  const page = items.slice(from, from + PAGE);
  const shownUpTo = from + page.length;
  ctx.state.list = {
    kind: 'listing',
    ids: items.map((p, i) => `${i < shownUpTo ? 'p' : 'q'}:${p.id}`),
  };
  const more = items.length - shownUpTo;
  ctx.reply(
    [
      lead ?? t(ctx.lang, 'هذي العقارات المتاحة عندنا:', 'Here is what we have available:'),
      ...page.map((p, i) => line(ctx, from + i, p)),
      more > 0
        ? t(
            ctx.lang,
            `اكتب رقم العقار للتفاصيل، أو «المزيد» لعرض ${formatNumber(Math.min(more, PAGE), 'ar')} غيرها.`,
            `Reply with a number for details, or "more" for ${Math.min(more, PAGE)} more.`,
          )
        : t(
            ctx.lang,
            'اكتب رقم العقار للتفاصيل، أو «ابي اشوف العقار …» مع اليوم لحجز معاينة.',
            'Reply with a number for details, or "I want to see property …" with a day to book a viewing.',
          ),
    ].join('\n'),
  );
}

const MORE =
  /^(ال)?(مزيد|زياده)|^(كمان|بعد|غيرها|غيرهم|اعرض (المزيد|غيرها|اكثر))[\s؟?!.]*$|^(more|next|show more|next page|any more)[\s?!.]*$/iu;

/** «المزيد», "more": the next page of the last search; false when the chat has none to continue. */
export async function nextPage(ctx: TurnContext): Promise<boolean> {
  const text = ctx.text.trim().replace(/[\s؟?!.]+$/u, '');
  if (!MORE.test(text) || text.split(/\s+/).length > 3) return false;
  const list = ctx.state.list;
  if (list?.kind !== 'listing' || !list.ids.some((id) => /^[pqo]:/.test(id))) {
    if (!list) {
      say(
        ctx,
        'قل لي وش تدوّر عليه، مثل: عندكم شقق للإيجار بالرياض؟',
        'Tell me what you are looking for, e.g. any apartments for rent in Riyadh?',
      );
      return true;
    }
    return false;
  }
  const from = list.ids.findIndex((id) => id.startsWith('q:'));
  if (from < 0) {
    say(
      ctx,
      'هذي كل العقارات اللي تناسب طلبك حالياً. اكتب رقم العقار للتفاصيل.',
      'That is everything that fits for now. Reply with a number for details.',
    );
    return true;
  }
  const scope = contactScope(ctx.organizationId);
  // The next PAGE remembered listings that are still active (one sold since the search is skipped),
  // numbered by their place in the list so that the number typed picks the one shown.
  const lines: string[] = [];
  const ids = [...list.ids];
  let i = from;
  for (; i < ids.length && lines.length < PAGE; i++) {
    const id = ids[i]!.slice(2);
    ids[i] = `p:${id}`;
    const p = await ctx.core.listings.propertyDetails(scope, id);
    if (p && p.status === 'active') lines.push(line(ctx, i, p));
  }
  ctx.state.list = { kind: 'listing', ids };
  const more = ids.length - i;
  ctx.reply(
    [
      t(ctx.lang, 'وهذي غيرها:', 'Here are more:'),
      ...lines,
      more > 0
        ? t(ctx.lang, 'اكتب رقم العقار للتفاصيل، أو «المزيد» لغيرها.', 'Reply with a number for details, or "more".')
        : t(ctx.lang, 'اكتب رقم العقار للتفاصيل.', 'Reply with a number for details.'),
    ].join('\n'),
  );
  return true;
}

/** A number picked from a client's list: the listing's public details, never the owner's contact. */
export async function showPublicListing(ctx: TurnContext, id: string): Promise<void> {
  const p = await ctx.core.listings.propertyDetails(contactScope(ctx.organizationId), id);
  if (p?.status !== 'active') {
    say(ctx, 'هذا العقار ما عاد متاح.', 'That listing is no longer available.');
    return;
  }
  // A client opened it: one more view for its owner's «عقاراتي» (not the owner looking at his own).
  if (ctx.actor.kind !== 'member' && (!p.ownerCustomerId || p.ownerCustomerId !== ctx.contact.customerId)) {
    await ctx.core.listings.countView(contactScope(ctx.organizationId), p.id);
  }
  const list = ctx.state.list;
  if (list?.kind === 'listing') {
    // Remember which one was opened: «ابي اشوفها بكرة» is about it.
    list.ids = list.ids.map((x) =>
      x.slice(2) === id ? `o:${x.slice(2)}` : x.startsWith('o:') ? `p:${x.slice(2)}` : x,
    );
  }
  ctx.reply(publicListingCard(ctx.lang, p));
  replyWithPhotos(ctx, p.images);
}

/** What propertyDetails gives: a listing in full. */
type ListingDetails = NonNullable<Awaited<ReturnType<ListingsQueries['propertyDetails']>>>;

/** A stored listing's facts as the listing texts take them (listingSummary). */
export function listingFields(p: ListingDetails): OfferFields {
  return {
    listingType: p.listingType,
    propertyType: p.propertyType,
    city: p.city,
    district: p.district ?? undefined,
    area: p.area ?? undefined,
    price: p.price,
    rentPeriod: p.rentPeriod === 'monthly' ? 'monthly' : 'yearly',
    bedrooms: p.bedrooms ?? undefined,
    bathrooms: p.bathrooms ?? undefined,
    age: p.age ?? undefined,
    streetWidth: p.streetWidth ?? undefined,
    features: p.features.length ? p.features : undefined,
    description: p.description ?? undefined,
  };
}

/** A listing as a client reads it: its number, its facts, its ad licence, and how to ask to see it. */
export function publicListingCard(lang: Lang, p: ListingDetails): string {
  return [
    t(lang, `🏠 العقار رقم ${formatNumber(p.refNumber, 'ar')}`, `🏠 Property #${p.refNumber}`),
    listingSummary(lang, listingFields(p), p.images.length),
    p.regaAdLicenseNumber
      ? t(lang, `ترخيص الإعلان: ${p.regaAdLicenseNumber}`, `Ad licence: ${p.regaAdLicenseNumber}`)
      : undefined,
    t(
      lang,
      'تبي تعاينه؟ اكتب اليوم والوقت، مثل: ابي اشوفه بكرة العصر',
      'Want to see it? Write the day and time, e.g. I want to see it tomorrow afternoon',
    ),
  ]
    .filter(Boolean)
    .join('\n');
}

/** The listing «اشوفها» points at: the one opened last, else the only one shown. */
export function focusedListing(ctx: TurnContext): string | undefined {
  const list = ctx.state.list;
  if (list?.kind !== 'listing') return undefined;
  const opened = list.ids.find((id) => id.startsWith('o:'));
  if (opened) return opened.slice(2);
  const shown = list.ids.filter((id) => id.startsWith('p:') || id.startsWith('o:'));
  return shown.length === 1 ? shown[0]!.slice(2) : undefined;
}
