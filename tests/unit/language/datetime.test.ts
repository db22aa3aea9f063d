import { describe, expect, it } from 'vitest';
import { civilFromDays, daysFromCivil, hourRule, makeClock, weekday } from '../../../bot/language/calendar.ts';
import { extractDateTime } from '../../../bot/language/datetime.ts';
import { parse } from '../../../bot/language/index.ts';
import { tokenize } from '../../../bot/language/normalize.ts';

const THU = '2026-11-19T14:00:00+03:00'; // a Thursday
function dt(text: string, now = THU, tz?: string): { date?: string; datetime?: string; period?: string } {
  const toks = tokenize(text);
  return extractDateTime(toks, new Uint8Array(toks.length), makeClock(new Date(now), tz));
}
const at = (s: string): string => `${s}:00+03:00`;

describe('calendar arithmetic', () => {
  it('converts days and dates both ways and knows weekdays', () => {
    for (const [y, m, d] of [
      [1970, 1, 1],
      [2026, 11, 19],
      [2028, 2, 29],
      [2000, 3, 1],
      [1969, 12, 31],
    ] as const) {
      expect(civilFromDays(daysFromCivil(y, m, d))).toEqual([y, m, d]);
    }
    expect(weekday(daysFromCivil(2026, 11, 19))).toBe(4);
    expect(weekday(daysFromCivil(2026, 11, 22))).toBe(0);
  });
});

describe('days', () => {
  it.each([
    ['اليوم', '2026-11-19'],
    ['today', '2026-11-19'],
    ['بكرة', '2026-11-20'],
    ['بكره', '2026-11-20'],
    ['باكر', '2026-11-20'],
    ['غداً', '2026-11-20'],
    ['tomorrow', '2026-11-20'],
    ['بعد بكرة', '2026-11-21'],
    ['the day after tomorrow', '2026-11-21'],
    ['أمس', '2026-11-18'],
    ['yesterday', '2026-11-18'],
  ])('%s → %s', (text, date) => {
    expect(dt(text)).toEqual({ date });
  });

  it('a weekday is its next occurrence strictly after today, with or without الجاي/next', () => {
    expect(dt('الأحد')).toEqual({ date: '2026-11-22' });
    expect(dt('يوم السبت')).toEqual({ date: '2026-11-21' });
    expect(dt('الخميس')).toEqual({ date: '2026-11-26' }); // today is Thursday: next week's
    expect(dt('الخميس الجاي')).toEqual({ date: '2026-11-26' });
    expect(dt('الأربعاء القادم')).toEqual({ date: '2026-11-25' });
    expect(dt('يوم اثنين')).toEqual({ date: '2026-11-23' });
    expect(dt('Monday')).toEqual({ date: '2026-11-23' });
    expect(dt('next Friday')).toEqual({ date: '2026-11-20' });
    expect(dt('this Sunday')).toEqual({ date: '2026-11-22' });
  });

  it('"الأحد الأسبوع الجاي" / "Sunday next week" is that day in next week (Sunday to Saturday)', () => {
    expect(dt('الأحد الأسبوع الجاي')).toEqual({ date: '2026-11-22' });
    expect(dt('السبت الأسبوع الجاي')).toEqual({ date: '2026-11-28' });
    expect(dt('Friday next week')).toEqual({ date: '2026-11-27' });
    // on a Sunday, next week's Sunday is seven days ahead
    expect(dt('الأحد الأسبوع القادم', '2026-11-22T10:00:00+03:00')).toEqual({ date: '2026-11-29' });
  });

  it('day/month dates: the next such date on or after today', () => {
    expect(dt('25/11')).toEqual({ date: '2026-11-25' });
    expect(dt('19/11')).toEqual({ date: '2026-11-19' });
    expect(dt('18/11')).toEqual({ date: '2027-11-18' });
    expect(dt('٢٨/١١')).toEqual({ date: '2026-11-28' });
    expect(dt('5/1/2027')).toEqual({ date: '2027-01-05' });
    expect(dt('2027-03-04')).toEqual({ date: '2027-03-04' });
    expect(dt('٢٥ نوفمبر')).toEqual({ date: '2026-11-25' });
    expect(dt('November 25')).toEqual({ date: '2026-11-25' });
    expect(dt('25th of December')).toEqual({ date: '2026-12-25' });
    expect(dt('on the 3rd of January')).toEqual({ date: '2027-01-03' });
    expect(dt('٣ يناير ٢٠٢٨')).toEqual({ date: '2028-01-03' });
    expect(dt('٢٩ فبراير')).toEqual({ date: '2028-02-29' });
    expect(dt('31/2')).toEqual({});
  });

  it('Levantine month names', () => {
    expect(dt('١ كانون الثاني')).toEqual({ date: '2027-01-01' });
    expect(dt('١٤ شباط')).toEqual({ date: '2027-02-14' });
    expect(dt('٢ آذار')).toEqual({ date: '2027-03-02' });
    expect(dt('١٠ نيسان')).toEqual({ date: '2027-04-10' });
    expect(dt('١ أيار')).toEqual({ date: '2027-05-01' });
    expect(dt('٥ حزيران')).toEqual({ date: '2027-06-05' });
    expect(dt('٧ تموز')).toEqual({ date: '2027-07-07' });
    expect(dt('١٥ آب')).toEqual({ date: '2027-08-15' });
    expect(dt('٩ أيلول')).toEqual({ date: '2027-09-09' });
    expect(dt('٦ تشرين الأول')).toEqual({ date: '2027-10-06' });
    expect(dt('٢٠ تشرين الثاني')).toEqual({ date: '2026-11-20' });
    expect(dt('٢٥ كانون الأول')).toEqual({ date: '2026-12-25' });
  });

  it('relative days and day of the month', () => {
    expect(dt('بعد يومين')).toEqual({ date: '2026-11-21' });
    expect(dt('بعد ٣ أيام')).toEqual({ date: '2026-11-22' });
    expect(dt('بعد أسبوع')).toEqual({ date: '2026-11-26' });
    expect(dt('in 3 days')).toEqual({ date: '2026-11-22' });
    expect(dt('in a week')).toEqual({ date: '2026-11-26' });
    expect(dt('بعد شهر')).toEqual({ date: '2026-12-19' });
    expect(dt('يوم ٢٥')).toEqual({ date: '2026-11-25' });
    expect(dt('يوم ٥')).toEqual({ date: '2026-12-05' });
  });

  it('periods', () => {
    expect(dt('هالأسبوع')).toEqual({ period: 'this_week' });
    expect(dt('this week')).toEqual({ period: 'this_week' });
    expect(dt('الأسبوع الجاي')).toEqual({ period: 'next_week' });
    expect(dt('للأسبوع القادم')).toEqual({ period: 'next_week' });
    expect(dt('next week')).toEqual({ period: 'next_week' });
    expect(dt('هالشهر')).toEqual({ period: 'this_month' });
    expect(dt('this month')).toEqual({ period: 'this_month' });
    expect(dt('الشهر الماضي')).toEqual({ period: 'last_month' });
    expect(dt('last month')).toEqual({ period: 'last_month' });
    expect(dt('الأسبوع الماضي')).toEqual({});
  });
});

