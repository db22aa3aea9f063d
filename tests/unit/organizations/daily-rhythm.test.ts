// The daily rhythm's pure rules: office settings, when the morning digest is due, and quiet hours.
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_QUIET_HOURS,
  digestDueDate,
  quietUntil,
  rhythmSettings,
  weekdayOf,
} from '../../../core/notifications/daily-rhythm.ts';

const RIYADH = 'Asia/Riyadh';
const defaults = rhythmSettings({});

describe('rhythmSettings', () => {
  it('defaults: 08:00 every day but Friday, quiet 22:00–08:00, quiet leads after 14 days', () => {
    expect(defaults).toEqual({
      digest: { enabled: true, hour: 8, days: [0, 1, 2, 3, 4, 6] },
      quietHours: { start: 22 * 60, end: 8 * 60 },
      goneQuietDays: 14,
    });
  });

  it('reads the office keys, day names or numbers, and turns quiet hours off with false', () => {
    const s = rhythmSettings({
      digestEnabled: false,
      digestHour: 7,
      digestDays: ['Sun', 'fri', 6],
      quietHours: { start: '23:30', end: '7:00' },
      goneQuietDays: 30,
      viewingMinutes: 45,
    });
    expect(s).toEqual({
      digest: { enabled: false, hour: 7, days: [0, 5, 6] },
      quietHours: { start: 23 * 60 + 30, end: 7 * 60 },
      goneQuietDays: 30,
    });
    expect(rhythmSettings({ quietHours: false }).quietHours).toBeNull();
    expect(rhythmSettings({ quietHours: { start: '08:00', end: '08:00' } }).quietHours).toBeNull();
  });

  it('takes the default for each invalid value on its own', () => {
    const s = rhythmSettings({
      digestHour: 25,
      digestDays: ['someday'],
      quietHours: { start: '9pm' },
      goneQuietDays: 0,
    });
    expect(s).toEqual(defaults);
    expect(rhythmSettings(null)).toEqual(defaults);
    expect(rhythmSettings([1, 2])).toEqual(defaults);
  });
});

describe('digestDueDate', () => {
  it('is due from the digest hour, in the office zone, for an hour', () => {
    // Sunday 22 November 2026 in Riyadh (UTC+3)
    expect(weekdayOf('2026-11-22')).toBe(0);
    expect(digestDueDate(new Date('2026-11-22T07:59:59+03:00'), RIYADH, defaults)).toBeNull();
    expect(digestDueDate(new Date('2026-11-22T08:00:00+03:00'), RIYADH, defaults)).toBe('2026-11-22');
    expect(digestDueDate(new Date('2026-11-22T08:59:00+03:00'), RIYADH, defaults)).toBe('2026-11-22');
    // too late for a morning summary (Nova was down all morning)
    expect(digestDueDate(new Date('2026-11-22T09:00:00+03:00'), RIYADH, defaults)).toBeNull();
  });

  it('is not due on Friday by default, nor when the office turned it off', () => {
    expect(weekdayOf('2026-11-27')).toBe(5);
    expect(digestDueDate(new Date('2026-11-27T08:30:00+03:00'), RIYADH, defaults)).toBeNull();
    expect(digestDueDate(new Date('2026-11-28T08:30:00+03:00'), RIYADH, defaults)).toBe('2026-11-28');
    const off = rhythmSettings({ digestEnabled: false });
    expect(digestDueDate(new Date('2026-11-22T08:30:00+03:00'), RIYADH, off)).toBeNull();
  });

  it('uses the local date of the office zone, not UTC', () => {
    // 08:10 in Auckland on Monday 23 November is still Sunday in UTC
    const now = new Date('2026-11-22T19:10:00Z');
    expect(digestDueDate(now, 'Pacific/Auckland', defaults)).toBe('2026-11-23');
    expect(digestDueDate(now, RIYADH, defaults)).toBeNull();
  });
});

describe('quietUntil', () => {
  it('holds what is said first between 22:00 and 08:00 until 08:00, next morning or this one', () => {
    expect(quietUntil(new Date('2026-11-22T21:59:00+03:00'), RIYADH, DEFAULT_QUIET_HOURS)).toBeNull();
    expect(quietUntil(new Date('2026-11-22T22:00:00+03:00'), RIYADH, DEFAULT_QUIET_HOURS)).toEqual(
      new Date('2026-11-23T08:00:00+03:00'),
    );
    expect(quietUntil(new Date('2026-11-22T23:00:00+03:00'), RIYADH, DEFAULT_QUIET_HOURS)).toEqual(
      new Date('2026-11-23T08:00:00+03:00'),
    );
    expect(quietUntil(new Date('2026-11-23T03:15:00+03:00'), RIYADH, DEFAULT_QUIET_HOURS)).toEqual(
      new Date('2026-11-23T08:00:00+03:00'),
    );
    expect(quietUntil(new Date('2026-11-23T08:00:00+03:00'), RIYADH, DEFAULT_QUIET_HOURS)).toBeNull();
  });

  it('handles quiet hours that do not wrap midnight, and none', () => {
    const nap = { start: 13 * 60, end: 16 * 60 };
    expect(quietUntil(new Date('2026-11-22T14:00:00+03:00'), RIYADH, nap)).toEqual(
      new Date('2026-11-22T16:00:00+03:00'),
    );
    expect(quietUntil(new Date('2026-11-22T16:00:00+03:00'), RIYADH, nap)).toBeNull();
    expect(quietUntil(new Date('2026-11-22T23:00:00+03:00'), RIYADH, null)).toBeNull();
  });

  it('ends at 08:00 local time across a daylight-saving change', () => {
    // Berlin leaves summer time in the night of 25 October 2026 (03:00 CEST → 02:00 CET)
    const until = quietUntil(new Date('2026-10-24T23:00:00+02:00'), 'Europe/Berlin', DEFAULT_QUIET_HOURS);
    expect(until).toEqual(new Date('2026-10-25T08:00:00+01:00'));
  });
});
