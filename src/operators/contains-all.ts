import type { CustomOperator } from './operator.js';

/** The fact is a list that contains every value of the condition's list. */
export const containsAllOperator: CustomOperator = {
  name: 'containsAll',
  description: 'The fact is a list containing every element of the value list.',
  valueSchema: { type: 'array' },
  evaluate: (fact, value) => Array.isArray(fact) && Array.isArray(value) && value.every((v) => fact.includes(v)),
};
