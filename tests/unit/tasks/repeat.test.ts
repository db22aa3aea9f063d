import { describe, expect, it } from 'vitest';
import { nextOccurrence } from '../../../core/tasks/repeat.ts';

const R = 'Asia/Riyadh';
const at = (iso: string) => new Date(iso);

describe('the next time of a repeating reminder', () => {
  it('comes the next day at the same hour once today’s has passed', () => {
    const first = at('2026-12-13T08:00:00+03:00');
    expect(nextOccurrence(first, 'daily', at('2026-12-13T08:00:30+03:00'), R)).toEqual(at('2026-12-14T08:00:00+03:00'));
  });

  it('keeps its own hour after a snooze or a late firing', () => {
    const first = at('2026-12-13T08:00:00+03:00');
    expect(nextOccurrence(first, 'daily', at('2026-12-13T09:30:00+03:00'), R)).toEqual(at('2026-12-14T08:00:00+03:00'));
    expect(nextOccurrence(first, 'daily', at('2027-03-02T07:59:00+03:00'), R)).toEqual(at('2027-03-02T08:00:00+03:00'));
    expect(nextOccurrence(first, 'daily', at('2027-03-02T08:00:00+03:00'), R)).toEqual(at('2027-03-03T08:00:00+03:00'));
  });

  it('comes on the same weekday a week later', () => {
    const sunday = at('2026-12-13T09:00:00+03:00');
    expect(nextOccurrence(sunday, 'weekly', at('2026-12-13T09:01:00+03:00'), R)).toEqual(
      at('2026-12-20T09:00:00+03:00'),
    );
    expect(nextOccurrence(sunday, 'weekly', at('2027-01-05T12:00:00+03:00'), R)).toEqual(
      at('2027-01-10T09:00:00+03:00'),
    );
  });

  it('comes on the same day of the month, the month’s last day when it has fewer, and the 31st again after', () => {
    const first = at('2027-01-31T10:00:00+03:00');
    expect(nextOccurrence(first, 'monthly', at('2027-01-31T10:00:01+03:00'), R)).toEqual(
      at('2027-02-28T10:00:00+03:00'),
    );
    expect(nextOccurrence(first, 'monthly', at('2027-02-28T10:00:01+03:00'), R)).toEqual(
      at('2027-03-31T10:00:00+03:00'),
    );
    expect(nextOccurrence(first, 'monthly', at('2029-06-15T00:00:00+03:00'), R)).toEqual(
      at('2029-06-30T10:00:00+03:00'),
    );
  });

  it('keeps the wall-clock hour across a daylight-saving change in a zone that has one', () => {
    const first = at('2027-03-27T08:00:00+01:00'); // Berlin, the day before summer time
    expect(nextOccurrence(first, 'daily', at('2027-03-27T09:00:00+01:00'), 'Europe/Berlin')).toEqual(
      at('2027-03-28T08:00:00+02:00'),
    );
  });
});
