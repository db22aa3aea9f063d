import { TZDate } from '@date-fns/tz';
import { describe, expect, it } from 'vitest';
import {
  type BusyInterval,
  computeSlots,
  DEFAULT_TIME_ZONE,
  dayAvailability,
  explainUnavailable,
  localDateOf,
  type Slot,
  type SlotQuery,
  type WorkingHours,
} from '../../../core/scheduling/slots.ts';
import { DEMO_HOURS, RIYADH, riyadh, showRiyadh } from './fixtures/demo.ts';

const NOW = riyadh('2024-11-20', '00:00'); // well before every range below
const base = (overrides: Partial<SlotQuery> = {}): SlotQuery => ({
  timeZone: RIYADH,
  workingHours: DEMO_HOURS,
  now: NOW,
  slotMinutes: 30,
  range: { from: '2024-11-24', to: '2024-11-24' },
  ...overrides,
});
const starts = (slots: readonly Slot[]) => slots.map((s) => showRiyadh(s.start));
const times = (slots: readonly Slot[]) => slots.map((s) => showRiyadh(s.start).slice(11));
const datesOf = (slots: readonly Slot[]) => [...new Set(slots.map((s) => showRiyadh(s.start).slice(0, 10)))];
const busy = (date: string, from: string, to: string): BusyInterval => ({
  start: riyadh(date, from),
  end: riyadh(date, to),
});
const everyDay = (...intervals: { start: string; end: string }[]): WorkingHours => ({
  0: intervals,
  1: intervals,
  2: intervals,
  3: intervals,
  4: intervals,
  5: intervals,
  6: intervals,
});

const SUNDAY_30 = [
  ...['09:00', '09:30', '10:00', '10:30', '11:00', '11:30', '12:00', '12:30'],
  ...['16:00', '16:30', '17:00', '17:30', '18:00', '18:30', '19:00', '19:30', '20:00', '20:30'],
];

