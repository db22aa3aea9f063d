import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  escapeText,
  foldLine,
  formatUtc,
  type IcsEvent,
  renderCalendar,
  renderEvent,
} from '../../../core/scheduling/ics.ts';

const octets = (s: string) => Buffer.byteLength(s, 'utf8');

/** RFC 5545 3.1: a CRLF followed by one space or tab is removed. */
const unfold = (text: string) => text.replace(/\r\n[ \t]/g, '');
/** The inverse of escapeText. */
const unescapeText = (value: string) =>
  value.replace(/\\([\\;,nN])/g, (_, c: string) => (c === 'n' || c === 'N' ? '\n' : c));
const property = (ics: string, name: string) =>
  unfold(ics)
    .split('\r\n')
    .find((l) => l.startsWith(`${name}:`) || l.startsWith(`${name};`))
    ?.replace(/^[^:]*:/, '');

const event = (overrides: Partial<IcsEvent> = {}): IcsEvent => ({
  id: '7d1f4a52-3b7e-4c43-9a51-0f3f1b2c9e10',
  start: new Date('2026-11-23T13:00:00Z'),
  end: new Date('2026-11-23T14:00:00Z'),
  stamp: new Date('2026-11-22T07:00:00.123Z'),
  summary: 'معاينة عقار رقم 2: شقة للإيجار في الملقا',
  status: 'CONFIRMED',
  ...overrides,
});

describe('formatUtc', () => {
  it('writes UTC date-times with a Z, to the second', () => {
    expect(formatUtc(new Date('2026-11-23T13:00:00Z'))).toBe('20261123T130000Z');
    expect(formatUtc(new Date('2026-11-23T16:00:00+03:00'))).toBe('20261123T130000Z');
    expect(formatUtc(new Date('2026-01-02T03:04:05.999Z'))).toBe('20260102T030405Z');
  });
  it('refuses an invalid date', () => {
    expect(() => formatUtc(new Date('nope'))).toThrow(RangeError);
  });
});

describe('escapeText', () => {
  it('escapes backslash, semicolon, comma and line breaks (RFC 5545 3.3.11)', () => {
    expect(escapeText('a,b;c\\d\ne')).toBe('a\\,b\\;c\\\\d\\ne');
    expect(escapeText('one\r\ntwo\rthree')).toBe('one\\ntwo\\nthree');
    expect(escapeText('الملقا، الرياض')).toBe('الملقا، الرياض'); // the Arabic comma is not a separator
  });
  it('round-trips any text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (s) => unescapeText(escapeText(s)) === s.replace(/\r\n?/g, '\n')),
    );
  });
});

describe('foldLine', () => {
  it('leaves lines of up to 75 octets alone', () => {
    const line = `SUMMARY:${'x'.repeat(67)}`;
    expect(octets(line)).toBe(75);
    expect(foldLine(line)).toBe(line);
  });

  it('folds longer lines at 75 octets, continuations starting with one space', () => {
    const line = `DESCRIPTION:${'a'.repeat(200)}`;
    const folded = foldLine(line);
    const pieces = folded.split('\r\n');
    expect(pieces.length).toBe(3);
    for (const piece of pieces) expect(octets(piece)).toBeLessThanOrEqual(75);
    expect(octets(pieces[0]!)).toBe(75);
    for (const piece of pieces.slice(1)) expect(piece.startsWith(' ')).toBe(true);
    expect(unfold(folded)).toBe(line);
  });

  it('never cuts inside a UTF-8 sequence (Arabic is two octets a letter, emoji four)', () => {
    const line = `SUMMARY:${'معاينة 🏠 '.repeat(20)}`;
    const pieces = foldLine(line).split('\r\n');
    expect(pieces.length).toBeGreaterThan(1);
    for (const piece of pieces) {
      expect(octets(piece)).toBeLessThanOrEqual(75);
      expect(Buffer.from(piece, 'utf8').toString('utf8')).toBe(piece);
      expect(piece).not.toMatch(/[\uD800-\uDBFF]$/); // no lone high surrogate at a cut
    }
    expect(unfold(pieces.join('\r\n'))).toBe(line);
  });

  it('folds any text into valid pieces that unfold to it', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 400 }), (s) => {
        const line = `X:${s.replace(/[\r\n]/g, '')}`;
        const folded = foldLine(line);
        return folded.split('\r\n').every((p) => octets(p) <= 75) && unfold(folded) === line;
      }),
    );
  });
});

