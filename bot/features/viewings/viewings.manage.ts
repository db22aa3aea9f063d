// Managing viewings in conversation, for brokers and clients alike: the list of upcoming ones, one in
// full, cancelling and moving one ("الغ الموعد ٢", "أجل معاينة أحمد إلى بكرة ٥"), each telling the
// other party. Several matches are offered as a choice (the appointment dialog's pick_appointment).
import type { AppointmentDetails } from '../../../core/scheduling/appointments.types.ts';
import { atLocalTime, localDateOf, zoneOffsetMinutes } from '../../../core/shared/local-time.ts';
import { dayRange, periodRange, type Range } from '../../../core/shared/periods.ts';
import { foldForSearch, sameNameAcrossScripts } from '../../../core/shared/text.ts';
import { memberCan } from '../../../core/teams/teams.service.ts';
import type { TurnContext } from '../../engine/context.ts';
import { formatDateTime, formatDay, formatNumber, formatTime, type Lang } from '../../render/format.ts';
import { t } from '../../render/texts.ts';
import { calendarSettings } from '../hours/hours.handlers.ts';
import { reportUsers } from '../reports/reports.handlers.ts';
import { bareHourOf, type Handler, hourLike, nth, requireMember, say } from '../shared/helpers.ts';
import { justBookedAppointment } from '../tasks/referent.ts';
import { answerFailure, offerSlots } from './viewings.booking.ts';
import { appointmentDialog, type BookingData, type PickData, type When } from './viewings.dialog.ts';
import { scopeOfTurn, tellBrokerOf, tellClientOf } from './viewings.notices.ts';
import { atClockOf, bookableAt, propertyRefOf, saysMove, saysSameTime, shiftOf, whenOf } from './viewings.parse.ts';
import { audienceOf, clientLabel, confirmationFor, lineOf, refText, whatText } from './viewings.texts.ts';

export const APPT_PREFIX = 'appt:';

/** The sender's upcoming appointments: a broker's own, or the ones a client booked or is the customer of. */
async function ownAppointments(ctx: TurnContext, range?: Range, userIds?: string[]): Promise<AppointmentDetails[]> {
  const scope = scopeOfTurn(ctx);
  if (ctx.actor.kind === 'member') {
    return ctx.core.appointments.list(scope, { userIds: userIds ?? [ctx.actor.member.userId], range });
  }
  return ctx.core.appointments.list(scope, { contactId: ctx.contact.id, customerId: ctx.contact.customerId, range });
}

/** «وش عند ليلى بكرة؟», «ليلى وش مواعيدها بكرة؟», "what does Layla have tomorrow?": an agenda ask. */
const AGENDA_WORDS =
  /(^|[^\p{L}])(مواعيد|مواعيدها|مواعيده|موعد|عند|عندها|عنده|جدول|جدولها|جدوله|مشغول|مشغوله|فاضي|فاضيه|schedule|agenda|appointments|viewings|have|busy|free)(?=[^\p{L}]|$)/u;

/**
 * The viewings feature's words: a manager's agenda ask about one of his brokers that the parser leaves
 * without an intent; the same answer as «مواعيد ليلى بكرة». False for anything else.
 */
export async function teamAgendaWords(ctx: TurnContext): Promise<boolean> {
  if (ctx.actor.kind !== 'member' || ctx.parsed?.intent !== 'unknown' || ctx.choice) return false;
  const e = ctx.parsed.entities;
  if (!e.date && !e.period) return false;
  if (!AGENDA_WORDS.test(foldForSearch(ctx.text))) return false;
  const whose = await reportUsers(ctx, ctx.actor.member);
  if (!whose.name) return false;
  await listAppointments(ctx);
  return true;
}

/** «ابو مشعل اكد الموعد», "omar confirmed his viewing", "mark it as confirmed" (folded letters). */
const CONFIRMED =
  /(^|[^\p{L}])(اكد|اكدت|اكدوا|مأكد|ماكد|مأكده|ماكده|confirmed|confirms)(?=[^\p{L}]|$)|\b(mark|set)\b.{0,30}\bas confirmed\b/u;
const VIEWING_WORD =
  /(^|[^\p{L}])(ال)?(موعد|موعده|موعدها|معاينه|معاينته|معاينتها|زياره)(?=[^\p{L}]|$)|\b(viewing|appointment|visit|showing)\b/u;

