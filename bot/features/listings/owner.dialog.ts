// A homeowner manages his listings after listing them (issue 16): «عقاراتي» lists them; a change (the
// price, pause, reactivate, withdraw, sold or rented) names the listing (by its reference, from a
// numbered list, or the only one), asks what is missing (the new price, who sold it), shows what will
// change with yes/no, and only then calls core (core/listings/owner-listings.service.ts), which re-runs
// matching; the listing's broker is told. Corrections work at the confirmation («لا خله ٨٠٠ ألف»,
// «العقار ٣»), «لا» drops it, «إلغاء» cancels; a wrong answer is explained and the question stays.
//
// These phrases have no intent in the NLU contract: the listings feature's `words` read them, for
// contacts only (a broker's «انباع» or «وقف الإعلان» is never captured), and only for a contact who has
// listings with the office, or is known as a homeowner.
import { z } from 'zod';
import { priceSchema } from '../../../core/listings/listings.types.ts';
import {
  nextOwnerStatus,
  type OwnerChange,
  type OwnerListing,
  type SoldVia,
} from '../../../core/listings/owner-listings.service.ts';
import { toAsciiDigits } from '../../../core/shared/digits.ts';
import { contactScope, type Scope } from '../../../core/shared/scope.ts';
import type { TurnContext } from '../../engine/context.ts';
import { defineDialog } from '../../engine/dialog.ts';
import { parse } from '../../language/index.ts';
import { formatNumber, formatPhoneForChat } from '../../render/format.ts';
import { cancelled, t } from '../../render/texts.ts';
import { officeBroker, say, tellBroker } from '../shared/helpers.ts';
import {
  amountOf,
  listingRefOf,
  type OwnerAsk,
  readOwnerAsk,
  resultingAmount,
  soldViaOf,
  withoutRef,
} from './owner.read.ts';
import {
  brokerNotice,
  confirmText,
  doneText,
  listingName,
  noListingsText,
  type OwnerAction,
  ownerListingsText,
  priceLabel,
  priceRefusal,
  refLabel,
  refusalText,
  soldViaChoices,
  yesNoChoices,
} from './owner.texts.ts';

const ACTIONS = ['price', 'pause', 'activate', 'withdraw', 'closed'] as const;

const ownerDataSchema = z.object({
  action: z.enum(ACTIONS),
  /** the chosen listing's reference */
  ref: z.number().int().positive().optional(),
  price: z.number().int().positive().optional(),
  soldVia: z.enum(['office', 'other', 'owner']).optional(),
  /** the listings offered to pick from, by reference, in the order shown */
  refs: z.array(z.number().int().positive()).max(20).default([]),
});
type OwnerData = z.infer<typeof ownerDataSchema>;

/** A price said as a correction at the confirmation: a bare «٢» there picks a choice, not a price. */
const MIN_CORRECTION = 1_000;

