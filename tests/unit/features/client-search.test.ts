// Issue 11, point 3 (clients): a client searches the office's listings in plain words and gets a
// numbered, paged list without any owner's contact; a number shows the details; «اشوفها» or a listing
// named in any natural form books a viewing (never the owner flow or a request); «وش صار على طلبي؟»
// answers; «وقف التنبيهات» stops match alerts. Over a fake core.
import { describe, expect, it } from 'vitest';
import { basicFeature } from '../../../bot/features/basic/index.ts';
import { listingsFeature } from '../../../bot/features/listings/index.ts';
import { requestsFeature } from '../../../bot/features/requests/index.ts';
import { searchFeature } from '../../../bot/features/search/index.ts';
import { viewingsFeature } from '../../../bot/features/viewings/index.ts';
import { featureHarness } from '../../support/feature-harness.ts';

const BROKER_ID = '00000000-0000-4000-8000-0000000000b1';
const NOW = new Date('2026-12-13T07:00:00Z'); // Sunday 10:00 in Riyadh

function listing(ref: number, extra: Record<string, unknown> = {}) {
  return {
    id: `p-${ref}`,
    refNumber: ref,
    title: `عقار ${ref}`,
    status: 'active',
    userId: BROKER_ID,
    mapsUrl: null,
    listingType: 'rent',
    propertyType: 'apartment',
    city: 'Riyadh',
    district: 'الملقا',
    area: 150 + ref,
    price: 60_000 + ref * 1000,
    rentPeriod: 'yearly',
    bedrooms: 3,
    bathrooms: 2,
    age: null,
    streetWidth: null,
    features: [],
    description: null,
    images: [],
    regaAdLicenseNumber: null,
    ownerCustomer: { name: 'أبو عبدالله', phone: '+966511111111' },
    ...extra,
  };
}

function clientChat(total = 7) {
  const all = Array.from({ length: total }, (_, i) => listing(i + 1));
  const searches: Array<Record<string, unknown>> = [];
  const offers: Array<Record<string, unknown>> = [];
  const alerts: boolean[] = [];
  const views: string[] = [];
  const chat = featureHarness({
    features: [basicFeature, listingsFeature, requestsFeature, searchFeature, viewingsFeature],
    actor: { kind: 'contact', role: 'client', customerId: 'cust-9' },
    now: NOW,
    core: {
      listings: {
        publicSearch: async (_s: unknown, f: Record<string, unknown>) => {
          searches.push(f);
          return { items: all.slice(0, (f.limit as number) ?? 5), total: all.length };
        },
        propertyDetails: async (_s: unknown, id: string) => all.find((p) => p.id === id) ?? null,
        countView: async (_s: unknown, id: string) => {
          views.push(id);
        },
        clientRequests: async () => [
          {
            id: 'r1',
            type: 'rent',
            propertyTypes: ['apartment'],
            cities: ['Riyadh'],
            districts: ['الملقا'],
            priceMax: 70000,
            createdAt: NOW,
            _count: { smartMatches: 2 },
          },
        ],
        setClientAlerts: async (_s: unknown, _c: string, on: boolean) => {
          alerts.push(on);
          return 1;
        },
        create: async () => {
          throw new Error('a client naming a listing must never add one');
        },
      } as never,
      requests: {
        create: async () => {
          throw new Error('a client naming a listing must never file a request');
        },
      } as never,
      appointments: {
        propertyByRef: async (_s: unknown, ref: number) => all.find((p) => p.refNumber === ref) ?? null,
        viewingBroker: async () => BROKER_ID,
        offer: async (_s: unknown, input: Record<string, unknown>) => {
          offers.push(input);
          const start = new Date('2026-12-17T13:00:00Z');
          return {
            reason: null,
            slots: [0, 1, 2].map((h) => ({
              start: new Date(start.getTime() + h * 3_600_000),
              end: new Date(start.getTime() + (h + 1) * 3_600_000),
            })),
            timeZone: 'Asia/Riyadh',
            viewingMinutes: 60,
          };
        },
        list: async () => [],
      } as never,
    },
  });
  return { chat, searches, offers, alerts, views };
}
const text = (replies: Array<{ text: string; choices?: Array<{ label: string }> }>) =>
  replies.map((r) => [r.text, ...(r.choices ?? []).map((c) => c.label)].join('\n')).join('\n');

