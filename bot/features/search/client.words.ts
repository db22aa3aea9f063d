// What a client says about the office's listings that no intent names on its own: a listing named in
// any natural form («شفت عندكم اعلان شقة الملقا رقم ٢، ممكن اشوفها الخميس الساعة ٥؟», «الفيلا رقم ١»,
// «العقار ٣»), one just shown («ابي اشوفها الخميس ٥»), «المزيد», and «وش صار على طلبي؟». A listing
// named by a client is a viewing to book, never a listing of his own to add nor a second request.
import { contactScope } from '../../../core/shared/scope.ts';
import { foldForSearch } from '../../../core/shared/text.ts';
import type { TurnContext } from '../../engine/context.ts';
import { formatDateTime, formatNumber, placeLabel } from '../../render/format.ts';
import { t } from '../../render/texts.ts';
import { typeLabel } from '../listings/listings.texts.ts';
import { criteriaOf } from '../requests/request.amend.ts';
import { type Criteria, criteriaFrom, criteriaSchema } from '../shared/criteria.ts';
import { asksQuestion, nth, say } from '../shared/helpers.ts';
import { startClientBooking } from '../viewings/viewings.booking.ts';
import { asksStatus, propertyRefOf, saysMove, whenOf } from '../viewings/viewings.parse.ts';
import { askForBroker, photosFromBroker } from './client.broker.ts';
import { notifyLater } from './client.notify.ts';
import { focusedListing, nextPage, searchForClient, showPublicListing } from './client.search.ts';

const VIEW_WORDS =
  /(^|[^\p{L}])(ا|ن|ت)?(شوف|اشوف|نشوف|اعاين|نعاين|اعاينه|اعاينها|معاينه|معاينتها|زياره|ازور|ازوره|ازورها|شوفها|شوفه|اشوفها|اشوفه|نشوفها|احجز|حجز|احجزلي|موعد|view|see|visit|viewing|tour|book)(ها|ه|لي)?(?=[^\p{L}]|$)/u;
/** The sender offers his own property ("عندي فيلا رقم الصك …"): not a client's reference. */
const OWN_PROPERTY =
  /(^|[^\p{L}])(عندي|ابيع|ابي ابيع|اؤجر|ابي اوجر|ملكي|my (villa|apartment|house|land|property))(?=[^\p{L}]|$)/u;
const QUESTION_ABOUT =
  /(^|[^\p{L}])(كم|وش|ايش|تفاصيل|معلومات|سعره|سعرها|مساحته|مساحتها|details|price|how much|info|more about)(?=[^\p{L}]|$)/u;
