// The homeowner's and broker's listing dialog over a fake core (issue 11, point 2): answers are read in
// the context of the question, a fact never lands in another field, an answer may carry several facts,
// a correction works at every step including the summary, typed labels pick their button.
import { describe, expect, it } from 'vitest';
import { basicFeature } from '../../../bot/features/basic/index.ts';
import { listingsFeature } from '../../../bot/features/listings/index.ts';
import { type CoreCall, featureHarness } from '../../support/feature-harness.ts';

const BROKER = { id: '00000000-0000-4000-8000-0000000000b1', name: 'سعد' };

function ownerChat() {
  const created: unknown[] = [];
  const chat = featureHarness({
    features: [basicFeature, listingsFeature],
    actor: { kind: 'contact', role: 'owner', customerId: null },
    core: {
      contacts: { customerFor: async () => 'cust-1', setLanguage: async () => undefined } as never,
      // memberById: the broker who never chatted is reached by his number (tellBroker).
      teams: { officeBroker: async () => BROKER, memberById: async () => null } as never,
      notifications: { chatOfMember: async () => null } as never,
      listings: {
        create: async (_scope: unknown, input: unknown) => {
          created.push(input);
          return { ok: true, value: { propertyId: 'p-4', offerId: 'o-4', refNumber: 4, shared: false } };
        },
      } as never,
    },
  });
  return { chat, created: created as Array<Record<string, unknown>> };
}
const texts = (replies: Array<{ text: string }>) => replies.map((r) => r.text).join('\n');
const fields = (chat: { state: { dialog?: { data: Record<string, unknown> } } }) =>
  chat.state.dialog?.data.fields as Record<string, unknown>;

describe('answers read in the context of the question', () => {
  it('«الشارع ٢٠ م» while the area is asked is the street width, never the area', async () => {
    const { chat } = ownerChat();
    await chat.send('عندي ارض للبيع في الرياض حي الرمال');
    const reply = await chat.send('على شارع ٢٠ م');
    expect(fields(chat).area).toBeUndefined();
    expect(fields(chat).streetWidth).toBe(20);
    expect(texts(reply)).toContain('المساحة');
  });

  it('«مساحتها ٨٠٠ م» while the price is asked is an area, never a price', async () => {
    const { chat } = ownerChat();
    await chat.send('عندي ارض للبيع في الرياض حي الرمال');
    await chat.send('٦٠٠ متر');
    const reply = await chat.send('مساحتها ٨٠٠ م');
    expect(fields(chat).price).toBeUndefined();
    expect(fields(chat).area).toBe(800);
    expect(texts(reply)).toContain('السعر');
  });

  it('an answer may carry several facts', async () => {
    const { chat } = ownerChat();
    await chat.send('ابي اعرض شقة للبيع في جدة حي الروضة');
    const reply = await chat.send('مساحتها ١٦٠ متر وابغى فيها مليون و٢٠٠');
    expect(fields(chat)).toMatchObject({ area: 160, price: 1_200_000 });
    expect(chat.state.dialog?.step).toBe('summary');
    expect(texts(reply)).toContain('١٦٠');
  });

  it('a description starting «الدور الثاني…» never changes the type', async () => {
    const { chat, created } = ownerChat();
    await chat.send('عندي شقة للايجار بالدمام حي الفيصلية ١٥٠ متر ٣٥ الف سنوي');
    await chat.send('أضف تفاصيل');
    for (let i = 0; i < 6; i++) await chat.send('تخطي');
    expect(chat.state.dialog?.step).toBe('detail:description');
    await chat.send('الدور الثاني فيه مجلس وصالة ومطبخ');
    await chat.send('اعتمد');
    expect(created[0]).toMatchObject({ propertyType: 'apartment', description: 'الدور الثاني فيه مجلس وصالة ومطبخ' });
  });

  it('a refused answer changes nothing', async () => {
    const { chat } = ownerChat();
    await chat.send('عندي فيلا للبيع');
    const before = structuredClone(fields(chat));
    const reply = await chat.send('زززز');
    expect(texts(reply)).toContain('ما عرفت المدينة');
    expect(fields(chat)).toEqual(before);
  });

  it('a typed «أضف تفاصيل» opens the details and «٣» then is 3 bedrooms, not the third button', async () => {
    const { chat } = ownerChat();
    await chat.send('عندي دوبلكس للبيع في الرياض حي القيروان ٢٥٠ متر بمليونين');
    expect(texts(await chat.send('أضف تفاصيل'))).toContain('غرفة');
    await chat.send('٣');
    expect(fields(chat).bedrooms).toBe(3);
    expect(chat.state.dialog?.step).toBe('detail:bathrooms');
  });

  it('«ما عندي» skips an optional question', async () => {
    const { chat } = ownerChat();
    await chat.send('عندي دوبلكس للبيع في الرياض حي القيروان ٢٥٠ متر بمليونين');
    await chat.send('add details');
    await chat.send('ما عندي');
    expect(chat.state.dialog?.step).toBe('detail:bathrooms');
  });
});

