import type { CustomOperator } from './operator.js';
import { isEmptyOperator } from './is-empty.js';
import { dateOnOrAfterOperator, dateOnOrBeforeOperator } from './date-compare.js';
import { containsAllOperator } from './contains-all.js';
import { isPresentOperator } from './is-present.js';
import { timeAtOrAfterOperator, timeAtOrBeforeOperator } from './time-compare.js';

/** json-rules-engine's own operators that rules may use (its decorators are not: see `for_each`). */
export const ENGINE_OPERATORS = [
  'equal', 'notEqual', 'in', 'notIn', 'contains', 'doesNotContain',
  'lessThan', 'lessThanInclusive', 'greaterThan', 'greaterThanInclusive',
] as const;

export const CUSTOM_OPERATORS: ReadonlyMap<string, CustomOperator> = new Map(
  [isEmptyOperator, dateOnOrAfterOperator, dateOnOrBeforeOperator, containsAllOperator, isPresentOperator, timeAtOrAfterOperator, timeAtOrBeforeOperator].map((op) => [op.name, op]),
);

export function isKnownOperator(name: string): boolean {
  return (ENGINE_OPERATORS as readonly string[]).includes(name) || CUSTOM_OPERATORS.has(name);
}
