// What a broker says about a task without a parser intent for it: a snooze («أجلها لبكرة», «أجل المهمة
// ٢ لبكرة», «أخرها ساعتين», "snooze it to tomorrow", "postpone task 2 to Sunday") and a bare «تم» /
// "done" right after a task's reminder. Pure: text (and the parser's reading) in, facts out; what "it"
// is, is decided by the handler (tasks.snooze.ts) from the chat's last reminder.
import { normalizeArabic, type ParseResult } from '../../language/index.ts';
import { bareHourOf } from '../shared/helpers.ts';

/** Which task a snooze is about. */
export type SnoozeTarget =
  /** "it", or nothing named: the task of the reminder just received */
  | { kind: 'it' }
  /** a number of the last «مهامي» list */
  | { kind: 'ref'; n: number }
  /** words of its title («مهمة البنك», "the bank task") */
  | { kind: 'name'; words: string[] };

/** To when: minutes from now, an exact time, or a day (the task keeps its time of day). */
export type SnoozeWhen =
  | { kind: 'in'; minutes: number }
  /** timeOnly: a time of day and no day («للساعة ١١», "to 11am"): the task's own day keeps */
  | { kind: 'at'; dueAt: Date; timeOnly?: boolean }
  | { kind: 'day'; date: string }
  /** «لا خليه ٨», "make it 6:30": an hour alone, on the task's own day and half of it */
  | { kind: 'hour'; hour: number; minute: number };

/** Words that name a day (folded letters): without one, a time said is a time of the task's own day. */
const NAMES_DAY =
  /(^|[^\p{L}])(اليوم|الليله|بكره|بكرا|بكرى|لبكره|لبكرا|غدا|للغد|بعد بكره|(ال|لل)?(احد|اثنين|ثلاثاء|اربعاء|خميس|جمعه|سبت))(?=[^\p{L}]|$)|\b(today|tonight|tomorrow|tmrw|tomorow|monday|tuesday|wednesday|thursday|friday|saturday|sunday|next)\b|\d+\s*\/\s*\d+/u;

export interface SnoozeAsk {
  target: SnoozeTarget;
  /** the message says task or reminder (مهمة, التذكير, task, reminder, a call): it is no viewing */
  taskWord: boolean;
  when?: SnoozeWhen;
}

const fold = (text: string) => normalizeArabic(text).toLowerCase();

/** Words that make it a viewing's move, never a task's: the viewings feature answers those. */
const APPOINTMENT_WORDS =
  /(^|[^\p{L}])(ال)?(موعد|موعده|موعدها|مواعيد|معاينه|معاينات|زياره|اجتماع|لقاء)(?=[^\p{L}]|$)|\b(appointments?|viewings?|meetings?|visits?|showings?)\b/u;

const TASK_WORDS =
  /(^|[^\p{L}])(ال)?(مهمه|مهام|تذكير|منبه)(?=[^\p{L}]|$)|(^|[^\p{L}])(ال)?(اتصال|مكالمه|متابعه)(?=[^\p{L}]|$)|\b(task|tasks|todo|reminder|alarm|call|follow[\s-]?up)\b/u;

/**
 * A snooze verb at the start (after a polite word or two): «أجل/أجلها/أجله», «تأجيل», «أخرها/أخره»
 * (not «آخر», "last"), «ذكرني فيها/فيه … مرة ثانية», «خلها لـ…»; snooze, postpone, push (back), delay,
 * defer, "remind me again/later".
 */
const SNOOZE_VERB = new RegExp(
  [
    '^(?:(?:لا|طيب|طب|تمام|اوك|لو سمحت|ممكن|تكفى|يا ليت|ابيك|ابغاك|no|please|pls|can you|could you|sorry|oh)[,،]?\\s+){0,2}',
    '(?:',
    '(?:[وف])?(?:اجل|اجلها|اجله|اجليها|اجليه|اجلي|تاجيل|اخرها|اخره|اخريها|اخريه|انقل|انقلها|انقله|ذكرني (?:فيها|فيه|بها|به)|ذكرني (?:مره|مرة) (?:ثانيه|ثانية|ثاني)|خلها|خليها|خله|خليه)',
    '|snooze|postpone|push(?: it| this| that)? back|push|delay|defer|move|reschedule|remind me (?:again|later|about it)|(?:actually )?make it|change it',
    ')(?=\\s|$|[.,!؟?،])',
  ].join(''),
  'u',
);

