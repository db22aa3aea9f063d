// The fact guard of the AI helper's adverts and summaries (core/ai/fact-check.ts): a scripted model answer
// that invents a pool, a room, a price, a place or a date loses that sentence (or line); an answer that is
// mostly invention is rejected whole; the facts themselves pass in the ways people write them.
import { describe, expect, it } from 'vitest';
import { namesIn } from '../../../bot/features/customers/customers.summary.ts';
import { findPlaces } from '../../../bot/language/index.ts';
import {
  type AdvertFacts,
  checkAdvert,
  checkAdvertPair,
  checkSummary,
  numbersIn,
} from '../../../core/ai/fact-check.ts';

const facts: AdvertFacts = {
  propertyType: 'villa',
  listingType: 'sale',
  city: 'Riyadh',
  district: 'الملقا',
  area: 400,
  price: 2_500_000,
  bedrooms: 5,
  bathrooms: 4,
  features: ['مصعد', 'حديقة'],
  regaLicence: '7200123456',
};
const readers = { placesIn: findPlaces };

const AR =
  'فيلا فاخرة للبيع في حي الملقا بالرياض. مساحتها ٤٠٠ م² وفيها ٥ غرف نوم و٤ دورات مياه. تتميز بمسبح خاص ومصعد. حديقة واسعة. السعر ٢٬٥٠٠٬٠٠٠ ريال. رقم ترخيص الإعلان: ٧٢٠٠١٢٣٤٥٦.';
const EN =
  'Luxury villa for sale in Al Malqa, Riyadh. 400 m², 5 bedrooms and 4 bathrooms. Private swimming pool and an elevator. Price: SAR 2.5 million. REGA ad licence: 7200123456.';

describe('listing adverts', () => {
  it('strips the sentence of a model answer that invents a pool, in Arabic and English, and keeps the rest', () => {
    const checked = checkAdvertPair({ ar: AR, en: EN }, facts, readers);
    expect(checked).not.toBeNull();
    expect(checked!.ar).not.toMatch(/مسبح/);
    expect(checked!.en).not.toMatch(/pool/i);
    expect(checked!.dropped.map((d) => d.why)).toEqual(['feature pool', 'feature pool']);
    // every true fact stays, the licence number included
    expect(checked!.ar).toContain('حي الملقا بالرياض');
    expect(checked!.ar).toContain('٢٬٥٠٠٬٠٠٠ ريال');
    expect(checked!.ar).toContain('٧٢٠٠١٢٣٤٥٦');
    expect(checked!.en).toContain('SAR 2.5 million');
    expect(checked!.en).toContain('7200123456');
  });

  it('keeps a pool the owner listed among the features', () => {
    const withPool = { ...facts, features: ['مسبح', 'مصعد', 'حديقة'] };
    expect(checkAdvert(AR, withPool, readers).dropped).toEqual([]);
    expect(checkAdvert(EN, withPool, readers).dropped).toEqual([]);
  });

  it.each([
    ['a room count not in the facts', 'فيها ست غرف نوم.', 'number 6'],
    ['a dual that is not the facts', 'فيها غرفتين خادمة.', 'number 2'],
    ['a price not in the facts', 'السعر ٢٫٨ مليون ريال.', 'number 2.8'],
    ['an area not in the facts', 'Plot of 450 m2.', 'number 450'],
    ['a sea view', 'Stunning sea view from the roof.', 'feature sea_view'],
    ['a maid room', 'With a maid room.', 'feature maid_room'],
    ['a driver room', 'فيها غرفة سائق.', 'feature driver_room'],
    ['furniture', 'تباع مفروشة بالكامل.', 'feature furnished'],
    ['parking', 'Covered parking.', 'feature parking'],
    ['another district', 'تقع في حي النرجس.', 'district النرجس'],
    ['another city', 'Located in Jeddah.', 'city Jeddah'],
    ['another type', 'شقة واسعة.', 'type apartment'],
    ['the other listing', 'Available for rent too.', 'listing rent'],
  ])('drops %s', (_what, sentence, why) => {
    const checked = checkAdvert(`فيلا للبيع في الملقا. ${sentence}`, facts, readers);
    expect(checked.dropped.map((d) => d.why)).toEqual([why]);
    expect(checked.text).toBe('فيلا للبيع في الملقا.');
  });

  it('rejects an advert that is mostly invention', () => {
    const invented = { ar: AR, en: 'Villa in Jeddah. Six bedrooms. Sea view. Fully furnished.' };
    expect(checkAdvertPair(invented, facts, readers)).toBeNull();
  });

  it('reads numbers the ways adverts write them', () => {
    expect(numbersIn('١٫٢ مليون و٩٥٠ ألف، 1,200,000 ريال، 20m شارع، 750k')).toEqual([
      [1.2, 1_200_000],
      [950, 950_000],
      [1_200_000],
      [20, 20_000_000],
      [750, 750_000],
    ]);
    expect(numbersIn('٤٠٠ م٢ و 300 m2')).toEqual([[400], [300]]);
  });
});

describe('summaries', () => {
  const source = [
    '2026-11-10T10:15+03:00 فهد — مهتم — فيلا في الملقا حتى ٢٬٠٠٠٬٠٠٠ ريال',
    '2026-11-20T16:00+03:00 معاينة العقار رقم ٣: تمت',
    'الجمعة ٢٠ نوفمبر، ٤:٠٠ م',
  ].join('\n');
  const readers = { placesIn: findPlaces, namesIn };

  it('drops a model line with a number, date, name or place the timeline does not have', () => {
    const checked = checkSummary(
      [
        'فهد يبحث عن فيلا في الملقا بميزانية حتى ٢ مليون.',
        'عاين العقار رقم ٣ يوم الجمعة ٢٠ نوفمبر الساعة ٤ العصر.',
        'عاين العقار رقم ٧ أيضاً.',
        'كلمه أمس وقال بيرد عليه.',
        'خالد يتابع معه الطلب.',
        'يفضل حي النرجس.',
        'معاينته القادمة يوم الثلاثاء.',
      ],
      source,
      readers,
    );
    expect(checked.lines).toEqual([
      'فهد يبحث عن فيلا في الملقا بميزانية حتى ٢ مليون.',
      'عاين العقار رقم ٣ يوم الجمعة ٢٠ نوفمبر الساعة ٤ العصر.',
    ]);
    expect(checked.dropped.map((d) => d.why)).toEqual([
      'number 7',
      'date امس',
      'name خالد',
      'place النرجس',
      'date الثلاثاء',
    ]);
  });
});
