// The gazetteer's cities and districts (data/gazetteer/places.json, built by bin/build-gazetteer.ts;
// GPL-2.0 data, see data/gazetteer/NOTICE), loaded once when this module is first imported into maps from
// normalised names (Arabic and English, one or more words) to entries. places.ts reads them.
import { readFileSync } from 'node:fs';
import { keySet, tokenize } from './normalize.ts';

export interface RawIndex {
  cities: [string, string, number][];
  districts: [string, string, number][];
}

export interface City {
  ar: string;
  en: string;
  /** number of districts in the gazetteer */
  n: number;
  major: boolean;
  /** an everyday word too: needs a cue */
  ambiguous: boolean;
}
export interface District {
  ar: string;
  en: string;
  city: number;
  /** the index key of the name (normalised, without hamza) */
  key: string;
  /** the name has a hamza (ء): "الصفاء" vs "الصفا" */
  hamza: boolean;
}
export interface Entry {
  cities: number[];
  districts: number[];
}

export const ARTICLES = new Set([
  'al',
  'el',
  'ar',
  'as',
  'at',
  'ad',
  'an',
  'az',
  'ash',
  'adh',
  'ath',
  'aj',
  'ad-',
  'the',
]);

/** Cities without districts in the gazetteer that brokers still name as cities. */
export const EXTRA_MAJOR = new Set([
  'Al Ahsa',
  'Al Aflaj',
  'Farasan',
  'Ad Darb',
  'Damad',
  "Rijal Al Ma'",
  'Balqarn',
  'Yanbu An Nakhil',
  'Al Hait',
  'Al Kamil',
  "Al 'Is",
  'Al Baha',
]);
/** City names that are everyday words (Arabic, normalised keys): a place cue is needed. */
export const AMBIGUOUS_CITY = new Set([
  'الخبر',
  'المدينه',
  'بدر',
  'ليلي',
  'الحلوه',
  'نفي',
  'قبه',
  'العمران',
  'العيون',
  'الحريق',
  'القصب',
  'حقل',
  'عنك',
  'السوده',
  'العقيق',
  'الحصاه',
  'الخبرا',
  'الوجه',
  'حرمه',
  'تربه',
  'عفيف',
  'البدايع',
  'المذنب',
  'الرويضه',
  'ثول',
  'القوز',
  'الجش',
  'طبب',
  'الحرجه',
  'بيش',
  'الدرب',
  'الكامل',
  'العيص',
  'الحايط',
  'خميس',
  'الحسا',
]);
/**
 * District names that are everyday words: read as districts only after a cue (حي, في, ب…, a property
 * type), never from the context alone.
 */
export const GENERIC_DISTRICT = keySet(
  `السلام النور الخير الشفا الشفاء الجزيرة الخليج الواحة الصناعية الصناعي التعاون الإسكان الاسكان الشهداء السعادة
  الندى المستقبل الربيع الورود الزهور النخيل المنار الحمراء الرحمة الأمل الامل الفلاح النجاح الهدى القدس الدانة
  الجوهرة المرجان التلال الشروق الغدير الفردوس الرابية الرحاب العروبة اليمامة الأخضر الاخضر الازدهار السلامة الضباب
  النفل الديرة القرية المزارع الملك الأسواق الاسواق الأمانة الامانة الأمراء الامراء الإنتاج الانتاج الاتصالات الإتصالات
  الادارى الإذاعة الاذاعة الأزهار الازهار الاحتفالات الإخاء الاخاء الأصالة الاصالة الأفراح الافراح الأفق الافق البارك
  البحر البحيرة البديع البركة البلاد البلدية البيان التجاري التحكيم التعليم التقدم التقنية التنمية التيسير الثقافة
  الجامعي الجبل الجديد الجسر الجنوب الحدائق الحديقة الحرم الحرمين الحزم الخاتم الدار الدفاع الذهب الرسالة الرمال
  الريف السعودية السفارات الشرق الشمال الشمالي الشمالية الشرقية الصحافة الصيانة الضيافة العاصمة العمال الغربي
  الغربية الفتح القطار المتحف المجد المدينة المركزية المستقبل المشاعر المعارض المعلمين المناخ المهندسين الهداية
  الوادي الوسطى الوزارات السلم الحرير الهلال البدر الشهد المها المطر الدوحة البصرة الوسط الجامع الرياضي الكورنيش
  المركز الصحة الملاح الأنوار الانوار الإسكان الأندلس الاندلس الوفاء الوعد العدل العز الفضل الكرامة الرضا الرجاء
  السرور الأمن الاثير الأثير النسيم النهضة الروضة الربوة الريان المروج البستان البساتين الخالدية العزيزية الفيصلية
  النزهة الصفا المنتزه المنتزة المصيف الفيحاء العليا العقيق القديمة الكبيرة الصغيرة الحالية الأخيرة المتاحة
  المناسبة الأولى الوسطى الشعبية الحديثة`,
);
/** Everyday places (the market, the airport, the hospital…): a district only after "حي" or a property type. */
export const VERY_GENERIC_DISTRICT = keySet(
  `السوق المطار المستشفى المستشفي الجامعة الجامعه المدارس المسجد البلد العمل المصانع الميدان الملعب المحطة
  المستودعات الاستراحات المعارض السوق الدفاع الوزارات السفارات الشركة الحي المكتب البيت احد أحد شكر مقابل عودة
  رواق ساق سدر لبن كدي حكومي صناعي سلوى سماح بهجة عريض غراب عتيقة نخب ذرة بضاعة خضار برك مرخ هجر واسط مريخ
  سلام نجمة زياد بلال نورة فواز سلطانة رضوى طيبة مكة`,
);

