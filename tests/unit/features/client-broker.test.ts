// A client or homeowner asking for a person (bot/features/search/client.broker.ts wantsBroker).
import { describe, expect, it } from 'vitest';
import { asksAboutPrice, asksOffice, wantsBroker } from '../../../bot/features/search/client.broker.ts';

describe('wantsBroker', () => {
  it.each([
    'متى بيتواصل معي الوسيط؟',
    'ابي اكلم الوسيط',
    'ودي اتواصل مع احد',
    'ممكن اتكلم مع موظف',
    'رقم الوسيط لو سمحت',
    'كلموني',
    'ليش محد كلمني',
    'when will the broker call me?',
    'can I talk to the broker?',
    'i want to speak to someone',
    'please call me',
  ])('hears a wish to talk to a person in «%s»', (text) => {
    expect(wantsBroker(text)).toBe(true);
  });

  it.each([
    'ابي شقة للايجار بالرياض',
    'شكرا',
    'عندي فيلا للبيع',
    'متى معاينتي؟',
    'can i see it tomorrow?',
    'ابي اشوف العقار ٢',
    'my budget is 50k',
  ])('leaves «%s» to the other features', (text) => {
    expect(wantsBroker(text)).toBe(false);
  });
});

describe('asksAboutPrice', () => {
  it.each([
    'السعر قابل للتفاوض؟',
    'فيه مجال بالسعر؟',
    'كم آخر سعر؟',
    'السعر نهائي؟',
    'ينزل شوي؟',
    'يقبل تقسيط؟',
    'is the price negotiable?',
    "what's your best price",
    'can i pay in installments?',
  ])('passes «%s» to the broker', (text) => {
    expect(asksAboutPrice(text)).toBe(true);
  });

  it.each(['كم سعر الفيلا؟', 'ابي شقة تحت ٦٠ الف', 'what is the price?', 'شكرا', 'budget 2 million'])(
    'leaves «%s» to the other features',
    (text) => {
      expect(asksAboutPrice(text)).toBe(false);
    },
  );
});

describe('asksOffice', () => {
  it.each([
    'كم عمولتكم؟',
    'وش نسبتكم',
    'كم السعي؟',
    'متى بيجيني احد يشوفها؟',
    "what's your commission?",
    'how much do you charge',
  ])('passes «%s» to the broker', (text) => {
    expect(asksOffice(text)).toBe(true);
  });

  it.each(['كم سعر الفيلا؟', 'متى معاينتي؟', 'عندي فيلا للبيع', 'when is my viewing?'])(
    'leaves «%s» to the other features',
    (text) => {
      expect(asksOffice(text)).toBe(false);
    },
  );
});
