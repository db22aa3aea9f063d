import { describe, expect, it } from 'vitest';
import { parse } from '../../../bot/language/index.ts';
import { citiesOfDistrict, lookupCity, lookupDistrict } from '../../../bot/language/places.ts';
import { placeIndexStats } from '../../../bot/language/places-index.ts';
import type { Role } from '../../../bot/language/types.ts';

const now = new Date('2026-11-19T14:00:00+03:00');
const place = (text: string, role: Role = 'client'): { city?: string; district?: string } => {
  const e = parse(text, { now, role }).entities;
  return { ...(e.city ? { city: e.city } : {}), ...(e.district ? { district: e.district } : {}) };
};

describe('place index', () => {
  it('is loaded from data/gazetteer/places.json', () => {
    const s = placeIndexStats();
    expect(s.error).toBeUndefined();
    expect(s.cities).toBeGreaterThan(3000);
    expect(s.districts).toBeGreaterThan(3000);
  });
});

describe('cities', () => {
  it.each([
    ['ابي شقة بالرياض', 'Riyadh'],
    ['ابي شقة في جده', 'Jeddah'],
    ['ابي شقة بجدة', 'Jeddah'],
    ['ابي شقة في مكة', 'Makkah'],
    ['ابي شقة في المدينة المنورة', 'Madinah'],
    ['ابي شقة في الخبر', 'Al Khobar'],
    ['ابي شقة بالدمام', 'Dammam'],
    ['ابي شقة في الطايف', 'At Taif'],
    ['ابي شقة في أبها', 'Abha'],
    ['ابي شقة في حائل', 'Hail'],
    ['ابي شقة في خميس مشيط', 'Khamis Mushayt'],
    ['ابي شقة في الأحساء', 'Al Ahsa'],
    ['ابي استراحة بالخرج', 'Al Kharj'],
    ['I want a flat in Riyadh', 'Riyadh'],
    ['I want a flat in jeddah', 'Jeddah'],
    ['I want a flat in Al Khobar', 'Al Khobar'],
    ['I want a flat in Khobar', 'Al Khobar'],
    ['I want a flat in Mecca', 'Makkah'],
    ['I want a flat in Medina', 'Madinah'],
  ])('%s → %s', (text, city) => {
    expect(place(text).city).toBe(city);
  });

  it('leaves everyday words alone', () => {
    expect(place('وش الخبر؟').city).toBeUndefined();
    expect(place('السلام عليكم')).toEqual({});
    expect(place('صباح الخير')).toEqual({});
    expect(place('hi, how are you')).toEqual({});
  });

  it('lookupCity for the dialogs', () => {
    expect(lookupCity('جده')).toEqual({ nameEn: 'Jeddah', nameAr: 'جدة' });
    expect(lookupCity('بالرياض')?.nameEn).toBe('Riyadh');
    expect(lookupCity('Al Khobar')?.nameEn).toBe('Al Khobar');
    expect(lookupCity('khobar')?.nameEn).toBe('Al Khobar');
    expect(lookupCity('مكة')?.nameEn).toBe('Makkah');
    expect(lookupCity('مدينة غير موجودة')).toBeUndefined();
    expect(lookupCity('')).toBeUndefined();
  });
});

