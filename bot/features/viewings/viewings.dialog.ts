// The appointment dialog: a booking (client or broker) or a reschedule waiting for its property,
// customer, slot, name or confirmation; a choice among several appointments to cancel or move; and the
// broker's note after a viewing. Its state is plain JSON, one of the shapes below.

import { z } from 'zod';
import { toAsciiDigits } from '../../../core/shared/digits.ts';
import { localDateOf } from '../../../core/shared/local-time.ts';
import { truncateGraphemes } from '../../../core/shared/sanitize.ts';
import { foldForSearch } from '../../../core/shared/text.ts';
import type { TurnContext } from '../../engine/context.ts';
import { defineDialog } from '../../engine/dialog.ts';
import { formatNumber } from '../../render/format.ts';
import { isThanks } from '../basic/thanks.ts';
import { passQuestionToBroker } from '../search/client.broker.ts';
import { asksQuestion, say, storedName } from '../shared/helpers.ts';
import {
  askToConfirm,
  bookForBroker,
  CUSTOMER_PREFIX,
  commitClientBooking,
  continueBrokerBooking,
  offerSlots,
  resolveCustomer,
  SLOT_PREFIX,
  startClientBooking,
} from './viewings.booking.ts';
import { hasClock } from './viewings.dayparts.ts';
import { APPT_PREFIX, cancelOne, moveTo, rescheduleOne } from './viewings.manage.ts';
import { scopeOfTurn } from './viewings.notices.ts';
import { recordOutcome } from './viewings.outcome.ts';
import {
  afterHourOf,
  asksStatus,
  atClockOf,
  isOtherRequest,
  propertyRefOf,
  saysSameTime,
  whenOf,
} from './viewings.parse.ts';

const whenSchema = z.object({
  /** ISO instant asked for */
  at: z.string().optional(),
  /** local date asked for (no time) */
  day: z.string().optional(),
  /** a part of the day asked for, local minutes [from, to) ("بكرة العصر") */
  part: z.object({ from: z.number(), to: z.number() }).optional(),
  /** "اليوم الساعة ١٠" sent after 10: the instant asked today, already past */
  pastToday: z.string().optional(),
  /** «اليوم الصبح» sent after the morning: that part of today has passed (offered tomorrow's instead) */
  partPassed: z.boolean().optional(),
  /** a time or part of the day without a day («خلها ٧», "move it to 7pm"): a move keeps the appointment's day */
  noDay: z.boolean().optional(),
});
export type When = z.infer<typeof whenSchema>;

/** What a booking or a reschedule carries between turns. */
const bookingSchema = z.object({
  mode: z.enum(['book', 'reschedule']),
  actor: z.enum(['client', 'broker']),
  brokerId: z.string(),
  propertyId: z.string().nullish(),
  customerId: z.string().nullish(),
  customerName: z.string().nullish(),
  customerPhone: z.string().nullish(),
  appointmentId: z.string().optional(),
  when: whenSchema.optional(),
  /** ISO starts of the offered slots */
  slots: z.array(z.string()).optional(),
  slot: z.string().optional(),
  /** the client's name for the booking */
  name: z.string().optional(),
  /** customers offered to the broker when a name matched several */
  customerIds: z.array(z.string()).optional(),
});
export type BookingData = z.infer<typeof bookingSchema>;

/** Several appointments matched a cancel or a reschedule: which one. */
const pickSchema = z.object({
  action: z.enum(['cancel', 'reschedule']),
  ids: z.array(z.string()),
  when: whenSchema.optional(),
});
export type PickData = z.infer<typeof pickSchema>;

const outcomeNoteSchema = z.object({ appointmentId: z.string() });

/** A client asked for a viewing without saying of which property. */
const askPropertySchema = z.object({ when: whenSchema.optional() });

// Tried in this order: the first shape a stored state fits is the one it is read as.
const appointmentData = z.union([bookingSchema, pickSchema, outcomeNoteSchema, askPropertySchema]);
type AppointmentData = z.infer<typeof appointmentData>;

const isBooking = (d: AppointmentData): d is BookingData => 'mode' in d;
const isPick = (d: AppointmentData): d is PickData => 'action' in d;
const isOutcomeNote = (d: AppointmentData): d is z.infer<typeof outcomeNoteSchema> =>
  'appointmentId' in d && !isBooking(d);

