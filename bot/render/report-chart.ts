// The monthly report's chart: one PNG with a panel per figure (leads by source, the pipeline by status,
// deals and commission by week, and for a manager the team's leaderboard), drawn on the server. Data in,
// PNG bytes out: ECharts builds an SVG (server-side rendering, no DOM), resvg turns it into a PNG with
// the Noto Sans Arabic fonts shipped in node_modules (no system font is read, so it draws the same on a
// machine with none). resvg shapes Arabic and lays it right to left; the Arabic chart is mirrored (bars
// grow from the right, the first week on the right).
//
// 1080 pixels wide with large type: a phone shows it at a third of that.
import { createRequire } from 'node:module';
import { renderAsync } from '@resvg/resvg-js';
import type * as Echarts from 'echarts';
import { formatNumber, type Lang } from './format.ts';

const require = createRequire(import.meta.url);
const FONT_DIR = '@expo-google-fonts/noto-sans-arabic';
const FONT_FILES = [
  require.resolve(`${FONT_DIR}/400Regular/NotoSansArabic_400Regular.ttf`),
  require.resolve(`${FONT_DIR}/700Bold/NotoSansArabic_700Bold.ttf`),
];
const FONT = 'Noto Sans Arabic';

export const CHART_WIDTH = 1080;

export interface BarItem {
  label: string;
  value: number;
  /** the text beside the bar; default: the value */
  text?: string;
}

export interface ReportChartData {
  lang: Lang;
  /** «تقرير نوفمبر ٢٠٢٦ — سعد» */
  title: string;
  /** «١–٢٤ نوفمبر · ٣ عملاء جدد · صفقتين» */
  subtitle?: string;
  /** horizontal bar panels, in order: leads by source, the pipeline, … */
  bars: Array<{ title: string; items: BarItem[]; empty: string }>;
  weeks: {
    title: string;
    labels: string[];
    deals: number[];
    /** SAR */
    commission: number[];
    dealsName: string;
    commissionName: string;
  };
  /** a manager's team: one bar per member (the text says deals and commission) */
  leaderboard?: { title: string; items: BarItem[] };
}

const COLORS = {
  text: '#1f2937',
  muted: '#6b7280',
  line: '#e5e7eb',
  bar: '#0f766e',
  pipeline: '#2563eb',
  deals: '#0f766e',
  commission: '#d97706',
  leader: '#7c3aed',
};

// ECharts measures text to lay labels out; on a server it has no canvas and guesses 1 em for every
// letter it does not know, which makes Arabic twice as wide as it is. Average advances of Noto Sans
// Arabic, close enough for layout (anchoring never depends on them: see the titles).
// ECharts itself is loaded on the first chart, not at start: its import costs over a second, and every
// process that loads the features (the server, each test file) would pay it for a rare command.
let loaded: Promise<typeof Echarts> | undefined;
function loadEcharts(): Promise<typeof Echarts> {
  loaded ??= import('echarts').then((echarts) => {
    echarts.setPlatformAPI({
      measureText(text: string, font?: string) {
        const size = Number(/(\d+(?:\.\d+)?)px/.exec(font ?? '')?.[1] ?? 12);
        let em = 0;
        for (const ch of text ?? '') {
          if (ch === ' ') em += 0.26;
          else if (/[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]/.test(ch)) em += 0.48;
          else if (/[0-9]/.test(ch)) em += 0.57;
          else if (/[A-Z]/.test(ch)) em += 0.64;
          else em += 0.52;
        }
        return { width: em * size };
      },
    });
    return echarts;
  });
  return loaded;
}

const PAD = 40;
const HEADER = 150;
const BAR_ROW = 62;
const PANEL_TITLE = 70;
const WEEKS_HEIGHT = 470;

