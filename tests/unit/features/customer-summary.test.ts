// «لخص لي وضع فهد» without a model: which messages ask for a summary (and whose), and Nova's own plain
// summary of a timeline, at most five lines, phone numbers never in it.
import { describe, expect, it } from 'vitest';
import {
  type CustomerProfile,
  modelTimeline,
  ruleSummary,
  summaryRequest,
  type TimelineItem,
} from '../../../bot/features/customers/customers.summary.ts';

describe('summary requests', () => {
  it.each([
    ['لخص لي وضع فهد', 'فهد', true],
    ['لخّص وضع العميل فهد العتيبي', 'فهد العتيبي', true],
    ['ملخص العميل بندر', 'بندر', true],
    ['أبي ملخص حالة سارة لو سمحت', 'سارة', true],
    ['ملخص فهد', 'فهد', false],
    ['summarize Fahd', 'Fahd', true],
    ["Summarize Fahd's status please", 'Fahd', true],
    ['give me a summary of the customer Fahd', 'Fahd', true],
    // how things stand with someone: a summary when the name is a customer's (not explicit)
    ['وش اخر شي صار مع سلطان', 'سلطان', false],
    ['وش صار مع ابو فهد؟', 'ابو فهد', false],
    ['وش وضع العميل خالد', 'خالد', false],
    ['وين وصلنا مع سارة', 'سارة', false],
    ["what's the latest with Omar?", 'Omar', false],
    ['any updates on the client Sara', 'Sara', false],
  ])('%s → %s', (text, name, explicit) => {
    expect(summaryRequest(text)).toEqual({ name, explicit });
  });

  it.each([
    'ملخص الشهر',
    'ملخص الشهر الماضي',
    'ملخص الفريق',
    'ملخص اليوم',
    'ملخص هالأسبوع',
    'أبي ملخص أداء الشهر الماضي',
    'give me a summary of last month',
    'شغل الملخص الصباحي',
    'ممكن تلخص؟',
    'ذكرني أتصل بفهد بكرة',
    'لخص لي كل اللي صار مع العميل اللي كلمني امس عن الفيلا',
    'وش صار هالشهر',
    "what's new with the team this month",
  ])('%s asks no customer summary', (text) => {
    expect(summaryRequest(text)).toBeUndefined();
  });
});

describe('the plain summary', () => {
  const tz = 'Asia/Riyadh';
  const now = new Date('2026-11-22T09:00:00+03:00');
  const profile: CustomerProfile = {
    name: 'فهد',
    status: 'مهتم',
    wants: 'فيلا في الملقا حتى ٢٬٠٠٠٬٠٠٠ ريال',
    createdAt: new Date('2026-11-10T10:15:00+03:00'),
  };
  const items: TimelineItem[] = [
    { at: new Date('2026-11-11T12:00:00+03:00'), kind: 'request', text: 'طلب: فيلا للشراء في الملقا، الرياض' },
    { at: new Date('2026-11-12T18:40:00+03:00'), kind: 'note', text: 'قال يبي قريب من طريق أنس بن مالك' },
    { at: new Date('2026-11-20T16:00:00+03:00'), kind: 'viewing', text: 'معاينة العقار رقم ٣: تمت' },
    { at: new Date('2026-11-21T20:00:00+03:00'), kind: 'contact', text: 'مكالمة: يفكر في العرض' },
    { at: new Date('2026-11-24T16:00:00+03:00'), kind: 'viewing', text: 'معاينة العقار رقم ٥: محجوزة', open: true },
    { at: new Date('2026-11-25T09:00:00+03:00'), kind: 'task', text: 'مهمة مفتوحة: اتصل على فهد', open: true },
    { at: new Date('2026-11-15T09:00:00+03:00'), kind: 'task', text: 'مهمة منجزة: أرسل له العروض', open: false },
  ].sort((a, b) => a.at.getTime() - b.at.getTime()) as TimelineItem[];

  it('says who he is, his request (his wish once), the last contact, his viewings and what is open, in five lines', () => {
    expect(ruleSummary('ar', profile, items, now, tz)).toEqual([
      '👤 فهد — مهتم',
      '🔎 طلب: فيلا للشراء في الملقا، الرياض',
      '💬 آخر تواصل السبت ٢١ نوفمبر: مكالمة: يفكر في العرض',
      '🏠 آخر معاينة العقار رقم ٣: تمت (الجمعة ٢٠ نوفمبر)، القادمة الثلاثاء ٢٤ نوفمبر، ٤:٠٠ م',
      '✅ مهمة مفتوحة (الأربعاء ٢٥ نوفمبر): اتصل على فهد',
    ]);
  });

  it('says so when nothing happened yet', () => {
    expect(ruleSummary('en', { ...profile, name: 'Fahd', status: 'new', wants: undefined }, [], now, tz)).toEqual([
      '👤 Fahd — new',
      'Nothing recorded with him yet.',
    ]);
  });

  it('gives the model the same timeline, dated in the office zone', () => {
    const timeline = modelTimeline(profile, items.slice(0, 1), tz);
    expect(timeline).toEqual([
      { at: '2026-11-10T10:15+03:00', kind: 'customer', text: 'فهد — مهتم — فيلا في الملقا حتى ٢٬٠٠٠٬٠٠٠ ريال' },
      { at: '2026-11-11T12:00+03:00', kind: 'request', text: 'طلب: فيلا للشراء في الملقا، الرياض' },
    ]);
  });
});