/** A question about a listing just shown, without naming it (letters folded: ة → ه). */
const ABOUT_IT =
  /(^|[^\p{L}])(سعرها|سعره|بكم|كم السعر|كم سعرها|كم سعره|كم الايجار|الايجار كم|كم ايجارها|كم ايجاره|كم الاجار|كم المساحه|مساحتها|مساحته|موقعها|موقعه|مكانها|مكانه|وينها|وينه|تفاصيلها|تفاصيله|صورها|صوره|كم غرفه|كم غرفة|كم متر|كم مترها|كم المتر|كم عمرها|كم عمره|عمر العماره|عمر المبني|how much|how big|how old|how many (square )?(meters|metres|sqm|m2)|what size|the size|what'?s the (price|area)|the price|the area|the rent|address|where is it|العنوان|اللوكيشن|لوكيشن|location|more details|photos|pictures)(?=[^\p{L}]|$)/u;
/** Photos asked for: «صورها», «ترسلون لي الصور», "send pics" (folded letters). */
const PHOTOS =
  /(^|[^\p{L}])(ال)?(صور|صوره|صورها|صوره|صورة|تصاوير)(?=[^\p{L}]|$)|\b(photos?|pictures?|pics?|images?)\b/u;

/** «طيب والرياض؟», «وش عن جدة؟», "what about Riyadh?": the same wish, somewhere else. */
const WHAT_ABOUT =
  /^(طيب\s+|طب\s+|ok\s+|okay\s+|and\s+)?(و|وش عن|ايش عن|شو عن|وفي|وب|what about|how about|and in|what about in|how about in)(\s|(?=\p{L}))/u;

/** «وين الموقع بالضبط؟», «ارسل لي اللوكيشن», "send me the location": where the place he will see is. */
const WHERE_IS_IT =
  /(^|[^\p{L}])(وين|فين|ابي|ابغي|ارسل|ارسلي|ارسلوا|عطني|ممكن|ابي اعرف)\s(?:\S+\s){0,2}?(الموقع|اللوكيشن|لوكيشن|المكان|العنوان|الخريطه|موقعها|موقعه|مكانها|مكانه)(?=[^\p{L}]|$)|^(الموقع|اللوكيشن|لوكيشن|العنوان)\s*[?؟]?$|\b(the location|the address|send (me )?(the )?(location|pin|address)|where exactly)\b/u;
/** "اعلان … رقم ٢", "الفيلا رقم ١", "no. 2": a number named as a listing's, 1–4 digits (not a phone). */
const NUMBERED = /(?:رقم|no\.?|number|#)\s*#?\s*(\d{1,4})(?!\d)/u;
const ALERTS = /(^|[^\p{L}])(ال)?(تنبيهات|تنبيه|اشعارات|اشعار)(?=[^\p{L}]|$)|\b(alerts|notifications)\b/u;
const ALERTS_OFF =
  /(^|[^\p{L}])(وقف|اوقف|وقفوا|لا ترسل|لا ترسلون|لا تبعث|بطل|بطلوا|الغ|الغي|كنسل|ابي اوقف|stop|unsubscribe|no more|don'?t send|turn off)(?=[^\p{L}]|$)/u;
const ALERTS_ON = /(^|[^\p{L}])(شغل|فعل|رجع|ارجع|ارسل|ابي|start|resume|turn on|send)(?=[^\p{L}]|$)/u;

const SEARCH_CUE =
  /(^|[^\p{L}])(ابحث|ابحثلي|دورلي|دور لي|ادور|تدورون|ورني|وريني|ورنا|اعرض لي|اعرضلي|طلع لي|طلعلي|عندكم|في عندكم|فيه عندكم|وش عندكم|ايش عندكم|وش في|ايش في|(ال)?متوفر(ه)?|(ال)?متاح(ه)?|available|any|do you have|have you got|show me|search|find me|looking for listings)(?=[^\p{L}]|$)/u;
const LISTINGS_WORD =
  /(^|[^\p{L}])(ال)?(عقارات|عروض|شقق|فلل|اراضي|دبلكسات|عماير|محلات|listings|properties|apartments|villas|flats|houses)(?=[^\p{L}]|$)/u;

/**
 * «وش عندكم؟», «عندكم شي؟», "what do you have?", "show me what you have": a client asking for the
 * office's listings without naming what (letters folded: ة → ه, أ → ا).
 */
const WHAT_YOU_HAVE =
  /(^|[^\p{L}])((وش|ايش|شو|ويش) (عندكم|عندك|المتوفر|المتاح|فيه)|(عندكم|فيه|في) (شي|اي شي|شيء)|what (do )?(you|u|ya) (have|got)|what have (you|u) got|what you (have|got)|what'?s available|anything available|show me what)(?=[^\p{L}]|$)/u;

/** «وش عندكم؟» from a client, naming nothing: what the office has (for what he wants, when known). */
export function asksWhatYouHave(ctx: TurnContext): boolean {
  const folded = foldForSearch(ctx.text);
  return (
    ctx.actor.kind !== 'member' &&
    !ctx.choice &&
    ['unknown', 'request.create', 'property.search', 'greeting', 'confirm', 'help'].includes(
      ctx.parsed?.intent ?? 'unknown',
    ) &&
    WHAT_YOU_HAVE.test(folded) &&
    !OWN_PROPERTY.test(folded) &&
    Object.keys(criteriaFrom(ctx.parsed?.entities ?? {})).length === 0
  );
}

/** «الشقة اللي في الملقا», "the villa in Al Narjis": one listing named by its type (folded letters). */
const THE_LISTING =
  /(^|[^\p{L}])(ال(شقه|فيلا|فله|ارض|دور|دبلكس|دوبلكس|عماره|مكتب|محل|استراحه|بيت|شاليه|مزرعه))(?=[^\p{L}]|$)|\bthe (villa|apartment|flat|land|plot|house|duplex|office|shop)\b/u;

/** «وقف التنبيهات» / «شغل التنبيهات»: the client's match alerts off or on. */
async function switchAlerts(ctx: TurnContext, off: boolean): Promise<boolean> {
  const customerId = ctx.contact.customerId;
  const changed = customerId
    ? await ctx.core.listings.setClientAlerts(contactScope(ctx.organizationId), customerId, !off)
    : 0;
  if (off) {
    say(
      ctx,
      changed
        ? '✅ وقفت تنبيهات العقارات الجديدة. متى ما حبيت ترجعها اكتب «شغل التنبيهات».'
        : '✅ ما راح أرسل لك تنبيهات عقارات.',
      changed
        ? '✅ New-listing alerts are off. Write "start alerts" to turn them back on.'
        : '✅ I will not send you listing alerts.',
    );
  } else {
    say(
      ctx,
      changed
        ? '✅ رجعت التنبيهات: أبلغك بالعقارات الجديدة اللي تناسب طلبك (بحد أقصى ٣ باليوم).'
        : 'ما عندك طلب مسجل. قل لي وش تدوّر عليه (مثل: ابي شقة للإيجار بالرياض) وأبلغك باللي يناسبك.',
      changed
        ? '✅ Alerts are back on: I will tell you of new listings that fit your request (3 a day at most).'
        : 'You have no request yet. Tell me what you are looking for (e.g. an apartment for rent in Riyadh) and I will tell you what fits.',
    );
  }
  return true;
}

/** The listing a client's words name, by its reference number ("العقار ٣", "الفيلا رقم ١"). */
function namedRef(ctx: TurnContext, folded: string): number | undefined {
  const ascii = folded.replace(/[٠-٩]/gu, (d) => String(d.charCodeAt(0) - 0x0660));
  const ref = propertyRefOf(ascii, undefined);
  if (ref) return ref;
  const m = ascii.match(NUMBERED);
  if (!m) return undefined;
  const e = ctx.parsed?.entities ?? {};
  // "رقم" needs a listing around it: a property type, "اعلان", or a view word.
  if (e.property_type || /اعلان|عقار|ad\b|listing/u.test(ascii) || VIEW_WORDS.test(ascii)) return Number(m[1]);
  return undefined;
}

/** What the client's last search looked for (ConversationState.lastSearch), as criteria; none if unreadable. */
function searchedCriteria(last: unknown): Criteria {
  const read = criteriaSchema.safeParse(last);
  return read.success ? read.data : {};
}

/** What the client's request filed in this chat asks for, while it is active; none otherwise. */
async function filedCriteria(ctx: TurnContext): Promise<Criteria> {
  const last = ctx.state.lastRequest;
  if (!last) return {};
  const request = await ctx.core.requests.get(contactScope(ctx.organizationId), last.id);
  return request?.status === 'active' ? criteriaOf(request, {}) : {};
}

/** Words of the search feature; contacts only (brokers search and book with their own commands). */
export async function clientListingWords(ctx: TurnContext): Promise<boolean> {
  if (ctx.actor.kind === 'member' || !ctx.text) return false;
  if (await nextPage(ctx)) return true;
  // «اذا نزل شي كلموني» is about later, before «كلموني» reads as a call wanted now
  if (await notifyLater(ctx)) return true;
  if (await askForBroker(ctx)) return true;
  // «نعم» / "yes" to the «تبي تعاينه؟» that ends a listing's details: book a viewing of it.
  const opened = ctx.state.list?.kind === 'listing' ? ctx.state.list.ids.find((id) => id.startsWith('o:')) : undefined;
  if (opened && ctx.parsed?.intent === 'confirm' && !ctx.choice && !asksQuestion(ctx.text)) {
    const p = await ctx.core.listings.propertyDetails(contactScope(ctx.organizationId), opened.slice(2));
    if (p?.status === 'active') {
      await startClientBooking(ctx, p.refNumber, undefined);
      return true;
    }
  }
  const folded = foldForSearch(ctx.text);
  if (ALERTS.test(folded)) return switchAlerts(ctx, !ALERTS_ON.test(folded) || ALERTS_OFF.test(folded));
  if (asksStatus(ctx.text)) {
    await answerStatus(ctx);
    return true;
  }
  if (OWN_PROPERTY.test(folded) && ctx.actor.role === 'owner') return false;
  // «ابحث عن شقة ايجار في الملقا», «ابغى اعرف العقارات المتوفرة»: a search, even when the parser
  // reads a wish (request.create); a plain wish («ابي فيلا بالرياض») stays a request.
  const intent = ctx.parsed?.intent ?? 'unknown';
  if (
    (intent === 'request.create' || intent === 'unknown') &&
    SEARCH_CUE.test(folded) &&
    !OWN_PROPERTY.test(folded) &&
    (LISTINGS_WORD.test(folded) || Object.keys(criteriaFrom(ctx.parsed?.entities ?? {})).length > 0)
  ) {
    await searchForClient(ctx);
    return true;
  }
  // «طيب والرياض؟» after his request or search: the same wish in that place.
  const named = ctx.parsed?.entities ?? {};
  if (
    WHAT_ABOUT.test(folded) &&
    (named.city || named.district) &&
    !named.property_type &&
    folded.split(/\s+/).length <= 6
  ) {
    const before = { ...searchedCriteria(ctx.state.lastSearch), ...(await filedCriteria(ctx)) };
    if (before.listingType || before.propertyType) {
      const place = criteriaFrom(named);
      const { district: _d, moreDistricts: _m, ...rest } = before;
      await searchForClient(ctx, {
        ...rest,
        city: place.city ?? rest.city,
        ...(place.district ? { district: place.district } : {}),
      });
      return true;
    }
  }
  // «طيب والأراضي؟», "what about land?" after his search or request: the same search for that type
  // (the deal and the place kept; a type of the other deal's kind is still asked by the search).
  if (
    WHAT_ABOUT.test(folded) &&
    named.property_type &&
    !named.city &&
    !named.district &&
    folded.split(/\s+/).length <= 5
  ) {
    const before = { ...searchedCriteria(ctx.state.lastSearch), ...(await filedCriteria(ctx)) };
    if (before.city || before.district) {
      const asked = criteriaFrom(named);
      await searchForClient(ctx, {
        ...((asked.listingType ?? before.listingType) ? { listingType: asked.listingType ?? before.listingType } : {}),
        propertyType: asked.propertyType,
        ...(before.city ? { city: before.city } : {}),
        ...(before.district ? { district: before.district } : {}),
        ...(before.moreDistricts ? { moreDistricts: before.moreDistricts } : {}),
      });
      return true;
    }
  }
  // «وش عندكم؟» with nothing named: what fits the request he filed here, else everything on offer.
  if (asksWhatYouHave(ctx)) {
    await searchForClient(ctx, await filedCriteria(ctx));
    return true;
  }
  // A viewing already booked is cancelled, moved or listed by the viewings feature, never booked again.
  const aboutExisting =
    ['appointment.cancel', 'appointment.reschedule', 'appointment.list', 'cancel'].includes(intent) ||
    saysMove(ctx.text);
  if (aboutExisting) return false;
  const ref = namedRef(ctx, folded);
  const when = whenOf(ctx);
  const wantsToSee = VIEW_WORDS.test(folded) || Boolean(when);
  if (ref !== undefined) {
    if (OWN_PROPERTY.test(folded) && !wantsToSee) return false;
    const words = folded.split(/\s+/).length;
    if (!wantsToSee && (QUESTION_ABOUT.test(folded) || words > 6)) {
      const p = await ctx.core.appointments.propertyByRef(contactScope(ctx.organizationId), ref);
      if (p?.status !== 'active') return false;
      await showPublicListing(ctx, p.id);
      return true;
    }
    await startClientBooking(ctx, ref, when);
    return true;
  }
  const focus = focusedListing(ctx);
  // «حلوه، ممكن ترسلون لي صورها؟ ابي اشوف من داخل», "can you send pics?": its photos (not a viewing),
  // or the broker asked for them when it has none
  if (PHOTOS.test(folded) && !when) {
    const scope = contactScope(ctx.organizationId);
    const alerted = focus ? null : await ctx.core.listings.lastAlertedRef(scope, ctx.contact.id);
    const id = focus ?? (alerted ? (await ctx.core.appointments.propertyByRef(scope, alerted))?.id : undefined);
    const p = id ? await ctx.core.listings.propertyDetails(scope, id) : null;
    if (p?.status === 'active') {
      if (p.images.length) await showPublicListing(ctx, p.id);
      else await photosFromBroker(ctx, p.refNumber);
      return true;
    }
  }
  // «ابي اشوفها الخميس ٥» right after a list or a listing's details.
  if (focus && wantsToSee && VIEW_WORDS.test(folded)) {
    const p = await ctx.core.listings.propertyDetails(contactScope(ctx.organizationId), focus);
    if (p) {
      await startClientBooking(ctx, p.refNumber, when);
      return true;
    }
  }
  // «وين الموقع بالضبط؟» with a viewing booked: the place of the next one, as its confirmation gave it
  if (WHERE_IS_IT.test(folded) && (await sendViewingPlace(ctx))) return true;
  // «كم سعرها؟», «وين موقعها؟», "how much is it?" right after a list: the listing shown, in full; with
  // several shown, which one.
  if (
    !wantsToSee &&
    folded.split(/\s+/).length <= 6 &&
    (ABOUT_IT.test(folded) || (intent === 'unknown' && QUESTION_ABOUT.test(folded)))
  ) {
    if (focus) {
      await showPublicListing(ctx, focus);
      return true;
    }
    const shown = ctx.state.list?.kind === 'listing' ? ctx.state.list.ids.length : 0;
    // «كم مساحتها؟» after «🏠 عقار جديد يناسب طلبك»: the listing of that alert
    const alerted =
      shown === 0 ? await ctx.core.listings.lastAlertedRef(contactScope(ctx.organizationId), ctx.contact.id) : null;
    const listing = alerted
      ? await ctx.core.appointments.propertyByRef(contactScope(ctx.organizationId), alerted)
      : null;
    if (listing?.status === 'active') {
      await showPublicListing(ctx, listing.id);
      return true;
    }
    if (shown > 1) {
      say(
        ctx,
        `أي واحد تقصد؟ اكتب رقمه من القائمة (١–${formatNumber(shown, 'ar')}).`,
        `Which one? Reply with its number in the list (1–${shown}).`,
      );
      return true;
    }
  }
  // «ابي اشوف الفيلا اللي بالنرجس بعد المغرب»: a listing named by its type and place. One active
  // listing fits: book it; several: the numbered list to pick from. None: the intents go on.
  // Only a definite, singular listing («الفيلا», "the villa"): «ابغى اشوف فلل بالرياض» is a search or a wish.
  const e = ctx.parsed?.entities ?? {};
  if (
    VIEW_WORDS.test(folded) &&
    THE_LISTING.test(folded) &&
    !LISTINGS_WORD.test(folded) &&
    e.property_type &&
    (e.district || e.city) &&
    !OWN_PROPERTY.test(folded)
  ) {
    const c = criteriaFrom(e);
    const found = await ctx.core.listings.publicSearch(contactScope(ctx.organizationId), {
      listingType: c.listingType,
      propertyType: c.propertyType,
      city: c.city,
      district: c.district,
      limit: 5,
    });
    if (found.items.length === 1) {
      await startClientBooking(ctx, found.items[0]!.refNumber, when);
      return true;
    }
    if (found.items.length > 1) {
      await searchForClient(ctx);
      return true;
    }
  }
  return false;
}

/** The map link of the client's next viewing that has one; false when he has none. */
async function sendViewingPlace(ctx: TurnContext): Promise<boolean> {
  const viewings = await ctx.core.appointments.list(contactScope(ctx.organizationId), {
    contactId: ctx.contact.id,
    customerId: ctx.contact.customerId,
  });
  const next = viewings.find((a) => a.mapsUrl ?? a.property?.mapsUrl);
  const maps = next ? (next.mapsUrl ?? next.property?.mapsUrl) : undefined;
  if (!next || !maps) return false;
  const ref = next.property?.refNumber;
  const where = (lang: 'ar' | 'en') =>
    next.property ? ` — ${placeLabel(next.property.district ?? undefined, next.property.city, lang)}` : '';
  say(
    ctx,
    `📍 موقع ${ref ? `العقار ${formatNumber(ref, 'ar')}` : 'المعاينة'}${where('ar')} (معاينتك ${formatDateTime(next.startsAt, 'ar', ctx.tz)}):\n${maps}`,
    `📍 Location of ${ref ? `property #${ref}` : 'the viewing'}${where('en')} (your viewing ${formatDateTime(next.startsAt, 'en', ctx.tz)}):\n${maps}`,
  );
  return true;
}

/** «وش صار على طلبي؟»: the client's upcoming viewings and open requests, in a few lines. */
async function answerStatus(ctx: TurnContext): Promise<void> {
  const scope = contactScope(ctx.organizationId);
  const viewings = await ctx.core.appointments.list(scope, {
    contactId: ctx.contact.id,
    customerId: ctx.contact.customerId,
  });
  const requests = ctx.contact.customerId ? await ctx.core.listings.clientRequests(scope, ctx.contact.customerId) : [];
  if (viewings.length === 0 && requests.length === 0) {
    say(
      ctx,
      'ما عندك طلب ولا موعد مسجل عندنا حالياً. قل لي وش تدوّر عليه (مثل: عندكم شقق للإيجار بالرياض؟) أو اكتب «ابي اشوف العقار ٢ بكرة العصر».',
      'You have no request or viewing with us yet. Tell me what you are looking for (e.g. any apartments for rent in Riyadh?) or write "I want to see property 2 tomorrow afternoon".',
    );
    return;
  }
  const lines: string[] = [];
  if (viewings.length > 0) {
    lines.push(t(ctx.lang, '📅 مواعيدك القادمة:', '📅 Your upcoming viewings:'));
    viewings.slice(0, 5).forEach((a, i) => {
      const ref = a.property?.refNumber;
      lines.push(
        `${nth(ctx, i)}. ${formatDateTime(a.startsAt, ctx.lang, ctx.tz)}${ref ? t(ctx.lang, ` — العقار ${formatNumber(ref, 'ar')}`, ` — property #${ref}`) : ''}${a.user?.name ? t(ctx.lang, ` مع ${a.user.name}`, ` with ${a.user.name}`) : ''}`,
      );
    });
  }
  if (requests.length > 0) {
    lines.push(t(ctx.lang, '📝 طلباتك المفتوحة:', '📝 Your open requests:'));
    for (const r of requests) {
      const what = [
        r.propertyTypes[0] ? typeLabel(r.propertyTypes[0], ctx.lang) : t(ctx.lang, 'عقار', 'property'),
        r.type === 'rent' ? t(ctx.lang, 'للإيجار', 'for rent') : t(ctx.lang, 'للشراء', 'to buy'),
        placeLabel(r.districts[0], r.cities[0], ctx.lang),
      ]
        .filter(Boolean)
        .join(' ');
      const matches = r._count.smartMatches;
      lines.push(
        `• ${what}: ${
          matches > 0
            ? t(
                ctx.lang,
                `لقينا ${formatNumber(matches, 'ar')} عقار مناسب، والوسيط بيتواصل معك.`,
                `we found ${matches} suitable listing(s); the broker will contact you.`,
              )
            : t(
                ctx.lang,
                'نتابع، وأبلغك أول ما ينزل عقار يناسبك.',
                'still looking; I will tell you as soon as something fits.',
              )
        }`,
      );
    }
  }
  ctx.reply(lines.join('\n'));
}
