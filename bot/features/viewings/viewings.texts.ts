// What viewings say: the reasons a time cannot be booked, an appointment in a line or as a
// confirmation (with its .ics where the channel can take it), and the weekday and clock wording of
// working hours. Bilingual: every sentence in Arabic and English.
import { eventPath, type IcsAudience } from '../../../core/scheduling/appointments.calendar.ts';
import type { AppointmentDetails } from '../../../core/scheduling/appointments.types.ts';
import type { UnavailableReason } from '../../../core/scheduling/slots.types.ts';
import type { TurnContext } from '../../engine/context.ts';
import {
  formatDateTime,
  formatDay,
  formatNumber,
  formatPhoneForChat,
  formatTime,
  type Lang,
  placeLabel,
} from '../../render/format.ts';
import { t } from '../../render/texts.ts';
import type { OutboundMessage } from '../../types.ts';
import { listingName } from '../listings/owner.texts.ts';
import { scopeOfTurn } from './viewings.notices.ts';

export function reasonText(lang: Lang, reason: UnavailableReason, at: Date, tz: string): string {
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
    case 'TOO_FAR':
      return t(
        lang,
        `${day} بعيد؛ نحجز المعاينات خلال ١٤ يوم بس من اليوم.`,
        `${day} is too far ahead: viewings are booked within the next 14 days only.`,
      );
  }
}

/** "اليوم الساعة ١٠ الصبح" sent after 10: the time asked has passed today; never silently tomorrow. */
export function pastTodayText(lang: Lang, at: Date, tz: string): string {
  const time = formatTime(at, lang, tz);
  return t(
    lang,
    `الساعة ${time} اليوم فاتت، فما حجزت شي. هذي نفس الساعة بكرة أو أقرب وقت متاح:`,
    `${time} today has already passed, so nothing is booked. Here is the same time tomorrow or the nearest free time:`,
  );
}

export const refText = (lang: Lang, ref: number | null | undefined) =>
  ref ? t(lang, `العقار ${formatNumber(ref, 'ar')}`, `property #${ref}`) : '';

/** "معاينة العقار ٢: فيلا في الملقا" for a client, "معاينة مع أحمد (العقار ٢)" for the broker. */
export function whatText(lang: Lang, a: AppointmentDetails, audience: IcsAudience): string {
  const ref = a.property?.refNumber;
  if (audience === 'broker') {
    const who = a.customer ? t(lang, `مع ${a.customer.name}`, `with ${a.customer.name}`) : '';
    return [t(lang, 'معاينة', 'Viewing'), who, ref ? `(${refText(lang, ref)})` : ''].filter(Boolean).join(' ');
  }
  return ref && a.property
    ? t(lang, `معاينة ${refText('ar', ref)}: ${a.property.title}`, `Viewing of ${listingName('en', a.property)}`)
    : a.title;
}

export function lineOf(lang: Lang, tz: string, a: AppointmentDetails, audience: IcsAudience): string {
  const confirmed = a.status === 'confirmed' ? t(lang, ' — ✅ مؤكد', ' — ✅ confirmed') : '';
  return `${formatDateTime(a.startsAt, lang, tz)} — ${whatText(lang, a, audience)}${confirmed}`;
}

/** The client as the broker sees him: name and phone. */
export const clientLabel = (a: AppointmentDetails) =>
  [a.customer?.name, a.customer?.phone ? formatPhoneForChat(a.customer.phone, 'ar') : undefined]
    .filter(Boolean)
    .join(' ');

/** The title an appointment is stored with (Arabic, as the office's calendar shows it). */
export function bookingTitle(property: { refNumber: number } | null, who: string): string {
  return property ? `معاينة العقار ${property.refNumber}${who ? ` — ${who}` : ''}` : `معاينة${who ? ` — ${who}` : ''}`;
}

/** "الملقا، الرياض": where a property is, in Arabic like the title (the city is stored in English), or null. */
export const placeOf = (property: { district: string | null; city: string | null } | null) =>
  property ? placeLabel(property.district, property.city, 'ar') || null : null;

/** Whoever sees the appointment: the broker when a member asks, the client otherwise. */
export const audienceOf = (ctx: TurnContext): IcsAudience => (ctx.actor.kind === 'member' ? 'broker' : 'client');

/** The .ics of one appointment as a document, where the channel can take it (see docs/viewings.md). */
async function icsMedia(
  ctx: TurnContext,
  a: AppointmentDetails,
  audience: IcsAudience,
): Promise<Pick<OutboundMessage, 'media'> & { link?: string }> {
  const token = await ctx.core.appointments.feedToken(scopeOfTurn(ctx), a.userId);
  if (!token) return {};
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

/** An appointment in full under `headline`: what, when, where, the other party, and its .ics. */
export async function confirmationFor(
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
