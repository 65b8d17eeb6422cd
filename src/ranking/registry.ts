import type { CrossDocumentCheck } from './cross-document-check.js';
import { lastPlaceStreak } from './last-place-streak.js';
import { cooperationStartAgrees } from './cooperation-start.js';
import { branchAssessment } from './branch-assessment.js';
import { callingBeforeAgreement } from './calling-before-agreement.js';
import { firstMonthContradicted } from './first-month-contradicted.js';
import { licenceInForceInMonth } from './licence-in-month.js';

/**
 * The checks a rule can name with `cross_document: { check: <name> }`. An explicit table: nothing
 * is found by file name, and an unknown name is a load-time error of the rule.
 */
export const CROSS_DOCUMENT_CHECKS = {
  lastPlaceStreak,
  cooperationStartAgrees,
  branchAssessment,
  callingBeforeAgreement,
  firstMonthContradicted,
  licenceInForceInMonth,
} satisfies Record<string, CrossDocumentCheck<any>>;

export type CrossDocumentCheckName = keyof typeof CROSS_DOCUMENT_CHECKS;

export function crossDocumentCheck(name: string): CrossDocumentCheck<any> | undefined {
  return Object.prototype.hasOwnProperty.call(CROSS_DOCUMENT_CHECKS, name) ? CROSS_DOCUMENT_CHECKS[name as CrossDocumentCheckName] : undefined;
}
