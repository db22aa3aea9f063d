// Reading a viewings message: the property's reference number, the day or time asked for, and how a
// viewing went ("تمت المعاينة", "ما حضر للمعاينة", a comment, or a follow-up button).
import type { ViewingOutcome } from '../../../core/scheduling/appointments.types.ts';
import { toAsciiDigits } from '../../../core/shared/digits.ts';
import { atLocalTime, localDateOf, zoneOffsetMinutes } from '../../../core/shared/local-time.ts';
import { foldForSearch } from '../../../core/shared/text.ts';
import type { TurnContext } from '../../engine/context.ts';
import { parse } from '../../language/index.ts';
import { dayPartOf, hasClock, saysToday } from './viewings.dayparts.ts';
import type { When } from './viewings.dialog.ts';

export const OUTCOME_CHOICE = /^outcome:([0-9a-f-]{36}):(done|no_show|note)$/;

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

/**
 * The day or time asked for. A part of the day without a clock ("بكرة العصر", "after isha") is a day
 * and a window, not the parser's default instant; "اليوم الساعة ١٠" sent after 10 is kept as a time
 * passed today (`pastToday`), never moved silently to tomorrow as the parser does.
 */
export function whenOf(ctx: TurnContext): When | undefined {
  const when = readWhen(ctx);
  return when && namesNoDay(ctx) ? { ...when, noDay: true } : when;
}

/** Words of today that saysToday leaves to the parser's day parts. */
const TONIGHT = /(^|[^\p{L}])(الليله|هالليله|tonight|this (morning|afternoon|evening))(?=[^\p{L}]|$)/u;

/** Two reference days (a Wednesday and the Thursday after it), read at midnight in the office's zone: see namesNoDay. */
const REFERENCE_DAYS = ['2030-01-02', '2030-01-03'] as const;

/**
 * Whether the time in the message stands without a day («خلها ٧», "7pm", «العصر»): read again as if
 * sent at midnight of two different days, it lands on each of those days at the same clock time as
 * read now. A named day (بكرة، الخميس، ٢٥ ديسمبر) moves with the reference or not at all, a span («بعد
 * ساعتين») changes its clock, and «اليوم» is a day named.
 */
function namesNoDay(ctx: TurnContext): boolean {
  const at = ctx.parsed?.entities.datetime;
  if (!at || !ctx.text || saysToday(ctx.text) || TONIGHT.test(foldForSearch(ctx.text))) return false;
  const clock = (instant: Date) => atClockOf(REFERENCE_DAYS[0], instant, ctx.tz);
  const wanted = clock(new Date(at));
  // «للساعه ٨» read at midnight is 8 am, at 13:30 it was 8 pm: the same hour of the clock, no day named
  const sameHour = (a: string, b: string) => a === b || Math.abs(Date.parse(a) - Date.parse(b)) === 12 * 3_600_000;
  return REFERENCE_DAYS.every((day) => {
    const again = parse(ctx.text, { now: atLocalTime(day, 0, 0, ctx.tz), tz: ctx.tz }).entities.datetime;
    return (
      again !== undefined && localDateOf(new Date(again), ctx.tz) === day && sameHour(clock(new Date(again)), wanted)
    );
  });
}

function readWhen(ctx: TurnContext): When | undefined {
  const e = ctx.parsed?.entities ?? {};
  const part = dayPartOf(ctx.text);
  const clock = hasClock(ctx.text);
  const today = localDateOf(ctx.now, ctx.tz);
  // «اي وقت بعد ٦», "any time after 6pm", «من ٥ الى ٧»: that window of the day named (else today)
  const after = afterHourOf(ctx.text);
  if (after) {
    const day = e.date ?? (e.datetime ? localDateOf(new Date(e.datetime), ctx.tz) : today);
    return { day, part: after };
  }
  if (e.datetime) {
    const at = new Date(e.datetime);
    const day = localDateOf(at, ctx.tz);
    // «اليوم الصبح» sent in the afternoon: the parser moved it to tomorrow; say so rather than silently.
    if (part && !clock) {
      if (!saysToday(ctx.text) || day <= today) return { day, part };
      // The parser judged by the part's default hour (الصبح 09:00); the window may still be open.
      const local = new Date(ctx.now.getTime() + zoneOffsetMinutes(ctx.tz, ctx.now) * 60_000);
      const minute = local.getUTCHours() * 60 + local.getUTCMinutes();
      return minute < part.to ? { day: today, part } : { day, part, partPassed: true };
    }
    if (saysToday(ctx.text) && day > today) {
      const local = new Date(at.getTime() + zoneOffsetMinutes(ctx.tz, at) * 60_000);
      const asked = atLocalTime(today, local.getUTCHours(), local.getUTCMinutes(), ctx.tz);
      // Offered (never booked) at the same time tomorrow, the parser's reading, after the question.
      return { at: at.toISOString(), pastToday: asked.toISOString() };
    }
    return { at: at.toISOString() };
  }
  if (e.date) return part ? { day: e.date, part } : { day: e.date };
  if (part) return { day: today, part };
  return undefined;
}

