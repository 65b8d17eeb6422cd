import type { CustomOperator } from './operator.js';
import { isValidDate } from '../util/dates.js';

/** Calendar-date comparisons on `YYYY-MM-DD` strings; an invalid or missing date never passes. */
function dateOperator(name: string, description: string, holds: (a: string, b: string) => boolean): CustomOperator {
  return {
    name,
    description,
    valueSchema: {},
    evaluate: (fact, value) => isValidDate(fact) && isValidDate(value) && holds(fact as string, value as string),
  };
}

export const dateOnOrAfterOperator = dateOperator('dateOnOrAfter', 'The fact is a date on or after the value date.', (a, b) => a >= b);
export const dateOnOrBeforeOperator = dateOperator('dateOnOrBefore', 'The fact is a date on or before the value date.', (a, b) => a <= b);
