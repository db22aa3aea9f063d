// The offer dialog: a homeowner or a broker lists a property. It asks, one at a time, only for the
// required fields still missing (listing type, property type, city, district, area, price), then
// shows a summary with three choices: confirm, add details, cancel. Photos may be sent at any step
// before confirming. Brokers add the REGA advertising licence, without which a listing is not shared
// on the marketplace.
import { toAsciiDigits } from '../../../core/shared/digits.ts';
import { memberScope } from '../../../core/shared/scope.ts';
import { foldForSearch } from '../../../core/shared/text.ts';
import type { TurnContext } from '../../engine/context.ts';
import { defineDialog } from '../../engine/dialog.ts';
import { lookupDistrict } from '../../language/index.ts';
import { cityLabel, districtLabel, formatNumber } from '../../render/format.ts';
import { t } from '../../render/texts.ts';
import { say } from '../shared/helpers.ts';
import { impliedCity } from '../shared/places.ts';
import { offerAdvert } from './advert.ts';
import { listingSummary } from './listings.texts.ts';
import {
  DETAILS,
  isSkip,
  type OfferData,
  type OfferFields,
  offerDataSchema,
  REQUIRED,
  readFields,
} from './offer.fields.ts';
import { saveOffer } from './offer.save.ts';
import { PHOTO_REFUSALS, question, summaryChoices } from './offer.texts.ts';

/** No photos to send now (folded letters): «ما عندي صور الحين», «الصور بعدين», "no photos yet". */
const NO_PHOTOS_NOW =
  /(ما|مو|مب)\s*(عندي|معي)\s*(صور|صوره|تصوير)|ماعندي\s*صور|بدون\s*صور|(الصور|صور)\s*(بعدين|لاحقا|بكره)|\b(no|don'?t have( any)?|haven'?t got( any)?)\s+(photos|pictures|pics|images)\b|\b(photos|pictures|pics) later\b/u;

