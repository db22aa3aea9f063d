// parse() says which parts of the text it read as values, with offsets into the text as written.
import { describe, expect, it } from 'vitest';
import { parse, type SpanKind, textWithout } from '../../../bot/language/index.ts';

const now = new Date('2026-11-22T09:30:00+03:00'); // Sunday morning in Riyadh

/** Each span as [kind, the text it covers]. */
function read(text: string): Array<[SpanKind, string]> {
  return parse(text, { now }).spans.map((s) => [s.kind, text.slice(s.start, s.end)]);
}

describe('spans of an Arabic message', () => {
  it('cover the name, phone, place, money, area and rooms as written, Arabic-Indic digits included', () => {
    const text = 'عميل جديد أحمد ٠٥٥١٢٣٤٥٦٧ يبي فيلا في حي النرجس بالرياض ميزانيته ٢ مليون مساحة ٤٠٠ متر ٥ غرف';
    expect(read(text)).toEqual([
      ['name', 'أحمد'],
      ['phone', '٠٥٥١٢٣٤٥٦٧'],
      ['place', 'حي النرجس بالرياض'],
      ['money', '٢ مليون'],
      ['area', '٤٠٠ متر'],
      ['rooms', '٥ غرف'],
    ]);
  });

  it('cover a date and time as one span, from the day word to the part of the day', () => {
    expect(read('ذكرني بكرة الساعة ٤ العصر أتصل بخالد')).toEqual([
      ['datetime', 'بكرة الساعة ٤ العصر'],
      ['name', 'بخالد'],
    ]);
  });

  it('read Persian digits at their own offsets', () => {
    const text = 'ذكرني بعد ۲ ساعات اتصل';
    const [span] = parse(text, { now }).spans;
    expect(span).toEqual({ kind: 'datetime', start: 6, end: 17 });
  });

  it('mark a reference by number or by ordinal, and plain numbers', () => {
    expect(read('قبول الفرصة رقم ٣')).toEqual([['ref', '٣']]);
    expect(read('الفرصة الثانية')).toEqual([['ref', 'الثانية']]);
    expect(read('عندي 3 عملاء و ٤ طلبات')).toEqual([
      ['number', '3'],
      ['number', '٤'],
    ]);
  });
});

describe('spans of an English message', () => {
  it('cover the name, phone, place, money and rooms at their offsets', () => {
    const text = 'new client Sara 0551234567 wants an apartment in Riyadh budget 900k, 3 bedrooms';
    expect(parse(text, { now }).spans).toEqual([
      { kind: 'name', start: 11, end: 15 },
      { kind: 'phone', start: 16, end: 26 },
      { kind: 'place', start: 49, end: 55 },
      { kind: 'money', start: 63, end: 67 },
      { kind: 'rooms', start: 69, end: 79 },
    ]);
  });

  it('cover times and e-mail addresses', () => {
    expect(read('remind me tomorrow at 8am to send photos to Sara')).toEqual([
      ['datetime', 'tomorrow at 8am'],
      ['name', 'Sara'],
    ]);
    expect(read('remind me in 30 minutes to call Omar')[0]).toEqual(['datetime', 'in 30 minutes']);
    expect(read('my email is Ahmed@Example.com')).toEqual([['email', 'Ahmed@Example.com']]);
  });

  it('are empty for a text with no values', () => {
    expect(parse('hello', { now }).spans).toEqual([]);
    expect(parse('', { now }).spans).toEqual([]);
  });
});

describe('textWithout', () => {
  it('takes out only the spans of the kinds asked for, leaving one space', () => {
    const text = 'ذكرني بكرة الساعة ٤ العصر أتصل بخالد';
    const { spans } = parse(text, { now });
    expect(textWithout(text, spans, ['datetime'])).toBe('ذكرني أتصل بخالد');
    expect(textWithout(text, spans, ['datetime', 'name'])).toBe('ذكرني أتصل');
    expect(textWithout(text, spans, ['phone'])).toBe(text);
  });

  it('handles spans at the edges, touching and overlapping', () => {
    expect(
      textWithout(
        'abc def ghi',
        [
          { kind: 'name', start: 0, end: 3 },
          { kind: 'name', start: 3, end: 4 },
          { kind: 'name', start: 2, end: 7 },
          { kind: 'place', start: 8, end: 11 },
        ],
        ['name', 'place'],
      ),
    ).toBe('');
    expect(textWithout('abc def', [{ kind: 'name', start: 4, end: 7 }], ['name'])).toBe('abc');
  });
});
