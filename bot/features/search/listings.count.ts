// «كم عقار عندي للبيع؟», «كم شقة عندي للايجار», "how many listings do I have?": the number of active
// listings the member sees, by deal. The parser reads «كم عقار عندي للبيع» as a new listing
// (offer.create: «عندي عقار للبيع»), and Nova asked "what type of property?" for a question.
import { memberScope } from '../../../core/shared/scope.ts';
import { foldForSearch } from '../../../core/shared/text.ts';
import type { TurnContext } from '../../engine/context.ts';
import { countAr, type NounForms } from '../../render/counts.ts';
import { formatNumber } from '../../render/format.ts';
import { t } from '../../render/texts.ts';
import { visibleTo } from '../customers/customers.handlers.ts';
import { requireMember } from '../shared/helpers.ts';

/** The nouns a count asks about (letters folded: ة → ه, أ → ا), singular and plural. */
const NOUN = 'عقار|عقارات|اعلان|اعلانات|شقه|شقق|فيلا|فله|فلل|ارض|اراضي|محل|محلات|دور|ادوار|عماره|عمائر|مكتب|مكاتب';
/** What may follow the noun: whose, which deal, now. */
const REST = 'عندي|لي|معي|عندنا|بالمكتب|في المكتب|للبيع|بيع|للايجار|ايجار|نشط|نشطه|حاليا|الحين|معروض|معروضه';
const AR = new RegExp(`^(?:كم|قديش)\\s+(?:عدد\\s+)?(?:ال)?(?:${NOUN})(?:\\s+(?:${REST}))*\\s*[؟?!.]*$`, 'u');
const EN =
  /^how many (?:active )?(?:listings|properties|apartments|villas|plots|shops|offices)(?: (?:do (?:i|we) have|have i got|are (?:there|listed)))?(?: for (?:sale|rent))?(?: now)?\s*[?!.]*$/iu;

export const asksListingCount = (text: string): boolean => {
  const folded = foldForSearch(text);
  return AR.test(folded) || EN.test(folded);
};

const LISTING: NounForms = { one: 'عقار نشط', two: 'عقارين نشطين', few: 'عقارات نشطة', many: 'عقار نشط' };

/** The search feature's words for members: the count; false for anything else. */
export async function listingCountWords(ctx: TurnContext): Promise<boolean> {
  if (ctx.actor.kind !== 'member' || !asksListingCount(ctx.text)) return false;
  const member = requireMember(ctx, 'properties', 'view');
  if (!member) return true;
  const e = ctx.parsed?.entities ?? {};
  const counts = await ctx.core.listings.activeCounts(memberScope(member), {
    userIds: visibleTo(member),
    propertyType: e.property_type,
  });
  const deal = e.listing_type;
  const total = deal ? counts[deal] : counts.sale + counts.rent;
  const what = deal
    ? t(ctx.lang, deal === 'sale' ? ' للبيع' : ' للإيجار', deal === 'sale' ? ' for sale' : ' for rent')
    : '';
  if (total === 0) {
    ctx.reply(
      t(
        ctx.lang,
        `ما عندك عقارات نشطة${what} للحين. أضف واحد: للبيع فيلا في النرجس ٤٥٠ متر بـ ٢ مليون`,
        `No active listings${what} yet. Add one: villa for sale in Al Narjis, 450 m², SAR 2 million`,
      ),
    );
    return true;
  }
  const split =
    !deal && counts.sale && counts.rent
      ? t(
          ctx.lang,
          `: ${formatNumber(counts.sale, 'ar')} للبيع و${formatNumber(counts.rent, 'ar')} للإيجار`,
          `: ${counts.sale} for sale and ${counts.rent} for rent`,
        )
      : what;
  ctx.reply(
    t(
      ctx.lang,
      `🏠 عندك ${countAr(total, LISTING)}${split}.\nاكتب «عقاراتي» لعرضها.`,
      `🏠 You have ${total} active ${total === 1 ? 'listing' : 'listings'}${split}.\nWrite "my listings" to see them.`,
    ),
  );
  return true;
}
