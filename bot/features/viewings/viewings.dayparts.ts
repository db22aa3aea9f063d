// Parts of the day in a booking message, as windows of local time. The parser resolves "بكرة العصر" to
// a default instant (16:00), which is right for a reminder but wrong for a viewing: the client asked for
// "the afternoon", so the slots offered must be afternoon slots, not the ones nearest 16:00 (12:00 came
// first). A part of the day with no clock ("بكرة العصر", "after isha") is read here as a window; with a
// clock ("الساعة ٥ العصر") the part only says am/pm and the parser's instant stands.
import { toAsciiDigits } from '../../../core/shared/digits.ts';
import { foldForSearch } from '../../../core/shared/text.ts';

/** Local minutes `[from, to)` where an offered slot may start. */
export interface DayPart {
  from: number;
  to: number;
}

const H = 60;

// Folded spellings (ة → ه, أ → ا). The order matters: "بعد الظهر" before "الظهر", "بعد العشا" before
// any shorter match. Windows follow Riyadh's prayer times through the year, rounded to the hour grid
// (asr ≈ 15:00–15:30, maghrib ≈ 17:15–18:45, isha ≈ 18:45–20:15).
const PARTS: ReadonlyArray<[RegExp, DayPart]> = [
  [/بعد (ال)?(ظهر|ضهر)(يه)?|after ?noon|in the afternoon|this afternoon/u, { from: 13 * H, to: 17 * H }],
  [/(ال|بال)?عصر(يه|ا)?|بعد العصر|after asr/u, { from: 15 * H, to: 18 * H }],
  [/بعد (ال)?(عشا|عشاء)|after (isha|ishaa|esha)|(ال)?(عشا|عشاء)(?!\p{L})|isha/u, { from: 19 * H, to: 24 * H }],
  [/بعد (ال)?مغرب|after maghrib|(ال)?مغرب|maghrib|sunset/u, { from: 17 * H + 30, to: 19 * H + 30 }],
  [/(ال|بال)?(ظهر|ضهر)(يه|ا)?|noon|midday|lunch ?time/u, { from: 11 * H + 30, to: 14 * H }],
  [/(ال|بال|في ال)?(صبح|صباح)(ا)?|الضحي|ضحي|morning/u, { from: 6 * H, to: 12 * H }],
  [/(ال|بال)?(مسا|مساء)(ا)?|evening/u, { from: 17 * H, to: 22 * H }],
  [/(ال|بال)?ليل(ه|ا)?|tonight|at night|(?<!\p{L})night/u, { from: 19 * H + 30, to: 24 * H }],
];

/** Greetings that contain a part of the day and are not one ("صباح الخير", "good evening"). */
const GREETINGS = /(صباح|مسا|مساء) (الخير|النور|الورد)|good (morning|evening|afternoon|night)/gu;

/** The part of the day a message names, if any. */
export function dayPartOf(text: string): DayPart | undefined {
  const s = ` ${foldForSearch(toAsciiDigits(text)).replace(GREETINGS, ' ')} `;
  for (const [re, part] of PARTS) {
    const m = s.match(re);
    if (!m || m.index === undefined) continue;
    // A whole word (or a word with its clitic): "المغرب" the prayer, not "المغربي".
    const before = s[m.index - 1] ?? ' ';
    const after = s[m.index + m[0].length] ?? ' ';
    if (/\p{L}/u.test(after)) continue;
    if (/\p{L}/u.test(before) && !/[وب]/u.test(before)) continue;
    return part;
  }
  return undefined;
}

const PART_WORDS =
  '(ال|بال)?(صبح|صباح|عصر|عصريه|مغرب|مسا|مساء|ليل|عشا|عشاء|ظهر|ضهر)|am|pm|morning|afternoon|evening|tonight|at night';
const HOUR_WORDS =
  '(ال)?(واحده|وحده|ثنتين|اثنين|ثلاث|ثلاثه|اربع|اربعه|خمس|خمسه|ست|سته|سبع|سبعه|ثمان|ثمانيه|تسع|تسعه|عشر|عشره|احدعش|احدعشر|اطنعش|اثنعش|اثنعشر)|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve';

/**
 * Whether the message names a clock time ("الساعة ٥", "5pm", "٤ ونص", "الخميس ٥", "خمس العصر"), apart
 * from phones, listing numbers, amounts and dates.
 */
export function hasClock(text: string): boolean {
  const s = ` ${foldForSearch(toAsciiDigits(text))
    .replace(/\+?\d[\d\s-]{6,}\d/gu, ' ')
    .replace(/(عقار|العقار|رقم|#|property|listing|unit|no\.?)\s*#?\s*\d+/gu, ' ')
    .replace(/\d+\s*[/-]\s*\d+/gu, ' ')} `;
  if (/(^|[^\p{L}])(ال)?ساعه\s*\d|(^|\s)(at|@)\s*\d|\d\s*:\s*\d\d/u.test(s)) return true;
  const follows = `(?=\\s*(?:$|[؟?.!,،]|و?نص|وربع|الا|o'?clock|(?:${PART_WORDS})(?!\\p{L})))`;
  if (new RegExp(`(^|[^\\p{L}\\d.])\\d{1,2}\\s*(am|pm|ص|م)?${follows}`, 'u').test(s)) return true;
  return new RegExp(`(^|\\s)(${HOUR_WORDS})\\s+(${PART_WORDS})(?!\\p{L})`, 'u').test(s);
}

/** "اليوم", "today", "الحين": the message is about today. */
export function saysToday(text: string): boolean {
  return /(^|[^\p{L}])(اليوم|today|هاليوم)([^\p{L}]|$)/u.test(foldForSearch(text));
}
