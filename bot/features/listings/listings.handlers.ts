// offer.create: a homeowner or a broker lists a property in one message or through a dialog that asks,
// one at a time, only for the required fields still missing (listing type, property type, city,
// district, area, price), then shows a summary with three choices: confirm, add details, cancel.
// Photos may be sent at any step before confirming. Brokers add the REGA advertising licence, without
// which a listing is not shared on the marketplace.
import { areaSchema, type FACINGS, priceSchema } from '../../../core/listings/listings.types.ts';
import { PROPERTY_TYPES, type PropertyType } from '../../../core/requests/requests.service.ts';
import type { DialogState, TurnContext } from '../../engine/context.ts';
import { lookupCity, lookupDistrict } from '../../language/index.ts';
import type { SavedPhoto } from '../../media.ts';
import { cityLabel, formatMoney, formatNumber, type Lang } from '../../render/format.ts';
import { t } from '../../render/texts.ts';
import { endDialog, type Handler, officeBroker, say, startDialog } from '../shared/helpers.ts';

export const OFFER_DIALOG = { name: 'offer', v: 1 } as const;

export const TYPE_LABELS: Record<PropertyType, [string, string]> = {
  apartment: ['شقة', 'Apartment'],
  villa: ['فيلا', 'Villa'],
  land: ['أرض', 'Land'],
  floor: ['دور', 'Floor'],
  building: ['عمارة', 'Building'],
  duplex: ['دوبلكس', 'Duplex'],
  townhouse: ['تاون هاوس', 'Townhouse'],
  rest_house: ['استراحة', 'Rest house'],
  chalet: ['شاليه', 'Chalet'],
  farm: ['مزرعة', 'Farm'],
  shop: ['محل', 'Shop'],
  office: ['مكتب', 'Office'],
  warehouse: ['مستودع', 'Warehouse'],
  showroom: ['معرض', 'Showroom'],
  palace: ['قصر', 'Palace'],
};
export const typeLabel = (type: string, lang: Lang) => t(lang, ...(TYPE_LABELS[type as PropertyType] ?? [type, type]));

const FACING_WORDS: Array<[RegExp, (typeof FACINGS)[number]]> = [
  [/شمال\s*شرق|north\s*-?\s*east/i, 'north_east'],
  [/شمال\s*غرب|north\s*-?\s*west/i, 'north_west'],
  [/جنوب\s*شرق|south\s*-?\s*east/i, 'south_east'],
  [/جنوب\s*غرب|south\s*-?\s*west/i, 'south_west'],
  [/شمال|north/i, 'north'],
  [/جنوب|south/i, 'south'],
  [/شرق|east/i, 'east'],
  [/غرب|west/i, 'west'],
];
const FACING_LABELS: Record<string, [string, string]> = {
  north: ['شمالي', 'north'],
  south: ['جنوبي', 'south'],
  east: ['شرقي', 'east'],
  west: ['غربي', 'west'],
  north_east: ['شمالي شرقي', 'north-east'],
  north_west: ['شمالي غربي', 'north-west'],
  south_east: ['جنوبي شرقي', 'south-east'],
  south_west: ['جنوبي غربي', 'south-west'],
};

export interface OfferFields {
  listingType?: 'sale' | 'rent';
  propertyType?: PropertyType;
  rentPeriod?: 'yearly' | 'monthly';
  city?: string;
  district?: string;
  area?: number;
  price?: number;
  bedrooms?: number;
  bathrooms?: number;
  age?: number;
  streetWidth?: number;
  facing?: (typeof FACINGS)[number];
  features?: string[];
  description?: string;
  regaAdLicenseNumber?: string;
}

interface OfferData {
  fields: OfferFields;
  photos: SavedPhoto[];
}

const REQUIRED = ['listingType', 'propertyType', 'city', 'district', 'area', 'price'] as const;
type Required = (typeof REQUIRED)[number];
const DETAILS = ['bedrooms', 'bathrooms', 'age', 'streetWidth', 'facing', 'features', 'description'] as const;
type Detail = (typeof DETAILS)[number];

const skipChoice = (lang: Lang) => ({ id: 'skip', label: t(lang, 'تخطي', 'Skip') });
const isSkip = (ctx: TurnContext) => ctx.choice === 'skip' || /^(تخطي|تخطى|skip|لا يوجد|ما فيه|-)$/iu.test(ctx.text);

