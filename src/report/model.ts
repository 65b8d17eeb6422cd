import type { AgreementFacts } from '../ranking/agreement.js';
import type { Bilingual } from '../util/i18n.js';
import type { InputError } from '../read/input-error.js';
import type { Severity } from '../rules/types.js';
import type { RuleSummary } from '../rules/rule-summary.js';
import type { RuleOutcome } from '../engine/evaluate-document.js';
import { compareText } from '../util/compare.js';

export type { Severity };
export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'notice'];

export interface Location {
  file: string;
  /** JSON Pointer into the document (absent for a finding on a table row). */
  path?: string;
  line?: number;
  column?: number;
  /** 1-based row of a table (CSV/XLSX), the header being row 1. */
  row?: number;
  /** Column name of a table. */
  field?: string;
  /**
   * The list item the finding lies in, when the pointer's first list step reaches an item with an
   * `id` or `record_id`: a list position is the vendor's to reorder, the id names the item (waivers).
   */
  item?: ListItem;
}

/** A list item by its position (`/agents/1`) and its identifier, as text (`A-0012`). */
export interface ListItem {
  path: string;
  id: string;
}

/**
 * One violation, in both languages: formatters pick the language, the model keeps both. In a run's
 * report, findings that say the same share one frozen message and consequence (src/report/compact.ts).
 */
export interface Finding {
  ruleId: string;
  article: string;
  requirement: string;
  severity: Severity;
  message: Bilingual;
  consequence: Bilingual;
  consequenceKind: string;
  citation: string;
  location: Location;
  /** The vendor (credit code) the finding concerns, when known: waivers and baselines key on it. */
  vendor?: string;
  /** The month (YYYY-MM) a call-log finding concerns: the monthly summary counts it in that vendor-month's row. */
  month?: string;
  /**
   * What a call-log finding concerns, as location.item names a document's list item: the day
   * (YYYY-MM-DD) or `agent <id>`. Its row is the vendor's to reorder; a baseline entry holds back only
   * a finding of the same day or agent.
   */
  subject?: string;
  /** Set when a waiver covers the finding: it is still reported, but does not count. */
  waived?: { reason: string; approvedBy?: string; expires?: string };
}

export type FileStatus = 'pass' | 'fail' | 'invalid';

export interface FileResult {
  file: string;
  kind?: string;
  sha256?: string;
  status: FileStatus;
  /** Why the file could not be checked (status invalid). Empty: one shared frozen list (replace it, never push). */
  errors: InputError[];
  /** Problems that did not stop the check (unknown keys below the top level). Empty: shared and frozen, as errors. */
  warnings: InputError[];
  /** What each rule in force concluded for this file (JUnit counts passes too). */
  outcomes: Record<string, RuleOutcome>;
  /** The vendor's credit code and name, when the document names them. */
  vendor?: { creditCode?: string; name?: string };
  /** The document's /month, when it names one (even when invalid: its month's ranking is then incomplete). */
  month?: string;
  /** A valid dossier's /submitted: the submission its findings' baseline entries accept (workers and --cache bring it back). */
  submitted?: string;
  /**
   * A valid dossier's cooperation mode and `agreement_signed` dates (R10-1/R10-3 against its vendor's
   * reports). In the result, which workers send back and --cache keeps, so that no cross check needs the
   * dossier itself: never in the JSON report.
   */
  agreement?: AgreementFacts;
}

export interface RuleInfo extends RuleSummary {
  sourceZh: string;
  consequence: Bilingual;
  message: Bilingual;
}

export interface Summary {
  files: number;
  errors: number;
  warnings: number;
  notices: number;
}

export interface Report {
  tool: { name: string; version: string };
  ruleset: { version: string; sha256: string };
  /** ISO time the report was made; omitted with --no-timestamp or SOURCE_DATE_EPOCH for reproducible output. */
  generatedAt?: string;
  asOf?: string;
  files: FileResult[];
  findings: Finding[];
  /** Metadata of every rule that was in force (SARIF rule descriptors, explain output). */
  rules: RuleInfo[];
  /** Rules not in force on the as-of date, reported rather than silently dropped. */
  skippedRules: Array<{ id: string; reason: Bilingual }>;
  summary: Summary;
  /** Present when monthly reports were checked: one row per vendor and month (ranking, trends). */
  batch?: BatchSummary;
  /** Present with --baseline: the baseline used and how many of this run's findings it held back. */
  baseline?: { file: string; suppressed: number };
  /** Files the run did not check and why: tmcheck's own files among the inputs, waivers files it ignored. */
  notes?: ReportNote[];
  /**
   * Files a folder walk found and did not read (not named as inputs: `notes.txt`, `scan.pdf`, a backup
   * beside its original), sorted: listed so that what was not judged is seen; they do not change the exit status.
   */
  unreadFiles?: string[];
  /** Present with --shard k/n: this report holds part k of n only (`tmcheck merge` checks that none is missing). */
  shard?: ShardRecord;
}

/**
 * Which part of which split a `--shard k/n` report holds. The keys are opaque hashes: reports of one
 * split share `inputsKey` (the inputs as named), and every report of one merge must share
 * `settingsKey` (the tool build, rules, profile, --as-of, limits, waivers, baseline).
 */
