import type { CustomOperator } from './operator.js';

/**
 * `isEmpty: true` holds for an empty list. When it fails on a list, every item of the list is a
 * finding of its own (each penalty, each offence), located at the item.
 */
export const isEmptyOperator: CustomOperator = {
  name: 'isEmpty',
  description: 'The fact is an empty list (value: true) or a non-empty one (value: false).',
  valueSchema: { type: 'boolean' },
  evaluate: (fact, value) => Array.isArray(fact) && (fact.length === 0) === value,
};
