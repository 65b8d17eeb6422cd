import type { DerivedFact } from './fact.js';
import { wholeYearsBetweenFact } from './whole-years-between.js';
import { creditCodeValidFact } from './credit-code-valid.js';
import { missingItemValuesFact } from './missing-item-values.js';
import { approvalDatesBackwardsFact, approvalStepsMissingFact, approvalStepsOutOfOrderFact } from './approval-trail.js';

/** The facts a rule can name besides `doc` and `item`. An explicit table: nothing is found by file name. */
export const DERIVED_FACTS: ReadonlyMap<string, DerivedFact<any>> = new Map(
  [
    wholeYearsBetweenFact,
    creditCodeValidFact,
    missingItemValuesFact,
    approvalStepsMissingFact,
    approvalStepsOutOfOrderFact,
    approvalDatesBackwardsFact,
  ].map((fact) => [fact.name, fact as DerivedFact<any>]),
);

/** Facts every run provides: the document, and the current item under `for_each`. */
export const BASE_FACTS = ['doc', 'item'] as const;