export interface ShardRecord {
  index: number;
  count: number;
  inputsKey: string;
  settingsKey: string;
  /** The valid dossiers among the part's inputs (by content hash), as a digest that adds up over parts (util/set-digest). */
  dossiersKey?: string;
  /** When the part judged monthly reports: the dossiers they were joined to (its inputs' and --history's), as one digest. */
  joinedDossiersKey?: string;
}

/** A file the run saw but did not check: a warning when the user may have expected otherwise (ignored waivers). */
export interface ReportNote {
  file: string;
  level: 'warning' | 'note';
  message: Bilingual;
}

/** One vendor in one month, as the batch summary, ranking and HTML charts see it. */
export interface VendorMonth {
  month: string;
  creditCode: string;
  vendorName: string;
  city: string;
  file: string;
  assessmentScore?: number;
  /** Vendor-caused complaints / paying users, in percent; undefined when paying users is 0. */
  complaintRatePercent?: number;
  /** 1 = best; vendors with equal scores share a rank. */
  rank?: number;
  vendorsRanked?: number;
  /** True for every vendor that holds the last place of its month (ties included). */
  lastPlace?: boolean;
  errors: number;
  warnings: number;
  notices: number;
}

export interface BatchSummary {
  /** Months present, ascending (YYYY-MM). */
  months: string[];
  /** Sorted by month, then rank, then credit code. */
  vendorMonths: VendorMonth[];
  /** Months whose ranking is incomplete (a vendor-month was left out: duplicate or invalid report): nobody is ranked there. */
  incompleteMonths?: string[];
  /** Months ranked on the branch's own assessment (--assessments), and its file; the other months are ranked on the scores the reports state. */
  assessedMonths?: Array<{ month: string; file: string }>;
}

export type FailOn = 'error' | 'warning' | 'notice' | 'never';

/** What counting and the exit status read of a finding: also the shape of a finding in a JSON report (tmcheck merge). */
type Counted = { severity?: unknown; waived?: unknown };

/** Counts only findings that are not waived: a waived finding is shown, never counted. */
export function summarize(files: readonly unknown[], findings: readonly Counted[]): Summary {
  const counted = findings.filter((f) => !f.waived);
  return {
    files: files.length,
    errors: counted.filter((f) => f.severity === 'error').length,
    warnings: counted.filter((f) => f.severity === 'warning').length,
    notices: counted.filter((f) => f.severity === 'notice').length,
  };
}

/** What the exit status reads of a report: its files' status and input warnings, its findings, its notes. */
type Judged = {
  files: ReadonlyArray<{ status?: unknown; warnings?: readonly unknown[] }>;
  findings: readonly Counted[];
  notes?: ReadonlyArray<{ level?: unknown }>;
};

/**
 * The exit status the report calls for: 2 when any input could not be checked, 1 when a counted
 * finding reaches the --fail-on severity, or --fail-on is warning or notice and the run printed an
 * input warning, 0 otherwise.
 */
export function exitCode(report: Judged, failOn: FailOn = 'error'): 0 | 1 | 2 {
  if (report.files.some((f) => f.status === 'invalid')) return 2;
  if (failOn === 'never') return 0;
  const rank = (severity: unknown) => (SEVERITIES as readonly unknown[]).indexOf(severity);
  const threshold = rank(failOn);
  // A severity that is none of the three (only a hand-edited JSON report can have one) never fails.
  const failing = report.findings.some((f) => !f.waived && rank(f.severity) !== -1 && rank(f.severity) <= threshold);
  if (failing) return 1;
  // An input warning (a key ignored, an encoding assumed, a hidden folder left unread) is shown as a
  // warning: a run asked to fail on warnings must not pass with one on screen.
  return threshold >= rank('warning') && inputWarnings(report) > 0 ? 1 : 0;
}

/** Warnings about the input rather than the regulation: files' `warnings` and warning-level notes. */
export function inputWarnings(report: Omit<Judged, 'findings'>): number {
  let count = 0;
  for (const file of report.files) count += file.warnings?.length ?? 0;
  for (const note of report.notes ?? []) if (note.level === 'warning') count += 1;
  return count;
}

/** A checked file fails when it has an error or warning that no waiver covers; notices do not fail it. */
export function statusOf(findings: Finding[]): 'pass' | 'fail' {
  return findings.some((f) => !f.waived && f.severity !== 'notice') ? 'fail' : 'pass';
}

/** Findings grouped by the file they are in, in one pass: a filter per file is quadratic on a batch. */
export function findingsByFile(findings: Finding[]): Map<string, Finding[]> {
  const byFile = new Map<string, Finding[]>();
  for (const finding of findings) {
    const list = byFile.get(finding.location.file);
    if (list) list.push(finding);
    else byFile.set(finding.location.file, [finding]);
  }
  return byFile;
}

/** Findings in a stable order: file, line, column, rule, pointer, row. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    compareText(a.location.file, b.location.file) ||
    (a.location.line ?? a.location.row ?? 0) - (b.location.line ?? b.location.row ?? 0) ||
    (a.location.column ?? 0) - (b.location.column ?? 0) ||
    compareText(a.ruleId, b.ruleId) ||
    compareText(a.location.path ?? '', b.location.path ?? '') ||
    compareText(a.message.en, b.message.en)
  );
}