/** What one message says about the listing; invalid values come back as the field's error. */
function readFields(ctx: TurnContext, asking?: Required | Detail): { fields: OfferFields; error?: string } {
  const e = ctx.parsed?.entities ?? {};
  const fields: OfferFields = {};
  const numbers = ctx.parsed?.numbers ?? [];
  const lone = numbers.length === 1 ? numbers[0] : undefined;
  const negative = /(^|\s)[-−]\s*\d/.test(ctx.text);
  if (e.listing_type) fields.listingType = e.listing_type;
  if (ctx.choice === 'sale' || ctx.choice === 'rent') fields.listingType = ctx.choice;
  if (e.rent_period) fields.rentPeriod = e.rent_period;
  if (e.property_type) fields.propertyType = e.property_type as PropertyType;
  if (ctx.choice && (PROPERTY_TYPES as readonly string[]).includes(ctx.choice))
    fields.propertyType = ctx.choice as PropertyType;
  if (e.city) fields.city = e.city;
  if (asking === 'city' && !fields.city && ctx.text) {
    const city = lookupCity(ctx.text);
    if (!city)
      return {
        fields,
        error: t(
          ctx.lang,
          `ما عرفت المدينة «${ctx.text.slice(0, 40)}». اكتب اسمها، مثل: الرياض، جدة، الدمام.`,
          `I don't know the city "${ctx.text.slice(0, 40)}". Write its name, e.g. Riyadh, Jeddah, Dammam.`,
        ),
      };
    fields.city = city.nameEn;
  }
  if (e.district) fields.district = e.district;
  if (asking === 'district' && ctx.text) {
    const city = ctx.state.dialog?.data
      ? ((ctx.state.dialog.data as unknown as OfferData).fields.city ?? fields.city)
      : fields.city;
    const found = lookupDistrict(ctx.text, city);
    if (!found || (city && found.cityNameEn !== city)) {
      return {
        fields,
        error: t(
          ctx.lang,
          `ما لقيت حي «${ctx.text.slice(0, 40)}» في ${city ? cityLabel(city, 'ar') : 'المدينة'}. اكتب اسم الحي، مثل: النرجس.`,
          `I could not find the district "${ctx.text.slice(0, 40)}" in ${city ?? 'that city'}. Write the district's name, e.g. Al Narjis.`,
        ),
      };
    }
    fields.district = found.nameAr;
  }
  const area = e.area ?? (asking === 'area' ? lone : undefined);
  if (area !== undefined || (asking === 'area' && ctx.text)) {
    const checked = areaSchema.safeParse(negative ? -Math.abs(area ?? 0) : area);
    if (!checked.success)
      return {
        fields,
        error: t(
          ctx.lang,
          'المساحة لازم تكون رقم بالمتر المربع أكبر من صفر ومعقول، مثل: ٤٥٠',
          'The area must be a plausible number of square metres above 0, e.g. 450',
        ),
      };
    fields.area = checked.data;
  }
  const price = e.price ?? e.budget_max ?? (asking === 'price' ? lone : undefined);
  if (price !== undefined || (asking === 'price' && ctx.text)) {
    const checked = priceSchema.safeParse(negative ? -Math.abs(price ?? 0) : price);
    if (!checked.success)
      return {
        fields,
        error: t(
          ctx.lang,
          'السعر لازم يكون مبلغ بالريال أكبر من صفر، مثل: ٢ مليون و٣٠٠ ألف',
          'The price must be an amount in SAR above 0, e.g. 2.3 million',
        ),
      };
    fields.price = checked.data;
  }
  if (e.bedrooms !== undefined) fields.bedrooms = e.bedrooms;
  if (e.bathrooms !== undefined) fields.bathrooms = e.bathrooms;
  if (asking && DETAILS.includes(asking as Detail)) {
    const small = (max: number) =>
      lone !== undefined && Number.isInteger(lone) && lone >= 0 && lone <= max ? lone : undefined;
    switch (asking) {
      case 'bedrooms':
      case 'bathrooms': {
        const n = fields[asking] ?? small(50);
        if (n === undefined)
          return {
            fields,
            error: t(ctx.lang, 'اكتب العدد فقط، مثل: ٤ (أو تخطي)', 'Write just the number, e.g. 4 (or skip)'),
          };
        fields[asking] = n;
        break;
      }
      case 'age': {
        const n = /جديد|new/i.test(ctx.text) ? 0 : small(200);
        if (n === undefined)
          return {
            fields,
            error: t(
              ctx.lang,
              'اكتب عمر العقار بالسنوات، مثل: ٥ أو جديد (أو تخطي)',
              'Write the age in years, e.g. 5 or new (or skip)',
            ),
          };
        fields.age = n;
        break;
      }
      case 'streetWidth': {
        const n = small(200);
        if (!n)
          return {
            fields,
            error: t(
              ctx.lang,
              'اكتب عرض الشارع بالمتر، مثل: ١٥ (أو تخطي)',
              'Write the street width in metres, e.g. 15 (or skip)',
            ),
          };
        fields.streetWidth = n;
        break;
      }
      case 'facing': {
        const facing = FACING_WORDS.find(([re]) => re.test(ctx.text))?.[1];
        if (!facing)
          return {
            fields,
            error: t(
              ctx.lang,
              'اكتب الواجهة: شمالية، جنوبية، شرقية، غربية (أو تخطي)',
              'Write the facing: north, south, east, west (or skip)',
            ),
          };
        fields.facing = facing;
        break;
      }
      case 'features':
        fields.features = ctx.text
          .split(/[،,\n+]|\sو(?=\S)/u)
          .map((f) => f.trim())
          .filter((f) => f.length > 0 && f.length <= 60)
          .slice(0, 30);
        break;
      case 'description':
        fields.description = ctx.text.slice(0, 2_000);
        break;
    }
  }
  return { fields };
}

