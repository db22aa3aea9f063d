// Viewings in conversation (issue 6).
// - appointment.create from a client ("أبي أشوف العقار ٢ بكرة العصر"): the nearest free slots of the
//   listing's broker (up to five, the asked day first), a pick, the name when the channel gave none, a
//   confirmation, then the booking with date, time, map link and an .ics; the broker is told.
// - appointment.create from a broker ("احجز معاينة مع أحمد بكرة الساعة ٥"): booked at once when free,
//   otherwise the reason and the nearest slots; the client is told when Nova knows his chat.
// - appointment.list / .cancel / .reschedule for both sides, each telling the other party.
// - after a viewing the broker answers how it went ("تمت المعاينة", "ما حضر للمعاينة", a comment).
// - brokers set working hours, days off and holidays, and get their calendar feed link, by chat.
// A slot taken by someone else in the meantime (the database's exclusion constraint) is answered with
// the next free slots, never with an error.

import { eventPath, feedPath, type IcsAudience } from '../../../core/scheduling/appointments.calendar.ts';
import { availabilityTopic, parseAvailabilityText } from '../../../core/scheduling/appointments.hours-text.ts';
import type { AppointmentDetails, ChatRef, ViewingOutcome } from '../../../core/scheduling/appointments.service.ts';
import type { UnavailableReason } from '../../../core/scheduling/slots.types.ts';
import { dayRange, periodRange, type Range } from '../../../core/shared/periods.ts';
import { foldForSearch } from '../../../core/shared/text.ts';
import type { Member } from '../../../core/teams/teams.service.ts';
import type { DialogState, TurnContext } from '../../engine/context.ts';
import {
  formatDateTime,
  formatDay,
  formatNumber,
  formatPhoneForChat,
  formatTime,
  type Lang,
} from '../../render/format.ts';
import { t } from '../../render/texts.ts';
import type { Choice, OutboundMessage } from '../../types.ts';
import { findCustomers } from '../customers/customers.handlers.ts';
import {
  confirmChoices,
  endDialog,
  type Handler,
  nth,
  requireMember,
  say,
  scopeOf,
  startDialog,
} from '../shared/helpers.ts';

export const APPOINTMENT_DIALOG = { name: 'appointment', v: 1 } as const;

type Step =
  | 'ask_property'
  | 'ask_customer'
  | 'pick_customer'
  | 'pick_slot'
  | 'ask_name'
  | 'confirm'
  | 'pick_appointment'
  | 'outcome_note';

interface When {
  /** ISO instant asked for */
  at?: string;
  /** local date asked for (no time) */
  day?: string;
}

/** What a booking or a reschedule carries between turns (plain JSON). */
interface BookingData {
  mode: 'book' | 'reschedule';
  actor: 'client' | 'broker';
  brokerId: string;
  propertyId?: string | null;
  customerId?: string | null;
  customerName?: string | null;
  customerPhone?: string | null;
  appointmentId?: string;
  when?: When;
  /** ISO starts of the offered slots */
  slots?: string[];
  slot?: string;
  /** the client's name for the booking */
  name?: string;
  /** customers offered to the broker when a name matched several */
  customerIds?: string[];
}

interface PickData {
  action: 'cancel' | 'reschedule';
  ids: string[];
  when?: When;
}

const SLOT_PREFIX = 'slot:';
const APPT_PREFIX = 'appt:';
const CUSTOMER_PREFIX = 'cust:';
const OUTCOME_CHOICE = /^outcome:([0-9a-f-]{36}):(done|no_show|note)$/;

// ---------------------------------------------------------------------------------------------------
// Reading the message.

const toAsciiDigits = (s: string) =>
  s.replace(/[٠-٩]/g, (d) => String(d.charCodeAt(0) - 0x660)).replace(/[۰-۹]/g, (d) => String(d.charCodeAt(0) - 0x6f0));

