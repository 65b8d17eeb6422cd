import type { CheckedDocument } from '../report/check-document.js';
import type { BatchCheck, BatchCheckResult } from '../report/batch-check.js';
import { inputError, type InputError } from '../read/input-error.js';
import type { BatchSummary, FileResult, Finding, VendorMonth } from '../report/model.js';
import { compareText } from '../util/compare.js';
import { rankMonths, type MonthRanking } from '../ranking/ranking.js';
import { summarizeReport, type ReportFacts, type ReportSummary } from '../ranking/report-summary.js';
import { NO_ASSESSMENTS, type BranchAssessments } from '../ranking/assessment.js';
import type { RuleSet } from '../engine/rule-set.js';
import { prepareCrossRule, runCrossRule, type PreparedCrossRule } from './cross-rule.js';
import type { BatchView } from '../ranking/cross-document-check.js';
import { holdsRunMonth, runMonthIndexes } from '../ranking/last-place-streak.js';
import { monthAt, monthIndex, vendorMonthKey } from '../ranking/months.js';
import { readingKey } from '../util/plain-text.js';
import { isValidCreditCode } from '../util/credit-code.js';
import { pushAll } from '../util/push-all.js';
import { ASSESSMENT_KIND } from '../kinds/kinds.js';
import type { DossierAgreement } from '../ranking/agreement.js';
import { setDigest } from '../util/set-digest.js';
import { historyNote } from './history-note.js';
import { noDossierFindings } from './unjudged-agreement.js';
import { callingBeforeAgreement } from '../ranking/calling-before-agreement.js';
import { licenceInForceInMonth } from '../ranking/licence-in-month.js';

/** The checks that judge a report against its vendor's dossier: a report without one is tmcheck/report-no-dossier's (unjudged-agreement.ts). */
const JOINED_TO_DOSSIER: ReadonlySet<string> = new Set([callingBeforeAgreement.name, licenceInForceInMonth.name]);

/** A monthly report that could not be checked: what its file result names of it. */
interface UncheckedReport {
  file: string;
  creditCode?: string;
  month?: string;
}

/** Part k of n of the inputs (`--shard k/n`, src/check/shard.ts, a higher layer). */
interface Part {
  index: number;
  count: number;
}

/**
 * Gathers every valid MonthlyReport of a run (and of --history, as context) as a small summary,
 * groups them by vendor and month, ranks each month and runs the cross-document rules on the ranking.
 * A vendor-month is left out of the ranking when it has two reports (an input error on both files:
 * which is true is unknown) or its report could not be checked. Its month's ranking is then
 * incomplete: the one left out could be last, so nobody is ranked last that month, and a streak
 * that would run through it is not judged. A report that could not be checked and names no valid
 * month could belong to any month: every month is incomplete. A month with the branch's assessment
 * (--assessments) is ranked on its scores, not on the reports' (see scoreReports).
 */
export class MonthlyBatch implements BatchCheck {
  /** Reports only: dossiers are seen by their results (observeResult), which carry their agreement facts. */
  readonly kinds = ['MonthlyReport'] as const;
  readonly name = 'monthly-batch';
  /** The run's reports, then (--history) the context's: only the run's get findings and summary rows. */
  private readonly reports: ReportFacts[] = [];
  private readonly history: ReportFacts[] = [];
  /**
   * The run's own valid dossiers: their results, which the run keeps anyway (not copies). Grouped by
   * credit code only in finish(), for the vendors with a report: a dossier costs the batch one slot.
   */
  private readonly runDossiers: DossierAgreement[] = [];
  /** --history's valid dossiers (context, joined as the run's are): what the join reads of each. */
  private readonly historyDossiers: DossierAgreement[] = [];
  /** After finish(): the score each report of the batch is ranked on, by file (the branch's or the report's own). */
  private readonly scores = new Map<string, number>();
  private readonly unchecked: UncheckedReport[] = [];
  /** --history files that could not be read: input errors of the run, listed with its files. */
  private readonly invalidHistory: FileResult[] = [];
  private rankings: MonthRanking[] = [];
  private incomplete: string[] = [];

