// A client asking to hear of what comes later (bot/features/search/client.notify.ts asksToHearLater),
// apart from a call wanted now (client.broker.ts wantsBroker).
import { describe, expect, it } from 'vitest';
import { asksToHearLater } from '../../../bot/features/search/client.notify.ts';

describe('asksToHearLater', () => {
  it.each([
    'طيب اذا نزل شي كلمني',
    'إذا نزل شي كلموني',
    'اول ما يتوفر شي بلغوني',
    'لو لقيتوا شي يناسبني خبروني',
    'بلغني اذا نزل شي',
    'خبروني لا جاكم شي',
    'طيب متى ما صار فيه شي راسلني',
    'بلغوني بالجديد',
    'ok let me know if anything comes up',
    'Let me know when something is available',
    'please notify me if a villa comes up',
    'if something comes up call me',
    'keep me posted',
    'thanks, keep me updated',
  ])('hears «%s» as a wish to be told later', (text) => {
    expect(asksToHearLater(text)).toBe(true);
  });

  it.each([
    'كلموني',
    'ابي اكلم الوسيط',
    'متى بيتواصل معي الوسيط؟',
    'ابي شقة للايجار بالرياض',
    'لو سمحت كلمني',
    'شكرا',
    'please call me',
    'let me know the price',
    'can i see it tomorrow?',
  ])('leaves «%s» to the other features', (text) => {
    expect(asksToHearLater(text)).toBe(false);
  });
});