/**
 * A broker's word that the client confirmed his viewing («ابو مشعل اكد الموعد حق بكره»): the one
 * upcoming viewing meant (by name, number or day) becomes confirmed. False when none is meant.
 */
export async function confirmInWords(ctx: TurnContext): Promise<boolean> {
  if (ctx.actor.kind !== 'member' || ctx.choice || !ctx.text) return false;
  const text = foldForSearch(ctx.text);
  if (!CONFIRMED.test(text) || !(VIEWING_WORD.test(text) || ctx.parsed?.entities.name)) return false;
  if (!memberCan(ctx.actor.member, 'calendar', 'edit')) return false;
  const found = await targetsOf(ctx, true);
  if (found.length !== 1) return false;
  const a = found[0]!;
  const done = await ctx.core.appointments.confirm(scopeOfTurn(ctx), { id: a.id });
  if (!done.ok) return false;
  const who = clientLabel(a);
  say(
    ctx,
    `✅ تمام، سجلت إن ${who || 'العميل'} أكد معاينة ${formatDateTime(a.startsAt, 'ar', ctx.tz)}${a.property ? ` (${refText('ar', a.property.refNumber)})` : ''}.`,
    `✅ Noted: ${who || 'the client'} confirmed the viewing on ${formatDateTime(a.startsAt, 'en', ctx.tz)}${a.property ? ` (${refText('en', a.property.refNumber)})` : ''}.`,
  );
  return true;
}

/** «انا فاضي بكره الساعه ٤؟», «مشغول الخميس ٥؟», "am i free tomorrow at 4?" (folded letters). */
const FREE_ASK = /(^|[^\p{L}])(فاضي|فاضيه|فاضين|مشغول|مشغوله)(?=[^\p{L}]|$)|\b(free|busy|available)\b/u;
/** How long around the hour asked a viewing makes the broker busy. */
const BUSY_WINDOW_MS = 60 * 60_000;

/**
 * A broker asking whether he is free at a time: his viewings in the hour from then, or yes. False when
 * the message is no such question (no time, no free/busy word).
 */
export async function freeAtWords(ctx: TurnContext): Promise<boolean> {
  if (ctx.actor.kind !== 'member' || ctx.choice || !ctx.text) return false;
  const at = ctx.parsed?.entities.datetime;
  if (!at || !FREE_ASK.test(foldForSearch(ctx.text)) || !/[?؟]|^(هل|am i|are we)/iu.test(ctx.text.trim())) return false;
  const from = new Date(at);
  const busy = (
    await ownAppointments(ctx, {
      from: new Date(from.getTime() - BUSY_WINDOW_MS + 1),
      to: new Date(from.getTime() + BUSY_WINDOW_MS),
    })
  ).filter((a) => a.startsAt.getTime() < from.getTime() + BUSY_WINDOW_MS && a.endsAt.getTime() > from.getTime());
  const when = (lang: Lang) => formatDateTime(from, lang, ctx.tz);
  if (busy.length === 0) {
    say(ctx, `✅ ايه، ما عندك مواعيد ${when('ar')}.`, `✅ Yes, you have no viewings at ${when('en')}.`);
    return true;
  }
  const audience = audienceOf(ctx);
  ctx.reply(
    [
      t(ctx.lang, `لا، عندك ${when('ar')}:`, `No, at ${when('en')} you have:`),
      ...busy.map((a, i) => `${nth(ctx, i)}. ${lineOf(ctx.lang, ctx.tz, a, audience)}`),
    ].join('\n'),
  );
  return true;
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
    // or written in the other script («عمر» for the lead saved as "Omar")
    found = found.filter(
      (a) =>
        a.customer &&
        (foldForSearch(a.customer.name).includes(folded) || sameNameAcrossScripts(e.name!, a.customer.name)),
    );
  }
  if (byDate && (e.date || e.datetime)) {
    const day = e.date ?? e.datetime!.slice(0, 10);
    const range = dayRange(day, ctx.tz);
    found = found.filter((a) => a.startsAt >= range.from && a.startsAt < range.to);
  }
  return found;
}

function pickAppointment(ctx: TurnContext, list: AppointmentDetails[], data: Omit<PickData, 'ids'>, question: string) {
  const audience = audienceOf(ctx);
  appointmentDialog.start(ctx, 'pick_appointment', { ...data, ids: list.map((a) => a.id) });
  ctx.reply({
    text: question,
    choices: list
      .slice(0, 10)
      .map((a) => ({ id: `${APPT_PREFIX}${a.id}`, label: lineOf(ctx.lang, ctx.tz, a, audience) })),
  });
}

