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

describe('a window of the day said while booking («اي وقت بعد ٦», "from 5 to 8pm")', () => {
  it('is read in local minutes, afternoon by default, and never from a span or a count', async () => {
    const { afterHourOf } = await import('../../../bot/features/viewings/viewings.parse.ts');
    expect(afterHourOf('any time after 6')).toEqual({ from: 18 * 60, to: 24 * 60 });
    expect(afterHourOf('اي وقت بعد ٧')).toEqual({ from: 19 * 60, to: 24 * 60 });
    expect(afterHourOf('from 5 to 8pm')).toEqual({ from: 17 * 60, to: 20 * 60 });
    expect(afterHourOf('من ٤ العصر الى ٦')).toEqual({ from: 16 * 60, to: 18 * 60 });
    expect(afterHourOf('بعد ١٠ الصبح')).toEqual({ from: 10 * 60, to: 24 * 60 });
    expect(afterHourOf('بعد ٣ ايام')).toBeUndefined();
    expect(afterHourOf('بعد ساعتين')).toBeUndefined();
    expect(afterHourOf('from 3 bedrooms')).toBeUndefined();
  });
});
