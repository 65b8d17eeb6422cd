import type { InputError } from '../read/input-error.js';
import type { Finding } from '../report/model.js';
import type { CheckedDocument } from './check-document.js';

/**
 * A check that needs several documents at once (the monthly ranking, call logs joined to reports).
 * It sees each valid document as it is checked, keeps only a small summary, and reports at the end.
 */
export interface CrossCheck {
  name: string;
  observe(doc: CheckedDocument): void;
  finish(): CrossCheckResult;
}

export interface CrossCheckResult {
  findings: Finding[];
  /** Input errors that belong to a file (e.g. two reports for the same vendor and month). */
  fileErrors: Array<{ file: string; error: InputError }>;
}
