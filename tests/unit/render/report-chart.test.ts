// The monthly report's chart: a real PNG (signature, size), not blank, Arabic laid out right to left
// and English left to right; and the weeks a month is cut into.
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { isMonthlyReport } from '../../../bot/features/reports/monthly-report.ts';
import { CHART_WIDTH, type ReportChartData, renderReportChart } from '../../../bot/render/report-chart.ts';
import { weeksOf } from '../../../core/analytics/reports.queries.ts';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

const arabic: ReportChartData = {
  lang: 'ar',
  title: 'تقرير نوفمبر ٢٠٢٦ — سعد',
  subtitle: 'حتى ٢٤ نوفمبر، ١٢ عميل جديد، ٣ صفقات',
  bars: [
    {
      title: 'العملاء الجدد حسب المصدر',
      empty: 'ما فيه عملاء جدد',
      items: [
        { label: 'واتساب', value: 6 },
        { label: 'إحالة', value: 3 },
        { label: 'غير محدد', value: 1 },
      ],
    },
    {
      title: 'العملاء حسب المرحلة',
      empty: '',
      items: [
        { label: 'جديد', value: 7 },
        { label: 'قيد التفاوض', value: 2 },
      ],
    },
  ],
  weeks: {
    title: 'الصفقات والعمولة حسب الأسبوع',
    labels: ['١–٧', '٨–١٤', '١٥–٢١', '٢٢–٢٨', '٢٩–٣٠'],
    deals: [1, 0, 2, 0, 0],
    commission: [25_000, 0, 57_500, 0, 0],
    dealsName: 'الصفقات',
    commissionName: 'العمولة (ريال)',
  },
  leaderboard: {
    title: 'ترتيب الفريق',
    items: [
      { label: 'سعد', value: 82_500, text: '٣ صفقات، ٨٢٬٥٠٠ ريال' },
      { label: 'ليلى', value: 0, text: '٠ صفقات، ٠ ريال' },
    ],
  },
};

const english: ReportChartData = {
  ...arabic,
  lang: 'en',
  title: 'November 2026 report — Saad',
  subtitle: 'through 24 November, 12 new leads, 3 deals',
  bars: [{ title: 'New leads by source', empty: 'No new leads', items: [] }],
  leaderboard: undefined,
};

/** The mean x of the dark pixels of the title band (the first 80 rows). */
async function titleCentre(png: Uint8Array): Promise<number> {
  const { data, info } = await sharp(png)
    .extract({ left: 0, top: 0, width: CHART_WIDTH, height: 80 })
    .greyscale()
    .raw()
    .toBuffer({ resolveWithObject: true });
  let sum = 0;
  let count = 0;
  for (let i = 0; i < data.length; i++) {
    if (data[i]! < 128) {
      sum += i % info.width;
      count += 1;
    }
  }
  expect(count).toBeGreaterThan(500);
  return sum / count;
}

describe('the monthly report chart', () => {
  it('is a PNG 1080 wide, of a sensible size, and not blank', async () => {
    const png = await renderReportChart(arabic);
    expect([...png.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
    expect(png.byteLength).toBeGreaterThan(20_000);
    expect(png.byteLength).toBeLessThan(2_000_000);
    const meta = await sharp(png).metadata();
    expect(meta.format).toBe('png');
    expect(meta.width).toBe(CHART_WIDTH);
    expect(meta.height).toBeGreaterThan(1_000);
    expect(meta.height).toBeLessThan(3_000);
    const stats = await sharp(png).stats();
    // white paper with bars, lines and text: the pixels vary, and several colours are drawn
    for (const channel of stats.channels.slice(0, 3)) expect(channel.stdev).toBeGreaterThan(20);
    expect(stats.channels[0]!.min).toBeLessThan(60);
    expect(stats.channels[0]!.max).toBe(255);
  });

  it('sets an Arabic title on the right and an English one on the left', async () => {
    expect(await titleCentre(await renderReportChart(arabic))).toBeGreaterThan(CHART_WIDTH * 0.6);
    expect(await titleCentre(await renderReportChart(english))).toBeLessThan(CHART_WIDTH * 0.4);
  });
});

describe('the monthly report', () => {
  it('is asked for with a report word and a month', () => {
    expect(isMonthlyReport('تقرير الشهر', 'this_month')).toBe(true);
    expect(isMonthlyReport('التقرير الشهري', 'this_month')).toBe(true);
    expect(isMonthlyReport('monthly report', 'this_month')).toBe(true);
    expect(isMonthlyReport('تقرير الشهر الماضي', 'last_month')).toBe(true);
    expect(isMonthlyReport('ملخص الشهر', 'this_month')).toBe(false);
    expect(isMonthlyReport('تقرير الأسبوع', 'this_week')).toBe(false);
  });

  it('cuts a month into weeks from Sunday, at its edges', () => {
    expect(weeksOf('2026-11-01', '2026-11-30')).toEqual([
      { start: '2026-11-01', end: '2026-11-07' },
      { start: '2026-11-08', end: '2026-11-14' },
      { start: '2026-11-15', end: '2026-11-21' },
      { start: '2026-11-22', end: '2026-11-28' },
      { start: '2026-11-29', end: '2026-11-30' },
    ]);
    // December 2026 starts on a Tuesday
    expect(weeksOf('2026-12-01', '2026-12-31').slice(0, 2)).toEqual([
      { start: '2026-12-01', end: '2026-12-05' },
      { start: '2026-12-06', end: '2026-12-12' },
    ]);
  });
});
