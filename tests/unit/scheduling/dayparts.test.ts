// Issue 11, point 5 (times): parts of the day narrow the slots offered, noon is "12:00 pm", a time
// passed today is recognised, and a reminder fired after the viewing began is dropped or reworded.
import { describe, expect, it } from 'vitest';
import { dayPartOf, hasClock, saysToday } from '../../../bot/features/viewings/viewings.dayparts.ts';
import { renderReminder } from '../../../bot/jobs/reminders.job.ts';
import { formatDateTime, formatTime } from '../../../bot/render/format.ts';
import { computeSlots, slotsInWindow } from '../../../core/scheduling/slots.ts';

const TZ = 'Asia/Riyadh';
const hours = {
  0: [
    { start: '09:00', end: '13:00' },
    { start: '16:00', end: '21:00' },
  ],
  1: [
    { start: '09:00', end: '13:00' },
    { start: '16:00', end: '21:00' },
  ],
  2: [
    { start: '09:00', end: '13:00' },
    { start: '16:00', end: '21:00' },
  ],
} as const;
const now = new Date('2026-12-13T07:00:00Z'); // Sunday 10:00 in Riyadh
const slots = computeSlots({
  timeZone: TZ,
  workingHours: hours,
  now,
  slotMinutes: 60,
  range: { start: now, days: 5 },
});
const local = (s: { start: Date }) => formatTime(s.start, 'en', TZ);

describe('parts of the day narrow the slots offered', () => {
  it('«بكرة العصر» offers afternoon slots first, never 12:00', () => {
    const part = dayPartOf('ابي اشوف العقار ٢ بكرة العصر')!;
    const offered = slotsInWindow(slots, part, '2026-12-14', 5, TZ);
    expect(offered.length).toBeGreaterThan(1);
    expect(offered.map(local)).not.toContain('12:00 pm');
    expect(local(offered[0]!)).toBe('4:00 pm');
    expect(offered[0]!.start.toISOString().slice(0, 10)).toBe('2026-12-14');
    expect(offered.every((s) => s.start >= new Date('2026-12-14T00:00:00+03:00'))).toBe(true);
  });

  it('after isha / بعد العشا / بالليل are evening windows; الصبح and morning are mornings', () => {
    for (const text of ['after isha on tuesday', 'بكرة بعد العشا', 'الخميس بالليل']) {
      const part = dayPartOf(text)!;
      expect(part.from).toBeGreaterThanOrEqual(19 * 60);
    }
    expect(dayPartOf('tomorrow morning')).toEqual({ from: 360, to: 720 });
    expect(dayPartOf('بكرة الصبح')).toEqual({ from: 360, to: 720 });
    expect(dayPartOf('بعد المغرب')!.from).toBe(17 * 60 + 30);
    expect(dayPartOf('بعد الظهر')!.from).toBe(13 * 60);
  });

  it('greetings and words that only contain a part are not parts of the day', () => {
    expect(dayPartOf('صباح الخير، عندكم شقق؟')).toBeUndefined();
    expect(dayPartOf('مطعم مغربي')).toBeUndefined();
  });

  it('a clock with the part keeps the exact time; a part alone has no clock', () => {
    expect(hasClock('بكرة الساعة ٥ العصر')).toBe(true);
    expect(hasClock('ابي اشوفها الخميس ٥')).toBe(true);
    expect(hasClock('خمس العصر')).toBe(true);
    expect(hasClock('ابي اشوف العقار ٢ بكرة العصر')).toBe(false);
    expect(hasClock('احجز معاينة مع سلمان 0551230000 على العقار ٢ بكرة بعد العشا')).toBe(false);
  });

  it('«اليوم» is told apart', () => {
    expect(saysToday('احجز اليوم الساعة ١٠ الصبح')).toBe(true);
    expect(saysToday('بكرة الساعة ١٠')).toBe(false);
  });
});

describe('English times', () => {
  it('noon is "12:00 pm", never "0:00 pm"', () => {
    const noon = new Date('2026-12-14T09:00:00Z');
    expect(formatTime(noon, 'en', TZ)).toBe('12:00 pm');
    expect(formatDateTime(noon, 'en', TZ)).toContain('12:00 pm');
    expect(formatTime(new Date('2026-12-13T21:00:00Z'), 'en', TZ)).toBe('12:00 am');
  });
});

describe('a reminder whose moment has passed', () => {
  const row = (offsetMinutes: number) => ({
    kind: 'appointment',
    task: null,
    payload: {
      appointmentId: 'a1',
      startsAt: '2026-12-14T14:00:00Z', // 17:00 Riyadh
      timeZone: TZ,
      role: 'client',
      offsetMinutes,
      propertyRef: 2,
    },
  });

  it('is dropped once the viewing began (the process was down)', () => {
    expect(renderReminder(row(120), 'ar', new Date('2026-12-14T14:20:00Z'))).toBeNull();
    expect(renderReminder(row(1440), 'en', new Date('2026-12-14T14:20:00Z'))).toBeNull();
  });

  it('fired late but before the start, says the time really left, never "in 2 hours"', () => {
    const m = renderReminder(row(120), 'ar', new Date('2026-12-14T13:30:00Z'))!;
    expect(m.text).not.toMatch(/ساعتين/);
    expect(m.text).toMatch(/بعد ٣٠ دقيقة/);
    const en = renderReminder(row(120), 'en', new Date('2026-12-14T13:30:00Z'))!;
    expect(en.text).toMatch(/in 30 minutes/);
  });

  it('the day-before reminder fired an hour before the start is dropped (the short one says it)', () => {
    expect(renderReminder(row(1440), 'ar', new Date('2026-12-14T13:00:00Z'))).toBeNull();
  });

  it('on time, keeps its wording', () => {
    const m = renderReminder(row(120), 'ar', new Date('2026-12-14T12:00:00Z'))!;
    expect(m.text).toMatch(/بعد ساعتين/);
  });
});

describe('a window with few free slots', () => {
  it('fills with the same day just after the window, then later days in it; never earlier', () => {
    const isha = slotsInWindow(slots, dayPartOf('بكرة بعد العشا')!, '2026-12-14', 5, TZ);
    expect(isha.map(local)).not.toContain('5:00 pm');
    expect(isha.map(local)).not.toContain('6:00 pm');
    const asr = slotsInWindow(slots, dayPartOf('بكرة العصر')!, '2026-12-14', 5, TZ);
    expect(asr.every((s) => s.start.toISOString().startsWith('2026-12-14'))).toBe(true);
    expect(asr.map(local)).not.toContain('12:00 pm');
  });
});
