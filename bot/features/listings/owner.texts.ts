// What Nova says to a homeowner about his own listings (issue 16), and to their broker when the owner
// changes one, in Arabic and English: «عقاراتي», the questions and confirmations of the owner dialog
// (owner.dialog.ts), and the weekly note (bot/jobs/owner-weekly.job.ts).
import type {
  OwnerChange,
  OwnerListing,
  OwnerStatus,
  OwnerWeek,
  SoldVia,
} from '../../../core/listings/owner-listings.service.ts';
import { countAr, type NounForms } from '../../render/counts.ts';
import { cityLabel, districtLabel, formatDateTime, formatMoney, formatNumber, type Lang } from '../../render/format.ts';
import { t } from '../../render/texts.ts';
import { typeLabel } from './listings.texts.ts';

export type OwnerAction = OwnerChange['kind'];

const STATUS_LABELS: Record<OwnerStatus, [string, string]> = {
  active: ['معروض للعملاء', 'on the market'],
  paused: ['موقوف مؤقتاً', 'paused'],
  withdrawn: ['مسحوب من العرض', 'withdrawn'],
  sold: ['مباع', 'sold'],
  rented: ['مؤجر', 'rented'],
};
export const statusLabel = (lang: Lang, s: OwnerStatus) => t(lang, ...STATUS_LABELS[s]);

const REQUESTS: NounForms = { one: 'طلب عميل واحد', two: 'طلبين عملاء', few: 'طلبات عملاء', many: 'طلب عميل' };
const VIEWINGS: NounForms = { one: 'معاينة', two: 'معاينتين', few: 'معاينات' };
const TIMES: NounForms = { one: 'مرة', two: 'مرتين', few: 'مرات' };
const en = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

type Named = Pick<OwnerListing, 'refNumber' | 'propertyType' | 'listingType' | 'district' | 'city'>;

/** «العقار ٣» / "property #3" */
export const refLabel = (lang: Lang, ref: number) => t(lang, `العقار ${formatNumber(ref, 'ar')}`, `property #${ref}`);

/** «فيلا للبيع في النرجس (العقار ١)» / "villa for sale in Al Narjis (property #1)" */
export function listingName(lang: Lang, l: Named): string {
  const deal = l.listingType === 'rent' ? t(lang, 'للإيجار', 'for rent') : t(lang, 'للبيع', 'for sale');
  const place = l.district ? districtLabel(l.district, l.city, lang) : cityLabel(l.city, lang);
  const type = typeLabel(l.propertyType, lang);
  return `${lang === 'en' ? type.toLowerCase() : type} ${deal} ${t(lang, 'في', 'in')} ${place} (${refLabel(lang, l.refNumber)})`;
}

/** The price as the listing states it: a rent per year, per month or per day. */
export function priceLabel(lang: Lang, l: { listingType: string; rentPeriod?: string | null }, price: number): string {
  if (l.listingType !== 'rent') return formatMoney(price, lang);
  const per =
    l.rentPeriod === 'monthly'
      ? t(lang, ' شهرياً', ' a month')
      : l.rentPeriod === 'daily'
        ? t(lang, ' يومياً', ' a day')
        : t(lang, ' سنوياً', ' a year');
  return `${formatMoney(price, lang)}${per}`;
}

