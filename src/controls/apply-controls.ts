import type { BatchSummary, FileResult, Finding, Report, ReportNote } from '../report/model.js';
import { compareFindings, findingsByFile, statusOf, summarize } from '../report/model.js';
import { compareText } from '../util/compare.js';
import { applyWaivers, type WaiverFile, type WaiverFileProblem } from './waivers.js';
import { applyBaseline, baselineOf, type Baseline } from './baseline.js';
import { findingScopes } from '../report/fingerprint.js';

export interface Controls {
  waiverFiles: WaiverFile[];
  /** Waivers files that could not be read: they become invalid file entries (exit 2). */
  waiverProblems: WaiverFileProblem[];
  /** Waivers files the run leaves alone (beside the inputs, or in a working folder under check): warnings. */
  ignoredWaivers: ReportNote[];
  /** The date waiver expiry is judged on (YYYY-MM-DD). */
  judgedOn: string;
  baseline?: { file: string; baseline: Baseline };
}

export interface ControlledReport {
  report: Report;
  /** What --write-baseline writes: this run's findings after waivers, before the old baseline is applied (made when asked). */
  baseline(): Baseline;
}

/** What builds report.batch (the monthly batch of src/cross): its rows count the report's final findings. */
export interface BatchRows {
  batchSummary(files: FileResult[], findings: Finding[]): BatchSummary | undefined;
}

/**
 * The one order every caller takes (the library API, hence the command line, tests and benchmark):
 * 1. the check itself, done by the caller, has already ranked each month from the reports' scores
 *    and judged the cross-document rules: no waiver or baseline can change a rank or a last place;
 * 2. waivers mark the findings they cover (still shown, never counted);
 * 3. the baseline takes out the findings it holds;
 * 4. the per-vendor monthly rows count what is left, so they agree with the summary.
 */
export function finishReport(checked: Report, controls: Controls, batch?: BatchRows): ControlledReport {
  const controlled = applyControls(checked, controls);
  const rows = batch?.batchSummary(controlled.report.files, controlled.report.findings);
  return rows ? { ...controlled, report: { ...controlled.report, batch: rows } } : controlled;
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
  // A fingerprint per finding, only for a run that writes a baseline; an entry holds its finding's month or dossier submission.
  const scopeOf = findingScopes(report.files);
  const baseline = () => baselineOf(all, scopeOf);
  const filtered = controls.baseline ? applyBaseline(all, controls.baseline.baseline, scopeOf) : { findings: all, suppressed: 0 };
  const findings = filtered.findings.sort(compareFindings);

  const invalidWaiverFiles: FileResult[] = controls.waiverProblems.map((p) => ({ file: p.file, status: 'invalid', errors: p.errors, warnings: [], outcomes: {} }));
  const byFile = findingsByFile(findings);
  const files = [...report.files, ...invalidWaiverFiles]
    .map((file) => {
      if (file.status === 'invalid') return file;
      const status = statusOf(byFile.get(file.file) ?? []);
      // A copy only where a waiver or the baseline changed the status: a batch's files are not held twice.
      return status === file.status ? file : { ...file, status };
    })
    .sort((a, b) => compareText(a.file, b.file));

  const notes = notesOf(report.notes ?? [], controls);
  return {
    report: {
      ...report,
      files,
      findings,
      summary: summarize(files, findings),
      ...(notes.length > 0 ? { notes } : {}),
      ...(controls.baseline ? { baseline: { file: controls.baseline.file, suppressed: filtered.suppressed } } : {}),
    },
    baseline,
  };
}

/**
 * The report's notes on files it did not check, completed by the controls: the walk's note on a
 * waivers file gives way to the controls' (which says why, or that it is the --waivers file applied).
 */
function notesOf(walkNotes: ReportNote[], controls: Controls): ReportNote[] {
  const byFile = new Map(walkNotes.map((note) => [note.file, note]));
  for (const note of controls.ignoredWaivers) byFile.set(note.file, note);
  // A --waivers file that could not be used is an invalid file of the report: that says it all.
  for (const problem of controls.waiverProblems) byFile.delete(problem.file);
  for (const applied of controls.waiverFiles) {
    if (!byFile.has(applied.file)) continue;
    byFile.set(applied.file, {
      file: applied.file,
      level: 'note',
      message: { zh: '已跳过：这是用 --waivers 指定的豁免文件（已应用），不作为文档检查', en: 'skipped: the waivers file given with --waivers (applied), not checked as a document' },
    });
  }
  return [...byFile.values()].sort((a, b) => compareText(a.file, b.file));
}