function question(ctx: TurnContext, field: Required | Detail | 'rega' | 'share', data: OfferData) {
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
        text: t(
          lang,
          `في أي حي في ${cityLabel(data.fields.city ?? '', 'ar')}؟`,
          `Which district of ${data.fields.city}?`,
        ),
      };
    case 'area':
      return { text: t(lang, 'كم المساحة بالمتر المربع؟', 'What is the area in square metres?') };
    case 'price':
      return {
        text:
          data.fields.listingType === 'rent'
            ? t(lang, 'كم الإيجار السنوي بالريال؟', 'What is the yearly rent in SAR?')
            : t(lang, 'كم السعر المطلوب بالريال؟', 'What is the asking price in SAR?'),
      };
    case 'bedrooms':
      return { text: t(lang, 'كم غرفة نوم؟', 'How many bedrooms?'), choices: [skipChoice(lang)] };
    case 'bathrooms':
      return { text: t(lang, 'كم دورة مياه؟', 'How many bathrooms?'), choices: [skipChoice(lang)] };
    case 'age':
      return {
        text: t(lang, 'كم عمر العقار بالسنوات؟', 'How old is the property (years)?'),
        choices: [skipChoice(lang)],
      };
    case 'streetWidth':
      return {
        text: t(lang, 'كم عرض الشارع بالمتر؟', 'How wide is the street (metres)?'),
        choices: [skipChoice(lang)],
      };
    case 'facing':
      return {
        text: t(
          lang,
          'وش الواجهة؟ (شمالية، جنوبية، شرقية، غربية)',
          'Which way does it face? (north, south, east, west)',
        ),
        choices: [skipChoice(lang)],
      };
    case 'features':
      return {
        text: t(
          lang,
          'وش المميزات؟ اكتبها مفصولة بفواصل (مسبح، مصعد، …)',
          'Any features? Separate them with commas (pool, elevator, …)',
        ),
        choices: [skipChoice(lang)],
      };
    case 'description':
      return { text: t(lang, 'اكتب وصف مختصر للعقار', 'Write a short description'), choices: [skipChoice(lang)] };
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