/** "العقار ٢", "للعقار رقم ٣", "property 2", "listing #12", "#7": the listing's reference number. */
export function propertyRefOf(text: string, ref?: number): number | undefined {
  const s = toAsciiDigits(text);
  const m =
    s.match(/(?:عقار|العقار|property|listing|unit)\s*(?:رقم|no\.?|number|num\.?|#)?\s*#?\s*(\d{1,7})\b/iu) ??
    s.match(/#\s*(\d{1,7})\b/u);
  if (m) return Number(m[1]);
  if (ref && /عقار|property|listing/iu.test(s)) return ref;
  return undefined;
}

function whenOf(ctx: TurnContext): When | undefined {
  const e = ctx.parsed?.entities ?? {};
  if (e.datetime) return { at: new Date(e.datetime).toISOString() };
  if (e.date) return { day: e.date };
  return undefined;
}

const requestedOf = (when?: When) => (when?.at ? new Date(when.at) : undefined);

/** "تمت المعاينة", "ما حضر للمعاينة", "تعليق على المعاينة: …", or a follow-up button. */
function outcomeOf(ctx: TurnContext): { outcome: ViewingOutcome | 'note'; note?: string; id?: string } | null {
  const picked = ctx.choice?.match(OUTCOME_CHOICE);
  const note = ctx.text.match(/[:：]\s*(.+)$/su)?.[1]?.trim();
  if (picked) {
    const kind = picked[2] === 'done' ? 'completed' : picked[2] === 'no_show' ? 'no_show' : 'note';
    return { outcome: kind, id: picked[1]!, ...(note ? { note } : {}) };
  }
  const e = ctx.parsed?.entities ?? {};
  if (e.datetime || e.date) return null;
  const text = foldForSearch(ctx.text);
  if (
    /(ما|لم|مو)\s*(حضر|جا|جاء|يحضر|يجي)(?=\s|$|[:：،,.])|غاب|no[-\s]?show|didn'?t\s+(show|come|turn)|did\s+not\s+(show|come|turn)/u.test(
      text,
    )
  ) {
    return { outcome: 'no_show', ...(note ? { note } : {}) };
  }
  if (/(^|\s)(تمت|تم|خلصت|خلصنا|انتهت|done|completed|went well|finished)(\s|$|[:：])/u.test(text)) {
    return { outcome: 'completed', ...(note ? { note } : {}) };
  }
  if (/تعليق|comment/u.test(text)) return { outcome: 'note', ...(note ? { note } : {}) };
  return null;
}

// ---------------------------------------------------------------------------------------------------
// Texts.

function reasonText(lang: Lang, reason: UnavailableReason, at: Date, tz: string): string {
  const day = formatDay(at, lang, tz);
  const time = formatTime(at, lang, tz);
  switch (reason) {
    case 'PAST':
      return t(
        lang,
        `الوقت اللي طلبته (${day}، ${time}) فات.`,
        `The time you asked for (${day}, ${time}) has already passed.`,
      );
    case 'NOTICE':
      return t(
        lang,
        `الوقت اللي طلبته (${time}) قريب جداً؛ الحجز لازم يكون قبلها بوقت كافي.`,
        `${time} is too soon; viewings need a little notice.`,
      );
    case 'FRIDAY_OR_DAY_OFF':
      return t(lang, `${day} ما فيه دوام (إجازة).`, `There are no viewings on ${day} (day off).`);
    case 'HOLIDAY':
      return t(lang, `الوسيط في إجازة يوم ${day}.`, `The broker is on holiday on ${day}.`);
    case 'OUTSIDE_HOURS':
      return t(lang, `الساعة ${time} خارج أوقات الدوام يوم ${day}.`, `${time} is outside working hours on ${day}.`);
    case 'BREAK':
      return t(lang, `الساعة ${time} وقت استراحة يوم ${day}.`, `${time} falls in the break on ${day}.`);
    case 'TAKEN':
      return t(lang, `موعد ${day}، ${time} محجوز.`, `${day}, ${time} is already booked.`);
  }
}

const refText = (lang: Lang, ref: number | null | undefined) =>
  ref ? t(lang, `العقار ${formatNumber(ref, 'ar')}`, `property #${ref}`) : '';

function whatText(lang: Lang, a: AppointmentDetails, audience: IcsAudience): string {
  const ref = a.property?.refNumber;
  if (audience === 'broker') {
    const who = a.customer ? t(lang, `مع ${a.customer.name}`, `with ${a.customer.name}`) : '';
    return [t(lang, 'معاينة', 'Viewing'), who, ref ? `(${refText(lang, ref)})` : ''].filter(Boolean).join(' ');
  }
  return ref
    ? t(lang, `معاينة ${refText('ar', ref)}: ${a.property?.title}`, `Viewing of property #${ref}: ${a.property?.title}`)
    : a.title;
}

function lineOf(lang: Lang, tz: string, a: AppointmentDetails, audience: IcsAudience): string {
  return `${formatDateTime(a.startsAt, lang, tz)} — ${whatText(lang, a, audience)}`;
}

/** The .ics of one appointment as a document, where the channel can take it (see docs/viewings.md). */
async function icsMedia(
  ctx: TurnContext,
  a: AppointmentDetails,
  audience: IcsAudience,
): Promise<Pick<OutboundMessage, 'media'> & { link?: string }> {
  const token = await ctx.core.appointments.feedToken(a.userId);
  const path = `${eventPath(a.id, audience, token)}${ctx.lang === 'en' ? '?lang=en' : ''}`;
  const base = ctx.publicBaseUrl?.replace(/\/+$/, '');
  const kind = ctx.channel.kind;
  // Telegram fetches documents by URL only for PDF and ZIP files: there the link goes in the text.
  const byUrl = kind === 'whatsapp_web' || kind === 'whatsapp_cloud' ? Boolean(base) : kind !== 'telegram';
  if (byUrl && (base || kind === 'web' || kind === 'memory' || kind === 'console')) {
    return {
      media: { kind: 'document', fileName: 'viewing.ics', mimeType: 'text/calendar', url: `${base ?? ''}${path}` },
    };
  }
  return base ? { link: `${base}${path}` } : {};
}

async function confirmationFor(
  ctx: TurnContext,
  a: AppointmentDetails,
  audience: IcsAudience,
  headline: string,
): Promise<OutboundMessage> {
  const { lang, tz } = ctx;
  const maps = a.mapsUrl ?? a.property?.mapsUrl;
  const lines = [
    headline,
    `🏠 ${whatText(lang, a, audience)}`,
    `🗓 ${formatDay(a.startsAt, lang, tz)}`,
    `⏰ ${formatTime(a.startsAt, lang, tz)}`,
    maps ? `📍 ${maps}` : undefined,
    audience === 'client'
      ? t(
          lang,
          `👤 الوسيط: ${a.user.name} ${formatPhoneForChat(a.user.phone, lang)}`,
          `👤 Broker: ${a.user.name} ${formatPhoneForChat(a.user.phone, lang)}`,
        )
      : a.customer?.phone
        ? `📞 ${formatPhoneForChat(a.customer.phone, lang)}`
        : undefined,
  ];
  const ics = await icsMedia(ctx, a, audience);
  if (ics.link) lines.push(t(lang, `📅 أضفه لتقويمك: ${ics.link}`, `📅 Add it to your calendar: ${ics.link}`));
  return { text: lines.filter(Boolean).join('\n'), ...(ics.media ? { media: ics.media } : {}) };
}

function chatLang(chat: ChatRef): Lang {
  return chat.language === 'en' ? 'en' : 'ar';
}

function tell(ctx: TurnContext, chat: ChatRef | null, text: (lang: Lang) => string, params: string[]) {
  if (!chat || chat.id === ctx.contact.id) return;
  ctx.notify({
    contactId: chat.id,
    channelAccountId: chat.channelAccountId,
    chatId: chat.externalId,
    message: { text: text(chatLang(chat)), notification: { kind: 'appointment', params } },
  });
}

async function tellBrokerOf(ctx: TurnContext, a: AppointmentDetails, text: (lang: Lang) => string) {
  const chat = await ctx.core.appointments.brokerChat(a.organizationId, a.userId);
  tell(ctx, chat, text, [a.title, formatDateTime(a.startsAt, 'ar', ctx.tz)]);
}

async function tellClientOf(ctx: TurnContext, a: AppointmentDetails, text: (lang: Lang) => string) {
  const chat = await ctx.core.appointments.clientChat(a);
  tell(ctx, chat, text, [a.title, formatDateTime(a.startsAt, 'ar', ctx.tz)]);
}

const clientLabel = (a: AppointmentDetails) =>
  [a.customer?.name, a.customer?.phone ? formatPhoneForChat(a.customer.phone, 'ar') : undefined]
    .filter(Boolean)
    .join(' ');

// ---------------------------------------------------------------------------------------------------
// Offering slots.

async function offerSlots(ctx: TurnContext, data: BookingData, when: When | undefined, lead?: string): Promise<void> {
  const requested = requestedOf(when);
  const offer = await ctx.core.appointments.offer({
    organizationId: ctx.organizationId,
    userId: data.brokerId,
    requested,
    day: when?.day,
    actor: data.actor,
    excludeAppointmentId: data.mode === 'reschedule' ? data.appointmentId : undefined,
  });
  const parts: string[] = [];
  if (lead) parts.push(lead);
  // A slot just taken by someone else is said by the lead; other reasons are explained here.
  if (offer && requested && offer.reason && !(lead && offer.reason === 'TAKEN')) {
    parts.push(reasonText(ctx.lang, offer.reason, requested, ctx.tz));
  }
  if (!offer || offer.slots.length === 0) {
    endDialog(ctx);
    parts.push(
      t(
        ctx.lang,
        'ما فيه مواعيد متاحة خلال الأسبوعين الجاية. جرّب تاريخ أبعد، أو تواصل مع المكتب.',
        'There are no free slots in the next two weeks. Try a later date, or contact the office.',
      ),
    );
    ctx.reply(parts.join('\n'));
    return;
  }
  const slots = offer.slots.map((s) => s.start.toISOString());
  startDialog(ctx, APPOINTMENT_DIALOG.name, APPOINTMENT_DIALOG.v, 'pick_slot', {
    ...data,
    when,
    slots,
  } as unknown as Record<string, unknown>);
  parts.push(
    t(
      ctx.lang,
      offer.slots.length === 1 ? 'هذا أقرب موعد متاح، تختاره؟' : 'هذي أقرب المواعيد المتاحة، اختر رقم الموعد:',
      offer.slots.length === 1
        ? 'This is the nearest free slot. Take it?'
        : 'These are the nearest free slots. Pick a number:',
    ),
  );
  const choices: Choice[] = offer.slots.map((s) => ({
    id: `${SLOT_PREFIX}${s.start.toISOString()}`,
    label: formatDateTime(s.start, ctx.lang, ctx.tz),
  }));
  ctx.reply({ text: parts.join('\n'), choices });
}

// ---------------------------------------------------------------------------------------------------
// Client booking.

async function propertyByRef(ctx: TurnContext, ref: number) {
  return ctx.db.property.findFirst({
    where: { organizationId: ctx.organizationId, refNumber: ref },
    select: {
      id: true,
      refNumber: true,
      title: true,
      userId: true,
      status: true,
      mapsUrl: true,
      listingType: true,
      district: true,
      city: true,
    },
  });
}

/** The listing's broker; a listing without one goes to a manager of the office. */
async function brokerOf(ctx: TurnContext, property: { userId: string | null }): Promise<string | null> {
  if (property.userId) return property.userId;
  const manager = await ctx.db.user.findFirst({
    where: { organizationId: ctx.organizationId, status: 'active', role: { in: ['owner', 'admin', 'manager'] } },
    orderBy: { createdAt: 'asc' },
    select: { id: true },
  });
  return manager?.id ?? null;
}

async function startClientBooking(ctx: TurnContext, ref: number, when: When | undefined): Promise<void> {
  const property = await propertyByRef(ctx, ref);
  if (!property || property.status === 'draft' || property.status === 'archived') {
    startDialog(ctx, APPOINTMENT_DIALOG.name, APPOINTMENT_DIALOG.v, 'ask_property', { when });
    say(
      ctx,
      `ما لقيت عقار برقم ${formatNumber(ref, 'ar')}. اكتب رقم العقار اللي تبي تعاينه.`,
      `I could not find property #${ref}. Which property number would you like to view?`,
    );
    return;
  }
  if (property.status === 'sold' || property.status === 'rented') {
    endDialog(ctx);
    say(
      ctx,
      `العقار ${formatNumber(ref, 'ar')} ${property.status === 'sold' ? 'انباع' : 'تأجر'} للأسف. قل لي وش تدوّر عليه وأرشح لك غيره.`,
      `Sorry, property #${ref} is already ${property.status === 'sold' ? 'sold' : 'rented'}. Tell me what you are looking for and I will suggest others.`,
    );
    return;
  }
  const brokerId = await brokerOf(ctx, property);
  if (!brokerId) {
    endDialog(ctx);
    say(ctx, 'ما قدرت أوصل للوسيط حالياً. جرّب بعد شوي.', 'I cannot reach a broker right now. Please try again later.');
    return;
  }
  await offerSlots(ctx, { mode: 'book', actor: 'client', brokerId, propertyId: property.id }, when);
}

/** The client as a customer of the broker: his chat's customer, one with his phone, or a new lead. */
async function clientCustomer(
  ctx: TurnContext,
  brokerId: string,
  name: string,
  listingType?: string,
): Promise<string | null> {
  if (ctx.contact.customerId) return ctx.contact.customerId;
  const scope = { organizationId: ctx.organizationId, userId: brokerId };
  const existing = ctx.contact.phone ? await ctx.core.customers.findByPhone(scope, ctx.contact.phone) : null;
  let customerId = existing?.id ?? null;
  if (!customerId) {
    const created = await ctx.core.customers.create(scope, {
      name,
      phone: ctx.contact.phone ?? undefined,
      category: listingType === 'rent' ? 'tenant' : 'buyer',
      status: 'interested',
      source: `chat:${ctx.channel.kind}`,
      assignedToId: brokerId,
    });
    customerId = created.ok ? created.value.id : ((created.error.details?.existingId as string | undefined) ?? null);
  }
  if (customerId) {
    await ctx.db.contact.update({
      where: { id: ctx.contact.id },
      data: { customerId, ...(ctx.contact.role === 'unknown' ? { role: 'client' } : {}) },
    });
    ctx.contact.customerId = customerId;
  }
  return customerId;
}

async function askToConfirm(ctx: TurnContext, data: BookingData): Promise<void> {
  const property = data.propertyId
    ? await ctx.db.property.findUnique({ where: { id: data.propertyId }, select: { refNumber: true, title: true } })
    : null;
  startDialog(
    ctx,
    APPOINTMENT_DIALOG.name,
    APPOINTMENT_DIALOG.v,
    'confirm',
    data as unknown as Record<string, unknown>,
  );
  const at = new Date(data.slot!);
  ctx.reply({
    text: [
      t(ctx.lang, 'تأكيد الحجز:', 'Please confirm:'),
      property
        ? `🏠 ${t(ctx.lang, `معاينة ${refText('ar', property.refNumber)}: ${property.title}`, `Viewing of property #${property.refNumber}: ${property.title}`)}`
        : undefined,
      `🗓 ${formatDateTime(at, ctx.lang, ctx.tz)}`,
      `👤 ${data.name}`,
      t(ctx.lang, 'أأكد الحجز؟', 'Shall I book it?'),
    ]
      .filter(Boolean)
      .join('\n'),
    choices: confirmChoices(ctx, t(ctx.lang, 'نعم، احجز', 'Yes, book it')),
  });
}

async function commitClientBooking(ctx: TurnContext, data: BookingData): Promise<void> {
  const property = data.propertyId
    ? await ctx.db.property.findUnique({
        where: { id: data.propertyId },
        select: {
          id: true,
          refNumber: true,
          title: true,
          mapsUrl: true,
          listingType: true,
          district: true,
          city: true,
        },
      })
    : null;
  const name = data.name ?? ctx.contact.displayName ?? t(ctx.lang, 'عميل', 'Client');
  const customerId = await clientCustomer(ctx, data.brokerId, name, property?.listingType);
  const start = new Date(data.slot!);
  const booked = await ctx.core.appointments.book({
    organizationId: ctx.organizationId,
    userId: data.brokerId,
    startsAt: start,
    actor: 'client',
    customerId,
    propertyId: property?.id ?? null,
    title: property ? `معاينة العقار ${property.refNumber} — ${name}` : `معاينة — ${name}`,
    location: property ? [property.district, property.city].filter(Boolean).join('، ') || null : null,
    mapsUrl: property?.mapsUrl ?? null,
    bookedByContactId: ctx.contact.id,
  });
  if (!booked.ok) {
    await answerFailure(ctx, booked.error.code, booked.error.details, data, start);
    return;
  }
  endDialog(ctx);
  const a = booked.value;
  ctx.reply(await confirmationFor(ctx, a, 'client', t(ctx.lang, '✅ تم حجز معاينتك!', '✅ Your viewing is booked!')));
  await tellBrokerOf(ctx, a, (lang) =>
    t(
      lang,
      `📅 حجز معاينة جديد: ${clientLabel(a)}\n🏠 ${refText('ar', a.property?.refNumber)} ${a.property?.title ?? ''}\n🗓 ${formatDateTime(a.startsAt, 'ar', ctx.tz)}`,
      `📅 New viewing booked: ${clientLabel(a)}\n🏠 ${refText('en', a.property?.refNumber)} ${a.property?.title ?? ''}\n🗓 ${formatDateTime(a.startsAt, 'en', ctx.tz)}`,
    ),
  );
}

/** SLOT_TAKEN and UNAVAILABLE become the reason and other slots; anything else a short apology. */
async function answerFailure(
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
  endDialog(ctx);
  say(ctx, 'ما قدرت أكمل الحجز. جرّب مرة ثانية.', 'I could not complete that. Please try again.');
}

// ---------------------------------------------------------------------------------------------------
// Broker booking.

async function resolveCustomer(ctx: TurnContext, member: Member, name?: string, phone?: string) {
  const scope = scopeOf(member);
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
    name: name ?? phone!,
    phone,
    status: 'interested',
    source: `chat:${ctx.channel.kind}`,
  });
  return created.ok ? { one: created.value } : {};
}

