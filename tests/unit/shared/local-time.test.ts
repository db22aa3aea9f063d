import { describe, expect, it } from 'vitest';
import {
  addLocalDays,
  atLocalTime,
  dayNumberOf,
  localDateOf,
  localDateOfDayNumber,
  localDayNumberOf,
  startOfLocalDay,
  zoneOffsetMinutes,
} from '../../../core/shared/local-time.ts';

describe('local time', () => {
  it('gives the local date of an instant: late evening in UTC is already tomorrow in Riyadh', () => {
    const instant = new Date('2026-11-22T22:30:00Z');
    expect(localDateOf(instant, 'Asia/Riyadh')).toBe('2026-11-23');
    expect(localDateOf(instant, 'UTC')).toBe('2026-11-22');
    expect(localDateOf(instant, 'America/New_York')).toBe('2026-11-22');
  });

  it('counts day numbers from 1970-01-01 both ways', () => {
    expect(dayNumberOf('1970-01-01')).toBe(0);
    expect(dayNumberOf('2026-11-22')).toBe(20_779);
    expect(localDateOfDayNumber(20_779)).toBe('2026-11-22');
    expect(localDayNumberOf(new Date('2026-11-22T21:00:00Z'), 'Asia/Riyadh')).toBe(20_780);
  });

  it('adds calendar days across months and years', () => {
    expect(addLocalDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addLocalDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addLocalDays('2026-03-01', -1)).toBe('2026-02-28');
  });

  it('turns a local date and wall time into the instant: tomorrow at 10:00 in Riyadh', () => {
    const now = new Date('2026-11-22T23:30:00+03:00');
    const tomorrow = addLocalDays(localDateOf(now, 'Asia/Riyadh'), 1);
    expect(atLocalTime(tomorrow, 10, 0, 'Asia/Riyadh').toISOString()).toBe('2026-11-23T07:00:00.000Z');
    expect(startOfLocalDay('2026-11-23', 'Asia/Riyadh').toISOString()).toBe('2026-11-22T21:00:00.000Z');
  });

  it('follows daylight saving time where the zone has it', () => {
    // New York moves to summer time on 8 March 2026: that day is 23 hours long
    const from = startOfLocalDay('2026-03-08', 'America/New_York').getTime();
    const to = startOfLocalDay('2026-03-09', 'America/New_York').getTime();
    expect((to - from) / 3_600_000).toBe(23);
    expect(zoneOffsetMinutes('America/New_York', new Date('2026-01-15T12:00:00Z'))).toBe(-300);
    expect(zoneOffsetMinutes('America/New_York', new Date('2026-07-15T12:00:00Z'))).toBe(-240);
    expect(zoneOffsetMinutes('Asia/Riyadh', Date.UTC(2026, 6, 1))).toBe(180);
  });

  it('has no offset for a zone it does not know', () => {
    expect(zoneOffsetMinutes('Not/AZone', new Date(0))).toBeNaN();
  });
});
