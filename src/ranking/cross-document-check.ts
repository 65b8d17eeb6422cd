import type { Bilingual } from '../util/i18n.js';
import type { MonthRanking } from './ranking.js';
import type { ReportFacts } from './report-summary.js';
import type { MonthAssessment } from './assessment.js';
import type { DossierAgreement } from './agreement.js';

/** What every cross-document check may look at: summaries only, never whole documents. */
export interface BatchView {
  /**
   * Every month with a report in the batch (--history months included), ascending, each ranked;
   * an incomplete month (a vendor-month left out) ranks nobody. Before the first one nothing is known.
   */
  rankings: MonthRanking[];
  /** Every valid report summarized (duplicates and --history reports included). */
  reports: ReportFacts[];
  /**
   * The branch's assessments (--assessments), by month: a month with one is ranked on its scores, and
   * its vendors without a report in the batch take part too (their standings' files are the assessment's).
   */
  assessments: ReadonlyMap<string, MonthAssessment>;
  /** The valid dossiers of the run and of --history, by credit code (as written): their agreement dates and licence terms. */
  agreements: ReadonlyMap<string, readonly DossierAgreement[]>;
  /** The months in which each vendor (credit code) has a report, valid or left out. */
  reported: ReadonlyMap<string, ReadonlySet<string>>;
  /** Whether the run judges this report: --history reports are context, their own findings are not reported. */
  judged(report: ReportFacts): boolean;
}

/** One conclusion of a check about one report; the rule file gives it severity, consequence and message. */
export interface CrossDocumentHit {
  /** One of the check's declared outcomes. */
  outcome: string;
  report: ReportFacts;
  /** JSON Pointer into the report that the finding points at, and its position. */
  pointer: string;
  position: { line: number; column: number };
  /** Message values, per language where the value is words (a tie, a list of names). */
  values: Record<string, unknown>;
  localized?: { zh: Record<string, string>; en: Record<string, string> };
}

/**
 * A check that a rule names with `cross_document: { check: <name> }`. Registered by name in
 * src/ranking/registry.ts; its params and message placeholders are checked when rules load.
 */
export interface CrossDocumentCheck<P = Record<string, unknown>> {
  name: string;
  description: Bilingual;
  /** The document kind whose summaries it reads: a rule naming the check must apply to that kind. */
  reads: 'MonthlyReport';
  /** JSON Schema of the rule's params (defaults and profile overrides alike). */
  paramsSchema: Record<string, unknown>;
  /** Relations between params a schema cannot state; returns why they are invalid. */
  checkParams?(params: P): string | undefined;
  /** Outcome names the rule must define (each with severity, consequence and message). */
  outcomes: readonly string[];
  /** Placeholders its hits fill, besides the rule's params. */
  messageValues: readonly string[];
  evaluate(batch: BatchView, params: P): CrossDocumentHit[];
}