  /** `part`: the run checks part k of n (`--shard k/n`, n > 1), which cannot rank a month (see partErrors). */
  constructor(
    private readonly rules: PreparedCrossRule[],
    private readonly part?: Part,
    /** The branch's assessments (--assessments): a month with one is ranked on its scores, not on the reports'. */
    private readonly assessments: BranchAssessments = NO_ASSESSMENTS,
    /** Assessment files that cannot be used: listed with the run's files as input errors. */
    private readonly invalidAssessments: readonly FileResult[] = [],
  ) {}

  observe(doc: CheckedDocument): void {
    const summary = this.summarize(doc);
    if (summary) this.reports.push(summary);
  }

  observeUnchecked(result: FileResult): void {
    // A dossier names no month; a file whose kind is unknown but that names a month is taken for a report.
    if (result.kind !== 'MonthlyReport' && result.month === undefined) return;
    this.unchecked.push({ file: result.file, creditCode: result.vendor?.creditCode, month: result.month });
  }

  /** A report of an earlier month named with --history: it counts in the ranking, its own findings are not reported. */
  observeHistory(doc: CheckedDocument): void {
    const summary = this.summarize(doc);
    if (summary) this.history.push(summary);
  }

  /** A --history file that could not be read is an input error of the run, whatever it is. */
  observeUncheckedHistory(result: FileResult): void {
    this.invalidHistory.push({ ...result, status: 'invalid', errors: [...result.errors, historyNote()] });
    this.observeUnchecked(result);
  }

  /** A valid document of another kind: a dossier's agreement facts, for its vendor's reports (R10-1/R10-3, R10-P5-2 by month). */
  observeResult(result: FileResult): void {
    const dossier = dossierAgreement(result);
    if (dossier) this.runDossiers.push(dossier);
  }

  /** A valid dossier named with --history: its agreement facts join the run's reports as the run's dossiers do; its own findings are not reported. */
  observeHistoryResult(result: FileResult): void {
    const dossier = dossierAgreement(result);
    // Only what the join reads: nothing else keeps a --history dossier's result.
    if (dossier) this.historyDossiers.push({ file: dossier.file, sha256: dossier.sha256, submitted: dossier.submitted, vendor: { creditCode: dossier.vendor.creditCode }, agreement: dossier.agreement });
  }

  /**
   * What a `--shard` part records of the dossiers (src/merge/shards.ts): `checked`, the valid dossiers
   * among its inputs; `joined`, when it judged monthly reports, every dossier they were joined to (its
   * inputs' and --history's). A merge whose reports were joined to other dossiers than its parts
   * check (the reports' part without the dossier parts' dossiers) would pass what one run fails.
   * Each dossier counts by its content hash, not its name: the join reads only content (credit code,
   * agreement dates), and names depend on where each job ran (relative to its working folder, else
   * absolute), so the same dossiers named from another folder are the same dossiers. Copies count
   * once each (the digest adds them up). A dossier without a hash counts by name (never equal to one with).
   */
  dossierDigests(): { checked: string; joined?: string } {
    const key = (d: DossierAgreement) => (d.sha256 !== undefined ? `sha256\u0000${d.sha256}` : `file\u0000${d.file}`);
    const checked = setDigest(this.runDossiers.map(key));
    if (this.reports.length === 0 || this.part) return { checked };
    return { checked, joined: setDigest([...this.runDossiers, ...this.historyDossiers].map(key)) };
  }

  /** The valid dossiers (the run's, then --history's) of each vendor, by credit code as written, of the vendors with a report of the run. */
  private agreements(): Map<string, DossierAgreement[]> {
    const reported = new Set(this.reports.map((r) => r.creditCode));
    const agreements = new Map<string, DossierAgreement[]>();
    for (const dossiers of [this.runDossiers, this.historyDossiers]) {
      for (const dossier of dossiers) {
        const creditCode = dossier.vendor.creditCode;
        if (!reported.has(creditCode)) continue;
        // Pushed, not copied: a copy per dossier is quadratic in a vendor's dossiers (one credit code across a batch).
        const list = agreements.get(creditCode);
        if (list) list.push(dossier);
        else agreements.set(creditCode, [dossier]);
      }
    }
    return agreements;
  }