export function listingSummary(lang: Lang, f: OfferFields, photos = 0): string {
  const lines = [
    `${typeLabel(f.propertyType ?? '', lang)} ${f.listingType === 'rent' ? t(lang, 'للإيجار', 'for rent') : t(lang, 'للبيع', 'for sale')}`,
    `📍 ${[f.district, f.city && cityLabel(f.city, lang)].filter(Boolean).join(t(lang, '، ', ', '))}`,
    f.area ? t(lang, `📐 ${formatNumber(f.area, 'ar')} م²`, `📐 ${f.area} m²`) : undefined,
    f.price
      ? `💰 ${formatMoney(f.price, lang)}${f.listingType === 'rent' ? t(lang, f.rentPeriod === 'monthly' ? ' شهرياً' : ' سنوياً', f.rentPeriod === 'monthly' ? ' a month' : ' a year') : ''}`
      : undefined,
    f.bedrooms !== undefined
      ? t(lang, `🛏 ${formatNumber(f.bedrooms, 'ar')} غرف`, `🛏 ${f.bedrooms} bedrooms`)
      : undefined,
    f.bathrooms !== undefined
      ? t(lang, `🚿 ${formatNumber(f.bathrooms, 'ar')} دورات مياه`, `🚿 ${f.bathrooms} bathrooms`)
      : undefined,
    f.age !== undefined
      ? t(
          lang,
          `🏗 العمر: ${f.age === 0 ? 'جديد' : `${formatNumber(f.age, 'ar')} سنة`}`,
          `🏗 Age: ${f.age === 0 ? 'new' : `${f.age} years`}`,
        )
      : undefined,
    f.streetWidth ? t(lang, `🛣 شارع ${formatNumber(f.streetWidth, 'ar')} م`, `🛣 Street ${f.streetWidth} m`) : undefined,
    f.facing
      ? t(lang, `🧭 الواجهة: ${FACING_LABELS[f.facing]![0]}`, `🧭 Facing ${FACING_LABELS[f.facing]![1]}`)
      : undefined,
    f.features?.length ? `✨ ${f.features.join(t(lang, '، ', ', '))}` : undefined,
    f.description ? `📝 ${f.description}` : undefined,
    photos ? t(lang, `📷 ${formatNumber(photos, 'ar')} صور`, `📷 ${photos} photos`) : undefined,
  ];
  return lines.filter(Boolean).join('\n');
}

function askNext(ctx: TurnContext, data: OfferData) {
  const missing = REQUIRED.find((field) => data.fields[field] === undefined);
  if (missing) {
    startDialog(ctx, OFFER_DIALOG.name, OFFER_DIALOG.v, `ask:${missing}`, data as unknown as Record<string, unknown>);
    ctx.reply(question(ctx, missing, data));
    return;
  }
  startDialog(ctx, OFFER_DIALOG.name, OFFER_DIALOG.v, 'summary', data as unknown as Record<string, unknown>);
  ctx.reply({
    text: `${t(ctx.lang, 'هذا ملخص عقارك:', 'Here is your listing:')}\n${listingSummary(ctx.lang, data.fields, data.photos.length)}\n\n${t(ctx.lang, 'أعتمده؟ تقدر ترسل صور قبل الاعتماد.', 'Shall I confirm it? You can still send photos before confirming.')}`,
    choices: [
      { id: 'confirm', label: t(ctx.lang, 'اعتمد', 'Confirm') },
      { id: 'details', label: t(ctx.lang, 'أضف تفاصيل', 'Add details') },
      { id: 'cancel', label: t(ctx.lang, 'إلغاء', 'Cancel') },
    ],
  });
}

export const createOffer: Handler = async (ctx) => {
  if (ctx.actor.kind === 'member' && ctx.actor.member.role === 'observer') {
    say(ctx, 'صلاحياتك ما تسمح بإضافة عقار.', 'Your permissions do not allow adding listings.');
    return;
  }
  if (ctx.actor.kind === 'contact' && ctx.actor.role !== 'owner') {
    await ctx.db.contact.update({ where: { id: ctx.contact.id }, data: { role: 'owner' } });
  }
  const read = readFields(ctx);
  const data: OfferData = { fields: read.fields, photos: [] };
  if (read.error) say(ctx, read.error, read.error);
  askNext(ctx, data);
};

async function takePhoto(ctx: TurnContext, data: OfferData): Promise<boolean> {
  const media = ctx.inbound.media;
  if (ctx.inbound.kind !== 'media' || !media) return false;
  const saved = await ctx.media.savePhoto(ctx.organizationId, ctx.channel.kind, media);
  if (!saved.ok) {
    const reasons = {
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
    }[saved.error.code];
    say(ctx, reasons[0]!, reasons[1]!);
  } else {
    data.photos.push(saved.value);
    say(
      ctx,
      `📷 وصلت الصورة (${formatNumber(data.photos.length, 'ar')}).`,
      `📷 Photo received (${data.photos.length}).`,
    );
  }
  return true;
}

