// Appointments as iCalendar: the .ics of one viewing (sent with a confirmation, behind a signed URL) and
// each broker's subscription feed (behind his secret users.calendar_feed_token). The HTTP routes live in
// api/routes/calendar; the paths here assume they are mounted at /calendar.
//
// A single viewing's URL is `/calendar/event/<appointment id>/<client|broker>/<signature>.ics`, where the
// signature is an HMAC-SHA256 of the id and the audience keyed by the broker's feed token: it reveals
// nothing about the token, cannot be forged for another appointment, and stops working when the token is
// replaced ("غير رابط التقويم"). That is on purpose rather than a separate secret: whoever holds a leaked
// token can compute these signatures, so the links must die with it. The broker's own copies come back
// with his next confirmation; a client's file, once downloaded, keeps working in his calendar.
//
// The feed leaves clients' phone numbers out unless the broker asked for them
// (users.preferences.calendarClientPhones): a feed URL lives in calendar apps and can leak.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { DbTx } from '../db/client.ts';
import { type AppointmentDetails, appointmentInclude } from './appointments.types.ts';
import { type IcsEvent, renderCalendar, renderEvent } from './ics.ts';

export type IcsAudience = 'client' | 'broker';
export type IcsLang = 'ar' | 'en';

export const CALENDAR_MOUNT = '/calendar';
/** The key in users.preferences: true when the broker's feed shows his clients' phones. */
export const CALENDAR_PHONES_PREF = 'calendarClientPhones';
const DAY_MS = 86_400_000;

const TOKEN_RE = /^[A-Za-z0-9_-]{16,128}$/;
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const feedPath = (token: string) => `${CALENDAR_MOUNT}/${token}.ics`;

export function eventSignature(secret: string, appointmentId: string, audience: IcsAudience): string {
  return createHmac('sha256', secret).update(`event:${appointmentId}:${audience}`).digest('base64url').slice(0, 32);
}

export const eventPath = (appointmentId: string, audience: IcsAudience, secret: string) =>
  `${CALENDAR_MOUNT}/event/${appointmentId}/${audience}/${eventSignature(secret, appointmentId, audience)}.ics`;

function sameSignature(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

const t = (lang: IcsLang, ar: string, en: string) => (lang === 'ar' ? ar : en);

/** One appointment as an event, worded for the client (the place and the broker) or the broker (the client). */
export function toIcsEvent(
  appt: AppointmentDetails,
  audience: IcsAudience,
  lang: IcsLang,
  stamp: Date,
  options: { clientPhone?: boolean } = {},
): IcsEvent {
  const phone = options.clientPhone !== false && appt.customer?.phone ? ` ${appt.customer.phone}` : '';
  const ref = appt.property?.refNumber;
  const what = appt.property?.title ?? appt.title;
  const summary =
    audience === 'client'
      ? t(lang, `معاينة عقار${ref ? ` رقم ${ref}` : ''}: ${what}`, `Property viewing${ref ? ` #${ref}` : ''}: ${what}`)
      : t(
          lang,
          `معاينة${appt.customer ? ` مع ${appt.customer.name}` : ''}${ref ? ` — العقار ${ref}` : ''}`,
          `Viewing${appt.customer ? ` with ${appt.customer.name}` : ''}${ref ? ` — property #${ref}` : ''}`,
        );
  const maps = appt.mapsUrl ?? appt.property?.mapsUrl ?? undefined;
  const lines =
    audience === 'client'
      ? [t(lang, `الوسيط: ${appt.user.name} ${appt.user.phone}`, `Broker: ${appt.user.name} ${appt.user.phone}`)]
      : [
          appt.customer && t(lang, `العميل: ${appt.customer.name}${phone}`, `Client: ${appt.customer.name}${phone}`),
          appt.property && what,
          appt.notes,
        ];
  if (maps) lines.push(t(lang, `الموقع: ${maps}`, `Map: ${maps}`));
  const place =
    appt.location ?? ([appt.property?.district, appt.property?.city].filter(Boolean).join(', ') || undefined);
  const lat = appt.property?.latitude;
  const lng = appt.property?.longitude;
  return {
    id: appt.id,
    start: appt.startsAt,
    end: appt.endsAt,
    stamp,
    summary,
    description: lines.filter((l): l is string => Boolean(l)).join('\n'),
    ...(place ? { location: place } : {}),
    ...(maps ? { url: maps } : {}),
    ...(lat != null && lng != null ? { geo: { latitude: Number(lat), longitude: Number(lng) } } : {}),
    status: appt.status === 'cancelled' ? 'CANCELLED' : 'CONFIRMED',
    // Every change bumps updated_at: seconds since creation order the revisions.
    sequence: Math.max(0, Math.floor((appt.updatedAt.getTime() - appt.createdAt.getTime()) / 1000)),
    created: appt.createdAt,
    lastModified: appt.updatedAt,
  };
}

/** Reads what the calendar routes serve. Every failure to match (token, signature, id) is null: a 404. */
export function createCalendarReader(db: DbTx) {
  return {
    /** The broker's feed: his appointments from 30 days back to a year ahead, cancelled ones marked so. */
    async feed(token: string, now: Date): Promise<string | null> {
      if (!TOKEN_RE.test(token)) return null;
      const user = await db.user.findUnique({
        where: { calendarFeedToken: token },
        select: { id: true, name: true, language: true, status: true, preferences: true },
      });
      if (user?.status !== 'active') return null;
      const appointments = await db.appointment.findMany({
        where: {
          userId: user.id,
          startsAt: { gte: new Date(now.getTime() - 30 * DAY_MS), lt: new Date(now.getTime() + 366 * DAY_MS) },
        },
        orderBy: { startsAt: 'asc' },
        take: 1_000,
        include: appointmentInclude,
      });
      const lang: IcsLang = user.language === 'en' ? 'en' : 'ar';
      const prefs = user.preferences as Record<string, unknown> | null;
      const clientPhone = typeof prefs === 'object' && prefs !== null && prefs[CALENDAR_PHONES_PREF] === true;
      return renderCalendar(
        appointments.map((a) => toIcsEvent(a, 'broker', lang, now, { clientPhone })),
        { name: t(lang, `نوفا — مواعيد ${user.name}`, `Nova — ${user.name}'s viewings`), refreshMinutes: 15 },
      );
    },

    /** One viewing's .ics, when the signature matches. */
    async event(appointmentId: string, audience: string, signature: string, now: Date, lang: IcsLang = 'ar') {
      if (!UUID_RE.test(appointmentId) || (audience !== 'client' && audience !== 'broker')) return null;
      const appt = await db.appointment.findUnique({ where: { id: appointmentId }, include: appointmentInclude });
      if (!appt) return null;
      const owner = await db.user.findUnique({ where: { id: appt.userId }, select: { calendarFeedToken: true } });
      if (!owner?.calendarFeedToken) return null;
      if (!sameSignature(eventSignature(owner.calendarFeedToken, appt.id, audience), signature)) return null;
      return renderEvent(toIcsEvent(appt, audience, lang, now));
    },
  };
}

export type CalendarReader = ReturnType<typeof createCalendarReader>;
