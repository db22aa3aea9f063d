// Owners' self-service (issue 16), end to end: the demo homeowner (أبو عبدالله, villa 1) lists his
// listings, changes the price, pauses, reactivates and withdraws the villa, and marks it sold. Each change
// is confirmed first, re-runs matching (seen in smart_matches) and tells the listing's broker (سعد). Then
// the weekly note, once per Sunday.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO } from '../../prisma/seed.ts';
import { SAAD, startTestNova, type TestNova } from '../support/nova.ts';

const OWNER = DEMO.owner.phone;

let nova: TestNova;
let villaOffer: string;
let requestId: string;

beforeAll(async () => {
  // Thursday morning; the weekly note goes out on Sunday.
  nova = await startTestNova({ now: '2026-11-19T10:00:00+03:00' });
  const villa = await nova.db.property.findFirstOrThrow({ where: { refNumber: 1 } });
  villaOffer = (await nova.db.offer.findFirstOrThrow({ where: { propertyId: villa.id } })).id;
});
afterAll(async () => {
  await nova?.close();
});

const texts = (replies: Array<{ text: string }>) => replies.map((r) => r.text).join('\n---\n');
/** Says something as the owner and returns the replies to him and to Saad after everything settled. */
async function owner(text: string) {
  await nova.chat.send(OWNER, text);
  await nova.chat.settle();
  const all = await nova.chat.takeReplies();
  return { me: all.filter((r) => r.to === OWNER), saad: all.filter((r) => r.to === SAAD) };
}
const villa = () => nova.db.property.findFirstOrThrow({ where: { refNumber: 1 } });
const offerStatus = async () => (await nova.db.offer.findUniqueOrThrow({ where: { id: villaOffer } })).status;
const matchStatus = async () =>
  (await nova.db.smartMatch.findFirst({ where: { offerId: villaOffer, requestId } }))?.status ?? 'none';

