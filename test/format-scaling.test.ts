import { describe, expect, it, vi } from 'vitest';
import { FORMATTERS, FORMAT_NAMES } from '../src/format/registry.js';
import type { FileResult, Finding, Report, VendorMonth } from '../src/report/model.js';
import { summarize } from '../src/report/model.js';

// The chart renderer is a third-party library with its own costs: the HTML page is measured
// without it (its labels are tested in escape-invisible.test.ts).
vi.mock('../src/format/html/charts.js', async () => {
  const { SafeHtml } = await import('../src/format/html/markup.js');
  return { CHART_WIDTH: 760, renderLineChart: () => new SafeHtml('<svg></svg>') };
});

/**
 * Every format is linear in the size of the report. Measured by counting, not timing: every array
 * element a formatter visits (for-of and spread through the array iterator; map, filter, some,
 * find, reduce, indexOf… by the array's length) is counted, and doubling the findings, files,
 * rules and months may at most about double the count (≤ 2.5×, room for sorting). A per-finding
 * copy or search of a growing list (the old text report's `[...list, finding]` per file) is
 * quadratic and fails this by far.
 */
const COUNTED_METHODS = ['map', 'filter', 'some', 'every', 'find', 'findIndex', 'forEach', 'reduce', 'flatMap', 'includes', 'indexOf', 'join', 'slice', 'concat', 'sort'] as const;

function countArrayVisits(run: () => void): number {
  let visits = 0;
  const proto = Array.prototype as unknown as Record<string | symbol, (...args: unknown[]) => unknown>;
  const saved = new Map<string | symbol, (...args: unknown[]) => unknown>();
  for (const name of [...COUNTED_METHODS, Symbol.iterator]) saved.set(name, proto[name]!);
  for (const name of COUNTED_METHODS) {
    const original = saved.get(name)!;
    proto[name] = function (this: unknown[], ...args: unknown[]) {
      visits += this.length;
      return original.apply(this, args);
    };
  }
  proto[Symbol.iterator] = function* (this: unknown[]) {
    for (let i = 0; i < this.length; i++) {
      visits++;
      yield this[i];
    }
  };
  try {
    run();
  } finally {
    for (const [name, original] of saved) proto[name] = original;
  }
  return visits;
}

const finding = (file: string, ruleId: string, i: number): Finding => ({
  ruleId,
  article: String((i % 30) + 1),
  requirement: `R${i % 30}-1`,
  severity: i % 3 === 0 ? 'warning' : 'error',
  message: { zh: `第 ${i} 项不符合`, en: `finding ${i} <b>|x|</b>` },
  consequence: { zh: '整改', en: 'rectify' },
  consequenceKind: 'rectification',
  citation: `第${(i % 30) + 1}条`,
  location: { file, path: `/items/${i}`, line: i + 1, column: 3 },
  vendor: `9137${String(i % 50).padStart(14, '0')}`,
  ...(i % 7 === 0 ? { waived: { reason: 'agreed', approvedBy: 'office' } } : {}),
});

/**
 * A report of n findings: half on one file (spread over n/8 rules), a quarter on n/4 other checked
 * files, a quarter on files that were not checked themselves; and n/2 months of two vendors each.
 */
function reportOf(n: number): Report {
  const big = 'big.yaml';
  const others = Array.from({ length: n / 4 }, (_, i) => `file-${i}.yaml`);
  const findings: Finding[] = [];
  for (let i = 0; i < n / 2; i++) findings.push(finding(big, `R${i % (n / 8)}/rule`, i));
  others.forEach((file, i) => findings.push(finding(file, 'R1/rule', i)));
  for (let i = 0; i < n / 4; i++) findings.push(finding(`outside-${i}.yaml`, 'R2/rule', i));
  const fileResult = (file: string): FileResult => ({ file, kind: 'VendorDossier', status: 'fail', errors: [], warnings: [], outcomes: { 'R1/rule': 'fail', 'R3/rule': 'pass' } });
  const files = [big, ...others].map(fileResult);
  const months = Array.from({ length: n / 2 }, (_, i) => `${2000 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`);
  const vendorMonths: VendorMonth[] = months.flatMap((month) =>
    ['A', 'B'].map((v, rank) => ({
      month, creditCode: `code-${v}`, vendorName: `Vendor ${v}`, city: '济南', file: `${month}-${v}.yaml`,
      assessmentScore: 90 - rank, complaintRatePercent: 0.1 + rank, rank: rank + 1, vendorsRanked: 2, lastPlace: rank === 1, errors: 1, warnings: 0, notices: 0,
    })),
  );
  return {
    tool: { name: 'tmcheck', version: '0.0.0' },
    ruleset: { version: 'test', sha256: '0'.repeat(64) },
    files,
    findings,
    rules: [],
    skippedRules: [],
    summary: summarize(files, findings),
    batch: { months, vendorMonths },
  };
}

describe('every format is linear in the report size', () => {
  const n = 800;
  const small = reportOf(n);
  const large = reportOf(2 * n);

  it.each(FORMAT_NAMES)('%s: twice the findings, files, rules and months take at most 2.5× the array visits', (format) => {
    const render = (report: Report) => () => void FORMATTERS[format](report, { lang: 'en', color: false, failOn: 'error' });
    const visitsSmall = countArrayVisits(render(small));
    const visitsLarge = countArrayVisits(render(large));
    expect(visitsSmall).toBeGreaterThan(n); // the counter sees the formatter's work at all
    expect(visitsLarge / visitsSmall, `${visitsSmall} → ${visitsLarge}`).toBeLessThanOrEqual(2.5);
  });
});