const STEPS = [
  'ask_property',
  'ask_customer',
  'pick_customer',
  'pick_slot',
  'ask_name',
  'confirm',
  'pick_appointment',
  'outcome_note',
] as const;
type Step = (typeof STEPS)[number];

/** The step the user answers now; a state whose data does not fit its step ends the dialog. */
async function answer(ctx: TurnContext, step: Step, data: AppointmentData): Promise<boolean> {
  if (step === 'outcome_note' && isOutcomeNote(data)) return answerOutcomeNote(ctx, data.appointmentId);
  if (step === 'ask_property' && !isOutcomeNote(data)) return answerProperty(ctx, data.when);
  if (step === 'pick_appointment' && isPick(data)) return answerPickAppointment(ctx, data);
  if (!isBooking(data)) return false;
  switch (step) {
    case 'ask_customer':
      return answerCustomer(ctx, data);
    case 'pick_customer':
      return answerPickCustomer(ctx, data);
    case 'pick_slot':
      return answerSlot(ctx, data);
    case 'ask_name':
      return answerName(ctx, data);
    case 'confirm':
      return answerConfirm(ctx, data);
    default:
      return false;
  }
}

export const appointmentDialog = defineDialog({
  name: 'appointment',
  version: 1,
  steps: STEPS,
  schema: appointmentData,
  async handle(ctx, { step, data }) {
    // A bare number ("2") carries no language, and the parser calls it Arabic: keep the chat's language.
    if (ctx.text && !/\p{L}/u.test(ctx.text) && ctx.contact.language && ctx.contact.language !== ctx.lang) {
      ctx.lang = ctx.contact.language === 'en' ? 'en' : 'ar';
      await ctx.core.contacts.setLanguage(scopeOfTurn(ctx), ctx.contact.id, ctx.lang);
    }
    const answered = await answer(ctx, step, data);
    if (!answered) appointmentDialog.end(ctx);
    return answered;
  },
});

async function answerOutcomeNote(ctx: TurnContext, appointmentId: string): Promise<boolean> {
  if (ctx.actor.kind !== 'member' || !ctx.text || isOtherRequest(ctx)) return false;
  await recordOutcome(ctx, ctx.actor.member, appointmentId, 'completed', ctx.text);
  return true;
}

async function answerProperty(ctx: TurnContext, when: When | undefined): Promise<boolean> {
  const ref =
    propertyRefOf(ctx.text, ctx.parsed?.entities.ref) ??
    (ctx.parsed?.intent === 'select' ? ctx.parsed.entities.ref : undefined) ??
    (ctx.parsed?.numbers.length === 1 ? ctx.parsed.numbers[0] : undefined);
  if (!ref) {
    if (isOtherRequest(ctx)) return false;
    say(ctx, 'اكتب رقم العقار، مثل: ٢', 'Write the property number, e.g. 2');
    return true;
  }
  await startClientBooking(ctx, ref, whenOf(ctx) ?? when);
  return true;
}