export const ownerDialog = defineDialog({
  name: 'owner-listing',
  version: 1,
  steps: ['pick', 'price', 'soldVia', 'confirm'],
  schema: ownerDataSchema,
  about: (data) => {
    const ref = data.ref ? ` ${formatNumber(data.ref, 'ar')}` : '';
    const refEn = data.ref ? ` #${data.ref}` : '';
    const what: Record<OwnerAction, [string, string]> = {
      price: [`تغير سعر العقار${ref}`, `changing the price of listing${refEn}`],
      pause: [`توقف إعلان العقار${ref}`, `pausing listing${refEn}`],
      activate: [`ترجع إعلان العقار${ref}`, `reactivating listing${refEn}`],
      withdraw: [`تسحب العقار${ref}`, `withdrawing listing${refEn}`],
      closed: [`تسجل بيع العقار${ref}`, `recording listing${refEn} as closed`],
    };
    const [ar, en] = what[data.action];
    return { ar, en };
  },
  accepts(ctx, { step, data }) {
    // Another ask of the owner («عقاراتي», «لا، وقفه بس») is answered by the words, not as this step's answer.
    const ask = askOf(ctx);
    if (ask && (ask.kind === 'list' || ask.kind !== data.action)) return false;
    const intent = ctx.parsed?.intent ?? 'unknown';
    const named = listingRefOf(ctx.text) !== undefined;
    switch (step) {
      case 'pick':
        return named || ctx.choice?.startsWith('ref:') === true || intent === 'select';
      case 'price':
        return amountIn(ctx) !== undefined;
      case 'soldVia':
        return ctx.choice?.startsWith('sold:') === true || soldViaOf(ctx.text, true) !== undefined;
      case 'confirm':
        return (
          ctx.choice === 'confirm' ||
          ctx.choice === 'deny' ||
          intent === 'confirm' ||
          intent === 'deny' ||
          named ||
          (data.action === 'price' && (amountIn(ctx) ?? 0) >= MIN_CORRECTION) ||
          (data.action === 'closed' && soldViaOf(ctx.text, true) !== undefined)
        );
    }
  },
  async handle(ctx, { step, data }) {
    const listings = await listingsOf(ctx);
    if (listings.length === 0) {
      ownerDialog.end(ctx);
      say(ctx, ...bothOf(noListingsText));
      return true;
    }
    const denied = ctx.choice === 'deny' || (!ctx.choice && ctx.parsed?.intent === 'deny');
    switch (step) {
      case 'pick': {
        const ref = pickedRef(ctx, data);
        if (ref === undefined) {
          if (denied) return drop(ctx);
          askPick(ctx, data, listings, true);
          return true;
        }
        const named = listings.find((l) => l.refNumber === ref);
        if (!named) {
          notYours(ctx, ref, listings);
          askPick(ctx, data, listings);
          return true;
        }
        const problem = refusal(named, data);
        if (problem) {
          ctx.reply(refusalText(ctx.lang, problem, data.action, named));
          askPick(ctx, data, listings);
          return true;
        }
        data.ref = ref;
        if (data.action === 'price' && data.price === named.price) {
          // already its price: the new one is asked
          ctx.reply(refusalText(ctx.lang, 'LISTING.UNCHANGED', 'price', named));
          delete data.price;
        }
        advance(ctx, data, listings);
        return true;
      }
      case 'price': {
        const l = chosen(data, listings);
        if (!l) return restart(ctx, data, listings);
        const price = amountIn(ctx);
        if (price === undefined && denied) return drop(ctx);
        if (!takePrice(ctx, data, l, price)) {
          askPrice(ctx, l);
          return true;
        }
        advance(ctx, data, listings);
        return true;
      }
      case 'soldVia': {
        const l = chosen(data, listings);
        if (!l) return restart(ctx, data, listings);
        const via = viaOf(ctx);
        if (!via) {
          if (denied) return drop(ctx);
          say(
            ctx,
            'اختر من الخيارات: عن طريق مكتبنا، مكتب ثاني، أو أنت بنفسك.',
            'Pick one: our office, another office, or yourself.',
          );
          askSoldVia(ctx, l);
          return true;
        }
        data.soldVia = via;
        advance(ctx, data, listings);
        return true;
      }
      case 'confirm': {
        // A correction first: «لا خله ٨٠٠ ألف», «العقار ٣», «لا، بعته بنفسي».
        const ref = listingRefOf(ctx.text);
        if (ref !== undefined && ref !== data.ref) {
          const named = listings.find((l) => l.refNumber === ref);
          const problem = named ? refusal(named, data) : undefined;
          if (!named) notYours(ctx, ref, listings);
          else if (problem) ctx.reply(refusalText(ctx.lang, problem, data.action, named));
          else {
            data.ref = ref;
            if (data.action === 'price' && data.price === named.price) delete data.price;
          }
          advance(ctx, data, listings);
          return true;
        }
        const l = chosen(data, listings);
        if (!l) return restart(ctx, data, listings);
        if (data.action === 'price') {
          const price = amountIn(ctx);
          if (price !== undefined && price >= MIN_CORRECTION && price !== data.price) {
            takePrice(ctx, data, l, price);
            advance(ctx, data, listings);
            return true;
          }
          // «لا لا قصدي … يعني تصير ٢ مليون و٢٠٠» to «من ٢٬٣٠٠٬٠٠٠ إلى ٢٬٢٠٠٬٠٠٠؟»: the price asked, said again
          if (price !== undefined && price === data.price && (!ctx.choice || ctx.choiceTyped === 'word')) {
            return commit(ctx, data, l);
          }
        }
        if (data.action === 'closed') {
          const via = soldViaOf(ctx.text, true);
          if (via && via !== data.soldVia && ctx.choice !== 'confirm') {
            data.soldVia = via;
            advance(ctx, data, listings);
            return true;
          }
        }
        if (ctx.choice === 'confirm' || (!ctx.choice && ctx.parsed?.intent === 'confirm')) {
          return commit(ctx, data, l);
        }
        if (denied) return drop(ctx);
        say(ctx, 'اختر «نعم» عشان أعتمد التغيير، أو «لا».', 'Choose "yes" to make the change, or "no".');
        askConfirm(ctx, data, l);
        return true;
      }
    }
    ownerDialog.end(ctx);
    return false;
  },
});

