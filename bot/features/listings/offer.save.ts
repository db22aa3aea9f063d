// Saving a confirmed listing. A broker's listing is his; a homeowner's goes to the office's broker,
// the homeowner becomes (or is) the office's customer as its owner, and the broker is told.
import { memberScope } from '../../../core/shared/scope.ts';
import type { TurnContext } from '../../engine/context.ts';
import { formatNumber } from '../../render/format.ts';
import { t } from '../../render/texts.ts';
import { officeBroker, say, tellBroker } from '../shared/helpers.ts';
import { listingSummary } from './listings.texts.ts';
import type { OfferData } from './offer.fields.ts';

/** Saves the listing and says so; its property id and reference, or undefined when it was refused. */
export async function saveOffer(ctx: TurnContext, data: OfferData, share: boolean): Promise<Saved | undefined> {
  if (ctx.actor.kind === 'member') {
    const ref = await save(ctx, data, share, ctx.actor.member.userId);
    if (ref === undefined) return undefined;
    say(
      ctx,
      `✅ تم تسجيل العقار برقم ${formatNumber(ref.refNumber, 'ar')}.${ref.shared ? '\n🤝 نُشر ملخصه في سوق الوسطاء.' : ''}`,
      `✅ Listing saved as #${ref.refNumber}.${ref.shared ? '\n🤝 Its summary is shared on the brokers’ marketplace.' : ''}`,
    );
    return ref;
  }
  const broker = await officeBroker(ctx);
  if (!broker) {
    say(
      ctx,
      'المكتب ما عنده وسيط متاح الحين. جرّب لاحقاً.',
      'The office has no broker available right now. Please try later.',
    );
    return undefined;
  }
  const ownerCustomerId = await ctx.core.contacts.customerFor(
    { organizationId: ctx.organizationId, userId: broker.id },
    ctx.contact,
    {
      name: ctx.contact.displayName ?? ctx.contact.phone ?? 'مالك',
      category: 'seller',
      source: `chat:${ctx.channel.kind}`,
      role: 'owner',
    },
  );
  const ref = await save(ctx, data, share, broker.id, ownerCustomerId ?? undefined);
  if (ref === undefined) return undefined;
  say(
    ctx,
    `✅ شكراً! تم تسجيل عقارك برقم ${formatNumber(ref.refNumber, 'ar')}. بيتواصل معك الوسيط، وبنبلغك بأي تحديث على حالته.`,
    `✅ Thank you! Your property is registered as #${ref.refNumber}. A broker will contact you, and I will tell you when its status changes.`,
  );
  const owner = ctx.contact.customer?.name ?? ctx.contact.displayName ?? ctx.contact.phone ?? '';
  await tellBroker(ctx, broker.id, (lang) =>
    t(
      lang,
      `🏠 عقار جديد من المالك ${owner} برقم ${formatNumber(ref.refNumber, 'ar')}:\n${listingSummary('ar', data.fields, data.photos.length)}`,
      `🏠 A new listing from the owner ${owner}, #${ref.refNumber}:\n${listingSummary('en', data.fields, data.photos.length)}`,
    ),
  );
  return ownerCustomerId ? { ...ref, ownerCustomerId } : ref;
}

/** A saved listing; a homeowner's with his customer record (he may then describe it: advert.ts). */
type Saved = { propertyId: string; refNumber: number; shared: boolean; ownerCustomerId?: string };

/** The listing saved for the broker `userId`; undefined (after telling the user) when it is invalid. */
async function save(
  ctx: TurnContext,
  data: OfferData,
  share: boolean,
  userId: string,
  ownerCustomerId?: string,
): Promise<Saved | undefined> {
  const f = data.fields;
  const created = await ctx.core.listings.create(
    // a member lists as himself (his role is checked, the change audited); a homeowner's is the broker's
    ctx.actor.kind === 'member' ? memberScope(ctx.actor.member) : { organizationId: ctx.organizationId, userId },
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
    return undefined;
  }
  return created.value;
}