export const offerDialog = defineDialog({
  name: 'offer',
  version: 1,
  steps: [
    ...REQUIRED.map((field) => `ask:${field}` as const),
    'summary',
    ...DETAILS.map((detail) => `detail:${detail}` as const),
    'rega',
    'share',
  ],
  schema: offerDataSchema,
  about: (data) => {
    const where = data.fields.district ?? (data.fields.city ? cityLabel(data.fields.city, 'ar') : undefined);
    const whereEn = data.fields.district
      ? districtLabel(data.fields.district, data.fields.city, 'en')
      : data.fields.city
        ? cityLabel(data.fields.city, 'en')
        : undefined;
    if (data.propertyId)
      return {
        ar: `تنشر عقار ${where ?? ''} في سوق الوسطاء`.replace(/\s+/gu, ' '),
        en: `sharing the listing${whereEn ? ` in ${whereEn}` : ''} on the marketplace`,
      };
    return {
      ar: where ? `تضيف عقار ${where}` : 'تضيف عقار',
      en: whereEn ? `adding a listing in ${whereEn}` : 'adding a listing',
    };
  },
  accepts(ctx, { step, data }) {
    // Another feature's command (a sale, a lead, a booking, «عملائي») is never a listing's answer.
    const intent = ctx.parsed?.intent ?? 'unknown';
    if (!LISTING_ANSWERS.has(intent) && intent !== 'cancel') return false;
    // «فيه ٤ غرف و٣ حمامات» reads as a search but describes the listing; «عندكم فلل بالملقا؟» asks.
    if (intent === 'property.search' && SEARCHING.test(ctx.text)) return false;
    if (step === 'rega') return isSkip(ctx) || /^\d{6,12}$/.test(toAsciiDigits(ctx.text).replace(/\D/g, ''));
    if (step === 'share') return ctx.parsed?.intent === 'confirm' || ctx.parsed?.intent === 'deny';
    const asked = REQUIRED.find((field) => step === `ask:${field}`) ?? DETAILS.find((d) => step === `detail:${d}`);
    if (isSkip(ctx) && !REQUIRED.some((field) => step === `ask:${field}`)) return true;
    const read = readFields(ctx, asked, data.fields, step === 'summary');
    return !read.error && Object.keys(read.fields).length > 0;
  },
  async handle(ctx, { step, data }) {
    const asked = REQUIRED.find((field) => step === `ask:${field}`);
    const detail = DETAILS.find((d) => step === `detail:${d}`);
    // A photo, at any step before confirming: kept, and the same question stays open.
    if (await takePhoto(ctx, data)) {
      offerDialog.start(ctx, step, data);
      const open = asked ?? detail;
      if (step === 'summary') ctx.state.choices = ['confirm', 'details', 'cancel'];
      else if (open) ctx.reply(question(ctx, open, data.fields));
      return true;
    }
    if (asked) {
      const read = readFields(ctx, asked, data.fields);
      // A refused answer changes nothing: the question stays as it was.
      if (read.error) {
        say(ctx, read.error, read.error);
        return true;
      }
      apply(data, read.fields);
      // Other facts came, but not the one asked: say they were taken, and ask it again (never the very
      // same words, which read as not heard).
      if (REQUIRED.find((field) => data.fields[field] === undefined) === asked && Object.keys(read.fields).length > 0) {
        offerDialog.start(ctx, step, data);
        const again = question(ctx, asked, data.fields);
        ctx.reply({ ...again, text: `${t(ctx.lang, '✔️ أخذتها.', '✔️ Noted.')} ${again.text}` });
        return true;
      }
      askNext(ctx, data);
      return true;
    }
    if (detail) {
      // «اعتمد» during the details: enough details, confirm now.
      if (ctx.choice === 'confirm' || (!ctx.choice && ctx.parsed?.intent === 'confirm')) return confirmOffer(ctx, data);
      if (!isSkip(ctx)) {
        const read = readFields(ctx, detail, data.fields);
        if (read.error) {
          say(ctx, read.error, read.error);
          ctx.state.choices = ['skip', 'confirm'];
          return true;
        }
        apply(data, read.fields);
        if (data.fields[detail] === undefined) {
          // A correction of another fact: kept, and the same question stays open.
          offerDialog.start(ctx, step, data);
          say(ctx, '✔️ عدلتها.', '✔️ Updated.');
          ctx.reply(question(ctx, detail, data.fields));
          return true;
        }
      }
      return askDetail(ctx, data, DETAILS.indexOf(detail) + 1);
    }
    switch (step) {
      case 'summary':
        if (ctx.choice === 'details') return askDetail(ctx, data, 0);
        if (ctx.choice === 'confirm') return confirmOffer(ctx, data);
        {
          // «لا عدل السعر خله ٧٥ الف», «غير المدينة جدة»: a correction at the summary, shown again.
          const read = readFields(ctx, undefined, data.fields, true);
          if (read.error) {
            say(ctx, read.error, read.error);
            ctx.state.choices = ['confirm', 'details', 'cancel'];
            return true;
          }
          if (Object.keys(read.fields).length > 0) {
            apply(data, read.fields);
            askNext(ctx, data);
            return true;
          }
        }
        // «لا ما عندي صور الحين» to "you can send photos before confirming": not a refusal of the listing
        if (NO_PHOTOS_NOW.test(foldForSearch(ctx.text))) {
          ctx.reply({
            text: t(
              ctx.lang,
              'ولا يهمك، نعتمده بدون صور. أعتمده الحين؟',
              'No problem, it can go without photos. Confirm it now?',
            ),
            choices: summaryChoices(ctx.lang),
          });
          return true;
        }
        ctx.reply({
          text: t(ctx.lang, 'اختر: اعتمد، أضف تفاصيل، أو إلغاء.', 'Choose: confirm, add details, or cancel.'),
          choices: summaryChoices(ctx.lang),
        });
        return true;
      case 'rega': {
        if (isSkip(ctx)) {
          if (!data.propertyId) return finishOffer(ctx, data, false);
          offerDialog.end(ctx);
          say(
            ctx,
            'تمام، العقار محفوظ لمكتبك بدون نشر في السوق.',
            'OK, the listing stays with your office, not on the marketplace.',
          );
          await offerAdvert(ctx, { propertyId: data.propertyId }, data.fields);
          return true;
        }
        const licence = toAsciiDigits(ctx.text).replace(/\D/g, '');
        if (!/^\d{6,12}$/.test(licence)) {
          say(
            ctx,
            'رقم الترخيص من ٦ إلى ١٢ رقم. اكتبه (أو تخطي).',
            'The licence number has 6 to 12 digits. Write it (or skip).',
          );
          ctx.state.choices = ['skip'];
          return true;
        }
        data.fields.regaAdLicenseNumber = licence;
        offerDialog.start(ctx, 'share', data);
        ctx.reply(question(ctx, 'share', data.fields));
        return true;
      }
      case 'share': {
        const share = ctx.choice === 'share' || ctx.parsed?.intent === 'confirm';
        if (!data.propertyId) return finishOffer(ctx, data, share);
        offerDialog.end(ctx);
        const licence = data.fields.regaAdLicenseNumber ?? '';
        if (ctx.actor.kind !== 'member') return finishOffer(ctx, data, false);
        const done = await ctx.core.listings.addAdLicence(memberScope(ctx.actor.member), data.propertyId, {
          licence,
          share,
        });
        if (!done.ok) {
          say(ctx, 'ما قدرت أحفظ رقم الترخيص.', 'I could not save the licence number.');
          return true;
        }
        say(
          ctx,
          `✅ حفظت رقم الترخيص.${done.value.shared ? '\n🤝 نُشر ملخصه في سوق الوسطاء.' : ''}`,
          `✅ Licence number saved.${done.value.shared ? '\n🤝 Its summary is shared on the brokers’ marketplace.' : ''}`,
        );
        await offerAdvert(ctx, { propertyId: data.propertyId }, data.fields);
        return true;
      }
    }
    offerDialog.end(ctx);
    return false;
  },
});