/** «عقاراتي»: each listing with its status, price, matches, viewings and (when counted) views. */
export function ownerListingsText(lang: Lang, tz: string, listings: OwnerListing[]): string {
  const lines = [
    listings.length === 1
      ? t(lang, '🏠 عقارك عندنا:', '🏠 Your listing with us:')
      : t(lang, '🏠 عقاراتك عندنا:', '🏠 Your listings with us:'),
  ];
  listings.forEach((l, i) => {
    lines.push(
      `${listings.length > 1 ? `${formatNumber(i + 1, lang)}. ` : ''}${listingName(lang, l)}`,
      `   ${statusLabel(lang, l.status)} · 💰 ${priceLabel(lang, l, l.price)}`,
    );
    const live = l.status === 'active' || l.status === 'paused';
    if (live) {
      lines.push(
        `   🎯 ${
          l.matches > 0
            ? t(
                lang,
                `يناسب ${countAr(l.matches, REQUESTS)}`,
                `fits ${en(l.matches, "client's request", "clients' requests")}`,
              )
            : l.status === 'paused'
              ? t(lang, 'ما يدخل في المطابقات وهو موقوف', 'not matched while paused')
              : t(
                  lang,
                  'ما فيه طلب عميل يناسبه حالياً، ونبلغ الوسيط أول ما يجي',
                  'no client request fits it yet; the broker hears as soon as one does',
                )
        }`,
      );
    }
    const viewings: string[] = [];
    if (l.upcomingViewings > 0) {
      viewings.push(
        t(
          lang,
          `قادمة: ${countAr(l.upcomingViewings, VIEWINGS)}${l.nextViewingAt ? ` (أقربها ${formatDateTime(l.nextViewingAt, 'ar', tz)})` : ''}`,
          `${en(l.upcomingViewings, 'viewing', 'viewings')} ahead${l.nextViewingAt ? ` (next ${formatDateTime(l.nextViewingAt, 'en', tz)})` : ''}`,
        ),
      );
    }
    if (l.pastViewings > 0) {
      viewings.push(
        t(lang, `سابقة: ${countAr(l.pastViewings, VIEWINGS)}`, `${en(l.pastViewings, 'viewing', 'viewings')} so far`),
      );
    }
    if (viewings.length > 0) lines.push(`   📅 ${viewings.join(t(lang, '، ', ', '))}`);
    else if (live) lines.push(`   📅 ${t(lang, 'ما فيه معاينات للحين', 'no viewings yet')}`);
    if (l.views > 0) {
      lines.push(
        `   👁 ${t(lang, `فتح العملاء تفاصيله ${countAr(l.views, TIMES)}`, `clients opened its details ${en(l.views, 'time', 'times')}`)}`,
      );
    }
  });
  // What he can do with them, while one is still on the market, paused or withdrawn.
  if (listings.some((l) => l.status !== 'sold' && l.status !== 'rented'))
    lines.push(
      '',
      t(
        lang,
        'تقدر تكتب: «نزل السعر لـ…» (بالمبلغ)، «وقف الإعلان»، «رجع الإعلان»، «اسحب العقار»، أو «انباع».',
        'You can write: "lower the price to …" (the amount), "pause my listing", "reactivate", "withdraw", or "sold".',
      ),
    );
  return lines.join('\n');
}

export const closedWord = (lang: Lang, l: Pick<OwnerListing, 'listingType'>) =>
  l.listingType === 'rent' ? t(lang, 'تأجر', 'was rented') : t(lang, 'انباع', 'was sold');

const VIA: Record<SoldVia, [string, string]> = {
  office: ['عن طريق مكتبنا', 'through our office'],
  other: ['عن طريق مكتب أو وسيط ثاني', 'through another office or broker'],
  owner: ['عن طريقك أنت مباشرة', 'by you directly'],
};
export const viaLabel = (lang: Lang, via: SoldVia) => t(lang, ...VIA[via]);

export const soldViaChoices = (lang: Lang) => [
  { id: 'sold:office', label: t(lang, 'عن طريق مكتبكم', 'Through your office') },
  { id: 'sold:other', label: t(lang, 'مكتب أو وسيط ثاني', 'Another office') },
  { id: 'sold:owner', label: t(lang, 'أنا بنفسي', 'Myself') },
];

export const yesNoChoices = (lang: Lang) => [
  { id: 'confirm', label: t(lang, 'نعم', 'Yes') },
  { id: 'deny', label: t(lang, 'لا', 'No') },
];

