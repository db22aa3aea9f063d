// Reading what a homeowner asks about his own listings (issue 16), words no intent of the NLU contract
// names: «عقاراتي», «وش صار على عقاري؟», «نزل السعر لمليون و٩٠٠», «وقف الإعلان», «رجع الإعلان», «اسحب
// العقار», «انباع» / «تأجر» (and who sold it), "my listings", "lower the price to 1.9m", "pause my
// listing", "withdraw", "it's sold". Pure: the text (folded) and the parser's reading in, the ask out.
import type { SoldVia } from '../../../core/listings/owner-listings.service.ts';
import { toAsciiDigits } from '../../../core/shared/digits.ts';
import { foldForSearch } from '../../../core/shared/text.ts';
import type { ParseResult } from '../../language/index.ts';

export type OwnerAskKind = 'list' | 'price' | 'pause' | 'activate' | 'withdraw' | 'closed';

export interface OwnerAsk {
  kind: OwnerAskKind;
  /** the listing named by its reference («العقار ٣», "property 3", "#3") */
  ref?: number;
  /** the new price, whole SAR */
  price?: number;
  /** how much the price moves instead: down («نزلو من السعر ١٠٠ الف», "reduce it by 100k") below 0, up ("bump it up by 150k") above */
  by?: number;
  soldVia?: SoldVia;
}

/** Letters around a word: Arabic words have no \b. */
const w = (alternatives: string) => new RegExp(`(?:^|[^\\p{L}])(?:${alternatives})(?=[^\\p{L}]|$)`, 'u');

/** The owner's listing named as a thing: «الإعلان», «عقاري», «الفيلا», "my listing". */
const OBJECT =
  '(?:ال)?(?:اعلان|اعلاني|اعلانات|اعلاناتي|عقار|عقاري|عقاراتي|بيت|بيتي|فيلا|فيلتي|فله|فلتي|شقه|شقتي|ارض|ارضي|عرض|عرضي)|listings?|ads?|advert|property|properties|house|villa|apartment|flat|land';

const LIST = [
  w('عقاراتي|عقارتي|اعلاناتي|اعلانتي|عروضي'),
  /^(?:عقاري|اعلاني)\s*[?؟]?$/u,
  /(?:وش|ايش|شو|وشو|كيف|وين|ويش)\s*(?:\S+\s+){0,2}?(?:صار|صاير|اخبار|الاخبار|وضع|حال|وصل|وصلت|سويتوا|سويتو)\s*(?:\S+\s+){0,2}?(?:ب|ع|على|علي|عن|في|مع)?\s*(?:عقاري|اعلاني|بيتي|فيلتي|فلتي|شقتي|ارضي|العقار|الاعلان|البيت|الفيلا|الفله|الشقه|الارض|العماره)(?=[^\p{L}]|$)/u,
  /(?:عقاري|اعلاني)\s*(?:وش|ايش|كيف|وين)/u,
  // «طمني على الفيلا», «بشرني عن عقاري»: how it is going
  new RegExp(
    `(?:^|[^\\p{L}])(?:طمني|طمنوني|طمنا|بشرني|بشروني|بشرنا)\\s+(?:على|علي|عن)\\s+(?:${OBJECT})(?=[^\\p{L}]|$)`,
    'u',
  ),
  /(?:كم|احد|حد|فيه احد|في احد)\s*(?:\S+\s+){0,2}?(?:شاف|شافوا|طلب|سال|سالوا|تواصل|كلم)\s*(?:\S+\s+){0,1}?(?:عقاري|اعلاني|بيتي)/u,
  // «كم باقي عشان تنزل؟», «متى ينزل اعلاني؟», «متى بتنشرونه؟»: when it goes up is where it stands
  /(?:متي|امتي|كم باقي|كم بقي|كم يبي|كم ياخذ|كم يحتاج|كم يوم)\s*(?:\S+\s+){0,3}?(?:ينزل|تنزل|ينشر|تنشر|ينعرض|يتعرض|يطلع|تطلع|تنزلونه|تنزلونها|تنشرونه|تنشرونها|بتنزلونه|بتنزلونها|بتنشرونه|بتنشرونها|تعرضونه|تعرضونها)(?=[^\p{L}]|$)/u,
  /when\s+(?:will|does|is|do)\s+(?:my|the|it|you)\b.{0,30}\b(?:go(?:es)?\s+live|published|posted|listed|online|up|publish|post)\b|how\s+long\s+(?:until|till|before)\b.{0,30}\b(?:live|published|posted|listed|online|up)\b/u,
  /^(?:show\s+(?:me\s+)?)?my\s+(?:listings?|propert(?:y|ies)|ads?)\s*\??$/u,
  /(?:status|update|updates|news|how\s+is|how'?s|what'?s\s+happening\s+(?:with|to)|what\s+happened\s+(?:with|to)|any\s+news\s+(?:on|about))\s+(?:of\s+|on\s+|about\s+)?my\s+(?:listings?|propert(?:y|ies)|ads?|house|villa|apartment|flat|land)/u,
];