/** The feature's words: the owner's asks, when the sender is a contact with listings (or a known owner). */
export async function ownerWords(ctx: TurnContext): Promise<boolean> {
  if (ctx.actor.kind !== 'contact' || !ctx.text) return false;
  const ask = askOf(ctx);
  if (!ask) return false;
  // While he is adding a listing, «وقف الإعلان» / «الغ الإعلان» stops that; other asks wait for it.
  if (ctx.state.dialog?.name === 'offer' && ask.kind !== 'list') {
    if (ask.kind !== 'pause' && ask.kind !== 'withdraw') return false;
    delete ctx.state.dialog;
    ctx.reply(cancelled(ctx.lang));
    return true;
  }
  const listings = await listingsOf(ctx);
  // "how long until it's live?" while he is listing it: it goes up once he confirms (the question follows)
  if (listings.length === 0 && ctx.state.dialog?.name === 'offer') {
    say(
      ctx,
      'ينزل إعلانك أول ما تعتمد الملخص بعد آخر سؤال، ويوصل للوسيط على طول.',
      'Your listing goes up as soon as you confirm the summary after the last question, and the broker gets it right away.',
    );
    return true;
  }
  if (listings.length === 0) {
    if (ctx.actor.role !== 'owner') return false;
    say(ctx, ...bothOf(noListingsText));
    return true;
  }
  if (ctx.actor.role === 'unknown') {
    await ctx.core.contacts.setRole(contactScope(ctx.organizationId), ctx.contact.id, 'owner', { unknownOnly: true });
  }
  if (ask.kind === 'list') {
    ctx.reply(ownerListingsText(ctx.lang, ctx.tz, listings));
    return true;
  }
  // A new ask replaces one of his that waited, rather than offering it back later.
  if (ctx.state.parked?.dialog.name === ownerDialog.name) delete ctx.state.parked;
  startChange(ctx, ask, listings);
  return true;
}

/** Starts a change: the listing named, the only one, or the only one it applies to; else a list to pick from. */
function startChange(ctx: TurnContext, ask: OwnerAsk, listings: OwnerListing[]) {
  const action = ask.kind as OwnerAction;
  const data: OwnerData = {
    action,
    refs: [],
    ...(ask.soldVia ? { soldVia: ask.soldVia } : {}),
  };
  const base = { action, refs: [] } as OwnerData;
  let target: OwnerListing | undefined;
  if (ask.ref !== undefined) {
    target = listings.find((l) => l.refNumber === ask.ref);
    if (!target) {
      notYours(ctx, ask.ref, listings);
      return;
    }
  } else if (listings.length === 1) {
    target = listings[0];
  } else {
    const fit = listings.filter((l) => !refusal(l, base));
    if (fit.length === 0) {
      // Every listing refuses it for a reason: the newest one's says why.
      ctx.reply(refusalText(ctx.lang, refusal(listings[0]!, base)!, action, listings[0]));
      return;
    }
    if (fit.length === 1) target = fit[0];
    else data.refs = fit.map((l) => l.refNumber);
  }
  if (target) {
    const problem = refusal(target, base);
    if (problem) {
      ctx.reply(refusalText(ctx.lang, problem, action, target));
      return;
    }
    data.ref = target.refNumber;
  }
  // «نزلو من السعر ١٠٠ الف», "bump it up by 150k": the new price is the listing's moved by that much
  // (asked when the listing is not known yet)
  if (ask.by !== undefined && target && target.price + ask.by > 0) ask.price = target.price + ask.by;
  if (ask.price !== undefined) {
    // A wrong or unchanged price in the first message: said, and nothing starts.
    if (!priceSchema.safeParse(ask.price).success) {
      ctx.reply(priceRefusal(ctx.lang));
      return;
    }
    if (target && ask.price === target.price) {
      ctx.reply(refusalText(ctx.lang, 'LISTING.UNCHANGED', 'price', target));
      return;
    }
    data.price = ask.price;
  }
  advance(ctx, data, listings);
}

/** Asks for what is still missing: which listing, the new price, who sold it; then yes or no. */
function advance(ctx: TurnContext, data: OwnerData, listings: OwnerListing[]) {
  const l = chosen(data, listings);
  if (!l) return askPick(ctx, data, listings);
  if (data.action === 'price' && data.price === undefined) {
    ownerDialog.start(ctx, 'price', data);
    return askPrice(ctx, l);
  }
  if (data.action === 'closed' && !data.soldVia) {
    ownerDialog.start(ctx, 'soldVia', data);
    return askSoldVia(ctx, l);
  }
  ownerDialog.start(ctx, 'confirm', data);
  askConfirm(ctx, data, l);
}

