import { describe, expect, it } from 'vitest';
import { firstTime, readRepeat, withoutRepeat } from '../../../bot/features/tasks/tasks.repeat.ts';

const R = 'Asia/Riyadh';
const at = (iso: string) => new Date(iso);

describe('a repeat said in a reminder', () => {
  it('reads the period and the weekday, in Gulf Arabic and English', () => {
    expect(readRepeat('ذكرني كل يوم الساعة ٨ اتصل بالعملاء')).toEqual({ repeat: 'daily' });
    expect(readRepeat('ذكرني يومياً ٧ الصبح')).toEqual({ repeat: 'daily' });
    expect(readRepeat('ذكرني كل خميس ٤ العصر اجتماع الفريق')).toEqual({ repeat: 'weekly', weekday: 4 });
    expect(readRepeat('ذكرني كل اسبوع اراجع العروض')).toEqual({ repeat: 'weekly' });
    expect(readRepeat('ذكرني كل شهر يوم ١ ادفع الايجار')).toEqual({ repeat: 'monthly' });
    expect(readRepeat('remind me every Sunday at 9 to send the report')).toEqual({ repeat: 'weekly', weekday: 0 });
    expect(readRepeat('remind me daily at 8am')).toEqual({ repeat: 'daily' });
  });

  it('takes «كل أحد» for Sunday only before a time, not for "everyone"', () => {
    expect(readRepeat('ذكرني كل احد الساعة ٩ ارسل التقرير')).toEqual({ repeat: 'weekly', weekday: 0 });
    expect(readRepeat('ذكرني كل أحد ٩ الصبح')).toEqual({ repeat: 'weekly', weekday: 0 });
    expect(readRepeat('ذكرني اتصل على كل احد من العملاء بكرة')).toBeUndefined();
    expect(readRepeat('ذكرني اتصل بخالد بكرة ٤ العصر')).toBeUndefined();
  });

  it('blanks the repeat words and keeps the rest where it was', () => {
    const text = 'remind me every thursday at 4pm to send the weekly report';
    const blanked = withoutRepeat(text);
    expect(blanked).toHaveLength(text.length);
    expect(blanked.replace(/\s+/g, ' ')).toBe('remind me at 4pm to send the weekly report');
  });

  it('starts on the weekday named, at the hour read, and never in the past', () => {
    const sunday10 = at('2026-12-13T10:00:00+03:00');
    // «كل خميس ٤ العصر» said on a Sunday: the parser read 16:00 today; Thursday it is
    expect(firstTime(at('2026-12-13T16:00:00+03:00'), { repeat: 'weekly', weekday: 4 }, sunday10, R)).toEqual(
      at('2026-12-17T16:00:00+03:00'),
    );
    // «كل يوم الساعة ٨» said at ten: tomorrow at eight
    expect(firstTime(at('2026-12-13T08:00:00+03:00'), { repeat: 'daily' }, sunday10, R)).toEqual(
      at('2026-12-14T08:00:00+03:00'),
    );
    // «كل أحد ٩ الصبح» said on a Sunday at ten: next Sunday
    expect(firstTime(at('2026-12-13T09:00:00+03:00'), { repeat: 'weekly', weekday: 0 }, sunday10, R)).toEqual(
      at('2026-12-20T09:00:00+03:00'),
    );
  });
});
