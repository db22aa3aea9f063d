// property.search for brokers: the organization's listings and the marketplace's shared offers that
// fit, as a numbered list; a number (or "التفاصيل ٢") shows one with its photos. A shared offer of
// another office shows its summary only, until the broker takes it on (within max_brokers): then the
// owner's contact is revealed, and the reveal is written to the audit log.

import { memberScope } from '../../../core/shared/scope.ts';
import { foldForSearch } from '../../../core/shared/text.ts';
import type { Member } from '../../../core/teams/teams.service.ts';
import type { TurnContext } from '../../engine/context.ts';
import { formatNumber, formatPhoneForChat, placeLabel } from '../../render/format.ts';
import { t } from '../../render/texts.ts';
import { findCustomers } from '../customers/customers.handlers.ts';
import { listingSummary, typeLabel } from '../listings/listings.texts.ts';
import { priceLabel } from '../listings/owner.texts.ts';
import { criteriaOf } from '../requests/request.amend.ts';
import { wantedFrom } from '../requests/request.dialog.ts';
import { fileOrAsk } from '../requests/requests.handlers.ts';
import { type Criteria, criteriaFrom, describeCriteria, searchFilters } from '../shared/criteria.ts';
import { type Handler, nth, replyWithPhotos, requireMember, say } from '../shared/helpers.ts';
import { listingFields, searchForClient, showPublicListing } from './client.search.ts';
import { marketDialog } from './market.dialog.ts';

export const searchProperties: Handler = async (ctx) => {
  // Clients and homeowners search the office's own active listings, without owners' contacts.
  if (ctx.actor.kind !== 'member') {
    // "looking for a villa to rent in jeddah, 5 bedrooms … do you have anything?": when nothing fits,
    // what he described (deal, type and city) is kept as his request instead of asking him to say it again
    const wanted = wantedFrom(ctx);
    const described = ctx.actor.role !== 'owner' && !!(wanted.listingType && wanted.propertyType && wanted.city);
    if (await searchForClient(ctx, criteriaFrom(ctx.parsed?.entities ?? {}), { quietIfNothing: described })) return;
    if (described) {
      say(ctx, 'ما عندنا الحين عقار بهذي المواصفات.', 'We have nothing like that right now.');
      await fileOrAsk(ctx, wanted);
    }
    return;
  }
  const member = requireMember(ctx, 'properties', 'view');
  if (!member) return;
  const scope = memberScope(member);
  const broker = await brokerNamed(ctx, member);
  // «ارسل لماجد العقارات المناسبة», "listings for Majed": what fits his request, never the whole stock
  const named = ctx.parsed?.entities.name;
  const asked = criteriaFrom(ctx.parsed?.entities ?? {});
  const forCustomer =
    !broker && named && Object.keys(asked).length === 0 ? await wantedBy(ctx, member, named) : undefined;
  if (forCustomer === null) return; // answered: no such customer, or no request of his
  const c = forCustomer?.criteria ?? asked;
  const filters = searchFilters(c);
  const own = await ctx.core.listings.search(scope, { ...filters, userId: broker?.id, limit: 10 });
  // A broker's own listings ("عقارات ليلى", "عقاراتي") are the office's, not the marketplace's.
  const market = broker ? [] : await ctx.core.listings.searchMarketplace(scope, { ...filters, limit: 5 });
  if (broker && own.length === 0) {
    say(ctx, `ما فيه عقارات نشطة باسم ${broker.name}.`, `${broker.name} has no active listings.`);
    return;
  }
  if (own.length + market.length === 0) {
    if (forCustomer) {
      say(
        ctx,
        `ما فيه عقارات تناسب طلب ${forCustomer.name} حالياً (${describeCriteria('ar', c)}). أبلغك أول ما ينزل شي يناسبه.`,
        `Nothing fits ${forCustomer.name}'s request right now (${describeCriteria('en', c)}). I will tell you as soon as something does.`,
      );
      return;
    }
    say(
      ctx,
      'ما لقيت عقارات بهذي المواصفات. جرّب توسّع البحث (مدينة أو ميزانية).',
      'No listings fit. Try widening the search (city or budget).',
    );
    return;
  }
  const lines: string[] = [];
  const ids: string[] = [];
  for (const p of own) {
    lines.push(
      `${nth(ctx, ids.length)}. ${typeLabel(p.propertyType, ctx.lang)} ${p.listingType === 'rent' ? t(ctx.lang, 'للإيجار', 'for rent') : t(ctx.lang, 'للبيع', 'for sale')} — ${placeLabel(p.district, p.city, ctx.lang)}${p.area ? ` — ${formatNumber(p.area, ctx.lang)} ${t(ctx.lang, 'م²', 'm²')}` : ''} — ${priceLabel(ctx.lang, p, p.price)} (${t(ctx.lang, 'رقم', '#')}${formatNumber(p.refNumber, ctx.lang)})`,
    );
    ids.push(`p:${p.id}`);
  }
  for (const o of market) {
    const s = o.summary;
    lines.push(
      `${nth(ctx, ids.length)}. 🤝 ${typeLabel(s.propertyType, ctx.lang)} ${s.listingType === 'rent' ? t(ctx.lang, 'للإيجار', 'for rent') : t(ctx.lang, 'للبيع', 'for sale')} — ${placeLabel(s.district, s.city, ctx.lang)} — ${priceLabel(ctx.lang, s, s.price)} (${t(ctx.lang, 'سوق الوسطاء', 'marketplace')})`,
    );
    ids.push(`m:${o.id}`);
  }
  ctx.state.list = { kind: 'listing', ids };
  ctx.reply(
    [
      forCustomer
        ? t(
            ctx.lang,
            `العقارات اللي تناسب طلب ${forCustomer.name} (${describeCriteria('ar', c)}):`,
            `Listings that fit ${forCustomer.name}'s request (${describeCriteria('en', c)}):`,
          )
        : t(ctx.lang, 'العقارات المطابقة:', 'Matching listings:'),
      ...lines,
      t(ctx.lang, 'اكتب الرقم للتفاصيل.', 'Reply with a number for details.'),
    ].join('\n'),
  );
};

