// Booking a viewing in conversation.
// - a client ("أبي أشوف العقار ٢ بكرة العصر"): the nearest free slots of the listing's broker (up to
//   five, the asked day first), a pick, the name when the channel gave none, a confirmation, then the
//   booking with date, time, map link and an .ics; the broker is told.
// - a broker ("احجز معاينة مع أحمد بكرة الساعة ٥"): booked at once when free, otherwise the reason and
//   the nearest slots; the client is told when Nova knows his chat.
// A slot taken by someone else in the meantime (the database's exclusion constraint) is answered with
// the next free slots, never with an error.
import { isPropertyType } from '../../../core/requests/requests.service.ts';
import type { ViewableProperty } from '../../../core/scheduling/appointments.types.ts';
import { dayRange, localDate } from '../../../core/shared/periods.ts';
import { memberScope } from '../../../core/shared/scope.ts';
import { foldForSearch } from '../../../core/shared/text.ts';
import type { Member } from '../../../core/teams/teams.service.ts';
import type { TurnContext } from '../../engine/context.ts';
import { formatDateTime, formatDay, formatNumber, formatPhoneForChat } from '../../render/format.ts';
import { t } from '../../render/texts.ts';
import type { Choice } from '../../types.ts';
import { findCustomers } from '../customers/customers.handlers.ts';
import { calendarSettings } from '../hours/hours.handlers.ts';
import { listingName } from '../listings/owner.texts.ts';
import { confirmChoices, type Handler, requireMember, say, storedName } from '../shared/helpers.ts';
import { recentCustomer } from '../tasks/referent.ts';
import { appointmentDialog, type BookingData, type When } from './viewings.dialog.ts';
import { scopeOfTurn, tellBrokerOf, tellClientOf } from './viewings.notices.ts';
import { handleOutcome } from './viewings.outcome.ts';
import { bookableAt, outcomeOf, propertyRefOf, requestedOf, whenOf } from './viewings.parse.ts';
import {
  bookingTitle,
  clientLabel,
  confirmationFor,
  pastTodayText,
  placeOf,
  reasonText,
  refText,
} from './viewings.texts.ts';

export const SLOT_PREFIX = 'slot:';
export const CUSTOMER_PREFIX = 'cust:';

/**
 * The broker's free slots nearest `when` as choices; `about` goes first (which property a client is to
 * see), then `lead` (a slot just taken, a question).
 */
export async function offerSlots(
  ctx: TurnContext,
  data: BookingData,
  when: When | undefined,
  lead?: string,
  about?: string,
): Promise<void> {
  const requested = requestedOf(when);
  const offer = await ctx.core.appointments.offer(scopeOfTurn(ctx), {
    userId: data.brokerId,
    requested,
    day: when?.day,
    window: when?.part,
    actor: data.actor,
    excludeAppointmentId: data.mode === 'reschedule' ? data.appointmentId : undefined,
  });
  const parts: string[] = [];
  if (about) parts.push(about);
  if (lead) parts.push(lead);
  if (when?.pastToday) parts.push(pastTodayText(ctx.lang, new Date(when.pastToday), ctx.tz));
  if (when?.partPassed) {
    parts.push(
      t(
        ctx.lang,
        'هالوقت من اليوم فات، فما حجزت شي. هذي مواعيد بكرة في نفس الفترة:',
        'That part of today has already passed, so nothing is booked. Here are tomorrow’s times in the same part of the day:',
      ),
    );
  }
  // A slot just taken by someone else is said by the lead; other reasons are explained here.
  const asked = requested ?? (when?.day ? dayRange(when.day, ctx.tz).from : undefined);
  if (offer && asked && offer.reason && !(lead && offer.reason === 'TAKEN')) {
    parts.push(reasonText(ctx.lang, offer.reason, asked, ctx.tz));
  }
  // A day asked for without a time («يوم الجمعة») that has no free slot: said, before the nearest ones.
  const day = when?.day;
  if (
    offer?.slots.length &&
    day &&
    !requested &&
    !offer.reason &&
    !offer.slots.some((s) => localDate(s.start, ctx.tz) === day)
  ) {
    const date = dayRange(day, ctx.tz).from;
    parts.push(
      t(
        ctx.lang,
        `ما فيه مواعيد متاحة ${formatDay(date, 'ar', ctx.tz)}.`,
        `There are no free slots on ${formatDay(date, 'en', ctx.tz)}.`,
      ),
    );
  }
  if (!offer || offer.slots.length === 0) {
    appointmentDialog.end(ctx);
    parts.push(
      t(
        ctx.lang,
        'ما فيه مواعيد متاحة خلال الأسبوعين الجاية. جرّب بعد أيام، أو تواصل مع المكتب.',
        'There are no free slots in the next two weeks. Try again in a few days, or contact the office.',
      ),
    );
    ctx.reply(parts.join('\n'));
    return;
  }
  const slots = offer.slots.map((s) => s.start.toISOString());
  appointmentDialog.start(ctx, 'pick_slot', { ...data, when, slots });
  const askedIsFree = requested && !offer.reason && slots.includes(requested.toISOString());
  if (askedIsFree && offer.slots.length > 1) {
    parts.push(
      t(
        ctx.lang,
        `✅ ${formatDateTime(requested, 'ar', ctx.tz)} متاح: اكتب «نعم» لحجزه، أو اختر رقم الموعد اللي يناسبك:`,
        `✅ ${formatDateTime(requested, 'en', ctx.tz)} is free: write "yes" to take it. Pick a number for another time:`,
      ),
    );
  } else {
    parts.push(
      t(
        ctx.lang,
        offer.slots.length === 1 ? 'هذا أقرب موعد متاح، تختاره؟' : 'هذي أقرب المواعيد المتاحة، اختر رقم الموعد:',
        offer.slots.length === 1
          ? 'This is the nearest free slot. Take it?'
          : 'These are the nearest free slots. Pick a number:',
      ),
    );
  }
  const choices: Choice[] = offer.slots.map((s) => ({
    id: `${SLOT_PREFIX}${s.start.toISOString()}`,
    label: formatDateTime(s.start, ctx.lang, ctx.tz),
  }));
  ctx.reply({ text: parts.join('\n'), choices });
}