  private summarize(doc: CheckedDocument): ReportFacts | undefined {
    if (doc.kind !== 'MonthlyReport') return undefined;
    return summarizeReport(doc.file, doc.data, (pointer) => doc.parsed.locate(pointer));
  }

  finish(): BatchCheckResult {
    if (this.part && this.reports.length > 0) return this.partErrors(this.part);
    const all = [...this.reports, ...this.history];
    const groups = new Map<string, ReportFacts[]>();
    for (const report of all) {
      const key = vendorMonthKey(report.creditCode, report.month);
      const group = groups.get(key);
      if (group) group.push(report);
      else groups.set(key, [report]);
    }
    const incomplete = new Set<string>();
    const fileErrors: BatchCheckResult['fileErrors'] = [];
    const unique: ReportFacts[] = [];
    for (const group of groups.values()) {
      if (group.length === 1) {
        unique.push(group[0]!);
        continue;
      }
      incomplete.add(group[0]!.month);
      for (const report of group) fileErrors.push({ file: report.file, error: duplicateError(report, group) });
    }
    for (const error of renamedVendorErrors(all)) fileErrors.push(error);
    const reported = new Map<string, Set<string>>();
    const report = (creditCode: string, month: string) => reported.set(creditCode, (reported.get(creditCode) ?? new Set()).add(month));
    for (const summary of all) report(summary.creditCode, summary.month);
    // The file is already invalid with its located errors; the tables and JSON `batch.incompleteMonths` say which months it leaves incomplete.
    let unplaced = this.assessments.unusable === 'all';
    for (const unchecked of this.unchecked) {
      if (unchecked.month === undefined || monthIndex(unchecked.month) === undefined) {
        unplaced = true;
        continue;
      }
      incomplete.add(unchecked.month);
      if (unchecked.creditCode !== undefined) report(unchecked.creditCode, unchecked.month);
    }
    const { ranked, placeholders } = this.scoreReports(unique, new Set(groups.keys()), incomplete, fileErrors);
    for (const placeholder of placeholders.keys()) report(placeholder.creditCode, placeholder.month);
    if (unplaced) for (const month of new Set([...all, ...placeholders.keys()].map((r) => r.month))) incomplete.add(month);
    this.rankings = rankMonths([...ranked, ...placeholders.keys()], incomplete);
    this.incomplete = [...incomplete].sort(compareText);
    if (this.rules.some((rule) => rule.definition.cross_document.check === 'lastPlaceStreak')) {
      const runKeys = runVendorMonths(this.reports, this.unchecked);
      const runMonths = new Set(this.reports.map((r) => r.month));
      const lastPlaceErrors = missingAfterLastPlaceErrors(this.rankings, reported, runMonths, runKeys, this.assessments);
      pushAll(fileErrors, lastPlaceErrors);
      // A gap right after a last-place report already in error is that error's: not said twice.
      const flagged = new Set(lastPlaceErrors.map((e) => e.file));
      pushAll(fileErrors, historyGapErrors(all, reported, runKeys, runMonthIndexes({ reports: this.reports, judged: () => true }), flagged));
      pushAll(fileErrors, lastWithoutReportErrors(this.rankings, placeholders, runMonths));
    }
    const history = new Set(this.history.map((r) => r.file));
    const standIns = new Set<ReportFacts>(placeholders.keys());
    const agreements = this.agreements();
    const view: BatchView = {
      rankings: this.rankings,
      reports: all,
      reported,
      agreements,
      assessments: this.assessments.byMonth,
      judged: (r) => !history.has(r.file) && !standIns.has(r),
    };
    const findings = this.rules.flatMap((rule) => runCrossRule(rule, view));
    // A --history file, or an assessment, with a problem is not one of the run's files: it is listed as invalid beside them.
    const assessmentFiles = new Set([...this.assessments.byMonth.values()].map((a) => a.file));
    const beside = (file: string) => history.has(file) || assessmentFiles.has(file);
    const besideErrors = new Map<string, InputError[]>();
    for (const { file, error } of fileErrors) if (beside(file)) besideErrors.set(file, [...(besideErrors.get(file) ?? []), error]);
    const extraFiles: FileResult[] = [
      ...this.invalidHistory,
      ...this.invalidAssessments,
      ...[...besideErrors].map(([file, errors]): FileResult =>
        history.has(file)
          ? { file, kind: 'MonthlyReport', status: 'invalid', errors: [...errors, historyNote()], warnings: [], outcomes: {} }
          : { file, kind: ASSESSMENT_KIND, status: 'invalid', errors, warnings: [], outcomes: {} },
      ),
    ];
    const agreementRules = this.rules.filter((rule) => JOINED_TO_DOSSIER.has(rule.check.name)).map((rule) => rule.definition);
    pushAll(findings, noDossierFindings(this.reports, (creditCode) => agreements.has(creditCode), agreementRules));
    return { findings, fileErrors: fileErrors.filter((e) => !beside(e.file)), extraFiles };
  }