/**
 * The criteria of the latest active request of the one customer named `name`; null when answered
 * here (nobody by that name, several, or no request of his), undefined when the name is no customer's
 * (the search goes on as asked).
 */
async function wantedBy(
  ctx: TurnContext,
  member: Member,
  name: string,
): Promise<{ name: string; criteria: Criteria } | null | undefined> {
  const found = await findCustomers(ctx, member, name);
  if (found.length === 0) return undefined;
  if (found.length > 1) {
    say(
      ctx,
      `عندك أكثر من عميل باسم ${name}. اكتب اسمه كامل أو رقمه.`,
      `Several customers are named ${name}. Write the full name or the number.`,
    );
    return null;
  }
  const customer = found[0]!;
  const requests = await ctx.core.requests.page(
    memberScope(member),
    { customerId: customer.id, status: ['active'] },
    { limit: 1, sort: 'createdAt', direction: 'desc' },
  );
  const request = requests.items[0];
  if (!request) {
    say(
      ctx,
      `${customer.name} ما عنده طلب مفتوح. سجل طلبه أول، مثل: ${customer.name} يبي شقة بالرياض حدود ٨٠٠ ألف`,
      `${customer.name} has no open request. File one first, e.g. ${customer.name} wants an apartment in Riyadh up to 800k`,
    );
    return null;
  }
  return { name: customer.name, criteria: criteriaOf(request, {}) };
}

const OF_BROKER = /^(عقارات|اعلانات|listings of|properties of)\s+(.+?)[\s؟?!.]*$/iu;
const MINE = /^(عقاراتي|اعلاناتي|my listings|my properties)[\s؟?!.]*$/iu;

