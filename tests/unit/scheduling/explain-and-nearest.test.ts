import { describe, expect, it } from 'vitest';
import {
  type AvailabilityConfig,
  computeSlots,
  explainUnavailable,
  nearestSlots,
  type Slot,
} from '../../../core/scheduling/slots.ts';
import { DEMO_HOURS, RIYADH, riyadh, showRiyadh } from './fixtures/demo.ts';

const config = (overrides: Partial<AvailabilityConfig> = {}): AvailabilityConfig => ({
  timeZone: RIYADH,
  workingHours: DEMO_HOURS,
  holidays: [{ from: '2024-12-01', to: '2024-12-03', name: 'test holiday' }],
  overrides: [{ date: '2024-11-27', intervals: [] }],
  busy: [{ start: riyadh('2024-11-24', '10:00'), end: riyadh('2024-11-24', '11:00') }],
  bufferMinutes: 15,
  minimumNoticeMinutes: 60,
  now: riyadh('2024-11-23', '18:00'),
  slotMinutes: 30,
  ...overrides,
});
const why = (date: string, time: string, overrides?: Partial<AvailabilityConfig>) =>
  explainUnavailable(riyadh(date, time), config(overrides));

describe('explainUnavailable', () => {
  it('says PAST for a start before now', () => {
    expect(why('2024-11-23', '17:30')).toBe('PAST');
    expect(why('2024-11-22', '10:00')).toBe('PAST'); // a past Friday: PAST comes first
  });

  it('says NOTICE inside the minimum notice, and accepts a start right at now without notice', () => {
    expect(why('2024-11-23', '18:30')).toBe('NOTICE');
    expect(why('2024-11-23', '19:00')).toBeNull();
    expect(why('2024-11-23', '18:00', { minimumNoticeMinutes: 0 })).toBeNull();
  });

  it('says FRIDAY_OR_DAY_OFF on Friday and on a date an override closes', () => {
    expect(why('2024-11-29', '10:00')).toBe('FRIDAY_OR_DAY_OFF');
    expect(why('2024-11-29', '17:00')).toBe('FRIDAY_OR_DAY_OFF');
    expect(why('2024-11-27', '10:00')).toBe('FRIDAY_OR_DAY_OFF');
  });

  it('says HOLIDAY on any day of a holiday, unless an override opens it', () => {
    expect(why('2024-12-01', '10:00')).toBe('HOLIDAY');
    expect(why('2024-12-03', '17:00')).toBe('HOLIDAY');
    expect(why('2024-12-04', '10:00')).toBeNull();
    const opened = { overrides: [{ date: '2024-12-02', intervals: [{ start: '10:00', end: '12:00' }] }] };
    expect(why('2024-12-02', '10:00', opened)).toBeNull();
    expect(why('2024-12-02', '12:00', opened)).toBe('OUTSIDE_HOURS');
  });

  it('says OUTSIDE_HOURS before opening, after closing, or when running past closing', () => {
    expect(why('2024-11-24', '08:00')).toBe('OUTSIDE_HOURS');
    expect(why('2024-11-24', '08:45')).toBe('OUTSIDE_HOURS'); // would start before 09:00 even if it ends after
    expect(why('2024-11-24', '21:00')).toBe('OUTSIDE_HOURS');
    expect(why('2024-11-24', '20:45')).toBe('OUTSIDE_HOURS'); // 20:45–21:15 runs past 21:00
    expect(why('2024-11-24', '23:59')).toBe('OUTSIDE_HOURS');
    expect(why('2024-11-30', '10:00')).toBe('OUTSIDE_HOURS'); // Saturday works only evenings
  });

  it('says BREAK inside the midday break or when running into it', () => {
    expect(why('2024-11-24', '14:00')).toBe('BREAK');
    expect(why('2024-11-24', '13:00')).toBe('BREAK');
    expect(why('2024-11-24', '12:45')).toBe('BREAK'); // 12:45–13:15
    expect(why('2024-11-24', '12:30')).toBeNull();
    expect(why('2024-11-24', '16:00')).toBeNull();
  });

  it('says TAKEN when the viewing overlaps an appointment or its buffer', () => {
    expect(why('2024-11-24', '10:30')).toBe('TAKEN');
    expect(why('2024-11-24', '10:00')).toBe('TAKEN');
    expect(why('2024-11-24', '09:30')).toBe('TAKEN'); // 09:30–10:00 ends inside the buffer from 09:45
    expect(why('2024-11-24', '09:15')).toBeNull(); // 09:15–09:45 just touches the buffer
    expect(why('2024-11-24', '11:00')).toBe('TAKEN'); // buffer after until 11:15
    expect(why('2024-11-24', '11:15')).toBeNull();
    expect(why('2024-11-24', '11:00', { bufferMinutes: 0 })).toBeNull(); // back to back
  });

  it('lets a longer viewing fail where a shorter one fits', () => {
    expect(why('2024-11-24', '12:30', { slotMinutes: 60 })).toBe('BREAK');
    expect(why('2024-11-24', '09:00', { slotMinutes: 45 })).toBeNull(); // ends where the buffer begins
    expect(why('2024-11-24', '09:00', { slotMinutes: 60 })).toBe('TAKEN');
  });

  it('returns null for every slot computeSlots returns', () => {
    const c = config();
    const slots = computeSlots({ ...c, stepMinutes: 15, range: { from: '2024-11-23', to: '2024-12-07' } });
    expect(slots.length).toBeGreaterThan(100);
    for (const s of slots) expect(explainUnavailable(s.start, c)).toBeNull();
  });
});