function askPick(ctx: TurnContext, data: OwnerData, listings: OwnerListing[], again = false) {
  if (data.refs.length === 0) data.refs = listings.filter((l) => !refusal(l, data)).map((l) => l.refNumber);
  const offered = data.refs
    .map((ref) => listings.find((l) => l.refNumber === ref))
    .filter((l): l is OwnerListing => Boolean(l));
  ownerDialog.start(ctx, 'pick', data);
  const lines = offered.map(
    (l, i) => `${formatNumber(i + 1, ctx.lang)}. ${listingName(ctx.lang, l)} — ${priceLabel(ctx.lang, l, l.price)}`,
  );
  ctx.reply({
    text: [
      again
        ? t(
            ctx.lang,
            `اختر رقم من ١ إلى ${formatNumber(offered.length, 'ar')}، أو اكتب رقم العقار (مثل: ${refLabel('ar', offered[0]?.refNumber ?? 1)}).`,
            `Pick a number from 1 to ${offered.length}, or write the listing's number (e.g. ${refLabel('en', offered[0]?.refNumber ?? 1)}).`,
          )
        : t(ctx.lang, 'أي عقار تقصد؟', 'Which listing do you mean?'),
      ...lines,
    ].join('\n'),
    choices: offered.slice(0, 10).map((l) => ({ id: `ref:${l.refNumber}`, label: shortName(ctx, l) })),
  });
}

const shortName = (ctx: TurnContext, l: OwnerListing) =>
  `${refLabel(ctx.lang, l.refNumber)}${l.district ? ` — ${l.district}` : ''}`;

function askPrice(ctx: TurnContext, l: OwnerListing) {
  ctx.reply(
    t(
      ctx.lang,
      `كم السعر الجديد لـ${listingName('ar', l)}؟ سعره الحالي ${priceLabel('ar', l, l.price)}.`,
      `What is the new price of the ${listingName('en', l)}? It is ${priceLabel('en', l, l.price)} now.`,
    ),
  );
}

function askSoldVia(ctx: TurnContext, l: OwnerListing) {
  ctx.reply({
    text: t(
      ctx.lang,
      `مبروك! 🎉 ${l.listingType === 'rent' ? 'تأجر' : 'انباع'} عن طريق مين؟`,
      `Congratulations! 🎉 Who ${l.listingType === 'rent' ? 'rented it out' : 'sold it'}?`,
    ),
    choices: soldViaChoices(ctx.lang),
  });
}

function askConfirm(ctx: TurnContext, data: OwnerData, l: OwnerListing) {
  ctx.reply({
    text: confirmText(ctx.lang, data.action, l, { price: data.price, soldVia: data.soldVia }),
    choices: yesNoChoices(ctx.lang),
  });
}

/** Yes: the change is made through core; the owner hears it is done and the broker is told. */
async function commit(ctx: TurnContext, data: OwnerData, l: OwnerListing): Promise<true> {
  ownerDialog.end(ctx);
  const change: OwnerChange =
    data.action === 'price'
      ? { kind: 'price', price: data.price ?? l.price }
      : data.action === 'closed'
        ? { kind: 'closed', soldVia: data.soldVia ?? 'office' }
        : { kind: data.action };
  const done = await ctx.core.listings.ownerChange(ownerScope(ctx), ownerOf(ctx), l.id, change, ctx.now);
  if (!done.ok) {
    ctx.reply(refusalText(ctx.lang, done.error.code, data.action, l));
    return true;
  }
  const extra = { price: data.price, soldVia: data.soldVia };
  ctx.reply(doneText(ctx.lang, data.action, l, extra));
  const brokerId = done.value.brokerId ?? (await officeBroker(ctx))?.id;
  if (brokerId) {
    const phone = ctx.contact.phone ? formatPhoneForChat(ctx.contact.phone, 'ar') : '';
    const owner = done.value.ownerName ?? ctx.contact.displayName ?? phone;
    await tellBroker(ctx, brokerId, (lang) => brokerNotice(lang, owner, data.action, l, extra));
  }
  return true;
}

/** «لا» at a question: nothing changes. */
function drop(ctx: TurnContext): true {
  ownerDialog.end(ctx);
  say(ctx, 'تمام، ما غيرت شي.', 'OK, nothing changed.');
  return true;
}