/** "عقارات ليلى": the team member whose listings are asked for; "عقاراتي": the sender. */
async function brokerNamed(ctx: TurnContext, member: Member): Promise<{ id: string; name: string } | undefined> {
  const text = foldForSearch(ctx.text);
  if (MINE.test(text)) return { id: member.userId, name: member.name };
  const asked = text.match(OF_BROKER)?.[2];
  if (!asked) return undefined;
  const members = await ctx.core.teams.membersNamed(memberScope(member), 'all');
  return members.find((m) => {
    const name = foldForSearch(m.name);
    return name === asked || name.split(' ')[0] === asked;
  });
}

export async function showListing(ctx: TurnContext, ref: string) {
  const [kind, id = ''] = ref.split(':');
  if (ctx.actor.kind !== 'member') {
    if (kind === 'p' || kind === 'q' || kind === 'o') await showPublicListing(ctx, id);
    return;
  }
  const member = ctx.actor.member;
  if (kind === 'p') {
    const p = await ctx.core.listings.propertyDetails(memberScope(member), id);
    if (!p) {
      say(ctx, 'ما لقيت العقار.', 'Listing not found.');
      return;
    }
    const fields = listingFields(p);
    const lines = [
      t(ctx.lang, `🏠 العقار رقم ${formatNumber(p.refNumber, 'ar')}`, `🏠 Listing #${p.refNumber}`),
      listingSummary(ctx.lang, fields, p.images.length),
      p.ownerCustomer
        ? t(
            ctx.lang,
            `👤 المالك: ${p.ownerCustomer.name}${p.ownerCustomer.phone ? ` ${formatPhoneForChat(p.ownerCustomer.phone, 'ar')}` : ''}`,
            `👤 Owner: ${p.ownerCustomer.name}${p.ownerCustomer.phone ? ` ${p.ownerCustomer.phone}` : ''}`,
          )
        : undefined,
      p.regaAdLicenseNumber
        ? t(ctx.lang, `ترخيص الإعلان: ${p.regaAdLicenseNumber}`, `Ad licence: ${p.regaAdLicenseNumber}`)
        : undefined,
      p.mapsUrl ? `🗺 ${p.mapsUrl}` : undefined,
    ];
    ctx.reply(lines.filter(Boolean).join('\n'));
    replyWithPhotos(ctx, p.images);
    return;
  }
  const offer = await ctx.core.listings.marketplaceOffer(memberScope(member), id);
  if (!offer) {
    say(ctx, 'العرض ما عاد متاح.', 'That offer is no longer available.');
    return;
  }
  const s = offer.summary;
  const taken = offer.acceptances.some((a) => a.brokerId === member.userId);
  marketDialog.start(ctx, 'offer', { offerId: offer.id });
  ctx.reply({
    text: [
      t(ctx.lang, '🤝 عرض من سوق الوسطاء (بدون بيانات المالك):', '🤝 A marketplace offer (owner details withheld):'),
      listingSummary(ctx.lang, { ...s, rentPeriod: s.rentPeriod === 'monthly' ? 'monthly' : 'yearly' }, s.photos ?? 0),
      s.regaAdLicenseNumber
        ? t(ctx.lang, `ترخيص الإعلان: ${s.regaAdLicenseNumber}`, `Ad licence: ${s.regaAdLicenseNumber}`)
        : undefined,
      t(
        ctx.lang,
        `الوسطاء: ${formatNumber(offer.acceptedCount, 'ar')} من ${formatNumber(offer.maxBrokers, 'ar')}`,
        `Brokers: ${offer.acceptedCount} of ${offer.maxBrokers}`,
      ),
      taken ? t(ctx.lang, 'قبلت هذا العرض من قبل.', 'You took this offer already.') : undefined,
    ]
      .filter(Boolean)
      .join('\n'),
    choices: [{ id: 'accept', label: t(ctx.lang, 'اقبل العرض', 'Take this offer') }],
  });
}