describe('computeSlots with the demo hours (Asia/Riyadh)', () => {
  it('gives a working day a morning and an evening block and nothing in the break', () => {
    const slots = computeSlots(base());
    expect(times(slots)).toEqual(SUNDAY_30);
    expect(slots[0]).toEqual({
      start: new Date('2024-11-24T06:00:00.000Z'),
      end: new Date('2024-11-24T06:30:00.000Z'),
    });
    for (const s of slots) expect(s.end.getTime() - s.start.getTime()).toBe(30 * 60_000);
  });

  it('defaults to Asia/Riyadh', () => {
    const { timeZone: _, ...withoutZone } = base();
    expect(DEFAULT_TIME_ZONE).toBe('Asia/Riyadh');
    expect(computeSlots(withoutZone)).toEqual(computeSlots(base()));
  });

  it('steps by stepMinutes and keeps every slot inside one interval', () => {
    const slots = computeSlots(base({ slotMinutes: 60, stepMinutes: 30 }));
    expect(times(slots)).toEqual([
      ...['09:00', '09:30', '10:00', '10:30', '11:00', '11:30', '12:00'],
      ...['16:00', '16:30', '17:00', '17:30', '18:00', '18:30', '19:00', '19:30', '20:00'],
    ]);
  });

  it('keeps Friday off (Saudi weekend) and gives Saturday only its evening', () => {
    const slots = computeSlots(base({ range: { from: '2024-11-28', to: '2024-11-30' } }));
    expect(datesOf(slots)).toEqual(['2024-11-28', '2024-11-30']);
    expect(starts(slots).filter((s) => s.startsWith('2024-11-30'))[0]).toBe('2024-11-30 16:00');
    expect(starts(slots).filter((s) => s.startsWith('2024-11-30'))).toHaveLength(10);
  });

  it('closes every day of a holiday spanning several days', () => {
    const slots = computeSlots(
      base({
        holidays: [{ from: '2024-11-25', to: '2024-11-27', name: 'Founding Day (test)' }],
        range: { from: '2024-11-24', to: '2024-11-28' },
      }),
    );
    expect(datesOf(slots)).toEqual(['2024-11-24', '2024-11-28']);
  });

  it('treats a holiday without `to` as a single day', () => {
    const slots = computeSlots(
      base({ holidays: [{ from: '2024-11-25' }], range: { from: '2024-11-24', to: '2024-11-26' } }),
    );
    expect(datesOf(slots)).toEqual(['2024-11-24', '2024-11-26']);
  });

  it('lets a date override open a Friday, close a Thursday, and beat a holiday', () => {
    const slots = computeSlots(
      base({
        holidays: [{ from: '2024-11-24', to: '2024-11-26' }],
        overrides: [
          { date: '2024-11-29', intervals: [{ start: '10:00', end: '11:00' }] },
          { date: '2024-11-28', intervals: [] },
          { date: '2024-11-25', intervals: [{ start: '17:00', end: '18:00' }] },
        ],
        range: { from: '2024-11-24', to: '2024-11-29' },
      }),
    );
    expect(starts(slots)).toEqual([
      '2024-11-25 17:00',
      '2024-11-25 17:30',
      ...SUNDAY_30.map((t) => `2024-11-27 ${t}`),
      '2024-11-29 10:00',
      '2024-11-29 10:30',
    ]);
  });

  it('gives one interval with a break the same slots as two intervals', () => {
    const withBreak: WorkingHours = {
      0: [{ start: '09:00', end: '21:00', breaks: [{ start: '13:00', end: '16:00' }] }],
    };
    expect(computeSlots(base({ workingHours: withBreak }))).toEqual(computeSlots(base()));
  });

  it('handles several breaks, a break at an edge, and merges touching intervals', () => {
    const hours: WorkingHours = {
      0: [
        {
          start: '09:00',
          end: '14:00',
          breaks: [
            { start: '08:00', end: '09:30' },
            { start: '11:00', end: '11:30' },
            { start: '13:30', end: '15:00' },
          ],
        },
        { start: '16:00', end: '17:00' },
        { start: '17:00', end: '18:00' },
      ],
    };
    const slots = computeSlots(base({ workingHours: hours, slotMinutes: 60, stepMinutes: 30 }));
    expect(times(slots)).toEqual(['09:30', '10:00', '11:30', '12:00', '12:30', '16:00', '16:30', '17:00']);
  });

  it('allows back-to-back appointments and slots touching them', () => {
    const slots = computeSlots(
      base({ busy: [busy('2024-11-24', '10:00', '11:00'), busy('2024-11-24', '11:00', '12:00')] }),
    );
    expect(times(slots).slice(0, 5)).toEqual(['09:00', '09:30', '12:00', '12:30', '16:00']);
  });

  it('keeps the buffer free before and after each appointment', () => {
    const slots = computeSlots(
      base({ busy: [busy('2024-11-24', '10:00', '11:00')], bufferMinutes: 15, stepMinutes: 15 }),
    );
    expect(times(slots).filter((t) => t < '13:00')).toEqual([
      '09:00',
      '09:15', // ends 09:45, where the buffer starts
      '11:15', // the buffer after the appointment ends at 11:15
      '11:30',
      '11:45',
      '12:00',
      '12:15',
      '12:30',
    ]);
  });

  it('supports different buffers before and after', () => {
    const slots = computeSlots(
      base({ busy: [busy('2024-11-24', '10:00', '11:00')], bufferMinutes: { before: 0, after: 30 }, stepMinutes: 15 }),
    );
    expect(times(slots).filter((t) => t < '12:00')).toEqual(['09:00', '09:15', '09:30', '11:30', '11:45']);
  });

  it('accepts unsorted, overlapping and out-of-range appointments', () => {
    const list = [
      busy('2024-11-24', '17:00', '18:00'),
      busy('2024-11-24', '10:00', '11:00'),
      busy('2024-11-24', '17:30', '19:00'),
      busy('2024-11-24', '10:15', '10:45'),
      busy('2024-11-23', '10:00', '11:00'), // the day before
      busy('2024-11-24', '14:00', '15:00'), // inside the break
      busy('2024-11-24', '18:59', '18:59'), // empty
    ];
    const slots = computeSlots(base({ busy: list }));
    expect(times(slots)).toEqual([
      ...['09:00', '09:30', '11:00', '11:30', '12:00', '12:30'],
      ...['16:00', '16:30', '19:00', '19:30', '20:00', '20:30'],
    ]);
    expect(computeSlots(base({ busy: [...list].reverse() }))).toEqual(slots);
  });

  it('drops the slot `now` falls in and continues on the step grid', () => {
    const now = riyadh('2024-11-24', '10:10');
    expect(times(computeSlots(base({ now }))).slice(0, 2)).toEqual(['10:30', '11:00']);
    expect(times(computeSlots(base({ now, stepMinutes: 15 }))).slice(0, 2)).toEqual(['10:15', '10:30']);
    expect(times(computeSlots(base({ now: riyadh('2024-11-24', '10:00') }))).slice(0, 1)).toEqual(['10:00']);
  });

  it('applies the minimum notice', () => {
    const now = riyadh('2024-11-24', '10:10');
    expect(times(computeSlots(base({ now, minimumNoticeMinutes: 60 })))[0]).toBe('11:30');
    expect(times(computeSlots(base({ now, minimumNoticeMinutes: 180 })))[0]).toBe('16:00'); // 13:10 is the break
    expect(computeSlots(base({ now, minimumNoticeMinutes: 24 * 60 }))).toEqual([]);
  });

  it('gives nothing for a range in the past', () => {
    expect(computeSlots(base({ now: riyadh('2024-11-25', '00:00') }))).toEqual([]);
  });

  it('ends a day at closing time and crosses the end of a month (30 Nov → 1 Dec)', () => {
    const slots = computeSlots(base({ range: { from: '2024-11-30', to: '2024-12-01' } }));
    const saturday = slots.filter((s) => showRiyadh(s.start).startsWith('2024-11-30'));
    expect(saturday).toHaveLength(10);
    expect(saturday.at(-1)).toEqual({
      start: new Date('2024-11-30T17:30:00.000Z'),
      end: new Date('2024-11-30T18:00:00.000Z'), // 21:00 in Riyadh
    });
    expect(slots[saturday.length]?.start).toEqual(new Date('2024-12-01T06:00:00.000Z')); // Sunday 09:00
    expect(slots).toHaveLength(10 + SUNDAY_30.length);
    for (let i = 1; i < slots.length; i++) {
      expect(slots[i]!.start.getTime()).toBeGreaterThan(slots[i - 1]!.start.getTime());
    }
  });

  it('never lets a slot run past midnight, even when the next day opens at 00:00', () => {
    const hours: WorkingHours = { 6: [{ start: '22:00', end: '24:00' }], 0: [{ start: '00:00', end: '01:00' }] };
    const query = base({
      workingHours: hours,
      slotMinutes: 60,
      stepMinutes: 30,
      range: { from: '2024-11-30', to: '2024-12-01' },
    });
    expect(starts(computeSlots(query))).toEqual([
      '2024-11-30 22:00',
      '2024-11-30 22:30',
      '2024-11-30 23:00',
      '2024-12-01 00:00',
    ]);
    expect(explainUnavailable(riyadh('2024-11-30', '23:30'), query)).toBe('OUTSIDE_HOURS');
  });

  it('counts `{ start, days }` in local dates and drops slots before start', () => {
    // 22:30Z on 30 Nov is already 01:30 on Sunday 1 Dec in Riyadh.
    const oneDay = computeSlots(base({ range: { start: new Date('2024-11-30T22:30:00Z'), days: 1 } }));
    expect(datesOf(oneDay)).toEqual(['2024-12-01']);
    expect(oneDay).toHaveLength(SUNDAY_30.length);
    const fromSaturdayEvening = computeSlots(base({ range: { start: riyadh('2024-11-30', '18:10'), days: 2 } }));
    expect(starts(fromSaturdayEvening).slice(0, 2)).toEqual(['2024-11-30 18:30', '2024-11-30 19:00']);
    expect(datesOf(fromSaturdayEvening)).toEqual(['2024-11-30', '2024-12-01']);
  });

  it('does not change its inputs', () => {
    const list = [busy('2024-11-24', '17:00', '18:00'), busy('2024-11-24', '10:00', '11:00')];
    const query = base({ busy: list, holidays: [{ from: '2024-11-25' }], bufferMinutes: 10 });
    const snapshot = structuredClone(query);
    computeSlots(query);
    expect(query).toEqual(snapshot);
  });
});

