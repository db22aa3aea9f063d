// The advert text of a saved listing, written by the AI helper from the listing's facts only (issue 15).
// Once the listing is saved (and a broker's licence question answered), Nova shows an Arabic and an
// English advert to the owner or broker: he accepts it («اعتمد الوصف»), types his own text instead, or
// skips it. Before anything is shown, every sentence that states what the facts do not (a pool, a fifth
// bedroom, another district) is dropped, and an advert that loses too much is not shown at all
// (core/ai/fact-check.ts). Without a key (core.ai disabled) nothing here runs: no step is added.
import { z } from 'zod';
import type { AiOutcome } from '../../../core/ai/ai.port.ts';
import { type AdvertFacts, checkAdvertPair } from '../../../core/ai/fact-check.ts';
import { contactScope, memberScope, type Scope } from '../../../core/shared/scope.ts';
import type { TurnContext } from '../../engine/context.ts';
import { defineDialog } from '../../engine/dialog.ts';
import { findPlaces } from '../../language/index.ts';
import { t } from '../../render/texts.ts';
import { say } from '../shared/helpers.ts';
import type { OfferFields } from './offer.fields.ts';

const FACING_EN: Record<string, string> = {
  north: 'north',
  south: 'south',
  east: 'east',
  west: 'west',
  north_east: 'north-east',
  north_west: 'north-west',
  south_east: 'south-east',
  south_west: 'south-west',
};

/** The facts the model is given (and the guard checks against): the confirmed fields, nothing else. */
export function advertFacts(fields: OfferFields, lang: 'ar' | 'en'): AdvertFacts {
  return {
    lang,
    propertyType: fields.propertyType ?? 'property',
    listingType: fields.listingType ?? 'sale',
    city: fields.city ?? null,
    district: fields.district ?? null,
    area: fields.area ?? null,
    price: fields.price ?? null,
    rentPeriod: fields.listingType === 'rent' ? (fields.rentPeriod ?? 'yearly') : null,
    bedrooms: fields.bedrooms ?? null,
    bathrooms: fields.bathrooms ?? null,
    ageYears: fields.age ?? null,
    streetWidthMetres: fields.streetWidth ?? null,
    facing: fields.facing ? (FACING_EN[fields.facing] ?? null) : null,
    features: fields.features ?? [],
    regaLicence: fields.regaAdLicenseNumber ?? null,
  };
}

/** The model's adverts with what the facts do not say dropped; null when nothing trustworthy is left. */
export function guardAdvert(outcome: AiOutcome<{ ar: string; en: string }>, facts: AdvertFacts) {
  if (!outcome.ok) return null;
  return checkAdvertPair(outcome.value, facts, { placesIn: findPlaces });
}

/** The listing the advert is for, and who may describe it. */
export interface AdvertTarget {
  propertyId: string;
  /** a homeowner's listing: his customer record (the listing's owner) */
  ownerCustomerId?: string;
}

const advertDataSchema = z.object({
  propertyId: z.string(),
  ownerCustomerId: z.string().optional(),
  ar: z.string(),
  en: z.string(),
});
type AdvertData = z.infer<typeof advertDataSchema>;

function scopeOf(ctx: TurnContext): Scope {
  return ctx.actor.kind === 'member' ? memberScope(ctx.actor.member) : contactScope(ctx.organizationId);
}

const reviewChoices = (ctx: TurnContext) => [
  { id: 'confirm', label: t(ctx.lang, 'اعتمد الوصف', 'Use this text') },
  { id: 'edit', label: t(ctx.lang, 'أكتب وصفي', 'Write my own') },
  { id: 'skip', label: t(ctx.lang, 'تخطي', 'Skip') },
];

/** What the parser may call a text the user typed as his own advert at the review step. */
const OWN_TEXT_INTENTS = new Set(['unknown', 'offer.create', 'property.search', 'request.create']);
const SKIP = /^(تخطي|تخطى|skip|لا|no|لا شكرا|no thanks|بدون|without)$/iu;

