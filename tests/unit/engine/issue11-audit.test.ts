// Issue 11 failures that a conversation case cannot show (the scorer folds digits and reads one
// reply at a time): one digit style per reply, and a name written in the other script.
import { describe, expect, it } from 'vitest';
import type { Feature } from '../../../bot/engine/feature.ts';
import { basicFeature } from '../../../bot/features/basic/index.ts';
import { isThanks } from '../../../bot/features/basic/thanks.ts';
import { listingsFeature } from '../../../bot/features/listings/index.ts';
import { listingSummary } from '../../../bot/features/listings/listings.texts.ts';
import { parse } from '../../../bot/language/index.ts';
import { sameNameAcrossScripts } from '../../../core/shared/text.ts';
import { featureHarness } from '../../support/feature-harness.ts';

const picked: string[] = [];
const demoList: Feature = {
  name: 'demo-list',
  lists: {
    demo: async (ctx, id) => {
      picked.push(id);
      ctx.reply(`picked ${id}`);
    },
  },
};

describe('one digit style per reply (issue 11, point 6)', () => {
  it('a number past a list says «اختر رقم من ١ إلى ٢», never «من ١ إلى 2»', async () => {
    const chat = featureHarness({ features: [demoList], core: {} });
    chat.state.list = { kind: 'demo', ids: ['a', 'b'] };
    const replies = await chat.send('٥');
    expect(replies.map((r) => r.text)).toEqual(['اختر رقم من ١ إلى ٢.']);
    expect(picked).toEqual([]);
    expect((await chat.send('٢')).map((r) => r.text)).toEqual(['picked b']);
  });
});

describe('rooms agree with their number (issue 11, «numbers agreed with nouns»)', () => {
  it('a summary says «غرفتين» and «دورة مياه», never «٢ غرف» or «١ دورات مياه»', () => {
    const f = { listingType: 'sale', propertyType: 'apartment', city: 'Riyadh', bedrooms: 2, bathrooms: 1 } as never;
    const ar = listingSummary('ar', f);
    expect(ar).toContain('🛏 غرفتين');
    expect(ar).toContain('🚿 دورة مياه');
    expect(ar).not.toMatch(/[0-9٠-٩] (غرف|دورات)/u);
    expect(listingSummary('en', f)).toContain('🛏 2 bedrooms');
    expect(listingSummary('en', f)).toContain('🚿 1 bathroom');
    const five = listingSummary('ar', { ...(f as object), bedrooms: 5, bathrooms: 4 } as never);
    expect(five).toContain('🛏 ٥ غرف');
    expect(five).toContain('🚿 ٤ دورات مياه');
  });
});

describe('a name written in the other script (issue 11, point 4: «اجلت موعد عمر» for "Omar")', () => {
  it.each([
    ['عمر', 'Omar Alharbi'],
    ['Khaled', 'خالد العتيبي'],
    ['أحمد', 'Ahmed'],
    ['محمد', 'Mohammed Ali'],
    ['عبدالله', 'Abdullah'],
    ['فاطمة', 'Fatima'],
    ['نايف', 'Nayef'],
    ['القحطاني', 'Al-Qahtani'],
    ['ابو فهد', 'Abu Fahad'],
  ])('«%s» is "%s"', (query, stored) => {
    expect(sameNameAcrossScripts(query, stored)).toBe(true);
  });

  it.each([
    ['سعد', 'سعيد'],
    ['خالد', 'Fahad'],
    ['Omar', 'Omar'],
    ['عمر', 'عمر'],
    ['', 'Omar'],
  ])('«%s» is not "%s" (same script, other name, or no name)', (query, stored) => {
    expect(sameNameAcrossScripts(query, stored)).toBe(false);
  });
});

describe('a refused answer changes nothing (issue 11, point 2)', () => {
  const ownerChat = () =>
    featureHarness({
      features: [basicFeature, listingsFeature],
      actor: { kind: 'contact', role: 'owner', customerId: null },
      core: {
        contacts: { customerFor: async () => 'cust-1', setLanguage: async () => undefined } as never,
        teams: { officeBroker: async () => null, memberById: async () => null } as never,
        notifications: { chatOfMember: async () => null } as never,
      },
    });
  const fieldsOf = (chat: ReturnType<typeof ownerChat>) =>
    (chat.state.dialog?.data as { fields?: Record<string, unknown> } | undefined)?.fields ?? {};

  it.each(['والله الفيلا هذي سعرها ما حددته', 'ما ادري كم سعر الارض'])(
    '«%s» while the price is asked keeps the type and asks again',
    async (answer) => {
      const chat = ownerChat();
      await chat.send('ابي اعرض شقتي للبيع في الرياض حي الملقا مساحتها ١٧٠ متر');
      const step = chat.state.dialog?.step;
      expect(step).toContain('price');
      const before = structuredClone(fieldsOf(chat));
      await chat.send(answer);
      expect(chat.state.dialog?.step).toBe(step);
      expect(fieldsOf(chat)).toEqual(before);
      expect(fieldsOf(chat).propertyType).toBe('apartment');
    },
  );
});

describe('other wordings found in the audit', () => {
  it.each(['يعطيك الف عافية', 'الله يعطيك الف عافيه', 'ماقصرت', 'يسلمو', 'الف شكر', 'شكرا لك', 'thank you bro'])(
    '«%s» is thanks (issue 11, point 6)',
    (text) => {
      expect(isThanks(text)).toBe(true);
    },
  );

  it.each(['يعطيك العافيه ذكرني بكرة اكلم خالد', 'الله يوفقك وش مواعيدي'])('«%s» is not only thanks', (text) => {
    expect(isThanks(text)).toBe(false);
  });

  it.each(['سجلت صفقة الفيلا رقم ١ مع عبدالرحمن بمليونين و٢٠٠', 'سجلنا بيعة الارض ٣ لبندر بمليون'])(
    '«%s» records a sale, never a listing (issue 11, point 4)',
    (text) => {
      expect(parse(text, { now: new Date('2026-12-13T07:00:00Z') }).intent).toBe('sale.record');
    },
  );

  it('«غير المدينة الخبر» names the city Al Khobar; «وصلني الخبر» names none (issue 11, point 2)', () => {
    const now = new Date('2026-12-13T07:00:00Z');
    expect(parse('غير المدينة الخبر', { now }).entities.city).toBe('Al Khobar');
    expect(parse('وصلني الخبر', { now }).entities.city).toBeUndefined();
  });

  it('«جوال ماجد صار 05…» changes a phone; «شطب العميل ماجد» is a delete, never a new customer or a list (issue 11, point 4)', () => {
    const now = new Date('2026-12-13T07:00:00Z');
    expect(parse('جوال ماجد صار 0561230600', { now })).toMatchObject({
      intent: 'customer.update',
      entities: { name: 'ماجد', phone: '+966561230600' },
    });
    expect(parse('ماجد رقمه صار 0561230600', { now }).intent).toBe('customer.update');
    expect(parse('عميل جديد ماجد رقمه 0561230600', { now }).intent).toBe('customer.create');
    expect(parse('شطب العميل ماجد', { now })).toMatchObject({ intent: 'customer.update', entities: { name: 'ماجد' } });
  });

  it('"I also have an apartment for rent …" is a listing, not a request (issue 11, point 1)', () => {
    const text = 'I also have an apartment for rent in Riyadh, Al Yasmin, 140 sqm, 55,000 a year';
    expect(parse(text, { now: new Date('2026-12-13T07:00:00Z') }).intent).toBe('offer.create');
  });
});
