import { createRequire } from 'node:module';
import type * as EChartsModule from 'echarts';
import { trustedSvg, type SafeHtml } from './markup.js';
import { FONT_STACK } from './styles.js';
import { showInvisible } from '../../util/escape.js';
import { displayWidth } from '../text-batch.js';

type ECharts = typeof EChartsModule;

let echarts: ECharts | undefined;

/**
 * ECharts (a 3.7 MB bundle) is needed only by the HTML report, so it is loaded on first
 * use rather than imported at the top: a text or JSON run never pays for it. A Formatter is
 * synchronous, hence require (through createRequire) rather than a dynamic import().
 */
function loadEcharts(): ECharts {
  echarts ??= createRequire(import.meta.url)('echarts') as ECharts;
  return echarts;
}

export interface LinePoint {
  value: number | null;
  /** Drawn as a red triangle instead of a dot (the month's last place). */
  highlighted?: boolean;
}

export interface LineChartSpec {
  /** Prefix for the SVG's internal ids, unique within the page. */
  id: string;
  /** X axis categories (months), in order. */
  categories: string[];
  series: Array<{ name: string; points: LinePoint[] }>;
  yAxisName: string;
  /** Appended to axis labels, e.g. "%". */
  unit?: string;
}

export const CHART_WIDTH = 760;
const LEGEND_WIDTH = CHART_WIDTH - 48;
/**
 * Widest legend name, in pixels (about 25 Chinese characters); a longer one is cut with an ellipsis.
 * ECharts centres each legend row: one vendor's name of 400 characters made a row 4,000 pixels wide,
 * and every vendor's name was drawn left of the chart, outside the picture.
 */
const LEGEND_TEXT_WIDTH = 300;

/**
 * A line chart as inline SVG, rendered server-side by ECharts. Series names and categories come
 * from the input; ECharts escapes them as SVG text, and trustedSvg rejects the output should
 * anything else slip through.
 */
export function renderLineChart(spec: LineChartSpec): SafeHtml {
  const lib = loadEcharts();
  const option = lineChartOption(spec);
  const chart = lib.init(null, null, { renderer: 'svg', ssr: true, width: CHART_WIDTH, height: option.height });
  try {
    chart.setOption(option.echarts);
    return trustedSvg(renameInternalIds(chart.renderToSVGString(), spec.id));
  } finally {
    chart.dispose();
  }
}

/** The ECharts option of a line chart and the chart's height: what is drawn, testable without drawing. */
export function lineChartOption(spec: LineChartSpec) {
  const legendRows = legendRowsFor(spec.series.map((series) => oneLine(showInvisible(series.name))));
  const height = 300 + legendRows * 22;
  const echarts = {
    animation: false,
    aria: { enabled: false },
    textStyle: { fontFamily: FONT_STACK },
    grid: { left: 64, right: 24, top: 40, bottom: 40 + legendRows * 22 },
    legend: { type: 'plain', bottom: 4, left: 'center', width: LEGEND_WIDTH, textStyle: { width: LEGEND_TEXT_WIDTH, overflow: 'truncate' } },
    // ECharts escapes markup in labels but emits bidirectional controls as they are.
    xAxis: { type: 'category', data: spec.categories.map((category) => oneLine(showInvisible(category))), boundaryGap: false },
    yAxis: {
      type: 'value',
      name: spec.yAxisName,
      scale: true,
      ...flatRange(spec.series.flatMap((series) => series.points.map((p) => p.value))),
      axisLabel: { formatter: `{value}${spec.unit ?? ''}` },
    },
    series: spec.series.map((series) => ({
      type: 'line',
      // The legend is laid out one line per row of names: a name from the input stays on one line.
      name: oneLine(showInvisible(series.name)),
      connectNulls: false,
      symbol: 'circle',
      symbolSize: 7,
      data: series.points.map((point) =>
        point.highlighted && point.value !== null
          ? { value: point.value, symbol: 'triangle', symbolSize: 13, itemStyle: { color: '#c62828', borderColor: '#c62828' } }
          : point.value,
      ),
    })),
  };
  return { height, echarts };
}

/**
 * Rows the legend takes, laid out as ECharts does (items left to right, 10 px apart, a new row when
 * the next does not fit), each item's text measured generously: 7 px a character, 14 px a wide one.
 */
function legendRowsFor(names: string[]): number {
  let rows = 1;
  let used = 0;
  for (const name of names) {
    const item = 30 + Math.min(LEGEND_TEXT_WIDTH, displayWidth(name) * 7);
    if (used > 0 && used + 10 + item > LEGEND_WIDTH) {
      rows++;
      used = item;
    } else used += (used > 0 ? 10 : 0) + item;
  }
  return rows;
}

/** Line breaks (CR, LF, NEL, U+2028/2029) and the blanks around them become one space. */
export function oneLine(text: string): string {
  return text.replace(/\s*[\r\n\u0085\u2028\u2029]+\s*/g, ' ');
}

/**
 * When every value is the same (one month, or a flat series), ECharts' scaled axis runs from 0 to
 * twice the value (a score of 70 gets an axis to 140); a range just around the value is given instead.
 */
function flatRange(values: Array<number | null>): { min?: number; max?: number } {
  const finite = values.filter((v): v is number => v !== null && Number.isFinite(v));
  if (finite.length === 0 || finite.some((v) => v !== finite[0])) return {};
  const value = finite[0]!;
  const pad = Math.max(1, Math.abs(value) * 0.05);
  return { min: value >= 0 ? Math.max(0, Math.floor(value - pad)) : Math.floor(value - pad), max: Math.ceil(value + pad) };
}

/**
 * ECharts names clip paths and classes after a process-wide counter (zr0-c0, zr7-cls-12), so the
 * same report would render differently depending on what was drawn before. Renaming them in order
 * of appearance, inside tags and the style block only (never in text), keeps reruns byte-identical.
 */
function renameInternalIds(svg: string, prefix: string): string {
  const names = new Map<string, string>();
  const rename = (token: string): string => {
    let name = names.get(token);
    if (name === undefined) {
      name = `${prefix}-${names.size}`;
      names.set(token, name);
    }
    return name;
  };
  return svg.replace(/<style\b[^>]*>[\s\S]*?<\/style>|<[^>]+>/g, (markup) => markup.replace(/\bzr\d+-[\w-]+/g, rename));
}
