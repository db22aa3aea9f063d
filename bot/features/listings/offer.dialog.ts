// The offer dialog: a homeowner or a broker lists a property. It asks, one at a time, only for the
// required fields still missing (listing type, property type, city, district, area, price), then
// shows a summary with three choices: confirm, add details, cancel. Photos may be sent at any step
// before confirming. Brokers add the REGA advertising licence, without which a listing is not shared
// on the marketplace.
import { toAsciiDigits } from '../../../core/shared/digits.ts';
import type { TurnContext } from '../../engine/context.ts';
import { defineDialog } from '../../engine/dialog.ts';
import { formatNumber } from '../../render/format.ts';
import { t } from '../../render/texts.ts';
import { say } from '../shared/helpers.ts';
import { listingSummary } from './listings.texts.ts';
import { DETAILS, isSkip, type OfferData, offerDataSchema, REQUIRED, readFields } from './offer.fields.ts';
import { saveOffer } from './offer.save.ts';
import { PHOTO_REFUSALS, question, summaryChoices } from './offer.texts.ts';

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
      Object.assign(data.fields, read.fields);
      if (read.error) {
        say(ctx, read.error, read.error);
        offerDialog.start(ctx, step, data);
        return true;
      }
      if (data.fields[asked] === undefined) {
        offerDialog.start(ctx, step, data);
        ctx.reply(question(ctx, asked, data.fields));
        return true;
      }
      askNext(ctx, data);
      return true;
    }
    if (detail) {
      if (!isSkip(ctx)) {
        const read = readFields(ctx, detail, data.fields);
        if (read.error) {
          say(ctx, read.error, read.error);
          ctx.state.choices = ['skip'];
          return true;
        }
        Object.assign(data.fields, read.fields);
      }
      return askDetail(ctx, data, DETAILS.indexOf(detail) + 1);
    }
    switch (step) {
      case 'summary':
        if (ctx.choice === 'details') return askDetail(ctx, data, 0);
        if (ctx.choice === 'confirm') return confirmOffer(ctx, data);
        ctx.reply({
          text: t(ctx.lang, 'اختر: اعتمد، أضف تفاصيل، أو إلغاء.', 'Choose: confirm, add details, or cancel.'),
          choices: summaryChoices(ctx.lang),
        });
        return true;
      case 'rega': {
        if (isSkip(ctx)) return finishOffer(ctx, data, false);
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
      case 'share':
        return finishOffer(ctx, data, ctx.choice === 'share' || ctx.parsed?.intent === 'confirm');
    }
    offerDialog.end(ctx);
    return false;
  },
});

/** Asks for the first required field still missing, or shows the summary when none is. */
export function askNext(ctx: TurnContext, data: OfferData) {
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

/** A broker is asked for the REGA licence before saving, unless he gave it already. */
async function confirmOffer(ctx: TurnContext, data: OfferData): Promise<boolean> {
  if (ctx.actor.kind === 'member' && !data.fields.regaAdLicenseNumber) {
    offerDialog.start(ctx, 'rega', data);
    ctx.reply(question(ctx, 'rega', data.fields));
    return true;
  }
  return finishOffer(ctx, data, ctx.actor.kind === 'member' && Boolean(data.fields.regaAdLicenseNumber));
}

async function finishOffer(ctx: TurnContext, data: OfferData, share: boolean): Promise<true> {
  offerDialog.end(ctx);
  await saveOffer(ctx, data, share);
  return true;
}