/** The question before the change is made: what will change, to confirm with yes or no. */
export function confirmText(
  lang: Lang,
  action: OwnerAction,
  l: OwnerListing,
  extra: { price?: number; soldVia?: SoldVia },
): string {
  const name = listingName(lang, l);
  switch (action) {
    case 'price': {
      const price = extra.price ?? l.price;
      const far =
        price * 2 < l.price
          ? t(lang, '\n⚠️ السعر الجديد أقل من نص السعر الحالي.', '\n⚠️ The new price is less than half the present one.')
          : price > l.price * 2
            ? t(
                lang,
                '\n⚠️ السعر الجديد أكثر من ضعف السعر الحالي.',
                '\n⚠️ The new price is more than twice the present one.',
              )
            : '';
      return t(
        lang,
        `تبي أغير سعر ${name} من ${priceLabel('ar', l, l.price)} إلى ${priceLabel('ar', l, price)}؟${far}`,
        `Change the price of the ${name} from ${priceLabel('en', l, l.price)} to ${priceLabel('en', l, price)}?${far}`,
      );
    }
    case 'pause':
      return t(
        lang,
        `تبي أوقف إعلان ${name} مؤقتاً؟ ما راح يظهر للعملاء ولا يدخل في المطابقات لين ترجعه.`,
        `Pause the ${name}? Clients will not see it and it is not matched until you reactivate it.`,
      );
    case 'activate':
      return t(
        lang,
        `تبي أرجع ${name} للعرض؟ بيظهر للعملاء ونبحث له عن طلبات تناسبه.`,
        `Put the ${name} back on the market? Clients will see it and we look for requests that fit it.`,
      );
    case 'withdraw':
      return t(
        lang,
        `تبي أسحب ${name} من العرض؟ ما راح يظهر للعملاء، وتقدر ترجعه بعدين بـ«رجع الإعلان».`,
        `Withdraw the ${name}? Clients will not see it; you can bring it back later with "reactivate".`,
      );
    case 'closed':
      return t(
        lang,
        `أسجل إن ${name} ${closedWord('ar', l)} ${extra.soldVia ? viaLabel('ar', extra.soldVia) : ''}؟`.replace(
          /\s+؟$/u,
          '؟',
        ),
        `Record that the ${name} ${closedWord('en', l)}${extra.soldVia ? ` ${viaLabel('en', extra.soldVia)}` : ''}?`,
      );
  }
}

/** What the owner is told once the change is made. */
export function doneText(
  lang: Lang,
  action: OwnerAction,
  l: OwnerListing,
  extra: { price?: number; soldVia?: SoldVia },
) {
  const name = listingName(lang, l);
  switch (action) {
    case 'price':
      return t(
        lang,
        `✅ غيرت سعر ${name} إلى ${priceLabel('ar', l, extra.price ?? l.price)}، وبلغت الوسيط. ونبحث له من جديد عن طلبات تناسب السعر الجديد.`,
        `✅ The ${name} now costs ${priceLabel('en', l, extra.price ?? l.price)}; your broker is told, and we look again for requests that fit the new price.`,
      );
    case 'pause':
      return t(
        lang,
        `⏸️ وقفت إعلان ${name} مؤقتاً، وبلغت الوسيط. متى ما بغيت ترجعه اكتب «رجع الإعلان».`,
        `⏸️ The ${name} is paused and your broker is told. Write "reactivate" whenever you want it back.`,
      );
    case 'activate':
      return t(
        lang,
        `▶️ رجعت ${name} للعرض، وبلغت الوسيط. ونبحث له عن طلبات تناسبه.`,
        `▶️ The ${name} is back on the market and your broker is told. We are looking for requests that fit it.`,
      );
    case 'withdraw':
      return t(
        lang,
        `✅ سحبت ${name} من العرض، وبلغت الوسيط. لو غيرت رأيك اكتب «رجع الإعلان».`,
        `✅ The ${name} is withdrawn and your broker is told. If you change your mind, write "reactivate".`,
      );
    case 'closed':
      return t(
        lang,
        `🎉 مبروك! سجلت إن ${name} ${closedWord('ar', l)}${extra.soldVia ? ` ${viaLabel('ar', extra.soldVia)}` : ''}، وبلغت الوسيط. شكراً لثقتك فينا.`,
        `🎉 Congratulations! I recorded that the ${name} ${closedWord('en', l)}${extra.soldVia ? ` ${viaLabel('en', extra.soldVia)}` : ''}, and your broker is told. Thank you for your trust.`,
      );
  }
}