describe('computeSlots in zones with DST', () => {
  const berlin = (y: number, m: number, d: number, h: number, min = 0) =>
    new Date(new TZDate(y, m - 1, d, h, min, 'Europe/Berlin').getTime());
  const berlinHour = (instant: Date) => new TZDate(instant.getTime(), 'Europe/Berlin').getHours();
  const query = (overrides: Partial<SlotQuery>): SlotQuery => ({
    timeZone: 'Europe/Berlin',
    workingHours: everyDay({ start: '09:00', end: '17:00' }),
    now: new Date('2024-01-01T00:00:00Z'),
    slotMinutes: 60,
    range: { from: '2024-10-26', to: '2024-10-28' },
    ...overrides,
  });

  it('keeps local working hours across the late-October change in Europe/Berlin', () => {
    const slots = computeSlots(query({}));
    expect(slots).toHaveLength(3 * 8);
    const firstOfDay = [slots[0], slots[8], slots[16]].map((s) => s?.start.toISOString());
    expect(firstOfDay).toEqual([
      '2024-10-26T07:00:00.000Z', // CEST, UTC+2
      '2024-10-27T08:00:00.000Z', // CET, UTC+1 from 03:00 that night
      '2024-10-28T08:00:00.000Z',
    ]);
    expect(slots[0]?.start).toEqual(berlin(2024, 10, 26, 9));
    expect(slots[8]?.start).toEqual(berlin(2024, 10, 27, 9));
    expect(slots.map((s) => berlinHour(s.start))).toEqual([0, 1, 2].flatMap(() => [9, 10, 11, 12, 13, 14, 15, 16]));
  });

  it('makes a night interval over the fall-back one hour longer', () => {
    const slots = computeSlots(
      query({
        overrides: [{ date: '2024-10-27', intervals: [{ start: '00:00', end: '06:00' }] }],
        range: { from: '2024-10-27', to: '2024-10-27' },
      }),
    );
    expect(slots.map((s) => s.start.toISOString().slice(11, 16))).toEqual([
      '22:00',
      '23:00',
      '00:00',
      '01:00',
      '02:00',
      '03:00',
      '04:00',
    ]);
    expect(slots.map((s) => berlinHour(s.start))).toEqual([0, 1, 2, 2, 3, 4, 5]);
  });

  it('resolves a repeated wall time to its first occurrence', () => {
    // 02:30 happens twice on 27 Oct 2024; the interval runs from the first (00:30Z) to 03:00 CET (02:00Z).
    const slots = computeSlots(
      query({
        overrides: [{ date: '2024-10-27', intervals: [{ start: '02:30', end: '03:00' }] }],
        range: { from: '2024-10-27', to: '2024-10-27' },
        slotMinutes: 30,
      }),
    );
    expect(slots.map((s) => s.start.toISOString())).toEqual([
      '2024-10-27T00:30:00.000Z',
      '2024-10-27T01:00:00.000Z',
      '2024-10-27T01:30:00.000Z',
    ]);
  });

  it('makes a night interval over the spring-forward one hour shorter and moves a skipped start forward', () => {
    const night = computeSlots(
      query({
        workingHours: everyDay({ start: '00:00', end: '06:00' }),
        range: { from: '2024-03-31', to: '2024-03-31' },
      }),
    );
    expect(night.map((s) => berlinHour(s.start))).toEqual([0, 1, 3, 4, 5]);
    const skipped = computeSlots(
      query({
        workingHours: everyDay({ start: '02:30', end: '04:00' }),
        range: { from: '2024-03-31', to: '2024-03-31' },
        slotMinutes: 30,
      }),
    );
    // 02:30 does not exist that night; it becomes 03:30 CEST (01:30Z), leaving 30 minutes until 04:00.
    expect(skipped.map((s) => s.start.toISOString())).toEqual(['2024-03-31T01:30:00.000Z']);
    const gapOnly = computeSlots(
      query({
        workingHours: everyDay({ start: '02:00', end: '03:00' }),
        range: { from: '2024-03-31', to: '2024-03-31' },
      }),
    );
    expect(gapOnly).toEqual([]);
  });

  it('keeps America/New_York hours on its own change date (3 Nov 2024)', () => {
    const slots = computeSlots(
      query({
        timeZone: 'America/New_York',
        workingHours: everyDay({ start: '09:00', end: '11:00' }),
        range: { from: '2024-11-02', to: '2024-11-04' },
      }),
    );
    expect(slots.map((s) => s.start.toISOString().slice(0, 16))).toEqual([
      '2024-11-02T13:00',
      '2024-11-02T14:00',
      '2024-11-03T14:00',
      '2024-11-03T15:00',
      '2024-11-04T14:00',
      '2024-11-04T15:00',
    ]);
  });

  it('agrees with TZDate on every unambiguous working-hour boundary for a year', () => {
    const hours = everyDay({ start: '08:00', end: '09:00' }, { start: '17:30', end: '18:30' });
    for (const zone of ['Europe/Berlin', 'America/New_York', 'Australia/Sydney', 'Asia/Riyadh', 'Asia/Kolkata']) {
      const slots = computeSlots({
        timeZone: zone,
        workingHours: hours,
        now: new Date('2023-12-01T00:00:00Z'),
        slotMinutes: 60,
        range: { from: '2024-01-01', to: '2024-12-30' },
      });
      expect(slots).toHaveLength(365 * 2);
      for (const s of slots) {
        const local = new TZDate(s.start.getTime(), zone);
        const expected = new TZDate(
          local.getFullYear(),
          local.getMonth(),
          local.getDate(),
          local.getHours(),
          local.getMinutes(),
          zone,
        );
        expect(s.start.getTime()).toBe(expected.getTime());
        expect(`${local.getHours()}:${local.getMinutes()}`).toMatch(/^(8:0|17:30)$/);
      }
    }
  });
});

