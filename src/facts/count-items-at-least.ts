import type { DerivedFact } from './fact.js';
import { resolvePointer } from '../util/json-pointer.js';

interface CountParams {
  path: string;
  field: string;
  min: number;
}

/** How many items of the list at `path` have a number of at least `min` in `field` (inspections of >= 20 calls). */
export const countItemsAtLeastFact: DerivedFact<CountParams> = {
  name: 'countItemsAtLeast',
  description: 'Number of items of the list at `path` whose `field` is a number >= `min` (a missing list counts 0).',
  scope: 'document',
  paramsSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['path', 'field', 'min'],
    properties: { path: { type: 'string' }, field: { type: 'string', pattern: '^/' }, min: { type: 'number' } },
  },
  pointerParams: ['path'],
  compute({ path, field, min }, { doc }) {
    const list = resolvePointer(doc, path);
    if (!Array.isArray(list)) return 0;
    return list.filter((item) => {
      const value = resolvePointer(item, field);
      return typeof value === 'number' && value >= min;
    }).length;
  },
  locate: ({ path }) => path,
};