/** What the parser may call a message that answers a listing's question. */
const LISTING_ANSWERS = new Set([
  'offer.create',
  'request.create',
  'property.search',
  'unknown',
  'select',
  'confirm',
  'deny',
]);

const SEARCHING = /[?؟]|عندكم|عندك |تبحث|ابحث|دور لي|دورلي|search|looking for|do you have/iu;

/** Takes the facts read; a district that is not in a newly given city is asked again. */
function apply(data: OfferData, read: OfferFields) {
  const cityChanged = read.city !== undefined && read.city !== data.fields.city;
  Object.assign(data.fields, read);
  const district = data.fields.district;
  if (cityChanged && read.district === undefined && district) {
    const found = lookupDistrict(district, data.fields.city);
    if (!found || found.cityNameEn !== data.fields.city) delete data.fields.district;
  }
}

/** Asks for the first required field still missing, or shows the summary when none is. */
export function askNext(ctx: TurnContext, data: OfferData) {
  if (!data.fields.city && data.fields.district) data.fields.city = impliedCity(ctx, data.fields.district);
  const missing = REQUIRED.find((field) => data.fields[field] === undefined);
  if (missing) {
    offerDialog.start(ctx, `ask:${missing}`, data);
    ctx.reply(question(ctx, missing, data.fields));
    return;
  }
  offerDialog.start(ctx, 'summary', data);
  ctx.reply({
    text: `${t(ctx.lang, 'هذا ملخص عقارك:', 'Here is your listing:')}\n${listingSummary(ctx.lang, data.fields, data.photos.length)}\n\n${t(ctx.lang, 'أعتمده؟ تقدر ترسل صور قبل الاعتماد.', 'Shall I confirm it? You can still send photos before confirming.')}`,
    choices: summaryChoices(ctx.lang),
  });
}

function askDetail(ctx: TurnContext, data: OfferData, index: number): true {
  const next = DETAILS[index];
  if (!next) {
    askNext(ctx, data);
    return true;
  }
  offerDialog.start(ctx, `detail:${next}`, data);
  ctx.reply(question(ctx, next, data.fields));
  return true;
}

async function takePhoto(ctx: TurnContext, data: OfferData): Promise<boolean> {
  const media = ctx.inbound.media;
  if (ctx.inbound.kind !== 'media' || !media) return false;
  const saved = await ctx.media.savePhoto(ctx.organizationId, ctx.channel.kind, media);
  if (!saved.ok) {
    const [ar, en] = PHOTO_REFUSALS[saved.error.code];
    say(ctx, ar, en);
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

/**
 * Confirming saves the listing at once. A broker without the REGA licence is asked for it afterwards,
 * to share the listing on the marketplace: a question he may leave for another command without losing
 * the listing.
 */
async function confirmOffer(ctx: TurnContext, data: OfferData): Promise<boolean> {
  if (ctx.actor.kind === 'member' && !data.fields.regaAdLicenseNumber) {
    offerDialog.end(ctx);
    const saved = await saveOffer(ctx, data, false);
    if (!saved) return true;
    offerDialog.start(ctx, 'rega', { ...data, propertyId: saved.propertyId });
    ctx.reply(question(ctx, 'rega', data.fields));
    return true;
  }
  return finishOffer(ctx, data, ctx.actor.kind === 'member' && Boolean(data.fields.regaAdLicenseNumber));
}

async function finishOffer(ctx: TurnContext, data: OfferData, share: boolean): Promise<true> {
  offerDialog.end(ctx);
  const saved = await saveOffer(ctx, data, share);
  // the advert text (AI helper only): shown once the facts are saved, the licence included
  if (saved) await offerAdvert(ctx, saved, data.fields);
  return true;
}