  /**
   * The score each vendor-month is ranked on. A month with the branch's assessment ranks every vendor
   * it lists on its score: a report's own score does not count, and a vendor it lists without a report
   * in the batch takes part through a stand-in at the assessment's line (it exists: if it is last, the
   * others are not). A report of such a month whose vendor the assessment does not list leaves the
   * month incomplete (R24-6/branch-assessment says it cannot be judged). A month without one is ranked
   * on the reports' own scores, and a report there that states none is an input error (its month is
   * incomplete). A month whose assessment cannot be used is incomplete.
   */
  private scoreReports(unique: ReportFacts[], present: ReadonlySet<string>, incomplete: Set<string>, fileErrors: BatchCheckResult['fileErrors']): { ranked: ReportSummary[]; placeholders: Map<ReportSummary, string> } {
    const unusable = this.assessments.unusable;
    const ranked: ReportSummary[] = [];
    for (const report of unique) {
      const assessment = this.assessments.byMonth.get(report.month);
      const score = assessment ? assessment.scores.get(report.creditCode)?.score : report.reportedScore;
      if (unusable !== 'all' && unusable.has(report.month)) incomplete.add(report.month);
      else if (score === undefined) {
        incomplete.add(report.month);
        if (!assessment) fileErrors.push({ file: report.file, error: noScoreError(report) });
      }
      if (score === undefined) continue;
      this.scores.set(report.file, score);
      ranked.push({ ...report, assessmentScore: score });
    }
    // Each stand-in, with the pointer of its score in the assessment.
    const placeholders = new Map<ReportSummary, string>();
    for (const assessment of this.assessments.byMonth.values()) {
      for (const assessed of assessment.scores.values()) {
        if (present.has(vendorMonthKey(assessed.creditCode, assessment.month))) continue;
        placeholders.set({
          file: assessment.file,
          month: assessment.month,
          creditCode: assessed.creditCode,
          vendorName: assessed.vendorName ?? assessed.creditCode,
          city: '',
          assessmentScore: assessed.score,
          scorePosition: assessed.position,
          monthPosition: assessed.position,
          creditCodePosition: assessed.position,
        }, assessed.pointer);
      }
    }
    return { ranked, placeholders };
  }

  /**
   * `--shard k/n` with n > 1 splits the inputs by file path, so a month's reports fall into different
   * parts, and a part ranks only the vendors it holds: a vendor last of the month, alone in its part,
   * ranks first there and the part passes. Nothing the batch judges (ranking, streaks, duplicated
   * vendor-months, renamed vendors) can be judged on a part: every report of the run is an input
   * error at its /month, none is ranked, and each of their months is incomplete.
   */
  private partErrors(part: Part): BatchCheckResult {
    this.incomplete = [...new Set(this.reports.map((r) => r.month))].sort(compareText);
    const fileErrors = this.reports.map((report) => ({
      file: report.file,
      error: inputError(
        'shard-monthly-report',
        `本次检查只检查输入的第 ${part.index}/${part.count} 部分（--shard），而月报须与同月所有外包合作方的月报一起排名（第二十四条(二)）：部分输入无法判断排名、连续末位和重复月报；请将全部月报连同其通话记录作为一个部分检查（--shard 1/1），只将资质档案分片`,
        `this run checks part ${part.index}/${part.count} of the inputs (--shard), but a monthly report is ranked with every vendor's report of its month (第二十四条(二)): a part cannot judge the ranking, streaks of last places or duplicated reports; check all monthly reports with their call logs as one part (--shard 1/1) and shard only the dossiers`,
        { path: '/month', ...report.monthPosition },
      ),
    }));
    return { findings: [], fileErrors, extraFiles: [...this.invalidAssessments] };
  }