/** The notice to the listing's broker, in the language of his chat. */
export function brokerNotice(
  lang: Lang,
  owner: string,
  action: OwnerAction,
  l: OwnerListing,
  extra: { price?: number; soldVia?: SoldVia },
) {
  const name = listingName(lang, l);
  switch (action) {
    case 'price':
      return t(
        lang,
        `💰 المالك ${owner} غير سعر ${name} من ${priceLabel('ar', l, l.price)} إلى ${priceLabel('ar', l, extra.price ?? l.price)}. نعيد المطابقة على السعر الجديد.`,
        `💰 The owner ${owner} changed the price of the ${name} from ${priceLabel('en', l, l.price)} to ${priceLabel('en', l, extra.price ?? l.price)}. Matching runs again on the new price.`,
      );
    case 'pause':
      return t(
        lang,
        `⏸️ المالك ${owner} وقف إعلان ${name} مؤقتاً: ما يظهر للعملاء ولا يدخل في المطابقات.`,
        `⏸️ The owner ${owner} paused the ${name}: hidden from clients and out of matching.`,
      );
    case 'activate':
      return t(
        lang,
        `▶️ المالك ${owner} رجع ${name} للعرض. نعيد المطابقة عليه.`,
        `▶️ The owner ${owner} put the ${name} back on the market. Matching runs again.`,
      );
    case 'withdraw':
      return t(lang, `🗑️ المالك ${owner} سحب ${name} من العرض.`, `🗑️ The owner ${owner} withdrew the ${name}.`);
    case 'closed': {
      const via = extra.soldVia ? ` ${BROKER_VIA[extra.soldVia][lang]}` : '';
      const deal = l.listingType === 'rent';
      const record =
        extra.soldVia === 'office'
          ? t(
              lang,
              `\nسجل الصفقة بمبلغها عشان تنحسب العمولة، مثل: «تم ${deal ? 'تأجير' : 'بيع'} ${refLabel('ar', l.refNumber)} بـ…».`,
              `\nRecord the deal with its amount so the commission counts, e.g. "${deal ? 'rented' : 'sold'} ${refLabel('en', l.refNumber)} for …".`,
            )
          : '';
      return t(
        lang,
        `🎉 المالك ${owner} يقول إن ${name} ${closedWord('ar', l)}${via}.${record}`,
        `🎉 The owner ${owner} says the ${name} ${closedWord('en', l)}${via}.${record}`,
      );
    }
  }
}

const BROKER_VIA: Record<SoldVia, Record<Lang, string>> = {
  office: { ar: 'عن طريق المكتب', en: 'through the office' },
  other: { ar: 'عن طريق مكتب أو وسيط ثاني', en: 'through another office or broker' },
  owner: { ar: 'عن طريقه هو مباشرة', en: 'by the owner himself' },
};

/** Why the change cannot be made. */
export function refusalText(
  lang: Lang,
  code: 'LISTING.NOT_FOUND' | 'LISTING.INVALID_INPUT' | 'LISTING.NOT_ACTIVE' | 'LISTING.UNCHANGED',
  action: OwnerAction,
  l?: OwnerListing,
): string {
  if (code === 'LISTING.INVALID_INPUT') return priceRefusal(lang);
  if (!l || code === 'LISTING.NOT_FOUND') {
    return t(lang, 'ما لقيت هذا العقار بين عقاراتك.', 'I could not find that listing among yours.');
  }
  const name = listingName(lang, l);
  if (code === 'LISTING.UNCHANGED') {
    switch (action) {
      case 'price':
        return t(lang, `هذا نفس سعر ${name} الحالي.`, `That is already the price of the ${name}.`);
      case 'pause':
        return t(
          lang,
          `إعلان ${name} موقوف أصلاً. تبي ترجعه؟ اكتب «رجع الإعلان».`,
          `The ${name} is already paused. Write "reactivate" to bring it back.`,
        );
      case 'activate':
        return t(lang, `${name} معروض للعملاء أصلاً.`, `The ${name} is already on the market.`);
      case 'withdraw':
        return t(lang, `${name} مسحوب من العرض أصلاً.`, `The ${name} is already withdrawn.`);
      case 'closed':
        return t(
          lang,
          `${name} مسجل إنه ${statusLabel('ar', l.status)} من قبل.`,
          `The ${name} is already recorded as ${l.status}.`,
        );
    }
  }
  // LISTING.NOT_ACTIVE
  if (l.status === 'withdrawn') {
    return t(
      lang,
      `${name} مسحوب من العرض. رجعه أول بـ«رجع الإعلان».`,
      `The ${name} is withdrawn. Bring it back first with "reactivate".`,
    );
  }
  return t(
    lang,
    `${name} مسجل إنه ${statusLabel('ar', l.status)}، فما أقدر أغير عليه. لو فيه خطأ كلم الوسيط.`,
    `The ${name} is recorded as ${l.status}, so I cannot change it. If that is a mistake, please tell your broker.`,
  );
}

