import type { DerivedFact } from './fact.js';
import { wholeYearsBetweenFact } from './whole-years-between.js';
import { creditCodeValidFact } from './credit-code-valid.js';
import { missingItemValuesFact } from './missing-item-values.js';
import { approvalDatesBackwardsFact, approvalStepDateFact, approvalStepsMissingFact, approvalStepsOutOfOrderFact } from './approval-trail.js';
import { minutesBetweenFact } from './minutes-between.js';
import { ratePercentFact } from './rate-percent.js';
import { countInPeriodAtLeastFact } from './count-in-period.js';
import { datedBeforeEarliestFact, datedOutsidePeriodFact, repeatedCallingDaysFact } from './dated-entries.js';
import { wholeMonthsToMonthEndFact } from './whole-months-to-month-end.js';
import { missingListValuesFact } from './missing-list-values.js';
import { repeatedIdsFact, repeatedRecordsFact } from './repeated-records.js';

/** The facts a rule can name besides `doc` and `item`. An explicit table: nothing is found by file name. */
export const DERIVED_FACTS: ReadonlyMap<string, DerivedFact<any>> = new Map(
  [
    wholeYearsBetweenFact,
    creditCodeValidFact,
    missingItemValuesFact,
    approvalStepsMissingFact,
    approvalStepsOutOfOrderFact,
    approvalDatesBackwardsFact,
    approvalStepDateFact,
    minutesBetweenFact,
    ratePercentFact,
    countInPeriodAtLeastFact,
    datedOutsidePeriodFact,
    repeatedCallingDaysFact,
    datedBeforeEarliestFact,
    wholeMonthsToMonthEndFact,
    missingListValuesFact,
    repeatedRecordsFact,
    repeatedIdsFact,
  ].map((fact) => [fact.name, fact as DerivedFact<any>]),
);

/** Facts every run provides: the document, and the current item under `for_each`. */
export const BASE_FACTS = ['doc', 'item'] as const;