/** «خلها/خليها» say snooze only with a time: «خلها لبكرة». */
const NEEDS_TIME =
  /^(?:(?:لا|طيب|طب|تمام|اوك|لو سمحت|ممكن|تكفى|no|please)[,،]?\s+){0,2}(?:خلها|خليها|خله|خليه|(?:actually )?make it|change it)/u;

const PRONOUN =
  /^(?:(?:لا|طيب|طب|تمام|اوك|لو سمحت|ممكن|تكفى|يا ليت|ابيك|ابغاك|no|please|pls|can you|could you)[,،]?\s+){0,2}(?:[وف])?(?:اجلها|اجله|اجليها|اجليه|اخرها|اخره|اخريها|اخريه|ذكرني (?:فيها|فيه|بها|به)|خلها|خليها|خله|خليه)(?=\s|$)|\b(?:it|this|that|this one|that one)\b/u;

/** Words of the message that name no task: verbs, task words, times, fillers. */
const NOT_SUBJECT = new Set(
  (
    'طيب|طب|تمام|اوك|لو|سمحت|ممكن|تكفى|يا|ليت|ابيك|ابغاك|اجل|اجلها|اجله|اجليها|اجلي|تاجيل|اخرها|اخره|ذكرني|فيها|فيه|بها|به|مره|مرة|ثانيه|ثانية|ثاني|' +
    'خلها|خليها|خله|خليه|مهمه|المهمه|مهمة|المهمة|مهام|تذكير|التذكير|رقم|الى|إلى|لين|حتى|على|عن|من|في|ل|لل|و|' +
    'اليوم|بكره|لبكره|بكرا|لبكرا|غدا|للغد|بعد|بكرة|لبكرة|الجاي|الجايه|القادم|القادمه|الاسبوع|لاسبوع|الساعه|ساعه|ساعتين|ساعات|' +
    'دقيقه|دقايق|دقائق|نص|نصف|ربع|يوم|يومين|ايام|الصبح|الصباح|العصر|الظهر|المغرب|المسا|المساء|العشا|الليل|' +
    'الاحد|الاثنين|الثلاثاء|الاربعاء|الخميس|الجمعه|السبت|للاحد|للاثنين|للثلاثاء|للاربعاء|للخميس|للجمعه|للسبت|' +
    'please|pls|can|could|you|snooze|postpone|push|back|delay|defer|move|reschedule|remind|me|again|later|about|it|this|that|one|the|my|with|' +
    'انقل|انقلها|انقله|مع|' +
    'task|reminder|number|to|till|until|for|by|in|on|at|an|a|of|hour|hours|minute|minutes|min|mins|day|days|' +
    'today|tomorrow|tonight|next|week|morning|afternoon|evening|night|am|pm|half|' +
    'sunday|monday|tuesday|wednesday|thursday|friday|saturday'
  ).split('|'),
);

/** Minutes from now a duration says: «ساعتين», «٣ ساعات», «نص ساعة», «ربع ساعة», «٢٠ دقيقة», "2 hours", "an hour". */
export function durationMinutes(text: string): number | undefined {
  const f = fold(text);
  let m = f.match(/(\d+(?:\.\d+)?)\s*(ساعه|ساعات|hours?|hrs?)(?=[^\p{L}]|$)/u);
  if (m) return Math.round(Number(m[1]) * 60);
  m = f.match(/(\d+)\s*(دقيقه|دقايق|دقائق|minutes?|mins?)(?=[^\p{L}]|$)/u);
  if (m) return Number(m[1]);
  m = f.match(/(\d+)\s*(يوم|ايام|days?)(?=[^\p{L}]|$)/u);
  if (m) return Number(m[1]) * 1440;
  m = f.match(/(\d+)\s*(اسبوع|اسابيع|weeks?)(?=[^\p{L}]|$)/u);
  if (m) return Number(m[1]) * 7 * 1440;
  if (/(^|[^\p{L}])ساعتين(?=[^\p{L}]|$)/u.test(f)) return 120;
  if (/(^|[^\p{L}])يومين(?=[^\p{L}]|$)/u.test(f)) return 2880;
  if (/(^|[^\p{L}])(نص|نصف) ساعه(?=[^\p{L}]|$)|\bhalf an? hour\b/u.test(f)) return 30;
  if (/(^|[^\p{L}])ربع ساعه(?=[^\p{L}]|$)|\ba quarter of an hour\b/u.test(f)) return 15;
  // «ساعة» alone (not «الساعة ٤», a time of day)
  if (/(^|[^\p{L}])ساعه(?=[^\p{L}]|$)|\b(an|one) hour\b/u.test(f)) return 60;
  if (/\b(a|one) day\b/u.test(f)) return 1440;
  // «اسبوع», «اسبوعين», "a week": the same time a week (two) from now
  if (/(^|[^\p{L}])(ل)?اسبوعين(?=[^\p{L}]|$)|\btwo weeks\b/u.test(f)) return 2 * 7 * 1440;
  if (/(^|[^\p{L}])(ل)?اسبوع(?=[^\p{L}]|$)|\b(a|one) week\b/u.test(f)) return 7 * 1440;
  return undefined;
}