export async function offerDialog(ctx: TurnContext, state: DialogState): Promise<boolean> {
  const data = state.data as unknown as OfferData;
  const [phase, rawField] = state.step.split(':');
  const field = rawField as Required | Detail | undefined;
  // A photo, at any step before confirming: kept, and the same question stays open.
  if (await takePhoto(ctx, data)) {
    ctx.state.dialog = { ...state, data: data as unknown as Record<string, unknown> };
    if (phase === 'summary') ctx.state.choices = ['confirm', 'details', 'cancel'];
    else if (field) ctx.reply(question(ctx, field, data));
    return true;
  }
  switch (phase) {
    case 'ask': {
      const read = readFields(ctx, field as Required);
      Object.assign(data.fields, read.fields);
      if (read.error) {
        say(ctx, read.error, read.error);
        ctx.state.dialog = { ...state, data: data as unknown as Record<string, unknown> };
        return true;
      }
      if (data.fields[field as Required] === undefined) {
        ctx.reply(question(ctx, field as Required, data));
        return true;
      }
      askNext(ctx, data);
      return true;
    }
    case 'summary': {
      if (ctx.choice === 'details') return askDetail(ctx, data, 0);
      if (ctx.choice === 'confirm') return confirmOffer(ctx, data);
      ctx.state.dialog = state;
      ctx.reply({
        text: t(ctx.lang, 'اختر: اعتمد، أضف تفاصيل، أو إلغاء.', 'Choose: confirm, add details, or cancel.'),
        choices: [
          { id: 'confirm', label: t(ctx.lang, 'اعتمد', 'Confirm') },
          { id: 'details', label: t(ctx.lang, 'أضف تفاصيل', 'Add details') },
          { id: 'cancel', label: t(ctx.lang, 'إلغاء', 'Cancel') },
        ],
      });
      return true;
    }
    case 'detail': {
      const index = DETAILS.indexOf(field as Detail);
      if (!isSkip(ctx)) {
        const read = readFields(ctx, field as Detail);
        if (read.error) {
          say(ctx, read.error, read.error);
          ctx.state.dialog = state;
          ctx.state.choices = ['skip'];
          return true;
        }
        Object.assign(data.fields, read.fields);
      }
      return askDetail(ctx, data, index + 1);
    }
    case 'rega': {
      if (isSkip(ctx)) return finishOffer(ctx, data, false);
      const licence = ctx.text.replace(/[^\d٠-٩]/g, '').replace(/[٠-٩]/g, (d) => String(d.charCodeAt(0) - 0x0660));
      if (!/^\d{6,12}$/.test(licence)) {
        say(
          ctx,
          'رقم الترخيص من ٦ إلى ١٢ رقم. اكتبه (أو تخطي).',
          'The licence number has 6 to 12 digits. Write it (or skip).',
        );
        ctx.state.dialog = state;
        ctx.state.choices = ['skip'];
        return true;
      }
      data.fields.regaAdLicenseNumber = licence;
      startDialog(ctx, OFFER_DIALOG.name, OFFER_DIALOG.v, 'share', data as unknown as Record<string, unknown>);
      ctx.reply(question(ctx, 'share', data));
      return true;
    }
    case 'share':
      return finishOffer(ctx, data, ctx.choice === 'share' || ctx.parsed?.intent === 'confirm');
  }
  endDialog(ctx);
  return false;
}

function askDetail(ctx: TurnContext, data: OfferData, index: number): true {
  const next = DETAILS[index];
  if (!next) {
    askNext(ctx, data);
    return true;
  }
  startDialog(ctx, OFFER_DIALOG.name, OFFER_DIALOG.v, `detail:${next}`, data as unknown as Record<string, unknown>);
  ctx.reply(question(ctx, next, data));
  return true;
}

async function confirmOffer(ctx: TurnContext, data: OfferData): Promise<boolean> {
  if (ctx.actor.kind === 'member' && !data.fields.regaAdLicenseNumber) {
    startDialog(ctx, OFFER_DIALOG.name, OFFER_DIALOG.v, 'rega', data as unknown as Record<string, unknown>);
    ctx.reply(question(ctx, 'rega', data));
    return true;
  }
  return finishOffer(ctx, data, ctx.actor.kind === 'member' && Boolean(data.fields.regaAdLicenseNumber));
}

