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

/** What each engine operator means, for docs/rule-reference.md (json-rules-engine's own semantics). */
export const ENGINE_OPERATOR_DESCRIPTIONS: Record<(typeof ENGINE_OPERATORS)[number], string> = {
  equal: 'The fact is strictly equal (===) to the value.',
  notEqual: 'The fact is not strictly equal to the value.',
  in: 'The fact is one of the values of the list `value`.',
  notIn: 'The fact is none of the values of the list `value`.',
  contains: 'The fact is a list that has the value as an item (false when the fact is not a list).',
  doesNotContain: 'The fact is a list that lacks the value (false when the fact is not a list).',
  lessThan: 'The fact is a number below the value (false when the fact is not a number).',
  lessThanInclusive: 'The fact is a number at most the value (false when the fact is not a number).',
  greaterThan: 'The fact is a number above the value (false when the fact is not a number).',
  greaterThanInclusive: 'The fact is a number at least the value (false when the fact is not a number).',
};

export const CUSTOM_OPERATORS: ReadonlyMap<string, CustomOperator> = new Map(
  [isEmptyOperator, dateOnOrAfterOperator, dateOnOrBeforeOperator, containsAllOperator, isPresentOperator, timeAtOrAfterOperator, timeAtOrBeforeOperator].map((op) => [op.name, op]),
);

export function isKnownOperator(name: string): boolean {
  return (ENGINE_OPERATORS as readonly string[]).includes(name) || CUSTOM_OPERATORS.has(name);
}