describe('a homeowner manages his listing in chat', () => {
  it('a client whose budget is under the villa’s price is not matched with it', async () => {
    await nova.chat.say(SAAD, 'عميل جديد فهد 0551112222 يبي فيلا للشراء بالرياض حي النرجس ميزانيته مليون و٩٠٠');
    await nova.chat.settle();
    await nova.chat.takeReplies();
    requestId = (await nova.db.request.findFirstOrThrow({ where: { customer: { phone: '+966551112222' } } })).id;
    expect(await matchStatus()).toBe('none');
  });

  it('«عقاراتي» lists his villa with its status, price, matches and viewings', async () => {
    const { me } = await owner('عقاراتي');
    expect(me).toHaveLength(1);
    expect(me[0]!.text).toContain('فيلا للبيع في النرجس (العقار ١)');
    expect(me[0]!.text).toContain('معروض للعملاء');
    expect(me[0]!.text).toContain('٢٬٣٠٠٬٠٠٠ ريال');
    expect(me[0]!.text).toContain('ما فيه معاينات للحين');
    // no client has opened it: nothing is said about views
    expect(me[0]!.text).not.toContain('👁');
  });

  it('lowers the price after a corrected confirmation; matching finds the client; Saad is told', async () => {
    let r = await owner('نزل السعر لمليون و٩٠٠');
    expect(r.me[0]!.text).toContain('من ٢٬٣٠٠٬٠٠٠ ريال إلى ١٬٩٠٠٬٠٠٠ ريال');
    expect(r.me[0]!.choices?.map((c) => c.id)).toEqual(['confirm', 'deny']);
    // nothing changes before yes
    expect((await villa()).price).toBe(2_300_000);
    r = await owner('لا خله مليون و٨٥٠');
    expect(r.me[0]!.text).toContain('إلى ١٬٨٥٠٬٠٠٠ ريال');
    r = await owner('نعم');
    expect(r.me[0]!.text).toContain('✅ غيرت سعر');
    expect((await villa()).price).toBe(1_850_000);
    expect((await nova.db.offer.findUniqueOrThrow({ where: { id: villaOffer } })).price).toBe(1_850_000);
    expect(await matchStatus()).toBe('pending');
    const toSaad = texts(r.saad);
    expect(toSaad).toContain('المالك أبو عبدالله غير سعر فيلا للبيع في النرجس (العقار ١)');
    expect(toSaad).toContain('🎯');
  });

  it('a wrong answer is explained and the question stays; another owner’s listing is not his', async () => {
    let r = await owner('غير السعر');
    expect(r.me[0]!.text).toContain('كم السعر الجديد');
    r = await owner('ما ادري والله');
    expect(r.me[0]!.text).toContain('السعر لازم يكون مبلغ');
    expect(r.me.at(-1)!.text).toContain('كم السعر الجديد');
    r = await owner('إلغاء');
    expect(r.me[0]!.text).toContain('تم الإلغاء');
    r = await owner('نزل سعر العقار ٢ لـ ٥٠ ألف');
    expect(r.me[0]!.text).toContain('ما لقيت العقار ٢ بين عقاراتك');
    expect((await nova.db.property.findFirstOrThrow({ where: { refNumber: 2 } })).price).toBe(65_000);
    expect((await villa()).price).toBe(1_850_000);
  });

  it('pauses the listing: off the market, its match expired, Saad told', async () => {
    let r = await owner('وقف الإعلان');
    expect(r.me[0]!.text).toContain('تبي أوقف إعلان');
    expect((await villa()).status).toBe('active');
    r = await owner('نعم');
    expect(r.me[0]!.text).toContain('وقفت إعلان');
    expect((await villa()).status).toBe('draft');
    expect(await offerStatus()).toBe('paused');
    expect(await matchStatus()).toBe('expired');
    expect(texts(r.saad)).toContain('وقف إعلان فيلا للبيع في النرجس (العقار ١) مؤقتاً');
  });

  it('reactivates it: on the market again, the match pending again, Saad told', async () => {
    let r = await owner('رجع الاعلان');
    expect(r.me[0]!.text).toContain('تبي أرجع');
    r = await owner('اي');
    expect(r.me[0]!.text).toContain('رجعت');
    expect((await villa()).status).toBe('active');
    expect(await offerStatus()).toBe('active');
    expect(await matchStatus()).toBe('pending');
    expect(texts(r.saad)).toContain('رجع فيلا للبيع في النرجس (العقار ١) للعرض');
  });

  it('a broker’s «وقف الإعلان» is never taken for the owner’s', async () => {
    const r = await nova.chat.say(SAAD, 'وقف الإعلان');
    expect(texts(r)).not.toContain('تبي أوقف');
    expect((await villa()).status).toBe('active');
  });

  it('withdraws it, then marks it sold through the office: matching closes it, Saad is asked to record the deal', async () => {
    let r = await owner('اسحب العقار');
    expect(r.me[0]!.text).toContain('تبي أسحب');
    r = await owner('نعم');
    expect((await villa()).status).toBe('archived');
    expect(await offerStatus()).toBe('closed');
    expect(await matchStatus()).toBe('expired');
    expect(texts(r.saad)).toContain('سحب فيلا للبيع في النرجس (العقار ١) من العرض');

    r = await owner('الحمدلله انباع');
    expect(r.me[0]!.text).toContain('عن طريق مين');
    expect(r.me[0]!.choices?.map((c) => c.id)).toEqual(['sold:office', 'sold:other', 'sold:owner']);
    r = await owner('عن طريقكم');
    expect(r.me[0]!.text).toContain('أسجل إن فيلا للبيع في النرجس (العقار ١) انباع عن طريق مكتبنا');
    r = await owner('نعم');
    expect(r.me[0]!.text).toContain('مبروك');
    expect((await villa()).status).toBe('sold');
    const toSaad = texts(r.saad);
    expect(toSaad).toContain('انباع عن طريق المكتب');
    expect(toSaad).toContain('تم بيع العقار ١');
    // noted on his customer record, where Saad sees it
    const activities = await nova.db.customerActivity.findMany({
      where: { customer: { phone: OWNER }, type: 'status_change' },
    });
    expect(activities.map((a) => a.metadata)).toContainEqual(
      expect.objectContaining({ to: 'sold', soldVia: 'office', by: 'owner' }),
    );
    // a sold listing is not changed again
    r = await owner('رجع الإعلان');
    expect(r.me[0]!.text).toContain('مسجل إنه مباع');
    expect((await villa()).status).toBe('sold');
  });
});