export const priceRefusal = (lang: Lang) =>
  t(
    lang,
    'السعر لازم يكون مبلغ بالريال أكبر من صفر، مثل: مليون و٩٠٠ ألف',
    'The price must be an amount in SAR above 0, e.g. 1.9 million',
  );

export const noListingsText = (lang: Lang) =>
  t(
    lang,
    'ما لقيت عقار مسجل باسمك عندنا. تبي تعرض عقار؟ اكتب مثلاً: عندي فيلا للبيع في النرجس ٤٥٠ متر بـ ٢ مليون',
    'I found no listing of yours with us. Want to list one? Write e.g.: I have a villa for sale in Al Narjis, 450 sqm, 2M',
  );

/** The weekly note: per listing still on the market, the week's new matches and viewings. */
export function weeklyNoteText(lang: Lang, week: OwnerWeek): { text: string; line: string } {
  const lines = [t(lang, '📊 أسبوع عقارك عندنا:', '📊 Your listing this week:')];
  const summary: string[] = [];
  for (const l of week.listings) {
    const facts: string[] = [];
    facts.push(
      l.newMatches > 0
        ? t(
            lang,
            `🎯 ${countAr(l.newMatches, REQUESTS)} جديدة تناسبه`,
            `🎯 ${en(l.newMatches, 'new matching request', 'new matching requests')}`,
          )
        : t(lang, '🎯 ما فيه طلبات جديدة تناسبه', '🎯 no new matching request'),
    );
    facts.push(
      t(
        lang,
        `📅 ${l.viewingsHeld > 0 ? countAr(l.viewingsHeld, VIEWINGS) : 'ولا معاينة'} هالأسبوع${l.viewingsAhead > 0 ? `، و${countAr(l.viewingsAhead, VIEWINGS)} محجوزة للأسبوع الجاي` : ''}`,
        `📅 ${en(l.viewingsHeld, 'viewing', 'viewings')} this week${l.viewingsAhead > 0 ? `, ${en(l.viewingsAhead, 'viewing', 'viewings')} booked for next week` : ''}`,
      ),
    );
    if (l.status === 'paused') facts.push(t(lang, '⏸️ الإعلان موقوف مؤقتاً', '⏸️ paused'));
    lines.push(`• ${listingName(lang, l)}`, ...facts.map((f) => `   ${f}`));
    summary.push(
      t(
        lang,
        `${refLabel('ar', l.refNumber)}: ${formatNumber(l.newMatches, 'ar')} مطابقة و${formatNumber(l.viewingsHeld, 'ar')} معاينة`,
        `#${l.refNumber}: ${l.newMatches} matches, ${l.viewingsHeld} viewings`,
      ),
    );
  }
  lines.push(
    '',
    t(
      lang,
      'اكتب «عقاراتي» للتفاصيل، أو «نزل السعر لـ…» لو تبي تغير السعر.',
      'Write "my listings" for details, or "lower the price to …" to change the price.',
    ),
  );
  return {
    text: lines.join('\n'),
    line: t(lang, `أسبوع عقارك: ${summary.join('، ')}`, `Your week: ${summary.join('; ')}`),
  };
}
