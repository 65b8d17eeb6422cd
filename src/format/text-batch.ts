import type { ChalkInstance } from 'chalk';
import type { BatchSummary, VendorMonth } from '../report/model.js';
import type { Lang } from '../util/i18n.js';
import { escapeTerminal } from '../util/escape.js';
import { formatNumber } from '../rules/message-template.js';
import { WORDS, heading } from './words.js';

const LABELS = {
  zh: {
    title: WORDS.zh.monthlySummary, vendor: WORDS.zh.vendor, city: WORDS.zh.city, errors: '错误', warnings: '警告', rate: '投诉率', score: WORDS.zh.score, rank: WORDS.zh.rank,
    last: '末位', tie: '（并列）', ranked: (n: number) => `${n} 家参与排名`,
    single: '仅一家合作方提交月报，不排末位', unranked: WORDS.zh.notRanked,
    incomplete: '排名不完整（有月报重复或无法检查，未参与排名）：当月不排末位',
    separator: '；',
  },
  en: {
    title: heading(WORDS.en.monthlySummary), vendor: WORDS.en.vendor, city: WORDS.en.city, errors: 'errors', warnings: 'warnings', rate: 'complaints', score: WORDS.en.score, rank: WORDS.en.rank,
    last: 'last', tie: ' (tie)', ranked: (n: number) => `${n} ${n === 1 ? 'vendor' : 'vendors'} ranked`,
    single: 'only one vendor reported: nobody is ranked last', unranked: WORDS.en.notRanked,
    incomplete: 'ranking incomplete (a report was left out: duplicate or not checkable): nobody is ranked last',
    separator: '; ',
  },
} as const;

/**
 * The table per month that ends the text report: vendor, city, errors, warnings, complaint rate,
 * score and rank, last place marked (every vendor of a tie). Columns are padded by display width,
 * so Chinese names (two cells each) line up.
 */
export function batchTables(batch: BatchSummary, lang: Lang, c: ChalkInstance): string[] {
  const t = LABELS[lang];
  const lines = [c.bold(t.title)];
  const byMonth = groupByMonth(batch.vendorMonths);
  for (const month of batch.months) {
    const rows = byMonth.get(month) ?? [];
    const ranked = rows.find((row) => row.vendorsRanked !== undefined)?.vendorsRanked ?? 0;
    const lastCount = rows.filter((row) => row.lastPlace).length;
    const note = batch.incompleteMonths?.includes(month) ? t.incomplete : ranked === 1 ? t.single : t.ranked(ranked);
    lines.push('', `${c.bold(escapeTerminal(month))}  ${c.dim(`${note}${t.separator}${escapeTerminal(scoreSource(batch, month, lang))}`)}`);
    const header = [t.vendor, t.city, t.errors, t.warnings, t.rate, t.score, t.rank];
    const body = rows.map((row) => cells(row, lastCount > 1, t));
    // A loop, not Math.max(...body): spreading a long table would overflow the call stack.
    const widths = header.map((title, i) => body.reduce((widest, cellsOfRow) => Math.max(widest, displayWidth(cellsOfRow[i]!)), displayWidth(title)));
    const numeric = [false, false, true, true, true, true, false];
    const render = (values: string[]) => values.map((value, i) => pad(value, widths[i]!, numeric[i]!)).join('  ').trimEnd();
    lines.push(`  ${c.dim(render(header))}`);
    rows.forEach((row, i) => {
      const line = render(body[i]!);
      lines.push(`  ${row.lastPlace ? c.red(line) : line}`);
    });
  }
  return lines;
}

/**
 * Where a month's scores came from: the branch's own assessment (--assessments), or the reports,
 * which the vendors write. Every ranking view says it for every month.
 */
export function scoreSource(batch: BatchSummary, month: string, lang: Lang): string {
  const file = batch.assessedMonths?.find((m) => m.month === month)?.file;
  if (lang === 'zh') return file === undefined ? '得分：各外包合作方月报自报' : `得分：分公司考核 ${file}`;
  return file === undefined ? "scores: as the vendors' reports state them" : `scores: the branch's assessment ${file}`;
}

/** The vendor-month rows of each month, in one pass (not one pass per month). */
export function groupByMonth(rows: VendorMonth[]): Map<string, VendorMonth[]> {
  const byMonth = new Map<string, VendorMonth[]>();
  for (const row of rows) {
    const list = byMonth.get(row.month);
    if (list) list.push(row);
    else byMonth.set(row.month, [row]);
  }
  return byMonth;
}

function cells(row: VendorMonth, tie: boolean, t: (typeof LABELS)[Lang]): string[] {
  const mark = row.lastPlace ? ` ◀ ${t.last}${tie ? t.tie : ''}` : '';
  const rank = row.rank === undefined ? `— ${t.unranked}` : `${row.rank}/${row.vendorsRanked}${mark}`;
  return [
    escapeTerminal(row.vendorName),
    escapeTerminal(row.city),
    String(row.errors),
    String(row.warnings),
    // As the findings write numbers: a rate just above a tier's bound never reads as on it.
    row.complaintRatePercent === undefined ? '—' : `${formatNumber(row.complaintRatePercent)}%`,
    row.assessmentScore === undefined ? '—' : formatNumber(row.assessmentScore),
    rank,
  ];
}

function pad(text: string, width: number, right: boolean): string {
  const fill = ' '.repeat(Math.max(0, width - displayWidth(text)));
  return right ? fill + text : text + fill;
}

/** Terminal cells a string takes: East Asian wide and fullwidth characters take two. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    width += isWide(code) ? 2 : 1;
  }
  return width;
}

function isWide(code: number): boolean {
  return (
    (code >= 0x1100 && code <= 0x115f) ||
    (code >= 0x2e80 && code <= 0xa4cf && code !== 0x303f) ||
    (code >= 0xac00 && code <= 0xd7a3) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0xfe30 && code <= 0xfe4f) ||
    (code >= 0xff00 && code <= 0xff60) ||
    (code >= 0xffe0 && code <= 0xffe6) ||
    (code >= 0x20000 && code <= 0x3fffd)
  );
}
