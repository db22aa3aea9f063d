// What Nova understood from a message only the model could read, said back before it runs («فهمت: عميل
// جديد سلطان 0501112233 يبي أرض بالقيروان، صح؟»): the intent in words and every value the reading holds,
// so that the user confirms exactly what will be done (bot/engine/understood.ts).
import type { Entities, Intent } from '../language/index.ts';
import {
  formatDateTime,
  formatDay,
  formatMoney,
  formatNumber,
  formatPhoneForChat,
  type Lang,
  placeLabel,
} from './format.ts';
import { t } from './texts.ts';

const TYPES: Record<string, [string, string]> = {
  apartment: ['شقة', 'an apartment'],
  villa: ['فيلا', 'a villa'],
  land: ['أرض', 'land'],
  floor: ['دور', 'a floor'],
  building: ['عمارة', 'a building'],
  duplex: ['دوبلكس', 'a duplex'],
  townhouse: ['تاون هاوس', 'a townhouse'],
  rest_house: ['استراحة', 'a rest house'],
  chalet: ['شاليه', 'a chalet'],
  farm: ['مزرعة', 'a farm'],
  shop: ['محل', 'a shop'],
  office: ['مكتب', 'an office'],
  warehouse: ['مستودع', 'a warehouse'],
  showroom: ['معرض', 'a showroom'],
  palace: ['قصر', 'a palace'],
};

const INTENT_WORDS: Partial<Record<Intent, [string, string]>> = {
  'customer.create': ['عميل جديد', 'a new customer'],
  'customer.update': ['تعديل بيانات العميل', 'a change to the customer'],
  'customer.list': ['عرض العملاء', 'your customers'],
  'note.add': ['ملاحظة على العميل', 'a note on the customer'],
  'request.create': ['طلب جديد', 'a new request'],
  'offer.create': ['عقار جديد للعرض', 'a new listing'],
  'property.search': ['بحث عن عقار', 'a property search'],
  'match.list': ['عرض المطابقات', 'your matches'],
  'match.accept': ['قبول المطابقة', 'accepting the match'],
  'match.reject': ['رفض المطابقة', 'rejecting the match'],
  'appointment.create': ['موعد جديد', 'a new appointment'],
  'appointment.list': ['عرض المواعيد', 'your appointments'],
  'appointment.cancel': ['إلغاء موعد', 'cancelling an appointment'],
  'appointment.reschedule': ['تغيير موعد', 'moving an appointment'],
  'task.create': ['مهمة جديدة', 'a new task'],
  'task.list': ['عرض المهام', 'your tasks'],
  'task.complete': ['إنهاء مهمة', 'completing a task'],
  'sale.record': ['تسجيل صفقة', 'recording a deal'],
  'report.summary': ['ملخص الأرقام', 'a summary of the numbers'],
  greeting: ['تحية', 'a greeting'],
  help: ['مساعدة', 'help'],
};

const PERIODS: Record<string, [string, string]> = {
  this_week: ['هالأسبوع', 'this week'],
  next_week: ['الأسبوع الجاي', 'next week'],
  this_month: ['هالشهر', 'this month'],
  last_month: ['الشهر الماضي', 'last month'],
};

/** Intents whose property values are what a seeker wants (a budget), not what is offered (a price). */
const SEEKING = new Set<Intent>(['customer.create', 'request.create', 'property.search']);

function propertyWords(lang: Lang, intent: Intent, e: Entities): string {
  const seeking = SEEKING.has(intent);
  const place = placeLabel(e.district, e.city, lang);
  const parts = [
    e.property_type ? t(lang, ...(TYPES[e.property_type] ?? [e.property_type, e.property_type])) : undefined,
    e.listing_type
      ? e.listing_type === 'rent'
        ? t(lang, 'للإيجار', 'for rent')
        : t(lang, seeking ? 'للشراء' : 'للبيع', seeking ? 'to buy' : 'for sale')
      : undefined,
    place
      ? lang === 'ar'
        ? e.district?.startsWith('ال') && !e.city
          ? `ب${e.district}`
          : `في ${place}`
        : `in ${place}`
      : undefined,
    e.bedrooms ? t(lang, `${formatNumber(e.bedrooms, 'ar')} غرف`, `${e.bedrooms} bedrooms`) : undefined,
    e.bathrooms ? t(lang, `${formatNumber(e.bathrooms, 'ar')} دورات مياه`, `${e.bathrooms} bathrooms`) : undefined,
    e.area ? t(lang, `${formatNumber(e.area, 'ar')} م²`, `${e.area} m²`) : undefined,
    e.area_min ? t(lang, `من ${formatNumber(e.area_min, 'ar')} م²`, `from ${e.area_min} m²`) : undefined,
    e.area_max ? t(lang, `حتى ${formatNumber(e.area_max, 'ar')} م²`, `up to ${e.area_max} m²`) : undefined,
    e.price ? t(lang, `بـ ${formatMoney(e.price, 'ar')}`, `at ${formatMoney(e.price, 'en')}`) : undefined,
    e.budget_min
      ? t(lang, `من ${formatMoney(e.budget_min, 'ar')}`, `from ${formatMoney(e.budget_min, 'en')}`)
      : undefined,
    e.budget_max
      ? t(lang, `حتى ${formatMoney(e.budget_max, 'ar')}`, `up to ${formatMoney(e.budget_max, 'en')}`)
      : undefined,
    e.rent_period ? t(lang, e.rent_period === 'yearly' ? 'سنوي' : 'شهري', e.rent_period) : undefined,
  ];
  return parts.filter(Boolean).join(' ');
}

function timeWords(lang: Lang, e: Entities, tz: string): string | undefined {
  if (e.datetime) return formatDateTime(new Date(e.datetime), lang, tz);
  if (e.date) return formatDay(new Date(`${e.date}T12:00:00Z`), lang, 'UTC');
  if (e.period) return t(lang, ...(PERIODS[e.period] ?? [e.period, e.period]));
  return undefined;
}

/** «فهمت: عميل جديد سلطان 0501112233 يبي أرض بالقيروان، صح؟» / "I understood: a new customer … Right?" */
export function describeUnderstood(lang: Lang, intent: Intent, e: Entities, tz: string): string {
  const label = t(lang, ...(INTENT_WORDS[intent] ?? [intent, intent]));
  const person = [e.name, e.phone && formatPhoneForChat(e.phone, lang), e.email].filter(Boolean).join(' ');
  const property = propertyWords(lang, intent, e);
  const when = timeWords(lang, e, tz);
  const ref = e.ref ? t(lang, `رقم ${formatNumber(e.ref, 'ar')}`, `number ${e.ref}`) : undefined;
  if (lang === 'ar') {
    const wants = property ? (intent === 'customer.create' ? ` يبي ${property}` : `: ${property}`) : '';
    const tail = [when, ref].filter(Boolean).join('، ');
    return `فهمت: ${label}${person ? ` ${person}` : ''}${wants}${tail ? `، ${tail}` : ''}، صح؟`;
  }
  const wants = property ? (intent === 'customer.create' ? ` who wants ${property}` : `: ${property}`) : '';
  const tail = [when, ref].filter(Boolean).join(', ');
  return `I understood: ${label}${person ? ` ${person}` : ''}${wants}${tail ? `, ${tail}` : ''}. Right?`;
}