describe('clients search listings by chat', () => {
  it('«عندكم شقق للايجار بالملقا؟»: a numbered page of active listings, no owner contact', async () => {
    const { chat, searches } = clientChat();
    const reply = text(await chat.send('عندكم شقق للايجار بالملقا؟'));
    expect(searches[0]).toMatchObject({ listingType: 'rent', propertyType: 'apartment', district: 'الملقا' });
    expect(reply).toMatch(/١\. شقة للإيجار — الملقا/);
    expect(reply).toMatch(/٥\./);
    expect(reply).not.toMatch(/٦\./);
    expect(reply).toMatch(/المزيد/);
    expect(reply).not.toMatch(/511111111|أبو عبدالله|المالك/);
  });

  it('«المزيد» shows the next page, numbered on', async () => {
    const { chat } = clientChat();
    await chat.send('عندكم شقق للايجار بالملقا؟');
    const reply = text(await chat.send('المزيد'));
    expect(reply).toMatch(/٦\./);
    expect(reply).toMatch(/٧\./);
    expect(reply).not.toMatch(/١\./);
    const last = text(await chat.send('المزيد'));
    expect(last).toMatch(/كل العقارات/);
  });

  it('English: "any apartments in Al Malqa?" answers in English', async () => {
    const { chat } = clientChat(2);
    const reply = text(await chat.send('any apartments in Al Malqa?'));
    expect(reply).toMatch(/1\. Apartment for rent/i);
    expect(reply).not.toMatch(/owner/i);
  });

  it('a number shows the details without the owner; «ابي اشوفها الخميس ٥» books that one', async () => {
    const { chat, offers, views } = clientChat();
    await chat.send('عندكم شقق للايجار بالملقا؟');
    const details = text(await chat.send('3'));
    expect(details).toMatch(/العقار رقم ٣/);
    expect(details).not.toMatch(/511111111|أبو عبدالله|المالك/);
    // opening the details is a view its owner sees in «عقاراتي»
    expect(views).toEqual(['p-3']);
    const booking = await chat.send('ابي اشوفها الخميس ٥');
    expect(offers).toHaveLength(1);
    expect(booking.some((r) => (r.choices?.length ?? 0) >= 2)).toBe(true);
    expect(chat.state.dialog?.name).toBe('appointment');
  });

  it('a listing named in natural words is a booking, never the owner flow or a request', async () => {
    for (const words of [
      'شفت عندكم اعلان شقة الملقا رقم ٢، ممكن اشوفها الخميس الساعة ٥؟',
      'الفيلا رقم ١',
      'العقار ٣',
    ]) {
      const { chat, offers } = clientChat();
      const reply = text(await chat.send(words));
      expect(offers, words).toHaveLength(1);
      expect(reply, words).not.toMatch(/للبيع ولا|شراء ولا|وش نوع/);
      expect(chat.calls.some((c) => c.method === 'listings.create' || c.method === 'requests.create')).toBe(false);
    }
  });

  it('«وش صار على طلبي؟» tells the open request and its matches', async () => {
    const { chat } = clientChat();
    const reply = text(await chat.send('وش صار على طلبي؟'));
    expect(reply).toMatch(/طلباتك/);
    expect(reply).toMatch(/٢ عقار/);
  });

  it('«وقف التنبيهات» stops match alerts; «شغل التنبيهات» starts them', async () => {
    const { chat, alerts } = clientChat();
    expect(text(await chat.send('وقف التنبيهات'))).toMatch(/وقفت/);
    expect(text(await chat.send('شغل التنبيهات'))).toMatch(/رجعت/);
    expect(alerts).toEqual([false, true]);
  });
});

