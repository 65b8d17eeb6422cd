import type { InputError } from '../read/input-error.js';
import type { DocumentKind } from '../kinds/kinds.js';
import type { FileResult, Finding } from './model.js';
import type { CheckedDocument } from './check-document.js';

/**
 * A batch check: one that needs several documents at once (the monthly ranking's cross-document
 * rules, call logs joined to reports, a profile's cities). It sees each valid document as it is
 * checked, keeps only a small summary, and reports once the whole batch has been seen.
 */
export interface BatchCheck {
  name: string;
  /** Kinds of document it looks at; others are never handed to it (nor sent back from workers). Absent: every kind. */
  readonly kinds?: readonly DocumentKind[];
  observe(doc: CheckedDocument): void;
  /** Sees each document file that could not be checked (what its result names: kind, vendor, month). */
  observeUnchecked?(result: FileResult): void;
  /**
   * Sees the result of each valid document of a kind it does not look at (what its result names: a
   * dossier's vendor and agreement facts). Never the document: workers and --cache do not bring it back.
   */
  observeResult?(result: FileResult): void;
  /** May be async: call logs run their aggregate rules here, once every report has been seen. */
  finish(): BatchCheckResult | Promise<BatchCheckResult>;
}

export interface BatchCheckResult {
  findings: Finding[];
  /** Input errors that belong to a file (e.g. two reports for the same vendor and month). */
  fileErrors: Array<{ file: string; error: InputError }>;
  /** Problems that did not stop a file's check (e.g. a call log whose vendor-month has no report). */
  fileWarnings?: Array<{ file: string; warning: InputError }>;
  /** Files read only as context (--history) that could not be read: listed with the run's files, as input errors. */
  extraFiles?: FileResult[];
}
