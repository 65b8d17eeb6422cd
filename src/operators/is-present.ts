import type { CustomOperator } from './operator.js';

/**
 * `isPresent: true` holds when the fact carries a value: not missing, not null, and not a string of
 * only blanks (a review record id of "  " is no record). `isPresent: false` holds for the opposite.
 */
export const isPresentOperator: CustomOperator = {
  name: 'isPresent',
  description: 'The fact is present (value: true): not missing, not null, not a blank string; or absent (value: false).',
  valueSchema: { type: 'boolean' },
  evaluate: (fact, value) => hasValue(fact) === value,
};

function hasValue(fact: unknown): boolean {
  if (fact === undefined || fact === null) return false;
  return typeof fact !== 'string' || fact.trim() !== '';
}