describe('an owner with several listings, in English', () => {
  it('picks the listing from a numbered list, and a client opening it counts as a view', async () => {
    const org = nova.organizationId;
    const ownerCustomer = await nova.db.customer.findFirstOrThrow({ where: { phone: OWNER } });
    const saad = await nova.db.user.findFirstOrThrow({ where: { phone: SAAD } });
    for (const [ref, district] of [
      [10, 'الملقا'],
      [11, 'حطين'],
    ] as const) {
      const p = await nova.db.property.create({
        data: {
          organizationId: org,
          refNumber: ref,
          userId: saad.id,
          ownerCustomerId: ownerCustomer.id,
          title: `شقة للإيجار في ${district}`,
          propertyType: 'apartment',
          listingType: 'rent',
          rentPeriod: 'yearly',
          city: 'Riyadh',
          district,
          area: 150,
          price: 70_000,
          status: 'active',
        },
      });
      await nova.db.offer.create({
        data: {
          organizationId: org,
          userId: saad.id,
          propertyId: p.id,
          propertyType: 'apartment',
          listingType: 'rent',
          city: 'Riyadh',
          district,
          price: 70_000,
          area: 150,
        },
      });
    }
    // a client opens listing 11's details
    await nova.chat.say('+966577770000', 'عندكم شقق للايجار في حطين؟');
    await nova.chat.say('+966577770000', '1');

    let r = await owner('pause my listing');
    expect(r.me[0]!.text).toContain('Which listing');
    expect(r.me[0]!.text).toContain('(property #10)');
    expect(r.me[0]!.text).toContain('(property #11)');
    expect(r.me[0]!.text).not.toContain('#1)'); // the sold villa cannot be paused
    r = await owner('2');
    expect(r.me[0]!.text).toMatch(/^Pause the apartment for rent in [A-Za-z ]+ \(property #1[01]\)\?/);
    r = await owner('yes');
    expect(r.me[0]!.text).toContain('is paused');
    expect(await nova.db.property.count({ where: { refNumber: { in: [10, 11] }, status: 'draft' } })).toBe(1);

    r = await owner('my listings');
    const list = r.me[0]!.text;
    expect(list).toContain('paused');
    expect(list).toContain('clients opened its details 1 time');
  });

  it('the weekly note reaches the owner on Sunday, once', async () => {
    nova.clock.set('2026-11-22T10:05:00+03:00');
    await nova.runtime.handlers['owners.tick']!({}, { attempt: 1 });
    await nova.chat.settle();
    let r = (await nova.chat.takeReplies()).filter((x) => x.to === OWNER);
    expect(r).toHaveLength(1);
    expect(r[0]!.text).toContain('Your listing this week');
    expect(r[0]!.text).toContain('(property #10)');
    expect(r[0]!.text).not.toContain('(property #1)'); // sold: no note about it
    expect(r[0]!.message.notification?.kind).toBe('notice');
    // a second tick (another worker, an hour later) writes nothing new
    nova.clock.set('2026-11-22T11:05:00+03:00');
    await nova.runtime.handlers['owners.tick']!({}, { attempt: 1 });
    await nova.chat.settle();
    r = (await nova.chat.takeReplies()).filter((x) => x.to === OWNER);
    expect(r).toHaveLength(0);
  });
});