describe('dayAvailability and localDateOf', () => {
  it('describes open days, days off, holidays and overrides', () => {
    const rules = {
      workingHours: DEMO_HOURS,
      holidays: [{ from: '2024-11-25', to: '2024-11-26', name: 'Eid (test)' }],
      overrides: [{ date: '2024-11-26', intervals: [{ start: '10:00', end: '11:00' }] }],
    };
    const sunday = dayAvailability('2024-11-24', rules);
    expect(sunday).toMatchObject({ status: 'open', source: 'weekly', weekday: 0 });
    expect(sunday.intervals.map((i) => [showRiyadh(i.start), showRiyadh(i.end)])).toEqual([
      ['2024-11-24 09:00', '2024-11-24 13:00'],
      ['2024-11-24 16:00', '2024-11-24 21:00'],
    ]);
    expect(dayAvailability('2024-11-25', rules)).toMatchObject({
      status: 'holiday',
      source: 'holiday',
      holiday: { name: 'Eid (test)' },
      intervals: [],
    });
    expect(dayAvailability('2024-11-26', rules)).toMatchObject({ status: 'open', source: 'override' });
    expect(dayAvailability('2024-11-29', rules)).toMatchObject({ status: 'day_off', source: 'weekly', weekday: 5 });
  });

  it('gives the local date of an instant in the zone, not in UTC', () => {
    expect(localDateOf(new Date('2024-11-30T21:00:00Z'))).toBe('2024-12-01');
    expect(localDateOf(new Date('2024-11-30T20:59:59Z'))).toBe('2024-11-30');
    expect(localDateOf(new Date('2024-11-30T23:30:00Z'), 'America/New_York')).toBe('2024-11-30');
  });
});