/** SLOT_TAKEN and UNAVAILABLE become the reason and other slots; anything else a short apology. */
export async function answerFailure(
  ctx: TurnContext,
  code: string,
  details: Record<string, unknown> | undefined,
  data: BookingData,
  asked: Date,
): Promise<void> {
  if (code === 'APPOINTMENT.SLOT_TAKEN') {
    // A slot Nova offered a moment ago went to someone else; a time asked for directly is just busy.
    const offered = data.slots?.includes(asked.toISOString()) ?? false;
    await offerSlots(
      ctx,
      { ...data, slot: undefined },
      { at: asked.toISOString() },
      offered
        ? t(
            ctx.lang,
            `😕 موعد ${formatDateTime(asked, 'ar', ctx.tz)} انحجز قبل شوي.`,
            `😕 ${formatDateTime(asked, 'en', ctx.tz)} was just taken.`,
          )
        : undefined,
    );
    return;
  }
  if (code === 'APPOINTMENT.UNAVAILABLE' && details?.reason) {
    // offerSlots explains the reason again from the asked time, with the slots nearest to it.
    await offerSlots(ctx, { ...data, slot: undefined }, { at: asked.toISOString() });
    return;
  }
  appointmentDialog.end(ctx);
  say(ctx, 'ما قدرت أكمل الحجز. جرّب مرة ثانية.', 'I could not complete that. Please try again.');
}

// ---------------------------------------------------------------------------------------------------
// Client booking.

/** The client asked to see property `ref`: its broker's slots, or why it cannot be seen. */
export async function startClientBooking(ctx: TurnContext, ref: number, when: When | undefined): Promise<void> {
  const scope = scopeOfTurn(ctx);
  const property = await ctx.core.appointments.propertyByRef(scope, ref);
  if (!property || property.status === 'draft' || property.status === 'archived') {
    appointmentDialog.start(ctx, 'ask_property', { when });
    say(
      ctx,
      `ما لقيت عقار برقم ${formatNumber(ref, 'ar')}. اكتب رقم العقار اللي تبي تعاينه.`,
      `I could not find property #${ref}. Which property number would you like to view?`,
    );
    return;
  }
  if (property.status === 'sold' || property.status === 'rented') {
    appointmentDialog.end(ctx);
    say(
      ctx,
      `العقار ${formatNumber(ref, 'ar')} ${property.status === 'sold' ? 'انباع' : 'تأجر'} للأسف. قل لي وش تدوّر عليه وأرشح لك غيره.`,
      `Sorry, property #${ref} is already ${property.status === 'sold' ? 'sold' : 'rented'}. Tell me what you are looking for and I will suggest others.`,
    );
    return;
  }
  const brokerId = await ctx.core.appointments.viewingBroker(scope, property);
  if (!brokerId) {
    appointmentDialog.end(ctx);
    say(ctx, 'ما قدرت أوصل للوسيط حالياً. جرّب بعد شوي.', 'I cannot reach a broker right now. Please try again later.');
    return;
  }
  // "the first one", "it", a number: the client sees which property the times are for
  await offerSlots(
    ctx,
    { mode: 'book', actor: 'client', brokerId, propertyId: property.id },
    when,
    undefined,
    viewingOf(ctx, property),
  );
}