const PRICE_WORD = w('السعر|سعر|سعره|سعرها|بسعر|السعر الجديد');
const PRICE_VERB = w(
  'نزل|نزلوا|نزلو|انزل|ننزل|نزله|نزلها|ارفع|رفع|ارفعوا|ارفعو|نرفع|غير|غيروا|غيرو|اغير|نغير|عدل|عدلوا|عدلو|اعدل|نعدل|خل|خلي|خله|خلها|خلوا|خلو|اجعل|حط|حطوا|حطو|صير|خفض|اخفض|خفضوا|خفضو|قلل|زيد|زود|الجديد|جديد',
);
const PRICE_EN =
  /\b(?:lower|reduce|drop|raise|increase|bump|change|set|update|cut|put|new)\b.*\bprice\b|\bprice\b.*\b(?:to|now)\b/u;
/** «نزله لمليون», "make it 950k": a price verb with a pronoun, when an amount is said. */
const PRICE_PRONOUN = w('نزله|نزلها|ارفعه|ارفعها|خله|خلها|خليه|خليها|سوه|سوها|make it|drop it to|lower it to');

/** A cut, not a new price: «نزلو من سعر الفيلا ١٠٠ الف», «خصم ٥٠ الف», "reduce it by 100k" (folded letters). */
const CUT_BY =
  /(?:^|[^\p{L}])(?:نزلو|نزلوا|نزل|خفض|خفضوا|انقص|نقص|نقصوا|اخصم|خصم|شيل|شيلوا)\s+من\s+(?:ال)?سعر|(?:^|[^\p{L}])(?:خصم|تخفيض)\s+\d|\b(?:reduce|lower|drop|cut)\b.{0,20}\bby\b|\bknock off\b|\boff the price\b/u;

/** A raise, not a new price: "bump the price up by 150k", «زود عليها ١٠٠ الف» (folded letters). */
const RAISE_BY =
  /(?:^|[^\p{L}])(?:زود|زيد|زودوا|زيدوا|ارفع|ارفعوا)\s+(?:عليه|عليها|علي السعر|على السعر)|\b(?:raise|increase|bump|put)\b.{0,25}\bup\b.{0,10}\bby\b|\b(?:raise|increase)\b.{0,25}\bby\b/u;