export const ENGLISH_CITY_ALIASES: [string, string][] = [
  ['mecca', 'Makkah'],
  ['makka', 'Makkah'],
  ['makkah', 'Makkah'],
  ['medina', 'Madinah'],
  ['madina', 'Madinah'],
  ['medinah', 'Madinah'],
  ['madinah', 'Madinah'],
  ['jedda', 'Jeddah'],
  ['jiddah', 'Jeddah'],
  ['jidda', 'Jeddah'],
  ['jeddah', 'Jeddah'],
  ['riyad', 'Riyadh'],
  ['riadh', 'Riyadh'],
  ['riyadh', 'Riyadh'],
  ['khobar', 'Al Khobar'],
  ['alkhobar', 'Al Khobar'],
  ['ahsa', 'Al Ahsa'],
  ['alahsa', 'Al Ahsa'],
  ['hasa', 'Al Ahsa'],
  ['hofuf', 'Al Hafuf'],
  ['hufuf', 'Al Hafuf'],
  ['hail', 'Hail'],
  ['hayel', 'Hail'],
  ['jizan', 'Jazan'],
  ['gizan', 'Jazan'],
  ['yenbo', 'Yanbu'],
  ['buraydah', 'Buraidah'],
  ['buraida', 'Buraidah'],
  ['onaiza', 'Unayzah'],
  ['unaizah', 'Unayzah'],
  ['khamis mushait', 'Khamis Mushayt'],
  ['khamis', 'Khamis Mushayt'],
  ['alula', 'Al Ula'],
  ['diriyah', "Ad Dir'iyah"],
  ['dhahran', 'Dhahran'],
  ['taif', 'At Taif'],
  ['qatif', 'Al Qatif'],
  ['jubail', 'Al Jubail'],
  ['kharj', 'Al Kharj'],
  ['dammam', 'Dammam'],
  ['tabuk', 'Tabuk'],
  ['abha', 'Abha'],
  ['najran', 'Najran'],
  ['baha', 'Bahah'],
  ['kaec', 'King Abdullah Economic City'],
];
export const ARABIC_CITY_ALIASES: [string, string][] = [
  ['مكة', 'Makkah'],
  ['المدينة', 'Madinah'],
  ['جيزان', 'Jazan'],
  ['الأحساء', 'Al Ahsa'],
  ['الحسا', 'Al Ahsa'],
  ['خميس', 'Khamis Mushayt'],
  ['الباحه', 'Bahah'],
];

// ---------------------------------------------------------------- the index