export const requestedOf = (when?: When) => (when?.at ? new Date(when.at) : undefined);

const SAME_TIME = /(^|[^\p{L}])((ب|وب|في)?نفس (الوقت|الساعه|التوقيت|الموعد)|same time)(?=[^\p{L}]|$)/u;

/** «نفس الوقت», "same time": the time already said or offered. */
export const saysSameTime = (text: string) => SAME_TIME.test(foldForSearch(text));

/** The instant on a local day at the clock time of another instant («الخميس» at the time first chosen). */
export function atClockOf(day: string, instant: Date, tz: string): string {
  const local = new Date(instant.getTime() + zoneOffsetMinutes(tz, instant) * 60_000);
  return atLocalTime(day, local.getUTCHours(), local.getUTCMinutes(), tz).toISOString();
}

/** The time to book or move to at once: none when the time asked today has passed (that one is asked). */
export const bookableAt = (when?: When) => (when?.pastToday ? undefined : requestedOf(when));

export interface OutcomeAsked {
  outcome: ViewingOutcome | 'note';
  note?: string;
  /** the appointment of a follow-up button */
  id?: string;
}

/** "تمت المعاينة", "ما حضر للمعاينة", "تعليق على المعاينة: …", or a follow-up button. */
export function outcomeOf(ctx: TurnContext): OutcomeAsked | null {
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
  if (
    /(^|\s)(تمت|تم|خلص|خلصت|خلصنا|انتهت|عاين|عاينها|عاينه|done|completed|went well|finished|saw it)(\s|$|[:：])/u.test(
      text,
    )
  ) {
    // «نايف خلص المعاينه وعجبته الفيلا»: what he thought is the viewing's note
    const opinion = !note && OPINION.test(text) ? ctx.text.trim() : undefined;
    return { outcome: 'completed', ...(note || opinion ? { note: note ?? opinion } : {}) };
  }
  if (/تعليق|comment/u.test(text)) return { outcome: 'note', ...(note ? { note } : {}) };
  return null;
}

/** What the client thought of the viewing («عجبته», «مهتم», "he liked it"): worth keeping as its note. */
const OPINION = /عجب|مهتم|ما ناسب|ما ناسبه|غاليه|غالي|liked|loved|interested|too expensive|not for (him|her)/u;

/** Another request in the middle of a step: let the pipeline answer it instead. */
export function isOtherRequest(ctx: TurnContext): boolean {
  const intent = ctx.parsed?.intent;
  return Boolean(intent && !['unknown', 'select', 'confirm', 'deny'].includes(intent));
}

const MOVE_WORDS =
  /(^|[^\p{L}])(اجلت|اجلنا|اجل|اجلها|اجله|تاجيل|اخرت|اخرنا|اخرها|قدمت|قدمنا|قدمها|نقلت|نقلنا|انقل|انقلها|غيرت|غيرنا|اغير|اغيرها|نغير|نغيرها|غيرها|غير موعد|نخليها|خليها|نخليه|خليه|خله|خلها|خلوه|خلوها|نخله|حطه|حطها|نحطه|نحطها|حوله|حولها|نحوله|نحولها|رجعه|رجعها|بدالها|بداله|بدالة|بدلها|move|moved|reschedule|rescheduled|postpone|postponed|push|make it|change it)(?=[^\p{L}]|$)/u;

/** "أجلت موعد عمر…", "ممكن نخليها الخميس بدالها؟", "can we move it": moving a viewing, not a new one. */
export function saysMove(text: string): boolean {
  return MOVE_WORDS.test(foldForSearch(text));
}

const STATUS =
  /(وش|ايش|وين|متي)\s*(صار|وصل|صارت|وصلت|الاخبار|اخبار|سويتوا)\s*(علي|على|عن|ب|في|مع|بـ)?\s*(ال)?(طلبي|طلب|موعدي|معاينتي|حجزي)|(طلبي|حجزي)\s*(وين|وش صار)|متي\s*(ال)?(موعدي|معاينتي|موعد المعاينه|المعاينه|موعدنا)|(وش|ايش)\s*(موعدي|مواعيدي)|(any )?(update|news|status)\s+(on|of|about)\s+my\s+(request|viewing|booking)|what happened (to|with) my (request|viewing|booking)|when is my (viewing|appointment|booking)/u;