/** «يعني تصير ٢ مليون و٢٠٠», "so it becomes 2.2m": the price the owner means, said after a cut. */
const BECOMES = /(?:^|[^\p{L}])(?:تصير|يصير|يكون|تكون|يصبح|تصبح)\s+|\b(?:becomes|make it|so it'?s)\s+/u;

/** The amount said after «تصير» / "becomes" in this text, read by `read` (the parser); undefined if none. */
export function resultingAmount(text: string, read: (part: string) => ParseResult): number | undefined {
  const s = toAsciiDigits(text);
  const m = s.match(BECOMES);
  if (!m || m.index === undefined) return undefined;
  return amountOf(read(s.slice(m.index + m[0].length)));
}

const PAUSE_VERB =
  'وقف|اوقف|وقفوا|وقفو|اوقفو|توقفون|توقفوا|اوقفوا|جمدو|توقيف|ايقاف|جمد|اجمد|جمدوا|علق|عطل|اخفي|خبي|stop|hide';
const PAUSE = [
  new RegExp(`(?:^|[^\\p{L}])(?:${PAUSE_VERB})\\s+(?:\\S+\\s+)?(?:${OBJECT})(?=[^\\p{L}]|$)`, 'u'),
  w('وقفه|وقفها|اوقفه|اوقفها|جمده|جمدها|وقف موقت|وقفه موقت|ايقاف موقت'),
  /\b(?:pause|suspend|deactivate|unpublish)\b|\bon hold\b/u,
];

const ACTIVATE_VERB = 'رجع|رجعوا|رجعو|ارجع|ارجعوا|ارجعو|اعد|اعيد|فعل|فعلوا|فعلو|شغل|شغلوا|شغلو|نشط|reopen|restore';
const ACTIVATE = [
  new RegExp(`(?:^|[^\\p{L}])(?:${ACTIVATE_VERB})\\s+(?:\\S+\\s+)?(?:${OBJECT})(?=[^\\p{L}]|$)`, 'u'),
  w('رجعه|رجعها|رجعوه|فعله|فعلها|شغله|شغلها'),
  /\b(?:re-?activate|unpause|resume|re-?list|re-?publish)\b|\bactivate\b|\bback on(?: the)? market\b|\bturn (?:it|my listing) back on\b/u,
];

const WITHDRAW_VERB =
  'اسحب|سحب|اسحبوا|اسحبو|نسحب|شيل|شيلوا|شيلو|احذف|احذفوا|احذفو|امسح|امسحوا|امسحو|الغ|الغي|الغوا|الغو|الغاء|delete|remove|cancel';
const WITHDRAW = [
  new RegExp(`(?:^|[^\\p{L}])(?:${WITHDRAW_VERB})\\s+(?:\\S+\\s+)?(?:${OBJECT})(?=[^\\p{L}]|$)`, 'u'),
  w('اسحبه|اسحبها|اسحبوه'),
  /(?:ما|مو|ماعاد|ما عاد|ما عدت|ما راح)\s*(?:ابي|ابغى|ابغي|ودي|اب)\s*(?:ابيع|ابيعه|ابيعها|اوجر|اجر|اعرض|اعرضه)/u,
  /\bwithdraw\b|\btake (?:it|my (?:listing|property|ad)) (?:down|off)\b|\btake down\b|\bno longer (?:want to )?(?:sell|rent)\b|\bdon'?t want to (?:sell|rent)(?: it)? anymore\b/u,
];

const SOLD = w(
  'انباع|انباعت|بعته|بعتها|بعناه|بعناها|تم البيع|تم بيع|تم بيعه|تم بيعها|تبايع|تبايعناه|انباع خلاص|sold|found a buyer',
);
/** «بعت البيت», «بعنا الفيلا»: «بعت» alone may be "I sent" (the photos), so only with the property. */
const SOLD_THE = /(?:^|[^\p{L}])(?:بعت|بعنا)\s+(?:ال)?(?:بيت|فيلا|فله|عقار|شقه|ارض|عماره|دور)(?=[^\p{L}]|$)/u;
const RENTED = w(
  'تاجر|تاجرت|اجرته|اجرتها|اجرناه|اجرناها|تم التاجير|تم تاجير|تم تاجيره|تم تاجيرها|استاجروه|استاجرها|استاجره|rented|leased|found a tenant|rented out',
);

const VIA_OTHER = w(
  'غيركم|مكتب ثاني|مكتب اخر|مكتب عقاري ثاني|وسيط ثاني|وسيط اخر|سمسار ثاني|سمسار اخر|شخص ثاني|واحد ثاني|احد ثاني|other office|another office|another broker|other broker|another agent|other agent|someone else|a different office|a different broker',
);
const VIA_OWNER = w(
  'بنفسي|بروحي|انا بعته|انا بعتها|انا اجرته|انا اجرتها|مباشره|myself|by myself|on my own|i sold it|i rented it|directly',
);
const VIA_OFFICE = w(
  'عن طريقكم|طريقكم|مكتبكم|وسيطكم|عن طريق المكتب|عن طريق الوسيط|عن طريق نوفا|through you|via you|your broker|your office|your agent|through the office',
);
/** Short answers that only say who when asked «مين باعه؟»: «انا», «انتم», «مكتب ثاني», "me", "you". */
const VIA_OWNER_SHORT = w('انا|انا نفسي|me|i did|i');
const VIA_OFFICE_SHORT = w(
  'انتم|منكم|معكم|عندكم|المكتب|مكتبكم|الوسيط|نوفا|you|you guys|the office|the broker|office|broker',
);
const VIA_OTHER_SHORT = w('سمسار|وسيط|مكتب|غيري|other|another');

const VIEWING = w(
  'موعد|موعدي|مواعيد|المعاينه|معاينه|معاينتي|المعاينات|الحجز|حجز|حجزي|زياره|viewing|viewings|appointment|booking|visit',
);

/** Who closed the deal, in the owner's words; `answering`: the message answers «مين باعه؟». */
export function soldViaOf(text: string, answering = false): SoldVia | undefined {
  const s = fold(text);
  if (VIA_OTHER.test(s)) return 'other';
  if (VIA_OWNER.test(s)) return 'owner';
  if (VIA_OFFICE.test(s)) return 'office';
  if (!answering) return undefined;
  if (VIA_OFFICE_SHORT.test(s)) return 'office';
  if (VIA_OWNER_SHORT.test(s)) return 'owner';
  if (VIA_OTHER_SHORT.test(s)) return 'other';
  return undefined;
}

const fold = (text: string) => toAsciiDigits(foldForSearch(text)).replace(/[أإآ]/gu, 'ا');

/** «العقار ٣», «اعلاني رقم ٢», "property 3", "#3": a listing's reference and where it is in the text. */
const REF =
  /(?:عقار|العقار|عقاري|اعلان|الاعلان|اعلاني|property|listing|ad|unit)\s*(?:رقم|no\.?|number|num\.?)?\s*#?\s*(\d{1,7})(?!\d)|#\s*(\d{1,7})(?!\d)/u;

export function listingRefOf(text: string): number | undefined {
  const m = toAsciiDigits(text).match(REF);
  return m ? Number(m[1] ?? m[2]) : undefined;
}

/** The text without the listing's reference, so that «العقار ٣ لمليون» is not read as 3 million. */
export const withoutRef = (text: string) => toAsciiDigits(text).replace(REF, ' ');

/**
 * An amount in what was parsed: the price (or a seeker's budget, as a message from a contact not yet
 * known as an owner reads), else the one number said.
 */
export function amountOf(parsed: ParseResult | undefined): number | undefined {
  const e = parsed?.entities ?? {};
  const stated = e.price ?? e.budget_max ?? e.budget_min;
  if (stated !== undefined) return stated;
  const numbers = parsed?.numbers ?? [];
  return numbers.length === 1 ? numbers[0] : undefined;
}

/**
 * What the homeowner asks about his listings, or undefined. `parsedWithoutRef` is the parser's reading of
 * the text without the listing's reference (the money reader's amount).
 */
export function readOwnerAsk(text: string, parsedWithoutRef?: ParseResult): OwnerAsk | undefined {
  const s = fold(text);
  // «الغ موعد العقار ٣», «اجل معاينة الفيلا»: a viewing, the viewings feature's (but «طمني على الفيلا، احد
  // حجز يشوفها؟» asks how the listing is doing)
  if (!s || (VIEWING.test(s) && !LIST.some((re) => re.test(s)))) return undefined;
  const ref = listingRefOf(text);
  const at = (kind: OwnerAskKind, extra: Partial<OwnerAsk> = {}): OwnerAsk => ({
    kind,
    ...(ref !== undefined ? { ref } : {}),
    ...extra,
  });
  const question = /[?؟]|(?:^|\s)(?:هل|وش|ايش|كيف|is it|has it|did it)(?:\s|$)/u.test(s);
  const sold = SOLD.test(s) || SOLD_THE.test(s);
  const rented = RENTED.test(s);
  // «انباع عن طريقكم», «تأجر الحمدلله»; «هل انباع؟» asks how it stands
  if ((sold || rented) && !question) {
    const soldVia = soldViaOf(text);
    return at('closed', soldVia ? { soldVia } : {});
  }
  const amount = amountOf(parsedWithoutRef);
  if (
    (PRICE_WORD.test(s) && (PRICE_VERB.test(s) || amount !== undefined)) ||
    PRICE_EN.test(s) ||
    (PRICE_PRONOUN.test(s) && amount !== undefined)
  ) {
    // «وش صار على سعر عقاري؟» asks; «كم السعر؟» too
    if (!(question && amount === undefined && !PRICE_VERB.test(s))) {
      if (amount !== undefined && amount > 0 && CUT_BY.test(s)) return at('price', { by: -amount });
      if (amount !== undefined && amount > 0 && RAISE_BY.test(s)) return at('price', { by: amount });
      return at('price', amount !== undefined && amount > 0 ? { price: amount } : {});
    }
  }
  if (WITHDRAW.some((re) => re.test(s))) return at('withdraw');
  if (PAUSE.some((re) => re.test(s))) return at('pause');
  if (ACTIVATE.some((re) => re.test(s))) return at('activate');
  if (LIST.some((re) => re.test(s)) || ((sold || rented) && question)) return at('list');
  return undefined;
}
