import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type AvailabilityRules,
  type BufferMinutes,
  type BusyInterval,
  computeSlots,
  dayAvailability,
  explainUnavailable,
  type SlotQuery,
  type WorkingHours,
} from '../../../core/scheduling/slots.ts';
import { DEMO_HOURS } from './fixtures/demo.ts';

const MINUTE = 60_000;
const DAY = 86_400_000;

function datesBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += DAY) {
    out.push(new Date(t).toISOString().slice(0, 10));
  }
  return out;
}

/** The naive reference: every grid start of every (merged) working interval, judged one by one. */
function naiveSlots(query: SlotQuery & { range: { from: string; to: string } }): number[] {
  const rules: AvailabilityRules = query;
  const intervals = datesBetween(query.range.from, query.range.to).flatMap((date) =>
    dayAvailability(date, rules).intervals.map((i) => [i.start.getTime(), i.end.getTime()] as const),
  );
  const step = (query.stepMinutes ?? query.slotMinutes) * MINUTE;
  const free: number[] = [];
  for (const [s, e] of intervals) {
    for (let t = s; t < e; t += step) {
      if (explainUnavailable(new Date(t), query) === null) free.push(t);
    }
  }
  return free;
}

function overlapsBuffered(start: number, end: number, busy: readonly BusyInterval[], buffer: BufferMinutes) {
  const before = (typeof buffer === 'number' ? buffer : buffer.before) * MINUTE;
  const after = (typeof buffer === 'number' ? buffer : buffer.after) * MINUTE;
  return busy.some((b) => b.start.getTime() - before < end && b.end.getTime() + after > start);
}

const arbitraryQuery = (zone: string, hours: WorkingHours, from: string, to: string) => {
  const origin = Date.parse(`${from}T00:00:00Z`);
  const days = datesBetween(from, to).length;
  const busy = fc.array(
    fc.record({
      at: fc.integer({ min: -DAY / MINUTE, max: (days + 1) * 1440 }),
      // Appointments always last: the database refuses ends_at <= starts_at (appointments_ends_after_starts).
      length: fc.integer({ min: 1, max: 240 }),
    }),
    { maxLength: 80 },
  );
  return fc
    .record({
      busy,
      buffer: fc.oneof(
        fc.integer({ min: 0, max: 30 }),
        fc.record({ before: fc.integer({ min: 0, max: 30 }), after: fc.integer({ min: 0, max: 30 }) }),
      ),
      notice: fc.integer({ min: 0, max: 600 }),
      slot: fc.constantFrom(15, 30, 45, 60, 90),
      step: fc.constantFrom(5, 10, 15, 30, 60),
      now: fc.integer({ min: -1440, max: days * 1440 }),
      holiday: fc.option(fc.integer({ min: 0, max: days - 1 }), { nil: undefined }),
    })
    .map(
      (r): SlotQuery & { range: { from: string; to: string }; bufferMinutes: BufferMinutes; busy: BusyInterval[] } => ({
        timeZone: zone,
        workingHours: hours,
        holidays: r.holiday === undefined ? [] : [{ from: datesBetween(from, to)[r.holiday]! }],
        busy: r.busy.map((b) => ({
          start: new Date(origin + b.at * MINUTE),
          end: new Date(origin + (b.at + b.length) * MINUTE),
        })),
        bufferMinutes: r.buffer,
        minimumNoticeMinutes: r.notice,
        now: new Date(origin + r.now * MINUTE),
        slotMinutes: r.slot,
        stepMinutes: r.step,
        range: { from, to },
      }),
    );
};

function checkAgainstNaive(query: ReturnType<typeof arbitraryQuery> extends fc.Arbitrary<infer Q> ? Q : never) {
  const slots = computeSlots(query);
  const got = slots.map((s) => s.start.getTime());
  for (let i = 1; i < got.length; i++) expect(got[i]!).toBeGreaterThan(got[i - 1]!);
  const earliest = query.now.getTime() + (query.minimumNoticeMinutes ?? 0) * MINUTE;
  for (const s of slots) {
    expect(s.end.getTime() - s.start.getTime()).toBe(query.slotMinutes * MINUTE);
    expect(s.start.getTime()).toBeGreaterThanOrEqual(earliest);
    expect(overlapsBuffered(s.start.getTime(), s.end.getTime(), query.busy, query.bufferMinutes)).toBe(false);
  }
  expect(got).toEqual(naiveSlots(query));
}

describe('computeSlots agrees with a naive one-by-one check', () => {
  it('for the demo broker in Riyadh', () => {
    fc.assert(fc.property(arbitraryQuery('Asia/Riyadh', DEMO_HOURS, '2024-11-23', '2024-12-01'), checkAgainstNaive), {
      numRuns: 80,
    });
  });

  it('for night-and-evening hours across both DST changes in Berlin', () => {
    const night = [
      { start: '00:00', end: '03:30' },
      { start: '20:00', end: '24:00', breaks: [{ start: '22:00', end: '22:30' }] },
    ];
    const hours: WorkingHours = { 0: night, 1: night, 2: night, 3: night, 4: night, 5: night, 6: night };
    fc.assert(
      fc.property(
        fc.oneof(
          arbitraryQuery('Europe/Berlin', hours, '2024-10-25', '2024-10-29'),
          arbitraryQuery('Europe/Berlin', hours, '2024-03-29', '2024-04-02'),
        ),
        checkAgainstNaive,
      ),
      { numRuns: 80 },
    );
  });
});