/** «قدمه», "earlier", "bring it forward": a move to an earlier time. */
const EARLIER =
  /(^|[^\p{L}])(قبل|قدم|قدمت|قدمنا|قدمه|قدمها|نقدم|نقدمه|نقدمها|اقدم|اقدمه|اقدمها|earlier|forward|sooner|before)(?=[^\p{L}]|$)/u;

/**
 * «أجل موعد سلطان ساعة», «أخرها نص ساعة», «قدمه ربع ساعة», "push it back an hour", "move it 30 minutes
 * earlier": by how many minutes a viewing moves from its own time (negative: earlier); undefined when
 * the message names no such span. Pure.
 */
export function shiftOf(text: string): number | undefined {
  const s = toAsciiDigits(foldForSearch(text));
  const minutes = SPANS.map(([pattern, of]) => {
    const m = s.match(pattern);
    return m ? of(m) : undefined;
  }).find((x) => x !== undefined);
  if (minutes === undefined || minutes <= 0 || minutes > 12 * 60) return undefined;
  return EARLIER.test(s) ? -minutes : minutes;
}

/** Spans of time, the longest reading first: «ساعة ونص» before «ساعة». */
const SPANS: ReadonlyArray<[RegExp, (m: RegExpMatchArray) => number]> = [
  [/(^|[^\p{L}])ب?ساعه ونص(?=[^\p{L}]|$)|\b(an|one|1) hour and a half\b|\b1\.5 hours?\b/u, () => 90],
  [/(^|[^\p{L}])ب?ساعتين(?=[^\p{L}]|$)|\b(two|2) hours\b/u, () => 120],
  [/(^|[^\p{L}])ب?(نص|نصف) ساعه(?=[^\p{L}]|$)|\bhalf an hour\b/u, () => 30],
  [/(^|[^\p{L}])ب?ربع ساعه(?=[^\p{L}]|$)|\ba quarter of an hour\b/u, () => 15],
  [/(?:^|\s)(\d{1,3})\s*(?:دقيقه|دقايق|دقائق|min|mins|minutes?)(?=\s|$|[.!?؟])/u, (m) => Number(m[1])],
  [/(?:^|\s)(\d{1,2})\s*(?:ساعات|hours?)(?=\s|$|[.!?؟])/u, (m) => Number(m[1]) * 60],
  [/(^|[^\p{L}])(ساعه|بساعه)(?=[^\p{L}]|$)|\b(an|one) hour\b/u, () => 60],
];

/** «وش صار على طلبي؟», «متى معاينتي؟», "any update on my request": a client asking where things stand. */
export function asksStatus(text: string): boolean {
  return STATUS.test(foldForSearch(text).replace(/[ى]/gu, 'ي'));
}

const MORNING = new Set(['am', 'ص', 'الصبح', 'الصباح']);
const AFTER_HOUR =
  /(?:^|\s)(?:after|from|بعد|من)\s+(?:الساعه\s+)?(\d{1,2})(?:[:.](\d{2}))?(?!\s*(?:ساع|دقي|يوم|ايام|اسبوع|اسابيع|شهر|غرف|متر|الف|hour|hr|min|day|week|month|bed|room|sqm|m2|k\b))\s*(am|pm|ص|م|الصبح|الصباح|العصر|المغرب|المسا|بالليل|الليل)?(?:\s*(?:to|till|until|الى|الي|لين|ل|-)\s*(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm|ص|م|الصبح|الصباح|العصر|المغرب|المسا|بالليل|الليل)?)?(?=\s|$|[؟?.!،,])/u;

/**
 * «اي وقت بعد ٦», "any time after 6pm", «من ٥ الى ٧»: a window of the day in local minutes [from, to);
 * an hour under 8 (or said pm, العصر, المغرب…) is in the afternoon, as viewings are. Pure.
 */
export function afterHourOf(text: string): { from: number; to: number } | undefined {
  const m = toAsciiDigits(foldForSearch(text)).match(AFTER_HOUR);
  if (!m) return undefined;
  const clock = (h: number, min: number, marker?: string) => {
    const hour = marker && MORNING.has(marker) ? h % 12 : h < 8 || (marker && h < 12) ? h + 12 : h;
    return hour * 60 + min;
  };
  // «من ٥ الى ٨ م»: a marker said once is the window's
  const from = clock(Number(m[1]), Number(m[2] ?? 0), m[3] ?? m[6]);
  if (from >= 24 * 60) return undefined;
  let to = m[4] ? clock(Number(m[4]), Number(m[5] ?? 0), m[6] ?? m[3]) : 24 * 60;
  if (to <= from && to + 12 * 60 > from) to += 12 * 60;
  return to > from && to <= 24 * 60 ? { from, to } : undefined;
}
