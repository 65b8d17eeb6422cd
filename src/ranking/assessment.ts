import type { Position } from '../read/parse-document.js';

/** One vendor's score in the branch's assessment of a month, and where it is written. */
export interface AssessedScore {
  creditCode: string;
  /** The name the assessment gives (for people), if any. */
  vendorName?: string;
  score: number;
  /** /scores/<i>/score, and where it is in the assessment file. */
  pointer: string;
  position: Position;
}

/**
 * The branch's own assessment of one month (kind: MonthlyAssessment, read from --assessments): every
 * vendor of the month is ranked on these scores, not on the scores the vendors' reports state.
 */
export interface MonthAssessment {
  /** The file, as reports show paths. */
  file: string;
  month: string;
  /** By credit code, as written (reports' credit codes are compared as written, src/util/credit-code.ts). */
  scores: ReadonlyMap<string, AssessedScore>;
}

/** The run's assessments: the usable ones by month, and the months whose assessment could not be used. */
export interface BranchAssessments {
  byMonth: ReadonlyMap<string, MonthAssessment>;
  /**
   * Months an assessment file names but that cannot be ranked on it (two assessments for the month, a
   * credit code listed twice, a malformed entry): their ranking is incomplete. `all` when a file that
   * could not be read names no month: every month is.
   */
  unusable: ReadonlySet<string> | 'all';
}

export const NO_ASSESSMENTS: BranchAssessments = { byMonth: new Map(), unusable: new Set() };