/** «🏠 معاينة العقار ٢: شقة للإيجار في الملقا» / "🏠 Viewing of apartment for rent in Al Malqa (property #2)". */
const viewingOf = (ctx: TurnContext, property: ViewableProperty) =>
  `🏠 ${t(ctx.lang, `معاينة ${refText('ar', property.refNumber)}: ${property.title}`, `Viewing of ${listingName('en', property)}`)}`;

const propertyOf = (ctx: TurnContext, data: BookingData): Promise<ViewableProperty | null> =>
  data.propertyId ? ctx.core.appointments.propertyById(scopeOfTurn(ctx), data.propertyId) : Promise.resolve(null);

export async function askToConfirm(ctx: TurnContext, data: BookingData): Promise<void> {
  const property = await propertyOf(ctx, data);
  appointmentDialog.start(ctx, 'confirm', data);
  const at = new Date(data.slot!);
  ctx.reply({
    text: [
      t(ctx.lang, 'تأكيد الحجز:', 'Please confirm:'),
      property ? viewingOf(ctx, property) : undefined,
      `🗓 ${formatDateTime(at, ctx.lang, ctx.tz)}`,
      `👤 ${data.name}`,
      t(ctx.lang, 'أأكد الحجز؟', 'Shall I book it?'),
    ]
      .filter(Boolean)
      .join('\n'),
    choices: confirmChoices(ctx, t(ctx.lang, 'نعم، احجز', 'Yes, book it')),
  });
}

export async function commitClientBooking(ctx: TurnContext, data: BookingData): Promise<void> {
  const property = await propertyOf(ctx, data);
  const name = data.name ?? ctx.contact.displayName ?? t(ctx.lang, 'عميل', 'Client');
  // The client becomes a customer of the broker who shows the property (his chat's, or a new lead).
  const brokerScope = { organizationId: ctx.organizationId, userId: data.brokerId };
  const customerId = await ctx.core.contacts.customerFor(brokerScope, ctx.contact, {
    name,
    category: property?.listingType === 'rent' ? 'tenant' : 'buyer',
    status: 'interested',
    source: `chat:${ctx.channel.kind}`,
    assignedToId: data.brokerId,
    role: 'client',
    keepKnownRole: true,
  });
  const start = new Date(data.slot!);
  const booked = await ctx.core.appointments.book(scopeOfTurn(ctx), {
    userId: data.brokerId,
    startsAt: start,
    actor: 'client',
    customerId,
    propertyId: property?.id ?? null,
    title: bookingTitle(property, name),
    location: placeOf(property),
    mapsUrl: property?.mapsUrl ?? null,
    bookedByContactId: ctx.contact.id,
  });
  if (!booked.ok) {
    await answerFailure(ctx, booked.error.code, booked.error.details, data, start);
    return;
  }
  appointmentDialog.end(ctx);
  const a = booked.value;
  ctx.state.lastAppointment = { id: a.id, at: ctx.now.toISOString() };
  // «كم الإيجار؟» next is about the listing just booked (search/client.words.ts reads the focus).
  // Shown, not opened: an «تمام» now is thanks, not a yes to «تبي تعاينه؟» (client.words.ts).
  if (property) ctx.state.list = { kind: 'listing', ids: [`p:${property.id}`] };
  ctx.reply(await confirmationFor(ctx, a, 'client', t(ctx.lang, '✅ تم حجز معاينتك!', '✅ Your viewing is booked!')));
  await tellBrokerOf(ctx, a, (lang) =>
    t(
      lang,
      `📅 حجز معاينة جديد: ${clientLabel(a)}\n🏠 ${refText('ar', a.property?.refNumber)} ${a.property?.title ?? ''}\n🗓 ${formatDateTime(a.startsAt, 'ar', ctx.tz)}`,
      `📅 New viewing booked: ${clientLabel(a)}\n🏠 ${refText('en', a.property?.refNumber)} ${a.property?.title ?? ''}\n🗓 ${formatDateTime(a.startsAt, 'en', ctx.tz)}`,
    ),
  );
}

