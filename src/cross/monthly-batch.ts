import type { CheckedDocument } from '../check/check-document.js';
import type { CrossCheck, CrossCheckResult } from '../check/cross-check.js';
import { inputError } from '../read/input-error.js';
import type { BatchSummary, FileResult, Finding, VendorMonth } from '../report/model.js';
import { compareText } from '../util/compare.js';
import { rankMonths, type MonthRanking } from './ranking.js';
import { summarizeReport, type ReportSummary } from './report-summary.js';
import type { RuleSet } from '../rules/rule-set.js';
import { prepareCrossRule, runCrossRule, type PreparedCrossRule } from './cross-rule.js';

/**
 * Gathers every valid MonthlyReport of a run as a small summary, groups them by vendor and month,
 * ranks each month and runs the cross-document rules on the ranking. Two reports for one vendor and
 * month are an input error on both files; that vendor-month is left out of the ranking (which of the
 * two is true is unknown), so the vendor's streak is broken there rather than guessed.
 */
export class MonthlyBatch implements CrossCheck {
  readonly kinds = ['MonthlyReport'] as const;
  readonly name = 'monthly-batch';
  private readonly reports: ReportSummary[] = [];
  private rankings: MonthRanking[] = [];

  constructor(private readonly rules: PreparedCrossRule[]) {}

  observe(doc: CheckedDocument): void {
    if (doc.kind !== 'MonthlyReport') return;
    const summary = summarizeReport(doc.file, doc.data, (pointer) => doc.parsed.locate(pointer));
    if (summary) this.reports.push(summary);
  }

  finish(): CrossCheckResult {
    const groups = new Map<string, ReportSummary[]>();
    for (const report of this.reports) {
      const key = `${report.creditCode}\u0000${report.month}`;
      groups.set(key, [...(groups.get(key) ?? []), report]);
    }
    const fileErrors: CrossCheckResult['fileErrors'] = [];
    const unique: ReportSummary[] = [];
    for (const group of groups.values()) {
      if (group.length === 1) {
        unique.push(group[0]!);
        continue;
      }
      for (const report of group) fileErrors.push({ file: report.file, error: duplicateError(report, group) });
    }
    this.rankings = rankMonths(unique);
    const findings = this.rules.flatMap((rule) => runCrossRule(rule, { rankings: this.rankings }));
    return { findings, fileErrors };
  }

  /**
   * One row per report seen (duplicates included, unranked), with the file's final counts. Undefined
   * when the run held no monthly report. Call after finish().
   */
  batchSummary(files: FileResult[], findings: Finding[]): BatchSummary | undefined {
    if (this.reports.length === 0) return undefined;
    const standings = new Map(this.rankings.flatMap((ranking) => ranking.standings.map((s) => [s.report.file, s] as const)));
    // Counted per file once: a filter per report would be quadratic on a province's batch.
    const tally = new Map<string, Record<Finding['severity'], number>>();
    for (const f of findings) {
      if (f.waived) continue;
      const perFile = tally.get(f.location.file) ?? { error: 0, warning: 0, notice: 0 };
      perFile[f.severity] += 1;
      tally.set(f.location.file, perFile);
    }
    const counts = (file: string, severity: Finding['severity']) => tally.get(file)?.[severity] ?? 0;
    const known = new Set(files.map((f) => f.file));
    const rows: VendorMonth[] = this.reports.map((report) => {
      const standing = standings.get(report.file);
      return {
        month: report.month,
        creditCode: report.creditCode,
        vendorName: report.vendorName,
        city: report.city,
        file: report.file,
        assessmentScore: report.assessmentScore,
        ...(report.complaintRatePercent !== undefined ? { complaintRatePercent: report.complaintRatePercent } : {}),
        ...(standing ? { rank: standing.rank, vendorsRanked: standing.vendorsRanked, lastPlace: standing.lastPlace } : {}),
        errors: known.has(report.file) ? counts(report.file, 'error') : 0,
        warnings: counts(report.file, 'warning'),
        notices: counts(report.file, 'notice'),
      };
    });
    rows.sort(
      (a, b) =>
        compareText(a.month, b.month) ||
        (a.rank ?? Number.MAX_SAFE_INTEGER) - (b.rank ?? Number.MAX_SAFE_INTEGER) ||
        compareText(a.creditCode, b.creditCode) ||
        compareText(a.file, b.file),
    );
    return { months: [...new Set(rows.map((r) => r.month))], vendorMonths: rows };
  }
}

function duplicateError(report: ReportSummary, group: ReportSummary[]) {
  const others = group.filter((r) => r.file !== report.file).map((r) => r.file).join(', ');
  return inputError(
    'duplicate-vendor-month',
    `同一外包合作方（${report.creditCode}）同一月份（${report.month}）有多份月报：另见 ${others}；该月不参与排名`,
    `a second report for the same vendor (${report.creditCode}) and month (${report.month}): see also ${others}; this vendor-month is left out of the ranking`,
    { path: '/month', ...report.monthPosition },
  );
}

/** The run's monthly batch, with every cross-document rule in force that reads monthly reports. */
export function monthlyBatchFor(ruleSet: RuleSet): MonthlyBatch {
  const rules = ruleSet
    .crossDocumentRules()
    .filter(({ definition }) => definition.applies_to === 'MonthlyReport')
    .map(({ definition }) => prepareCrossRule(definition));
  return new MonthlyBatch(rules);
}
