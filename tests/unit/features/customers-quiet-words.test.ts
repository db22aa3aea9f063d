// «مين ما تواصلت معه من اسبوع», "who haven't I contacted in 2 weeks": asking for the customers gone quiet.
import { describe, expect, it } from 'vitest';
import { asksQuiet, quietDaysOf } from '../../../bot/features/customers/customers.quiet.ts';

describe('asking who has gone without contact', () => {
  it('is a list asked for, in Gulf Arabic and English', () => {
    for (const text of [
      'مين ما تواصلت معه من اسبوع',
      'العملاء اللي ما كلمتهم من شهر',
      'وش العملاء اللي نسيتهم',
      'عطني العملاء المهملين',
      "who haven't I contacted in 2 weeks?",
      'show me my quiet leads',
    ])
      expect(asksQuiet(text, false), text).toBe(true);
  });

  it('is not a note about one customer, nor a message without "not contacted"', () => {
    expect(asksQuiet('ما كلمت خالد', true)).toBe(false);
    expect(asksQuiet('كلمت فهد وقال بيفكر', true)).toBe(false);
    expect(asksQuiet('مين عملائي', false)).toBe(false);
    expect(asksQuiet("I haven't called him yet", false)).toBe(false);
  });

  it('reads the period: a week, two weeks, a month, N days; none when unsaid', () => {
    expect(quietDaysOf('مين ما تواصلت معه من اسبوع')).toBe(7);
    expect(quietDaysOf('ما كلمتهم من اسبوعين')).toBe(14);
    expect(quietDaysOf('من شهر')).toBe(30);
    expect(quietDaysOf('من ١٠ ايام')).toBe(10);
    expect(quietDaysOf("who haven't I contacted in 3 weeks")).toBe(21);
    expect(quietDaysOf('العملاء اللي ما كلمتهم')).toBeUndefined();
  });
});
