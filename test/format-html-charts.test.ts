import { describe, expect, it } from 'vitest';
import { lineChartOption, oneLine } from '../src/format/html/charts.js';
import { vendorSeries } from '../src/format/html/batch.js';
import type { VendorMonth } from '../src/report/model.js';
import { vendorMonth } from './support/html-report.js';

// The chart option and series data are what is drawn; these tests read them, not pixels.

describe('HTML charts plot ranked values only', () => {
  it('a duplicate report of a month (unranked) is not drawn: the ranked one is, with its own last-place mark', () => {
    const ranked = vendorMonth('2026-10', '91370102MA3C4F5G9F', '泉声', 62, 1.5, 2, true);
    const duplicate: VendorMonth = { ...ranked, file: 'resubmitted.yaml', assessmentScore: 95, complaintRatePercent: 0.1, lastPlace: false };
    delete duplicate.rank;
    delete duplicate.vendorsRanked;
    // The duplicate comes first, as it may in a batch sorted by credit code and file.
    const [series] = vendorSeries([duplicate, ranked]);
    expect(series!.byMonth.get('2026-10')).toBe(ranked);
    // A vendor with only unranked (invalid or duplicate) rows has no series at all.
    expect(vendorSeries([duplicate])).toEqual([]);
  });
});

describe('HTML chart options', () => {
  const spec = (names: string[], values: Array<number | null>, categories = ['2026-10']) => ({
    id: 't',
    categories,
    series: names.map((name) => ({ name, points: values.map((value) => ({ value })) })),
    yAxisName: 'score',
  });

  it('a vendor name with line breaks is one legend line', () => {
    const option = lineChartOption(spec(['济南\n泉声\r\n外呼\u2028公司  \n x'], [70]));
    // A line separator is shown as its escape, like every invisible character (src/util/escape.ts).
    expect(option.echarts.series[0]!.name).toBe('济南 泉声 外呼\\u2028公司 x');
    expect(oneLine('a\u0085b')).toBe('a b');
    expect(lineChartOption(spec(['m'], [70], ['2026\n-10'])).echarts.xAxis.data).toEqual(['2026 -10']);
  });

  it('a single month (or a flat series) gets an axis around its value, not from 0 to twice it', () => {
    expect(lineChartOption(spec(['a', 'b'], [70])).echarts.yAxis).toMatchObject({ min: 66, max: 74 });
    expect(lineChartOption(spec(['a'], [0])).echarts.yAxis).toMatchObject({ min: 0, max: 1 });
    expect(lineChartOption(spec(['a'], [null, 12.5, null], ['m1', 'm2', 'm3'])).echarts.yAxis).toMatchObject({ min: 11, max: 14 });
    // Values that differ keep ECharts' own scaled range.
    const spread = lineChartOption(spec(['a'], [60, 80], ['m1', 'm2'])).echarts.yAxis;
    expect(spread).not.toHaveProperty('min');
    expect(spread).not.toHaveProperty('max');
  });
});