describe('corrections', () => {
  it('«لا عدل السعر خله ٧٥ الف» at the summary shows the new price, and «نعم» saves it', async () => {
    const { chat, created } = ownerChat();
    await chat.send('عندي شقة للايجار بالرياض حي حطين ١٢٠ متر ب ٨٠ الف بالسنة');
    expect(texts(await chat.send('لا عدل السعر خله ٧٥ الف'))).toContain('٧٥٬٠٠٠');
    await chat.send('نعم');
    expect(created).toHaveLength(1);
    expect(created[0]).toMatchObject({ price: 75_000, area: 120 });
  });

  it('«المساحة غلط، ٣٥٠» puts the bare number in the field it names', async () => {
    const { chat } = ownerChat();
    await chat.send('عندي فيلا للبيع في الرياض حي النرجس ٤٠٠ متر بـ ٢ مليون');
    await chat.send('المساحة غلط، ٣٥٠');
    expect(fields(chat)).toMatchObject({ area: 350, price: 2_000_000 });
  });

  it('«لا خلاص للبيع» is a correction, not a cancel; a bare «إلغاء» still cancels', async () => {
    const { chat, created } = ownerChat();
    await chat.send('عندي فيلا للايجار في الرياض حي النرجس ٤٠٠ متر بـ ٢٠٠ الف');
    await chat.send('لا خلاص للبيع');
    expect(fields(chat).listingType).toBe('sale');
    expect(texts(await chat.send('إلغاء'))).toContain('تم الإلغاء');
    expect(chat.state.dialog).toBeUndefined();
    expect(created).toHaveLength(0);
  });

  it('"change the price to 750k" works in English', async () => {
    const { chat, created } = ownerChat();
    await chat.send('I want to list my apartment for sale in Riyadh Al Malqa 140 sqm for 900000');
    expect(texts(await chat.send('change the price to 750k'))).toContain('750,000');
    await chat.send('yes');
    expect(created[0]).toMatchObject({ price: 750_000 });
  });

  it('«غير المدينة جدة» asks the district again when the old one is not in the new city', async () => {
    const { chat } = ownerChat();
    await chat.send('عندي شقة للبيع بالرياض حي النرجس ٢٠٠ متر بمليون');
    const reply = await chat.send('غير المدينة جدة');
    expect(fields(chat).city).toBe('Jeddah');
    expect(fields(chat).district).toBeUndefined();
    expect(texts(reply)).toContain('حي');
  });

  it('«لا لحظة خله للايجار» while a question waits changes sale to rent', async () => {
    const { chat } = ownerChat();
    await chat.send('ابي اعرض بيتي للبيع');
    await chat.send('لا لحظة خله للايجار احسن');
    expect(fields(chat).listingType).toBe('rent');
  });
});

describe('a broker confirms', () => {
  it('saves at once, then asks the licence; the licence shares it', async () => {
    const calls: CoreCall[] = [];
    const chat = featureHarness({
      features: [listingsFeature],
      core: {
        listings: {
          create: async () => ({ ok: true, value: { propertyId: 'p-9', offerId: 'o-9', refNumber: 9, shared: false } }),
          addAdLicence: async () => ({ ok: true, value: { shared: true } }),
        } as never,
      },
    });
    await chat.send('عندي شقة للايجار بجدة حي الروضة ١٤٠ متر ٤٥ الف بالسنة');
    const saved = await chat.send('اعتمد');
    expect(texts(saved)).toContain('تم تسجيل العقار برقم ٩');
    expect(texts(saved)).toContain('ترخيص');
    await chat.send('7200012345');
    const shared = await chat.send('انشر في السوق');
    expect(texts(shared)).toContain('نُشر');
    calls.push(...chat.calls);
    expect(calls.find((c) => c.method === 'listings.addAdLicence')?.args.slice(1)).toEqual([
      'p-9',
      { licence: '7200012345', share: true },
    ]);
  });
});
