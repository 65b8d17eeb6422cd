import type { FileResult, Report } from '../report/model.js';
import { compareFindings, findingsByFile, statusOf, summarize } from '../report/model.js';
import { compareText } from '../util/compare.js';
import { applyWaivers, type WaiverFile, type WaiverFileProblem } from './waivers.js';
import { applyBaseline, baselineOf, type Baseline } from './baseline.js';

export interface Controls {
  waiverFiles: WaiverFile[];
  /** Waivers files that could not be read: they become invalid file entries (exit 2). */
  waiverProblems: WaiverFileProblem[];
  /** The date waiver expiry is judged on (YYYY-MM-DD). */
  judgedOn: string;
  baseline?: { file: string; baseline: Baseline };
}

export interface ControlledReport {
  report: Report;
  /** What --write-baseline writes: this run's findings after waivers, before the old baseline is applied. */
  baseline: Baseline;
}

/**
 * Applies waivers, then the baseline, to a finished report, and recomputes what depends on the
 * findings (file statuses, summary). Waived findings stay in the report; baselined ones leave it
 * and are counted in `report.baseline`.
 */
export function applyControls(report: Report, controls: Controls): ControlledReport {
  const knownRules = new Set(report.rules.map((r) => r.id));
  const waived = applyWaivers(report.findings, controls.waiverFiles, controls.judgedOn, knownRules);
  const all = [...waived.findings, ...waived.waiverFindings];
  const baseline = baselineOf(all);
  const filtered = controls.baseline ? applyBaseline(all, controls.baseline.baseline) : { findings: all, suppressed: 0 };
  const findings = filtered.findings.sort(compareFindings);

  const invalidWaiverFiles: FileResult[] = controls.waiverProblems.map((p) => ({ file: p.file, status: 'invalid', errors: p.errors, warnings: [], outcomes: {} }));
  const byFile = findingsByFile(findings);
  const files = [...report.files, ...invalidWaiverFiles]
    .map((file) => (file.status === 'invalid' ? file : { ...file, status: statusOf(byFile.get(file.file) ?? []) }))
    .sort((a, b) => compareText(a.file, b.file));

  return {
    report: {
      ...report,
      files,
      findings,
      summary: summarize(files, findings),
      ...(controls.baseline ? { baseline: { file: controls.baseline.file, suppressed: filtered.suppressed } } : {}),
    },
    baseline,
  };
}