  /**
   * One row per report of the run (duplicates included, unranked), with the file's final counts and
   * the call-log findings of that vendor and month. Undefined when the run held no monthly report.
   * Call after finish().
   */
  batchSummary(files: FileResult[], findings: Finding[]): BatchSummary | undefined {
    if (this.reports.length === 0) return undefined;
    const standings = new Map(this.rankings.flatMap((ranking) => ranking.standings.map((s) => [s.report.file, s] as const)));
    type Counts = Record<Finding['severity'], number>;
    // Counted per file (and per vendor-month for call-log findings) once: a filter per report would be quadratic on a province's batch.
    const byFile = new Map<string, Counts>();
    const byVendorMonth = new Map<string, Counts>();
    const reportFiles = new Set(this.reports.map((r) => r.file));
    const add = (map: Map<string, Counts>, key: string, severity: Finding['severity']) => {
      const counts = map.get(key) ?? { error: 0, warning: 0, notice: 0 };
      counts[severity] += 1;
      map.set(key, counts);
    };
    for (const f of findings) {
      if (f.waived) continue;
      if (!reportFiles.has(f.location.file) && f.vendor !== undefined && f.month !== undefined) add(byVendorMonth, vendorMonthKey(f.vendor, f.month), f.severity);
      else add(byFile, f.location.file, f.severity);
    }
    const known = new Set(files.map((f) => f.file));
    const rows: VendorMonth[] = this.reports.map((report) => {
      const standing = standings.get(report.file);
      const counts = (severity: Finding['severity']) => byFile.get(report.file)?.[severity] ?? 0;
      return {
        month: report.month,
        creditCode: report.creditCode,
        vendorName: report.vendorName,
        city: report.city,
        file: report.file,
        ...(this.scores.has(report.file) ? { assessmentScore: this.scores.get(report.file)! } : {}),
        ...(report.complaintRatePercent !== undefined ? { complaintRatePercent: report.complaintRatePercent } : {}),
        ...(standing ? { rank: standing.rank, vendorsRanked: standing.vendorsRanked, lastPlace: standing.lastPlace } : {}),
        errors: known.has(report.file) ? counts('error') : 0,
        warnings: counts('warning'),
        notices: counts('notice'),
      };
    });
    rows.sort(
      (a, b) =>
        compareText(a.month, b.month) ||
        (a.rank ?? Number.MAX_SAFE_INTEGER) - (b.rank ?? Number.MAX_SAFE_INTEGER) ||
        compareText(a.creditCode, b.creditCode) ||
        compareText(a.file, b.file),
    );
    // A vendor-month with two reports has two rows: its call-log findings are counted once, in the first.
    const counted = new Set<string>();
    for (const row of rows) {
      const key = vendorMonthKey(row.creditCode, row.month);
      const calls = byVendorMonth.get(key);
      if (!calls || counted.has(key)) continue;
      counted.add(key);
      row.errors += calls.error;
      row.warnings += calls.warning;
      row.notices += calls.notice;
    }
    const months = [...new Set(rows.map((r) => r.month))];
    const incompleteMonths = this.incomplete.filter((m) => months.includes(m));
    // Where each month's scores came from: the months the branch assessed; the others, as the reports state them.
    const assessedMonths = months.flatMap((month) => {
      const assessment = this.assessments.byMonth.get(month);
      return assessment ? [{ month, file: assessment.file }] : [];
    });
    return {
      months,
      vendorMonths: rows,
      ...(incompleteMonths.length > 0 ? { incompleteMonths } : {}),
      ...(assessedMonths.length > 0 ? { assessedMonths } : {}),
    };
  }
}