describe('a broker asks for one broker’s listings', () => {
  it('«عقارات ليلى» lists hers only, not the marketplace', async () => {
    const asked: Array<Record<string, unknown>> = [];
    const chat = featureHarness({
      features: [basicFeature, searchFeature],
      core: {
        teams: { membersNamed: async () => [{ id: 'u-leila', name: 'ليلى' }] } as never,
        listings: {
          search: async (_s: unknown, f: Record<string, unknown>) => {
            asked.push(f);
            return [{ ...listing(4), district: 'العليا', listingType: 'sale' }];
          },
          searchMarketplace: async () => {
            throw new Error('not the marketplace');
          },
        } as never,
      },
    });
    const reply = text(await chat.send('عقارات ليلى'));
    expect(asked[0]).toMatchObject({ userId: 'u-leila' });
    expect(reply).toMatch(/العليا/);
  });
});

describe('booking the listing just opened', () => {
  it('«احجز لي موعد بكرة العصر» after the details books that listing, with afternoon slots asked', async () => {
    const { chat, offers } = clientChat();
    await chat.send('عندكم شقق للايجار بالملقا؟');
    await chat.send('2');
    await chat.send('احجز لي موعد بكرة العصر');
    expect(offers).toHaveLength(1);
    expect(offers[0]).toMatchObject({ day: '2026-12-14', window: { from: 900, to: 1080 } });
  });
});

describe('a booked viewing is not booked again', () => {
  it('«الغ موعد العقار ٣» never offers new slots', async () => {
    for (const words of ['الغ موعد العقار ٣', 'كنسل معاينة العقار ٣']) {
      const { chat, offers } = clientChat();
      await chat.send(words);
      expect(offers, words).toHaveLength(0);
    }
  });
});

describe('another part of the day while slots wait', () => {
  it('«لا، الخميس المغرب أحسن» offers Thursday after maghrib instead of ending the booking', async () => {
    const { chat, offers } = clientChat();
    await chat.send('ابي اشوف العقار ٢ بكرة العصر');
    await chat.send('لا، الخميس المغرب أحسن');
    expect(offers).toHaveLength(2);
    expect(offers[1]).toMatchObject({ day: '2026-12-17', window: { from: 17 * 60 + 30 } });
    expect(chat.state.dialog?.step).toBe('pick_slot');
  });
});

describe('a part of today', () => {
  it('«اليوم الصبح» at 10:00 is still this morning', async () => {
    const { chat, offers } = clientChat();
    await chat.send('ابي اشوف العقار ٢ اليوم الصبح');
    expect(offers[0]).toMatchObject({ day: '2026-12-13', window: { from: 360, to: 720 } });
  });

  it('a part of today already over is offered tomorrow with the reason, never silently', async () => {
    const { chat, offers } = clientChat();
    await chat.send('ابي اشوف العقار ٢ اليوم بعد الظهر');
    await chat.send('إلغاء');
    const late = featureHarness({
      features: [searchFeature, viewingsFeature],
      actor: { kind: 'contact', role: 'client', customerId: null },
      now: new Date('2026-12-13T15:00:00Z'), // 18:00 in Riyadh: the afternoon is over
      core: {
        appointments: {
          propertyByRef: async () => listing(2),
          viewingBroker: async () => BROKER_ID,
          offer: async (_s: unknown, input: Record<string, unknown>) => {
            offers.push(input);
            return {
              reason: null,
              slots: [{ start: new Date('2026-12-14T13:00:00Z'), end: new Date('2026-12-14T14:00:00Z') }],
              timeZone: 'Asia/Riyadh',
              viewingMinutes: 60,
            };
          },
        } as never,
      },
    });
    const reply = text(await late.send('ابي اشوف العقار ٢ اليوم بعد الظهر'));
    expect(offers.at(-1)).toMatchObject({ day: '2026-12-14' });
    expect(reply).toMatch(/فات/);
  });
});
