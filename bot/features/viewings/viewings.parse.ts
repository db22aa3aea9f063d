// Reading a viewings message: the property's reference number, the day or time asked for, and how a
// viewing went ("تمت المعاينة", "ما حضر للمعاينة", a comment, or a follow-up button).
import type { ViewingOutcome } from '../../../core/scheduling/appointments.types.ts';
import { toAsciiDigits } from '../../../core/shared/digits.ts';
import { foldForSearch } from '../../../core/shared/text.ts';
import type { TurnContext } from '../../engine/context.ts';
import type { When } from './viewings.dialog.ts';

const OUTCOME_CHOICE = /^outcome:([0-9a-f-]{36}):(done|no_show|note)$/;

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

export function whenOf(ctx: TurnContext): When | undefined {
  const e = ctx.parsed?.entities ?? {};
  if (e.datetime) return { at: new Date(e.datetime).toISOString() };
  if (e.date) return { day: e.date };
  return undefined;
}

export const requestedOf = (when?: When) => (when?.at ? new Date(when.at) : undefined);

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
  if (/(^|\s)(تمت|تم|خلصت|خلصنا|انتهت|done|completed|went well|finished)(\s|$|[:：])/u.test(text)) {
    return { outcome: 'completed', ...(note ? { note } : {}) };
  }
  if (/تعليق|comment/u.test(text)) return { outcome: 'note', ...(note ? { note } : {}) };
  return null;
}

/** Another request in the middle of a step: let the pipeline answer it instead. */
export function isOtherRequest(ctx: TurnContext): boolean {
  const intent = ctx.parsed?.intent;
  return Boolean(intent && !['unknown', 'select', 'confirm', 'deny'].includes(intent));
}