describe('nearestSlots', () => {
  const slots = computeSlots({
    timeZone: RIYADH,
    workingHours: DEMO_HOURS,
    busy: [{ start: riyadh('2024-11-26', '16:00'), end: riyadh('2024-11-26', '21:00') }],
    now: riyadh('2024-11-24', '12:00'),
    slotMinutes: 60,
    range: { from: '2024-11-24', to: '2024-11-27' },
  });
  const show = (list: readonly Slot[]) => list.map((s) => showRiyadh(s.start));

  it('prefers the same local day, closest first, either side of the request', () => {
    expect(show(nearestSlots(riyadh('2024-11-25', '17:20'), slots, 4))).toEqual([
      '2024-11-25 17:00',
      '2024-11-25 18:00',
      '2024-11-25 16:00',
      '2024-11-25 19:00',
    ]);
  });

  it('breaks a tie towards the earlier slot', () => {
    expect(show(nearestSlots(riyadh('2024-11-25', '17:30'), slots, 2))).toEqual([
      '2024-11-25 17:00',
      '2024-11-25 18:00',
    ]);
  });

  it('then offers later days, soonest first, and earlier days only last, latest first', () => {
    // Tuesday 26 Nov evening is fully booked: the rest of Tuesday, then Wednesday, then Monday.
    const picked = show(nearestSlots(riyadh('2024-11-26', '18:00'), slots, 9));
    expect(picked).toEqual([
      '2024-11-26 12:00',
      '2024-11-26 11:00',
      '2024-11-26 10:00',
      '2024-11-26 09:00',
      '2024-11-27 09:00',
      '2024-11-27 10:00',
      '2024-11-27 11:00',
      '2024-11-27 12:00',
      '2024-11-27 16:00',
    ]);
    const all = nearestSlots(riyadh('2024-11-26', '18:00'), slots, 1000);
    expect(all).toHaveLength(slots.length);
    expect(show(all.slice(-2))).toEqual(['2024-11-24 16:00', '2024-11-24 12:00']);
    expect(show(all).indexOf('2024-11-25 20:00')).toBe(4 + 9); // the latest slot of the day before
  });

  it('puts the requested slot itself first when it is free', () => {
    expect(show(nearestSlots(riyadh('2024-11-25', '10:00'), slots, 1))).toEqual(['2024-11-25 10:00']);
  });

  it('decides "same day" in the broker zone, not in UTC', () => {
    // 22:30Z on Monday 25 Nov is 01:30 on Tuesday in Riyadh: Tuesday morning comes first.
    expect(show(nearestSlots(new Date('2024-11-25T22:30:00Z'), slots, 1))).toEqual(['2024-11-26 09:00']);
    expect(show(nearestSlots(new Date('2024-11-25T22:30:00Z'), slots, 1, 'UTC'))).toEqual(['2024-11-25 20:00']);
  });

  it('returns nothing for n ≤ 0 or no slots, and does not reorder its input', () => {
    expect(nearestSlots(riyadh('2024-11-25', '10:00'), slots, 0)).toEqual([]);
    expect(nearestSlots(riyadh('2024-11-25', '10:00'), [], 3)).toEqual([]);
    const copy = [...slots];
    nearestSlots(riyadh('2024-11-26', '18:00'), slots, 5);
    expect(slots).toEqual(copy);
  });
});
