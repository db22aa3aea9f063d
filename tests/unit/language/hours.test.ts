import { describe, expect, it } from 'vitest';
import { availabilityTopic, parseAvailabilityText } from '../../../bot/language/hours/hours.ts';
import { schedulingSettings } from '../../../core/scheduling/appointments.types.ts';
import { toWorkingHoursRow } from '../../../core/scheduling/working-hours.ts';

const NOW = new Date('2026-11-22T10:00:00+03:00'); // Sunday 22 November 2026 in Riyadh
const read = (text: string, now = NOW) => parseAvailabilityText(text, { now, timeZone: 'Asia/Riyadh' });
const command = (text: string, now = NOW) => {
  const parsed = read(text, now);
  expect(parsed?.ok, `${text} → ${JSON.stringify(parsed)}`).toBe(true);
  return parsed?.ok ? parsed.command : undefined;
};

describe('availabilityTopic', () => {
  it.each([
    ['إجازتي من ١ إلى ٥ ديسمبر', 'holiday'],
    ['عندي اجازة بكرة', 'holiday'],
    ['my holiday from 1 to 5 December', 'holiday'],
    ['day off tomorrow', 'holiday'],
    ['دوامي الخميس من ٤ إلى ٩', 'hours'],
    ['ساعات العمل يوم السبت من ٥ إلى ١٠', 'hours'],
    ['my working hours thursday from 4 to 9', 'hours'],
    ['ما أداوم السبت', 'day_off'],
    ['I don’t work on Saturdays', 'day_off'],
    ['إجازتي كل جمعة', 'day_off'],
    ['رابط التقويم', 'calendar_link'],
    ['ابي رابط تقويمي', 'calendar_link'],
    ['calendar link', 'calendar_link'],
    ['أبي أشوف العقار ٢ بكرة العصر', null],
    ['احجز معاينة مع أحمد بكرة الساعة ٥', null],
    ['مواعيدي', null],
  ])('%s → %s', (text, topic) => {
    expect(availabilityTopic(text)).toBe(topic);
  });
});

describe('working hours', () => {
  it('reads "دوامي الخميس من ٤ إلى ٩" as Thursday 16:00–21:00 (hours 1–11 without am/pm are afternoon)', () => {
    expect(command('دوامي الخميس من ٤ إلى ٩')).toEqual({
      kind: 'hours',
      weekdays: [4],
      intervals: [{ start: '16:00', end: '21:00' }],
    });
  });

  it('reads a range of days and two intervals (a break between them)', () => {
    expect(command('دوامي من الأحد إلى الخميس من ٩ إلى ١ ومن ٤ إلى ٩')).toEqual({
      kind: 'hours',
      weekdays: [0, 1, 2, 3, 4],
      intervals: [
        { start: '09:00', end: '13:00' },
        { start: '16:00', end: '21:00' },
      ],
    });
    expect(command('my working hours Sun-Thu 9am-1pm and 4pm-9pm')).toEqual({
      kind: 'hours',
      weekdays: [0, 1, 2, 3, 4],
      intervals: [
        { start: '09:00', end: '13:00' },
        { start: '16:00', end: '21:00' },
      ],
    });
  });

  it('wraps a range of days across the end of the week', () => {
    expect(command('دوامي من السبت إلى الأربعاء من ٤ إلى ١٠')).toMatchObject({ weekdays: [6, 0, 1, 2, 3] });
  });

  it.each([
    ['دوامي الخميس من ٤ إلى ٩', '16:00', '21:00'],
    ['دوامي الخميس من ١٠ إلى ١٢', '10:00', '12:00'], // would run backwards as evening: morning
    ['دوامي الخميس من ٩ إلى ١', '09:00', '13:00'],
    ['دوامي الخميس من ٤ إلى ١٢', '16:00', '24:00'], // an evening that ends at midnight
    ['دوامي الخميس من ٨ الصبح إلى ٢ الظهر', '08:00', '14:00'],
    ['دوامي الخميس من ٤ العصر إلى ١٢ الليل', '16:00', '24:00'],
    ['دوامي الخميس من ٩:٣٠ الى ١٢:٣٠', '09:30', '12:30'],
    ['دوامي الخميس من ٥ ونص إلى ٩', '17:30', '21:00'],
    ['دوامي الخميس من 16:00 إلى 21:00', '16:00', '21:00'],
    ['working hours thursday 4pm to 9pm', '16:00', '21:00'],
    ['working hours thursday 10am-6pm', '10:00', '18:00'],
  ])('%s → %s–%s', (text, start, end) => {
    expect(command(text)).toMatchObject({ intervals: [{ start, end }] });
  });

  it('leaves the days out when none are named (every day the broker works now)', () => {
    expect(command('دوامي من ٤ إلى ٩')).toEqual({ kind: 'hours', intervals: [{ start: '16:00', end: '21:00' }] });
  });

  it('reads every day and weekdays', () => {
    expect(command('دوامي كل يوم من ٥ إلى ١٠')).toMatchObject({ weekdays: [0, 1, 2, 3, 4, 5, 6] });
    expect(command('working hours weekdays 9am to 5pm')).toMatchObject({
      weekdays: [0, 1, 2, 3, 4],
      intervals: [{ start: '09:00', end: '17:00' }],
    });
  });

  it('says what is missing or wrong', () => {
    expect(read('دوامي الخميس')).toEqual({ ok: false, kind: 'hours', problem: 'NO_TIMES' });
    expect(read('دوامي الخميس من ٩ الليل إلى ٤ العصر')).toEqual({ ok: false, kind: 'hours', problem: 'BAD_TIMES' });
    expect(read('دوامي من ٩ إلى ١٢ ومن ١١ إلى ٩')).toEqual({ ok: false, kind: 'hours', problem: 'BAD_TIMES' });
  });

  it('reads a weekly day off', () => {
    expect(command('ما أداوم السبت')).toEqual({ kind: 'day_off', weekdays: [6] });
    expect(command('I don’t work on Saturdays')).toEqual({ kind: 'day_off', weekdays: [6] });
    expect(read('ما أداوم')).toEqual({ ok: false, kind: 'day_off', problem: 'NO_DAYS' });
  });

  it('turns intervals into a working_hours row (one break at most)', () => {
    expect(toWorkingHoursRow([{ start: '16:00', end: '21:00' }])).toEqual({
      startTime: '16:00',
      endTime: '21:00',
      breakStart: null,
      breakEnd: null,
    });
    expect(
      toWorkingHoursRow([
        { start: '09:00', end: '13:00' },
        { start: '16:00', end: '21:00' },
      ]),
    ).toEqual({ startTime: '09:00', endTime: '21:00', breakStart: '13:00', breakEnd: '16:00' });
  });
});