async function finishOffer(ctx: TurnContext, data: OfferData, share: boolean): Promise<boolean> {
  endDialog(ctx);
  const f = data.fields;
  let userId: string;
  let ownerCustomerId: string | undefined;
  if (ctx.actor.kind === 'member') {
    userId = ctx.actor.member.userId;
  } else {
    const broker = await officeBroker(ctx);
    if (!broker) {
      say(
        ctx,
        'المكتب ما عنده وسيط متاح الحين. جرّب لاحقاً.',
        'The office has no broker available right now. Please try later.',
      );
      return true;
    }
    userId = broker.id;
    ownerCustomerId = await ownerCustomer(ctx, userId);
  }
  const created = await ctx.core.listings.create(
    { organizationId: ctx.organizationId, userId },
    {
      listingType: f.listingType!,
      propertyType: f.propertyType!,
      rentPeriod: f.listingType === 'rent' ? (f.rentPeriod ?? 'yearly') : undefined,
      city: f.city!,
      district: f.district!,
      area: f.area!,
      price: f.price!,
      bedrooms: f.bedrooms,
      bathrooms: f.bathrooms,
      age: f.age,
      streetWidth: f.streetWidth,
      facing: f.facing,
      features: f.features,
      description: f.description,
      regaAdLicenseNumber: f.regaAdLicenseNumber,
      ownerCustomerId,
      share,
      source: `chat:${ctx.channel.kind}`,
      images: data.photos,
    },
  );
  if (!created.ok) {
    say(
      ctx,
      'ما قدرت أسجل العقار: بعض البيانات غير صحيحة.',
      'I could not save the listing: some details are not valid.',
    );
    return true;
  }
  const ref = created.value.refNumber;
  if (ctx.actor.kind === 'member') {
    say(
      ctx,
      `✅ تم تسجيل العقار برقم ${formatNumber(ref, 'ar')}.${created.value.shared ? '\n🤝 نُشر ملخصه في سوق الوسطاء.' : ''}`,
      `✅ Listing saved as #${ref}.${created.value.shared ? '\n🤝 Its summary is shared on the brokers’ marketplace.' : ''}`,
    );
  } else {
    say(
      ctx,
      `✅ شكراً! تم تسجيل عقارك برقم ${formatNumber(ref, 'ar')}. بيتواصل معك الوسيط، وبنبلغك بأي تحديث على حالته.`,
      `✅ Thank you! Your property is registered as #${ref}. A broker will contact you, and I will tell you when its status changes.`,
    );
    await tellBroker(
      ctx,
      userId,
      `🏠 عقار جديد من المالك ${ctx.contact.displayName ?? ctx.contact.phone ?? ''} برقم ${formatNumber(ref, 'ar')}:\n${listingSummary('ar', f, data.photos.length)}`,
    );
  }
  return true;
}

/** The homeowner as a customer (seller) of the organization, found by phone or created. */
async function ownerCustomer(ctx: TurnContext, brokerId: string): Promise<string | undefined> {
  if (ctx.contact.customerId) return ctx.contact.customerId;
  const scope = { organizationId: ctx.organizationId, userId: brokerId };
  const existing = ctx.contact.phone ? await ctx.core.customers.findByPhone(scope, ctx.contact.phone) : null;
  const customerId =
    existing?.id ??
    (await (async () => {
      const created = await ctx.core.customers.create(scope, {
        name: ctx.contact.displayName ?? ctx.contact.phone ?? 'مالك',
        phone: ctx.contact.phone ?? undefined,
        category: 'seller',
        source: `chat:${ctx.channel.kind}`,
      });
      return created.ok ? created.value.id : undefined;
    })());
  if (customerId) await ctx.db.contact.update({ where: { id: ctx.contact.id }, data: { customerId, role: 'owner' } });
  return customerId;
}

/** A message to a broker in the chat he last used with Nova. */
export async function tellBroker(ctx: TurnContext, userId: string, text: string) {
  const contact = await ctx.db.contact.findFirst({
    where: { organizationId: ctx.organizationId, userId },
    orderBy: { lastInboundAt: { sort: 'desc', nulls: 'last' } },
    select: { id: true, channelAccountId: true, externalId: true },
  });
  if (!contact) return;
  ctx.notify({
    contactId: contact.id,
    channelAccountId: contact.channelAccountId,
    chatId: contact.externalId,
    message: { text },
  });
}