// ---------------------------------------------------------------------------------------------------
// Broker booking.

/** The customer a broker named: by phone, by name (one, or several to pick from), else a new one. */
export async function resolveCustomer(ctx: TurnContext, member: Member, name?: string, phone?: string) {
  const scope = memberScope(member);
  if (phone) {
    const byPhone = await ctx.core.customers.findByPhone(scope, phone);
    if (byPhone) return { one: byPhone };
  }
  if (name) {
    const found = await findCustomers(ctx, member, name);
    const exact = found.filter((c) => foldForSearch(c.name) === foldForSearch(name));
    if (exact.length === 1) return { one: exact[0]! };
    if (found.length === 1) return { one: found[0]! };
    if (found.length > 1) return { many: found.slice(0, 5) };
  }
  if (!name && !phone) return {};
  const created = await ctx.core.customers.create(scope, {
    name: name ? storedName(name) : phone!,
    phone,
    status: 'interested',
    source: `chat:${ctx.channel.kind}`,
  });
  return created.ok ? { one: created.value } : {};
}

/** With a time asked for, books it; with only a day (or nothing), offers the slots. */
export async function continueBrokerBooking(ctx: TurnContext, member: Member, data: BookingData): Promise<void> {
  const at = bookableAt(data.when);
  if (!at) {
    await offerSlots(ctx, data, data.when);
    return;
  }
  await bookForBroker(ctx, member, { ...data, slot: at.toISOString() });
}

export async function bookForBroker(ctx: TurnContext, member: Member, data: BookingData): Promise<void> {
  const property = await propertyOf(ctx, data);
  const start = new Date(data.slot!);
  const booked = await ctx.core.appointments.book(memberScope(member), {
    userId: data.brokerId,
    startsAt: start,
    actor: 'broker',
    customerId: data.customerId ?? null,
    propertyId: property?.id ?? null,
    title: bookingTitle(property, data.customerName ?? ''),
    location: placeOf(property),
    mapsUrl: property?.mapsUrl ?? null,
  });
  if (!booked.ok) {
    await answerFailure(ctx, booked.error.code, booked.error.details, data, start);
    return;
  }
  appointmentDialog.end(ctx);
  const a = booked.value;
  ctx.state.lastAppointment = { id: a.id, at: ctx.now.toISOString() };
  ctx.reply(await confirmationFor(ctx, a, 'broker', t(ctx.lang, '✅ تم حجز المعاينة', '✅ Viewing booked')));
  const maps = a.mapsUrl ?? a.property?.mapsUrl;
  await tellClientOf(ctx, a, (lang) =>
    t(
      lang,
      `📅 تم حجز موعد معاينة لك مع ${a.user.name}:\n🗓 ${formatDateTime(a.startsAt, 'ar', ctx.tz)}${a.property ? `\n🏠 ${refText('ar', a.property.refNumber)}: ${a.property.title}` : ''}${maps ? `\n📍 ${maps}` : ''}`,
      `📅 A viewing was booked for you with ${a.user.name}:\n🗓 ${formatDateTime(a.startsAt, 'en', ctx.tz)}${a.property ? `\n🏠 property #${a.property.refNumber}: ${a.property.title}` : ''}${maps ? `\n📍 ${maps}` : ''}`,
    ),
  );
}

/** «معه», «معها», «رتب له معاينة», "with him", "for her": a person named only by a pronoun. */
const WITH_HIM =
  /(^|\s)(معه|معاه|معها|معاها|له|لها)(?=$|[\s,،.!؟?])|\b(with|for) (him|her)\b|\b(book|schedule|take|bring) (him|her)\b/iu;

/**
 * «حط لي موعد معه بكرة ٧ المغرب» right after «عميل جديد ناصر …»: with no name or phone, "him" is the
 * customer the chat was about a moment ago (ConversationState.lastCustomer, tasks/referent.ts).
 */
async function customerMeant(
  ctx: TurnContext,
  member: Member,
  name?: string,
  phone?: string,
): Promise<Awaited<ReturnType<typeof resolveCustomer>> | undefined> {
  if (name || phone || !WITH_HIM.test(ctx.text)) return undefined;
  const recent = recentCustomer(ctx.state.lastCustomer, ctx.now);
  if (!recent) return undefined;
  const customer = await ctx.core.customers.get(memberScope(member), recent.id);
  return customer.ok ? { one: customer.value } : undefined;
}