describe('holidays', () => {
  it.each([
    ['إجازتي من ١ إلى ٥ ديسمبر', '2026-12-01', '2026-12-05'],
    ['إجازتي من 1 الى 5 ديسمبر', '2026-12-01', '2026-12-05'],
    ['my holiday from 1 to 5 December', '2026-12-01', '2026-12-05'],
    ['holiday Dec 1-5', '2026-12-01', '2026-12-05'],
    ['عطلتي من ١ ديسمبر الى ٥ ديسمبر ٢٠٢٧', '2027-12-01', '2027-12-05'],
    ['إجازتي بكرة', '2026-11-23', '2026-11-23'],
    ['إجازة بعد بكرة', '2026-11-24', '2026-11-24'],
    ['day off tomorrow', '2026-11-23', '2026-11-23'],
    ['إجازتي الخميس', '2026-11-26', '2026-11-26'],
    ['إجازتي الأحد', '2026-11-22', '2026-11-22'], // today is Sunday: today
    ['إجازتي من بكرة إلى الخميس', '2026-11-23', '2026-11-26'],
    ['إجازتي من ٢٥ نوفمبر لمدة ٣ أيام', '2026-11-25', '2026-11-27'],
    ['vacation 2026-12-10 to 2026-12-12', '2026-12-10', '2026-12-12'],
  ])('%s → %s..%s', (text, from, to) => {
    expect(command(text)).toEqual({ kind: 'holiday', from, to });
  });

  it('takes the next occurrence of a date without a year', () => {
    expect(command('إجازتي ١٠ نوفمبر')).toEqual({ kind: 'holiday', from: '2027-11-10', to: '2027-11-10' });
    expect(command('إجازتي ٢٢ نوفمبر')).toEqual({ kind: 'holiday', from: '2026-11-22', to: '2026-11-22' });
  });

  it('crosses the new year', () => {
    expect(command('holiday Dec 28 - Jan 3')).toEqual({ kind: 'holiday', from: '2026-12-28', to: '2027-01-03' });
    expect(command('إجازتي من ٢٨ إلى ٣ يناير')).toEqual({ kind: 'holiday', from: '2026-12-28', to: '2027-01-03' });
    expect(command('vacation 28/12 to 3/1')).toEqual({ kind: 'holiday', from: '2026-12-28', to: '2027-01-03' });
  });

  it('uses the broker’s local date, not UTC', () => {
    // 23:30 in Riyadh on Sunday is still Sunday 20:30 UTC; 00:30 on Monday in Riyadh is Sunday 21:30 UTC.
    expect(command('إجازتي بكرة', new Date('2026-11-22T21:30:00Z'))).toEqual({
      kind: 'holiday',
      from: '2026-11-24',
      to: '2026-11-24',
    });
  });

  it('says what is missing or wrong', () => {
    expect(read('إجازتي')).toEqual({ ok: false, kind: 'holiday', problem: 'NO_DATES' });
    expect(read('إجازة ٣١ فبراير')).toEqual({ ok: false, kind: 'holiday', problem: 'BAD_DATES' });
  });

  it('is not about availability otherwise', () => {
    expect(read('أبي أشوف العقار ٢ بكرة العصر')).toBeNull();
    expect(read('رابط التقويم')).toBeNull();
  });
});

describe('organization scheduling settings', () => {
  it('defaults to reminders 24 h and 2 h before, one-hour viewings and an hour of notice', () => {
    expect(schedulingSettings({})).toEqual({
      reminderMinutes: [1440, 120],
      viewingMinutes: 60,
      stepMinutes: 60,
      bufferMinutes: 0,
      minimumNoticeMinutes: 60,
      horizonDays: 14,
    });
  });

  it('reads organizations.settings, ignoring invalid values key by key', () => {
    expect(
      schedulingSettings({
        appointmentReminderMinutes: [60, 1440, 60],
        viewingMinutes: 45,
        minimumNoticeMinutes: 'soon',
      }),
    ).toMatchObject({ reminderMinutes: [1440, 60], viewingMinutes: 45, stepMinutes: 45, minimumNoticeMinutes: 60 });
    expect(schedulingSettings({ appointmentReminderMinutes: [-5] }).reminderMinutes).toEqual([1440, 120]);
    expect(schedulingSettings(null).reminderMinutes).toEqual([1440, 120]);
    expect(schedulingSettings({ appointmentReminderMinutes: [] }).reminderMinutes).toEqual([]);
  });
});