export const advertDialog = defineDialog({
  name: 'advert',
  version: 1,
  steps: ['review', 'edit'],
  schema: advertDataSchema,
  about: () => ({ ar: 'تراجع وصف الإعلان', en: 'reviewing the listing’s advert text' }),
  accepts(ctx, { step }) {
    const intent = ctx.parsed?.intent ?? 'unknown';
    if (intent === 'cancel') return true;
    if (step === 'edit') return ctx.text.length > 0;
    if (ctx.choice || intent === 'confirm' || intent === 'deny' || SKIP.test(ctx.text.trim())) return true;
    // his own advert, typed instead of pressing a button: a listing's words, not another command
    return OWN_TEXT_INTENTS.has(intent) && ctx.text.length >= 20;
  },
  async handle(ctx, { step, data }) {
    if (step === 'edit') {
      if (!ctx.text) {
        ctx.reply(t(ctx.lang, 'اكتب نص الوصف اللي تبيه.', 'Type the advert text you want.'));
        return true;
      }
      return save(ctx, data, ctx.text, null);
    }
    if (ctx.choice === 'confirm' || (!ctx.choice && ctx.parsed?.intent === 'confirm'))
      return save(ctx, data, data.ar, data.en);
    if (ctx.choice === 'edit') {
      advertDialog.start(ctx, 'edit', data);
      ctx.reply(
        t(
          ctx.lang,
          'اكتب الوصف اللي تبيه للإعلان (بأي لغة)، وأحفظه على العقار.',
          'Type the advert text you want (in either language) and I will save it on the listing.',
        ),
      );
      return true;
    }
    if (ctx.choice === 'skip' || ctx.parsed?.intent === 'deny' || SKIP.test(ctx.text.trim())) {
      advertDialog.end(ctx);
      say(ctx, 'تمام، العقار محفوظ بدون وصف.', 'OK, the listing stays without an advert text.');
      return true;
    }
    if (!ctx.choice && ctx.text.length >= 20 && OWN_TEXT_INTENTS.has(ctx.parsed?.intent ?? 'unknown'))
      return save(ctx, data, ctx.text, null);
    ctx.reply({
      text: t(ctx.lang, 'اختر: اعتمد الوصف، أو اكتب وصفك، أو تخطي.', 'Choose: use this text, write your own, or skip.'),
      choices: reviewChoices(ctx),
    });
    return true;
  },
});

async function save(ctx: TurnContext, data: AdvertData, description: string, descriptionEn: string | null) {
  advertDialog.end(ctx);
  const done = await ctx.core.listings.setDescription(scopeOf(ctx), data.propertyId, {
    description,
    descriptionEn,
    ...(data.ownerCustomerId ? { ownerCustomerId: data.ownerCustomerId } : {}),
  });
  if (!done.ok) {
    say(ctx, 'ما قدرت أحفظ الوصف على العقار.', 'I could not save the text on the listing.');
    return true;
  }
  say(ctx, '✅ حفظت الوصف على العقار.', '✅ The advert text is saved on the listing.');
  return true;
}

/**
 * After a listing is saved: with the AI helper on, its adverts (checked against the facts) are shown to
 * accept, replace or skip. Without it, or when the model fails or invents too much, nothing is said.
 */
export async function offerAdvert(ctx: TurnContext, target: AdvertTarget, fields: OfferFields): Promise<void> {
  if (!ctx.core.ai.enabled) return;
  const facts = advertFacts(fields, ctx.lang);
  const outcome = await ctx.core.ai.describeListing(scopeOf(ctx), facts);
  const checked = guardAdvert(outcome, facts);
  if (!checked) {
    ctx.logger.info(
      { propertyId: target.propertyId, reason: outcome.ok ? 'facts' : outcome.reason },
      'listing advert not offered',
    );
    return;
  }
  if (checked.dropped.length) {
    ctx.logger.info(
      { propertyId: target.propertyId, dropped: checked.dropped.map((d) => d.why) },
      'listing advert: sentences beyond the facts dropped',
    );
  }
  const { propertyId, ownerCustomerId } = target;
  advertDialog.start(ctx, 'review', {
    propertyId,
    ...(ownerCustomerId ? { ownerCustomerId } : {}),
    ar: checked.ar,
    en: checked.en,
  });
  ctx.reply({
    text: t(
      ctx.lang,
      `✍️ كتبت لك نص إعلان من بيانات العقار فقط:\n\n${checked.ar}\n\n${checked.en}\n\nتعتمده؟ أو اكتب وصفك بنفسك.`,
      `✍️ Here is an advert text written from the listing's facts only:\n\n${checked.en}\n\n${checked.ar}\n\nUse it? Or type your own.`,
    ),
    choices: reviewChoices(ctx),
  });
}