function duplicateError(report: ReportFacts, group: ReportFacts[]) {
  // At most five others by name: a thousand copies of one report must not make a million-name report.
  const otherFiles = group.filter((r) => r.file !== report.file).map((r) => r.file);
  const others = otherFiles.slice(0, 5).join(', ') + (otherFiles.length > 5 ? ` (+${otherFiles.length - 5})` : '');
  return inputError(
    'duplicate-vendor-month',
    `同一外包合作方（${report.creditCode}）同一月份（${report.month}）有多份月报：另见 ${others}；该月不参与排名，${report.month} 的排名不完整，当月不排末位`,
    `a second report for the same vendor (${report.creditCode}) and month (${report.month}): see also ${others}; this vendor-month is left out of the ranking, so the ranking of ${report.month} is incomplete and nobody is ranked last that month`,
    { path: '/month', ...report.monthPosition },
  );
}

/**
 * The ranking follows a vendor by its credit code, which the vendor writes. One vendor name under two
 * credit codes would let a vendor in last place start a new streak under a new code (two months last
 * as A, the third as B: never three in a row) and dodge termination. Which code is the vendor's
 * cannot be told here, so every report of such a name is an input error at /vendor/credit_code.
 * Names are compared as a person reads them (readingKey: NFKC, no spaces or invisible characters, and
 * Latin-looking Cyrillic and Greek letters as the Latin ones, case aside: 济南АВС with Cyrillic letters is 济南ABC).
 */
function renamedVendorErrors(reports: ReportFacts[]): Array<{ file: string; error: InputError }> {
  const byName = new Map<string, ReportFacts[]>();
  for (const report of reports) {
    // No name to compare, or a code that is no credit code (already an error finding of R10-P5-1).
    if (report.vendorName === report.creditCode || !isValidCreditCode(report.creditCode)) continue;
    const name = readingKey(report.vendorName);
    const group = byName.get(name);
    if (group) group.push(report);
    else byName.set(name, [report]);
  }
  const errors: Array<{ file: string; error: InputError }> = [];
  for (const group of byName.values()) {
    const codes = [...new Set(group.map((r) => r.creditCode))].sort(compareText);
    if (codes.length < 2) continue;
    for (const report of group) {
      const others = codes.filter((code) => code !== report.creditCode);
      const shown = others.slice(0, 5).join(', ') + (others.length > 5 ? ` (+${others.length - 5})` : '');
      errors.push({
        file: report.file,
        error: inputError(
          'vendor-credit-codes',
          `外包合作方「${report.vendorName}」在本次检查的月报中有多个统一社会信用代码（${report.creditCode}，另见 ${shown}）：排名按信用代码识别外包合作方，换用代码会使连续末位从头计算，无法判断哪个代码属实`,
          `the vendor "${report.vendorName}" reports under more than one credit code in this run (${report.creditCode}; also ${shown}): the ranking follows a vendor by its credit code, and a new code would restart a streak of last places, so which code is right cannot be told`,
          { path: '/vendor/credit_code', ...report.creditCodePosition },
        ),
      });
    }
  }
  return errors;
}

/**
 * R24-6 counts last places month by month, and the vendor writes its own report. A vendor in last
 * place that leaves out its next month's report is not ranked that month, so its streak stops short
 * of a warning or termination, and the run of that month passes (the missing month shows as a gap
 * only once it reports again). So when the run ranks a month (one of the run's reports is of it) and
 * a vendor ranked last in the month before has no report of it nor of any later month (a later one
 * makes the skipped month R24-6's `gap` finding), the month cannot be judged for that
 * vendor: an input error at /month of the vendor's last-place report (of the run, or of --history),
 * saying to check the missing report with the run, or to leave the vendor's reports out if the
 * cooperation has ended. A later report answers only when the `gap` finding is given: when it is
 * the run's, or the last-place report is (the finding then goes there). A later report in --history
 * after a last-place report in --history gives no finding, so it answers for nothing.
 */