/** The chosen listing is gone (another chat changed it meanwhile): pick again. */
function restart(ctx: TurnContext, data: OwnerData, listings: OwnerListing[]): true {
  delete data.ref;
  data.refs = [];
  askPick(ctx, data, listings);
  return true;
}

function notYours(ctx: TurnContext, ref: number, listings: OwnerListing[]) {
  const refs = listings.map((l) => refLabel(ctx.lang, l.refNumber)).join(t(ctx.lang, '، ', ', '));
  say(
    ctx,
    `ما لقيت العقار ${formatNumber(ref, 'ar')} بين عقاراتك. عقاراتك عندنا: ${refs}.`,
    `I could not find listing #${ref} among yours. Yours with us: ${refs}.`,
  );
}

/** Why this change does not apply to this listing (sold, already paused, …), or undefined. */
function refusal(l: OwnerListing, data: Pick<OwnerData, 'action'>) {
  const change: OwnerChange =
    data.action === 'price'
      ? { kind: 'price', price: l.price }
      : data.action === 'closed'
        ? { kind: 'closed', soldVia: 'office' }
        : { kind: data.action };
  const next = nextOwnerStatus(l.status, change, l.listingType);
  return next === 'LISTING.NOT_ACTIVE' || next === 'LISTING.UNCHANGED' ? next : undefined;
}

/** Takes a new price, or says why not (and returns false). */
function takePrice(ctx: TurnContext, data: OwnerData, l: OwnerListing, price: number | undefined): boolean {
  if (price === undefined || !priceSchema.safeParse(price).success) {
    ctx.reply(priceRefusal(ctx.lang));
    return false;
  }
  if (price === l.price) {
    ctx.reply(refusalText(ctx.lang, 'LISTING.UNCHANGED', 'price', l));
    return false;
  }
  data.price = price;
  return true;
}

function pickedRef(ctx: TurnContext, data: OwnerData): number | undefined {
  const named = listingRefOf(ctx.text);
  if (named !== undefined) return named;
  const pressed = ctx.choice?.match(/^ref:(\d+)$/)?.[1];
  if (pressed) return Number(pressed);
  const n =
    ctx.parsed?.intent === 'select'
      ? ctx.parsed.entities.ref
      : /^\d{1,2}$/.test(toAsciiDigits(ctx.text))
        ? Number(toAsciiDigits(ctx.text))
        : undefined;
  // a number past the list picks nothing: the list is asked again
  return n !== undefined ? data.refs[n - 1] : undefined;
}

function viaOf(ctx: TurnContext): SoldVia | undefined {
  const pressed = ctx.choice?.match(/^sold:(office|other|owner)$/)?.[1] as SoldVia | undefined;
  // «عن طريق مكتب ثاني» typed: close to the label «عن طريق مكتبكم», but its words say another office
  const said = ctx.text && ctx.choiceTyped !== undefined ? soldViaOf(ctx.text, true) : undefined;
  return said ?? pressed ?? soldViaOf(ctx.text, true);
}

const chosen = (data: OwnerData, listings: OwnerListing[]) =>
  data.ref !== undefined ? listings.find((l) => l.refNumber === data.ref) : undefined;

/** What the owner asks in this message, read with the listing's reference left out of the amount. */
function askOf(ctx: TurnContext): OwnerAsk | undefined {
  return readOwnerAsk(ctx.text, parsedWithoutRef(ctx));
}

function parsedWithoutRef(ctx: TurnContext) {
  if (listingRefOf(ctx.text) === undefined) return ctx.parsed;
  return parse(withoutRef(ctx.text), { now: ctx.now, tz: ctx.tz, role: 'owner' });
}

/** The amount a message gives: the one after «تصير» when a cut and its result are both said, else the one said. */
const amountIn = (ctx: TurnContext) =>
  resultingAmount(ctx.text, (part) => parse(part, { now: ctx.now, tz: ctx.tz, role: 'owner' })) ??
  amountOf(parsedWithoutRef(ctx));

const ownerOf = (ctx: TurnContext) => ({ customerId: ctx.contact.customerId, phone: ctx.contact.phone });
/** The owner acts as a contact of the office; the channel is written to the audit log. */
const ownerScope = (ctx: TurnContext): Scope => ({ ...contactScope(ctx.organizationId), via: ctx.channel.kind });

const listingsOf = (ctx: TurnContext) =>
  ctx.core.listings.ownerListings(contactScope(ctx.organizationId), ownerOf(ctx), ctx.now);

const bothOf = (text: (lang: 'ar' | 'en') => string): [string, string] => [text('ar'), text('en')];
