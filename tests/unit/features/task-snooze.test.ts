// Reading a snooze of a task (tasks.words.ts) and computing its new time (tasks.snooze.ts), and the
// morning call after a viewing (viewings.outcome.ts): pure, on a fixed clock.
import { describe, expect, it } from 'vitest';
import { snoozedTo } from '../../../bot/features/tasks/tasks.snooze.ts';
import { durationMinutes, readSnooze, saysDoneIt } from '../../../bot/features/tasks/tasks.words.ts';
import { nextCallMorning } from '../../../bot/features/viewings/viewings.outcome.ts';
import { parse } from '../../../bot/language/index.ts';

const TZ = 'Asia/Riyadh';
const NOW = new Date('2026-11-19T14:00:00+03:00'); // a Thursday afternoon
const read = (text: string) => readSnooze(text, parse(text, { now: NOW, tz: TZ, role: 'broker' }));

describe('a snooze in words', () => {
  it('«أجلها لبكرة» and "snooze it to tomorrow" are about "it", to a day', () => {
    for (const text of ['أجلها لبكرة', 'اجلها لبكره', 'snooze it to tomorrow', 'خلها لبكرة']) {
      expect(read(text), text).toEqual({
        target: { kind: 'it' },
        taskWord: false,
        when: { kind: 'day', date: '2026-11-20' },
      });
    }
  });

  it('reads durations from now: «ساعتين», «٣ ساعات», «نص ساعة», "an hour", "20 minutes"', () => {
    expect(read('أجلها ساعتين')?.when).toEqual({ kind: 'in', minutes: 120 });
    expect(read('أخرها ٣ ساعات')?.when).toEqual({ kind: 'in', minutes: 180 });
    expect(read('أجل التذكير نص ساعة')).toMatchObject({ taskWord: true, when: { kind: 'in', minutes: 30 } });
    expect(read('push it back an hour')?.when).toEqual({ kind: 'in', minutes: 60 });
    expect(read('snooze 20 minutes')?.when).toEqual({ kind: 'in', minutes: 20 });
    expect(durationMinutes('اجلها يومين')).toBe(2880);
    expect(read('لا، أجلها ساعة بس')).toMatchObject({ target: { kind: 'it' }, when: { kind: 'in', minutes: 60 } });
    // «الساعة ١٠» is a time of day, not an hour's delay
    expect(durationMinutes('الساعة ١٠')).toBeUndefined();
  });

  it('an exact time wins: «ذكرني فيها بكرة الساعة ١٠»', () => {
    expect(read('ذكرني فيها بكرة الساعة ١٠')?.when).toEqual({
      kind: 'at',
      dueAt: new Date('2026-11-20T10:00:00+03:00'),
    });
  });

  it('by number of the last list: «أجل المهمة ٢ لبكرة», "postpone task 2 to Sunday", «أجل ٢ لبكرة»', () => {
    expect(read('أجل المهمة ٢ لبكرة')).toEqual({
      target: { kind: 'ref', n: 2 },
      taskWord: true,
      when: { kind: 'day', date: '2026-11-20' },
    });
    expect(read('postpone task 2 to Sunday')).toMatchObject({
      target: { kind: 'ref', n: 2 },
      when: { kind: 'day', date: '2026-11-22' },
    });
    expect(read('أجل ٢ لبكرة')).toMatchObject({ target: { kind: 'ref', n: 2 }, taskWord: false });
  });

  it('by the words of its title when a task word says it is one', () => {
    expect(read('أجل مهمة الاتصال بخالد لبكرة')).toMatchObject({
      target: { kind: 'name', words: ['اتصال', 'بخالد'] },
      taskWord: true,
    });
    expect(read('postpone the bank task to Sunday')).toMatchObject({ target: { kind: 'name', words: ['bank'] } });
  });

  it('a viewing’s move is never a task’s snooze, and «آخر» (last) is no «أخّر»', () => {
    expect(read('أجل موعد خالد لبكرة')).toBeNull();
    expect(read('أجل المعاينة لبكرة')).toBeNull();
    expect(read('postpone the viewing to Sunday')).toBeNull();
    expect(read('آخر مهمة')).toBeNull();
    expect(read('خلها')).toBeNull();
    expect(read('ذكرني بكرة اتصل على خالد')).toBeNull();
  });

  it('«تم», «خلصت», "done" alone say done-it; with more words they do not', () => {
    for (const text of ['تم', 'تم ✅', 'خلصت', 'خلصتها', 'done', 'Done!']) expect(saysDoneIt(text), text).toBe(true);
    for (const text of ['تم الحجز', 'خلصت مهمة ٢', 'done with task 1']) expect(saysDoneIt(text), text).toBe(false);
  });
});