function missingAfterLastPlaceErrors(
  rankings: MonthRanking[],
  reported: ReadonlyMap<string, ReadonlySet<string>>,
  runMonths: ReadonlySet<string>,
  runReported: ReadonlySet<string>,
  assessments: BranchAssessments,
): Array<{ file: string; error: InputError }> {
  const errors: Array<{ file: string; error: InputError }> = [];
  for (const ranking of rankings) {
    const index = monthIndex(ranking.month);
    if (index === undefined) continue;
    const next = monthAt(index + 1);
    // The branch's assessment of the next month names its vendors: one it leaves out is no vendor of that month.
    if (!runMonths.has(next) || assessments.byMonth.has(next)) continue;
    for (const report of ranking.last) {
      // A report of that month, or of a later one whose gap R24-6 reports (see above), answers for it.
      const later = [...(reported.get(report.creditCode) ?? [])].filter((month) => compareText(month, ranking.month) > 0).sort(compareText)[0];
      const answered = later !== undefined && (runReported.has(vendorMonthKey(report.creditCode, later)) || runReported.has(vendorMonthKey(report.creditCode, ranking.month)));
      if (answered) continue;
      errors.push({
        file: report.file,
        error: inputError(
          'missing-after-last-place',
          `外包合作方「${report.vendorName}」（${report.creditCode}）在 ${ranking.month} 综合考核排名末位，但本次检查中没有其 ${next} 的月报，而本次检查对 ${next} 排名：该月是否再次末位（连续末位须警示整改或有权解除协议）无法判定；须将其 ${next} 的月报一并检查，如合作已终止，请勿再将其月报列入检查`,
          `the vendor "${report.vendorName}" (${report.creditCode}) ranked last in ${ranking.month}, but the run ranks ${next} without a report of it: whether it was last again (a streak that brings a warning or termination) cannot be judged; check its ${next} report with the run, or, if the cooperation has ended, leave its reports out`,
          { path: '/month', ...report.monthPosition },
        ),
      });
    }
  }
  return errors;
}

/**
 * A vendor with --history reports before and after a month the run ranks, and no report of that
 * month: the run ranks the month without it (R24-6's `gap` finding goes to a report the run judges,
 * and here neither is one). Its absence can leave a single vendor that month, which then ranks nobody
 * last: a vendor last two months running passes its third. An input error at /month of the report
 * after the gap (a --history file, so the run exits 2), saying to check the missing report with the run.
 */
function historyGapErrors(
  reports: readonly ReportFacts[],
  reported: ReadonlyMap<string, ReadonlySet<string>>,
  runKeys: ReadonlySet<string>,
  runMonths: ReadonlySet<number>,
  flagged: ReadonlySet<string>,
): Array<{ file: string; error: InputError }> {
  const byKey = new Map<string, ReportFacts>();
  for (const report of reports) {
    const key = vendorMonthKey(report.creditCode, report.month);
    const known = byKey.get(key);
    if (!known || compareText(report.file, known.file) < 0) byKey.set(key, report);
  }
  const errors: Array<{ file: string; error: InputError }> = [];
  for (const [creditCode, months] of reported) {
    const sorted = [...months].filter((m) => monthIndex(m) !== undefined).sort(compareText);
    for (let i = 1; i < sorted.length; i++) {
      const [before, after] = [sorted[i - 1]!, sorted[i]!];
      if (runKeys.has(vendorMonthKey(creditCode, before)) || runKeys.has(vendorMonthKey(creditCode, after)) || !holdsRunMonth(before, after, runMonths)) continue;
      const report = byKey.get(vendorMonthKey(creditCode, after));
      const previous = byKey.get(vendorMonthKey(creditCode, before));
      if (!report || (previous && flagged.has(previous.file))) continue;
      const skipped = [...Array(monthIndex(after)! - monthIndex(before)! - 1).keys()].map((k) => monthAt(monthIndex(before)! + 1 + k)).filter((m) => runMonths.has(monthIndex(m)!));
      const months = skipped.slice(0, 5).join(', ') + (skipped.length > 5 ? ` (+${skipped.length - 5})` : '');
      errors.push({
        file: report.file,
        error: inputError(
          'missing-ranked-month',
          `外包合作方「${report.vendorName}」（${creditCode}）有 ${before} 和 ${after} 的月报（--history），却没有本次检查排名的 ${months} 的月报：该月排名缺少该合作方，无法判定当月末位及连续末位；须将其该月月报一并检查`,
          `the vendor "${report.vendorName}" (${creditCode}) has reports of ${before} and ${after} (--history) but none of ${months}, which the run ranks: that month is ranked without it, so its last place and any streak through it cannot be judged; check its report of that month with the run`,
          { path: '/month', ...report.monthPosition },
        ),
      });
    }
  }
  return errors;
}