/** The office's one listing the message names by its district, without a number («شقة الملقا», "the narjis villa"). */
async function describedProperty(ctx: TurnContext): Promise<ViewableProperty | null> {
  const e = ctx.parsed?.entities ?? {};
  if (!e.district) return null;
  return ctx.core.appointments.propertyByDescription(scopeOfTurn(ctx), {
    district: e.district,
    ...(isPropertyType(e.property_type) ? { propertyType: e.property_type } : {}),
    ...(e.city ? { city: e.city } : {}),
  });
}

/** "احجز معاينة مع أحمد بكرة الساعة ٥ للعقار ٢": the property, the customer, then the time. */
export async function startBrokerBooking(ctx: TurnContext, member: Member): Promise<void> {
  const e = ctx.parsed?.entities ?? {};
  const ref = propertyRefOf(ctx.text, e.ref);
  const property = ref
    ? await ctx.core.appointments.propertyByRef(memberScope(member), ref)
    : await describedProperty(ctx);
  if (ref && !property) {
    say(ctx, `ما لقيت عقار برقم ${formatNumber(ref, 'ar')}.`, `There is no property #${ref}.`);
    return;
  }
  const data: BookingData = {
    mode: 'book',
    actor: 'broker',
    brokerId: member.userId,
    propertyId: property?.id ?? null,
    when: whenOf(ctx),
  };
  const found =
    (await customerMeant(ctx, member, e.name, e.phone)) ?? (await resolveCustomer(ctx, member, e.name, e.phone));
  if (found.many) {
    appointmentDialog.start(ctx, 'pick_customer', { ...data, customerIds: found.many.map((c) => c.id) });
    ctx.reply({
      text: t(
        ctx.lang,
        `عندك أكثر من عميل باسم ${e.name}. أي واحد؟`,
        `You have several customers called ${e.name}. Which one?`,
      ),
      choices: found.many.map((c) => ({
        id: `${CUSTOMER_PREFIX}${c.id}`,
        label: [c.name, c.phone ? formatPhoneForChat(c.phone, ctx.lang) : undefined].filter(Boolean).join(' '),
      })),
    });
    return;
  }
  if (!found.one) {
    appointmentDialog.start(ctx, 'ask_customer', data);
    say(
      ctx,
      'مع مين المعاينة؟ اكتب اسم العميل (ورقمه إذا جديد).',
      'Who is the viewing with? Write the client’s name (and phone if new).',
    );
    return;
  }
  await continueBrokerBooking(ctx, member, {
    ...data,
    customerId: found.one.id,
    customerName: found.one.name,
    customerPhone: found.one.phone,
  });
}

// ---------------------------------------------------------------------------------------------------
// The intent.

/**
 * appointment.create: a broker books (or says how a viewing went, which the parser reads as the same
 * intent); a client asks to see a property, and is asked which one when he did not say.
 */
export const createAppointment: Handler = async (ctx) => {
  if (await calendarSettings(ctx)) return;
  const when = whenOf(ctx);
  if (ctx.actor.kind === 'member') {
    const outcome = outcomeOf(ctx);
    if (outcome) {
      const member = requireMember(ctx, 'calendar', 'edit');
      if (member) await handleOutcome(ctx, member, outcome);
      return;
    }
    const member = requireMember(ctx, 'calendar', 'create');
    if (!member) return;
    await startBrokerBooking(ctx, member);
    return;
  }
  // No number said: the listing he describes («شقة الملقا»), else the one he was alerted to lately
  // («ابي اشوفها»).
  const ref =
    propertyRefOf(ctx.text, ctx.parsed?.entities.ref) ??
    (await describedProperty(ctx))?.refNumber ??
    (ctx.contact ? await ctx.core.listings.lastAlertedRef(scopeOfTurn(ctx), ctx.contact.id) : null);
  if (!ref) {
    appointmentDialog.start(ctx, 'ask_property', { when });
    say(
      ctx,
      'أي عقار تبي تعاين؟ اكتب رقمه، مثل: العقار ٢',
      'Which property would you like to view? Write its number, e.g. property 2',
    );
    return;
  }
  await startClientBooking(ctx, ref, when);
};