describe('districts', () => {
  it.each([
    ['ابي شقة حي الملقا', 'الملقا'],
    ['ابي شقة في الملقا', 'الملقا'],
    ['ابي شقة بالملقا', 'الملقا'],
    ['ابي شقة بحي السليمانية', 'السليمانية'],
    ['فيلا النرجس للبيع', 'النرجس'],
    ['ابي شقة في Al Malqa', 'الملقا'],
    ['I want a flat in Malqa', 'الملقا'],
    ['I want a flat in Olaya', 'العليا'],
    ['I want a flat in Hittin', 'حطين'],
    ['ابي شقة في حي الملك فهد', 'الملك فهد'],
  ])('%s → %s', (text, district) => {
    expect(place(text).district).toBe(district);
  });

  it('reads an English district in lower case with "al" or "district", never a first name or a family name', () => {
    expect(place('riyadh, al yasmin district')).toEqual({ city: 'Riyadh', district: 'الياسمين' });
    expect(place('al yasmin')).toEqual({ district: 'الياسمين' });
    expect(place('narjis district')).toEqual({ district: 'النرجس' });
    expect(place('new lead khalid 0533334444', 'broker')).toEqual({});
    expect(place('call abdullah al rayan tomorrow', 'broker')).toEqual({});
  });

  it('keeps an unknown district after حي as written', () => {
    expect(place('ابي شقة في حي الوفاق الشرقي بجدة')).toEqual({ city: 'Jeddah', district: 'الوفاق الشرقي' });
    expect(place('ابي شقة حي ابحر')).toEqual({ district: 'ابحر' });
    expect(place('ابي شقة حي المستقبلية الغربية ٣ غرف').district).toBe('المستقبلية الغربية');
  });

  it('prefers the district of the city named in the message', () => {
    // "الصفاء" (with hamza) is in Al Kharj and elsewhere; Jeddah has "الصفا"
    expect(place('ابي شقة في حي الصفاء بجدة')).toEqual({ city: 'Jeddah', district: 'الصفا' });
    expect(place('ابي شقة في حي الصفاء بالخرج')).toEqual({ city: 'Al Kharj', district: 'الصفاء' });
    expect(lookupDistrict('الصفاء', 'Jeddah')).toEqual({ nameAr: 'الصفا', nameEn: 'As Safa', cityNameEn: 'Jeddah' });
    expect(lookupDistrict('حي الملقا')).toEqual({ nameAr: 'الملقا', nameEn: 'Al Malqa', cityNameEn: 'Riyadh' });
    expect(lookupDistrict('Malqa')?.nameAr).toBe('الملقا');
    expect(lookupDistrict('لا يوجد')).toBeUndefined();
  });

  it('needs a cue for district names that are everyday words', () => {
    expect(place('ملاحظة على نورة: تبي قريب من المدارس')).toEqual({});
    expect(place('شقة في حي السلام').district).toBe('السلام');
    expect(place('شقة في السلام').district).toBe('السلام');
  });

  it('does not take a family name for a district', () => {
    expect(place('عميل جديد أحمد الفهد يبي شقة', 'broker').district).toBeUndefined();
  });
});

describe('findPlaces (text)', () => {
  it('finds the city and district of a typed text', async () => {
    const { findPlaces } = await import('../../../bot/language/index.ts');
    expect(findPlaces('شقة بحي الملقا بالرياض')).toEqual({ city: 'Riyadh', district: 'الملقا' });
    expect(findPlaces('النرجس')).toEqual({ district: 'النرجس' });
    expect(findPlaces('Jeddah, Al Rawdah')).toEqual({ city: 'Jeddah', district: 'الروضة' });
    expect(findPlaces('')).toEqual({});
  });
});

describe('citiesOfDistrict', () => {
  it('gives the one city of a district found in one city only, in Arabic or English', () => {
    expect(citiesOfDistrict('الملقا')).toEqual(['Riyadh']);
    expect(citiesOfDistrict('حي الملقا')).toEqual(['Riyadh']);
    expect(citiesOfDistrict('Malqa')).toEqual(['Riyadh']);
  });

  it('gives every city that has a district of a common name, once each', () => {
    const cities = citiesOfDistrict('النرجس');
    expect(cities).toContain('Riyadh');
    expect(cities.length).toBeGreaterThan(1);
    expect(new Set(cities).size).toBe(cities.length);
  });

  it('gives none for a name that is no district', () => {
    expect(citiesOfDistrict('')).toEqual([]);
    expect(citiesOfDistrict('xyzzy')).toEqual([]);
  });
});

describe('lookupDistrict in a given city, by another English spelling', () => {
  it("finds the city's own district when the exact English name is another city's", () => {
    // The gazetteer spells Riyadh's «الياسمين» "Al Yasmeen"; "Al Yasmin" is Sakaka's spelling.
    expect(lookupDistrict('al yasmin', 'Riyadh')).toMatchObject({ nameAr: 'الياسمين', cityNameEn: 'Riyadh' });
    expect(lookupDistrict('Al Yasmin')?.cityNameEn).not.toBe(undefined);
  });

  it('keeps the exact match when the city has it, and finds nothing for a name no spelling fits', () => {
    expect(lookupDistrict('Malqa', 'Riyadh')).toMatchObject({ nameAr: 'الملقا', cityNameEn: 'Riyadh' });
    expect(lookupDistrict('xqzv', 'Riyadh')).toBeUndefined();
  });
});
