import type { BatchSummary, VendorMonth } from '../../report/model.js';
import { compareText } from '../../util/compare.js';
import { formatNumber } from '../../rules/message-template.js';
import { html, type SafeHtml } from './markup.js';
import { renderLineChart, type LinePoint } from './charts.js';
import type { Labels } from './labels.js';
import type { Lang } from '../../util/i18n.js';
import { groupByMonth, scoreSource } from '../text-batch.js';

/** The batch section: trend charts per vendor across months, then one ranking table per month. */
export function batchSection(batch: BatchSummary, t: Labels, lang: Lang): SafeHtml {
  const vendors = vendorSeries(batch.vendorMonths);
  const byMonth = groupByMonth(batch.vendorMonths);
  const charts =
    batch.months.length > 0 && vendors.length > 0
      ? html`<figure class="chart" id="chart-complaint-rate">
  <figcaption>${t.complaintChart}</figcaption>
  ${renderLineChart({
    id: 'complaint-rate',
    categories: batch.months,
    series: vendors.map((v) => ({ name: v.name, points: batch.months.map((m) => point(v.byMonth.get(m)?.complaintRatePercent)) })),
    yAxisName: t.complaintAxis,
    unit: '%',
  })}
  <p class="note">${t.gapNote}</p>
</figure>
<figure class="chart" id="chart-assessment-score">
  <figcaption>${t.scoreChart}</figcaption>
  ${renderLineChart({
    id: 'assessment-score',
    categories: batch.months,
    series: vendors.map((v) => ({
      name: v.name,
      points: batch.months.map((m) => point(v.byMonth.get(m)?.assessmentScore, v.byMonth.get(m)?.lastPlace === true)),
    })),
    yAxisName: t.scoreAxis,
  })}
  <p class="note">${t.lastPlaceMarker} ${t.gapNote}</p>
</figure>`
      : '';
  return html`<section id="batch">
<h2>${t.batch}</h2>
${charts}
<h3>${t.ranking}</h3>
${batch.months.map((month) => rankingTable(month, byMonth.get(month) ?? [], t, batch.incompleteMonths?.includes(month) === true, scoreSource(batch, month, lang)))}
</section>`;
}

interface VendorSeries {
  creditCode: string;
  name: string;
  byMonth: Map<string, VendorMonth>;
}

/**
 * One series per vendor (credit code) with its ranked month rows, named after the vendor. Two vendors with the same name get
 * their credit codes appended, since ECharts merges series that share a legend name.
 */
export function vendorSeries(rows: VendorMonth[]): VendorSeries[] {
  const byCode = new Map<string, VendorSeries>();
  for (const row of rows) {
    const series = byCode.get(row.creditCode) ?? { creditCode: row.creditCode, name: row.vendorName || row.creditCode, byMonth: new Map() };
    // Only the ranked report of a month is plotted: a duplicate or invalid one (unranked) would draw
    // its own score beside the ranked report's last-place marker.
    if (row.rank !== undefined && !series.byMonth.has(row.month)) series.byMonth.set(row.month, row);
    byCode.set(row.creditCode, series);
  }
  const list = [...byCode.values()].filter((s) => s.byMonth.size > 0).sort((a, b) => compareText(a.name, b.name) || compareText(a.creditCode, b.creditCode));
  const nameCount = new Map<string, number>();
  for (const s of list) nameCount.set(s.name, (nameCount.get(s.name) ?? 0) + 1);
  return list.map((s) => ((nameCount.get(s.name) ?? 0) > 1 ? { ...s, name: `${s.name} (${s.creditCode})` } : s));
}

function point(value: number | undefined, highlighted = false): LinePoint {
  return { value: value !== undefined && Number.isFinite(value) ? value : null, highlighted };
}

function rankingTable(month: string, rows: VendorMonth[], t: Labels, incomplete: boolean, source: string): SafeHtml {
  return html`${incomplete ? html`<p class="note">${month}: ${t.rankingIncomplete}</p>
` : ''}<p class="note source">${month}: ${source}</p>
<table class="ranking">
<caption>${t.month} ${month}</caption>
<thead><tr><th>${t.rank}</th><th>${t.vendor}</th><th>${t.city}</th><th class="num">${t.score}</th><th class="num">${t.complaintRate}</th><th class="num">${t.findings}</th><th>${t.file}</th></tr></thead>
<tbody>
${rows.map(
  (row) => html`<tr${row.lastPlace ? html` class="last-place"` : ''}>
<td>${row.rank !== undefined ? `${row.rank} / ${row.vendorsRanked ?? rows.length}` : t.notRanked}${row.lastPlace ? html` <span class="badge last">${t.lastPlace}</span>` : ''}</td>
<td>${row.vendorName}<br><code class="small">${row.creditCode}</code></td>
<td>${row.city}</td>
<td class="num">${shownNumber(row.assessmentScore)}</td>
<td class="num">${row.complaintRatePercent !== undefined ? `${shownNumber(row.complaintRatePercent)}%` : '—'}</td>
<td class="num">${row.errors} / ${row.warnings} / ${row.notices}</td>
<td><code class="small">${row.file}</code></td>
</tr>
`,
)}</tbody>
</table>
`;
}

/**
 * As the findings write numbers (formatNumber): a rate just above a tier's bound never reads as on
 * it; a missing or non-finite value is a dash.
 */
function shownNumber(value: number | undefined): string {
  return value === undefined || !Number.isFinite(value) ? '—' : formatNumber(value);
}