async function continueBrokerBooking(ctx: TurnContext, member: Member, data: BookingData): Promise<void> {
  const at = requestedOf(data.when);
  if (!at) {
    await offerSlots(ctx, data, data.when);
    return;
  }
  await bookForBroker(ctx, member, { ...data, slot: at.toISOString() });
}

async function bookForBroker(ctx: TurnContext, member: Member, data: BookingData): Promise<void> {
  const property = data.propertyId
    ? await ctx.db.property.findUnique({
        where: { id: data.propertyId },
        select: { id: true, refNumber: true, title: true, mapsUrl: true, district: true, city: true },
      })
    : null;
  const who = data.customerName ?? '';
  const start = new Date(data.slot!);
  const booked = await ctx.core.appointments.book({
    organizationId: member.organizationId,
    userId: data.brokerId,
    startsAt: start,
    actor: 'broker',
    customerId: data.customerId ?? null,
    propertyId: property?.id ?? null,
    title: property
      ? `معاينة العقار ${property.refNumber}${who ? ` — ${who}` : ''}`
      : `معاينة${who ? ` — ${who}` : ''}`,
    location: property ? [property.district, property.city].filter(Boolean).join('، ') || null : null,
    mapsUrl: property?.mapsUrl ?? null,
  });
  if (!booked.ok) {
    await answerFailure(ctx, booked.error.code, booked.error.details, data, start);
    return;
  }
  endDialog(ctx);
  const a = booked.value;
  ctx.reply(await confirmationFor(ctx, a, 'broker', t(ctx.lang, '✅ تم حجز المعاينة', '✅ Viewing booked')));
  await tellClientOf(ctx, a, (lang) =>
    t(
      lang,
      `📅 تم حجز موعد معاينة لك مع ${a.user.name}:\n🗓 ${formatDateTime(a.startsAt, 'ar', ctx.tz)}${a.property ? `\n🏠 ${refText('ar', a.property.refNumber)}: ${a.property.title}` : ''}${(a.mapsUrl ?? a.property?.mapsUrl) ? `\n📍 ${a.mapsUrl ?? a.property?.mapsUrl}` : ''}`,
      `📅 A viewing was booked for you with ${a.user.name}:\n🗓 ${formatDateTime(a.startsAt, 'en', ctx.tz)}${a.property ? `\n🏠 property #${a.property.refNumber}: ${a.property.title}` : ''}${(a.mapsUrl ?? a.property?.mapsUrl) ? `\n📍 ${a.mapsUrl ?? a.property?.mapsUrl}` : ''}`,
    ),
  );
}

