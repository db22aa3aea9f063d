// By how much a viewing moves from its own time (bot/features/viewings/viewings.parse.ts shiftOf).
import { describe, expect, it } from 'vitest';
import { shiftOf } from '../../../bot/features/viewings/viewings.parse.ts';

describe('shiftOf', () => {
  it.each([
    ['اجل موعد سلطان ساعة', 60],
    ['أخرها ساعتين', 120],
    ['اخره نص ساعة', 30],
    ['ذكرني قبل الموعد بنص ساعة', -30],
    ['قدم موعد سلطان ربع ساعة', -15],
    ['أجله ساعة ونص', 90],
    ['أخره ٤٥ دقيقة', 45],
    ['push it back an hour', 60],
    ['move it 30 minutes earlier', -30],
    ['postpone by 2 hours', 120],
  ])('«%s» → %i minutes', (text, minutes) => {
    expect(shiftOf(text)).toBe(minutes);
  });

  it.each(['اجل موعد سلطان لبكرة', 'move it to thursday 5pm', 'الساعه ٧', 'أخره ٩٠٠ دقيقة'])(
    '«%s» names no span',
    (text) => {
      expect(shiftOf(text)).toBeUndefined();
    },
  );
});