describe('clock times', () => {
  it.each([
    ['بكرة الساعة ٤:٣٠', '2026-11-20T16:30'],
    ['بكرة 16:00', '2026-11-20T16:00'],
    ['بكرة الساعة ٤ ونص', '2026-11-20T16:30'],
    ['بكرة الساعة ٤ وربع', '2026-11-20T16:15'],
    ['بكرة الساعة ٥ الا ربع', '2026-11-20T16:45'],
    ['بكرة الساعة ٥ إلا ربع', '2026-11-20T16:45'],
    ['tomorrow 4pm', '2026-11-20T16:00'],
    ['tomorrow at 4:30 pm', '2026-11-20T16:30'],
    ['tomorrow at 9am', '2026-11-20T09:00'],
    ['بكرة ١٠ الصبح', '2026-11-20T10:00'],
    ['بكرة ٩ صباحاً', '2026-11-20T09:00'],
    ['بكرة ٨ مساءً', '2026-11-20T20:00'],
    ['بكرة ٤ العصر', '2026-11-20T16:00'],
    ['بكرة ٦ المغرب', '2026-11-20T18:00'],
    ['بكرة ٨ العشاء', '2026-11-20T20:00'],
    ['بكرة ١٠ بالليل', '2026-11-20T22:00'],
    ['بكرة ١ الظهر', '2026-11-20T13:00'],
    ['بكرة ١٢ الظهر', '2026-11-20T12:00'],
    ['بكرة الساعة ٣ م', '2026-11-20T15:00'],
    ['بكرة الساعة ١٠ ص', '2026-11-20T10:00'],
    ['بكرة الساعة خمسة', '2026-11-20T17:00'],
    ['بكرة الساعة عشر ونص', '2026-11-20T10:30'],
    ['الأحد الساعة ١٠', '2026-11-22T10:00'],
    ['الأحد الساعة ٩', '2026-11-22T09:00'],
    ['الأحد الساعة ٧', '2026-11-22T19:00'],
    ['الأحد الساعة ١٢', '2026-11-22T12:00'],
  ])('%s → %s', (text, want) => {
    expect(dt(text)).toEqual({ datetime: at(want) });
  });

  it('hour rule: no day given, now before, at and after the hour', () => {
    expect(dt('الساعة ٩', '2026-11-19T08:30:00+03:00')).toEqual({ datetime: at('2026-11-19T09:00') });
    expect(dt('الساعة ٩', '2026-11-19T09:00:00+03:00')).toEqual({ datetime: at('2026-11-19T21:00') });
    expect(dt('الساعة ٩', '2026-11-19T09:00:30+03:00')).toEqual({ datetime: at('2026-11-19T21:00') });
    expect(dt('الساعة ٩', '2026-11-19T21:00:00+03:00')).toEqual({ datetime: at('2026-11-20T09:00') });
    expect(dt('الساعة ٩', '2026-11-19T21:30:00+03:00')).toEqual({ datetime: at('2026-11-20T09:00') });
    expect(dt('الساعة ١٠', THU)).toEqual({ datetime: at('2026-11-20T10:00') });
    expect(dt('الساعة ٥', THU)).toEqual({ datetime: at('2026-11-19T17:00') });
    expect(dt('at 9', THU)).toEqual({ datetime: at('2026-11-19T21:00') });
  });

  it('hour rule: today given', () => {
    expect(dt('اليوم الساعة ٥', THU)).toEqual({ datetime: at('2026-11-19T17:00') });
    expect(dt('اليوم الساعة ٩', THU)).toEqual({ datetime: at('2026-11-19T21:00') });
    // nothing left today: the latest kept (documented choice)
    expect(dt('اليوم الساعة ١٠', THU)).toEqual({ datetime: at('2026-11-19T10:00') });
  });

  it('hour rule: tomorrow and a weekday equal to today', () => {
    expect(dt('بكرة الساعة ٥', THU)).toEqual({ datetime: at('2026-11-20T17:00') });
    expect(dt('بكرة الساعة ٩', THU)).toEqual({ datetime: at('2026-11-20T09:00') });
    expect(dt('بكرة الساعة ١١', THU)).toEqual({ datetime: at('2026-11-20T11:00') });
    // today is Thursday: "الخميس" is next Thursday, and the earliest kept hour there
    expect(dt('الخميس الساعة ٩', THU)).toEqual({ datetime: at('2026-11-26T09:00') });
    expect(dt('الخميس الساعة ٣', THU)).toEqual({ datetime: at('2026-11-26T15:00') });
  });

  it('a qualified or 24-hour time with no day: today if ahead, else tomorrow', () => {
    expect(dt('٣ العصر', THU)).toEqual({ datetime: at('2026-11-19T15:00') });
    expect(dt('١٠ الصبح', THU)).toEqual({ datetime: at('2026-11-20T10:00') });
    expect(dt('13:30', THU)).toEqual({ datetime: at('2026-11-20T13:30') });
    expect(dt('15:00', THU)).toEqual({ datetime: at('2026-11-19T15:00') });
  });

  it('a part of the day alone', () => {
    expect(dt('الصبح', THU)).toEqual({ datetime: at('2026-11-20T09:00') });
    expect(dt('الظهر', THU)).toEqual({ datetime: at('2026-11-20T12:00') });
    expect(dt('بعد الظهر', THU)).toEqual({ datetime: at('2026-11-20T13:00') });
    expect(dt('العصر', THU)).toEqual({ datetime: at('2026-11-19T16:00') });
    expect(dt('بعد العصر', THU)).toEqual({ datetime: at('2026-11-19T16:00') });
    expect(dt('المغرب', THU)).toEqual({ datetime: at('2026-11-19T18:00') });
    expect(dt('المسا', THU)).toEqual({ datetime: at('2026-11-19T19:00') });
    expect(dt('بعد العشاء', THU)).toEqual({ datetime: at('2026-11-19T20:00') });
    expect(dt('الليلة', THU)).toEqual({ datetime: at('2026-11-19T21:00') });
    expect(dt('tonight', THU)).toEqual({ datetime: at('2026-11-19T21:00') });
    expect(dt('العصر', '2026-11-19T16:00:00+03:00')).toEqual({ datetime: at('2026-11-20T16:00') });
    expect(dt('بكرة الصبح', THU)).toEqual({ datetime: at('2026-11-20T09:00') });
    expect(dt('tomorrow afternoon', THU)).toEqual({ datetime: at('2026-11-20T16:00') });
    expect(dt('الخميس المسا', THU)).toEqual({ datetime: at('2026-11-26T19:00') });
  });

  it('greetings are not times', () => {
    expect(dt('صباح الخير')).toEqual({});
    expect(dt('مساء النور')).toEqual({});
    expect(dt('good morning')).toEqual({});
  });

  it('relative times, to the minute', () => {
    expect(dt('بعد ساعة', THU)).toEqual({ datetime: at('2026-11-19T15:00') });
    expect(dt('بعد ساعتين', THU)).toEqual({ datetime: at('2026-11-19T16:00') });
    expect(dt('بعد ٣ ساعات', THU)).toEqual({ datetime: at('2026-11-19T17:00') });
    expect(dt('بعد نص ساعة', THU)).toEqual({ datetime: at('2026-11-19T14:30') });
    expect(dt('بعد ربع ساعة', THU)).toEqual({ datetime: at('2026-11-19T14:15') });
    expect(dt('بعد ساعة ونص', THU)).toEqual({ datetime: at('2026-11-19T15:30') });
    expect(dt('بعد ١٠ دقايق', THU)).toEqual({ datetime: at('2026-11-19T14:10') });
    expect(dt('in 2 hours', THU)).toEqual({ datetime: at('2026-11-19T16:00') });
    expect(dt('in an hour', THU)).toEqual({ datetime: at('2026-11-19T15:00') });
    expect(dt('in half an hour', THU)).toEqual({ datetime: at('2026-11-19T14:30') });
    expect(dt('in 45 minutes', THU)).toEqual({ datetime: at('2026-11-19T14:45') });
    expect(dt('بعد ساعتين', '2026-11-19T23:10:59+03:00')).toEqual({ datetime: at('2026-11-20T01:10') });
  });

  it('the hour rule works in another time zone too', () => {
    expect(dt('tomorrow at 5', '2026-07-01T10:00:00+02:00', 'Europe/Berlin')).toEqual({
      datetime: '2026-07-02T17:00:00+02:00',
    });
  });

  it('hourRule directly', () => {
    const c = makeClock(new Date(THU), 'Asia/Riyadh');
    expect(hourRule(c, 3, 0, undefined, undefined)).toEqual({ day: c.today, minute: 15 * 60 });
    // at the hour: 14:00 is not after now (14:00), so tomorrow's 14:00
    expect(hourRule(c, 2, 0, undefined, undefined)).toEqual({ day: c.today + 1, minute: 14 * 60 });
    expect(hourRule(c, 2, 0, undefined, c.today + 1)).toEqual({ day: c.today + 1, minute: 14 * 60 });
    expect(hourRule(c, 8, 0, undefined, c.today + 1)).toEqual({ day: c.today + 1, minute: 8 * 60 });
    expect(hourRule(c, 12, 0, 'am', c.today + 1)).toEqual({ day: c.today + 1, minute: 0 });
  });
});

