// The basic feature over a fake core: thanks get a courteous line, never the menu, and touch nothing.
import { describe, expect, it } from 'vitest';
import { basicFeature } from '../../../bot/features/basic/index.ts';
import { isThanks } from '../../../bot/features/basic/thanks.ts';
import { featureHarness } from '../../support/feature-harness.ts';

describe('thanks and courtesy', () => {
  it.each([
    'شكرا',
    'شكراً جزيلاً',
    'مشكوووور',
    'يعطيك العافيه',
    'الله يعطيك العافية يا نوفا',
    'جزاك الله خير',
    'تسلم',
    'ما قصرت',
    '👍',
    '🙏🏻',
    '👍👍',
    'Thanks!!',
    'thank you so much',
    'thx',
    'مع السلامة',
    'يلا في امان الله',
    'شكرا مع السلامه',
    'bye',
    'ok thanks, bye!',
    'take care',
  ])('«%s» is thanks or a goodbye', (text) => {
    expect(isThanks(text)).toBe(true);
  });

  it.each([
    'شكرا، وش مواعيدي بكرة؟',
    'thanks, show my tasks',
    'bye, cancel my viewing',
    'مع السلامة ذكرني بكرة ١٠',
    'عميل جديد شكري 0551234567',
    'تم',
    '٣',
    '',
    '...',
  ])('«%s» is not (only) thanks', (text) => {
    expect(isThanks(text)).toBe(false);
  });

  it("answers thanks in one courteous line in the sender's language, and touches nothing in the CRM", async () => {
    const chat = featureHarness({ features: [basicFeature], core: {} });
    const blessing = await chat.send('يعطيك العافيه');
    expect(blessing.map((r) => r.text)).toEqual(['الله يعافيك! بالخدمة دايماً 🌷']);
    const thanks = await chat.send('شكرا');
    expect(thanks.map((r) => r.text)).toEqual(['العفو، بالخدمة دايماً 🌷']);
    const goodbye = await chat.send('مع السلامة');
    expect(goodbye.map((r) => r.text)).toEqual(['في أمان الله 🌷 أنا موجود متى ما احتجت.']);
    const english = await chat.send('thanks a lot');
    expect(english.map((r) => r.text)).toEqual(["You're welcome! Happy to help 🙂"]);
    expect(chat.calls).toEqual([]);
  });

  it('still answers a greeting with the help menu', async () => {
    const chat = featureHarness({ features: [basicFeature], core: {} });
    const [reply] = await chat.send('السلام عليكم');
    expect(reply!.text.split('\n').length).toBeGreaterThan(3);
  });
});