describe('invalid configuration throws a RangeError', () => {
  const cases: [string, Partial<SlotQuery>][] = [
    ['a time without a leading zero', { workingHours: { 0: [{ start: '9:00', end: '13:00' }] } }],
    ['an hour 25', { workingHours: { 0: [{ start: '09:00', end: '25:00' }] } }],
    ['24:00 as a start', { workingHours: { 0: [{ start: '24:00', end: '24:00' }] } }],
    ['an interval ending before it starts', { workingHours: { 0: [{ start: '13:00', end: '09:00' }] } }],
    [
      'a reversed break',
      { workingHours: { 0: [{ start: '09:00', end: '13:00', breaks: [{ start: '12:00', end: '11:00' }] }] } },
    ],
    ['weekday 7', { workingHours: { 7: [{ start: '09:00', end: '13:00' }] } as unknown as WorkingHours }],
    ['an unknown zone', { timeZone: 'Asia/Atlantis' }],
    ['from after to', { range: { from: '2024-11-25', to: '2024-11-24' } }],
    ['an impossible date', { range: { from: '2024-02-30', to: '2024-03-01' } }],
    ['a range over 366 days', { range: { from: '2024-01-01', to: '2025-01-02' } }],
    ['zero days', { range: { start: NOW, days: 0 } }],
    ['slotMinutes 0', { slotMinutes: 0 }],
    ['a fractional step', { stepMinutes: 7.5 }],
    ['a negative buffer', { bufferMinutes: -5 }],
    ['a negative notice', { minimumNoticeMinutes: -1 }],
    ['a holiday ending before it starts', { holidays: [{ from: '2024-11-25', to: '2024-11-24' }] }],
    [
      'two overrides for one date',
      {
        overrides: [
          { date: '2024-11-24', intervals: [] },
          { date: '2024-11-24', intervals: [] },
        ],
      },
    ],
    ['an invalid now', { now: new Date('nope') }],
    ['an appointment ending before it starts', { busy: [busy('2024-11-24', '11:00', '10:00')] }],
  ];
  it.each(cases)('%s', (_, overrides) => {
    expect(() => computeSlots(base(overrides))).toThrow(RangeError);
  });
});