describe('renderEvent', () => {
  it('writes one VEVENT in a VCALENDAR, every line ending in CRLF', () => {
    const ics = renderEvent(
      event({
        description: 'الوسيط: سعد +966500000001\nالموقع: https://maps.google.com/?q=24.8110,46.6140',
        location: 'الملقا, Riyadh',
        url: 'https://maps.google.com/?q=24.8110,46.6140',
        geo: { latitude: 24.811, longitude: 46.614 },
        sequence: 3,
        created: new Date('2026-11-22T07:00:00Z'),
        lastModified: new Date('2026-11-22T07:05:00Z'),
      }),
    );
    expect(ics.endsWith('\r\n')).toBe(true);
    expect(ics.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/); // no bare CR or LF anywhere
    const lines = unfold(ics).trimEnd().split('\r\n');
    expect(lines[0]).toBe('BEGIN:VCALENDAR');
    expect(lines.at(-1)).toBe('END:VCALENDAR');
    expect(lines).toContain('VERSION:2.0');
    expect(lines).toContain('METHOD:PUBLISH');
    expect(lines.filter((l) => l === 'BEGIN:VEVENT')).toHaveLength(1);
    expect(property(ics, 'PRODID')).toBeTruthy();
    expect(property(ics, 'UID')).toBe('7d1f4a52-3b7e-4c43-9a51-0f3f1b2c9e10@nova');
    expect(property(ics, 'DTSTAMP')).toBe('20261122T070000Z');
    expect(property(ics, 'DTSTART')).toBe('20261123T130000Z');
    expect(property(ics, 'DTEND')).toBe('20261123T140000Z');
    expect(property(ics, 'SEQUENCE')).toBe('3');
    expect(property(ics, 'STATUS')).toBe('CONFIRMED');
    expect(property(ics, 'LOCATION')).toBe('الملقا\\, Riyadh');
    // a URI is not TEXT: its comma stays
    expect(property(ics, 'URL')).toBe('https://maps.google.com/?q=24.8110,46.6140');
    expect(property(ics, 'GEO')).toBe('24.811000;46.614000');
    expect(property(ics, 'CREATED')).toBe('20261122T070000Z');
    expect(property(ics, 'LAST-MODIFIED')).toBe('20261122T070500Z');
    expect(unescapeText(property(ics, 'DESCRIPTION')!)).toBe(
      'الوسيط: سعد +966500000001\nالموقع: https://maps.google.com/?q=24.8110,46.6140',
    );
    expect(unescapeText(property(ics, 'SUMMARY')!)).toBe('معاينة عقار رقم 2: شقة للإيجار في الملقا');
    for (const line of ics.split('\r\n')) expect(octets(line)).toBeLessThanOrEqual(75);
  });

  it('marks a cancelled appointment CANCELLED and transparent, with the same UID', () => {
    const ics = renderEvent(event({ status: 'CANCELLED', sequence: 5 }));
    expect(property(ics, 'STATUS')).toBe('CANCELLED');
    expect(property(ics, 'TRANSP')).toBe('TRANSPARENT');
    expect(property(ics, 'UID')).toBe('7d1f4a52-3b7e-4c43-9a51-0f3f1b2c9e10@nova');
  });

  it('leaves optional properties out rather than empty', () => {
    const ics = renderEvent(event());
    for (const name of ['DESCRIPTION', 'LOCATION', 'URL', 'GEO', 'CREATED', 'LAST-MODIFIED', 'TRANSP']) {
      expect(property(ics, name)).toBeUndefined();
    }
    expect(property(ics, 'SEQUENCE')).toBe('0');
  });

  it('refuses an event that does not end after it starts', () => {
    expect(() => renderEvent(event({ end: new Date('2026-11-23T13:00:00Z') }))).toThrow(RangeError);
  });

  it('keeps any summary intact through escaping and folding', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), (summary) => {
        const ics = renderEvent(event({ summary }));
        return unescapeText(property(ics, 'SUMMARY') ?? '') === summary.replace(/\r\n?/g, '\n');
      }),
    );
  });
});

describe('renderCalendar', () => {
  it('writes a named feed with a refresh hint and every event', () => {
    const ics = renderCalendar([event(), event({ id: '11111111-1111-4111-8111-111111111111', status: 'CANCELLED' })], {
      name: 'نوفا — مواعيد سعد',
      refreshMinutes: 15,
    });
    expect(property(ics, 'X-WR-CALNAME')).toBe('نوفا — مواعيد سعد');
    expect(property(ics, 'REFRESH-INTERVAL')).toBe('PT15M');
    expect(property(ics, 'X-PUBLISHED-TTL')).toBe('PT15M');
    expect(ics.match(/BEGIN:VEVENT/g)).toHaveLength(2);
    expect(ics.match(/END:VEVENT/g)).toHaveLength(2);
    expect(ics).toContain('STATUS:CANCELLED');
  });

  it('is a valid calendar with no events', () => {
    const ics = renderCalendar([], {});
    expect(unfold(ics).trimEnd().split('\r\n')).toEqual([
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'PRODID:-//Nova//Viewings//AR',
      'CALSCALE:GREGORIAN',
      'METHOD:PUBLISH',
      'END:VCALENDAR',
    ]);
  });
});
