// «ذكرني كل يوم الساعة ٨ …», «كل خميس ٤ العصر …», "every Sunday at 9 …": what a repeat said in a
// reminder means (its period, and the weekday when one is named) and when it first comes.
import { TZDate } from '@date-fns/tz';
import { addDays } from 'date-fns';
import { nextOccurrence, type Repeat } from '../../../core/tasks/repeat.ts';

/** The words of a repeat, wherever they stand in the message. */
export const REPEAT =
  /(^|\s)(كل\s+(يوم|صباح|اسبوع|أسبوع|شهر|جمعه|جمعة|سبت|احد|أحد|اثنين|إثنين|ثلاثاء|ثلاثا|اربعاء|أربعاء|اربعا|خميس)|يوميا|يومياً|اسبوعيا|اسبوعياً|أسبوعياً|شهريا|شهرياً)(?=\s|$)|\b(every\s+(day|morning|week|month|monday|tuesday|wednesday|thursday|friday|saturday|sunday)|daily|weekly|monthly)\b/iu;

const WEEKDAYS: Record<string, number> = {
  احد: 0,
  أحد: 0,
  sunday: 0,
  اثنين: 1,
  إثنين: 1,
  monday: 1,
  ثلاثاء: 2,
  ثلاثا: 2,
  tuesday: 2,
  اربعاء: 3,
  أربعاء: 3,
  اربعا: 3,
  wednesday: 3,
  خميس: 4,
  thursday: 4,
  جمعه: 5,
  جمعة: 5,
  friday: 5,
  سبت: 6,
  saturday: 6,
};

export interface SaidRepeat {
  repeat: Repeat;
  /** «كل خميس», "every Thursday": the day it comes on (0 = Sunday) */
  weekday?: number;
}

/** What may follow «كل أحد» when it is Sunday: a time, or nothing («كل أحد من العملاء» is everyone). */
const SUNDAY_THEN = /^\s*($|الساع[ةه]|الصبح|الصباح|الظهر|العصر|المغرب|العشا|العشاء|الليل|بالليل|[\d٠-٩])/u;

/** The repeat a message asks for; undefined when it asks for none. Pure. */
export function readRepeat(text: string): SaidRepeat | undefined {
  const m = REPEAT.exec(text);
  const said = m?.[0]?.trim().toLowerCase();
  if (!m || !said) return undefined;
  const word = said.split(/\s+/u).at(-1) ?? '';
  if ((word === 'احد' || word === 'أحد') && !SUNDAY_THEN.test(text.slice(m.index + m[0].length))) return undefined;
  const weekday = WEEKDAYS[word];
  if (weekday !== undefined) return { repeat: 'weekly', weekday };
  if (/شهر|month/u.test(said)) return { repeat: 'monthly' };
  if (/اسبوع|أسبوع|week/u.test(said)) return { repeat: 'weekly' };
  return { repeat: 'daily' };
}

/**
 * The message with its repeat words blanked out (spaces of the same length, so that the parser's spans
 * still fit): what is left is the task and its time.
 */
export function withoutRepeat(text: string): string {
  const m = REPEAT.exec(text);
  if (!m) return text;
  return `${text.slice(0, m.index)}${' '.repeat(m[0].length)}${text.slice(m.index + m[0].length)}`;
}

/**
 * The first time of a repeating reminder whose time was read as `dueAt`: on the weekday named (the
 * time kept), and never in the past (a daily «الساعة ٨» said at ten starts tomorrow at eight).
 */
export function firstTime(dueAt: Date, said: SaidRepeat, now: Date, tz: string): Date {
  let first = new TZDate(dueAt.getTime(), tz);
  if (said.weekday !== undefined) {
    const ahead = (said.weekday - first.getDay() + 7) % 7;
    if (ahead) first = addDays(first, ahead);
  }
  const at = new Date(first.getTime());
  return at.getTime() > now.getTime() ? at : nextOccurrence(at, said.repeat, now, tz);
}
