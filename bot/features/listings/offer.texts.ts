// What the offer dialog asks and answers, in Arabic and English.
import type { TurnContext } from '../../engine/context.ts';
import type { PhotoErrorCode } from '../../media.ts';
import { cityLabel, type Lang } from '../../render/format.ts';
import { t } from '../../render/texts.ts';
import { typeLabel } from './listings.texts.ts';
import type { Detail, OfferFields, Required } from './offer.fields.ts';

const skipChoice = (lang: Lang) => ({ id: 'skip', label: t(lang, 'تخطي', 'Skip') });
/** Offered with each detail question: enough details, save it now. */
const confirmNow = (lang: Lang) => ({ id: 'confirm', label: t(lang, 'اعتمد', 'Confirm') });

export const summaryChoices = (lang: Lang) => [
  { id: 'confirm', label: t(lang, 'اعتمد', 'Confirm') },
  { id: 'details', label: t(lang, 'أضف تفاصيل', 'Add details') },
  { id: 'cancel', label: t(lang, 'إلغاء', 'Cancel') },
];

/** Why a photo was not kept. */
export const PHOTO_REFUSALS: Record<PhotoErrorCode, [ar: string, en: string]> = {
  'PHOTO.UNSUPPORTED': [
    'نوع الملف غير مدعوم. أرسل الصور بصيغة JPG أو PNG أو WEBP.',
    'That file type is not supported. Send photos as JPG, PNG or WEBP.',
  ],
  'PHOTO.TOO_LARGE': [
    'الصورة أكبر من ٥ ميجابايت. أرسل صورة أصغر.',
    'That photo is over 5 MB. Please send a smaller one.',
  ],
  'PHOTO.UNAVAILABLE': [
    'ما قدرت أستلم الصورة. جرّب ترسلها مرة ثانية.',
    'I could not receive that photo. Please send it again.',
  ],
};

/** The question of each step, with its buttons. */
export function question(ctx: TurnContext, field: Required | Detail | 'rega' | 'share', fields: OfferFields) {
  const lang = ctx.lang;
  switch (field) {
    case 'listingType':
      return {
        text: t(lang, 'للبيع ولا للإيجار؟', 'For sale or for rent?'),
        choices: [
          { id: 'sale', label: t(lang, 'للبيع', 'For sale') },
          { id: 'rent', label: t(lang, 'للإيجار', 'For rent') },
        ],
      };
    case 'propertyType':
      return {
        text: t(
          lang,
          'وش نوع العقار؟ (فيلا، شقة، أرض، دور، عمارة، محل، …)',
          'What type of property? (villa, apartment, land, floor, building, shop, …)',
        ),
        choices: (['villa', 'apartment', 'land', 'floor', 'building', 'shop'] as const).map((id) => ({
          id,
          label: typeLabel(id, lang),
        })),
      };
    case 'city':
      return { text: t(lang, 'في أي مدينة؟', 'In which city?') };
    case 'district':
      return {
        text: t(lang, `في أي حي في ${cityLabel(fields.city ?? '', 'ar')}؟`, `Which district of ${fields.city}?`),
      };
    case 'area':
      return { text: t(lang, 'كم المساحة بالمتر المربع؟', 'What is the area in square metres?') };
    case 'price':
      return {
        text:
          fields.listingType === 'rent'
            ? t(lang, 'كم الإيجار السنوي بالريال؟', 'What is the yearly rent in SAR?')
            : t(lang, 'كم السعر المطلوب بالريال؟', 'What is the asking price in SAR?'),
      };
    case 'bedrooms':
      return { text: t(lang, 'كم غرفة نوم؟', 'How many bedrooms?'), choices: [skipChoice(lang), confirmNow(lang)] };
    case 'bathrooms':
      return { text: t(lang, 'كم دورة مياه؟', 'How many bathrooms?'), choices: [skipChoice(lang), confirmNow(lang)] };
    case 'age':
      return {
        text: t(lang, 'كم عمر العقار بالسنوات؟', 'How old is the property (years)?'),
        choices: [skipChoice(lang), confirmNow(lang)],
      };
    case 'streetWidth':
      return {
        text: t(lang, 'كم عرض الشارع بالمتر؟', 'How wide is the street (metres)?'),
        choices: [skipChoice(lang), confirmNow(lang)],
      };
    case 'facing':
      return {
        text: t(
          lang,
          'وش الواجهة؟ (شمالية، جنوبية، شرقية، غربية)',
          'Which way does it face? (north, south, east, west)',
        ),
        choices: [skipChoice(lang), confirmNow(lang)],
      };
    case 'features':
      return {
        text: t(
          lang,
          'وش المميزات؟ اكتبها مفصولة بفواصل (مسبح، مصعد، …)',
          'Any features? Separate them with commas (pool, elevator, …)',
        ),
        choices: [skipChoice(lang), confirmNow(lang)],
      };
    case 'description':
      return {
        text: t(lang, 'اكتب وصف مختصر للعقار', 'Write a short description'),
        choices: [skipChoice(lang), confirmNow(lang)],
      };
    case 'rega':
      return {
        text: t(
          lang,
          'وش رقم ترخيص الإعلان من الهيئة العامة للعقار (REGA)؟ بدونه ما يُنشر العقار في سوق الوسطاء.',
          'What is the REGA advertising licence number? Without it the listing is not shared on the brokers’ marketplace.',
        ),
        choices: [skipChoice(lang)],
      };
    case 'share':
      return {
        text: t(
          lang,
          'تبي تنشر ملخص العقار في سوق الوسطاء؟ (بدون بيانات المالك)',
          'Share a summary on the brokers’ marketplace? (no owner details)',
        ),
        choices: [
          { id: 'share', label: t(lang, 'انشر في السوق', 'Share it') },
          { id: 'private', label: t(lang, 'لا، خاص بمكتبي', 'Keep it private') },
        ],
      };
  }
}