describe('dates and times in parse results', () => {
  const now = new Date(THU);
  it('gives datetime when a time is given or implied, date when only a day', () => {
    expect(parse('وش مواعيدي بكرة؟', { now }).entities).toEqual({ date: '2026-11-20' });
    expect(parse('احجز معاينة مع أحمد بكرة الساعة ٥', { now }).entities.datetime).toBe(at('2026-11-20T17:00'));
    expect(parse('أجل موعد خالد للخميس نفس الوقت', { now }).entities.date).toBe('2026-11-26');
  });
});

describe('a lower-case day abbreviation', () => {
  it('is a day before a time of day ("sat evening", "wed 5pm"), and not in "I sat there"', () => {
    // THU is Thursday 19 November 2026: Saturday is the 21st, Wednesday the 25th
    expect(dt('can I see it sat evening').datetime?.slice(0, 10)).toBe('2026-11-21');
    expect(dt('wed 5pm works').datetime).toBe(at('2026-11-25T17:00'));
    expect(dt('I sat with him for an hour')).toEqual({});
  });
});

describe('a day refused is not the day asked for', () => {
  it('takes the other day of «ما اقدر بكرة، ممكن الخميس؟» and "can\'t do tomorrow, how about Sunday?"', () => {
    // THU is Thursday 19 November: the next Thursday is the 26th, Sunday the 22nd
    expect(dt('اسف ما اقدر بكره، ممكن نخليها الخميس؟').date).toBe('2026-11-26');
    expect(dt('مو فاضي بكرة، السبت احسن').date).toBe('2026-11-21');
    expect(dt("sorry I can't do tomorrow, how about sunday?").date).toBe('2026-11-22');
    expect(dt('i cannot make it tomorrow').date).toBeUndefined();
  });

  it('keeps a day that is not refused', () => {
    expect(dt('ذكرني بكرة').date).toBe('2026-11-20');
    expect(dt('ما عليه بكرة الساعة ٥').datetime).toBe(at('2026-11-20T17:00'));
  });
});