/**
 * A vendor the branch's assessment ranks last in a month the run ranks, with no report of that month
 * in the batch: it takes part in the ranking (the others are not last), but R24-6's verdict on it (a
 * warning, termination) belongs on its report, which the run does not have; without this the run
 * would pass. An input error at the assessment's score of the vendor, saying to check its report
 * with the run.
 */
function lastWithoutReportErrors(rankings: MonthRanking[], standIns: ReadonlyMap<ReportSummary, string>, runMonths: ReadonlySet<string>): Array<{ file: string; error: InputError }> {
  return rankings
    .filter((ranking) => runMonths.has(ranking.month))
    .flatMap((ranking) => ranking.last.filter((r) => standIns.has(r)))
    .map((r) => ({
      file: r.file,
      error: inputError(
        'assessed-last-without-report',
        `分公司考核将「${r.vendorName}」（${r.creditCode}）列为 ${r.month} 末位（得分 ${r.assessmentScore}），但本次检查没有其 ${r.month} 的月报：其是否须警示整改或有权解除协议（第二十四条(二)）无法在其月报上判定；须将其 ${r.month} 的月报一并检查`,
        `the branch's assessment ranks "${r.vendorName}" (${r.creditCode}) last in ${r.month} (score ${r.assessmentScore}), but the run has no report of it for ${r.month}: whether it is warned or may be terminated (第二十四条(二)) cannot be judged on its report; check its ${r.month} report with the run`,
        { path: standIns.get(r)!, ...r.scorePosition },
      ),
    }));
}

/** The vendor-months (vendorMonthKey) of the run's own reports, valid or not (an unreadable --history file among them is already an input error). */
function runVendorMonths(reports: readonly ReportFacts[], unchecked: readonly UncheckedReport[]): Set<string> {
  const keys = new Set(reports.map((r) => vendorMonthKey(r.creditCode, r.month)));
  for (const u of unchecked) if (u.creditCode !== undefined && u.month !== undefined) keys.add(vendorMonthKey(u.creditCode, u.month));
  return keys;
}

/** A report that states no assessment_score, of a month the branch did not assess: nothing ranks it. */
function noScoreError(report: ReportFacts): InputError {
  return inputError(
    'no-assessment-score',
    `月报没有 assessment_score，而 ${report.month} 没有分公司的考核（--assessments）：该外包合作方无法参与排名，${report.month} 的排名不完整；须在月报中填写得分，或用 --assessments 指定分公司对该月的考核`,
    `the report states no assessment_score, and ${report.month} has no branch assessment (--assessments): the vendor cannot be ranked, so the ranking of ${report.month} is incomplete; state the score in the report, or name the branch's assessment of the month with --assessments`,
    { path: '/assessment_score', ...report.scorePosition },
  );
}

/** The run's monthly batch, with every cross-document rule in force that reads monthly reports. */
export function monthlyBatchFor(ruleSet: RuleSet, part?: Part, assessments?: BranchAssessments, invalidAssessments?: readonly FileResult[]): MonthlyBatch {
  const rules = ruleSet
    .crossDocumentRules()
    .filter(({ definition }) => definition.applies_to === 'MonthlyReport')
    .map(({ definition }) => prepareCrossRule(definition));
  return new MonthlyBatch(rules, part && part.count > 1 ? part : undefined, assessments, invalidAssessments);
}

/** A valid dossier's result as what the join reads (the same object), or undefined for any other result. */
function dossierAgreement(result: FileResult): DossierAgreement | undefined {
  if (result.kind !== 'VendorDossier' || result.vendor?.creditCode === undefined || result.agreement === undefined) return undefined;
  return result as DossierAgreement;
}