/** When a snooze (or an answer to «لمتى؟») says: an exact time first, then a duration, then a day. */
export function snoozeWhen(text: string, parsed: Pick<ParseResult, 'entities'> | undefined): SnoozeWhen | undefined {
  const e = parsed?.entities ?? {};
  // «بعد ساعتين» is an exact time to the parser; «ساعتين» alone is a duration to us
  if (e.datetime) {
    const timeOnly = !NAMES_DAY.test(fold(text)) && !durationMinutes(text) && !/بعد|\bin \d/u.test(fold(text));
    return { kind: 'at', dueAt: new Date(e.datetime), ...(timeOnly ? { timeOnly } : {}) };
  }
  const minutes = durationMinutes(text);
  if (minutes) return { kind: 'in', minutes };
  if (e.date) return { kind: 'day', date: e.date };
  const bare = bareHourOf(fold(text));
  if (bare) return { kind: 'hour', ...bare };
  return undefined;
}

/** A number the message gives a task: «المهمة ٢», «مهمة رقم ٣», "task 2", «أجل ٢ لبكرة». */
function refOf(f: string): number | undefined {
  const m =
    f.match(/(?:مهمه|task|رقم|#|no\.?)\s*(?:رقم\s*|number\s*)?(\d{1,2})(?!\d)/u) ??
    f.match(
      /^(?:[^\d]*?)(?:اجل|تاجيل|اخر|snooze|postpone|push|delay|defer)\S*\s+(\d{1,2})(?!\d)(?!\s*(?:ساع|دقي|يوم|ايام|hour|hr|min|day))/u,
    );
  return m ? Number(m[1]) : undefined;
}

/**
 * Reads a snooze: null when the message is no snooze of a task (no snooze verb, or a viewing's words:
 * «أجل موعد خالد» is the viewings feature's).
 */
export function readSnooze(text: string, parsed: Pick<ParseResult, 'entities'> | undefined): SnoozeAsk | null {
  const f = fold(text);
  if (!SNOOZE_VERB.test(f) || APPOINTMENT_WORDS.test(f)) return null;
  const when = snoozeWhen(text, parsed);
  if (NEEDS_TIME.test(f) && !when) return null;
  const taskWord = TASK_WORDS.test(f);
  const n = refOf(f);
  if (n) return { target: { kind: 'ref', n }, taskWord, when };
  const words = f
    .split(/[\s,،.:!؟?]+/u)
    .map((w) => w.replace(/^(ال|بال|وال|لل|ل)(?=\p{L}{3})/u, ''))
    .filter((w) => w.length >= 2 && !/\d/.test(w) && !NOT_SUBJECT.has(w) && !NOT_SUBJECT.has(`ال${w}`));
  if (!PRONOUN.test(f) && words.length) return { target: { kind: 'name', words }, taskWord, when };
  return { target: { kind: 'it' }, taskWord, when };
}

/** A bare «تم» / «خلصت» / "done" (nothing named): about the task of the reminder just received. */
export function saysDoneIt(text: string): boolean {
  const f = fold(text)
    .replace(/\p{Extended_Pictographic}|\uFE0F|[.!،,]/gu, ' ')
    .trim();
  return /^(?:تم|تمت|خلاص تم|خلصت|خلصتها|خلصته|سويتها|سويته|انتهيت|انجزتها|انجزته|تم الله يعطيك العافيه|done|done it|did it|finished|finished it|completed|all done)$/u.test(
    f,
  );
}

const foldTitle = (x: string) => normalizeArabic(x).toLowerCase();

/** Open tasks whose title holds the most of these words (a leading ب/و/ل of a word may go). */
export function byWords<T extends { title: string }>(tasks: T[], words: string[]): T[] {
  const scored = tasks.map((task) => {
    const title = foldTitle(task.title);
    const hits = words.filter((w) => title.includes(w) || (w.length > 3 && title.includes(w.replace(/^[بول]/u, ''))));
    return { task, hits: hits.length };
  });
  const best = Math.max(0, ...scored.map((s) => s.hits));
  return best === 0 ? [] : scored.filter((s) => s.hits === best).map((s) => s.task);
}
