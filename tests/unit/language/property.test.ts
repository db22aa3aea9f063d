// Property-based tests: any string gives a valid result, without throwing and without the safety net.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_CHARS, normalizeArabic, parse, parseUnsafe } from '../../../bot/language/index.ts';
import type { ParseResult } from '../../../bot/language/types.ts';
import { SCORED } from './score.ts';

const INTENTS = new Set([
  'greeting',
  'help',
  'cancel',
  'confirm',
  'deny',
  'select',
  'customer.create',
  'customer.list',
  'customer.update',
  'note.add',
  'request.create',
  'offer.create',
  'property.search',
  'match.list',
  'match.accept',
  'match.reject',
  'appointment.create',
  'appointment.list',
  'appointment.cancel',
  'appointment.reschedule',
  'task.create',
  'task.list',
  'task.complete',
  'sale.record',
  'report.summary',
  'unknown',
]);
// The contract's entity keys are exactly the scored ones.
const KEYS = new Set<string>(SCORED);

function checkValid(r: ParseResult): void {
  expect(INTENTS.has(r.intent)).toBe(true);
  expect(r.confidence).toBeGreaterThanOrEqual(0);
  expect(r.confidence).toBeLessThanOrEqual(1);
  expect(['ar', 'en']).toContain(r.language);
  expect(Array.isArray(r.numbers)).toBe(true);
  for (const n of r.numbers) expect(Number.isFinite(n)).toBe(true);
  for (const [k, v] of Object.entries(r.entities)) {
    expect(KEYS.has(k)).toBe(true);
    expect(v === null || v === undefined).toBe(false);
    if (typeof v === 'number') expect(Number.isFinite(v)).toBe(true);
    if (k === 'datetime') expect(v).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:00[+-]\d\d:\d\d$/);
    if (k === 'date') expect(v).toMatch(/^\d{4}-\d\d-\d\d$/);
    if (k === 'phone') expect(v).toMatch(/^\+\d{8,15}$/);
  }
  // spans lie inside the analysed text, in order
  let last = 0;
  for (const span of r.spans) {
    expect(span.start).toBeGreaterThanOrEqual(last);
    expect(span.end).toBeGreaterThan(span.start);
    expect(span.end).toBeLessThanOrEqual(MAX_CHARS);
    last = span.start;
  }
  // the result is plain JSON
  expect(JSON.parse(JSON.stringify(r))).toEqual(r);
}

/** fast-check runs hundreds of parses: a budget well above a normal run, far below a hang. */
const PROPERTY_TIMEOUT_MS = 60_000;

const now = new Date('2026-11-19T14:00:00+03:00');
const roles = fc.constantFrom('broker' as const, 'owner' as const, 'client' as const);
const pieces = fc.constantFrom(
  'عميل جديد',
  'أحمد',
  'أبو فهد',
  '0551234567',
  '+966 55',
  'مليون',
  'و',
  'ونص',
  '٣٠٠',
  'ألف',
  'بين',
  'الى',
  'الساعة',
  '٥',
  'الا ربع',
  'بكرة',
  'الأحد',
  'الأسبوع الجاي',
  'حي',
  'الملقا',
  'بالرياض',
  'شقة',
  'للإيجار',
  'غرف',
  'متر',
  '٢٥/١١',
  'نوفمبر',
  'كانون الثاني',
  'رقم',
  'الثاني',
  'بعد',
  'ساعتين',
  '😂',
  '\u200f',
  '\u202e',
  '\u0000',
  '\ud800',
  '\udfff',
  'ـــ',
  'ًٌٍ',
  'تماااام',
  '٫',
  '٬',
  ':',
  '/',
  '-',
  '#',
  '@',
  'x@y.co',
  'in Al',
  'Malqa',
  '2.5M',
  '60k',
  '4:30pm',
);
const messy = fc
  .array(fc.oneof(pieces, fc.string(), fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' })), {
    maxLength: 30,
  })
  .map((xs) => xs.join(' '));

describe('any input gives a valid result', () => {
  it(
    'random strings (any UTF-16, lone surrogates, control characters)',
    () => {
      fc.assert(
        fc.property(fc.string({ unit: 'binary', maxLength: 400 }), roles, (text, role) => {
          checkValid(parseUnsafe(text, { now, role }));
        }),
        { numRuns: 400 },
      );
    },
    PROPERTY_TIMEOUT_MS,
  );

  it(
    'mixtures of the vocabulary, numbers, emoji, marks and junk',
    () => {
      fc.assert(
        fc.property(messy, roles, fc.date({ noInvalidDate: true }), (text, role, when) => {
          checkValid(parseUnsafe(text, { now: when, role }));
        }),
        { numRuns: 600 },
      );
    },
    PROPERTY_TIMEOUT_MS,
  );

  it(
    '100 KB inputs, in bounded time',
    () => {
      fc.assert(
        fc.property(fc.constantFrom('عميل جديد أحمد 0551234567 ', '😂', '\u200f', 'مليون و', '٩', 'a'), (unit) => {
          const text = unit.repeat(Math.ceil(100_000 / unit.length));
          const t0 = performance.now();
          checkValid(parseUnsafe(text, { now }));
          expect(performance.now() - t0).toBeLessThan(500);
        }),
        { numRuns: 6 },
      );
      const huge = 'ابي شقة بالرياض '.repeat(7000);
      expect(huge.length).toBeGreaterThan(100_000);
      expect(huge.length).toBeGreaterThan(MAX_CHARS);
      checkValid(parseUnsafe(huge, { now, role: 'client' }));
    },
    PROPERTY_TIMEOUT_MS,
  );

  it(
    'odd options and non-strings never throw through parse()',
    () => {
      checkValid(parse(undefined as unknown as string, { now }));
      checkValid(parse(42 as unknown as string, { now }));
      checkValid(parse('بكرة الساعة ٥', { now: new Date(Number.NaN) }));
      checkValid(parse('بكرة الساعة ٥', { now, tz: 'Not/AZone' }));
      checkValid(parse('بكرة الساعة ٥', { now, role: 'admin' as unknown as 'broker' }));
      checkValid(parse('بكرة الساعة ٥', undefined as unknown as { now: Date }));
    },
    PROPERTY_TIMEOUT_MS,
  );

  it(
    'is deterministic',
    () => {
      fc.assert(
        fc.property(messy, (text) => {
          expect(parseUnsafe(text, { now })).toEqual(parseUnsafe(text, { now }));
        }),
        { numRuns: 100 },
      );
    },
    PROPERTY_TIMEOUT_MS,
  );

  it('normalizeArabic is idempotent on every UTF-16 unit, the Angstrom sign (Å → å → a) included', () => {
    const notIdempotent: string[] = [];
    for (let c = 0; c <= 0xffff; c++) {
      const once = normalizeArabic(`x${String.fromCharCode(c)}y`);
      if (normalizeArabic(once) !== once) notIdempotent.push(c.toString(16));
    }
    expect(notIdempotent).toEqual([]);
    expect(normalizeArabic('\u212B')).toBe('a');
  });

  it(
    'normalizeArabic is idempotent and never throws',
    () => {
      fc.assert(
        fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => {
          const once = normalizeArabic(text);
          expect(normalizeArabic(once)).toBe(once);
        }),
        { numRuns: 300 },
      );
    },
    PROPERTY_TIMEOUT_MS,
  );
});