/** The SVG of the chart (exported for tests and debugging); renderReportChart makes the PNG. */
export async function reportChartSvg(data: ReportChartData): Promise<string> {
  const echarts = await loadEcharts();
  const rtl = data.lang === 'ar';
  const n = (x: number) => formatNumber(x, data.lang);
  const grids: Echarts.GridComponentOption[] = [];
  const xAxes: Echarts.XAXisComponentOption[] = [];
  const yAxes: Echarts.YAXisComponentOption[] = [];
  const series: Echarts.SeriesOption[] = [];
  const graphics: Echarts.GraphicComponentOption[] = [];
  // Titles are graphic texts at a fixed x, anchored by their edge (text-anchor end in Arabic): where they
  // end never depends on ECharts' guess of their width.
  const title = (text: string, top: number, size: number, bold: boolean, color = COLORS.text) =>
    graphics.push({
      type: 'text',
      x: rtl ? CHART_WIDTH - PAD : PAD,
      y: top,
      style: {
        text,
        align: rtl ? 'right' : 'left',
        verticalAlign: 'top',
        fontFamily: FONT,
        fontSize: size,
        fontWeight: bold ? 'bold' : 'normal',
        fill: color,
      },
    });

  title(data.title, 28, 44, true);
  if (data.subtitle) title(data.subtitle, 92, 28, false, COLORS.muted);
  let y = HEADER;

  const separator = (at: number) =>
    graphics.push({
      type: 'rect',
      shape: { x: PAD, y: at, width: CHART_WIDTH - 2 * PAD, height: 2 },
      style: { fill: COLORS.line },
    });

  const barPanel = (panelTitle: string, items: BarItem[], color: string, empty: string) => {
    separator(y);
    title(panelTitle, y + 18, 32, true);
    const top = y + PANEL_TITLE;
    if (items.length === 0) {
      title(empty, top + 4, 28, false, COLORS.muted);
      y = top + 70;
      return;
    }
    const height = items.length * BAR_ROW;
    const index = grids.length;
    // the labels' side is wide enough for «قيد التفاوض»; the other keeps room for what the bars say
    const room = items.some((i) => i.text) ? 330 : 90;
    grids.push({
      top,
      height,
      ...(rtl ? { right: PAD + 250, left: PAD + room } : { left: PAD + 250, right: PAD + room }),
    });
    xAxes.push({ type: 'value', gridIndex: index, inverse: rtl, show: false, max: (v) => Math.max(v.max, 1) });
    yAxes.push({
      type: 'category',
      gridIndex: index,
      inverse: true,
      position: rtl ? 'right' : 'left',
      data: items.map((i) => i.label),
      axisTick: { show: false },
      axisLine: { show: false },
      axisLabel: { fontFamily: FONT, fontSize: 28, color: COLORS.text, margin: 20, interval: 0 },
    });
    series.push({
      type: 'bar',
      xAxisIndex: xAxes.length - 1,
      yAxisIndex: yAxes.length - 1,
      barWidth: 38,
      itemStyle: { color, borderRadius: rtl ? [6, 0, 0, 6] : [0, 6, 6, 0] },
      label: {
        show: true,
        position: rtl ? 'left' : 'right',
        fontFamily: FONT,
        fontSize: 26,
        color: COLORS.text,
        formatter: (p) => items[p.dataIndex]?.text ?? n(Number(p.value)),
      },
      data: items.map((i) => i.value),
    });
    y = top + height + 30;
  };

  const [leads, pipeline, ...more] = data.bars;
  if (leads) barPanel(leads.title, leads.items, COLORS.bar, leads.empty);
  if (pipeline) barPanel(pipeline.title, pipeline.items, COLORS.pipeline, pipeline.empty);
  for (const panel of more) barPanel(panel.title, panel.items, COLORS.bar, panel.empty);

  // deals (bars, left scale in English, right in Arabic) and commission (line, the other scale) by week
  separator(y);
  title(data.weeks.title, y + 18, 32, true);
  const legendTop = y + 74;
  const index = grids.length;
  grids.push({ top: y + 150, height: WEEKS_HEIGHT - 230, left: PAD + 110, right: PAD + 110 });
  xAxes.push({
    type: 'category',
    gridIndex: index,
    inverse: rtl,
    data: data.weeks.labels,
    axisTick: { show: false },
    axisLine: { lineStyle: { color: COLORS.muted } },
    axisLabel: { fontFamily: FONT, fontSize: 24, color: COLORS.text, margin: 16, interval: 0 },
  });
  const valueAxis = (position: 'left' | 'right', format: (v: number) => string, color: string) =>
    ({
      type: 'value',
      gridIndex: index,
      position,
      minInterval: 1,
      splitLine: { lineStyle: { color: COLORS.line } },
      axisLabel: { fontFamily: FONT, fontSize: 22, color, formatter: format },
    }) satisfies Echarts.YAXisComponentOption;
  const short = (v: number) =>
    v >= 1_000_000
      ? `${formatNumber(Math.round(v / 100_000) / 10, data.lang)}${rtl ? ' م' : 'M'}`
      : v >= 1_000
        ? `${formatNumber(Math.round(v / 1_000), data.lang)}${rtl ? ' ألف' : 'k'}`
        : n(v);
  yAxes.push(valueAxis(rtl ? 'right' : 'left', (v) => n(v), COLORS.deals));
  yAxes.push({ ...valueAxis(rtl ? 'left' : 'right', short, COLORS.commission), splitLine: { show: false } });
  series.push({
    type: 'bar',
    name: data.weeks.dealsName,
    xAxisIndex: xAxes.length - 1,
    yAxisIndex: yAxes.length - 2,
    barWidth: 56,
    itemStyle: { color: COLORS.deals, borderRadius: [6, 6, 0, 0] },
    // inside the bar's foot, where the commission line hardly ever passes; none on an empty week
    label: {
      show: true,
      position: 'insideBottom',
      fontFamily: FONT,
      fontSize: 24,
      fontWeight: 'bold',
      color: '#ffffff',
      formatter: (p) => (Number(p.value) > 0 ? n(Number(p.value)) : ''),
    },
    data: data.weeks.deals,
  });
  series.push({
    type: 'line',
    name: data.weeks.commissionName,
    xAxisIndex: xAxes.length - 1,
    yAxisIndex: yAxes.length - 1,
    symbol: 'circle',
    symbolSize: 14,
    lineStyle: { width: 4, color: COLORS.commission },
    itemStyle: { color: COLORS.commission },
    data: data.weeks.commission,
  });
  const legend: Echarts.LegendComponentOption = {
    top: legendTop,
    ...(rtl ? { right: PAD, align: 'right' } : { left: PAD, align: 'left' }),
    itemWidth: 32,
    itemHeight: 20,
    itemGap: 40,
    textStyle: { fontFamily: FONT, fontSize: 26, color: COLORS.text },
    data: [data.weeks.dealsName, data.weeks.commissionName],
  };
  y += WEEKS_HEIGHT;

  if (data.leaderboard) barPanel(data.leaderboard.title, data.leaderboard.items, COLORS.leader, '');

  const height = y + PAD;
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: CHART_WIDTH, height });
  try {
    chart.setOption({
      animation: false,
      backgroundColor: '#ffffff',
      textStyle: { fontFamily: FONT },
      legend,
      grid: grids,
      xAxis: xAxes,
      yAxis: yAxes,
      series,
      graphic: graphics,
    });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

/** The chart as PNG bytes, drawn off the event loop (resvg's thread pool). */
export async function renderReportChart(data: ReportChartData): Promise<Uint8Array> {
  const svg = await reportChartSvg(data);
  const image = await renderAsync(svg, {
    background: '#ffffff',
    fitTo: { mode: 'original' },
    font: { fontFiles: FONT_FILES, loadSystemFonts: false, defaultFontFamily: FONT, sansSerifFamily: FONT },
    languages: [data.lang],
  });
  return new Uint8Array(image.asPng());
}
