// The morning digest's words and text: which messages switch it, and what a broker reads at 08:00.
import { describe, expect, it } from 'vitest';
import { digestCommand } from '../../../bot/features/digest/digest.handlers.ts';
import { digestMessage, summaryLine } from '../../../bot/features/digest/digest.texts.ts';
import type { DigestFacts } from '../../../core/digest/digest.service.ts';

const TZ = 'Asia/Riyadh';
const NOW = new Date('2026-11-22T08:00:00+03:00');
const at = (local: string) => new Date(`${local}+03:00`);
const FAHD = '11111111-2222-4333-8444-555555555555';

const empty: DigestFacts = {
  viewings: [],
  overdue: { total: 0, shown: [] },
  today: { total: 0, shown: [] },
  followups: { total: 0, shown: [] },
  newMatches: 0,
  goneQuiet: [],
};

const busy: DigestFacts = {
  viewings: [{ startsAt: at('2026-11-22T10:00:00'), title: 'معاينة', customerName: 'سلطان', propertyRef: 3 }],
  overdue: {
    total: 1,
    shown: [{ title: 'أرسل العقد', customerName: null, due: at('2026-11-21T12:00:00'), timed: true }],
  },
  today: {
    total: 6,
    shown: [
      { title: 'اتصل بالبنك', customerName: null, due: at('2026-11-22T16:00:00'), timed: true },
      { title: 'جهز العرض', customerName: 'نورة', due: at('2026-11-22T00:00:00'), timed: false },
    ],
  },
  followups: {
    total: 1,
    shown: [{ title: 'call', customerName: 'أبو خالد', due: at('2026-11-22T10:30:00'), timed: true }],
  },
  newMatches: 3,
  goneQuiet: [{ customerId: FAHD, name: 'فهد بن عبدالعزيز القحطاني', lastActiveAt: at('2026-11-01T10:00:00') }],
};

describe('digestCommand', () => {
  it('reads a member switching his digest off and on, in Arabic and English', () => {
    for (const text of [
      'وقف الملخص الصباحي',
      'أوقف الملخص',
      'ايقاف الملخص اليومي',
      'لا ترسل الملخص الصباحي',
      'stop the morning digest',
      'Turn off my daily digest',
      'digest off',
    ])
      expect(digestCommand(text), text).toBe('stop');
    for (const text of [
      'شغل الملخص الصباحي',
      'شغّل الملخص',
      'فعل الملخص الصباحي لو سمحت',
      'turn on the morning digest',
      'enable digest',
      'digest on',
    ])
      expect(digestCommand(text), text).toBe('start');
    for (const text of [
      'الملخص الصباحي',
      'وريني الملخص الصباحي',
      'morning digest',
      'show me my morning digest',
      'my digest',
    ])
      expect(digestCommand(text), text).toBe('show');
  });

  it('leaves reports and everything else alone', () => {
    for (const text of [
      'ملخص اليوم',
      'ملخص الشهر',
      'وقف',
      'ملخص الفريق',
      'weekly summary',
      'وقف التنبيهات',
      'stop the morning digest and add a client named Ahmed with phone',
    ])
      expect(digestCommand(text), text).toBeNull();
  });
});

describe('digestMessage', () => {
  it('is one line on a day with nothing in it', () => {
    const m = digestMessage({ facts: empty, name: 'سعد العتيبي', lang: 'ar', tz: TZ, now: NOW, goneQuietDays: 14 });
    expect(m.text).toBe('☀️ صباح الخير سعد، ما عندك معاينات ولا مهام اليوم (الأحد ٢٢ نوفمبر). يوم موفق!');
    expect(m.choices).toBeUndefined();
    expect(m.notification).toEqual({ kind: 'digest', params: ['ما عندك شي مجدول اليوم'] });
  });

  it('lists the day in short sections, counts the rest, and offers a follow-up per quiet lead', () => {
    const m = digestMessage({ facts: busy, name: 'سعد', lang: 'ar', tz: TZ, now: NOW, goneQuietDays: 14 });
    expect(m.text.split('\n')).toEqual([
      '☀️ صباح الخير سعد، ملخص يومك (الأحد ٢٢ نوفمبر):',
      '',
      '🗓 معاينات اليوم (١):',
      '• ١٠:٠٠ ص — سلطان، العقار ٣',
      '',
      '⚠️ مهام متأخرة (١):',
      '• أرسل العقد (السبت ٢١ نوفمبر)',
      '',
      '✅ مهام اليوم (٦):',
      '• اتصل بالبنك — ٤:٠٠ م',
      '• جهز العرض — نورة',
      '  …و٤ غيرها',
      '',
      '📞 متابعات مستحقة (١):',
      '• أبو خالد — ١٠:٣٠ ص',
      '',
      '🎯 ٣ فرص جديدة من أمس — اكتب «المطابقات» لعرضها.',
      '',
      '💤 عملاء ما تواصلت معهم من ١٤ يوم أو أكثر:',
      '• فهد بن عبدالعزيز القحطاني — آخر نشاط قبل ٢٠ يوم',
      'اضغط على اسم العميل وأضيف لك مهمة متابعة لليوم.',
      '',
      'لإيقاف هذا الملخص اكتب «وقف الملخص الصباحي».',
    ]);
    expect(m.choices).toEqual([{ id: `quiet:${FAHD}`, label: '📝 فهد بن عبدالعزيز' }]);
    expect(m.notification).toEqual({ kind: 'digest', params: ['🗓 ١ · ⚠️ ١ · ✅ ٦ · 📞 ١ · 🎯 ٣ · 💤 ١'] });
  });

  it('speaks English to a member who writes English', () => {
    const m = digestMessage({ facts: busy, name: 'Layla', lang: 'en', tz: TZ, now: NOW, goneQuietDays: 14 });
    expect(m.text).toContain(
      "☀️ Good morning Layla, your day (Sunday 22 November):\n\n🗓 Today's viewings (1):\n• 10:00 am — سلطان, property #3",
    );
    expect(m.text).toContain('🎯 3 new matches since yesterday');
    expect(m.text).toContain('last activity 20 days ago');
    expect(m.choices?.[0]?.label).toBe('📝 فهد بن عبدالعزيز');
    expect(summaryLine(busy, 'en')).toBe('🗓 1 · ⚠️ 1 · ✅ 6 · 📞 1 · 🎯 3 · 💤 1');
  });
});