export async function cancelOne(ctx: TurnContext, a: AppointmentDetails): Promise<void> {
  appointmentDialog.end(ctx);
  const byClient = ctx.actor.kind !== 'member';
  const done = await ctx.core.appointments.cancel(scopeOfTurn(ctx), {
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
        `❌ ${clientLabel(a) || 'العميل'} ألغى موعد المعاينة ${when('ar')}${a.property ? ` (${refText('ar', a.property.refNumber)})` : ''}.`,
        `❌ ${clientLabel(a) || 'The client'} cancelled the viewing on ${when('en')}${a.property ? ` (property #${a.property.refNumber})` : ''}.`,
      ),
    );
    return;
  }
  say(ctx, `✅ ألغيت: ${lineOf('ar', ctx.tz, a, 'broker')}`, `✅ Cancelled: ${lineOf('en', ctx.tz, a, 'broker')}`);
  await tellClientOf(ctx, a, (lang) =>
    t(
      lang,
      `❌ نعتذر، تم إلغاء موعد معاينتك ${when('ar')}${a.property ? ` (${refText('ar', a.property.refNumber)})` : ''}. للحجز من جديد اكتب: أبي أشوف العقار ${a.property ? formatNumber(a.property.refNumber, 'ar') : ''}`.trim(),
      `❌ Sorry, your viewing on ${when('en')}${a.property ? ` (property #${a.property.refNumber})` : ''} was cancelled. To book again write: I want to see property ${a.property?.refNumber ?? ''}`.trim(),
    ),
  );
}

/** Moves the appointment to the time asked for, or offers slots near it (near its current time without one). */
export async function rescheduleOne(ctx: TurnContext, a: AppointmentDetails, when: When | undefined): Promise<void> {
  const data: BookingData = {
    mode: 'reschedule',
    actor: ctx.actor.kind === 'member' ? 'broker' : 'client',
    brokerId: a.userId,
    appointmentId: a.id,
    propertyId: a.propertyId,
  };
  const at = bookableAt(sameTimeOn(ctx, onItsDay(ctx, when, a.startsAt) ?? shiftedFrom(ctx, a.startsAt), a.startsAt));
  if (!at) {
    // No time to move it to: asked when, with the slots nearest its time; a day named («ليوم الجمعة»)
    // gets that day's slots (or the nearest, said so) without the question.
    await offerSlots(
      ctx,
      data,
      when ?? { at: a.startsAt.toISOString() },
      when
        ? t(
            ctx.lang,
            `نغير موعد ${formatDateTime(a.startsAt, 'ar', ctx.tz)}:`,
            `Moving the ${formatDateTime(a.startsAt, 'en', ctx.tz)} viewing:`,
          )
        : t(
            ctx.lang,
            `متى تبي موعد ${formatDateTime(a.startsAt, 'ar', ctx.tz)} يصير؟`,
            `When should the ${formatDateTime(a.startsAt, 'en', ctx.tz)} viewing move to?`,
          ),
    );
    return;
  }
  await moveTo(ctx, data, at);
}

/** «أجله ساعة», "push it back 30 minutes": the appointment's own time moved by that span. */
function shiftedFrom(ctx: TurnContext, startsAt: Date): When | undefined {
  const minutes = ctx.text ? shiftOf(ctx.text) : undefined;
  return minutes === undefined ? undefined : { at: new Date(startsAt.getTime() + minutes * 60_000).toISOString() };
}

/**
 * "move it to 7pm", «خلها العصر»: a time without a day is on the appointment's own day (the parser reads
 * it as today's or tomorrow's).
 */
function onItsDay(ctx: TurnContext, when: When | undefined, startsAt: Date): When | undefined {
  if (!when?.noDay) return when;
  const day = localDateOf(startsAt, ctx.tz);
  if (when.at) return { at: atClockOf(day, new Date(when.at), ctx.tz) };
  return when.part ? { day, part: when.part } : when;
}

/** «أجله لبعد بكرة نفس الوقت», "same time on Tuesday": the new day at the appointment's own time. */
function sameTimeOn(ctx: TurnContext, when: When | undefined, startsAt: Date): When | undefined {
  if (!when?.day || when.at || when.part || !saysSameTime(ctx.text)) return when;
  return { at: atClockOf(when.day, startsAt, ctx.tz) };
}

export async function moveTo(ctx: TurnContext, data: BookingData, at: Date): Promise<void> {
  const scope = scopeOfTurn(ctx);
  const before = await ctx.core.appointments.get(scope, data.appointmentId!);
  const moved = await ctx.core.appointments.reschedule(scope, {
    id: data.appointmentId!,
    startsAt: at,
    actor: data.actor,
  });
  if (!moved.ok) {
    if (moved.error.code === 'APPOINTMENT.NOT_ACTIVE' || moved.error.code === 'APPOINTMENT.NOT_FOUND') {
      appointmentDialog.end(ctx);
      say(ctx, 'هذا الموعد ما عاد قائم.', 'That appointment is no longer active.');
      return;
    }
    await answerFailure(ctx, moved.error.code, moved.error.details, data, at);
    return;
  }
  appointmentDialog.end(ctx);
  const a = moved.value;
  const old = (lang: Lang) => (before ? formatDateTime(before.startsAt, lang, ctx.tz) : '');
  const audience = data.actor === 'broker' ? 'broker' : 'client';
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
// Intents.

/** «وش عندي», «ايش عندي», "what do i have": the agenda (viewings and tasks), not only the viewings. */
const WHAT_DO_I_HAVE = /(^|[^\p{L}])(وش|ايش|شو) (عندي|وراي)(?=[^\p{L}]|$)|\bwhat do i have\b|\bwhat'?s on\b/u;

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
  // «مواعيد ليلى بكرة» from a manager: that broker's day (reportUsers: only members he sees)
  const whose = ctx.actor.kind === 'member' ? await reportUsers(ctx, ctx.actor.member) : undefined;
  const other = whose?.name && Array.isArray(whose.users) ? { name: whose.name, users: whose.users } : undefined;
  if (other) label = `${label} — ${other.name}`;
  const all = await ownAppointments(ctx, range, other?.users);
  // «عندي موعد مع خالد بكرة؟»: a name that is no broker of his is the customer the viewings are with
  const withWhom = ctx.actor.kind === 'member' && e.name && !other ? e.name : undefined;
  const list = withWhom ? all.filter((a) => namesMatch(a.customer?.name, withWhom)) : all;
  if (withWhom) label = t(ctx.lang, `${label} مع ${withWhom}`, `${label} with ${withWhom}`);
  // «وش عندي بكرة؟»: a broker's day is his viewings and his tasks due that day; «وش عندي الاسبوع هذا»
  // his week's (asked as his agenda, not as «مواعيد هالأسبوع»)
  const weekAsked = Boolean(e.period) && WHAT_DO_I_HAVE.test(foldForSearch(ctx.text));
  const dayTasks =
    ctx.actor.kind === 'member' && range && (e.date || weekAsked)
      ? await ctx.core.tasks.list(scopeOfTurn(ctx), other?.users ?? [ctx.actor.member.userId], {
          range,
          ...(e.date ? { localDay: e.date } : {}),
        })
      : [];
  // asked about one customer: that day's tasks that name him
  const tasks = withWhom ? dayTasks.filter((task) => namesMatch(task.title, withWhom)) : dayTasks;
  const taskLines = tasks.length
    ? [
        t(ctx.lang, '📝 المهام:', '📝 Tasks:'),
        ...tasks.map(
          (task) =>
            `• ${task.title}${task.dueAt ? ` — ${(e.date ? formatTime : formatDateTime)(task.dueAt, ctx.lang, ctx.tz)}` : ''}`,
        ),
      ]
    : [];
  if (list.length === 0) {
    if (taskLines.length) {
      say(ctx, `${label}: ما فيه معاينات.`, `${label}: no viewings.`);
      ctx.reply(taskLines.join('\n'));
      return;
    }
    say(ctx, `${label}: ما فيه شي 👌`, `${label}: none 👌`);
    return;
  }
  const audience = audienceOf(ctx);
  ctx.state.list = { kind: 'appointment', ids: list.map((a) => a.id) };
  ctx.reply(
    [
      `${label}:`,
      ...list.map((a, i) => `${nth(ctx, i)}. ${lineOf(ctx.lang, ctx.tz, a, audience)}`),
      ...taskLines,
      t(
        ctx.lang,
        'تلغيه: الغ الموعد ١ — تأجله: أجل الموعد ١ إلى بكرة ٥ العصر',
        'To cancel: cancel appointment 1 — to move: reschedule appointment 1 to tomorrow 5pm',
      ),
    ].join('\n'),
  );
};

/** Whether a customer's name holds the name asked about («خالد» in «خالد العتيبي»; "Khaled" for «خالد»). */
function namesMatch(name: string | undefined, asked: string): boolean {
  if (!name) return false;
  const words = foldForSearch(name).split(/\s+/u);
  return (
    foldForSearch(asked)
      .split(/\s+/u)
      .every((w) => words.includes(w)) || sameNameAcrossScripts(asked, name)
  );
}

/** A number picked from the list: the appointment in full, when it is the sender's. */
export async function showAppointment(ctx: TurnContext, id: string): Promise<void> {
  const a = await ctx.core.appointments.get(scopeOfTurn(ctx), id);
  const mine =
    a &&
    (ctx.actor.kind === 'member'
      ? a.userId === ctx.actor.member.userId || ctx.actor.member.visibleUserIds === 'all'
      : a.bookedByContactId === ctx.contact.id || (a.customerId !== null && a.customerId === ctx.contact.customerId));
  if (!a || !mine) {
    say(ctx, 'ما لقيت الموعد.', 'Appointment not found.');
    return;
  }
  const audience = audienceOf(ctx);
  const n = (ctx.state.list?.ids.indexOf(id) ?? 0) + 1;
  const message = await confirmationFor(ctx, a, audience, `📅 ${whatText(ctx.lang, a, audience)}`);
  ctx.reply({
    ...message,
    text: `${message.text}\n${t(ctx.lang, `تلغيه: الغ الموعد ${formatNumber(n, 'ar')} — تأجله: أجل الموعد ${formatNumber(n, 'ar')} إلى …`, `To cancel: cancel appointment ${n} — to move: reschedule appointment ${n} to …`)}`,
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

/**
 * "ممكن نخليها الخميس الساعة ٧ بدالها؟", "أجلت موعد عمر لبكرة ٨": a move in the sender's own words,
 * with a new day or time, when the sender has an upcoming viewing it can be about (the named customer's
 * for a broker). Returns false when it is not one, so that booking or the intents go on.
 */
export async function moveInOwnWords(ctx: TurnContext): Promise<boolean> {
  if (!ctx.text || !saysMove(ctx.text)) return false;
  const intent = ctx.parsed?.intent ?? 'unknown';
  // «لا خله بكرة ٦»: a "no" that goes on with the new time is a correction, not a refusal
  if (!['unknown', 'appointment.create', 'appointment.reschedule', 'confirm', 'deny', 'question'].includes(intent)) {
    return false;
  }
  const when = whenOf(ctx);
  if (!when && shiftOf(ctx.text) === undefined) return false;
  if (ctx.actor.kind === 'member' && !memberCan(ctx.actor.member, 'calendar', 'edit')) return false;
  const found = await targetsOf(ctx, false);
  // A broker must name whose viewing moves; a client's own viewings are the only candidates.
  if (found.length === 0 || (ctx.actor.kind === 'member' && !ctx.parsed?.entities.name && found.length > 1)) {
    return false;
  }
  if (found.length === 1) {
    await rescheduleOne(ctx, found[0]!, when);
    return true;
  }
  pickAppointment(
    ctx,
    found,
    { action: 'reschedule', when },
    t(ctx.lang, 'أي موعد تبي تغيّر؟', 'Which appointment should I move?'),
  );
  return true;
}

/**
 * «لا خليها ٦», "actually make it 6" right after a viewing was booked in this chat: that viewing, on its
 * day, at that hour (in the half of the day it was booked in).
 */
export async function correctJustBooked(ctx: TurnContext): Promise<boolean> {
  const booked = justBookedAppointment(ctx.state, ctx.now);
  const hour = ctx.text ? bareHourOf(ctx.text) : undefined;
  if (!booked || !hour) return false;
  if (ctx.actor.kind === 'member' && !memberCan(ctx.actor.member, 'calendar', 'edit')) return false;
  const a = await ctx.core.appointments.get(scopeOfTurn(ctx), booked);
  if (!a || a.status === 'cancelled') return false;
  const local = new Date(a.startsAt.getTime() + zoneOffsetMinutes(ctx.tz, a.startsAt) * 60_000);
  const day = localDateOf(a.startsAt, ctx.tz);
  const at = atLocalTime(day, hourLike(hour.hour, local.getUTCHours()), hour.minute, ctx.tz);
  await rescheduleOne(ctx, a, { at: at.toISOString() });
  return true;
}