async function startBrokerBooking(ctx: TurnContext, member: Member): Promise<void> {
  const e = ctx.parsed?.entities ?? {};
  const ref = propertyRefOf(ctx.text, e.ref);
  const property = ref ? await propertyByRef(ctx, ref) : null;
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
  const found = await resolveCustomer(ctx, member, e.name, e.phone);
  if (found.many) {
    startDialog(ctx, APPOINTMENT_DIALOG.name, APPOINTMENT_DIALOG.v, 'pick_customer', {
      ...data,
      customerIds: found.many.map((c) => c.id),
    } as unknown as Record<string, unknown>);
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
    startDialog(
      ctx,
      APPOINTMENT_DIALOG.name,
      APPOINTMENT_DIALOG.v,
      'ask_customer',
      data as unknown as Record<string, unknown>,
    );
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
// After the viewing.

async function handleOutcome(
  ctx: TurnContext,
  member: Member,
  o: NonNullable<ReturnType<typeof outcomeOf>>,
): Promise<void> {
  let targets: AppointmentDetails[];
  if (o.id) {
    const one = await ctx.core.appointments.get(member.organizationId, o.id);
    targets = one && one.userId === member.userId ? [one] : [];
  } else {
    targets = await ctx.core.appointments.awaitingOutcome({
      organizationId: member.organizationId,
      userId: member.userId,
    });
    const name = ctx.parsed?.entities.name;
    if (name) {
      const folded = foldForSearch(name);
      const named = targets.filter((a) => a.customer && foldForSearch(a.customer.name).includes(folded));
      if (named.length) targets = named;
    }
  }
  const target = targets[0];
  if (!target) {
    say(ctx, 'ما عندي معاينة منتهية تنتظر نتيجتها.', 'There is no finished viewing waiting for its outcome.');
    return;
  }
  if (o.outcome === 'note' && !o.note) {
    startDialog(ctx, APPOINTMENT_DIALOG.name, APPOINTMENT_DIALOG.v, 'outcome_note', { appointmentId: target.id });
    say(
      ctx,
      `📝 اكتب ملاحظتك على ${whatText('ar', target, 'broker')}:`,
      `📝 Write your note on the ${whatText('en', target, 'broker').toLowerCase()}:`,
    );
    return;
  }
  await recordOutcome(ctx, member, target.id, o.outcome === 'no_show' ? 'no_show' : 'completed', o.note);
}

async function recordOutcome(ctx: TurnContext, member: Member, id: string, outcome: ViewingOutcome, note?: string) {
  endDialog(ctx);
  const done = await ctx.core.appointments.recordOutcome({
    organizationId: member.organizationId,
    userId: member.userId,
    id,
    outcome,
    note,
  });
  if (!done.ok) {
    say(ctx, 'هذي المعاينة ملغية، ما سجلت شي.', 'That viewing was cancelled; nothing was recorded.');
    return;
  }
  const a = done.value;
  const who = a.customer?.name ?? '';
  if (outcome === 'no_show') {
    say(ctx, `📝 سجلت إن ${who || 'العميل'} ما حضر للمعاينة.`, `📝 Recorded: ${who || 'the client'} did not show up.`);
  } else {
    say(
      ctx,
      `✅ سجلت: تمت المعاينة${who ? ` مع ${who}` : ''}${note ? ` — ${note}` : ''}.`,
      `✅ Recorded: viewing done${who ? ` with ${who}` : ''}${note ? ` — ${note}` : ''}.`,
    );
  }
}

/**
 * A press of an after-viewing button (`outcome:<appointment id>:done|no_show|note`). The pipeline has no
 * route for a choice outside a dialog yet: see docs/viewings.md for the registration it needs.
 */
export async function answerOutcomeChoice(ctx: TurnContext, choiceId: string): Promise<void> {
  if (ctx.actor.kind !== 'member') return;
  ctx.choice = choiceId;
  const outcome = outcomeOf(ctx);
  const member = requireMember(ctx, 'calendar', 'edit');
  if (outcome && member) await handleOutcome(ctx, member, outcome);
}

// ---------------------------------------------------------------------------------------------------
// Working hours, holidays and the calendar link.

const WEEKDAY_NAMES: Array<[string, string]> = [
  ['الأحد', 'Sunday'],
  ['الاثنين', 'Monday'],
  ['الثلاثاء', 'Tuesday'],
  ['الأربعاء', 'Wednesday'],
  ['الخميس', 'Thursday'],
  ['الجمعة', 'Friday'],
  ['السبت', 'Saturday'],
];

function clock12(lang: Lang, hhmm: string): string {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  const hour = h % 24;
  const h12 = hour % 12 === 0 ? 12 : hour % 12;
  const am = hour < 12;
  const mm = String(m).padStart(2, '0');
  return lang === 'ar'
    ? `${formatNumber(h12, 'ar')}:${mm.replace(/\d/g, (d) => formatNumber(Number(d), 'ar'))} ${am ? 'ص' : 'م'}`
    : `${h12}:${mm} ${am ? 'am' : 'pm'}`;
}

/**
 * Working hours ("دوامي الخميس من ٤ إلى ٩"), days off ("ما أداوم السبت"), holidays ("إجازتي من ١ إلى ٥
 * ديسمبر") and the calendar feed link ("رابط التقويم"), for members. Returns false when the message is
 * about none of them, so that a caller can go on; every appointment.* handler asks it first.
 */
export async function calendarSettings(ctx: TurnContext): Promise<boolean> {
  if (ctx.actor.kind !== 'member' || !ctx.text) return false;
  const topic = availabilityTopic(ctx.text);
  if (!topic) return false;
  const member = requireMember(ctx, 'calendar', topic === 'calendar_link' ? 'view' : 'edit');
  if (!member) return true;
  endDialog(ctx);
  if (topic === 'calendar_link') {
    const token = await ctx.core.appointments.feedToken(member.userId);
    const base = ctx.publicBaseUrl?.replace(/\/+$/, '');
    const url = `${base ?? ''}${feedPath(token)}`;
    say(
      ctx,
      `🔗 رابط تقويمك: ${url}\nأضفه في تقويم Google (إضافة تقويم ← من عنوان URL) أو في iPhone (الإعدادات ← التقويم ← الحسابات ← إضافة تقويم مشترك)، ويتحدث تلقائياً بمواعيدك. الرابط سري، لا تشاركه.${base ? '' : '\n(اطلب من المسؤول ضبط PUBLIC_BASE_URL ليصير الرابط كاملاً.)'}`,
      `🔗 Your calendar link: ${url}\nAdd it in Google Calendar (Add calendar → From URL) or on iPhone (Settings → Calendar → Accounts → Add Subscribed Calendar); it updates with your viewings. Keep it private.${base ? '' : '\n(Ask your admin to set PUBLIC_BASE_URL for a full link.)'}`,
    );
    return true;
  }
  const parsed = parseAvailabilityText(ctx.text, { now: ctx.now, timeZone: ctx.tz });
  if (!parsed?.ok) {
    const problem = parsed?.ok === false ? parsed.problem : 'NO_DATES';
    if (problem === 'NO_DATES' || problem === 'BAD_DATES') {
      say(
        ctx,
        'ما فهمت تاريخ الإجازة. اكتبها مثل: إجازتي من ١ إلى ٥ ديسمبر',
        'I did not get the dates. Write e.g.: my holiday from 1 to 5 December',
      );
    } else if (problem === 'NO_DAYS') {
      say(ctx, 'أي يوم ما تداوم فيه؟ مثل: ما أداوم السبت', 'Which day do you not work? e.g. I don’t work on Saturdays');
    } else {
      say(
        ctx,
        'ما فهمت الأوقات. اكتبها مثل: دوامي الخميس من ٤ إلى ٩',
        'I did not get the hours. Write e.g.: my working hours Thursday from 4pm to 9pm',
      );
    }
    return true;
  }
  const command = parsed.command;
  const scope = scopeOf(member);
  if (command.kind === 'holiday') {
    const added = await ctx.core.appointments.addHoliday(scope, { from: command.from, to: command.to });
    if (!added.ok) {
      say(ctx, 'ما قدرت أسجل الإجازة.', 'I could not save that holiday.');
      return true;
    }
    const from = dayRange(command.from, ctx.tz).from;
    const to = dayRange(command.to, ctx.tz).from;
    const span =
      command.from === command.to
        ? t(ctx.lang, `يوم ${formatDay(from, 'ar', ctx.tz)}`, `on ${formatDay(from, 'en', ctx.tz)}`)
        : t(
            ctx.lang,
            `من ${formatDay(from, 'ar', ctx.tz)} إلى ${formatDay(to, 'ar', ctx.tz)}`,
            `from ${formatDay(from, 'en', ctx.tz)} to ${formatDay(to, 'en', ctx.tz)}`,
          );
    const clashes = added.value.clashes;
    say(
      ctx,
      `🌴 سجلت إجازتك ${span}. ما بعرض مواعيد فيها.${clashes ? `\n⚠️ عندك ${formatNumber(clashes, 'ar')} موعد في هذي الفترة، ما ألغيتها. اكتب «مواعيدي» لعرضها.` : ''}`,
      `🌴 Holiday saved ${span}. No slots will be offered then.${clashes ? `\n⚠️ You have ${clashes} appointment(s) in that period; they were not cancelled. Write "my appointments" to see them.` : ''}`,
    );
    return true;
  }
  const days = await ctx.core.appointments.setWorkingHours(scope, command);
  const names = days.map((d) => t(ctx.lang, ...WEEKDAY_NAMES[d]!)).join(t(ctx.lang, '، ', ', '));
  if (command.kind === 'day_off') {
    say(ctx, `✅ صار ${names} إجازة أسبوعية.`, `✅ ${names}: now a weekly day off.`);
    return true;
  }
  const hours = command.intervals
    .map((i) =>
      t(
        ctx.lang,
        `من ${clock12('ar', i.start)} إلى ${clock12('ar', i.end)}`,
        `${clock12('en', i.start)}–${clock12('en', i.end)}`,
      ),
    )
    .join(t(ctx.lang, ' و', ' and '));
  say(ctx, `✅ دوامك يوم ${names} صار ${hours}.`, `✅ Your working hours on ${names}: ${hours}.`);
  return true;
}

// ---------------------------------------------------------------------------------------------------
// Which appointments a message is about.

async function ownAppointments(ctx: TurnContext, range?: Range): Promise<AppointmentDetails[]> {
  if (ctx.actor.kind === 'member') {
    return ctx.core.appointments.list({
      organizationId: ctx.organizationId,
      userIds: [ctx.actor.member.userId],
      range,
    });
  }
  return ctx.core.appointments.list({
    organizationId: ctx.organizationId,
    contactId: ctx.contact.id,
    customerId: ctx.contact.customerId,
    range,
  });
}

/** The appointments "الغ الموعد ٢" / "الغ معاينة أحمد" / "الغ موعدي" is about (numbers follow the last list). */
async function targetsOf(ctx: TurnContext, byDate: boolean): Promise<AppointmentDetails[]> {
  const e = ctx.parsed?.entities ?? {};
  const numbers = ctx.parsed?.numbers ?? [];
  const ref =
    e.ref ??
    (numbers.length === 1 && numbers[0]! >= 1 && numbers[0]! <= 20 && !propertyRefOf(ctx.text)
      ? numbers[0]
      : undefined);
  const upcoming = await ownAppointments(ctx);
  if (ref) {
    const ids = ctx.state.list?.kind === 'appointment' ? ctx.state.list.ids : upcoming.map((a) => a.id);
    const id = ids[ref - 1];
    const hit = id ? (upcoming.find((a) => a.id === id) ?? null) : null;
    return hit ? [hit] : [];
  }
  let found = upcoming;
  const propertyRef = propertyRefOf(ctx.text, e.ref);
  if (propertyRef) found = found.filter((a) => a.property?.refNumber === propertyRef);
  if (e.name && ctx.actor.kind === 'member') {
    const folded = foldForSearch(e.name);
    found = found.filter((a) => a.customer && foldForSearch(a.customer.name).includes(folded));
  }
  if (byDate && (e.date || e.datetime)) {
    const day = e.date ?? e.datetime!.slice(0, 10);
    const range = dayRange(day, ctx.tz);
    found = found.filter((a) => a.startsAt >= range.from && a.startsAt < range.to);
  }
  return found;
}

function pickAppointment(ctx: TurnContext, list: AppointmentDetails[], data: Omit<PickData, 'ids'>, question: string) {
  const audience: IcsAudience = ctx.actor.kind === 'member' ? 'broker' : 'client';
  startDialog(ctx, APPOINTMENT_DIALOG.name, APPOINTMENT_DIALOG.v, 'pick_appointment', {
    ...data,
    ids: list.map((a) => a.id),
  } as unknown as Record<string, unknown>);
  ctx.reply({
    text: question,
    choices: list
      .slice(0, 10)
      .map((a) => ({ id: `${APPT_PREFIX}${a.id}`, label: lineOf(ctx.lang, ctx.tz, a, audience) })),
  });
}

// ---------------------------------------------------------------------------------------------------
// Cancel and reschedule.

async function cancelOne(ctx: TurnContext, a: AppointmentDetails): Promise<void> {
  endDialog(ctx);
  const byClient = ctx.actor.kind !== 'member';
  const done = await ctx.core.appointments.cancel({
    organizationId: ctx.organizationId,
    id: a.id,
    reason: byClient ? 'cancelled by the client in chat' : 'cancelled by the broker in chat',
  });
  if (!done.ok) {
    say(ctx, 'هذا الموعد ما عاد قائم.', 'That appointment is no longer active.');
    return;
  }
  const when = (lang: Lang) => formatDateTime(a.startsAt, lang, ctx.tz);
  if (byClient) {
    say(
      ctx,
      `✅ ألغيت موعد المعاينة ${when('ar')}. وأبلغت الوسيط.${a.property ? `\nإذا حاب تحجز من جديد اكتب: أبي أشوف العقار ${formatNumber(a.property.refNumber, 'ar')}` : ''}`,
      `✅ Your viewing on ${when('en')} is cancelled, and the broker knows.${a.property ? `\nTo book again write: I want to see property ${a.property.refNumber}` : ''}`,
    );
    await tellBrokerOf(ctx, a, (lang) =>
      t(
        lang,
        `❌ ${clientLabel(a) || 'العميل'} ألغى موعد المعاينة ${formatDateTime(a.startsAt, 'ar', ctx.tz)}${a.property ? ` (${refText('ar', a.property.refNumber)})` : ''}.`,
        `❌ ${clientLabel(a) || 'The client'} cancelled the viewing on ${formatDateTime(a.startsAt, 'en', ctx.tz)}${a.property ? ` (property #${a.property.refNumber})` : ''}.`,
      ),
    );
    return;
  }
  say(ctx, `✅ ألغيت: ${lineOf('ar', ctx.tz, a, 'broker')}`, `✅ Cancelled: ${lineOf('en', ctx.tz, a, 'broker')}`);
  await tellClientOf(ctx, a, (lang) =>
    t(
      lang,
      `❌ نعتذر، تم إلغاء موعد معاينتك ${formatDateTime(a.startsAt, 'ar', ctx.tz)}${a.property ? ` (${refText('ar', a.property.refNumber)})` : ''}. للحجز من جديد اكتب: أبي أشوف العقار ${a.property ? formatNumber(a.property.refNumber, 'ar') : ''}`.trim(),
      `❌ Sorry, your viewing on ${formatDateTime(a.startsAt, 'en', ctx.tz)}${a.property ? ` (property #${a.property.refNumber})` : ''} was cancelled. To book again write: I want to see property ${a.property?.refNumber ?? ''}`.trim(),
    ),
  );
}

async function rescheduleOne(ctx: TurnContext, a: AppointmentDetails, when: When | undefined): Promise<void> {
  const data: BookingData = {
    mode: 'reschedule',
    actor: ctx.actor.kind === 'member' ? 'broker' : 'client',
    brokerId: a.userId,
    appointmentId: a.id,
    propertyId: a.propertyId,
  };
  const at = requestedOf(when);
  if (!at) {
    await offerSlots(
      ctx,
      data,
      when ?? { at: a.startsAt.toISOString() },
      t(
        ctx.lang,
        `متى تبي موعد ${formatDateTime(a.startsAt, 'ar', ctx.tz)} يصير؟`,
        `When should the ${formatDateTime(a.startsAt, 'en', ctx.tz)} viewing move to?`,
      ),
    );
    return;
  }
  await moveTo(ctx, data, at);
}

async function moveTo(ctx: TurnContext, data: BookingData, at: Date): Promise<void> {
  const before = await ctx.core.appointments.get(ctx.organizationId, data.appointmentId!);
  const moved = await ctx.core.appointments.reschedule({
    organizationId: ctx.organizationId,
    id: data.appointmentId!,
    startsAt: at,
    actor: data.actor,
  });
  if (!moved.ok) {
    if (moved.error.code === 'APPOINTMENT.NOT_ACTIVE' || moved.error.code === 'APPOINTMENT.NOT_FOUND') {
      endDialog(ctx);
      say(ctx, 'هذا الموعد ما عاد قائم.', 'That appointment is no longer active.');
      return;
    }
    await answerFailure(ctx, moved.error.code, moved.error.details, data, at);
    return;
  }
  endDialog(ctx);
  const a = moved.value;
  const old = (lang: Lang) => (before ? formatDateTime(before.startsAt, lang, ctx.tz) : '');
  const audience: IcsAudience = data.actor === 'broker' ? 'broker' : 'client';
  ctx.reply(await confirmationFor(ctx, a, audience, t(ctx.lang, '🔁 تم تغيير الموعد', '🔁 Appointment moved')));
  const text = (lang: Lang) =>
    t(
      lang,
      `🔁 تغيّر موعد المعاينة${a.property ? ` (${refText('ar', a.property.refNumber)})` : ''}${data.actor === 'client' ? ` مع ${clientLabel(a) || 'العميل'}` : ''}: من ${old('ar')} إلى ${formatDateTime(a.startsAt, 'ar', ctx.tz)}`,
      `🔁 The viewing${a.property ? ` (property #${a.property.refNumber})` : ''}${data.actor === 'client' ? ` with ${clientLabel(a) || 'the client'}` : ''} moved from ${old('en')} to ${formatDateTime(a.startsAt, 'en', ctx.tz)}`,
    );
  if (data.actor === 'client') await tellBrokerOf(ctx, a, text);
  else await tellClientOf(ctx, a, text);
}

// ---------------------------------------------------------------------------------------------------
// Handlers.

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
  const ref = propertyRefOf(ctx.text, ctx.parsed?.entities.ref);
  if (!ref) {
    startDialog(ctx, APPOINTMENT_DIALOG.name, APPOINTMENT_DIALOG.v, 'ask_property', { when });
    say(
      ctx,
      'أي عقار تبي تعاين؟ اكتب رقمه، مثل: العقار ٢',
      'Which property would you like to view? Write its number, e.g. property 2',
    );
    return;
  }
  await startClientBooking(ctx, ref, when);
};

export const listAppointments: Handler = async (ctx) => {
  if (await calendarSettings(ctx)) return;
  if (ctx.actor.kind === 'member' && !requireMember(ctx, 'calendar', 'view')) return;
  const e = ctx.parsed?.entities ?? {};
  let range: Range | undefined;
  let label = t(ctx.lang, 'مواعيدك القادمة', 'Your upcoming appointments');
  if (e.date) {
    range = dayRange(e.date, ctx.tz);
    label = t(
      ctx.lang,
      `مواعيد ${formatDay(range.from, 'ar', ctx.tz)}`,
      `Appointments on ${formatDay(range.from, 'en', ctx.tz)}`,
    );
  } else if (e.period) {
    range = periodRange(e.period, ctx.now, ctx.tz);
    label = t(
      ctx.lang,
      e.period === 'next_week' ? 'مواعيد الأسبوع الجاي' : e.period === 'this_week' ? 'مواعيد هالأسبوع' : 'مواعيد الشهر',
      e.period === 'next_week'
        ? 'Next week’s appointments'
        : e.period === 'this_week'
          ? 'This week’s appointments'
          : 'This month’s appointments',
    );
  }
  const list = await ownAppointments(ctx, range);
  if (list.length === 0) {
    say(ctx, `${label}: ما فيه شي 👌`, `${label}: none 👌`);
    return;
  }
  const audience: IcsAudience = ctx.actor.kind === 'member' ? 'broker' : 'client';
  ctx.state.list = { kind: 'appointment', ids: list.map((a) => a.id) };
  ctx.reply(
    [
      `${label}:`,
      ...list.map((a, i) => `${nth(ctx, i)}. ${lineOf(ctx.lang, ctx.tz, a, audience)}`),
      t(
        ctx.lang,
        'للإلغاء: الغ الموعد ١ — للتغيير: أجل الموعد ١ إلى بكرة ٥ العصر',
        'To cancel: cancel appointment 1 — to move: reschedule appointment 1 to tomorrow 5pm',
      ),
    ].join('\n'),
  );
};

export async function showAppointment(ctx: TurnContext, id: string): Promise<void> {
  const a = await ctx.core.appointments.get(ctx.organizationId, id);
  const mine =
    a &&
    (ctx.actor.kind === 'member'
      ? a.userId === ctx.actor.member.userId || ctx.actor.member.visibleUserIds === 'all'
      : a.bookedByContactId === ctx.contact.id || (a.customerId !== null && a.customerId === ctx.contact.customerId));
  if (!a || !mine) {
    say(ctx, 'ما لقيت الموعد.', 'Appointment not found.');
    return;
  }
  const audience: IcsAudience = ctx.actor.kind === 'member' ? 'broker' : 'client';
  const n = (ctx.state.list?.ids.indexOf(id) ?? 0) + 1;
  const message = await confirmationFor(ctx, a, audience, `📅 ${whatText(ctx.lang, a, audience)}`);
  ctx.reply({
    ...message,
    text: `${message.text}\n${t(ctx.lang, `للإلغاء: الغ الموعد ${formatNumber(n, 'ar')} — للتغيير: أجل الموعد ${formatNumber(n, 'ar')} إلى …`, `To cancel: cancel appointment ${n} — to move: reschedule appointment ${n} to …`)}`,
  });
}

export const cancelAppointment: Handler = async (ctx) => {
  if (await calendarSettings(ctx)) return;
  if (ctx.actor.kind === 'member' && !requireMember(ctx, 'calendar', 'edit')) return;
  const found = await targetsOf(ctx, true);
  if (found.length === 0) {
    say(
      ctx,
      'ما لقيت موعد قادم بهذا الوصف. اكتب «مواعيدي» لعرضها.',
      'I found no upcoming appointment like that. Write "my appointments" to see them.',
    );
    return;
  }
  if (found.length === 1) {
    await cancelOne(ctx, found[0]!);
    return;
  }
  pickAppointment(
    ctx,
    found,
    { action: 'cancel' },
    t(ctx.lang, 'أي موعد تبي تلغي؟', 'Which appointment should I cancel?'),
  );
};

export const rescheduleAppointment: Handler = async (ctx) => {
  if (await calendarSettings(ctx)) return;
  if (ctx.actor.kind === 'member' && !requireMember(ctx, 'calendar', 'edit')) return;
  const found = await targetsOf(ctx, false);
  const when = whenOf(ctx);
  if (found.length === 0) {
    say(
      ctx,
      'ما لقيت موعد قادم أغيّره. اكتب «مواعيدي» لعرضها.',
      'I found no upcoming appointment to move. Write "my appointments" to see them.',
    );
    return;
  }
  if (found.length === 1) {
    await rescheduleOne(ctx, found[0]!, when);
    return;
  }
  pickAppointment(
    ctx,
    found,
    { action: 'reschedule', when },
    t(ctx.lang, 'أي موعد تبي تغيّر؟', 'Which appointment should I move?'),
  );
};

// ---------------------------------------------------------------------------------------------------
// The dialog.

/** Another request in the middle of a step: let the pipeline answer it instead. */
function isOtherRequest(ctx: TurnContext): boolean {
  const intent = ctx.parsed?.intent;
  return Boolean(intent && !['unknown', 'select', 'confirm', 'deny'].includes(intent));
}

export async function appointmentDialog(ctx: TurnContext, state: DialogState): Promise<boolean> {
  const step = state.step as Step;
  // A bare number ("2") carries no language, and the parser calls it Arabic: keep the chat's language.
  if (ctx.text && !/\p{L}/u.test(ctx.text) && ctx.contact.language && ctx.contact.language !== ctx.lang) {
    ctx.lang = ctx.contact.language === 'en' ? 'en' : 'ar';
    await ctx.db.contact.update({ where: { id: ctx.contact.id }, data: { language: ctx.lang } });
  }
  const data = state.data as unknown as BookingData & PickData & { appointmentId?: string };

  if (step === 'outcome_note') {
    if (ctx.actor.kind !== 'member' || !ctx.text || isOtherRequest(ctx)) {
      endDialog(ctx);
      return false;
    }
    await recordOutcome(ctx, ctx.actor.member, data.appointmentId!, 'completed', ctx.text);
    return true;
  }

  if (step === 'ask_property') {
    const ref =
      propertyRefOf(ctx.text, ctx.parsed?.entities.ref) ??
      (ctx.parsed?.intent === 'select' ? ctx.parsed.entities.ref : undefined) ??
      (ctx.parsed?.numbers.length === 1 ? ctx.parsed.numbers[0] : undefined);
    if (!ref) {
      if (isOtherRequest(ctx)) {
        endDialog(ctx);
        return false;
      }
      say(ctx, 'اكتب رقم العقار، مثل: ٢', 'Write the property number, e.g. 2');
      return true;
    }
    await startClientBooking(ctx, ref, whenOf(ctx) ?? data.when);
    return true;
  }

  if (step === 'ask_customer' || step === 'pick_customer') {
    if (ctx.actor.kind !== 'member') {
      endDialog(ctx);
      return false;
    }
    const member = ctx.actor.member;
    if (step === 'pick_customer') {
      const id = ctx.choice?.startsWith(CUSTOMER_PREFIX) ? ctx.choice.slice(CUSTOMER_PREFIX.length) : undefined;
      if (!id || !data.customerIds?.includes(id)) {
        if (isOtherRequest(ctx)) {
          endDialog(ctx);
          return false;
        }
        ctx.state.choices = (data.customerIds ?? []).map((c) => `${CUSTOMER_PREFIX}${c}`);
        say(ctx, 'اختر رقم العميل (أو «إلغاء»).', 'Pick the customer’s number (or "cancel").');
        return true;
      }
      const customer = await ctx.core.customers.get(scopeOf(member), id);
      if (!customer.ok) {
        endDialog(ctx);
        return true;
      }
      await continueBrokerBooking(ctx, member, {
        ...data,
        customerId: id,
        customerName: customer.value.name,
        customerPhone: customer.value.phone,
      });
      return true;
    }
    const e = ctx.parsed?.entities ?? {};
    const name =
      e.name ??
      (e.phone
        ? undefined
        : ctx.text
            .replace(/^(مع|with)\s+/iu, '')
            .trim()
            .slice(0, 100));
    if (!name && !e.phone) {
      say(ctx, 'اكتب اسم العميل.', 'Write the client’s name.');
      return true;
    }
    const found = await resolveCustomer(ctx, member, name, e.phone);
    if (!found.one) {
      endDialog(ctx);
      say(
        ctx,
        'ما قدرت أحدد العميل. اكتب الطلب من جديد مع اسمه.',
        'I could not tell which client. Please write the request again with the name.',
      );
      return true;
    }
    await continueBrokerBooking(ctx, member, {
      ...data,
      when: whenOf(ctx) ?? data.when,
      customerId: found.one.id,
      customerName: found.one.name,
      customerPhone: found.one.phone,
    });
    return true;
  }

  if (step === 'pick_slot') {
    const slots = data.slots ?? [];
    const picked = ctx.choice?.startsWith(SLOT_PREFIX) ? ctx.choice.slice(SLOT_PREFIX.length) : undefined;
    if (!picked || !slots.includes(picked)) {
      const when = whenOf(ctx);
      const otherProperty = ctx.actor.kind !== 'member' && propertyRefOf(ctx.text, ctx.parsed?.entities.ref);
      if (
        when &&
        !otherProperty &&
        ['unknown', 'appointment.create', 'appointment.reschedule', 'select'].includes(ctx.parsed?.intent ?? 'unknown')
      ) {
        await offerSlots(ctx, data, when);
        return true;
      }
      if (isOtherRequest(ctx) || ctx.parsed?.intent === 'deny') {
        endDialog(ctx);
        if (ctx.parsed?.intent === 'deny') {
          say(
            ctx,
            'تمام، ما حجزت شي. إذا تبي وقت ثاني اكتب اليوم والساعة.',
            'OK, nothing booked. If you want another time, write the day and hour.',
          );
          return true;
        }
        return false;
      }
      ctx.state.choices = slots.map((s) => `${SLOT_PREFIX}${s}`);
      say(
        ctx,
        `اختر رقم من ١ إلى ${formatNumber(slots.length, 'ar')}، أو اكتب يوم ووقت ثاني (مثل: بكرة ٦ المغرب).`,
        `Pick a number from 1 to ${slots.length}, or write another day and time (e.g. tomorrow 6pm).`,
      );
      return true;
    }
    const chosen = { ...data, slot: picked };
    if (data.mode === 'reschedule') {
      await moveTo(ctx, chosen, new Date(picked));
      return true;
    }
    if (data.actor === 'broker') {
      if (ctx.actor.kind !== 'member') {
        endDialog(ctx);
        return true;
      }
      await bookForBroker(ctx, ctx.actor.member, chosen);
      return true;
    }
    const customerName = ctx.contact.customerId
      ? (await ctx.db.customer.findUnique({ where: { id: ctx.contact.customerId }, select: { name: true } }))?.name
      : undefined;
    const name = customerName ?? ctx.contact.displayName?.trim();
    if (!name) {
      startDialog(
        ctx,
        APPOINTMENT_DIALOG.name,
        APPOINTMENT_DIALOG.v,
        'ask_name',
        chosen as unknown as Record<string, unknown>,
      );
      say(ctx, 'تمام! باسم مين أسجل الحجز؟', 'Great! What name should I book it under?');
      return true;
    }
    await askToConfirm(ctx, { ...chosen, name });
    return true;
  }

  if (step === 'ask_name') {
    const name = (ctx.parsed?.entities.name ?? ctx.text.replace(/^(اسمي|انا|أنا|my name is|i am|i'm)\s+/iu, ''))
      .trim()
      .slice(0, 100);
    if (!name || /^\d+$/.test(toAsciiDigits(name)) || isOtherRequest(ctx)) {
      if (isOtherRequest(ctx)) {
        endDialog(ctx);
        return false;
      }
      say(ctx, 'اكتب اسمك لو سمحت.', 'Please write your name.');
      return true;
    }
    await askToConfirm(ctx, { ...data, name });
    return true;
  }

  if (step === 'confirm') {
    if (ctx.choice === 'confirm') {
      await commitClientBooking(ctx, data);
      return true;
    }
    const when = whenOf(ctx);
    if (when) {
      await offerSlots(ctx, { ...data, slot: undefined }, when);
      return true;
    }
    if (ctx.parsed?.intent === 'deny') {
      endDialog(ctx);
      say(ctx, 'تمام، ما حجزت شي.', 'OK, nothing booked.');
      return true;
    }
    if (isOtherRequest(ctx)) {
      endDialog(ctx);
      return false;
    }
    ctx.state.choices = ['confirm', 'cancel'];
    say(ctx, 'أأكد الحجز؟ اكتب «نعم» أو «إلغاء».', 'Shall I book it? Write "yes" or "cancel".');
    return true;
  }

  if (step === 'pick_appointment') {
    const id = ctx.choice?.startsWith(APPT_PREFIX) ? ctx.choice.slice(APPT_PREFIX.length) : undefined;
    if (!id || !data.ids?.includes(id)) {
      if (isOtherRequest(ctx)) {
        endDialog(ctx);
        return false;
      }
      ctx.state.choices = (data.ids ?? []).map((x) => `${APPT_PREFIX}${x}`);
      say(ctx, 'اختر رقم الموعد (أو «إلغاء»).', 'Pick the appointment’s number (or "cancel").');
      return true;
    }
    const a = await ctx.core.appointments.get(ctx.organizationId, id);
    if (!a) {
      endDialog(ctx);
      return true;
    }
    if (data.action === 'cancel') await cancelOne(ctx, a);
    else if (data.action === 'reschedule') await rescheduleOne(ctx, a, data.when);
    return true;
  }

  endDialog(ctx);
  return false;
}