async function answerPickCustomer(ctx: TurnContext, data: BookingData): Promise<boolean> {
  if (ctx.actor.kind !== 'member') return false;
  const member = ctx.actor.member;
  const id = ctx.choice?.startsWith(CUSTOMER_PREFIX) ? ctx.choice.slice(CUSTOMER_PREFIX.length) : undefined;
  if (!id || !data.customerIds?.includes(id)) {
    if (isOtherRequest(ctx)) return false;
    ctx.state.choices = (data.customerIds ?? []).map((c) => `${CUSTOMER_PREFIX}${c}`);
    say(ctx, 'اختر رقم العميل (أو «إلغاء»).', 'Pick the customer’s number (or "cancel").');
    return true;
  }
  const customer = await ctx.core.customers.get(scopeOfTurn(ctx), id);
  if (!customer.ok) {
    appointmentDialog.end(ctx);
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

/** Intents an answer to «مع مين المعاينة؟» may read as: a name, a name and a phone, "with Fahad at 5". */
const NAMES_A_CUSTOMER = new Set(['customer.create', 'customer.list', 'appointment.create']);

async function answerCustomer(ctx: TurnContext, data: BookingData): Promise<boolean> {
  if (ctx.actor.kind !== 'member') return false;
  const member = ctx.actor.member;
  // "fahad budget now 2.5m" is a change to a customer, not the name asked for: the dialog waits
  if (isOtherRequest(ctx) && !NAMES_A_CUSTOMER.has(ctx.parsed?.intent ?? '')) return false;
  const e = ctx.parsed?.entities ?? {};
  const name = e.name ?? (e.phone ? undefined : truncateGraphemes(ctx.text.replace(/^(مع|with)\s+/iu, '').trim(), 100));
  if (!name && !e.phone) {
    say(ctx, 'اكتب اسم العميل.', 'Write the client’s name.');
    return true;
  }
  const found = await resolveCustomer(ctx, member, name, e.phone);
  if (!found.one) {
    appointmentDialog.end(ctx);
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

/**
 * «اي وقت بعد العصر», «٥ العصر» after Saturday's slots were offered: a part of the day or a time with no
 * day of its own is on the day asked for, not today.
 */
function onAskedDay(ctx: TurnContext, when: When | undefined, asked: When | undefined): When | undefined {
  const day = asked?.day ?? (asked?.at ? localDateOf(new Date(asked.at), ctx.tz) : undefined);
  if (!when || !day || NAMES_A_DAY.test(foldForSearch(ctx.text))) return when;
  const clock = hasClock(ctx.text) && !afterHourOf(ctx.text);
  if (when.part && !when.at && !clock) return { day, part: when.part };
  if (when.at && clock) return { at: atClockOf(day, new Date(when.at), ctx.tz) };
  return when;
}

/** Words that name a day («بكرة», «السبت», «١٩ ديسمبر», "tomorrow"): the part of the day is on that one. */
const NAMES_A_DAY =
  /(^|[^\p{L}])(اليوم|الليله|بكره|بكرا|باكر|بعد بكره|السبت|الاحد|الاثنين|الثلاثاء|الثلوث|الاربعاء|الاربعا|الخميس|الجمعه|today|tonight|tomorrow|saturday|sunday|monday|tuesday|wednesday|thursday|friday)(?=[^\p{L}]|$)|\d{1,2}\s*(\/|-|ديسمبر|يناير|فبراير|مارس|ابريل|مايو|يونيو|يوليو|اغسطس|سبتمبر|اكتوبر|نوفمبر|december|january)/u;

async function answerSlot(ctx: TurnContext, data: BookingData): Promise<boolean> {
  const slots = data.slots ?? [];
  // «متى معاينتي؟», «وش صار على طلبي؟» while slots wait: answered, not taken as a wrong pick.
  if (asksStatus(ctx.text)) return false;
  // "نعم" after the time asked for was offered (free): that time.
  // «نفس الوقت» after «الخميس ٦:٠٠ م متاح»: that time too.
  const askedFree =
    !ctx.choice &&
    (ctx.parsed?.intent === 'confirm' || saysSameTime(ctx.text)) &&
    !whenOf(ctx) &&
    data.when?.at &&
    slots.includes(data.when.at)
      ? data.when.at
      : undefined;
  const picked = ctx.choice?.startsWith(SLOT_PREFIX) ? ctx.choice.slice(SLOT_PREFIX.length) : askedFree;
  if (!picked || !slots.includes(picked)) {
    const when = onAskedDay(ctx, whenOf(ctx), data.when);
    const otherProperty = ctx.actor.kind !== 'member' && propertyRefOf(ctx.text, ctx.parsed?.entities.ref);
    if (
      when &&
      !otherProperty &&
      ['unknown', 'appointment.create', 'appointment.reschedule', 'select', 'deny', 'confirm'].includes(
        ctx.parsed?.intent ?? 'unknown',
      )
    ) {
      await offerSlots(ctx, data, when);
      return true;
    }
    if (ctx.parsed?.intent === 'deny') {
      appointmentDialog.end(ctx);
      say(
        ctx,
        'تمام، ما حجزت شي. إذا تبي وقت ثاني اكتب اليوم والساعة.',
        'OK, nothing booked. If you want another time, write the day and hour.',
      );
      return true;
    }
    if (isOtherRequest(ctx)) return false;
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
      appointmentDialog.end(ctx);
      return true;
    }
    await bookForBroker(ctx, ctx.actor.member, chosen);
    return true;
  }
  const customer = ctx.contact.customerId
    ? await ctx.core.customers.get(scopeOfTurn(ctx), ctx.contact.customerId)
    : undefined;
  const name = (customer?.ok ? customer.value.name : undefined) ?? ctx.contact.displayName?.trim();
  if (!name) {
    appointmentDialog.start(ctx, 'ask_name', chosen);
    say(ctx, 'تمام! باسم مين أسجل الحجز؟', 'Great! What name should I book it under?');
    return true;
  }
  // "نعم" to «٥:٠٠ م متاح، أحجزه؟» already confirmed that very time: no second question.
  if (askedFree) await commitClientBooking(ctx, { ...chosen, name });
  else await askToConfirm(ctx, { ...chosen, name });
  return true;
}

async function answerName(ctx: TurnContext, data: BookingData): Promise<boolean> {
  const name = storedName(
    truncateGraphemes(
      (ctx.parsed?.entities.name ?? ctx.text.replace(/^(اسمي|انا|أنا|my name is|i am|i'm)\s+/iu, '')).trim(),
      100,
    ),
  );
  if (isOtherRequest(ctx)) return false;
  // «تمام», "yes", «مشكور»: the client agreed to the slot, he did not give a name
  if (!name || /^\d+$/.test(toAsciiDigits(name)) || ctx.parsed?.intent === 'confirm' || isThanks(ctx.text)) {
    say(ctx, 'أحتاج اسمك عشان أسجل الحجز، وش اسمك؟', 'I need a name to book it under: what is your name?');
    return true;
  }
  await askToConfirm(ctx, { ...data, name });
  return true;
}

async function answerConfirm(ctx: TurnContext, data: BookingData): Promise<boolean> {
  if (asksStatus(ctx.text)) return false;
  if (ctx.choice === 'confirm') {
    await commitClientBooking(ctx, data);
    return true;
  }
  const asked = whenOf(ctx);
  // «ما اقدر بكرة، نخليها الخميس؟» at the summary: another day, at the time he had chosen
  const when =
    asked?.day && !asked.at && !asked.part && data.slot
      ? { at: atClockOf(asked.day, new Date(data.slot), ctx.tz) }
      : asked;
  if (when) {
    await offerSlots(ctx, { ...data, slot: undefined }, when);
    return true;
  }
  if (ctx.parsed?.intent === 'deny') {
    appointmentDialog.end(ctx);
    say(ctx, 'تمام، ما حجزت شي.', 'OK, nothing booked.');
    return true;
  }
  if (isOtherRequest(ctx)) return false;
  // «فيها مصعد؟» before saying yes: the question goes to the broker, and the booking still waits
  if (asksQuestion(ctx.text) && (await passQuestionToBroker(ctx))) {
    ctx.state.choices = ['confirm', 'cancel'];
    say(ctx, 'وموعدك ينتظر تأكيدك: أأكد الحجز؟', 'Your viewing is still waiting: shall I book it?');
    return true;
  }
  ctx.state.choices = ['confirm', 'cancel'];
  say(ctx, 'أأكد الحجز؟ اكتب «نعم» أو «إلغاء».', 'Shall I book it? Write "yes" or "cancel".');
  return true;
}

async function answerPickAppointment(ctx: TurnContext, data: PickData): Promise<boolean> {
  const id = ctx.choice?.startsWith(APPT_PREFIX) ? ctx.choice.slice(APPT_PREFIX.length) : undefined;
  if (!id || !data.ids.includes(id)) {
    if (isOtherRequest(ctx)) return false;
    ctx.state.choices = data.ids.map((x) => `${APPT_PREFIX}${x}`);
    say(ctx, 'اختر رقم الموعد (أو «إلغاء»).', 'Pick the appointment’s number (or "cancel").');
    return true;
  }
  const a = await ctx.core.appointments.get(scopeOfTurn(ctx), id);
  if (!a) {
    appointmentDialog.end(ctx);
    return true;
  }
  if (data.action === 'cancel') await cancelOne(ctx, a);
  else await rescheduleOne(ctx, a, data.when);
  return true;
}