describe('the new time', () => {
  const task = { dueAt: new Date('2026-11-19T10:00:00+03:00') };

  it('keeps the task’s time of day on the day said', () => {
    expect(snoozedTo({ kind: 'day', date: '2026-11-20' }, task, NOW, TZ)).toEqual({
      dueAt: new Date('2026-11-20T10:00:00+03:00'),
    });
  });

  it('counts a duration from now, and a task with only a day moves to the day', () => {
    expect(snoozedTo({ kind: 'in', minutes: 120 }, task, NOW, TZ)).toEqual({
      dueAt: new Date('2026-11-19T16:00:00+03:00'),
    });
    expect(snoozedTo({ kind: 'day', date: '2026-11-22' }, { dueAt: null }, NOW, TZ)).toEqual({ dueDate: '2026-11-22' });
  });

  it('moves a task by whole days or weeks («أجلها أسبوع», «يومين») to that many days from today at its own time', () => {
    expect(durationMinutes('اجل متابعة منيرة اسبوع')).toBe(7 * 1440);
    expect(durationMinutes('أجلها أسبوعين')).toBe(14 * 1440);
    expect(durationMinutes('snooze it a week')).toBe(7 * 1440);
    expect(durationMinutes('push it 3 weeks')).toBe(21 * 1440);
    expect(snoozedTo({ kind: 'in', minutes: 7 * 1440 }, task, NOW, TZ)).toEqual({
      dueAt: new Date('2026-11-26T10:00:00+03:00'),
    });
    expect(snoozedTo({ kind: 'in', minutes: 2880 }, task, NOW, TZ)).toEqual({
      dueAt: new Date('2026-11-21T10:00:00+03:00'),
    });
  });
});

describe('a move to a time of day', () => {
  it('"move the call with faisal to 5pm" and «انقل مكالمة فيصل للساعة ٥ العصر» name the task and say a time alone', () => {
    expect(read('move the call with faisal to 5pm')).toMatchObject({
      target: { kind: 'name', words: ['call', 'faisal'] },
      taskWord: true,
      when: { kind: 'at', dueAt: new Date('2026-11-19T17:00:00+03:00'), timeOnly: true },
    });
    expect(read('انقل مكالمة فيصل للساعة ٥ العصر')).toMatchObject({
      target: { kind: 'name' },
      when: { kind: 'at', timeOnly: true },
    });
    expect(read('move the call with faisal to tomorrow at 5pm')?.when).toEqual({
      kind: 'at',
      dueAt: new Date('2026-11-20T17:00:00+03:00'),
    });
  });

  it('keeps the day of a task due on a later day, and takes the time said for one due today', () => {
    const at = { kind: 'at' as const, dueAt: new Date('2026-11-19T17:00:00+03:00'), timeOnly: true };
    expect(snoozedTo(at, { dueAt: new Date('2026-11-21T10:00:00+03:00') }, NOW, TZ)).toEqual({
      dueAt: new Date('2026-11-21T17:00:00+03:00'),
    });
    expect(snoozedTo(at, { dueAt: new Date('2026-11-19T16:00:00+03:00') }, NOW, TZ)).toEqual({
      dueAt: new Date('2026-11-19T17:00:00+03:00'),
    });
    expect(
      snoozedTo({ ...at, timeOnly: undefined }, { dueAt: new Date('2026-11-21T10:00:00+03:00') }, NOW, TZ),
    ).toEqual({
      dueAt: new Date('2026-11-19T17:00:00+03:00'),
    });
  });
});

describe('the call after a viewing', () => {
  it('is the next 10:00, office time, a Friday skipped', () => {
    expect(nextCallMorning(new Date('2026-11-22T18:00:00+03:00'), TZ)).toEqual(new Date('2026-11-23T10:00:00+03:00'));
    expect(nextCallMorning(new Date('2026-11-23T09:00:00+03:00'), TZ)).toEqual(new Date('2026-11-23T10:00:00+03:00'));
    // Thursday evening: Friday is the weekend, the call is on Saturday
    expect(nextCallMorning(new Date('2026-11-19T19:00:00+03:00'), TZ)).toEqual(new Date('2026-11-21T10:00:00+03:00'));
  });
});