export function keyOf(text: string): string {
  return tokenize(text)
    .filter((t) => t.t !== 3)
    .map((t) => t.n)
    .join(' ');
}
export function englishKey(text: string): string {
  return keyOf(text.replace(/['’`]/g, ''))
    .split(' ')
    .filter((w) => w && !ARTICLES.has(w))
    .join(' ');
}

/**
 * A loose key for English transliterations: "Hittin" ≈ "Hiteen", "Yasmin" ≈ "Yasmeen", "Sulaymaniyah" ≈
 * "Sulaimaniyah": q → k, ph → f, a final "ah" → "a", vowels and y dropped after the first letter (a first
 * vowel kept as "*"), doubled letters folded.
 */
export function englishSkeleton(key: string): string {
  return key
    .split(' ')
    .map((w) => {
      let s = w
        .replace(/[^a-z]/g, '')
        .replace(/ph/g, 'f')
        .replace(/q/g, 'k')
        .replace(/([aeiou])h$/, '$1');
      if (!s) return '';
      const first = /[aeiou]/.test(s[0] as string) ? '*' : (s[0] as string);
      s = first + s.slice(1).replace(/[aeiouy]/g, '');
      return s.replace(/(.)\1+/g, '$1');
    })
    .join(' ');
}

export const cities: City[] = [];
export const districts: District[] = [];
export const arIndex = new Map<string, Entry>();
export const arBareIndex = new Map<string, Entry>();
export const enIndex = new Map<string, Entry>();
export const enSkeleton = new Map<string, Entry>();
export const citiesByEn = new Map<string, number[]>();
/** Milliseconds spent building the index at start-up. */
export let indexLoadMs = 0;
export let arMax = 1;
export let enMax = 1;
export let loadError: string | undefined;

export function entry(map: Map<string, Entry>, key: string): Entry {
  let e = map.get(key);
  if (!e) {
    e = { cities: [], districts: [] };
    map.set(key, e);
  }
  return e;
}

export function load(): void {
  let raw: RawIndex;
  try {
    raw = JSON.parse(readFileSync(new URL('../../data/gazetteer/places.json', import.meta.url), 'utf8')) as RawIndex;
  } catch (e) {
    loadError = e instanceof Error ? e.message : String(e);
    return;
  }
  const byEn = new Map<string, number>();
  for (const [ar, en, n] of raw.cities) {
    const id = cities.length;
    const lower = en.toLowerCase();
    const same = citiesByEn.get(lower);
    if (same) same.push(id);
    else citiesByEn.set(lower, [id]);
    const k = keyOf(ar);
    cities.push({ ar, en, n, major: n > 0 || EXTRA_MAJOR.has(en), ambiguous: AMBIGUOUS_CITY.has(k) });
    if (!byEn.has(en)) byEn.set(en, id);
    if (k) {
      const e = entry(arIndex, k);
      e.cities.push(id);
      arMax = Math.max(arMax, k.split(' ').length);
    }
    const ek = englishKey(en);
    if (ek) {
      entry(enIndex, ek).cities.push(id);
      entry(enSkeleton, englishSkeleton(ek)).cities.push(id);
      enMax = Math.max(enMax, ek.split(' ').length);
    }
  }
  for (const [ar, en, city] of raw.districts) {
    const id = districts.length;
    const k = keyOf(ar);
    districts.push({ ar, en, city, key: k, hamza: ar.includes('ء') });
    if (k) {
      entry(arIndex, k).districts.push(id);
      arMax = Math.max(arMax, k.split(' ').length);
      if (k.startsWith('ال') && k.length > 4) entry(arBareIndex, k.slice(2)).districts.push(id);
    }
    const ek = englishKey(en);
    if (ek) {
      entry(enIndex, ek).districts.push(id);
      entry(enSkeleton, englishSkeleton(ek)).districts.push(id);
      enMax = Math.max(enMax, ek.split(' ').length);
    }
  }
  for (const [alias, en] of ARABIC_CITY_ALIASES) {
    const id = byEn.get(en);
    const k = keyOf(alias);
    if (id !== undefined && k) {
      const e = entry(arIndex, k);
      if (!e.cities.includes(id)) e.cities.unshift(id);
    }
  }
  for (const [alias, en] of ENGLISH_CITY_ALIASES) {
    const id = byEn.get(en);
    if (id === undefined) continue;
    const e = entry(enIndex, alias);
    if (!e.cities.includes(id)) e.cities.unshift(id);
    enMax = Math.max(enMax, alias.split(' ').length);
  }
}
{
  const t0 = performance.now();
  load();
  indexLoadMs = performance.now() - t0;
}

/** Size of the loaded index, for the benchmark and the tests. */
export function placeIndexStats(): {
  cities: number;
  districts: number;
  arabicKeys: number;
  englishKeys: number;
  error?: string;
} {
  return {
    cities: cities.length,
    districts: districts.length,
    arabicKeys: arIndex.size,
    englishKeys: enIndex.size,
    ...(loadError ? { error: loadError } : {}),
  };
}
